"""When an event ran, as intervals of days: start dates, lengths of time and the day an
article was written reason together.

One event can be dated three ways: by its start ("talks that began in November"), by its
length up to the day of writing ("four months of talks", "for the past six weeks", "now in
its fifth day") or by a date relative to the day of writing ("in April of the previous
year", already resolved by the values stage). Each statement is a constraint on the event's
start day, end day and length:

- a date is the span of days it names: a day is one day, a month name a month, a year a
  year ("in 1981" may be any day of 1981);
- a length is a range of days, as precise as it was written: a whole count of a unit covers
  the lengths that round or cut down to it ("eight months" is 7.5 to just under 9 months),
  a hedge widens it ("about eight months") or opens one side ("more than two years");
  "its fifth day" is four to five days;
- an elapsed length ends on the day its article was written (give or take a unit, at most
  a week: news reports an elapsed length as of the last days).

Two reports of one event agree when some start, end and length satisfy both, and diverge
when none can: "a dispute that began in October" has lasted five months by mid-March, not
"six weeks". What it cannot do: tell which event a length belongs to (the values stage
decides which lengths are elapsed and which dates are starts; the claim decides the event),
or place a term whose start it does not know.

A term ("a six-month loan approved on Monday", "the three-day order issued on Monday") runs
from about the day of writing (within TERM_SLACK_DAYS before it) for its length; an end date
("runs until Thursday", "valid until May") is when it ends. An end date and a term that no
interval satisfies diverge, as a start and an elapsed length do.

Reading the roles (`date_role`, `elapsed_length`, `term_length`) is done here from the words
around a value, so that one module says what a start, an end, an elapsed length and a term
are; the values stage calls them and records the result on its values. Values are the plain
dicts of the values stage; the reasoning reads only these keys: type, normalized, hedge, role
("start" or "end" for a date), until (the ISO day an elapsed length runs up to), since (the
ISO day of writing a term runs from, give or take TERM_SLACK_DAYS) and ordinal (a length
given as "its Nth day").
"""

import datetime as dt
import re
from dataclasses import dataclass

VERSION = "timespan-2"  # 2: end dates and terms

# Days in one unit of a length (a month and a year on average).
UNIT_DAYS = {
    "second": 1 / 86400,
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "month": 30.44,
    "year": 365.25,
    "decade": 3652.5,
}
# A whole count covers lengths that round to it (half a unit below) or were cut down to it
# (up to a whole unit above): "for 43 years" after 43 years and 5 months.
ROUND_BELOW = 0.5
CUT_ABOVE = 1.0
# "about", "some", "roughly": this share of the figure either way, on top of its rounding.
APPROX_SHARE = 0.2
# An elapsed length ends within a unit of it before the day of writing, and never more than
# this many days before ("after five weeks without rain", reported a few days on); "its fifth
# day" runs up to that day itself (a day of slack for time zones).
END_SLACK_DAYS = 7
# A term reported as news began in the days before its article was written ("approved on
# Monday" in Wednesday's paper).
TERM_SLACK_DAYS = 7


@dataclass(frozen=True)
class Days:
    """An inclusive range of days, as proleptic ordinals (date.toordinal())."""

    first: float
    last: float

    def meets(self, other: "Days") -> bool:
        return self.first <= other.last and other.first <= self.last

    def __and__(self, other: "Days") -> "Days":
        return Days(max(self.first, other.first), min(self.last, other.last))


ANY_DAY = Days(float("-inf"), float("inf"))
ANY_LENGTH = Days(0.0, float("inf"))


