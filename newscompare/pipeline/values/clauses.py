"""The clauses of a sentence, and the fact each value in it belongs to (the last values pass).

A value belongs to a fact: in "Contacts were stopped in March 2014" the date dates the
stopping; in "..., an official told reporters on Monday" the Monday dates the telling, not
the news. `bind` gives every typed value of a sentence:

- `clause`: the index of its clause in `clauses(sentence)`, and `clause_kind`;
- `predicate`: the verb (or event noun) it is bound to, the nearest before it in its clause
  (else the first after it), lowercased; "" when the clause shows none;
- `actor`: the names at the head of its clause, before its first verb (its subject; for a
  relative clause, the name it follows); [] when the clause names none ("The ministry");
- `counts`: for a count or a share, the noun after "of" that says what it is a part of, and
  the noun owning it ("17 percent of the slots" -> ["slot"], "26 percent of the market's
  revenue" -> ["revenue", "market"]); [] if no "of" follows;
- `increment`: true for a count of more of something told before ("two more victims",
  "another five", "a further 20,000", "nine other measures"; counted.added_to_earlier);
  `cut`: true for the size of a ranking's cut ("the bottom five states"); `share`: true for a figure
  told as a share of a whole ("the country's share of the bailout, $28 billion"); `where`:
  true for a count of places where something else happened ("homes in five villages were
  damaged", not "the flood swept away five villages"); `part`: true
  for a figure in an aside that breaks down the count before it ("Five people - two with
  burns, three with cuts - were treated": two and three are parts of the five);
- `present`: true for a figure of a count, share or sum told in the present or the future
  ("Quellan plans to cut 1,900 jobs", "will shed 2,600", "is home to 40,000"): a verb group
  before it in its clause shows a present or future form and no past one; such a figure is
  the news as of the day of writing (same_fact.fact_time), not a past event's;
- `act`: for a count of people (concept "people", nothing said of what befell them), the
  verb they are the subject of ("20,000 people took to the streets") or else the clause's
  verb before them ("rescued another five people");
- `event`: for a date or a length, the nouns its clause's fact is about: [the head of its
  subject, the head of its verb's object], '' for one not told ("The sixth aftershock shook
  the island on Monday" -> ["aftershock", "island"]; "NATO broke off military contacts in
  April" -> ["", "contact"]); a length joined to the noun it measures has that noun ("followed
  a 2 week trial" -> ["trial", ""]); for a relative clause the noun it follows is the subject; a
  participle clause or one with no verb or subject of its own has its main clause's; []
  when nothing says ("it broke out on Monday").
A date in an attribution clause (", an official told reporters on Monday.", or a dateline
"HARBOURTON, Nov 3 (Wire) - ") is marked `reporting`: it says when something was said or
filed, not when the fact happened.

Whether two values so bound are about different facts is `same_fact.bound_apart`.

How clauses are found. There is no trustworthy packaged English parser (only unofficial
mirrors of spaCy's models are on PyPI, and parsing costs about as much as embedding, which
alone would break the stage budget; see requirements.txt), so clause structure is read from
punctuation and function words:
- attribution: a speech verb's frame set off by a comma at the end of the sentence
  (", a spokesman said on Friday.") or standing at its start ("Police said on Friday that"),
  and "according to ...";
- relative: a non-restrictive relative clause (", which were cut off over Ukraine,");
- coordinated: ", and" / ", but" followed by a clause of its own;
- participle: ", killing 240,000 people";
- subordinate: "after", "before", "when", "while", "because", "although", "until" ... up
  to the next comma;
- main: the rest.
What this cannot see (a parser could): restrictive relative clauses without commas ("the
talks that began in May"), clauses joined without punctuation ("talks began in May and
ended in June"), a subject far from its verb, the agent of a passive ("were freed by the
rebels"), and verbs it does not recognise as verbs (a bare present tense such as "hosts").
"""

import re
from dataclasses import dataclass
from itertools import pairwise

from .counted import (
    added_to_earlier,
    in_breakdown,
    noun_of_length,
    places_where,
    ranking_cut,
    share_of_whole,
)
from .numerals import SCALES, TENS, UNITS

