"""Compare the values of sentences that state the same fact: agree, diverge or unique.

Values of one type are matched across two sentences; what one side leaves out is not a
conflict. Values conflict only when both sides have a value of the same type about the
same thing (the same counted concept, currency, date slot, quote) that nothing on the
other side is compatible with. Compatibility understands hedges ("at least 30" holds 32),
rounding ("about 1,200" holds 1,187; "17" holds 17.3) and vague counts ("dozens").
"""

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .values import HEDGES, WEEKDAYS, entity_key, extract_entities

VERSION = "compare-4"

NUMERIC = ("number", "percent", "money")
NUMERIC_OR_DURATION = ("number", "percent", "money", "duration")
COMPARED = ("number", "percent", "money", "date", "duration", "quote")
APPROX = 0.10  # "about", "some", "around": within 10%
KNOWN_CURRENCIES = {"USD", "EUR", "GBP", "JPY", "RUB", "CNY", "INR", "TRY", "CHF", "CAD", "AUD"}
# Counted concepts that name a kind of thing; two different ones are two different facts.
CONCEPT_CLASSES = {
    "killed",
    "injured",
    "missing",
    "displaced",
    "arrested",
    "destroyed",
    "troops",
    "vehicles",
    "buildings",
    "aircraft",
    "flights",
    "people",
    "km",
    "m",
    "mile",
    "kg",
    "lb",
    "tonne",
    "cubic",
}
SAME_WORDS = 90  # rapidfuzz ratio for "the same quote"
SAME_QUOTE = 60  # token-set ratio for "a paraphrase of the same quote"
QUOTE_ORDER = 50  # ... with this plain ratio (word order and wording mostly kept)


@dataclass
class Conflict:
    type: str
    a: dict
    b: dict


@dataclass
class PairComparison:
    conflicts: list = field(default_factory=list)
    matches: list = field(default_factory=list)  # (type, a, b) compatible values about one thing
    shared_types: set = field(default_factory=set)

    @property
    def relation(self):
        return "diverge" if self.conflicts else "agree"


def _precision(x: float, scaled: bool = True, written_decimals: int = 0) -> float:
    """Half the unit of the last digit an exact figure was written to: '17.3' -> 0.05,
    '$31.20' -> 0.005, '4.2 million' -> 50,000, so a figure agrees with its own rounding
    ('17' with '17.3'). A plain integer below a thousand ('300') is taken as exact: without
    a hedge, its trailing zeros are no promise of rounding; from a thousand up they are
    ('$42,400' holds '$42,409')."""
    if not float(x).is_integer() or written_decimals:
        decimals = len(f"{x:.10g}".split(".")[1]) if "." in f"{x:.10g}" else 0
        return 0.49 * 10 ** -max(decimals, written_decimals)
    if not scaled and abs(x) < 1000:
        return 0.49
    n, unit = int(abs(x)), 1
    while n and n % 10 == 0:
        n //= 10
        unit *= 10
    return 0.49 * unit


def _written(v: dict) -> float:
    """The figure as written: the count of a duration's unit ('60,000 years' -> 60000)."""
    if v["type"] == "duration":
        return float(v["normalized"].split()[0])
    return float(v.get("value", 0.0))


def _written_decimals(v: dict) -> int:
    """Digits written after the decimal point of an unscaled figure ('$31.20' -> 2); a
    fraction ('2 1/2') is exact."""
    if re.search(r"\d/\d", v.get("text") or ""):
        return 6
    m = re.search(r"\d\.(\d+)", v.get("text") or "")
    return len(m.group(1)) if m and not v.get("scaled") else 0


def interval(v: dict) -> tuple[float, float]:
    """The values a stated figure allows, hedge and rounding included."""
    if v.get("low") is not None and v.get("high") is not None:
        lo, hi = float(v["low"]), float(v["high"])
    else:
        x, p = _point(v), _half_step(v)
        lo, hi = x - p, x + p
    kind = HEDGES.get(v.get("hedge") or "")
    # A bound is the figure itself, not its rounding: "over $2 billion" does not hold $1.8 billion.
    if kind in ("min", "gt"):
        return _point(v), float("inf")
    if kind in ("max", "lt"):
        return 0.0, _point(v)
    if kind == "approx":
        return lo * (1 - APPROX), hi * (1 + APPROX)
    if kind == "approx_below":
        return lo * (1 - 2 * APPROX), hi
    return lo, hi


