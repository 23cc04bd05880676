"""Split article text into sentences with character offsets, and flag boilerplate.

Sentences come from pysbd (rule-based, handles abbreviations such as "U.S." and "Gen.",
no model download, keeps character spans). A sentence never crosses a line break: news
text puts headlines, bylines and footers on lines of their own, and keeping them apart
is what lets the boilerplate rules see them whole.

Boilerplate is decided in furniture.py: by the shape of the line first (fields, timestamps,
link labels, loose fragments, lines in another language, appeals to the reader), then by its
phrase lists, the last resort for banners, credits and bylines whose shape is a sentence's.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from . import furniture
from .furniture import is_boilerplate  # noqa: F401  (the sentence-level rules, for callers)

# 5: a bare attribution line is furniture; 6: lines an outlet repeats; 7: the site's own voice;
# 8: an offer of a price per period
VERSION = "segment-8"

# A period glued to the next sentence ("the border.A report ...") is a missed break.
_GLUED_BREAK = re.compile(r"(?<=[a-z]{2})[.!?](?=[A-Z][a-z])")


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
    from pysbd.utils import TextSpan

    class Segmenter(pysbd.Segmenter):
        """pysbd's segmenter, finding each sentence in the text by str.find: pysbd compiles
        every sentence into a regex of its own to find it, which costs a compile per sentence
        and flushes re's cache of 512 patterns (pysbd's rules and ours, compiled again and
        again). Same spans: the first occurrence, with the whitespace after it, that ends past
        the sentence before, searching on from each rejected occurrence's end."""

        def sentences_with_char_spans(self, sentences):
            if not all(sentences):  # (an empty pattern matches anywhere: pysbd's own way)
                return super().sentences_with_char_spans(sentences)
            text, spans, prior_end = self.original_text, [], 0
            for sent in sentences:
                found = text.find(sent)
                while found >= 0:
                    end = found + len(sent)
                    while end < len(text) and text[end].isspace():
                        end += 1
                    if end > prior_end:
                        spans.append(TextSpan(text[found:end], found, end))
                        prior_end = end
                        break
                    found = text.find(sent, end)
            return spans

    return Segmenter(language="en", clean=False)


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


# "Label: Sentence." on one line: a caption, a dateline or a lead-in label before a sentence. The
# label becomes a piece of its own, so that the rules judge it apart from the sentence.
_LEAD_LABEL = re.compile(
    rf"^\s*([^\s:\"\u201c\u201d\u201e\u00ab]+(?:\s+[^\s:\"\u201c\u201d\u201e\u00ab]+)"
    rf"{{0,{furniture.FRAGMENT_MAX_WORDS - 1}}})\s*:\s+(?=[A-Z\u00c0-\u00de])"
)


def _label_and_sentences(line: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_label) of the sentences of one line, a lead label first."""
    match = _LEAD_LABEL.match(line)
    rest = line[match.end() :] if match else ""
    if not match or not furniture.has_closing_stop(rest) or re.search(r"\d", match.group(1)):
        return [(start, end, False) for start, end in _split_line(line)]
    offset = match.end()
    label = [(match.start(1), match.end(1), True)]
    return label + [(offset + a, offset + b, False) for a, b in _split_line(rest)]


def segment_text(text: str, outlet: str = "", language: str | None = None) -> list[Segment]:
    """All sentences of `text`, in order, with offsets into `text` and a boilerplate flag.
    `outlet` (the article's outlet name) and `language` (its ISO code; detected when None) help
    tell furniture from reporting."""
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    page = furniture.read_page([line for _, line in lines], outlet=outlet, language=language)
    out = []
    for index, (base, line) in enumerate(lines):
        line_is_furniture = index in page.furniture or furniture.is_furniture_line(line)
        in_body = index >= page.body_start
        for start, end, is_label in _label_and_sentences(line):
            sentence = line[start:end]
            flagged = (
                line_is_furniture
                or furniture.is_furniture_sentence(sentence)
                or (index != page.title and furniture.is_outlet_credit(sentence, page.outlet))
                or (
                    index != page.title
                    and furniture.is_site_voice(sentence, furniture.opens_quote(line[:start]))
                )
                or _is_loose(sentence, line, is_label, in_body)
            )
            out.append(Segment(len(out), base + start, base + end, sentence, flagged))
    return out


def _is_loose(sentence: str, line: str, is_label: bool, in_body: bool) -> bool:
    """A fragment with no closing stop: a label split off a sentence or a whole short line once
    the report has begun (a promo, a caption), or a piece under four words (a credit)."""
    if furniture.has_closing_stop(sentence):
        return False
    if len(sentence.split()) < 4 and sentence.strip() != line.strip():
        return True
    whole = is_label or sentence.strip() == line.strip()
    return whole and in_body and furniture.is_loose_fragment(sentence)