def date_days(normalized: str) -> Days | None:
    """The days a resolved date names: '2014-03-05' one day, '2014-03' a month, '2014' a
    year; None for a date not placed in a year ('--03', 'friday')."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", normalized or "")
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day:
            d = dt.date(year, int(month), int(day)).toordinal()
            return Days(d, d)
        if month:
            first = dt.date(year, int(month), 1)
            nxt = dt.date(year + (first.month == 12), first.month % 12 + 1, 1)
            return Days(first.toordinal(), nxt.toordinal() - 1)
        return Days(dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal())
    except ValueError:
        return None


def length_days(count: float, unit: str, hedge_kind: str | None = None, ordinal=False) -> Days:
    """The lengths, in days, that `count` `unit`s with this hedge kind (min, gt, max, lt,
    approx, approx_below or None) may stand for."""
    size = UNIT_DAYS[unit]
    if ordinal:  # "its fifth day": four whole days have passed, the fifth is under way
        return Days((count - 1) * size, count * size)
    if float(count).is_integer():
        lo, hi = count - ROUND_BELOW, count + CUT_ABOVE
    else:  # "2.5 years": half of the last written digit either way
        step = 0.5 * 10 ** -len(f"{count:.10g}".split(".")[1])
        lo, hi = count - step, count + step
    if hedge_kind in ("min", "gt"):
        lo, hi = count, float("inf")
    elif hedge_kind in ("max", "lt"):
        lo, hi = 0.0, count
    elif hedge_kind == "approx":
        lo, hi = lo - APPROX_SHARE * count, hi + APPROX_SHARE * count
    elif hedge_kind == "approx_below":
        lo, hi = count * (1 - APPROX_SHARE), count
    return Days(max(0.0, lo) * size, hi * size)


@dataclass(frozen=True)
class Span:
    """What one statement says about an event's timing: the days it may have started and
    ended on, and how long it may have run."""

    start: Days = ANY_DAY
    end: Days = ANY_DAY
    length: Days = ANY_LENGTH

    def fits(self, other: "Span") -> bool:
        """Some start, end and length satisfy both statements."""
        start, end, length = (
            self.start & other.start,
            self.end & other.end,
            self.length & other.length,
        )
        if start.first > start.last or end.first > end.last or length.first > length.last:
            return False
        # end - start ranges over [end.first - start.last, end.last - start.first]
        return Days(end.first - start.last, end.last - start.first).meets(length)


def _until(iso: str, slack: float = 1.0) -> Days:
    day = dt.date.fromisoformat(iso).toordinal()
    return Days(day - slack, day)


def span_of(v: dict, hedge_kinds: dict[str, str]) -> Span | None:
    """The constraint one value puts on its event, or None when it dates no start, end,
    elapsed length or term: a start date ("began in October"), a "since" date (start, and
    running up to the day of writing), an end date ("until May"), an elapsed length ("six
    weeks of talks", up to that day), a term ("a six-month loan", from about that day).
    `hedge_kinds` maps a hedge ("about") to its kind ("approx")."""
    if v.get("type") == "date" and v.get("role") in ("start", "end"):
        days = date_days(v.get("normalized", ""))
        if days is None:
            return None
        # (A "since" date still runs on the day its article was written; another article,
        # written days later, measures the same run to its own day: the start is the fact.)
        return Span(start=days) if v["role"] == "start" else Span(end=days)
    if v.get("type") == "duration" and (v.get("until") or v.get("since")):
        m = re.fullmatch(r"([\d.]+) (\w+)", v.get("normalized", ""))
        if not m or m.group(2) not in UNIT_DAYS:
            return None
        kind = hedge_kinds.get(v.get("hedge") or "")
        count, unit, ordinal = float(m.group(1)), m.group(2), bool(v.get("ordinal"))
        length = length_days(count, unit, kind, ordinal)
        if v.get("since"):
            return Span(start=_until(v["since"], TERM_SLACK_DAYS), length=length)
        slack = 1.0 if ordinal else max(1.0, min(END_SLACK_DAYS, UNIT_DAYS[unit]))
        return Span(end=_until(v["until"], slack), length=length)
    return None


def start_against_length(
    values_a, values_b, hedge_kinds: dict[str, str]
) -> tuple[dict, dict] | None:
    """(x, y), x of side a and y of side b, when one side dates an event's start and the
    other gives its elapsed length (or one its end and the other a term), and no such pair
    fits: two values that cannot both be true of one event. None when one pair fits, or when
    the sides state no such pair (two starts, or two lengths, are compared as dates and as
    lengths elsewhere). A start after the day a length was written is no start of the
    length's event, nor an end before a term began its end, and is not weighed."""
    pairs = _timing_pairs(values_a, values_b, hedge_kinds)
    if not pairs or any(fit for _, fit in pairs):
        return None
    return pairs[0][0]


def _timing_pairs(values_a, values_b, hedge_kinds: dict[str, str]) -> list:
    """((x, y), fits) for each date of one side and length of the other that date one run."""
    pairs = []
    for flip, (xs, ys) in enumerate(((values_a, values_b), (values_b, values_a))):
        dates = [(v, span_of(v, hedge_kinds)) for v in xs if v.get("type") == "date"]
        lengths = [(v, span_of(v, hedge_kinds)) for v in ys if v.get("type") == "duration"]
        for x, sx in dates:
            for y, sy in lengths:
                if sx and sy and _weighed(x, sx, y, sy):
                    pairs.append(((y, x) if flip else (x, y), sx.fits(sy)))
    return pairs


def _weighed(date: dict, sd: Span, length: dict, sl: Span) -> bool:
    if date.get("role") == "start":
        return bool(length.get("until")) and sd.start.first <= sl.end.last
    return bool(length.get("since")) and sd.end.last >= sl.start.first


def spans_fit(x: dict, y: dict, hedge_kinds: dict[str, str]) -> bool:
    """A start date and an elapsed length, or an end date and a term (either way round),
    that one event can satisfy."""
    pairs = _timing_pairs([x], [y], hedge_kinds)
    return bool(pairs) and all(fit for _, fit in pairs)


def implied_start(v: dict, hedge_kinds: dict[str, str]) -> tuple[dt.date, dt.date] | None:
    """The first and last day an elapsed length puts its event's start on, for an
    explanation ("six weeks by 2024-03-12: began 2024-01-23 to 2024-02-01")."""
    s = span_of(v, hedge_kinds)
    if s is None or v.get("type") != "duration" or s.length.last == float("inf"):
        return None
    first = s.end.first - s.length.last
    last = s.end.last - s.length.first
    return dt.date.fromordinal(int(first)), dt.date.fromordinal(int(last))


# ------------------------------------------------------------------ reading the roles

# A date after one of these verbs in its clause is when its event started ("talks that began
# in November", "the airline, set up in 1985", "the epidemic began in the south in November").
# (Not the noun: "got off to a slow start Tuesday".)
_START_VERB = re.compile(
    r"\b(?:began|begun|begins|beginning|started|starts|starting|broke\s+out|erupted|"
    r"launched|founded|set\s+up|established|created|took\s+effect|came\s+into\s+force)"
    r"(?:\s+(?:(?:in|on|at|from|back\s+in)\s+)?|(?:\s+[^\s,;]+){1,4}?\s+(?:in|on|from)\s+)$",
    re.IGNORECASE,
)
_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)
# A date after one of these is when its clause's event ends ("the order runs until Thursday",
# "valid through June", "the lease expires in May").
_END_MARK = re.compile(
    r"\b(?:until|till|through|expir(?:es|ed|ing)?|ends?|ending)\s+(?:(?:in|on|at)\s+)?$",
    re.IGNORECASE,
)
# "the first talks since March", "the best level since 1998", "a level not seen since May":
# since names the last such event, not the start of this one.
_SINCE_LAST = re.compile(
    r"\b(?:first|last|best|worst|most|least|\w{3,}est|ever|more|fewer|less|record|level|"
    r"not\s+seen)\b",
    re.IGNORECASE,
)
_PRESENT_PERFECT = re.compile(r"\b(?:has|have)\b|\w['’]s\s+been\b|\w['’]ve\b", re.IGNORECASE)
_LEADING_PREPOSITION = re.compile(r"(?:in|on|since|from|of|until|till)\s+", re.IGNORECASE)
_CLAUSE_EDGE = re.compile(r"[,;:()]|\s[-–—]\s")