def _point(v: dict) -> float:
    return float(v.get("value", v.get("seconds", 0.0)))


def _numbers_compatible(a: dict, b: dict) -> bool:
    """Overlapping ranges; a strict hedge ("more than 2") excludes its own figure, so the
    exact "2" conflicts with it while "2.4" does not."""
    kind_a, kind_b = HEDGES.get(a.get("hedge") or ""), HEDGES.get(b.get("hedge") or "")
    if a.get("range") and b.get("range"):
        return _ranges_agree(a, b)
    for x, y, kind in ((a, b, kind_a), (b, a, kind_b)):
        # ("1.6 million" is itself rounded, so "more than 1.6 million" may hold it.)
        if kind in ("gt", "lt") and not y.get("hedge") and y.get("low") is None and not _rounded(y):
            return _point(y) > _point(x) if kind == "gt" else _point(y) < _point(x)
    direction = {
        "min": "up",
        "gt": "up",
        "max": "down",
        "lt": "down",
        "approx": "about",
        "approx_below": "about",
    }
    if (
        kind_a
        and direction.get(kind_a) == direction.get(kind_b)
        and a.get("low") is None
        and b.get("low") is None
    ):
        # "at least 23" / "at least 26", "about 19" / "about 21": two sources bounding or
        # estimating one figure differently disagree on it.
        return abs(_point(a) - _point(b)) <= max(_unit(a), _unit(b)) / 2
    lo_a, hi_a = interval(a)
    lo_b, hi_b = interval(b)
    if lo_a <= hi_b and lo_b <= hi_a:
        return True
    if not kind_a and not kind_b and a.get("low") is None and b.get("low") is None:
        # A figure written to a scale cut short rather than rounded: "$247 billion" for
        # "$247.7 billion" (a plain "five" is no cut of "5.8").
        coarse, fine = (a, b) if _unit(a) >= _unit(b) else (b, a)
        unit = _unit(coarse)
        return (
            unit > _unit(fine)
            and _rounded(coarse)
            and _point(coarse) <= _point(fine) < _point(coarse) + unit
        )
    return False


def _ranges_agree(a: dict, b: dict) -> bool:
    """Two stated ranges ("$10 billion-$15 billion" / "$12 billion-$14 billion") agree only
    when both ends do, each to its rounding: a range inside another is a different estimate."""
    return all(
        _numbers_compatible(
            {"type": a["type"], "value": a[end]}, {"type": b["type"], "value": b[end]}
        )
        for end in ("low", "high")
    )


def _unit(v: dict) -> float:
    """The step a figure was written to: 1 for '17', 0.1 for '17.3', 1e8 for '6.3 billion'."""
    return 2 * _half_step(v) / 0.98


def _rounded(v: dict) -> bool:
    """Written to a scale ('4.2 million'), or a length of time with trailing zeros ('20 years')."""
    if v["type"] == "duration":
        written = _written(v)
        return written >= 10 and written % 10 == 0
    return bool(v.get("scaled"))


def _half_step(v: dict) -> float:
    """`_precision` of a figure in the units of its value (seconds for a duration). A length
    of time is rounded where its count has trailing zeros ('60,000 years'), and otherwise
    meant as said ('2 weeks' is not 2 1/2, 'one hour' not 40 minutes)."""
    written = _written(v)
    if v["type"] == "duration":
        p = _precision(written) if _rounded(v) else 0.049
    else:
        p = _precision(written, v.get("scaled", False), _written_decimals(v))
    return p * (_point(v) / written if written else 1.0)


def _concepts_differ(a: dict, b: dict) -> bool:
    """Both figures say what they count, and it differs; an age is never a count of anything."""
    ca, cb = a.get("concept", ""), b.get("concept", "")
    return bool(ca and cb and ca[:4] != cb[:4]) or (ca == "age") != (cb == "age")


def _same_subject(a: dict, b: dict) -> bool:
    """Two figures are about the same thing when they count the same concept."""
    if a["type"] == "money":
        ca, cb = a.get("currency", ""), b.get("currency", "")
        return ca == cb or not (ca in KNOWN_CURRENCIES and cb in KNOWN_CURRENCIES)
    ca, cb = a.get("concept", ""), b.get("concept", "")
    return bool(ca and cb and ca[:4] == cb[:4])


