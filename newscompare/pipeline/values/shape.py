"""The shape of a value: one `Value` dict per figure, date, quote or name a sentence states.

A value is a plain dict (it is stored as JSON on a claim member and exported as it is), so
its shape is a `TypedDict`: every key a stage may read, and which types carry it. Every
value has `type`, `text`, `normalized`, `start` and `end` (character offsets in the
sentence); the rest depend on the type:

- number: value, hedge, noun, concept, scaled; low/high/range for a stated range; verb
- percent: value, hedge, concept, scaled
- money: value, currency, hedge, scaled; low/high/range for a stated range
- date: reporting (it dates the saying, not the fact), publication_day, role ("start": when
  its clause's event began)
- duration: seconds, hedge, period (the span a change is measured over), until (the day of
  writing, for a length that runs up to it), ordinal ("its fifth day")
- quote: speaker, reported (reported speech, no quote marks), figures (the quantities inside
  it, without their offsets)
- entity: acronym (of a multi-word name)
Any quantity may carry `conversion` (it restates the figure before it in other units).
Every value but a name is bound to its fact (clauses.py): clause (its index in the
sentence's clauses), clause_kind, predicate, actor (the names that are its clause's
subject), counts (what a count or share is a part of: "of the slots" -> ["slot"]).
"""

from typing import Literal, NotRequired, TypedDict

ValueType = Literal["number", "percent", "money", "date", "duration", "quote", "entity"]


class Value(TypedDict):
    type: ValueType
    text: str
    normalized: str
    start: int
    end: int
    value: NotRequired[float]
    low: NotRequired[float]
    high: NotRequired[float]
    range: NotRequired[bool]
    hedge: NotRequired[str | None]
    scaled: NotRequired[bool]
    noun: NotRequired[str]
    verb: NotRequired[str]
    concept: NotRequired[str]
    currency: NotRequired[str]
    seconds: NotRequired[float]
    period: NotRequired[bool]
    conversion: NotRequired[bool]
    reporting: NotRequired[bool]
    publication_day: NotRequired[bool]
    role: NotRequired[str]
    until: NotRequired[str]
    ordinal: NotRequired[bool]
    figures: NotRequired[list[dict]]
    speaker: NotRequired[str]
    reported: NotRequired[bool]
    acronym: NotRequired[str]
    clause: NotRequired[int]
    clause_kind: NotRequired[str]
    predicate: NotRequired[str]
    actor: NotRequired[list[str]]
    counts: NotRequired[list[str]]