def _clause_before(sentence: str, start: int) -> str:
    """The words of the value's clause before it (back to a comma, semicolon or dash)."""
    before = sentence[max(0, start - 120) : start]
    edges = list(_CLAUSE_EDGE.finditer(before))
    return before[edges[-1].end() :] if edges else before


def _clause_after(sentence: str, end: int) -> str:
    after = sentence[end : end + 120]
    edge = _CLAUSE_EDGE.search(after)
    return after[: edge.start()] if edge else after


def date_role(sentence: str, start: int, end: int) -> str:
    """ "start" when the date at [start, end) is when its clause's event began ("talks that
    began in November", "has had no rain since May 14"), "end" when it ends ("the order runs
    until Thursday"), else ""."""
    lead = _LEADING_PREPOSITION.match(sentence[start:end])
    clause = _clause_before(sentence, start) + (lead.group() if lead else "")
    since = _SINCE.search(clause)
    if since:
        return "" if _SINCE_LAST.search(clause[: since.start()]) else "start"
    if _END_MARK.search(clause):
        return "end"
    return "start" if _START_VERB.search(clause) else ""


# A length up to now: "for the past six weeks", "after five weeks without rain", "has flown the
# flag for 43 years", "the first such vote in 20 years".
_PAST_PERIOD = re.compile(
    r"\b(?:for|over|in|during|within)\s+the\s+(?:past|last|previous|preceding)\s+$",
    re.IGNORECASE,
)
_AFTER = re.compile(r"\bafter\s+$", re.IGNORECASE)
# "the first direct talks in more than two years": the time since the last such event.
_FIRST_IN = re.compile(r"\b(?:first|only)\b[^,;]{0,60}\bin\s+$", re.IGNORECASE)
_PERFECT_FOR = re.compile(r"\bfor\s+$", re.IGNORECASE)
# "four months of talks", "five weeks without rain", "a six-week pay row": the length of what
# follows; elapsed unless the clause gives it as a term granted or to come ("granted three
# months of protection", "approved a six-month loan", "threw it a six-month lifeline", "would
# continue a three-day search").
_LENGTH_OF = re.compile(r"^\s*(?:of|without)\b", re.IGNORECASE)
# (Whole words only: "would-be investors" is no future.)
_TERM_OR_FUTURE = re.compile(
    r"(?<![\w-])(?:grant(?:s|ed|ing)?|given|gives?|gave|giving|approv(?:e|es|ed|ing)|issued|"
    r"thrown|threw|throws?|provid(?:e|es|ed|ing)|lent|lends?|lending|handed|"
    r"extend(?:s|ed|ing)?|offered|awarded|sentenced|imposed|signed|agreed|allowed|ordered|"
    r"planned|proposed|runs?|will|would|could|can|may|might|shall|should|must|next|coming|"
    r"another|further|extra|additional|remaining)(?![\w-])",
    re.IGNORECASE,
)
# A term set now: granted, approved, issued, running ("would continue a three-day search" is
# a term to come, with no known start).
_TERM = re.compile(
    r"(?<![\w-])(?:grant(?:s|ed|ing)?|approv(?:e|es|ed|ing)|issued|thrown|threw|provid(?:es|ed)|"
    r"extend(?:s|ed)?|offered|awarded|imposed|signed|agreed|ordered|runs?)(?![\w-])",
    re.IGNORECASE,
)
_FUTURE_ONLY = re.compile(r"(?<![\w-])(?:will|would|could|may|might|next|another)(?![\w-])", re.I)
AFTER_WORDS = 4  # words after a length that may still say it is a term ("order issued on")
_HEDGE_LEAD = re.compile(
    r"(?:\b(?:more\s+than|nearly|almost|about|some|around|roughly|over|at\s+least)\s+)$",
    re.IGNORECASE,
)
ELAPSED_UNITS = ("day", "week", "month", "year", "decade")  # an hour-long call ends no era