def compatible(a: dict, b: dict) -> bool:
    t = a["type"]
    if t in NUMERIC or t == "duration":
        return _numbers_compatible(a, b)
    if t == "date":
        x, y = a["normalized"], b["normalized"]
        if (
            not x[:1].isdigit()
            and not x.startswith("--")
            or not y[:1].isdigit()
            and not y.startswith("--")
        ):
            return True  # "Thursday" with no publication date to place it: nothing to compare
        if x.startswith("--") != y.startswith("--"):
            # "July 3" (no year known) against "2003-07-03": compare what both state.
            x, y = (x[2:], y[5:]) if x.startswith("--") else (x[5:], y[2:])
        return x.startswith(y) or y.startswith(x)
    if t == "quote":
        return not speakers_differ(a, b)
    return a.get("normalized") == b.get("normalized")


def comparable(a: dict, b: dict) -> bool:
    """Could these two values be two reports of one quantity?"""
    if a["type"] != b["type"]:
        return False
    if a["type"] in NUMERIC:
        return _same_subject(a, b)
    if a["type"] == "quote":
        return same_quote(a, b)
    return True


def same_quote(a: dict, b: dict) -> bool:
    """Two renderings of one remark: most words shared (token-set), and not only a few
    words shared in a different sentence ("political transition" in two remarks)."""
    x, y = a["normalized"], b["normalized"]
    return fuzz.token_set_ratio(x, y) >= SAME_QUOTE and fuzz.ratio(x, y) >= QUOTE_ORDER


def speakers_differ(a: dict, b: dict) -> bool:
    sa, sb = a.get("speaker") or "", b.get("speaker") or ""
    if (
        not sa
        or not sb
        or sa.lower() in ("he", "she", "they")
        or sb.lower() in ("he", "she", "they")
    ):
        return False
    return entity_key(sa.split()[-1]) != entity_key(sb.split()[-1])


def quote_relation(a: dict, b: dict) -> str:
    """'same words', 'paraphrase' or 'different speaker' for two reports of one quote."""
    if speakers_differ(a, b):
        return "different speaker"
    return (
        "same words" if fuzz.ratio(a["normalized"], b["normalized"]) >= SAME_WORDS else "paraphrase"
    )


def _facts(values: list[dict], t: str) -> list[dict]:
    # A date that says when something was said is not part of the fact, nor is a figure
    # that only restates another in other units ("50 km (32 miles)").
    return [
        v for v in values if v["type"] == t and not v.get("reporting") and not v.get("conversion")
    ]


_CONTEXT_BEFORE = (
    4  # words before a figure that say what it measures ("tuition at public colleges averaged")
)
_CONTEXT_AFTER = 3
_CONTEXT_STOP = frozenset(
    "the a an of to in and or for on at by with from that this these those is was were are be been has have had "
    "it its as said says will would not but he she they we his her their who which also than more about was "
    "some nearly almost around over under just only least most less than".split()
)


def _context_words(text: str, v: dict) -> list[str]:
    """The content words next to a figure in its own clause: what it measures."""
    if not text or v.get("start") is None:
        return []
    before = re.findall(r"[a-z][a-z'-]*|\d[\d,.]*|[,;:()]", text[: v["start"]].lower())[::-1]
    after = re.findall(r"[a-z][a-z'-]*|\d[\d,.]*|[,;:()]", text[v["end"] :].lower())
    out = []
    for tokens, limit in ((before, _CONTEXT_BEFORE), (after, _CONTEXT_AFTER)):
        for t in tokens[:limit]:
            if t in ",;:()" or t[0].isdigit():
                break
            if t not in _CONTEXT_STOP and len(t) > 2:
                out.append(t)
    return out