_SPEECH = (
    r"said|says|say|told|tells|added|adds|stated|announced|reported|reports|confirmed|"
    r"declared|wrote|explained|noted|insisted|claimed|stressed|warned"
)
# A clause runs to the next comma that is no thousands separator ("killing 240,000 people").
_TO_COMMA = r"(?:[^,;:]|,(?=\d))+"
# ", a Defence Ministry spokesman told reporters on Monday." / ", Sinha said." at the end.
_TAIL_ATTRIBUTION = re.compile(
    rf",\s+((?:[^,;:]{{0,80}}?\s)?(?:{_SPEECH})\b(?:[^,;:\d]{{0,60}}?))\s*[.!?\"'”’]*\s*$",
    re.IGNORECASE,
)
# What may follow the speech verb in a tail attribution: who was told, when and where, but no
# clause of its own ("said it would send 200 troops" reports a fact).
_TAIL_REST = re.compile(
    r"^(?:\s*(?:on|in|at|late|early|to|a|an|the|last|this|news|conference|statement|reporters|"
    r"journalists|briefing|interview|night|morning|afternoon|evening|week|month|year|today|"
    r"yesterday|television|radio|agency|[A-Z][\w.'’-]*)\b)*\s*$"
)
# "Police said on Friday that ..." / "A publicist says ...": the frame before the content.
_HEAD_ATTRIBUTION = re.compile(
    rf"^((?:[^,;:\"“]{{0,60}}?\s)?(?:{_SPEECH})(?:\s+[A-Za-z.'’]+){{0,4}}?\s+that\s)", re.IGNORECASE
)
_ACCORDING = re.compile(r"(?:^|,\s*)(according to [^,;:]+)", re.IGNORECASE)
# A dateline opening a report: "HARBOURTON, Nov 3 (Wire) - ", "OSLO, Norway, May 2 - ": where
# and when it was filed, no fact of the news.
_DATELINE = re.compile(
    r"^([A-Z][A-Z .'’-]+,(?:\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*,)*"
    r"(?:\s+[A-Z][a-z]{2,9}\.?\s+\d{1,2})?(?:\s+\([^)]{1,40}\))?\s+[-–—]+)\s"
)
_RELATIVE = re.compile(rf",\s+((?:which|who|whom|whose|where)\s{_TO_COMMA})")
_COORDINATED = re.compile(r",\s+((?:and|but)\s[^;:]+?)(?=,\s+(?:and|but)\s|[;:]|$)")
_PARTICIPLE = re.compile(rf",\s+((?!including\b)[a-z]+ing\s{_TO_COMMA})")
_SUBORDINATE = re.compile(
    r"(?:^|[,;]\s+|\s)((?:after|before|when|while|because|although|though|until|since|"
    rf"whereas)\s{_TO_COMMA})",
    re.IGNORECASE,
)
_RELATIVE_REACH = 30  # characters before a relative clause where the name it follows stands
MIN_WORDS = 3  # a shorter stretch ("who said so") is no clause of its own

_AUXILIARIES = frozenset(
    "is are was were be been being am has have had will would shall should can could may might "
    "must do does did to".split()
)
# Common verbs whose forms the suffix rules below miss (irregular pasts, short presents).
_VERBS = frozenset(
    "said says say told tell tells took take takes made make makes gave give gives sent send sends "
    "began begin begins broke break breaks cut cuts left leave leaves fell fall falls rose rise "
    "rises held hold holds met meet meets won win wins lost lose loses put puts set sets hit hits "
    "ran run runs came come comes went go goes saw see sees got get gets kept keep keeps brought "
    "bring brings fought fight fights led lead leads paid pay pays sold sell sells spent spend "
    "spends struck strike strikes stood stand stands threw throw throws wrote write writes spoke "
    "speak speaks knew know knows found find finds became become becomes caught catch catches "
    "shot shoot shoots fled flee flees hid seized seize freed free frees quit quits shook shake "
    "shakes swept sweeps tore drove dug built felt sought bought slept withdrew withdraws laid "
    "seen given taken shown known written spoken broken chosen stolen driven fallen risen hidden "
    "shut shuts sank sink sinks drew draw draws grew grow grows swore led slew".split()
)
_NOT_VERBS = frozenset(
    "need red bed shed hundred thousand united limited based armed aged speed feed seed indeed "
    "during morning evening nothing something anything everything thing king ring wing "
    "spring building ceiling meeting".split()
)


