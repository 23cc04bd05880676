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
  revenue" -> ["revenue", "market"]); [] if no "of" follows.
A date in an attribution clause (", an official told reporters on Monday.") is marked
`reporting`: it says when something was said, not when the fact happened.

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
    "shot shoot shoots fled flee flees hid seized seize freed free frees quit quits "
    "shut shuts sank sink sinks drew draw draws grew grow grows swore led slew".split()
)
_NOT_VERBS = frozenset(
    "need red bed shed hundred thousand united limited based armed aged speed feed seed indeed "
    "during morning evening nothing something anything everything thing king ring wing "
    "spring building ceiling meeting".split()
)


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
        if v["type"] == "date" and clause.kind == "attribution":
            v["reporting"] = True
    return values