# Qualifiers that make one figure a different measure from another of the same kind: two
# figures whose contexts pick different members of one set count different things.
_QUALIFIER_SETS = [
    {"private": "private", "public": "public", "state": "public", "community": "community"},
    {
        "average": "mean",
        "mean": "mean",
        "median": "median",
        "total": "total",
        "combined": "total",
        "each": "each",
    },
    {
        "weekly": "week",
        "week": "week",
        "monthly": "month",
        "month": "month",
        "annual": "year",
        "yearly": "year",
        "year": "year",
        "daily": "day",
        "day": "day",
        "quarterly": "quarter",
        "game": "game",
    },
    {"net": "net", "gross": "gross", "operating": "operating"},
    {
        "revenue": "revenue",
        "revenues": "revenue",
        "sales": "revenue",
        "profit": "income",
        "earnings": "income",
        "earned": "income",
        "income": "income",
        "loss": "income",
        "salary": "salary",
        "bonus": "bonus",
    },
    {"men": "men", "women": "women", "boys": "boys", "girls": "girls"},
    {
        "domestic": "domestic",
        "foreign": "foreign",
        "international": "foreign",
        "overseas": "foreign",
    },
    {
        "high": "high",
        "highest": "high",
        "low": "low",
        "lowest": "low",
        "minimum": "min",
        "maximum": "max",
    },
]
# The word right before a figure that gives its role in a change: old value, new value, size of change.
_ROLE = {
    "from": "old",
    "to": "new",
    "at": "new",
    "by": "change",
    "up": "change",
    "down": "change",
    "off": "change",
    "rose": "change",
    "fell": "change",
    "gained": "change",
    "lost": "change",
    "dropped": "change",
    "climbed": "change",
    "slipped": "change",
    "added": "change",
    "shed": "change",
    "jumped": "change",
    "increased": "change",
    "decreased": "change",
    "declined": "change",
    "averaged": "new",
    "totaled": "new",
    "totalled": "new",
    "reached": "new",
    "stood": "new",
}
# Words between a figure and the one it restates ("down 3.8 percent, or 66 cents"): the
# restatement has the role of the figure before it.
_RESTATED_UNITS = {
    "or",
    "percent",
    "per",
    "cent",
    "cents",
    "pct",
    "points",
    "point",
    "pence",
    "a",
    "share",
}
_HEDGE_WORDS = {
    "almost",
    "nearly",
    "about",
    "around",
    "some",
    "roughly",
    "approximately",
    "just",
    "more",
    "less",
    "than",
    "over",
    "under",
    "least",
    "most",
    "only",
    "up to",
    "as",
    "much",
    "a",
    "full",
}


def _measures_other_thing(x: dict, text_x: str, y: dict, text_y: str) -> bool:
    """Two figures of one kind measure different things when their contexts qualify them
    differently: "private" / "public" tuition, an "average" / a "median", a weekly / a
    yearly salary, revenue / profit, or the old / new value of a change ("to $2,800 from
    $2,500")."""
    if not text_x or not text_y:
        return False
    wx, wy = _context_words(text_x, x), _context_words(text_y, y)
    for qualifiers in _QUALIFIER_SETS:
        qx = {qualifiers[w] for w in wx if w in qualifiers}
        qy = {qualifiers[w] for w in wy if w in qualifiers}
        if qx and qy and not qx & qy:
            return True
    rx, ry = _role(text_x, x), _role(text_y, y)
    if rx and ry and rx != ry:
        return True
    if {_year_ago(text_x, x), _year_ago(text_y, y)} == {"framed", ""} or _places_differ(
        text_x, x, text_y, y
    ):
        return True
    return _rate(text_x, x) != _rate(text_y, y)


_PLACE = re.compile(r"\b[Ii]n\s+((?:[A-Z][\w.'-]+\s?)+)")
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|reported|reports|announced|according to)\b", re.IGNORECASE
)


def _places_differ(text_x: str, x: dict, text_y: str, y: dict) -> bool:
    """One figure is placed "in" somewhere the other sentence never names, and the other
    figure is led by a name the first sentence never names ("U.S. same-store sales rose 8.8
    per cent" / "same-store sales in Canada rose by 6.7 per cent"; "In Ventura County, ..."
    / "... Texas beaches ...")."""
    if x.get("start") is None or y.get("start") is None:
        return False
    for (ta, a), (tb, b) in (((text_x, x), (text_y, y)), ((text_y, y), (text_x, x))):
        places = [m.group(1) for m in _PLACE.finditer(_lead(ta, a))]
        lead_b = [e["text"] for e in extract_entities(_lead(tb, b))]
        if any(_unnamed_in(p, tb) for p in places) and any(_unnamed_in(n, ta) for n in lead_b):
            return True
    return False


def _lead(text: str, v: dict) -> str:
    """The words before a figure that say what it is about, after any attribution ("Iraqi
    police said" names a source, not the thing counted)."""
    lead = text[: v["start"]]
    said = list(_ATTRIBUTION.finditer(lead))
    return lead[said[-1].end() :] if said else lead