def is_common_verb(word: str) -> bool:
    """A form of a common verb the suffix rules miss ("sold", "costs", "took")."""
    return word.lower() in _VERBS


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    kind: str  # main, attribution, relative, coordinated, participle, subordinate


def clauses(text: str) -> list[Clause]:
    """The clauses of a sentence, in text order, covering it: each found clause, and the
    main clause's pieces between them (a piece of a few words is left to the clause before)."""
    found = []
    for kind, spans in (
        ("attribution", _attribution_spans(text)),
        ("relative", _spans(_RELATIVE, text)),
        ("coordinated", _spans(_COORDINATED, text)),
        ("participle", _spans(_PARTICIPLE, text)),
        ("subordinate", _spans(_SUBORDINATE, text)),
    ):
        for start, end in spans:
            if all(end <= c.start or start >= c.end for c in found):
                found.append(Clause(start, end, kind))
    found.sort(key=lambda c: c.start)
    out, at = [], 0
    for c in found:
        if c.start > at:
            out.append(Clause(at, c.start, "main"))
        out.append(c)
        at = c.end
    if at < len(text):
        out.append(Clause(at, len(text), "main"))
    return out or [Clause(0, len(text), "main")]


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span(1) for m in pattern.finditer(text) if _words(m.group(1)) >= MIN_WORDS]


def _attribution_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    tail = _TAIL_ATTRIBUTION.search(text)
    if tail:
        verb = list(re.finditer(rf"\b(?:{_SPEECH})\b", tail.group(1), re.IGNORECASE))[-1]
        if _TAIL_REST.match(tail.group(1)[verb.end() :]):
            spans.append(tail.span(1))
    head = _HEAD_ATTRIBUTION.match(text)
    if head:
        spans.append(head.span(1))
    spans += [m.span(1) for m in _ACCORDING.finditer(text)]
    dateline = _DATELINE.match(text)
    if dateline:
        spans.append(dateline.span(1))
    return spans


def _words(text: str) -> int:
    return len(text.split())


def _looks_like_verb(word: str, before: str) -> bool:
    w = word.lower()
    if w in _NOT_VERBS or not w.isalpha():
        return False
    if before in _AUXILIARIES and before != "to" or w in _VERBS:
        return True
    if before in ("the", "a", "an", "its", "their", "his", "her", "of"):
        return False
    return len(w) > 3 and w.endswith("ed") or len(w) > 4 and w.endswith("ing")


def _verbs(text: str, clause: Clause) -> list[tuple[str, int]]:
    """The words of the clause that look like verbs, with their starts in `text`."""
    words = [
        (m.group(), m.start())
        for m in re.finditer(r"[A-Za-z][A-Za-z'’-]*", text[clause.start : clause.end])
    ]
    return [
        (w, clause.start + s)
        for k, (w, s) in enumerate(words)
        if w[0].islower() and _looks_like_verb(w, words[k - 1][0].lower() if k else "")
    ]


def _predicate(text: str, clause: Clause, at: int) -> tuple[str, int]:
    """(the verb the position `at` belongs to in its clause, its start); ("", -1) if none."""
    verbs = _verbs(text, clause)
    before = [(w, s) for w, s in verbs if s < at]
    if before:
        return before[-1][0].lower(), before[-1][1]
    return (verbs[0][0].lower(), verbs[0][1]) if verbs else ("", -1)


_ATTRIBUTING = re.compile(rf"^(?:{_SPEECH}|according)$", re.IGNORECASE)


def reports_something(text: str) -> bool:
    """Whether `text` has a verb other than one that attributes ("said", "according"): a bare
    source ("according to local radio") reports nothing; "according to radio the water is
    rising" does."""
    verbs = _verbs(text, Clause(0, len(text), "main"))
    return any(not _ATTRIBUTING.match(w) for w, _ in verbs)


_OF = re.compile(r"^\s*(?:percent|per cent|%)?\s*of\s+")
_DETERMINERS = frozenset("the its their his her our this that these those all".split())
_NOT_NOUNS = _AUXILIARIES | frozenset(
    "who which that whom whose where when at in on to for from by with and or but as than "
    "were was had has have said".split()
)


