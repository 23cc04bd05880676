"""Dates in a sentence, resolved against the article's publication date.

Patterns are tried in order (full dates, month and year, month with a relative year, month
and day, month, year, a year relative to the day of writing ("four years ago", "last year"),
weekday, "yesterday", "last month"); a span one pattern takes is not read again. A weekday or
a month named without its year is the last one before the day of writing, unless its clause
speaks of what is to come ("judges will decide on Thursday", "is expected to visit on
Friday", "the bill is to be voted on Thursday", "next Tuesday") or gives when a thing still
running ends ("the order runs until Thursday"; role "end", see timespan.py): then it is the
next one. A date after "said"/"told" (or before ", officials said") dates the saying, not the
fact, and is marked `reporting`; the paper's own day is marked `publication_day`.
Month names in other languages come from dateparser's language data.
"""

import datetime as dt
import re
from functools import lru_cache

from ..timespan import date_role
from .numerals import UNITS
from .shape import Value

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        (
            "january february march april may june july august september october november december"
        ).split()
    )
}
_MONTH_ABBR = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_YEAR_OFFSETS = {
    "previous year": -1,
    "the previous year": -1,
    "last year": -1,
    "a year earlier": -1,
    "the year before": -1,
    "this year": 0,
    "a year ago": -1,
    "one year ago": -1,
    "two years ago": -2,
    "three years ago": -3,
    "four years ago": -4,
    "five years ago": -5,
    "two years earlier": -2,
    "three years earlier": -3,
}
_YEAR_OFFSET_RE = "|".join(map(re.escape, sorted(_YEAR_OFFSETS, key=len, reverse=True)))
# A year named by its distance from the day of writing, standing alone ("recapitalised it four
# years ago", "lost EUR 212m last year"). ("A year earlier" and "the previous year" alone are
# relative to another event of the story, not to the day of writing; with a month they are
# read by the m_rel pattern as before.)
_YEARS_AGO = re.compile(
    rf"\b(?:(?P<ago>a|one|{'|'.join(UNITS)}|\d{{1,2}})\s+years?\s+ago|(?P<own>last|this)\s+year)\b",
    re.IGNORECASE,
)
# The clause before a date speaks of what is to come: the date is the next such day or month.
_FUTURE = re.compile(
    r"\b(?:will|shall|won['’]t|(?:expected|due|scheduled|set|slated|poised|plans?|planned|planning"
    r"|going)\s+to"
    r"|(?:is|are)\s+to|to\s+be\s+[a-z]+ed"
    r"|next)\b|\w['’]ll\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|remained|stayed|lasted|ran|continued|ended|expired)\b", re.I
)
_CLAUSE_EDGE = re.compile(r"(?<!\d),|,(?!\d)|[;:()]|\s[-–—]\s")  # not "1,900"
# A date that says when something was said ("officials said on Wednesday") is not the fact.
_REPORTING_BEFORE = re.compile(
    r"\b(said|says|told|announced|reported|added|confirmed|statement)\s*(late\s+|early\s+)?$",
    re.IGNORECASE,
)

_REPORTING_AFTER = re.compile(
    r"\s*,?\s*(said|says|told|announced|reported|added|confirmed)\b", re.IGNORECASE
)