def _unnamed_in(name: str, text: str) -> bool:
    """No word of the name occurs in the text, compared by their first four letters ("New
    York" is named in "New York Stock Exchange", "Syria" in "Syrian state television")."""

    def stems(s):
        return {w[:4] for w in re.findall(r"[a-z]{2,}", s.lower().replace(".", ""))}

    return not stems(name) & stems(text)


_YEAR_AGO = re.compile(
    r"\b(?:last year|a year (?:ago|earlier|before)|year-(?:ago|earlier)|the (?:previous|prior) year|"
    r"the year before|same (?:quarter|period|month|week) (?:of )?(?:last|a|the previous) year)\b",
    re.IGNORECASE,
)
_BASE_OF_CHANGE = re.compile(
    r"\b(?:from|than|compared with|compared to|versus|vs|over|against|since)\s+(?:\S+\s+){0,4}$",
    re.IGNORECASE,
)


def _year_ago(text: str, v: dict) -> str:
    """'framed' when the sentence gives the figure as last year's, before it ("Compared with
    the same quarter last year, Cisco earned $729 million"; "Last year, the board raised
    rents by 2 percent") or set back after it ("earned 14 cents a share a year earlier");
    'dated' when a plain "last year" after it only dates it; '' otherwise. A year-ago base
    of a change ("rose to $2 billion from $1.8 billion a year earlier") frames nothing.
    A framed figure measures another year than an undated one."""
    if not text or v.get("start") is None:
        return ""
    found = [
        m
        for m in _YEAR_AGO.finditer(text)
        if m.start() < v["start"]
        or not _BASE_OF_CHANGE.search(text[max(0, m.start() - 40) : m.start()])
    ]
    if any(m.start() < v["start"] or m.group().lower() != "last year" for m in found):
        return "framed"
    return "dated" if found else ""


def _role(text: str, v: dict) -> str:
    """'old', 'new' or 'change': what the figure is in a movement ("down $1.85 at $8.07")."""
    if v.get("start") is None:
        return ""
    words = [
        w for w in re.findall(r"[a-z]+", text[: v["start"]].lower()[-40:]) if w not in _HEDGE_WORDS
    ]
    if words and words[-1] == "or":
        while words and words[-1] in _RESTATED_UNITS:
            words.pop()
    return _ROLE.get(words[-1], "") if words else ""


def _rate(text: str, v: dict) -> str:
    """The unit a figure is given per ("$11,000 per call", "$213,000 a game"), '' for a total."""
    if v.get("end") is None:
        return ""
    # Up to two unit words may come first ("cents a share"), not a preposition ("for an album").
    m = re.match(
        r"\s*(?:(?!(?:for|of|in|on|to|at|from|with|by)\b)\w+\s+){0,2}?(?:per|a|an|each)\s+([a-z]+)",
        text[v["end"] :].lower(),
    )
    return m.group(1)[:5] if m else ""


_CLOSE = re.compile(r"\b(?:closed|closing|close|finished|ended|settled)\b", re.IGNORECASE)
_INTRADAY = re.compile(
    r"\b(?:(?:early|morning|midday|mid-day|afternoon|late|electronic|after-hours|overnight)\s+"
    r"trading|in\s+trading|as\s+of\s+\d{1,2}:\d\d|by\s+\d{3,4}\s*(?:GMT|EDT|EST|BST|CET|UTC)|by\s+\d{1,2}:\d\d)",
    re.IGNORECASE,
)
_CLOCK = re.compile(
    r"\b(\d{1,2}:\d\d|\d{4}(?=\s*(?:GMT|EDT|EST|BST|CET|UTC))|\d{1,2}(?=\s*[ap]\.m\.))",
    re.IGNORECASE,
)


_PART_OF_DAY = re.compile(
    r"\b(?:early|late|midday|mid-day)\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|today|yesterday)\b|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)\s+(?:morning|afternoon|evening|night)\b",
    re.IGNORECASE,
)


def _market_time(text: str) -> str:
    """'close' or 'intraday' when a market figure says when it was taken, else ''."""
    close, intraday = bool(_CLOSE.search(text)), bool(_INTRADAY.search(text))
    return "close" if close and not intraday else "intraday" if intraday and not close else ""