def _counts(text: str, v: dict) -> list[str]:
    """What a count or share is a part of: the noun of the phrase after 'of', stemmed, and
    the lowercase noun that owns it if any ("17 percent of the slots" -> ["slot"], "50 of the
    airline's 300 prisoners" -> ["prisoner", "airline"], "26 percent of the market's revenue"
    -> ["revenue", "market"]); [] when no 'of' follows."""
    if v["type"] not in ("number", "percent") or v.get("end") is None:
        return []
    m = _OF.match(text[v["end"] :])
    if not m:
        return []
    noun, owner = "", ""
    for word in re.findall(r"[\w'’-]+|[^\w\s]", text[v["end"] + m.end() :])[:5]:
        w = word.lower()
        if not re.match(r"\w", w):
            break  # the phrase ends at a comma or a full stop
        if re.search(r"['’]s?$", w) and not word[0].isupper():
            owner = re.sub(r"['’]s?$", "", w)  # "the market's": it owns the noun after
            continue
        if w in _DETERMINERS or w.isdigit() or word[0].isupper() or re.search(r"['’]s?$", w):
            continue  # "the", "300", "Quellan", "Quellan's": the noun comes later
        if w in _NOT_NOUNS or not re.fullmatch(r"[a-z-]{3,}", w):
            break
        noun = w  # the last word of the phrase before a verb or a preposition
    return [_stem(w) for w in (noun, owner) if w] if noun else []


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


_PRONOUNS = frozenset(
    "it they he she we i you this these those there one itself themselves himself herself".split()
)
# Words that open a clause or end a subject without being its noun.
_NOT_HEADS = (
    _NOT_NOUNS
    | _DETERMINERS
    | frozenset(
        "a an no not never also already still now just last first as if once so because "
        "although though until since while after before whereas some many most several few more "
        "less much any each every other another such both almost nearly roughly approximately "
        "only even".split()
    )
)
_PREPOSITIONS = frozenset(
    "of from in on at to into for with by near over under about during across along around "
    "between through than like onto upon within without off".split()
)
_PARTICLES = frozenset("off out up down back away".split())


def _tokens(span: str) -> list[str]:
    """The words of a span, lowercased, a capitalised word that does not open the span kept
    as a name ('Military contacts' -> 'military'; 'the United States' -> 'United')."""
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*|[,;:()]|\d[\d,.]*", span)
    return [w if k and w[0].isupper() else w.lower() for k, w in enumerate(words)]


def _noun(word: str) -> bool:
    return (
        word.isalpha()
        and word.islower()
        and word not in _NOT_HEADS
        and word not in _NUMBER_WORDS
        and len(word) > 2
    )


_NUMBER_WORDS = frozenset(UNITS) | frozenset(TENS) | frozenset(SCALES) | {"dozen", "dozens"}


def _noun_stem(word: str) -> str:
    return word[:-3] + "y" if word.endswith("ies") else _stem(word)


def _subject_head(span: str) -> str:
    """The head noun of a subject ('The sixth aftershock' -> 'aftershock', 'Flights from the
    airport' -> 'flights'); 'it' for a pronoun, '' when only names stand there."""
    words = _tokens(span)
    while words and words[-1] in (",", ";", ":"):
        words.pop()
    if "," in words:  # "On Monday, the quake": the subject follows the last comma
        words = words[len(words) - words[::-1].index(",") :]
    head = ""
    for w in words:
        if w in _PREPOSITIONS and head:
            break
        if w.lower() in _PRONOUNS:
            return "it"
        head = w if _noun(w) else head
    return head


def _last_noun(span: str) -> str:
    """The noun a relative clause follows ('the island', 'contacts with Moscow')."""
    for w in reversed(_tokens(span)):
        if w in (",", ";", ":"):
            continue
        if _noun(w):
            return w
        if not (w in _PREPOSITIONS or w in _DETERMINERS or w[:1].isupper()):
            return ""
    return ""


