"""Quotes and their speakers: words in quote marks with the speaker named after them
('..., X said', '..., chief executive X told reporters', '..., the governor, X, said',
'..., according to X') or before them ('X told local radio: ...', 'X has promised that
...'), and reported speech without quote marks ('X said that ...', 'quoted X as saying
...'). A description or title in lower case before the name says what the speaker is, the
name who. A speaker is the whole name with its title, in any script; a pronoun stays a
pronoun here, and `extract_article_values` resolves it from the sentence before."""

import re

from .dates import MONTH_AND_DAY_NAMES
from .entities import NOT_ENTITIES
from .letters import UPPER
from .shape import Value

_QUOTE = re.compile(r"[\"“«`]([^\"“”«»`]{12,}?)[\"”»`]|‘([^‘’]{12,}?)’(?!\w)")
_SPEECH_VERB = (
    r"(?:said|says|told|tells|added|adds|stated|declared|wrote|announced|pledged|promised|warned|insisted|"
    r"argued|noted|explained|claimed|stressed|urged|vowed|admitted|denied|cautioned)"
)
# A name in any script, with its title: up to five capitalised words, 'of' allowed between
# them ("Secretary of State Jane Holloway", "Foreign Minister Ayşegül Çelikoğlu").
_NAME = rf"(?:{UPPER}[\w'’.-]+\s+(?:of\s+)?){{0,4}}{UPPER}[\w'’-]+"
PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_AUXILIARY = r"(?:(?:has|have|had|will|would)\s+)?"
# Lower-case words of a title or a description before a name ("chief executive", "the
# regional governor,"): they describe the speaker, the name says who it is.
_DESCRIBED = r"(?:(?:the|a|an)\s+)?(?:[a-z][\w'’-]*\s+){0,3}?(?:[a-z][\w'’-]*,\s+)?"
_AFTER_QUOTE = r"^[,.]?[\"”»`’]?\s*(?:,\s*)?"
# After the quote: '..., chief executive X told reporters', '..., the governor, X, said',
# '..., he said', '..., said X', '..., according to X'.
_SPEAKER_AFTER = re.compile(
    rf"{_AFTER_QUOTE}{_DESCRIBED}(?P<who>{_NAME}|he|she|they),?\s+{_AUXILIARY}{_SPEECH_VERB}\b"
    rf"|{_AFTER_QUOTE}(?:said|says|added|according\s+to)\s+{_DESCRIBED}(?P<who2>{_NAME})"
)
# "X said (the talks showed) that", "X told local radio:", "X has promised that", "according
# to X," anywhere before the quote.
_SPEAKER_BEFORE = re.compile(
    rf"(?P<who>{_NAME}|\b[Hh]e|\b[Ss]he|\b[Tt]hey)(?:,[^,]{{1,80}})?,?\s+{_AUXILIARY}"
    rf"{_SPEECH_VERB}\b|\b[Aa]ccording\s+to\s+{_DESCRIBED}(?P<who2>{_NAME})"
)
# Reported speech without quote marks: "X said (on Friday) that ...", "X pledged that ...",
# and without "that": "X said the talks ...", "X insisted it would ...", "X told reporters the
# road would ..." (a clause with a finite verb follows the speech verb; "X warned the council"
# has none), "X called it the worst day ..." (a remark summed up).
_CLAUSE_FOLLOWS = (
    r"(?=(?:it|he|she|they|we|there|the|this|its|his|her|their|no)\b[^,.;:]{0,80}?\b"
    r"(?:would|will|was|were|is|are|had|has|have|could|can|should|must|might|may)\b)"
)
_REPORTED = re.compile(
    rf"(?P<who>{_NAME}|\b[Hh]e|\b[Ss]he)(?:,[^,]{{1,80}})?,?\s+(?:{_SPEECH_VERB}\s+"
    r"(?:\w+\s+){0,3}?that|said|says)\s+(?P<what>.{12,})$"
)
# Without "that" the speaker stands right before the verb: an aside between them ("X, who
# argued he was ...", "with People, Reid claimed ...") is too loose a frame to read.
_REPORTED_BARE = re.compile(
    rf"(?P<who>{_NAME}|\b[Hh]e|\b[Ss]he)\s+{_AUXILIARY}(?:called\s+it\s+|{_SPEECH_VERB}\s+"
    rf"(?:(?:reporters|journalists)\s+)?{_CLAUSE_FOLLOWS})(?P<what>.{{12,}})$"
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
    """The whole name with its title, as written: 'But Interior Minister Ruslan Vazhdayev's'
    -> 'Interior Minister Ruslan Vazhdayev'; 'Davis' stays 'Davis'; pronouns stay as they
    are. (Speakers are compared by their last word, so a title changes no verdict.)"""
    words = [w for w in raw.split() if w]
    while len(words) > 1 and words[0].lower().strip(".") in NOT_ENTITIES - _TITLE_WORDS:
        words = words[1:]
    return re.sub(r"['’]s$", "", " ".join(words).rstrip(","))


def _speaker_before(prefix: str) -> str:
    # ("an arrest warrant released Tuesday, Dotson admitted": Tuesday speaks no words.)
    found = [
        who
        for who in (m.group("who") or m.group("who2") for m in _SPEAKER_BEFORE.finditer(prefix))
        if who.split()[-1].lower() not in MONTH_AND_DAY_NAMES
    ]
    return speaker_name(found[-1]) if found else ""


def extract_quotes(sentence: str) -> list[Value]:
    """The quotes of a sentence, tried in order until one kind finds any: words in quotation
    marks with their speaker, then "quoted X as saying ...", then reported speech ("X said
    that ...")."""
    return _quoted_words(sentence) or _quoted_as_saying(sentence) or _reported_speech(sentence)


def _quote(words: str, speaker: str, start: int, end: int, reported: bool = False) -> Value:
    """One quote value; `reported` marks words given without quotation marks."""
    value = {
        "type": "quote",
        "text": words,
        "normalized": " ".join(re.findall(r"\w+", words.lower())),
        "speaker": speaker,
    }
    if reported:
        value["reported"] = True
    value["start"] = start
    value["end"] = end
    return value


def _quoted_words(sentence: str) -> list[Value]:
    """Words in quotation marks, three or more, each with the speaker named after it ("...,"
    said X) or else before it."""
    out = []
    for m in _QUOTE.finditer(sentence):
        words = (m.group(1) or m.group(2)).strip()
        if len(words.split()) < 3:
            continue
        after = _SPEAKER_AFTER.search(sentence[m.end() : m.end() + 80])
        speaker = (
            after and speaker_name(after.group("who") or after.group("who2"))
        ) or _speaker_before(sentence[max(0, m.start() - 200) : m.start()])
        out.append(_quote(words, speaker, m.start(), m.end()))
    return out


def _quoted_as_saying(sentence: str) -> list[Value]:
    """ "(The paper) quoted X as saying ...": a reported quote whose speaker is the last
    capitalised name of X (X itself when it has none). In the passive, "X was quoted by
    (the paper) as saying ...", the speaker is the subject X, not the paper."""
    m = _QUOTED_AS_SAYING.search(sentence)
    if not m:
        return []
    what = m.group("what").rstrip(" .")
    if m.group("who").startswith("by "):
        speaker = _passive_subject(sentence[: m.start()])
    else:
        names = re.findall(_NAME_WORD, m.group("who"))
        speaker = names[-1] if names else m.group("who")
    return [_quote(what, speaker, m.start("what"), m.end("what"), reported=True)]


_NAME_WORD = rf"{UPPER}[\w'’-]+"
_NAME_RUN = re.compile(rf"{_NAME_WORD}(?:\s+{_NAME_WORD})*")


def _passive_subject(prefix: str) -> str:
    """The name a passive sentence opens with ("Anna Berg, the mayor of Ostrava, was ..."),
    or the name after an owner's ("Ostrava's mayor, Anna Berg, was ..."); '' without one."""
    runs = [r.group() for r in _NAME_RUN.finditer(prefix)]
    while runs and re.search(r"['’]s$", runs[0]):
        runs = runs[1:]
    return speaker_name(runs[0]) if runs else ""


def _reported_speech(sentence: str) -> list[Value]:
    """ "X said (that) ...", "X insisted it would ...": a reported quote, unless X is a word
    that names no one."""
    m = _REPORTED.search(sentence) or _REPORTED_BARE.search(sentence)
    if not m or m.group("who").split()[0].lower() in NOT_ENTITIES - PRONOUNS:
        return []
    speaker = speaker_name(_holder_of_place(sentence[: m.start("who")]) or m.group("who"))
    what = m.group("what").rstrip(" .")
    return [_quote(what, speaker, m.start("what"), m.end("what"), reported=True)]


_PLACE_OF_NAME = re.compile(rf"(?P<who>{_NAME})\s+(?:in|at|near|from)\s+$")


def _holder_of_place(prefix: str) -> str:
    """The name a place is told of, when the would-be speaker follows 'in', 'at', 'near'
    or 'from' ("the Seismic Survey in Tarnow, Poland, said ...": the survey speaks)."""
    m = _PLACE_OF_NAME.search(prefix)
    return m.group("who") if m else ""


_PLACE_WORD_BEFORE = re.compile(r"\b(in|at|from|to|near|of|into|for)\s+$")
_NAME_AT_END = re.compile(rf"(?:{_NAME})$")


def last_person(values: list[Value], sentence: str) -> str:
    """The likeliest person a following 'he said' points back to: the last name in the
    sentence that is not a place after a preposition."""
    for v in reversed([v for v in values if v["type"] == "entity"]):
        before = sentence[max(0, v["start"] - 6) : v["start"]].lower()
        if _PLACE_WORD_BEFORE.search(before):
            continue
        # the name with the title written before it ("Interior Minister Ivan Dolgov")
        titled = _NAME_AT_END.search(sentence, 0, v["end"])
        return speaker_name(titled.group() if titled else v["text"])
    return ""