def _dated_differently(values_a, values_b, text_a: str = "", text_b: str = "") -> bool:
    """Each sentence dates its fact, and no date of one fits a date of the other ("as of
    Wednesday, 65 cases" / "as of Monday, 66 cases")."""
    # (The paper's own day, "on Friday" in Friday's paper, dates nothing of its own, and a date
    # after "below" or "than" dates the figure compared with, not the fact.)
    da = [
        d
        for d in _facts(values_a, "date")
        if not d.get("publication_day") and not _dates_comparison(text_a, d)
    ]
    db = [
        d
        for d in _facts(values_b, "date")
        if not d.get("publication_day") and not _dates_comparison(text_b, d)
    ]
    return bool(da and db) and not any(
        compatible(x, y) and not _weekdays_differ(x, y) for x in da for y in db
    )


_COMPARISON = re.compile(r"\b(?:below|above|than|compared|versus|vs)\b[^,;]*$", re.IGNORECASE)


def _dates_comparison(text: str, date: dict) -> bool:
    """The date follows a comparison in its clause: "below 611 million at the same point Thursday"."""
    if not text or date.get("start") is None:
        return False
    return bool(_COMPARISON.search(text[max(0, date["start"] - 60) : date["start"]]))


def _weekdays_differ(x: dict, y: dict) -> bool:
    """'as of Wednesday' / 'as of Monday' with no publication date to place them: still two days."""
    return (
        x["normalized"] in WEEKDAYS
        and y["normalized"] in WEEKDAYS
        and x["normalized"] != y["normalized"]
    )


# Words that place a figure at a stage of its revision: the first report ("initially said
# about 300", "originally forecast") or a revised one ("later revised the numbers").
_FIRST_STAGE = re.compile(
    r"\b(?:initially|originally|at first|previous (?:forecast|estimate|guidance))\b", re.IGNORECASE
)
_REVISED_STAGE = re.compile(
    r"\b(?:revised|revising|revision|(?:raised|lowered|cut) its (?:\w+ )?"
    r"(?:forecast|guidance|estimate|outlook))\b",
    re.IGNORECASE,
)


def _revision_stage(text: str) -> str:
    """'first', 'revised' or '': the stage of a figure the sentence reports."""
    return (
        "first" if _FIRST_STAGE.search(text) else "revised" if _REVISED_STAGE.search(text) else ""
    )


def _first_and_later_report(text_a: str, text_b: str) -> bool:
    """One sentence gives the first report of a figure ("initially said about 300"), the
    other a later or revised one."""
    stages = {_revision_stage(text_a), _revision_stage(text_b)}
    return "first" in stages and len(stages) == 2


def _periods_differ(values_a, values_b) -> bool:
    """Each sentence measures its figures over a span ("up 33 percent over the past 15
    months" / "up 9 percent in the past six weeks") and the spans differ: two measures."""
    pa = [v for v in _facts(values_a, "duration") if v.get("period")]
    pb = [v for v in _facts(values_b, "duration") if v.get("period")]
    return bool(pa and pb) and not any(compatible(x, y) for x in pa for y in pb)


def taken_at_different_times(text_a: str, text_b: str, values_a=(), values_b=()) -> bool:
    """The two sentences time their figures explicitly and differently: "in afternoon
    trading" / "closed at", "by 1018 GMT" / "by 0835 GMT", "by 10 p.m." / "early Monday",
    dates that do not fit each other, or one gives a figure's first report and the other a
    later one ("initially said about 300" / "later revised"). Figures from two moments are
    both true."""
    if not text_a or not text_b:
        return False
    if _dated_differently(values_a, values_b, text_a, text_b) or _first_and_later_report(
        text_a, text_b
    ):
        return True
    ta, tb = _market_time(text_a), _market_time(text_b)
    if ta and tb and ta != tb:
        return True
    clocks_a, clocks_b = set(_CLOCK.findall(text_a)), set(_CLOCK.findall(text_b))
    if clocks_a and clocks_b:
        return not clocks_a & clocks_b
    # One side timed by the clock ("by 10 p.m."), the other by a part of a day ("early Monday").
    return bool(
        clocks_a and _PART_OF_DAY.search(text_b) or clocks_b and _PART_OF_DAY.search(text_a)
    )