_DATE_PATTERNS = [
    ("dmy", re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_RE})\s+(?P<year>\d{{4}})\b")),
    (
        "mdy",
        re.compile(
            rf"\b(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"
        ),
    ),
    ("my", re.compile(rf"\b(?P<month>{_MONTH_RE})\s+(?:of\s+)?(?P<year>\d{{4}})\b")),
    (
        "m_rel",
        re.compile(
            rf"\b(?:in\s+)?(?P<month>{_MONTH_RE})\s+(?:of\s+)?(?P<rel>{_YEAR_OFFSET_RE})\b",
            re.IGNORECASE,
        ),
    ),
    ("md", re.compile(rf"\b(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b")),
    ("dm", re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_RE})\b")),
    (
        "m",
        re.compile(
            rf"\b(?i:in|since|by|until|from|last|this|early|late|mid-?)\s+(?P<month>{_MONTH_RE})\b"
        ),
    ),
    (
        "y",
        re.compile(
            r"\b(?i:in|since|by|until|from|of|during)\s+(?:early\s+|late\s+|mid-?)?"
            r"(?P<year>(?:19|20)\d\d)\b"
        ),
    ),
    ("y_rel", _YEARS_AGO),
    (
        "weekday",
        re.compile(
            r"\b(?:on\s+|last\s+|this\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|"
            r"Saturday|Sunday)\b"
        ),
    ),
    ("rel_day", re.compile(r"\b(?P<relday>yesterday|today|tonight|last night)\b", re.IGNORECASE)),
    (
        "rel_month",
        re.compile(
            r"\b(?:later\s+|earlier\s+)?(?P<relmonth>last month|this month|next month)\b",
            re.IGNORECASE,
        ),
    ),
]

# Every month name above begins with one of these (in any case): a sentence without one has
# no date of the kinds that name a month, and skips their patterns.
_MONTH_START = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec", re.IGNORECASE)
_NAMES_MONTH = {kind for kind, pattern in _DATE_PATTERNS if "(?P<month>" in pattern.pattern}

# Month names in other languages (footers and datelines), via dateparser's language data.
_FOREIGN_DATE = re.compile(
    r"\b(?P<day>\d{1,2})\s+(?:de\s+)?(?P<month>[^\W\d_]{3,12})\s+(?:de\s+)?(?P<year>(?:19|20)\d\d)\b"
)


def _month_number(name: str):
    n = name.lower().rstrip(".")
    return _MONTHS.get(n) or _MONTH_ABBR.get(n)


@lru_cache(maxsize=4096)
def foreign_month(name: str) -> int | None:
    """Month number for a month name in any language dateparser knows, else None."""
    import dateparser

    parsed = dateparser.parse(f"15 {name} 2000", settings={"PREFER_DAY_OF_MONTH": "first"})
    return parsed.month if parsed else None


def as_date(published) -> dt.date | None:
    """The day an article was written (its own local date), from a date or datetime."""
    if published is None:
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    return published


def _date_value(text, normalized, start, end, **extra):
    return {
        "type": "date",
        "text": text,
        "normalized": normalized,
        "start": start,
        "end": end,
        **extra,
    }


def _years_back(g: dict) -> int:
    if g.get("own"):
        return 1 if g["own"].lower() == "last" else 0
    ago = g["ago"].lower()
    return int(ago) if ago.isdigit() else UNITS.get(ago, 1)


def _resolve_date(kind: str, g: dict, pub, future: bool = False):
    month = _month_number(g["month"]) if g.get("month") else None
    if kind in ("dmy", "mdy"):
        return f"{int(g['year']):04d}-{month:02d}-{int(g['day']):02d}"
    if kind == "my":
        return f"{int(g['year']):04d}-{month:02d}"
    if kind == "m_rel" and pub:
        return f"{pub.year + _YEAR_OFFSETS[g['rel'].lower()]:04d}-{month:02d}"
    if kind in ("md", "dm") and 1 <= int(g["day"]) <= 31:
        if not pub:
            return f"--{month:02d}-{int(g['day']):02d}"
        year = (
            pub.year - 1
            if (month, int(g["day"])) > (pub.month, pub.day) and month - pub.month > 6
            else pub.year
        )
        return f"{year:04d}-{month:02d}-{int(g['day']):02d}"
    if kind == "m":
        if not pub:
            return f"--{month:02d}"
        if future:
            return f"{pub.year + 1 if month < pub.month else pub.year:04d}-{month:02d}"
        return f"{pub.year - 1 if month > pub.month else pub.year:04d}-{month:02d}"
    if kind == "y":
        return g["year"]
    if kind == "y_rel" and pub:
        return f"{pub.year - _years_back(g):04d}"
    if kind == "weekday":
        if not pub:
            return g["weekday"].lower()
        shift = (WEEKDAYS.index(g["weekday"].lower()) - pub.weekday()) % 7
        if not future:
            shift = -((pub.weekday() - WEEKDAYS.index(g["weekday"].lower())) % 7)
        return (pub + dt.timedelta(days=shift)).isoformat()
    if kind == "rel_day" and pub:
        shift = {"yesterday": -1, "last night": -1}.get(g["relday"].lower(), 0)
        return (pub + dt.timedelta(days=shift)).isoformat()
    if kind == "rel_month" and pub:
        shift = {"last month": -1, "next month": 1}.get(g["relmonth"].lower(), 0)
        y, mth = divmod(pub.year * 12 + pub.month - 1 + shift, 12)
        return f"{y:04d}-{mth + 1:02d}"
    return None