def _object_head(text: str, clause: Clause, verb_start: int) -> str:
    """The head noun of what the verb at `verb_start` acts on ('broke off direct military
    contacts with Moscow' -> 'contacts')."""
    words = _tokens(text[verb_start : clause.end])
    head = ""
    for previous, w in pairwise(words):
        if w in _PARTICLES and not head or w in _AUXILIARIES or _stem(w) in _TIME_WORDS:
            continue
        if previous == "to" or w in _PREPOSITIONS or not w.isalpha():
            break  # ("expected to rule": an infinitive, no object)
        if _looks_like_verb(w, previous):
            break
        head = w if _noun(w) else head
    return head


# Words that say when, not what: no head of an object ("resumed Monday morning").
_TIME_WORDS = frozenset(
    "morning afternoon evening night day week month year hour minute today yesterday "
    "tonight abroad home".split()
)


# A population set off after the place it is of: "Alta, home to 9,000 people", "the port, a
# city of 500,000", "the island, with a population of 4,000" (the kind noun is the place's too).
_APPOSED = re.compile(
    r",\s*(?:an?\s+)?(?:(?!(?:with|has|had|have|is|was|are|were)\b)[\w-]+\s+){0,2}?(?:home\s+to|(?P<kind>city|town|village|island|country|"
    r"nation|region|province|district)\s+of|an?\s+population\s+of)\s*$",
    re.IGNORECASE,
)
_HEDGED = re.compile(
    r"(?:\b(?:about|some|around|nearly|almost|roughly|more than|over|at least)\s+)+$"
)
# What a distance is measured from, and which way: "1,500 km (930 miles) south of Alta", "300
# kilometres to the north".
_DISTANCE_UNITS = ("km", "m", "mile")
_FROM_PLACE = re.compile(
    r"^\s*-?\s*(?i:km|kms|kilomet(?:re|er)s?|miles?|m|metres?|meters?)?\b\s*(?:\([^)]{0,30}\)\s*)?"
    r"(?i:to\s+the\s+)?(?P<dir>(?i:(?:north|south)(?:[\s-]?(?:east|west))?|east|west))?"
    r"(?i:wards?)?\s*(?i:of|from)?\s*(?P<ref>(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?"
)
_BEARINGS = {"north": 0, "east": 90, "south": 180, "west": 270}


def _bearing(direction: str) -> int | None:
    """Degrees from north of a compass direction ('south-west' -> 225); None for none."""
    words = re.findall(r"north|south|east|west", direction.lower())
    if not words:
        return None
    if len(words) == 1:
        return _BEARINGS[words[0]]
    a, b = _BEARINGS[words[0]], _BEARINGS[words[1]]
    return (a + b) // 2 if abs(a - b) < 180 else (a + b + 360) // 2 % 360


def _noun_phrase_keys(words: list[str]) -> list[str]:
    """A noun phrase's names and nouns, lowercased ('Alta island' -> ['alta', 'island'])."""
    return sorted({w.lower() for w in words if w[:1].isupper() or _noun(w)})


def _last_phrase(span: str) -> list[str]:
    """The words of the noun phrase a span ends with ('... evacuated to Port Ilm' -> Port Ilm)."""
    out = []
    for w in reversed(re.findall(r"[A-Za-z][A-Za-z'’-]*|[,;:()]", span.rstrip(" ,"))):
        if w in ",;:()" or w.lower() in _PREPOSITIONS or (w[0].islower() and w in _VERBS):
            break
        out.append(w)
    return out[::-1]


def _first_phrase(span: str) -> list[str]:
    """The words of the noun phrase a span opens with ('Alta, a port ...' -> Alta)."""
    out = []
    for w in re.findall(r"[A-Za-z][A-Za-z'’-]*|[,;:()]", span):
        lw = w.lower()
        if w in ",;:()" or lw in _PREPOSITIONS or lw in _AUXILIARIES or lw in _VERBS:
            break
        if lw not in _DETERMINERS and lw not in _PRONOUNS:
            out.append(w)
    return out