def compare_values(
    values_a: list[dict],
    values_b: list[dict],
    lone_pairs: bool = True,
    text_a: str = "",
    text_b: str = "",
) -> PairComparison:
    """Conflicts and matches between two sentences' values. With `lone_pairs`, the one value
    of a type left unmatched on each side is taken to be about the same thing unless their
    concepts plainly differ ("28 people" / "27 victims")."""
    result = PairComparison()
    different_times = taken_at_different_times(text_a, text_b, values_a, values_b)
    different_periods = _periods_differ(values_a, values_b)
    for t in COMPARED:
        xs, ys = _facts(values_a, t), _facts(values_b, t)
        if not xs or not ys:
            continue
        result.shared_types.add(t)
        open_x, open_y = list(xs), list(ys)
        for x in xs:
            partner = next((y for y in ys if comparable(x, y) and compatible(x, y)), None)
            if partner is not None:
                result.matches.append((t, x, partner))
                open_x.remove(x)
                if partner in open_y:
                    open_y.remove(partner)
        for y in list(open_y):
            if any(comparable(x, y) and compatible(x, y) for x in xs):
                open_y.remove(y)
        if (different_times or different_periods) and t in NUMERIC:
            continue  # both figures can be true: no conflict to look for
        if different_periods and t == "duration":
            open_x, open_y = (
                [v for v in open_x if not v.get("period")],
                [v for v in open_y if not v.get("period")],
            )
        for x in list(open_x):
            partner = next(
                (
                    y
                    for y in open_y
                    if comparable(x, y)
                    and not (
                        t in NUMERIC_OR_DURATION and _measures_other_thing(x, text_a, y, text_b)
                    )
                ),
                None,
            )
            if partner is not None:
                result.conflicts.append(Conflict(t, x, partner))
                open_x.remove(x)
                open_y.remove(partner)
        if (
            lone_pairs
            and t in ("number", "percent", "money")
            and len(open_x) == 1
            and len(open_y) == 1
            and len(xs) == 1
            and len(ys) == 1
            and not _concepts_differ(open_x[0], open_y[0])
            and (t != "money" or _same_subject(open_x[0], open_y[0]))
            and not compatible(open_x[0], open_y[0])
            and not _measures_other_thing(open_x[0], text_a, open_y[0], text_b)
        ):
            result.conflicts.append(Conflict(t, open_x[0], open_y[0]))
        elif lone_pairs and t in NUMERIC:
            result.conflicts += _same_role_conflicts(t, open_x, open_y, text_a, text_b)
    return result


def _same_role_conflicts(t: str, open_x: list, open_y: list, text_a: str, text_b: str) -> list:
    """Figures that name no counted thing, but play the same part in a movement that each
    sentence gives once ("rose 15.82, or 0.9 percent, to 1,861.52" / "was up 17.48 points,
    or 0.95 percent, at 1,863.18": the two new levels), are one quantity."""

    def by_role(values, text):
        roles = {}
        for v in values:
            roles.setdefault(_role(text, v), []).append(v)
        return roles

    roles_x, roles_y = by_role(open_x, text_a), by_role(open_y, text_b)
    out = []
    for role, xs in roles_x.items():
        ys = roles_y.get(role, [])
        if not role or len(xs) != 1 or len(ys) != 1:
            continue
        x, y = xs[0], ys[0]
        if (
            not x.get("concept")
            and not y.get("concept")
            and (t != "money" or _same_subject(x, y))
            and not compatible(x, y)
            and not _measures_other_thing(x, text_a, y, text_b)
        ):
            out.append(Conflict(t, x, y))
    return out


# ------------------------------------------------------------------ claims


@dataclass
class Member:
    label: str  # how the reader knows the article ("000", or an outlet name)
    source: int  # independent source key: wire copies share one
    values: list  # every value of the sentence
    text: str = ""
    focus: list | None = (
        None  # the values this claim is about (one fact of a sentence that states several)
    )


@dataclass
class ClaimJudgement:
    verdict: str
    kind: str
    explanation: str
    independent_sources: int


_KIND_OF_TYPE = {
    "number": "number",
    "percent": "number",
    "money": "number",
    "date": "date",
    "duration": "duration",
    "quote": "quote",
}


def describe(v: dict) -> str:
    if v["type"] == "quote":
        return f"“{v['text']}” ({v.get('speaker') or 'unattributed'})"
    if v["type"] == "date":
        return f"{v['text']} ({v['normalized']})" if v["text"] != v["normalized"] else v["text"]
    return v.get("text") or v.get("normalized", "")


def _member_values(m: Member) -> list[dict]:
    return m.focus if m.focus is not None else m.values


