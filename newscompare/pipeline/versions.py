"""How a sentence read in an article's earlier versions.

An outlet that corrects an article keeps its place in the story: the newest text is the
one compared, and its earlier texts (news.ArticleVersion) are read here only to tell when
each value first appeared and what changed. Rules kept:
- an earlier version's sentences come from the same segment and values stages as the
  current text's, so a value reads the same in both;
- a sentence's counterpart in an earlier version is the most similar of its sentences by
  words in order, and only when at least COUNTERPART_MIN_RATIO of them line up: below
  that the earlier version did not state the fact (it was added later);
- differences are shown word by word, for a reader, never used to decide a verdict.
"""

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import segment, values

# Share of words (SequenceMatcher ratio over word lists) a sentence must share with an
# earlier version's sentence to be that sentence, edited. Set on made-up corrections
# (tests/pipeline/test_versions.py): a changed figure or an added clause keeps 0.7-0.95;
# two different sentences of one article about the same event stay under 0.4.
COUNTERPART_MIN_RATIO = 0.5

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class VersionSentence:
    text: str
    values: list = field(default_factory=list, hash=False, compare=False)


@lru_cache(maxsize=256)
def _sentences_cached(text: str, published) -> tuple[VersionSentence, ...]:
    content = [s for s in segment.segment_text(text) if not s.is_boilerplate]
    found = values.extract_article_values([s.text for s in content], published)
    return tuple(VersionSentence(s.text, v) for s, v in zip(content, found, strict=True))


def sentences_of(text: str, published=None) -> tuple[VersionSentence, ...]:
    """The text's content sentences with their values (published: a date, for relative dates)."""
    return _sentences_cached(text, published)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def counterpart(
    sentence: str, earlier: tuple[VersionSentence, ...]
) -> tuple[VersionSentence | None, float]:
    """(the earlier sentence this one is an edit of, similarity), or (None, best ratio)."""
    mine = _words(sentence)
    best, best_ratio = None, 0.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(mine)
    for candidate in earlier:
        matcher.set_seq1(_words(candidate.text))
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    if best_ratio < COUNTERPART_MIN_RATIO:
        return None, best_ratio
    return best, best_ratio


@dataclass(frozen=True)
class Change:
    text: str
    op: str  # "same", "removed" (only in the earlier text), "added" (only in the newer)


def word_diff(earlier: str, newer: str) -> list[Change]:
    """The newer sentence against the earlier one, word by word, for a reader."""
    a, b = earlier.split(), newer.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(Change(" ".join(a[i1:i2]), "same"))
            continue
        if i2 > i1:
            out.append(Change(" ".join(a[i1:i2]), "removed"))
        if j2 > j1:
            out.append(Change(" ".join(b[j1:j2]), "added"))
    return out
