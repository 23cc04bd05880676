"""Split article text into sentences with character offsets, and flag boilerplate.

Sentences come from pysbd (rule-based, handles abbreviations such as "U.S." and "Gen.",
no model download, keeps character spans). A sentence never crosses a line break: news
text puts headlines, bylines and footers on lines of their own, and keeping them apart
is what lets the boilerplate rules see them whole.
"""

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

VERSION = "segment-3"

# A period glued to the next sentence ("the border.A report ...") is a missed break.
_GLUED_BREAK = re.compile(r"(?<=[a-z]{2})[.!?](?=[A-Z][a-z])")

# Lines and sentences that are site furniture, not reporting. Patterns describe kinds of
# furniture seen across news sites, not the wording of any one story.
_BOILERPLATE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bcookies?\b.*\b(use|uses|using|accept|agree|consent|continu\w*|brows\w*|experience)\b",
        r"\b(use|uses|using|accept|agree|consent)\b.*\bcookies?\b",
        r"\b(find out|learn|read) more\b.*\bclick",
        r"\bclick(ing)? (here|this link)\b",
        r"\bnewsletter\b",
        r"\b(delivered|sent|straight|directly) (to|into) your inbox\b",
        r"\b(sign up|subscribe)\b.*\b(inbox|updates|alerts|email)\b",
        r"^before it'?s here, it'?s on the\b",
        r"^(learn more|read more|see also|related|advertisement|sponsored|share this|follow us)\b",
        r"^(read more|read also|see also|related|most read|most popular|top stories|"
        r"trending|more from|also read|"
        r"watch|listen|lea también|lire aussi|mehr zum thema)\s*:",
        r"^\(?(additional )?(reporting|writing|editing|compiled|translated) by\b",  # wire credits
        r"\b(reader|subscriber)-(supported|funded)\b|\bsubscribe (now|today|for)\b"
        r"|\bsubscribers only\b",
        r"^(sign up|subscribe|register)\b.{0,60}$",
        r"^share (this|on)\b|\b(share on (facebook|x|twitter))\b",
        r"^.{0,60}\s/\s\w+ desk$",
        r"^(last )?(updated?|güncelleme tarihi|aktualisiert|mis à jour|actualizado|"
        r"aggiornato)\b.{0,40}\d",
        r"^(published|posted|yayınlanma tarihi)\s*:?.{0,40}\d{4}",
        r"\bnews desk\b",
        r"^©|\ball rights reserved\b|\bcopyright\b",
    )
]
# These need case to tell a credit or byline from prose.
_CASED_BOILERPLATE = [
    re.compile(p)
    for p in (
        r"^\(?[A-Z]{2,}(\s*/\s*[A-Z]{2,})*\)?\.?$",  # wire credit: "(AP/DPA)"
        r"^By [A-Z][\w.'-]+( [A-Z][\w.'-]+){0,3}(\s*(\||in|,)\s*.*)?$",  # byline
    )
]


@dataclass(frozen=True)
class Segment:
    position: int
    start: int
    end: int
    text: str
    is_boilerplate: bool


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def is_boilerplate(sentence: str, line: str) -> bool:
    """Site furniture: cookie banners, promos, bylines, update footers, bare headings."""
    return _is_furniture_line(line) or _is_furniture_sentence(sentence)


def _is_furniture_sentence(sentence: str) -> bool:
    s = sentence.strip()
    return any(p.search(s) for p in _BOILERPLATE) or any(p.search(s) for p in _CASED_BOILERPLATE)


def _is_furniture_line(line: str) -> bool:
    """A short line with a "|" is a masthead or label; under four words, a bare heading.
    (Asked once per line: counting words costs up to the line's length.)"""
    words = sum(1 for _ in itertools.islice(_WORD.finditer(line), 9))
    return (words <= 8 and "|" in line) or words < 4


def looks_like_headline(sentence: str) -> bool:
    """A title line: no closing full stop (headlines drop it)."""
    return not re.search(r"[.!?][\"'”’)]*$", sentence.strip())