def _place(text: str, clause: Clause, v: dict) -> dict:
    """Where a figure is told of (see `bind`): `place` for a population, a distance or a count
    of people (`_gathered_at`), `bearing` for a distance."""
    if v.get("concept") in _DISTANCE_UNITS:
        m = _FROM_PLACE.match(text[v["end"] :])
        ref = (m.group("ref") or "").removeprefix("the ").split() if m else []
        bearing = _bearing(m.group("dir") or "") if m else None
        return {"place": _noun_phrase_keys(ref), "bearing": bearing}
    if v.get("concept") == "people":
        where = _gathered_at(text, clause, v)
        return {"place": where} if where else {}
    if v.get("concept") != "population":
        return {}
    before = _HEDGED.sub("", text[: v["start"]])
    apposed = _APPOSED.search(before)
    if apposed:
        words = _last_phrase(before[: apposed.start()]) + [apposed.group("kind") or ""]
    elif clause.kind == "relative":
        words = _last_phrase(text[max(0, clause.start - _RELATIVE_REACH) : clause.start])
    else:
        words = _first_phrase(text[clause.start : v["start"]])
    return {"place": _noun_phrase_keys([w for w in words if w])}


# Where a crowd was counted: the whole country ("nationwide", "across the country"), or a named
# place ("in Vessen", "the streets of Vessen"); a leading "In Vessen, 5,000 people ...".
_ACROSS_COUNTRY = (
    r"nationwide|countrywide|(?:across|throughout|around|all over)\s+the\s+(?:country|nation)"
)
_NAMED = (
    r"(?:[Ii]n|streets\s+of|centre\s+of|center\s+of)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)"
)
_CROWD_PLACE = re.compile(rf"\b(?:(?P<country>{_ACROSS_COUNTRY})|{_NAMED})")
_LEADING_PLACE = re.compile(rf"^\W*{_NAMED}\s*,")


def _gathered_at(text: str, clause: Clause, v: dict) -> list[str]:
    """Where a count of people was counted (see `_place`): the first place named after the
    figure in its clause, before any comma, or a place its clause opens with; "nationwide" for
    the whole country. [] when none is named."""
    after = text[v["end"] : clause.end].split(",")[0]
    m = _CROWD_PLACE.search(after) or _LEADING_PLACE.match(text[clause.start : v["start"]])
    if not m:
        return []
    if m.groupdict().get("country"):
        return ["nationwide"]
    return _noun_phrase_keys(m.group("name").split())


# A verb group in the present or the future: an auxiliary, or a verb in the third person
# governing an infinitive ("plans to cut", "expects to hire"); one in the past rules it out.
_PRESENT = re.compile(r"\b(?:will|shall|is|are|am|[a-z]{2,}[^s\W]s\s+to\s+[a-z]+)\b")
_PAST = re.compile(r"\b(?:was|were|had|did|would|could|might)\b", re.IGNORECASE)
_SUBJECT_REACH = 4  # words after a figure that opens its clause where its verb group stands


def _told_in_present(text: str, clause: Clause, v: dict) -> bool:
    """Whether the figure's clause tells it in the present or future (see `bind`): the verb
    group before the figure in its clause shows a present form and no past one; when the
    figure opens its clause (its subject: "2,600 jobs will go"), the few words after it."""
    group = text[clause.start : v["start"]]
    if not (_PRESENT.search(group) or _PAST.search(group)):
        if _verbs(text, Clause(clause.start, v["start"], clause.kind)):
            return False  # a verb whose tense these words do not tell ("cut", "hit")
        group = " ".join(text[v["end"] : clause.end].split()[:_SUBJECT_REACH])
    return bool(_PRESENT.search(group)) and not _PAST.search(group)


def _act(text: str, clause: Clause, v: dict) -> str:
    """What the people a count of people counts do or undergo: the verb right after the
    counted phrase when they are its subject ("20,000 people took to the streets", "with
    hundreds of people smashing windows", "20 more people had to be moved"), else the verb of
    their clause before them whose object they are ("rescued another five people"); none when
    a preposition or a comma stands between them ("put the march, to mark the strike, at
    30,000 people": a size, nothing they did)."""
    previous = ""
    for w in re.findall(r"[A-Za-z][A-Za-z'’-]*|[,;:]", text[v["end"] : clause.end])[:6]:
        if w in ",;:":
            break
        if w[0].islower() and w not in _AUXILIARIES and _looks_like_verb(w, previous):
            return w
        previous = w.lower()
    verb, at = _predicate(text, clause, v["start"])
    between = re.findall(r"[A-Za-z]+|[,;:]", text[at + len(verb) : v["start"]]) if at >= 0 else []
    if any(w in ",;:" or w.lower() in _PREPOSITIONS for w in between):
        return ""
    return verb


