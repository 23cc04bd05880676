"""Durations: a figure followed by a unit of time ('two years', '15-month', 'a year-long')
and, as their own passes, a bare 'year-long' with no figure and 'now in its fifth day'. A
duration measured over the span a change or a total is given for ('over the past 15 months')
is marked `period`; a length that runs up to the day of writing ('four months of talks') is
marked `until` that day (see timespan.py); a figure with 'ago' after it is a date, not a
duration. The figure itself is read by the
plain-numbers pass (numbers.py), which hands it here when a unit of time follows."""

import datetime as dt
import re
from collections.abc import Iterator

from ..timespan import elapsed_length, term_length
from .dates import as_date
from .numerals import fmt
from .passes import Found, needs
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
# "over" before a length bounds it ("more than") after a preposition, an intensifier or a
# verb ("for over a decade", "just over a week", "lasted over three hours"); after a noun or
# at the start it spans it ("loans over three years", "Over two days, ...").
_OVER_BOUNDS = re.compile(
    r"\b(?:for|in|of|after|within|just|well|little|slightly|[a-z]+ed|took|spent|lasts?)\s+$",
    re.IGNORECASE,
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
    if hedge and hedge.lower() == "over" and not _OVER_BOUNDS.search(sentence[:start]):
        hedge = None  # "loans over three years": spread across them, not more than them
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


# A length written as a fraction or a multiple of a unit, in the unit that makes it whole, so
# that "half a year" and "six months" are one figure: (pattern, count, unit). "A year" alone is
# a length only after a word that makes it one ("for a year", "a year of talks"); "once a
# year" is a rate and "a year ago" a date (read before this pass).
_UNIT = r"(hour|day|week|month|year|decade|century)"
_SMALLER = {
    "hour": (60, "minute"),
    "day": (24, "hour"),
    "week": (7, "day"),
    "month": (30, "day"),
    "year": (12, "month"),
    "decade": (10, "year"),
    "century": (100, "year"),
}
_SPELLED_LENGTHS = (
    (re.compile(rf"\bhalf\s+an?\s+{_UNIT}\b", re.IGNORECASE), 0.5),
    (re.compile(rf"\ban?\s+{_UNIT}\s+and\s+a\s+half\b", re.IGNORECASE), 1.5),
    (re.compile(rf"\ba\s+quarter\s+of\s+an?\s+{_UNIT}\b", re.IGNORECASE), 0.25),
    (re.compile(r"\ba\s+(fortnight)\b", re.IGNORECASE), 2.0),
    (
        re.compile(
            rf"\b(?:for|over|after|within|during|about|nearly|almost|than)\s+(?P<len>an?\s+"
            rf"{_UNIT})\b(?!\s+(?:earlier|later|before|after)\b)",
            re.IGNORECASE,
        ),
        1.0,
    ),
)


@needs(re.compile(rf"\ban?\s+(?:{_UNIT[1:-1]}|fortnight)\b", re.IGNORECASE))
def spelled_lengths(found: Found) -> Iterator[Value]:
    """'half a year', 'a year and a half', 'a fortnight', 'for a decade': a length with no
    figure, in the unit that makes its count whole ('6 month', '18 month', '2 week')."""
    for pattern, share in _SPELLED_LENGTHS:
        for m in pattern.finditer(found.sentence):
            start, end = m.span("len") if "len" in pattern.groupindex else m.span()
            if not found.free(start, end) or re.match(r"\s+ago\b", found.sentence[end:]):
                continue  # "a quarter of a century ago" is a date
            unit = m.group(1 + ("len" in pattern.groupindex)).lower()
            count, unit = (share, "week") if unit == "fortnight" else (share, unit)
            if unit == "century" or not float(count).is_integer():
                factor, unit = _SMALLER[unit]
                count *= factor
            yield {
                "type": "duration",
                "text": found.sentence[start:end],
                "normalized": f"{fmt(count)} {unit}",
                "seconds": count * _DURATION_UNITS[unit],
                "hedge": None,
                "start": start,
                "end": end,
            }


@needs(re.compile(r"(?:second|minute|hour|day|week|month|year)[\s-]long\b", re.IGNORECASE))
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


_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
# "the fire, now in its fifth day", "the strike entered its third week": a length so far.
_ORDINAL_LENGTH = re.compile(
    r"\b(?:in|into|enters?|entered|entering)\s+(?:its|their)\s+"
    rf"(?P<n>{'|'.join(_ORDINALS)}|\d{{1,3}}(?:st|nd|rd|th))\s+(?P<unit>day|week|month|year)\b",
    re.IGNORECASE,
)


@needs(
    re.compile(
        rf"(?:its|their)\s+(?:{'|'.join(_ORDINALS)}|\d{{1,3}}(?:st|nd|rd|th))\s+(?:day|week|month|year)\b",
        re.IGNORECASE,
    )
)
def ordinal_lengths(found: Found) -> Iterator[Value]:
    """'now in its fifth day': how long the event has run on the day of writing (between
    four and five days), so only with a publication date to run up to."""
    pub = as_date(found.published)
    if pub is None:
        return
    for m in _ORDINAL_LENGTH.finditer(found.sentence):
        if found.free(m.start(), m.end()):
            word, unit = m.group("n").lower(), m.group("unit").lower()
            n = _ORDINALS.index(word) + 1 if word in _ORDINALS else int(word[:-2])
            yield {
                "type": "duration",
                "text": m.group(),
                "normalized": f"{n} {unit}",
                "seconds": float(n * _DURATION_UNITS[unit]),
                "hedge": None,
                "ordinal": True,
                "until": pub.isoformat(),
                "start": m.start(),
                "end": m.end(),
            }


def mark_elapsed(
    sentence: str, quantities: list[Value], published: dt.date | dt.datetime | None
) -> None:
    """A length that runs up to the day of writing ('four months of talks', 'for the past
    six weeks', 'has flown the flag for 43 years') gets `until`: that day; a term set about
    then ('approved a six-month loan') gets `since`: that day (timespan.py reads which
    lengths are so)."""
    pub = as_date(published)
    for v in quantities:
        if pub and v["type"] == "duration" and "until" not in v:
            unit = v["normalized"].split()[-1]
            if elapsed_length(sentence, v["start"], v["end"], unit):
                v["until"] = pub.isoformat()
            elif not v.get("period") and term_length(sentence, v["start"], v["end"], unit):
                v["since"] = pub.isoformat()