def term_length(sentence: str, start: int, end: int, unit: str) -> bool:
    """Whether the length at [start, end) is a term granted or set to run from about the day
    of writing ("approved a six-month loan", "the three-day order issued on Monday")."""
    if unit not in ELAPSED_UNITS:
        return False
    next_words = " ".join(_clause_after(sentence, end).split()[:AFTER_WORDS])
    return bool(
        _TERM.search(_clause_before(sentence, start)) or _TERM.search(next_words)
    ) and not _FUTURE_ONLY.search(_clause_before(sentence, start))


def elapsed_length(sentence: str, start: int, end: int, unit: str) -> bool:
    """Whether the length at [start, end), in `unit`s, is how long its event has run up to
    the day of writing."""
    if unit not in ELAPSED_UNITS:
        return False
    clause = _clause_before(sentence, start)
    clause = clause[: _HEDGE_LEAD.search(clause).start()] if _HEDGE_LEAD.search(clause) else clause
    if _PAST_PERIOD.search(clause) or _FIRST_IN.search(clause):
        return True
    after = _clause_after(sentence, end)
    so_far = _AFTER.search(clause) or (
        _PERFECT_FOR.search(clause) and _PRESENT_PERFECT.search(clause)
    )
    length_of = "-" in sentence[start:end] or _LENGTH_OF.match(after)
    if not (so_far or length_of):
        return False
    next_words = " ".join(after.split()[:AFTER_WORDS])
    return not (_TERM_OR_FUTURE.search(clause) or _TERM_OR_FUTURE.search(next_words))
