"""Is this the same fact? The checks that decide whether two values (or the two sentences
they come from) report one fact, so that a difference between them is a conflict, or two
different facts, so that both can be true. Each is a named function:

Values
- `comparable`: same type, and for figures the same subject (`same_subject`), for quotes
  the same remark (`same_quote`).
- `same_subject`: two figures count the same concept, or money is in the same currency.
- `concepts_differ`: both figures say what they count, and it differs (an age never counts).
- `same_quote`: two renderings of one remark (most words shared, in much the same order).
- `facts`: a sentence's values of one type that state its fact (not a date of the saying,
  not a figure restating another in other units).
- `bound_apart`: bound (values/clauses.py) to different facts: parts of different things
  ("17 percent of the shares" / "41 percent of the slots"), or counts of two parties both
  sentences name, each bound to another of them.
- `same_actor`: both bound to one named actor (its figure is the one to compare first).

The figures' contexts (`measures_other_thing`)
- qualifiers from one set that differ (private / public, average / median, weekly / yearly,
  revenue / profit, men / women ...);
- `role`: the old value, new value or size of a change ("to $2,800 from $2,500");
- `year_ago`: a figure framed as last year's against an undated one;
- `places_differ`: placed "in" somewhere the other sentence never names;
- `rate`: a figure per unit ("a share", "per call") against a total.

The sentences' times
- `taken_at_different_times`: explicit and different times of day or market moments,
  dates that do not fit (`dated_differently`), or a first report against a revised one
  (`first_and_later_report`);
- `periods_differ`: figures measured over different spans ("over the past 15 months").
"""

import re

from rapidfuzz import fuzz

from .compare import NUMERIC, compatible
from .values import WEEKDAYS, entity_key, extract_entities

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


SAME_QUOTE = 60  # token-set ratio for "a paraphrase of the same quote"


QUOTE_ORDER = 50  # ... with this plain ratio (word order and wording mostly kept)


def facts(values: list[dict], t: str) -> list[dict]:
    # A date that says when something was said is not part of the fact, nor is a figure
    # that only restates another in other units ("50 km (32 miles)").
    return [
        v for v in values if v["type"] == t and not v.get("reporting") and not v.get("conversion")
    ]


def comparable(a: dict, b: dict) -> bool:
    """Could these two values be two reports of one quantity?"""
    if a["type"] != b["type"]:
        return False
    if a["type"] in NUMERIC:
        return same_subject(a, b)
    if a["type"] == "quote":
        return same_quote(a, b)
    return True


def same_subject(a: dict, b: dict) -> bool:
    """Two figures are about the same thing when they count the same concept."""
    if a["type"] == "money":
        ca, cb = a.get("currency", ""), b.get("currency", "")
        return ca == cb or not (ca in KNOWN_CURRENCIES and cb in KNOWN_CURRENCIES)
    ca, cb = a.get("concept", ""), b.get("concept", "")
    return bool(ca and cb and ca[:4] == cb[:4])


def concepts_differ(a: dict, b: dict) -> bool:
    """Both figures say what they count, and it differs; an age is never a count of anything."""
    ca, cb = a.get("concept", ""), b.get("concept", "")
    return bool(ca and cb and ca[:4] != cb[:4]) or (ca == "age") != (cb == "age")


def same_quote(a: dict, b: dict) -> bool:
    """Two renderings of one remark: most words shared (token-set), and not only a few
    words shared in a different sentence ("political transition" in two remarks)."""
    x, y = a["normalized"], b["normalized"]
    return fuzz.token_set_ratio(x, y) >= SAME_QUOTE and fuzz.ratio(x, y) >= QUOTE_ORDER