def _event(text: str, parts: list[Clause], k: int) -> list[str]:
    """The nouns a clause's fact is about (see `bind`): [the head of its subject, the head of
    its first verb's object], '' for one not told; for a relative clause, the noun it follows
    is the subject; a participle clause, or one with no verb or subject of its own (', before
    dawn on Monday'), has its main clause's. [] when nothing says ("it broke out on Monday")."""
    clause = parts[k]
    if clause.kind == "relative":
        head = _last_noun(text[max(0, clause.start - _RELATIVE_REACH) : clause.start])
        return [_noun_stem(head), ""] if head else []
    main = next((j for j, c in enumerate(parts) if c.kind == "main"), None)
    _, first_verb = _predicate(text, clause, clause.start)
    subject = text[clause.start : first_verb if first_verb >= 0 else clause.end]
    verbless = first_verb < 0 and clause.kind != "main"  # ", before dawn on Monday"
    head = _subject_head(subject) if clause.kind != "participle" and not verbless else ""
    if not head and (verbless or not re.search(r"[A-Z]", subject[1:])):
        # No subject of its own: the clause tells more of its main clause's fact.
        return _event(text, parts, main) if main is not None and main != k else []
    heads = [head, _object_head(text, clause, first_verb) if first_verb >= 0 else ""]
    heads = [_noun_stem(h) if h != "it" else "" for h in heads]
    return heads if any(heads) else []


def bind(text: str, values: list[dict]) -> list[dict]:
    """The values with their clause, predicate, actor and what they count (see the module's
    docstring); dates in an attribution clause are marked `reporting`. Names are not bound."""
    parts = clauses(text)
    typed = [v for v in values if v["type"] != "entity" and v.get("start") is not None]
    # (A capitalised word that opens a figure, "Around 250", "Two people", is no name.)
    names = [
        v
        for v in values
        if v["type"] == "entity"
        and not any(t["start"] <= v["start"] < t["end"] for t in typed if t["type"] != "quote")
    ]
    for v in values:
        if v["type"] == "entity" or v.get("start") is None:
            continue
        k = next((k for k, c in enumerate(parts) if c.start <= v["start"] < c.end), 0)
        clause = parts[k]
        predicate, _ = _predicate(text, clause, v["start"])
        _, first_verb = _predicate(text, clause, clause.start)
        head_end = first_verb if first_verb >= 0 else v["start"]
        v["clause"], v["clause_kind"], v["predicate"] = k, clause.kind, predicate
        # A relative clause's subject is the name it follows ("the PSPF, which holds ...").
        head_start = clause.start - (_RELATIVE_REACH if clause.kind == "relative" else 0)
        v["actor"] = sorted({n["text"] for n in names if head_start <= n["start"] < head_end})
        v["counts"] = _counts(text, v)
        if v["type"] in ("date", "duration"):
            noun = noun_of_length(text, v)
            v["event"] = [_noun_stem(noun), ""] if noun else _event(text, parts, k)
        if v["type"] == "number" and v.get("concept") == "people":
            v["act"] = _act(text, clause, v)
        if v["type"] == "number":
            v.update(_place(text, clause, v))
        if v["type"] in ("number", "percent", "money") and added_to_earlier(
            text, v["start"], v["end"]
        ):
            v["increment"] = True
        if v["type"] in ("number", "money") and share_of_whole(text, v["start"]):
            v["share"] = True
        if v["type"] == "number" and places_where(text, v["start"], v.get("noun") or ""):
            v["where"] = True
        if v["type"] == "number" and in_breakdown(text, v["start"]):
            v["part"] = True
        if v["type"] in ("number", "percent", "money") and _told_in_present(text, clause, v):
            v["present"] = True
        if v["type"] == "number" and ranking_cut(text, v["start"]):
            v["cut"] = True
        if v["type"] == "date" and clause.kind == "attribution":
            v["reporting"] = True
    return values
