"""Quotes and their speakers: words in quote marks with the speaker named after them
('..., X said') or before them ('X told local radio: ...'), and reported speech without
quote marks ('X said that ...', 'quoted X as saying ...'). A speaker is a name without its
titles; a pronoun stays a pronoun here, and `extract_article_values` resolves it from the
sentence before."""

import re

from .dates import MONTH_AND_DAY_NAMES
from .entities import NOT_ENTITIES
from .shape import Value

_QUOTE = re.compile(r"[\"“«`]([^\"“”«»`]{12,}?)[\"”»`]|‘([^‘’]{12,}?)’(?!\w)")
_SPEECH_VERB = (
    r"(?:said|says|told|tells|added|adds|stated|declared|wrote|announced|pledged|promised|warned|insisted|"
    r"argued|noted|explained|claimed|stressed|urged|vowed|admitted|denied|cautioned)"
)
_NAME = r"(?:[A-Z][\w'’.-]+\s+){0,3}[A-Z][\w'’-]+"
PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_SPEAKER_AFTER = re.compile(
    rf"^[,.]?[\"”»`’]?\s*(?:,\s*)?(?P<who>{_NAME}|he|she|they)\s+{_SPEECH_VERB}\b"
    rf"|^[,.]?[\"”»`’]?\s*(?:,\s*)?(?:said|says|added|according\s+to)\s+(?:(?:the|a|an)\s+[a-z]+\s+)?(?P<who2>{_NAME})"
)
# "X said (the talks showed) that", "X told local radio:" anywhere before the quote.
_SPEAKER_BEFORE = re.compile(
    rf"(?P<who>{_NAME}|\b[Hh]e|\b[Ss]he|\b[Tt]hey)(?:,[^,]{{1,80}})?,?\s+{_SPEECH_VERB}\b"
)
# Reported speech without quote marks: "X said (on Friday) that ...", "X pledged that ...".
_REPORTED = re.compile(
    rf"(?P<who>{_NAME}|\b[Hh]e|\b[Ss]he)(?:,[^,]{{1,80}})?,?\s+(?:{_SPEECH_VERB}\s+"
    r"(?:\w+\s+){0,3}?that|said|says)\s+(?P<what>.{12,})$"
)
_QUOTED_AS_SAYING = re.compile(
    r"\bquot\w+\s+(?P<who>.{3,60}?)\s+as\s+saying\s+(?:that\s+)?(?P<what>.{12,})$"
)
_TITLE_WORDS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "general",
    "col",
    "colonel",
    "lt",
    "maj",
    "major",
    "capt",
    "captain",
    "president",
    "minister",
    "governor",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "prime",
    "interior",
    "defence",
    "defense",
    "foreign",
    "deputy",
    "chief",
    "head",
    "senator",
    "sen",
    "rep",
    "prof",
    "professor",
    "judge",
    "mayor",
    "king",
    "queen",
    "prince",
    "sir",
    "lord",
    "pope",
}


def speaker_name(raw: str) -> str:
    """'Interior Minister Ruslan Vazhdayev' -> 'Ruslan Vazhdayev'; pronouns stay as they are."""
    words = [w for w in raw.replace("’", "'").split() if w]
    while len(words) > 1 and words[0].lower().strip(".'s") in _TITLE_WORDS | NOT_ENTITIES:
        words = words[1:]
    return " ".join(words).rstrip("'s").rstrip(",")


def _speaker_before(prefix: str) -> str:
    # ("an arrest warrant released Tuesday, Dotson admitted": Tuesday speaks no words.)
    found = [
        m
        for m in _SPEAKER_BEFORE.finditer(prefix)
        if m.group("who").split()[-1].lower() not in MONTH_AND_DAY_NAMES
    ]
    return speaker_name(found[-1].group("who")) if found else ""


def extract_quotes(sentence: str) -> list[Value]:
    out = []
    for m in _QUOTE.finditer(sentence):
        words = (m.group(1) or m.group(2)).strip()
        if len(words.split()) < 3:
            continue
        after = _SPEAKER_AFTER.search(sentence[m.end() : m.end() + 80])
        speaker = (
            after and speaker_name(after.group("who") or after.group("who2"))
        ) or _speaker_before(sentence[max(0, m.start() - 200) : m.start()])
        out.append(
            {
                "type": "quote",
                "text": words,
                "normalized": " ".join(re.findall(r"\w+", words.lower())),
                "speaker": speaker,
                "start": m.start(),
                "end": m.end(),
            }
        )
    if not out:
        m = _QUOTED_AS_SAYING.search(sentence)
        if m:
            what = m.group("what").rstrip(" .")
            names = re.findall(r"[A-Z][\w'’-]+", m.group("who"))
            out.append(
                {
                    "type": "quote",
                    "text": what,
                    "normalized": " ".join(re.findall(r"\w+", what.lower())),
                    "speaker": names[-1] if names else m.group("who"),
                    "reported": True,
                    "start": m.start("what"),
                    "end": m.end("what"),
                }
            )
    if not out:
        m = _REPORTED.search(sentence)
        if m and m.group("who").split()[0].lower() not in NOT_ENTITIES - PRONOUNS:
            what = m.group("what").rstrip(" .")
            out.append(
                {
                    "type": "quote",
                    "text": what,
                    "normalized": " ".join(re.findall(r"\w+", what.lower())),
                    "speaker": speaker_name(m.group("who")),
                    "reported": True,
                    "start": m.start("what"),
                    "end": m.end("what"),
                }
            )
    return out


def last_person(values: list[Value], sentence: str) -> str:
    """The likeliest person a following 'he said' points back to: the last name in the
    sentence that is not a place after a preposition."""
    for v in reversed([v for v in values if v["type"] == "entity"]):
        before = sentence[max(0, v["start"] - 6) : v["start"]].lower()
        if re.search(r"\b(in|at|from|to|near|of|into|for)\s+$", before):
            continue
        return speaker_name(v["text"])
    return ""
