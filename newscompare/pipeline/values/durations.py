"""Durations: a figure followed by a unit of time ('two years', '15-month', 'a year-long')
and, as their own pass, a bare 'year-long' with no figure. A duration measured over the
span a change or a total is given for ('over the past 15 months') is marked `period`; a
figure with 'ago' after it is a date, not a duration. The figure itself is read by the
plain-numbers pass (numbers.py), which hands it here when a unit of time follows."""

import re
from collections.abc import Iterator

from .numerals import fmt
from .passes import Found
from .shape import Value

_DURATION_UNITS = {
    "second": 1,
    "minute": 60,
    "hour": 3600,
    "day": 86400,
    "week": 7 * 86400,
    "month": 30 * 86400,
    "year": 365 * 86400,
    "decade": 3650 * 86400,
}
_DURATION_AFTER = re.compile(
    r"^[\s-]*(second|minute|hour|day|week|month|year|decade)s?\b(?P<long>[\s-]*long)?(?![\s-]*old\b)",
    re.IGNORECASE,
)
# "over the past 15 months": the span a change or a total is measured over, not the length
# of an event.
_PERIOD_BEFORE = re.compile(
    r"\b(?:over|in|during|for|within)\s+the\s+(?:past|last|previous|preceding)\s+$", re.IGNORECASE
)
_BARE_DURATION = re.compile(
    r"\b(?:an?\s+)?(second|minute|hour|day|week|month|year)[\s-]long\b", re.IGNORECASE
)


def unit_after(after: str) -> re.Match | None:
    """The unit of time right after a figure ('s', '-long' included), else None."""
    return _DURATION_AFTER.match(after)


def duration(
    sentence: str, start: int, end: int, text: str, value: float, hedge: str | None, unit: str
) -> Value | None:
    """The duration a figure at [start, end) states with its unit (text and end include the
    unit); None for 'two years ago', a date."""
    if re.match(r"\s+ago\b", sentence[end:]):
        return None
    period = {"period": True} if _PERIOD_BEFORE.search(sentence[:start]) else {}
    return {
        "type": "duration",
        "text": text,
        "normalized": f"{fmt(value)} {unit}",
        "seconds": value * _DURATION_UNITS[unit],
        "hedge": hedge,
        "start": start,
        "end": end,
        **period,
    }


def bare_durations(found: Found) -> Iterator[Value]:
    """'a year-long', 'month-long' with no figure: one of the unit, clear of every value
    found before."""
    for m in _BARE_DURATION.finditer(found.sentence):
        if all(m.end() <= v["start"] or m.start() >= v["end"] for v in found.values):
            unit = m.group(1).lower()
            yield {
                "type": "duration",
                "text": m.group(),
                "normalized": f"1 {unit}",
                "seconds": float(_DURATION_UNITS[unit]),
                "hedge": None,
                "start": m.start(),
                "end": m.end(),
            }