def measures_other_thing(x: dict, text_x: str, y: dict, text_y: str) -> bool:
    """Two figures of one kind measure different things when their contexts qualify them
    differently: "private" / "public" tuition, an "average" / a "median", a weekly / a
    yearly salary, revenue / profit, or the old / new value of a change ("to $2,800 from
    $2,500"), or their clauses bind them apart (`bound_apart`)."""
    if not text_x or not text_y:
        return False
    if bound_apart(x, y, _names(text_x), _names(text_y)):
        return True
    wx, wy = _context_words(text_x, x), _context_words(text_y, y)
    for qualifiers in _QUALIFIER_SETS:
        qx = {qualifiers[w] for w in wx if w in qualifiers}
        qy = {qualifiers[w] for w in wy if w in qualifiers}
        if qx and qy and not qx & qy:
            return True
    rx, ry = role(text_x, x), role(text_y, y)
    if rx and ry and rx != ry:
        return True
    if {year_ago(text_x, x), year_ago(text_y, y)} == {"framed", ""} or places_differ(
        text_x, x, text_y, y
    ):
        return True
    return rate(text_x, x) != rate(text_y, y)


_CONTEXT_BEFORE = (
    4  # words before a figure that say what it measures ("tuition at public colleges averaged")
)


_CONTEXT_AFTER = 3


_CONTEXT_STOP = frozenset(
    (
        "the a an of to in and or for on at by with from that this these those is was were are"
        " be been has have had it its as said says will would not but he she they we his her"
        " their who which also than more about was some nearly almost around over under just"
        " only least most less than"
    ).split()
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


# The word right before a figure that gives its role in a change: old value, new value, size
# of change.
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


_PLACE = re.compile(r"\b[Ii]n\s+((?:[A-Z][\w.'-]+\s?)+)")


_ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|reported|reports|announced|according to)\b", re.IGNORECASE
)


def places_differ(text_x: str, x: dict, text_y: str, y: dict) -> bool:
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
    r"\b(?:last year|a year (?:ago|earlier|before)|year-(?:ago|earlier)"
    r"|the (?:previous|prior) year|"
    r"the year before|same (?:quarter|period|month|week) (?:of )?(?:last|a|the previous) year)\b",
    re.IGNORECASE,
)


_BASE_OF_CHANGE = re.compile(
    r"\b(?:from|than|compared with|compared to|versus|vs|over|against|since)\s+(?:\S+\s+){0,4}$",
    re.IGNORECASE,
)


def year_ago(text: str, v: dict) -> str:
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


def role(text: str, v: dict) -> str:
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


def rate(text: str, v: dict) -> str:
    """The unit a figure is given per ("$11,000 per call", "$213,000 a game"), '' for a total."""
    if v.get("end") is None:
        return ""
    # Up to two unit words may come first ("cents a share"), not a preposition ("for an album").
    m = re.match(
        r"\s*(?:(?!(?:for|of|in|on|to|at|from|with|by)\b)\w+\s+){0,2}?(?:per|a|an|each)\s+([a-z]+)",
        text[v["end"] :].lower(),
    )
    return m.group(1)[:5] if m else ""