# A line pysbd would return whole: no full stop, ?, ! or ellipsis anywhere but one at the
# very end, after a letter, digit or bracket, and no quotation marks (pysbd rewrites the
# ends of quoted sentences, doubled full stops and abbreviations; those lines still go to it).
# Most news lines are like this (headlines, one-sentence paragraphs), and pysbd costs
# ~0.5 ms a call plus ~5 us a character.
_ONE_SENTENCE = re.compile(
    r"[^.!?\u2026\"'\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb`]*[\w)\]][.!?]?"
)


# Bounded cost on any input. pysbd's time grows with the square of the line it is given
# (measured here: a 16,000-character line of abbreviations takes 3.5 s, 3.3 times an
# 8,000-character one) and value extraction's with the length of the sentence (16 us a
# character at 250 characters, 41 at 2,000). So a long line reaches pysbd in windows of
# at most SPLITTER_WINDOW characters, cut after the last likely sentence end in the window
# (else at a space), and no sentence is longer than MAX_SENTENCE_CHARS: a longer run is
# cut at its last space before the limit. The longest sentence in ../shared/corpus has
# 403 characters (1,381 sentences), so real sentences are never cut. benchmarks/run.py
# bounded_cost measures the result.
SPLITTER_WINDOW = 2000
MAX_SENTENCE_CHARS = 1000
_LIKELY_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019)\]]*\s+")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def _pieces(text: str, start: int, end: int, limit: int, cuts, keep_gap: bool):
    """(start, end) pieces of text[start:end], none longer than `limit`: each cut at the
    last match of the first pattern in `cuts` that matches inside the limit, else at the
    limit. With keep_gap the matched text ends the piece before it (the pieces cover the
    range); without, it belongs to neither."""
    while end - start > limit:
        gap = None
        for pattern in cuts:
            for m in pattern.finditer(text, start + 1, start + limit):
                gap = m
            if gap is not None:
                break
        if gap is None:
            yield start, start + limit
            start += limit
            continue
        yield start, gap.end() if keep_gap else gap.start()
        start = gap.end()
    if end > start:
        yield start, end


def _split_line(line: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences in one line."""
    return list(_line_spans(line))


@lru_cache(maxsize=65536)  # wire copies and re-indexes repeat lines verbatim
def _line_spans(line: str) -> tuple[tuple[int, int], ...]:
    windows = _pieces(line, 0, len(line), SPLITTER_WINDOW, (_LIKELY_SENTENCE_END, _SPACE), True)
    spans = []
    for w_start, w_end in windows:
        for start, end in _window_spans(line[w_start:w_end]):
            spans += _pieces(
                line, w_start + start, w_start + end, MAX_SENTENCE_CHARS, (_SPACE,), False
            )
    return tuple(spans)


def _window_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences in a piece of a line."""
    stripped = line.strip()
    if _ONE_SENTENCE.fullmatch(stripped):
        start = line.find(stripped)
        pieces = [(start, start + len(stripped))]
    else:
        pieces, cursor = [], 0
        for piece in _segmenter().segment(line):
            start = line.find(piece.strip(), cursor) if piece.strip() else -1
            if start < 0:
                continue
            cursor = start + len(piece.strip())
            pieces.append((start, cursor))
    spans = []
    for start, end in pieces:
        # pysbd misses a break with no space after the period; split those too.
        sub_start = start
        for m in _GLUED_BREAK.finditer(line, start, end):
            spans.append((sub_start, m.end()))
            sub_start = m.end()
        spans.append((sub_start, end))
    return spans


def segment_text(text: str) -> list[Segment]:
    """All sentences of `text`, in order, with offsets into `text` and a boilerplate flag."""
    out = []
    for line_match in re.finditer(r"[^\n]+", text):
        line = line_match.group()
        if not line.strip():
            continue
        base = line_match.start()
        line_is_furniture = _is_furniture_line(line)
        for start, end in _split_line(line):
            sentence = line[start:end]
            furniture = line_is_furniture or _is_furniture_sentence(sentence)
            out.append(Segment(len(out), base + start, base + end, sentence, furniture))
    return out
