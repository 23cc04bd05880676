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
- `of_other_times`: bound to different times: one to a past time (`fact_time`: a date in
  its clause, or in its sentence's main clause, over a month before the day of writing) and
  the other to the news of the last weeks, or to two past times that do not meet ("killed
  612 in February" / "killed 10 on Sunday" in a November paper: a previous event's toll).

Facts of values (`of_other_facts`: the verdict's one question, "is their difference a
conflict?")
- `events_differ`: dates or lengths of two events (the nouns their clauses are about);
- `told_of_other_things`: figures bound apart by values/clauses.py: an increment, a share
  of a whole or places where something happened against a plain count; a part of the
  people counted (`parts_differ`); other places or directions (`places_apart`); people who
  did other things (`act`);
- `times_apart`: two fact times (`fact_time`) that are not one;
- `told_of_another_fact`: a figure told apart from the fact two disputed figures state (a
  disputed-fact card marks no such figure).

The figures' contexts (`measures_other_thing`)
- qualifiers from one set that differ (private / public, average / median, weekly / yearly,
  revenue / profit, men / women ...);
- `role`: the old value, new value or size of a change ("to $2,800 from $2,500");
- `places_differ`: placed "in" somewhere the other sentence never names;
- `rate`: a figure per unit ("a share", "per call") against a total;
- `ages_of_other_people`: two ages are one fact only when both are told of one named person
  ("Anna Berg, 47," / "the 38-year-old Berg"); the ages of a victim and a suspect, or of two
  unnamed people, are two facts.
"""

import datetime as dt
import re
from functools import lru_cache

from rapidfuzz import fuzz

from .compare import NUMERIC, NUMERIC_OR_DURATION
from .timespan import Days, date_days
from .values import entity_key, extract_entities

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


def of_other_facts(x: dict, text_x: str, y: dict, text_y: str) -> bool:
    """Two comparable values of one type that state different facts, so that their
    difference is no conflict: dates or lengths of other events (`events_differ`), figures
    that measure other things (`measures_other_thing`)."""
    if x["type"] in ("date", "duration") and events_differ(x, y):
        return True
    return x["type"] in NUMERIC_OR_DURATION and measures_other_thing(x, text_x, y, text_y)


def bound_to_other_fact(x: dict, y: dict) -> bool:
    """`of_other_facts` as the values' own bindings tell, without their sentences' words:
    dates or lengths of other events, figures told of other things (`told_of_other_things`).
    Cheap enough to ask of every member of a large claim."""
    if x["type"] in ("date", "duration") and events_differ(x, y):
        return True
    return x["type"] in NUMERIC_OR_DURATION and told_of_other_things(x, y)


def events_differ(x: dict, y: dict) -> bool:
    """Two dates or lengths bound to different events (values/clauses.py `event`: the heads
    of their clauses' subject and object): both subjects are known, and neither is the
    other's subject or object ("the aftershock shook Alta on Monday" / "the earthquake hit
    Alta on Sunday"). One event told actively and passively is one ("the governments
    suspended the talks" / "the talks were halted"); "the quake" is "the earthquake"."""
    (sx, ox), (sy, oy) = (x.get("event") or ["", ""]), (y.get("event") or ["", ""])
    if not sx or not sy:
        return False
    return not (_one_noun(sx, sy) or _one_noun(sx, oy) or _one_noun(ox, sy))


def _one_noun(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return bool(short) and (a == b or (len(short) >= 4 and long.endswith(short)))


# People counted by a part of them: "two women and a man died" counts the women among the
# dead, not the dead. Such a count is compared only with a count of the same part.
_PARTS = "woman man child boy girl adult baby infant teenager minor"
PARTS_OF_PEOPLE = {w: w for w in _PARTS.split()} | {w + "s": w for w in _PARTS.split()}
PARTS_OF_PEOPLE |= {"women": "woman", "men": "man", "children": "child", "babies": "baby"}


def parts_differ(x: dict, y: dict) -> bool:
    """One count is of a part of the people counted (PARTS_OF_PEOPLE) and the other is not of
    that part ("two women died" / "three people died")."""
    px = PARTS_OF_PEOPLE.get(x.get("noun") or "")
    py = PARTS_OF_PEOPLE.get(y.get("noun") or "")
    return px != py


# Two compass directions further apart than this are no one distance ("south" / "south-east"
# may be one, told roughly; "south-west" / "north" are two).
BEARING_SPREAD = 45


def places_apart(x: dict, y: dict) -> bool:
    """Two figures told of different places (values/clauses.py `place`, `bearing`): the
    populations of two places, distances from two places, or in directions more than
    BEARING_SPREAD degrees apart. A figure that names no place is told apart from none."""
    px, py = set(x.get("place") or ()), set(y.get("place") or ())
    if px and py and not px & py:
        return True
    bx, by = x.get("bearing"), y.get("bearing")
    if bx is None or by is None:
        return False
    return min(abs(bx - by), 360 - abs(bx - by)) > BEARING_SPREAD


# A figure flagged so (values/clauses.py) is compared only with one flagged the same: an
# increment, a share of a whole, a count of places where something else happened, a part in
# an aside breaking down a count ("five people - three with burns - were treated").
_PART_FLAGS = ("increment", "share", "where", "part")


def told_of_other_things(x: dict, y: dict) -> bool:
    """Two figures of one kind whose bindings (values/clauses.py) tell them apart: one is an
    increment ("two more victims"), a share of a whole, a count of places where something
    else happened or a part in an aside that breaks down a count, and the other is not
    (_PART_FLAGS); one counts a part of the people the
    other counts (`parts_differ`); they are told of other places (`places_apart`); or they
    count people who did different things (`act`: "20,000 people marched" / "hundreds of
    people smashed windows"). The size of a ranking's cut ("among the top 10") is no measured
    figure: two cuts are two statements, not a dispute."""
    return _other_part_or_act(x, y) or places_apart(x, y)


def _other_part_or_act(x: dict, y: dict) -> bool:
    """`told_of_other_things` but for places."""
    if any(bool(x.get(f)) != bool(y.get(f)) for f in _PART_FLAGS) or parts_differ(x, y):
        return True
    if x.get("cut") or y.get("cut"):
        return True
    return bool(x.get("act") and y.get("act") and x["act"][:4] != y["act"][:4])


def told_of_another_fact(v: dict, sides: tuple[dict, dict]) -> bool:
    """A figure told of another fact than the one two disputed figures (`sides`) state: its
    bindings tell it apart from a side's (another part, increment, cut or act), or it is told
    of a place and the sides name places, none of them its own ("100,000 nationwide" beside
    "20,000 in Dorvik" and an unplaced "30,000")."""
    if any(_other_part_or_act(v, side) for side in sides):
        return True
    named = set().union(*(side.get("place") or () for side in sides))
    return bool(v.get("place") and named) and not named & set(v["place"])


def measures_other_thing(x: dict, text_x: str, y: dict, text_y: str) -> bool:
    """Two figures of one kind measure different things when their bindings tell them apart
    (`told_of_other_things`), or their contexts qualify them differently: "private" /
    "public" tuition, an "average" / a "median", a weekly / a yearly salary, revenue /
    profit, or the old / new value of a change ("to $2,800 from $2,500"), or their clauses
    bind them apart (`bound_apart`)."""
    if told_of_other_things(x, y):
        return True
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
    if places_differ(text_x, x, text_y, y):
        return True
    if ages_of_other_people(x, text_x, y, text_y):
        return True
    return rate(text_x, x) != rate(text_y, y)


_NAME_WORD = r"[A-Z][\w'’-]+"
_NAME_BEFORE_AGE = re.compile(rf"({_NAME_WORD}(?:\s+{_NAME_WORD})*),\s*(?:aged\s+)?$")
_NAME_AFTER_AGE = re.compile(rf"^[\s-]*years?[\s-]old\s+({_NAME_WORD}(?:\s+{_NAME_WORD})*)")
_NOUN_AFTER_AGE = re.compile(r"^[\s-]*years?[\s-]old\s+([a-z]+)")


def age_of(v: dict, text: str) -> str:
    """Whom an age is told of: the surname key of the name before it ("Anna Berg, 47,") or
    after it ("the 47-year-old Berg"), else the noun after it ("a 47-year-old man": '~man');
    '' when nothing says."""
    if v.get("concept") != "age" or "start" not in v:
        return ""
    before = _NAME_BEFORE_AGE.search(text[: v["start"]])
    after = _NAME_AFTER_AGE.search(text[v["end"] :])
    if before or after:
        return entity_key((before or after).group(1).split()[-1])
    noun = _NOUN_AFTER_AGE.search(text[v["end"] :])
    return "~" + noun.group(1) if noun else ""


def ages_of_other_people(x: dict, text_x: str, y: dict, text_y: str) -> bool:
    """Two ages not told of one person (one name, or the same noun for an unnamed one: "a
    16-year-old boy" / "a 15-year-old boy"): a victim's and a suspect's age are two facts."""
    if x.get("concept") != "age" or y.get("concept") != "age":
        return False
    holder_x, holder_y = age_of(x, text_x), age_of(y, text_y)
    return not holder_x or holder_x != holder_y


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


@lru_cache(maxsize=65536)
def _names(text: str) -> tuple[str, ...]:
    """The names a sentence states; once per sentence, not once per pair of figures."""
    return tuple(e["text"] for e in extract_entities(text))


# A date whose last day is this many days or more before the day of writing places its
# clause's fact in the past: background to the news (a previous event, an earlier toll), not
# the news itself, which happened in the days before it was written.
BACKGROUND_DAYS = 31
_MAIN_TIME = ("main", "participle")  # clauses that happen when the main clause does


def fact_time(v: dict, values: list[dict], published: dt.date | None) -> Days | str | None:
    """When the fact of figure `v` (one of its sentence's `values`) happened, as its dates
    tell: the dates of its own clause, or, when it is in the main clause or a participle
    clause that dates nothing, of its sentence's main clause ("In February, a quake hit the
    town, killing 612 people"; a relative clause, "the 2019 clash, in which 12 died", has the
    time of its noun, a subordinate or coordinated one its own). "now" when they
    all fall in the BACKGROUND_DAYS before the day of writing (or after it: the news); the
    days they span when they all end before that (the past: background); None when the
    figure is undated, its dates are mixed or unplaced, the day of writing is unknown, or it
    is a length (it may run up to today). A date's time is itself. A start of a run ("since
    2011") dates no past event: the run goes on. An undated figure told in the present or
    the future (values/clauses.py `present`: "plans to cut 1,900 jobs") is "now"."""
    if published is None or v["type"] not in (*_COUNTED, "date") or v.get("role") == "start":
        return None
    dated = [d for d in facts(values, "date") if d.get("role") != "start"]
    dates = [d for d in dated if d.get("clause") == v.get("clause")]
    if v["type"] == "date":
        dates = [v]
    elif not dates and v.get("clause_kind") in _MAIN_TIME:
        dates = [d for d in dated if d.get("clause_kind") == "main"]
    if not dates and v.get("present"):
        return "now"
    days = [date_days(d.get("normalized", "")) for d in dates]
    if not days or None in days:
        return None
    limit = published.toordinal() - BACKGROUND_DAYS
    if all(d.last <= limit for d in days):
        return Days(min(d.first for d in days), max(d.last for d in days))
    return "now" if all(d.first > limit for d in days) else None


def of_other_times(
    x: dict, x_values: list, x_published, y: dict, y_values: list, y_published
) -> bool:
    """Two figures are bound to different times (`fact_time`): one to the past and the other
    to the news of the last weeks ("killed 612 in February" / "killed 10 on Sunday" in a
    November paper: a previous event's toll, not this one's), or to two past times that do
    not meet. An undated figure is told apart from nothing: it may be either. Two past dates
    are two reports of one date, or a conflict ("stopped in March 2014" / "in April 2014"),
    but a past date is no date of the news of the last weeks."""
    return times_apart(
        fact_time(x, x_values, x_published), fact_time(y, y_values, y_published), x["type"]
    )


def times_apart(tx, ty, x_type: str) -> bool:
    """of_other_times on the two figures' fact_time (tx, ty) and the first one's type: for
    callers that compute each figure's time once."""
    if tx is None or ty is None or tx == ty == "now":
        return False
    if tx == "now" or ty == "now":
        return True
    return x_type != "date" and not tx.meets(ty)