def _in_the_past(kind: str, norm: str, pub) -> str:
    """A start ("since May 14", "began in October") written without its year is the last
    such day or month before the day of writing."""
    if pub and kind in ("md", "dm", "m") and norm[:1].isdigit() and norm > pub.isoformat():
        return f"{int(norm[:4]) - 1:04d}{norm[4:]}"
    return norm


def _clause_before(sentence: str, start: int) -> str:
    before = sentence[max(0, start - 120) : start]
    edges = list(_CLAUSE_EDGE.finditer(before))
    return before[edges[-1].end() :] if edges else before


def speaks_of_the_future(sentence: str, start: int) -> bool:
    """Whether the clause before position `start` speaks of what is to come."""
    return bool(_FUTURE.search(_clause_before(sentence, start)))


def _told_as_past(sentence: str, start: int) -> bool:
    """An end told in the past ("the road was closed until Thursday"): the last such day."""
    return bool(_PAST.search(_clause_before(sentence, start)))


def extract_dates(sentence: str, published: dt.date | dt.datetime | None = None) -> list[Value]:
    pub = as_date(published)
    found, taken = [], []

    def free(s, e):
        return all(e <= a or s >= b for a, b in taken)

    months = _MONTH_START.search(sentence) is not None
    for kind, pattern in _DATE_PATTERNS:
        if kind in _NAMES_MONTH and not months:
            continue
        for m in pattern.finditer(sentence):
            if not free(m.start(), m.end()):
                continue
            role = date_role(sentence, m.start(), m.end())
            future = (
                kind in ("m", "weekday")
                and not m.group().lower().startswith("last")
                and (
                    speaks_of_the_future(sentence, m.start())
                    or role == "end"
                    and not _told_as_past(sentence, m.start())
                )
            )
            norm = _resolve_date(kind, m.groupdict(), pub, future)
            if norm:
                taken.append((m.start(), m.end()))
                before = re.sub(r"\s*\b(on|in)\s*$", "", sentence[: m.start()])
                reporting = _REPORTING_BEFORE.search(before) or _REPORTING_AFTER.match(
                    sentence[m.end() :]
                )
                extra = {"reporting": True} if reporting else {}
                if role == "start":  # "talks that began in November", "since May 14"
                    extra["role"] = role
                    norm = _in_the_past(kind, norm, pub)
                elif role == "end":  # "the order runs until Thursday"
                    extra["role"] = role
                if pub and norm == pub.isoformat():
                    extra["publication_day"] = True  # "on Friday" in Friday's paper: says little
                found.append(_date_value(m.group().strip(), norm, m.start(), m.end(), **extra))
    for m in _FOREIGN_DATE.finditer(sentence):
        if free(m.start(), m.end()) and not _month_number(m.group("month")):
            month = foreign_month(m.group("month"))
            if month:
                taken.append((m.start(), m.end()))
                norm = f"{int(m.group('year')):04d}-{month:02d}-{int(m.group('day')):02d}"
                found.append(_date_value(m.group(), norm, m.start(), m.end()))
    return found


MONTH_AND_DAY_NAMES = set(_MONTHS) | set(WEEKDAYS)
