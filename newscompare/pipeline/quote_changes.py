"""Key words changed between two renderings of one quote (issue 12, class 4).

Two outlets quoting one remark may word it differently (a translation, a paraphrase, a
dropped clause): that is agreement. A quote given in the same words as the other except for
a few (MAX_CHANGED_WORDS in all), where a negation appears or goes, or where one name stands
for another, says something else: that is a divergence to show. Reported speech
("he said the port would not reopen") is a paraphrase; the caller weighs only quotes in
quote marks. (A changed figure inside a quote is found by
comparing the quote's figures as figures, so that "48 hours" and "two days" still agree.)

The two word sequences are lined up with difflib. Words only one side has at either end
are a longer or shorter excerpt of the remark ("Nothing less than the future ..." / "The
future ..."), not a change.
"""

import difflib
import re

from rapidfuzz import fuzz

VERSION = "quote-changes-1"

MAX_CHANGED_WORDS = 3  # more changed words in all is a paraphrase, not a changed key word
SAME_NAME = 70  # rapidfuzz ratio of two spellings of one name ("Aleksandr" / "Alexandr": 88)
NEGATIONS = frozenset("not no never none nobody nothing neither nor cannot without nowhere".split())
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


_CONTRACTED = re.compile(
    r"(?:is|are|was|were|do|does|did|has|have|had|ca|wo|could|would|should|must|need)n['’]?t",
    re.IGNORECASE,
)


def _words(text: str) -> list[str]:
    # "U.S." and "US", "Sept." and "Sept" are one word.
    return _WORD.findall((text or "").replace(".", ""))


def _negations(words: list[str]) -> int:
    return sum(1 for w in words if w.lower() in NEGATIONS or _CONTRACTED.fullmatch(w))


def _names(words: list[str], first: int) -> list[str]:
    """Capitalised words that are no opening word of the quote and no 'I': names."""
    return [
        re.sub(r"['’]s$", "", w.lower())
        for i, w in enumerate(words, start=first)
        if w[:1].isupper() and i > 0 and w not in ("I", "I'm", "I’m")
    ]


def _one_name(x: str, y: str) -> bool:
    """Two spellings of one name, or a name and its short form ("Sept" / "September")."""
    return fuzz.ratio(x, y) >= SAME_NAME or x.startswith(y) or y.startswith(x)


def _other_names(xs: list[str], ys: list[str]) -> bool:
    """Both stretches name someone, and no name of one is a spelling of a name of the other."""
    return bool(xs and ys) and not any(_one_name(x, y) for x in xs for y in ys)


def key_word_changes(a: str, b: str) -> list[tuple[str, str]]:
    """The short changed stretches (a's words, b's words) that negate one quote and not the
    other, or put another name in a name's place; [] when the quotes say the same, or are
    not given in the same words (a paraphrase may reword)."""
    wa, wb = _words(a), _words(b)
    matcher = difflib.SequenceMatcher(
        a=[w.lower() for w in wa], b=[w.lower() for w in wb], autojunk=False
    )
    stretches = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        at_edge = i1 == 0 or j1 == 0 or i2 == len(wa) or j2 == len(wb)
        if op != "equal" and not (op in ("insert", "delete") and at_edge):
            stretches.append((wa[i1:i2], wb[j1:j2], i1, j1))
    if sum(max(len(xa), len(xb)) for xa, xb, _, _ in stretches) > MAX_CHANGED_WORDS:
        return []
    return [
        (" ".join(xa), " ".join(xb))
        for xa, xb, i1, j1 in stretches
        if _negations(xa) != _negations(xb) or _other_names(_names(xa, i1), _names(xb, j1))
    ]
