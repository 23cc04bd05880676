"""What a sentence states, as alignment reads its values: its fact slots (one key per kind of
fact: 'number:kille', 'money', 'date', 'span', ...), the values inside one of its clauses (a
span of the sentence), and whether two sentences give the same value of a fact."""

import re

from ..compare import compatible
from ..same_fact import CONCEPT_CLASSES, comparable
from ..timespan import spans_fit
from ..values import HEDGES

# "this month", "later this week": places the news in its own time, dates no fact of its own.
_CURRENT_PERIOD = re.compile(
    r"^(?:(?:earlier|later)\s+)?this\s+(?:week|month|year)$", re.IGNORECASE
)


def slot_key(v: dict) -> str | None:
    """The kind of fact a value states: 'number:kille', 'money', 'date', 'duration:hours',
    'span', 'percent', 'quote'; None for what is no fact of its own (names, reporting
    dates)."""
    t = v["type"]
    if (t == "date" and v.get("role") == "start" and not v.get("reporting")) or (
        t == "duration" and v.get("until")
    ):
        # How long something has run, stated by its start ("since March", "talks that began
        # in March") or by its length so far ("eight months of talks", "8 months of talks"):
        # one kind of fact however it is written (issue 12, class 6).
        return "span"
    if t == "number":
        concept = v.get("concept") or ""
        if not concept or (
            concept not in CONCEPT_CLASSES and not v.get("hedge") and v.get("value", 0) < 2
        ):
            return None
        return f"number:{concept[:5]}"
    if t == "duration":
        # An hour-long call and a 32-month freeze are different facts: key by scale.
        seconds = float(v.get("seconds") or 0)
        return "duration:" + (
            "hours" if seconds < 86400 else "days" if seconds < 60 * 86400 else "years"
        )
    if t == "percent" and v.get("counts"):
        # "17 percent of the shares" and "41 percent of the slots" are two facts
        return f"percent:{v['counts'][0][:5]}"
    if t in ("money", "quote", "percent"):
        return t
    if (
        t == "date"
        and not v.get("reporting")
        and not _CURRENT_PERIOD.match(v.get("text", "").strip())
    ):
        return "date"
    return None


def fact_slots(values: list) -> dict[str, list]:
    """The typed facts of a sentence, by slot key (one slot per kind of fact)."""
    slots = {}
    for v in values:
        key = slot_key(v)
        if key:
            slots.setdefault(key, []).append(v)
    return slots


def values_in(values: list, span: tuple[int, int]) -> list:
    """The values (of a sentence) inside one of its clauses (an item's span)."""
    return [v for v in values if in_span(v, span)]


def in_span(v: dict, span: tuple[int, int]) -> bool:
    return span[0] <= v.get("start", -1) < span[1]


def values_at(span, values) -> list:
    """The values inside a span of their sentence (a clause's); all of them when no span."""
    return values if span is None else values_in(values, span)


def same_value(xs, ys) -> bool:
    """Every value of xs agrees with some value of ys (_agree)."""
    return all(any(_agree(x, y) for y in ys) for x in xs)


def _agree(x: dict, y: dict) -> bool:
    """The same value, or a start date and a length so far that one run satisfies."""
    if x["type"] != y["type"]:
        return spans_fit(x, y, HEDGES)
    return comparable(x, y) and compatible(x, y)