def judge_claim(members: list[Member], one_fact: bool = False) -> ClaimJudgement:
    """Verdict, kind, explanation and independent sources of one claim. `one_fact`: the
    members' focus values are all reports of one fact (a fact claim), so a lone figure on
    each side is compared even when what it counts is worded differently."""
    sources = {m.source for m in members}
    conflicts, matches, shared = [], [], set()
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if a.source == b.source:
                continue
            # A focused claim is about one fact: its values are the same slot by construction.
            cmp = compare_values(
                _member_values(a),
                _member_values(b),
                lone_pairs=one_fact,
                text_a=a.text,
                text_b=b.text,
            )
            shared |= cmp.shared_types
            conflicts += [(a, b, c) for c in cmp.conflicts]
            matches += [(a, b, t, x, y) for t, x, y in cmp.matches]
    kind = _claim_kind(members, conflicts, shared)
    labels = ", ".join(sorted({m.label for m in members}))
    if len(sources) < 2:
        labels_set = sorted({m.label for m in members})
        who = (
            f"{labels_set[0]} reports"
            if len(labels_set) == 1
            else f"{', '.join(labels_set)} report"
        )
        extra = " (wire copies of one text)" if len(labels_set) > 1 else ""
        stated = [describe(v) for v in (members[0].focus or []) if v["type"] != "entity"]
        what = f": {'; '.join(stated[:3])}" if one_fact and stated else ""
        return ClaimJudgement("unique", kind, f"Only {who} this{extra}{what}.", len(sources))
    if conflicts:
        a, b, c = conflicts[0]
        if c.type == "quote":
            text = (
                f"{a.label} and {b.label} give the same words to different speakers: "
                f"{c.a.get('speaker')} vs {c.b.get('speaker')}"
            )
        else:
            text = (
                _sides(members, c)
                if one_fact
                else f"{a.label} says {describe(c.a)}; {b.label} says {describe(c.b)}"
            )
        return ClaimJudgement("diverge", _KIND_OF_TYPE.get(c.type, kind), text, len(sources))
    return ClaimJudgement("agree", kind, _agreement(labels, matches), len(sources))


def _sides(members: list[Member], c: Conflict) -> str:
    """'a1, a2 say 14 (killed); a3, a4, a5 say 17 (killed)': every outlet on the side of the
    conflicting value its own figure is compatible with."""
    sides = {0: [], 1: []}
    for m in members:
        vals = [v for v in _member_values(m) if v["type"] == c.type]
        for side, ref in ((0, c.a), (1, c.b)):
            if any(v is ref or (comparable(v, ref) and compatible(v, ref)) for v in vals):
                if m.label not in sides[side]:
                    sides[side].append(m.label)
                break
    parts = []
    for side, ref in ((0, c.a), (1, c.b)):
        labels = sorted(sides[side])
        verb = "says" if len(labels) == 1 else "say"
        concept = f" ({ref['concept']})" if ref["type"] == "number" and ref.get("concept") else ""
        parts.append(f"{', '.join(labels)} {verb} {describe(ref)}{concept}")
    return "; ".join(parts)


def _agreement(labels: str, matches: list) -> str:
    quotes = [(a, b, x, y) for a, b, t, x, y in matches if t == "quote"]
    if quotes:
        a, b, x, y = quotes[0]
        return (
            f"{labels} agree: the same quote ({quote_relation(x, y)} in {a.label} and {b.label})."
        )
    forms = []
    for _, _, t, x, y in matches:
        for v in (x, y):
            if describe(v) not in forms:
                forms.append(describe(v))
    return f"{labels} agree" + (f": {' / '.join(forms[:4])}." if forms else ".")


def _claim_kind(members, conflicts, shared) -> str:
    if conflicts:
        return _KIND_OF_TYPE.get(conflicts[0][2].type, "other")
    focus_types = {v["type"] for m in members if m.focus for v in m.focus}
    if focus_types and all(m.focus is not None for m in members):
        compared = shared or focus_types
        return next(
            (
                _KIND_OF_TYPE[t]
                for t in ("quote", "number", "percent", "money", "duration", "date")
                if t in focus_types and t in compared
            ),
            "event",
        )
    for t in ("quote", "number", "percent", "money", "duration", "date"):
        if t in shared:
            return _KIND_OF_TYPE[t]
    types = {v["type"] for m in members for v in m.values}
    return "event" if "entity" in types else "other"