def taken_at_different_times(text_a: str, text_b: str, values_a=(), values_b=()) -> bool:
    """The two sentences time their figures explicitly and differently: "in afternoon
    trading" / "closed at", "by 1018 GMT" / "by 0835 GMT", "by 10 p.m." / "early Monday",
    dates that do not fit each other, or one gives a figure's first report and the other a
    later one ("initially said about 300" / "later revised"). Figures from two moments are
    both true."""
    if not text_a or not text_b:
        return False
    if dated_differently(values_a, values_b, text_a, text_b) or first_and_later_report(
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


def dated_differently(values_a, values_b, text_a: str = "", text_b: str = "") -> bool:
    """Each sentence dates its fact, and no date of one fits a date of the other ("as of
    Wednesday, 65 cases" / "as of Monday, 66 cases")."""
    # (The paper's own day, "on Friday" in Friday's paper, dates nothing of its own, and a date
    # after "below" or "than" dates the figure compared with, not the fact.)
    da = [
        d
        for d in facts(values_a, "date")
        if not d.get("publication_day") and not _dates_comparison(text_a, d)
    ]
    db = [
        d
        for d in facts(values_b, "date")
        if not d.get("publication_day") and not _dates_comparison(text_b, d)
    ]
    return bool(da and db) and not any(
        compatible(x, y) and not _weekdays_differ(x, y) for x in da for y in db
    )


_COMPARISON = re.compile(r"\b(?:below|above|than|compared|versus|vs)\b[^,;]*$", re.IGNORECASE)


def _dates_comparison(text: str, date: dict) -> bool:
    """The date follows a comparison in its clause: "below 611 million at the same point
    Thursday"."""
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


def first_and_later_report(text_a: str, text_b: str) -> bool:
    """One sentence gives the first report of a figure ("initially said about 300"), the
    other a later or revised one."""
    stages = {_revision_stage(text_a), _revision_stage(text_b)}
    return "first" in stages and len(stages) == 2


def periods_differ(values_a, values_b) -> bool:
    """Each sentence measures its figures over a span ("up 33 percent over the past 15
    months" / "up 9 percent in the past six weeks") and the spans differ: two measures."""
    pa = [v for v in facts(values_a, "duration") if v.get("period")]
    pb = [v for v in facts(values_b, "duration") if v.get("period")]
    return bool(pa and pb) and not any(compatible(x, y) for x in pa for y in pb)


def bound_apart(a: dict, b: dict, names_a=(), names_b=()) -> bool:
    """Two values are about different facts: they say what they are a part of and it
    differs, or they are counts bound to two parties that both sentences name, each count to
    another of them ("Norland released 50 prisoners, and Vestria freed 30" / "Vestria handed
    over 35 to Norland"; `names_a`, `names_b`: the names each sentence states). Actors that
    are merely named differently ("Russia-US" / "the United States and NATO"), or that one
    sentence does not name at all, are not told apart."""
    counts_a, counts_b = a.get("counts") or [], b.get("counts") or []
    if counts_a and counts_b and counts_a[0][:4] != counts_b[0][:4]:
        # Parts of different things ("of the shares" / "of the slots"), unless one is what
        # owns the other ("of the market" / "of the market's revenue").
        if counts_a[0][:4] not in {w[:4] for w in counts_b[1:]} and counts_b[0][:4] not in {
            w[:4] for w in counts_a[1:]
        }:
            return True
    if a["type"] not in _COUNTED or b["type"] not in _COUNTED:
        return False
    actors_a, actors_b = a.get("actor") or (), b.get("actor") or ()
    if not actors_a or not actors_b or _names_shared(actors_a, actors_b):
        return False
    return _names_shared(actors_a, names_b) and _names_shared(actors_b, names_a)


_COUNTED = ("number", "percent", "money")


def same_actor(a: dict, b: dict) -> bool:
    """Both values are bound to an actor, and it is the same one (by name or its forms)."""
    return bool(a.get("actor") and b.get("actor") and _names_shared(a["actor"], b["actor"]))


def _names_shared(xs, ys) -> bool:
    """Some name of one is some name of the other: the same entity key, a word with the same
    first four letters ("Russia" / "Russian officials"), or an acronym of the other's words
    ("US" / "United States")."""

    def forms(names):
        out = set()
        for n in names:
            words = re.findall(r"[A-Za-z]+", n)
            out |= {w[:4].lower() for w in words if len(w) >= 3}
            out |= {w.lower() for w in words if w.isupper() and len(w) >= 2}
            initials = "".join(w[0] for w in words if w[0].isupper())
            if len(initials) >= 2:
                out.add(initials.lower())
        return out

    return bool({entity_key(x) for x in xs} & {entity_key(y) for y in ys} or forms(xs) & forms(ys))


def _names(text: str) -> list[str]:
    return [e["text"] for e in extract_entities(text)]
