"""Typed values in a sentence: numbers (with hedge and what they count), percentages,
money, dates (resolved against the article's publication date), durations, quotes with
their speaker, and named entities.

Every value is a plain dict so it can be stored as JSON on a claim member:
    {"type": "number", "text": "at least 30", "normalized": "30", "value": 30.0,
     "hedge": "at least", "noun": "people", "concept": "missing"}
Types: number, percent, money, date, duration, quote, entity.

`extract_values` reads one sentence; `extract_article_values` reads an article's sentences
in order, so that a quote's "he said" can borrow its speaker from the sentence before.
"""

import datetime as dt
import re
import unicodedata
from functools import lru_cache

VERSION = "values-4"

# ------------------------------------------------------------------ number words

_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if w != "_"
}
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
_SHORT_SCALES = {
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "tn": 1_000_000_000_000,
}
_NUMBER_WORD = "|".join(
    sorted(list(_UNITS) + list(_TENS) + list(_SCALES) + ["dozen"], key=len, reverse=True)
)
# Vague plurals: a range, so "dozens" agrees with 30 and not with 12.
_VAGUE_COUNTS = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999),
}
_FRACTIONS = {
    "half": 50.0,
    "a half": 50.0,
    "one half": 50.0,
    "a third": 100 / 3,
    "one third": 100 / 3,
    "one-third": 100 / 3,
    "two thirds": 200 / 3,
    "two-thirds": 200 / 3,
    "a quarter": 25.0,
    "one quarter": 25.0,
    "three quarters": 75.0,
    "three-quarters": 75.0,
    "a fifth": 20.0,
    "one fifth": 20.0,
    "a tenth": 10.0,
}

# Hedge -> the range it allows around its figure x: min [x, inf), gt (x, inf), max [0, x],
# lt [0, x), approx about x, approx_below a little under x.
HEDGES = {
    "at least": "min",
    "no fewer than": "min",
    "no less than": "min",
    "more than": "gt",
    "over": "gt",
    "upwards of": "gt",
    "in excess of": "gt",
    "some": "approx",
    "about": "approx",
    "around": "approx",
    "roughly": "approx",
    "approximately": "approx",
    "nearly": "approx_below",
    "almost": "approx_below",
    "close to": "approx_below",
    "just under": "approx_below",
    "up to": "max",
    "as many as": "max",
    "no more than": "max",
    "at most": "max",
    "fewer than": "lt",
    "less than": "lt",
    "under": "lt",
    "an estimated": "approx",
    "estimated": "approx",
    "below": "lt",
    "above": "gt",
    "as much as": "max",
    "as high as": "max",
    "as low as": "min",
}
_HEDGE_RE = "|".join(sorted(map(re.escape, HEDGES), key=len, reverse=True))

# "1,2 million": a decimal comma (Continental style), since a thousands comma takes three digits.
_DECIMAL_COMMA = r"\d{1,3},\d{1,2}(?=[\s-]?(?:million|billion|trillion)\b)"
_DIGITS = rf"{_DECIMAL_COMMA}|\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?<![\w.])\.\d+"
_WORDS = rf"(?:(?:{_NUMBER_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_NUMBER_WORD}))*)"
_NUMBER = re.compile(
    # "as much as about 16": the outer hedge bounds the figure; the inner one only softens it.
    rf"(?:\b(?P<hedge>{_HEDGE_RE})\s+(?:(?:about|around|some|roughly|approximately|nearly|almost)\s+)?)?"
    rf"(?P<cur>[$€£¥]|\b(?:USD|EUR|GBP|US\$)\s?)?"
    rf"(?:(?P<digits>{_DIGITS})(?:[\s-]?(?P<scale>{'|'.join(_SCALES)})\b|(?P<short>k|m|mn|bn|b|tn)\b)?"
    rf"|\b(?P<words>{_WORDS})\b)"
    rf"(?P<and_half>\s+and\s+a\s+half\b)?"
    rf"(?P<pct>\s?(?:%|percent\b|per cent\b|pct\b|pc\b))?",
    re.IGNORECASE,
)
_MIXED_FRACTION = re.compile(r"\s+(\d)/(\d{1,2})\b(?!/)")
_PERCENT_AFTER = re.compile(r"\s?(?:%|percent\b|per cent\b|pct\b)", re.IGNORECASE)
_VAGUE = re.compile(
    rf"(?:\b(?P<hedge>{_HEDGE_RE})\s+)?\b(?P<words>{'|'.join(sorted(_VAGUE_COUNTS, key=len, reverse=True))})"
    r"\s+of\b",
    re.IGNORECASE,
)
_SCALE_WORD = r"(?:hundred|thousand|million|billion|trillion)"
# "$10 billion-$15 billion", "between $7.6 billion and $7.8 billion"; not "rose $2.88 to $46.50", a
# change and a new level.
_MONEY_RANGE = re.compile(
    rf"(?:(?P<between>\bbetween\s+)|(?<!from\s))(?P<cur>[$€£¥])(?P<low>\d[\d,]*(?:\.\d+)?)(?:[\s-]?(?P<low_scale>{_SCALE_WORD}))?"
    rf"\s*(?P<sep>-|–|and)\s*(?P=cur)?(?P<high>\d[\d,]*(?:\.\d+)?)(?:[\s-]?(?P<scale>{_SCALE_WORD}))?\b",
    re.IGNORECASE,
)
# "three to four percentage points", "two or three people"; not "from three to four", a change.
_WORD_RANGE = re.compile(
    rf"(?<!from\s)\b(?P<low>{'|'.join(list(_UNITS)[1:] + list(_TENS))})\s+(?:to|or)\s+"
    rf"(?P<high>{'|'.join(list(_UNITS)[1:] + list(_TENS))})\b(?![\s-]+(?:{_NUMBER_WORD})\b)",
    re.IGNORECASE,
)
_RANGE = re.compile(
    r"(?:\bbetween\s+)?(?<![\d.,])(?P<low>\d[\d,]*(?:\.\d+)?)\s*(?:-|–|to|and)\s*"
    r"(?P<high>\d[\d,]*(?:\.\d+)?)(?:\s*(?P<scale>hundred|thousand|million|billion)\b)?(?![\d.,]*\d)"
)
_A_SCALE = re.compile(
    r"\b(?P<half>half\s+)?an?\s+(?P<scale>dozen|hundred|thousand|million|billion)\b(?!\s+of\b)",
    re.IGNORECASE,
)
_FRACTION = re.compile(
    rf"(?:\b(?P<hedge>{_HEDGE_RE})\s+)?\b(?P<words>{'|'.join(sorted(map(re.escape, _FRACTIONS), key=len, reverse=True))})"
    r"\s+of\b",
    re.IGNORECASE,
)

_CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "yuan": "CNY",
    "rupee": "INR",
    "rupees": "INR",
    "lira": "TRY",
    "liras": "TRY",
    "dinar": "",
    "dinars": "",
    "peso": "",
    "pesos": "",
    "franc": "",
    "francs": "",
    "krona": "",
    "kronor": "",
}
_CURRENCY_SYMBOLS = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "JPY",
}
_CURRENCY_CODE_BEFORE = re.compile(r"\b([A-Z]{3})\s?$")
_NOT_CURRENCY_CODES = {
    "THE",
    "AND",
    "FOR",
    "BUT",
    "NOT",
    "WAS",
    "ARE",
    "HAS",
    "HAD",
    "ITS",
    "WHO",
    "ALL",
}

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
# "over the past 15 months": the span a change or a total is measured over, not a length of an event.
_PERIOD_BEFORE = re.compile(
    r"\b(?:over|in|during|for|within)\s+the\s+(?:past|last|previous|preceding)\s+$", re.IGNORECASE
)
_BARE_DURATION = re.compile(
    r"\b(?:an?\s+)?(second|minute|hour|day|week|month|year)[\s-]long\b", re.IGNORECASE
)

# Measuring units written after a number ("5km", "5-kilometre", "five-kilometer"): one key per unit.
_UNIT_NOUNS = {
    "km": "km",
    "kilometre": "km",
    "kilometer": "km",
    "kilometres": "km",
    "kilometers": "km",
    "kms": "km",
    "metre": "m",
    "meter": "m",
    "metres": "m",
    "meters": "m",
    "mile": "mile",
    "miles": "mile",
    "kg": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "tonne": "tonne",
    "ton": "tonne",
    "tonnes": "tonne",
    "tons": "tonne",
    "cubic": "cubic",
    "pound": "lb",
    "pounds": "lb",
    "lb": "lb",
    "lbs": "lb",
}

_CLOCK_AFTER = re.compile(
    r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|EDT|EST|CET|BST|PDT|PST)", re.IGNORECASE
)

_STOP_NOUNS = {
    "of",
    "the",
    "a",
    "an",
    "and",
    "or",
    "in",
    "on",
    "at",
    "to",
    "from",
    "for",
    "by",
    "with",
    "who",
    "that",
    "which",
    "were",
    "was",
    "are",
    "is",
    "have",
    "had",
    "has",
    "been",
    "more",
    "than",
    "still",
    "now",
    "other",
    "their",
    "its",
    "his",
    "her",
    "new",
    "some",
    "all",
}

# What a count counts, as general news concepts: the event word nearest the number decides
# ("killing 240,000 people and displacing four million"). Stems, matched at word starts.
_EVENT_CONCEPTS = {
    "killed": (
        "kill",
        "toll",
        "dead",
        "died",
        "die",
        "dying",
        "death",
        "fatalit",
        "lives",
        "bodies",
        "perish",
        "slain",
    ),
    "injured": ("injur", "wound", "hurt", "hospital", "treated"),
    "missing": ("missing", "unaccounted"),
    "displaced": (
        "evacuat",
        "displac",
        "homeless",
        "fled",
        "flee",
        "uproot",
        "relocat",
        "moved out",
        "forced from",
        "from their homes",
        "refugee",
    ),
    "arrested": ("arrest", "detain", "jailed", "custody"),
    "destroyed": ("destroy", "damag", "swept away", "flattened", "uninhabitable"),
}
_NOUN_CONCEPTS = {
    "troops": (
        "troop",
        "soldier",
        "personnel",
        "servicem",
        "marine",
        "infantry",
        "forces",
        "fighter",
    ),
    "vehicles": ("vehicle", "tank", "armour", "armor"),
    "buildings": ("home", "house", "building", "dwelling"),
    "aircraft": ("aircraft", "jet", "plane", "helicopter", "drone"),
    "flights": ("flight",),
    "people": ("people", "person", "resident", "villager", "civilian", "citizen", "inhabitant"),
}
_CONCEPT_WINDOW = 10  # words either side; far enough for "the death toll from ... rose to 17"


def words_to_number(text: str):
    """'twelve hundred' -> 1200, 'four million' -> 4e6, 'twenty-one' -> 21; None if not a number."""
    total, current, seen = 0, 0, False
    for w in re.split(r"[\s-]+", text.lower()):
        if w == "and" or not w:
            continue
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w == "dozen":
            current = (current or 1) * 12  # "three dozen" -> 36
        elif w in _SCALES:
            total += (current or 1) * _SCALES[w]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _fmt(x: float) -> str:
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.4g}"


# ------------------------------------------------------------------ dates

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
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
            rf"\b(?:in|since|by|until|from|last|this|early|late|mid-?)\s+(?P<month>{_MONTH_RE})\b"
        ),
    ),
    (
        "y",
        re.compile(
            r"\b(?:in|since|by|until|from|of|during)\s+(?:early\s+|late\s+|mid-?)?(?P<year>(?:19|20)\d\d)\b"
        ),
    ),
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

# Month names in other languages (footers and datelines), via dateparser's language data.
_FOREIGN_DATE = re.compile(
    r"\b(?P<day>\d{1,2})\s+(?:de\s+)?(?P<month>[^\W\d_]{3,12})\s+(?:de\s+)?(?P<year>(?:19|20)\d\d)\b"
)


def _month_number(name: str):
    n = name.lower().rstrip(".")
    return _MONTHS.get(n) or _MONTH_ABBR.get(n)


@lru_cache(maxsize=4096)
def _foreign_month(name: str):
    """Month number for a month name in any language dateparser knows, else None."""
    import dateparser

    parsed = dateparser.parse(f"15 {name} 2000", settings={"PREFER_DAY_OF_MONTH": "first"})
    return parsed.month if parsed else None


def _as_date(published):
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


def _resolve_date(kind: str, g: dict, pub):
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
        return f"{pub.year - 1 if month > pub.month else pub.year:04d}-{month:02d}"
    if kind == "y":
        return g["year"]
    if kind == "weekday":
        if not pub:
            return g["weekday"].lower()
        back = (pub.weekday() - WEEKDAYS.index(g["weekday"].lower())) % 7
        return (pub - dt.timedelta(days=back)).isoformat()
    if kind == "rel_day" and pub:
        shift = {"yesterday": -1, "last night": -1}.get(g["relday"].lower(), 0)
        return (pub + dt.timedelta(days=shift)).isoformat()
    if kind == "rel_month" and pub:
        shift = {"last month": -1, "next month": 1}.get(g["relmonth"].lower(), 0)
        y, mth = divmod(pub.year * 12 + pub.month - 1 + shift, 12)
        return f"{y:04d}-{mth + 1:02d}"
    return None


def extract_dates(sentence: str, published=None) -> list[dict]:
    pub = _as_date(published)
    found, taken = [], []

    def free(s, e):
        return all(e <= a or s >= b for a, b in taken)

    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(sentence):
            if not free(m.start(), m.end()):
                continue
            norm = _resolve_date(kind, m.groupdict(), pub)
            if norm:
                taken.append((m.start(), m.end()))
                before = re.sub(r"\s*\b(on|in)\s*$", "", sentence[: m.start()])
                reporting = _REPORTING_BEFORE.search(before) or _REPORTING_AFTER.match(
                    sentence[m.end() :]
                )
                extra = {"reporting": True} if reporting else {}
                if pub and norm == pub.isoformat():
                    extra["publication_day"] = True  # "on Friday" in Friday's paper: says little
                found.append(_date_value(m.group().strip(), norm, m.start(), m.end(), **extra))
    for m in _FOREIGN_DATE.finditer(sentence):
        if free(m.start(), m.end()) and not _month_number(m.group("month")):
            month = _foreign_month(m.group("month"))
            if month:
                taken.append((m.start(), m.end()))
                norm = f"{int(m.group('year')):04d}-{month:02d}-{int(m.group('day')):02d}"
                found.append(_date_value(m.group(), norm, m.start(), m.end()))
    return found


# ------------------------------------------------------------------ numbers, money, durations


def _stem(word: str) -> str:
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _noun_after(sentence: str, end: int) -> str:
    """The word a number counts: the next content word ('14 people' -> 'people')."""
    for w in re.findall(r"[A-Za-z][A-Za-z'-]*\.?", sentence[end : end + 60])[:5]:
        lw = w.lower().rstrip(".")
        if lw in _STOP_NOUNS or lw in _UNITS or lw in _SCALES or lw in HEDGES:
            continue
        if w[0].isupper() and lw not in _UNIT_NOUNS:
            continue  # a name before the noun: "38,000 OGE Energy Corp. customers"
        first = lw.split("-")[0]
        if first in _UNIT_NOUNS:
            return _UNIT_NOUNS[first]
        if re.fullmatch(r"(armou?red|unarmed|armed|naval|military)", lw):
            continue  # adjectives: the noun comes next
        return _stem(lw)
    return ""


def _verb_before(sentence: str, start: int) -> str:
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", sentence[max(0, start - 40) : start])
    return words[-1].lower() if words else ""


def _clause_words(text: str, backwards: bool) -> list[str]:
    """Words next to a number, nearest first, up to the clause edge (a comma or semicolon)
    or another number, whose own context that is."""
    tokens = re.findall(r"[a-z]+|\d[\d,.]*|[,;:()]", text.lower())
    if backwards:
        tokens.reverse()
    words = []
    for t in tokens[:_CONCEPT_WINDOW]:
        if t in ",;:()" or t[0].isdigit():
            break
        words.append(t)
    return words


def _concept(sentence: str, start: int, end: int, noun: str) -> str:
    """What the number at [start, end) counts: the nearest event word (killed, missing,
    evacuated...) in its clause, else the class of its noun (troops, vehicles...)."""
    best, best_distance = "", _CONCEPT_WINDOW + 1
    # The words after a number win ties: "17 killed, and 32 are still missing".
    for words in (_clause_words(sentence[end:], False), _clause_words(sentence[:start], True)):
        for d, word in enumerate(words):
            if d >= best_distance:
                break
            pair = " ".join(words[d : d + 3]) if words is not None else word
            hit = next(
                (
                    c
                    for c, stems in _EVENT_CONCEPTS.items()
                    if any(word.startswith(st) or (" " in st and st in pair) for st in stems)
                ),
                None,
            )
            if hit:
                best, best_distance = hit, d
                break
    if best:
        return best
    for concept, stems in _NOUN_CONCEPTS.items():
        if noun and any(noun.startswith(st) for st in stems):
            return concept
    return noun


_WEIGHT_VERBS = re.compile(
    r"\b(?:weigh\w*|lost|lose|losing|gained|gain|gaining|heavier|lighter|overweight|shed)\b"
    r"[^,;]{0,60}$",
    re.IGNORECASE,
)
# A count set against another ("compared with five") and followed straight by a preposition
# or the end of its clause names no noun of its own: it counts what the figure before it counted.
_ELIDED_NOUN = re.compile(r"\s*(?:[,;.)]|$|(?:for|in|at|on|among|by)\b)", re.IGNORECASE)
_SET_AGAINST = re.compile(
    r"\b(?:compared (?:with|to)|versus|vs\.?|against|than)\s+$", re.IGNORECASE
)


def _elided_in_comparison(sentence: str, start: int, after: str) -> bool:
    return bool(_SET_AGAINST.search(sentence[:start]) and _ELIDED_NOUN.match(after))


def _weight_in_pounds(word: str, before: str, found: list[dict]) -> bool:
    """'lost an average of 14.7 pounds' (and any pounds after it in the sentence): pounds of
    weight, not sterling."""
    return word.lower() in ("pound", "pounds") and bool(
        _WEIGHT_VERBS.search(before) or any(v.get("concept") == "lb" for v in found)
    )


def _age_in_apposition(sentence: str, start: int, end: int, value: float) -> bool:
    """A bare number set off by commas right after a name is the person's age ("Dotson, 21,")."""
    return (
        value < 120
        and float(value).is_integer()
        and bool(
            re.search(r"\b[A-Z][\w'’-]+,\s*$", sentence[:start])
            and re.match(r"\s*,", sentence[end:])
        )
    )


def _overlaps(start, end, spans):
    return any(not (end <= a or start >= b) for a, b in spans)


def extract_quantities(sentence: str, published=None, skip=()) -> list[dict]:
    """Numbers, percentages, money and durations, outside the spans in `skip` (dates)."""
    out = []
    skip = list(skip)
    for m in _FRACTION.finditer(sentence):
        if _overlaps(m.start(), m.end(), skip):
            continue
        value = _FRACTIONS[m.group("words").lower()]
        hedge = (m.group("hedge") or "").lower() or None
        text = m.group()[:-3].strip()
        out.append(
            {
                "type": "percent",
                "text": text,
                "normalized": f"{_fmt(value)}%",
                "value": value,
                "hedge": hedge,
                "concept": _noun_after(sentence, m.end()),
                "start": m.start(),
                "end": m.end(),
            }
        )
        skip.append((m.start(), m.end()))
    for m in _MONEY_RANGE.finditer(sentence):
        if (
            _overlaps(m.start(), m.end(), skip)
            or m.group("sep").lower() == "and"
            and not m.group("between")
        ):
            continue
        high_scale = _SCALES[m.group("scale").lower()] if m.group("scale") else 1
        low_scale = _SCALES[m.group("low_scale").lower()] if m.group("low_scale") else high_scale
        low = float(m.group("low").replace(",", "")) * low_scale
        high = float(m.group("high").replace(",", "")) * high_scale
        currency = _CURRENCY_SYMBOLS[m.group("cur").lower()]
        if low < high:
            out.append(
                {
                    "type": "money",
                    "text": m.group().strip(),
                    "normalized": f"{_fmt(low)}-{_fmt(high)} {currency}",
                    "value": low,
                    "low": low,
                    "high": high,
                    "range": True,
                    "currency": currency,
                    "hedge": None,
                    "start": m.start(),
                    "end": m.end(),
                }
            )
            skip.append((m.start(), m.end()))
    for m in _WORD_RANGE.finditer(sentence):
        low, high = words_to_number(m.group("low")), words_to_number(m.group("high"))
        if _overlaps(m.start(), m.end(), skip) or not low < high:
            continue
        noun = _noun_after(sentence, m.end())
        out.append(
            {
                "type": "number",
                "text": m.group(),
                "normalized": f"{low}-{high}",
                "value": float(low),
                "low": float(low),
                "high": float(high),
                "range": True,
                "hedge": None,
                "noun": noun,
                "concept": _concept(sentence, m.start(), m.end(), noun),
                "start": m.start(),
                "end": m.end(),
            }
        )
        skip.append((m.start(), m.end()))
    for m in _RANGE.finditer(sentence):
        raw_low, raw_high = m.group("low").replace(",", ""), m.group("high").replace(",", "")
        if _overlaps(m.start(), m.end(), skip) or re.fullmatch(r"(1[89]|20)\d\d", raw_high):
            continue  # "2014 and 2015" are years; "2014-2015" a span of them
        scale = _SCALES[m.group("scale").lower()] if m.group("scale") else 1
        low, high = float(raw_low) * scale, float(raw_high) * scale
        if not low < high:
            continue
        noun = _noun_after(sentence, m.end())
        # ("more than 64 to 135" bounds a span rather than stating one.)
        stated = not re.search(rf"\b(?:{_HEDGE_RE})\s+$", sentence[: m.start()], re.IGNORECASE)
        out.append(
            {
                "type": "number",
                "text": m.group().strip(),
                "normalized": f"{_fmt(low)}-{_fmt(high)}",
                "value": low,
                "low": low,
                "high": high,
                "range": stated,
                "hedge": None,
                "noun": noun,
                "concept": _concept(sentence, m.start(), m.end(), noun),
                "start": m.start(),
                "end": m.end(),
            }
        )
        skip.append((m.start(), m.end()))
    for m in _A_SCALE.finditer(sentence):
        if _overlaps(m.start(), m.end(), skip):
            continue
        value = (
            12 if m.group("scale").lower() == "dozen" else _SCALES[m.group("scale").lower()]
        ) * (0.5 if m.group("half") else 1)
        if _DURATION_AFTER.match(sentence[m.end() :]):
            continue  # "a hundred days": left to the duration rules
        noun = _noun_after(sentence, m.end())
        out.append(
            {
                "type": "number",
                "text": m.group().strip(),
                "normalized": _fmt(value),
                "value": float(value),
                "hedge": None,
                "scaled": True,
                "noun": noun,
                "concept": _concept(sentence, m.start(), m.end(), noun),
                "start": m.start(),
                "end": m.end(),
            }
        )
        skip.append((m.start(), m.end()))
    for m in _VAGUE.finditer(sentence):
        if _overlaps(m.start(), m.end(), skip):
            continue
        low, high = _VAGUE_COUNTS[m.group("words").lower()]
        noun = _noun_after(sentence, m.end())
        out.append(
            {
                "type": "number",
                "text": m.group()[:-3].strip(),
                "normalized": f"{low}-{high}",
                "value": float(low),
                "low": float(low),
                "high": float(high),
                "hedge": (m.group("hedge") or "").lower() or None,
                "noun": noun,
                "concept": _concept(sentence, m.start(), m.end(), noun),
                "start": m.start(),
                "end": m.end(),
            }
        )
        skip.append((m.start(), m.end()))
    for m in _NUMBER.finditer(sentence):
        start, end = m.start(), m.end()
        num_start = m.start("digits") if m.group("digits") else m.start("words")
        if _overlaps(num_start, end, skip):
            continue
        if m.group("digits"):
            raw = m.group("digits")
            # A bare year or a clock time is not a count.
            if re.fullmatch(r"(1[89]|20)\d\d", raw) and not m.group("scale") and not m.group("pct"):
                continue
            if (
                sentence[m.end("digits") : m.end("digits") + 1] == ":"
                or sentence[max(0, num_start - 1) : num_start] == ":"
            ):
                continue
            if _CLOCK_AFTER.match(sentence[m.end() :]):
                continue  # "1018 GMT", "6 p.m.": a time of day, not a count
            if "/" in (
                sentence[num_start - 1 : num_start],
                sentence[m.end("digits") : m.end("digits") + 1],
            ):
                continue  # "9/11", "24/7", "2/32": a date or a ratio, not a count
            value = float(
                raw.replace(",", ".") if re.fullmatch(r"\d+,\d{1,2}", raw) else raw.replace(",", "")
            )
            if m.group("scale"):
                value = round(
                    value * _SCALES[m.group("scale").lower()], 3
                )  # 6.3 * 1e9 is not 6.3e9 in floats
            elif m.group("short"):
                value = round(value * _SHORT_SCALES[m.group("short").lower()], 3)
        else:
            words = m.group("words")
            value = words_to_number(words)
            if (
                re.search(r"\b(the|these|those|both)\s+$", sentence[:num_start].lower())
                and value
                and value <= 10
            ):
                continue  # "the two countries" refers back; it reports no count
            if value is None or words.lower() in ("one",) and not m.group("hedge"):
                # "one" alone is usually a pronoun ("one of them"), except before a unit.
                if not (value == 1 and _DURATION_AFTER.match(sentence[end:])):
                    continue
        if m.group("and_half"):
            value += 0.5
        pct = m.group("pct")
        fraction = (
            _MIXED_FRACTION.match(sentence, end)
            if m.group("digits") and not (pct or m.group("scale") or m.group("short"))
            else None
        )
        if fraction and int(fraction.group(1)) < int(fraction.group(2)):
            value += int(fraction.group(1)) / int(
                fraction.group(2)
            )  # "2 1/2 weeks", "3 5/8 percent"
            end = fraction.end()
            skip.append((m.end(), end))
            pct = _PERCENT_AFTER.match(sentence, end)
            if pct:
                end = pct.end()
        # "4.2 million", "1.2 thousand": written to a scale, so rounded at its last digit.
        scaled = bool(
            m.group("scale")
            or m.group("short")
            or (
                m.group("words")
                and re.search(
                    r"hundred|thousand|million|billion|trillion", m.group("words"), re.IGNORECASE
                )
            )
        )
        hedge = (m.group("hedge") or "").lower() or None
        text = sentence[start:end].strip()
        after = sentence[end:]
        duration = _DURATION_AFTER.match(after)
        if duration and not pct:
            unit = duration.group(1).lower()
            text = (text + duration.group()).strip()
            end += duration.end()
            if re.match(r"\s+ago\b", sentence[end:]):
                continue  # "two years ago" is a date, not a length of time
            period = {"period": True} if _PERIOD_BEFORE.search(sentence[:start]) else {}
            out.append(
                {
                    "type": "duration",
                    "text": text,
                    "normalized": f"{_fmt(value)} {unit}",
                    "seconds": value * _DURATION_UNITS[unit],
                    "hedge": hedge,
                    "start": start,
                    "end": end,
                    **period,
                }
            )
            continue
        if pct:
            out.append(
                {
                    "type": "percent",
                    "text": text,
                    "normalized": f"{_fmt(value)}%",
                    "value": value,
                    "hedge": hedge,
                    "scaled": scaled,
                    "concept": _noun_after(sentence, end),
                    "start": start,
                    "end": end,
                }
            )
            continue
        currency = None
        if m.group("cur"):
            currency = _CURRENCY_SYMBOLS.get(m.group("cur").strip().lower())
        else:
            code = _CURRENCY_CODE_BEFORE.search(sentence[:num_start])
            next_word = re.match(r"\s*([A-Za-z]+)", after)
            if (
                next_word
                and next_word.group(1).lower() in _CURRENCY_WORDS
                and not _weight_in_pounds(next_word.group(1), sentence[:num_start], out)
            ):
                currency = _CURRENCY_WORDS[next_word.group(1).lower()] or next_word.group(
                    1
                ).lower().rstrip("s")
            elif code and code.group(1) not in _NOT_CURRENCY_CODES:
                currency = code.group(1)
        if currency:
            out.append(
                {
                    "type": "money",
                    "text": text,
                    "normalized": f"{_fmt(value)} {currency}",
                    "value": value,
                    "currency": currency,
                    "hedge": hedge,
                    "scaled": scaled,
                    "start": start,
                    "end": end,
                }
            )
            continue
        noun = _noun_after(sentence, end)
        if re.match(
            r"-?\s*(?:year|month|week|day)s?[- ]old\b", after.lstrip()
        ) or _age_in_apposition(sentence, num_start, end, value):
            concept = "age"  # "his 27-year-old wife", "Sandy Mitchell, 44,": an age, not a count
        elif noun in _UNIT_NOUNS.values():
            concept = noun
        elif (
            _elided_in_comparison(sentence, num_start, after)
            and out
            and out[-1]["type"] == "number"
            and out[-1].get("concept")
        ):
            concept = out[-1][
                "concept"
            ]  # "lost 14.7 pounds, compared with five for the low-fat group"
        else:
            concept = _concept(sentence, num_start, end, noun)
        out.append(
            {
                "type": "number",
                "text": text,
                "normalized": _fmt(value),
                "value": value,
                "hedge": hedge,
                "scaled": scaled,
                "noun": noun,
                "verb": _verb_before(sentence, start),
                "concept": concept,
                "start": start,
                "end": end,
            }
        )
    for m in _BARE_DURATION.finditer(sentence):
        if all(m.end() <= v["start"] or m.start() >= v["end"] for v in out):
            unit = m.group(1).lower()
            out.append(
                {
                    "type": "duration",
                    "text": m.group(),
                    "normalized": f"1 {unit}",
                    "seconds": float(_DURATION_UNITS[unit]),
                    "hedge": None,
                    "start": m.start(),
                    "end": m.end(),
                }
            )
    return out


# ------------------------------------------------------------------ quotes and speakers

_QUOTE = re.compile(r"[\"“«`]([^\"“”«»`]{12,}?)[\"”»`]|‘([^‘’]{12,}?)’(?!\w)")
_SPEECH_VERB = (
    r"(?:said|says|told|tells|added|adds|stated|declared|wrote|announced|pledged|promised|warned|insisted|"
    r"argued|noted|explained|claimed|stressed|urged|vowed|admitted|denied|cautioned)"
)
_NAME = r"(?:[A-Z][\w'’.-]+\s+){0,3}[A-Z][\w'’-]+"
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_SPEAKER_AFTER = re.compile(
    rf"^[,.]?[\"”»`’]?\s*(?:,\s*)?(?P<who>{_NAME}|he|she|they)\s+{_SPEECH_VERB}\b"
    rf"|^[,.]?[\"”»`’]?\s*(?:,\s*)?(?:said|says|added|according\s+to)\s+(?:(?:the|a|an)\s+[a-z]+\s+)?(?P<who2>{_NAME})"
)
# "X said (the talks showed) that", "X told local radio:" anywhere before the quote.
_SPEAKER_BEFORE = re.compile(
    rf"(?P<who>{_NAME}|\b[Hh]e|\b[Ss]he|\b[Tt]hey)(?:,[^,]{{1,80}})?,?\s+{_SPEECH_VERB}\b"
)
# Reported speech without quote marks: "X said (on Friday) that ...", "X pledged that ...".
_REPORTED = re.compile(
    rf"(?P<who>{_NAME}|\b[Hh]e|\b[Ss]he)(?:,[^,]{{1,80}})?,?\s+(?:{_SPEECH_VERB}\s+"
    r"(?:\w+\s+){0,3}?that|said|says)\s+(?P<what>.{12,})$"
)
_QUOTED_AS_SAYING = re.compile(
    r"\bquot\w+\s+(?P<who>.{3,60}?)\s+as\s+saying\s+(?:that\s+)?(?P<what>.{12,})$"
)
_TITLE_WORDS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "general",
    "col",
    "colonel",
    "lt",
    "maj",
    "major",
    "capt",
    "captain",
    "president",
    "minister",
    "governor",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "prime",
    "interior",
    "defence",
    "defense",
    "foreign",
    "deputy",
    "chief",
    "head",
    "senator",
    "sen",
    "rep",
    "prof",
    "professor",
    "judge",
    "mayor",
    "king",
    "queen",
    "prince",
    "sir",
    "lord",
    "pope",
}


def _speaker_name(raw: str) -> str:
    """'Interior Minister Ruslan Vazhdayev' -> 'Ruslan Vazhdayev'; pronouns stay as they are."""
    words = [w for w in raw.replace("’", "'").split() if w]
    while len(words) > 1 and words[0].lower().strip(".'s") in _TITLE_WORDS | _NOT_ENTITIES:
        words = words[1:]
    return " ".join(words).rstrip("'s").rstrip(",")


def _speaker_before(prefix: str) -> str:
    # ("an arrest warrant released Tuesday, Dotson admitted": Tuesday speaks no words.)
    found = [
        m
        for m in _SPEAKER_BEFORE.finditer(prefix)
        if m.group("who").split()[-1].lower() not in _MONTH_AND_DAY_NAMES
    ]
    return _speaker_name(found[-1].group("who")) if found else ""


def extract_quotes(sentence: str) -> list[dict]:
    out = []
    for m in _QUOTE.finditer(sentence):
        words = (m.group(1) or m.group(2)).strip()
        if len(words.split()) < 3:
            continue
        after = _SPEAKER_AFTER.search(sentence[m.end() : m.end() + 80])
        speaker = (
            after and _speaker_name(after.group("who") or after.group("who2"))
        ) or _speaker_before(sentence[max(0, m.start() - 200) : m.start()])
        out.append(
            {
                "type": "quote",
                "text": words,
                "normalized": " ".join(re.findall(r"\w+", words.lower())),
                "speaker": speaker,
                "start": m.start(),
                "end": m.end(),
            }
        )
    if not out:
        m = _QUOTED_AS_SAYING.search(sentence)
        if m:
            what = m.group("what").rstrip(" .")
            names = re.findall(r"[A-Z][\w'’-]+", m.group("who"))
            out.append(
                {
                    "type": "quote",
                    "text": what,
                    "normalized": " ".join(re.findall(r"\w+", what.lower())),
                    "speaker": names[-1] if names else m.group("who"),
                    "reported": True,
                    "start": m.start("what"),
                    "end": m.end("what"),
                }
            )
    if not out:
        m = _REPORTED.search(sentence)
        if m and m.group("who").split()[0].lower() not in _NOT_ENTITIES - _PRONOUNS:
            what = m.group("what").rstrip(" .")
            out.append(
                {
                    "type": "quote",
                    "text": what,
                    "normalized": " ".join(re.findall(r"\w+", what.lower())),
                    "speaker": _speaker_name(m.group("who")),
                    "reported": True,
                    "start": m.start("what"),
                    "end": m.end("what"),
                }
            )
    return out


# ------------------------------------------------------------------ named entities

_ENTITY = re.compile(
    r"\b(?:[A-Z][a-zA-Z'’-]+|[A-Z]{2,}|[A-Z]\.(?:[A-Z]\.)+)(?:\s+(?:of\s+|al-|bin\s+)?"
    r"(?:[A-Z][a-zA-Z'’-]+|[A-Z]{2,}))*"
)
_NOT_ENTITIES = {
    "the",
    "a",
    "an",
    "but",
    "and",
    "in",
    "on",
    "at",
    "if",
    "it",
    "he",
    "she",
    "they",
    "we",
    "this",
    "that",
    "there",
    "those",
    "these",
    "his",
    "her",
    "their",
    "our",
    "its",
    "as",
    "for",
    "while",
    "after",
    "before",
    "when",
    "i",
    "up",
    "obviously",
    "some",
    "mr",
    "mrs",
    "ms",
    "according",
    "speaking",
    "ahead",
    "under",
    "most",
    "every",
    "each",
    "no",
    "neither",
    "both",
    "one",
    "all",
    "local",
    "western",
    "eastern",
    "opposition",
    "however",
    "meanwhile",
    "also",
    "yet",
    "so",
}
_GENERIC_TITLES = {
    "secretary",
    "president",
    "minister",
    "spokesman",
    "spokeswoman",
    "general",
    "colonel",
    "col",
    "gen",
    "governor",
    "interior",
    "defence",
    "defense",
    "foreign",
    "prime",
    "deputy",
    "chief",
}
_MONTH_AND_DAY_NAMES = set(_MONTHS) | set(WEEKDAYS)
# Common aliases in news copy (general knowledge, not any one story's names): alias -> key.
ALIASES = {
    "isil": "islamic state",
    "isis": "islamic state",
    "is": "islamic state",
    "daesh": "islamic state",
    "islamic state": "islamic state",
    "us": "united states",
    "u.s": "united states",
    "usa": "united states",
    "u.s.a": "united states",
    "america": "united states",
    "united states": "united states",
    "uk": "united kingdom",
    "u.k": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "united kingdom": "united kingdom",
    "un": "united nations",
    "u.n": "united nations",
    "united nations": "united nations",
    "eu": "european union",
    "european union": "european union",
    "russian federation": "russia",
    "russia": "russia",
    "nato": "nato",
    "pentagon": "pentagon",
    "uae": "united arab emirates",
    "ussr": "soviet union",
    "soviet union": "soviet union",
}


@lru_cache(maxsize=65536)
def entity_key(name: str) -> str:
    """A spelling-tolerant key for a name: ASCII, lowercase, vowels (and y/w) after the first
    letter dropped, c/q/k and ph/f merged, doubled letters collapsed. 'Shoigu' and 'Shoygu'
    -> 'shg'; 'Kasymbek' and 'Qasymbek' -> 'ksmbk'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    alias = ALIASES.get(ascii_name.replace(".", "").strip())
    if alias:
        return "=" + alias
    letters = re.sub(r"[^a-z]", "", ascii_name)
    if not letters:
        return ""
    letters = letters.replace("ph", "f").replace("ck", "k").replace("q", "k").replace("x", "ks")
    letters = re.sub(r"c(?=[aou]|$|[^eiyh])", "k", letters)
    key = letters[0] + re.sub(r"[aeiouyw]", "", letters[1:])
    return re.sub(r"(.)\1+", r"\1", key)


def _acronym(words: list[str]) -> str:
    caps = [
        w[0].lower() for w in words if w[:1].isupper() and w.lower() not in ("of", "the", "and")
    ]
    return "".join(caps) if len(caps) >= 2 else ""


def extract_entities(sentence: str) -> list[dict]:
    out = []
    for m in _ENTITY.finditer(sentence):
        words = m.group().split()
        while words and words[0].lower().strip("'’") in _NOT_ENTITIES | _GENERIC_TITLES:
            words = words[1:]
        if not words or all(w.lower() in _MONTH_AND_DAY_NAMES for w in words):
            continue
        name = re.sub(r"['’]s$", "", " ".join(words))
        full = ALIASES.get(name.lower().replace(".", "").replace("’", "'"))
        if full:
            key = "=" + full
        else:
            key = entity_key(re.sub(r"['’]s$", "", words[-1]))
        out.append(
            {
                "type": "entity",
                "text": name,
                "normalized": key,
                "acronym": _acronym(words) if not full else "",
                "start": m.end() - len(" ".join(words)),
                "end": m.end(),
            }
        )
    return out


def entity_keys(values: list[dict]) -> set[str]:
    """Keys under which two sentences' entities meet: each name's key and, for a multi-word
    name, its acronym ('Regional Security Council' meets 'RSC')."""
    keys = set()
    for v in values:
        if v["type"] == "entity" and v["normalized"]:
            keys.add(v["normalized"])
            if v.get("acronym"):
                keys.add(entity_key(v["acronym"]))
            if v["text"].isupper() and len(v["text"]) >= 2:
                keys.add(entity_key(v["text"]))
    return keys


def acronyms(values: list[dict]) -> tuple[set, set]:
    """(acronyms of the multi-word names a sentence spells out, bare acronyms it uses):
    'Regional Security Council' gives 'rsc' to the first, 'RSC' to the second."""
    spelled, bare = set(), set()
    for v in values:
        if v["type"] != "entity":
            continue
        if v.get("acronym"):
            spelled.add(v["acronym"])
        elif v["text"].isupper() and len(v["text"]) >= 2:
            bare.add(v["text"].lower())
    return spelled, bare


# ------------------------------------------------------------------ all together


def extract_values(sentence: str, published=None) -> list[dict]:
    """All typed values of one sentence, in text order. `published`: the article's date."""
    dates = extract_dates(sentence, published)
    quantities = extract_quantities(
        sentence, published, skip=[(d["start"], d["end"]) for d in dates]
    )
    quantities = _join_spans(sentence, quantities)
    _mark_conversions(sentence, quantities)
    values = dates + quantities + extract_quotes(sentence) + extract_entities(sentence)
    return sorted(values, key=lambda v: (v["start"], v["type"]))


_SPAN_START = re.compile(
    r"\b(?:rang(?:e|es|ed|ing)|var(?:y|ies|ied))\s+(?:between|from)\s+$", re.IGNORECASE
)
_SPAN_GAP = re.compile(r"[^,;\d]{0,30}?\b(?:to|and)\s+")


def _join_spans(sentence: str, quantities: list[dict]) -> list[dict]:
    """'Predictions ranged from 16 cents a share to 27 cents a share': the two figures are the
    ends of one stated range."""
    ordered, out = sorted(quantities, key=lambda v: v["start"]), []
    for v in ordered:
        low = out[-1] if out else None
        if (
            low
            and low["type"] == v["type"]
            and v["type"] in ("number", "money", "percent")
            and low.get("low") is None
            and v.get("low") is None
            and not low.get("hedge")
            and _SPAN_START.search(sentence[: low["start"]])
            and _SPAN_GAP.fullmatch(sentence[low["end"] : v["start"]])
            and low["value"] < v["value"]
        ):
            out[-1] = {
                **low,
                "text": sentence[low["start"] : v["end"]],
                "low": low["value"],
                "high": v["value"],
                "range": True,
                "normalized": f"{_fmt(low['value'])}-{_fmt(v['value'])}",
                "end": v["end"],
            }
            continue
        out.append(v)
    return out


_CONVERSION_GAP = re.compile(
    r"\s*(?:[A-Za-z.]+\s*){0,2}\(\s*(?:about|some|roughly|around|approximately|or)?\s*"
)


def _mark_conversions(sentence: str, quantities: list[dict]) -> None:
    """A figure in brackets right after another restates it in other units or money
    ("433.50 pence ($6.85)", "50 km (32 miles)"): marked `conversion`, it is no fact of its own."""
    ordered = sorted(quantities, key=lambda v: v["start"])
    for before, v in zip(ordered, ordered[1:]):
        if _CONVERSION_GAP.fullmatch(sentence[before["end"] : v["start"]]) and _restates(before, v):
            v["conversion"] = True


def _restates(before: dict, v: dict) -> bool:
    """Could v restate the figure before it in another unit or currency?"""
    if _measure(before) and _measure(v):
        return (before["type"] == "money") == (v["type"] == "money")
    return _money_in_subunits(before, v)


def _measure(v: dict) -> bool:
    """Money, or a number in a measuring unit: a figure another unit can restate."""
    return (
        v["type"] == "money" or v["type"] == "number" and v.get("concept") in _UNIT_NOUNS.values()
    )


def _money_in_subunits(before: dict, v: dict) -> bool:
    """'433.50 pence ($6.85)': money in pence or cents, then in a currency."""
    return (
        v["type"] == "money"
        and before["type"] == "number"
        and before.get("noun") in ("pence", "penny", "cent")
    )


def _last_person(values: list[dict], sentence: str) -> str:
    """The likeliest person a following 'he said' points back to: the last name in the
    sentence that is not a place after a preposition."""
    for v in reversed([v for v in values if v["type"] == "entity"]):
        before = sentence[max(0, v["start"] - 6) : v["start"]].lower()
        if re.search(r"\b(in|at|from|to|near|of|into|for)\s+$", before):
            continue
        return _speaker_name(v["text"])
    return ""


def extract_article_values(sentences: list[str], published=None) -> list[list[dict]]:
    """Values for each sentence of one article, in order. A quote whose speaker is a pronoun
    ('he told residents') takes the speaker of the sentence before, or the person it names."""
    out, previous_speaker = [], ""
    for sentence in sentences:
        vals = extract_values(sentence, published)
        for v in vals:
            if v["type"] == "quote" and v["speaker"].lower() in _PRONOUNS and previous_speaker:
                v["speaker"] = previous_speaker
        speakers = [
            v["speaker"]
            for v in vals
            if v["type"] == "quote" and v["speaker"].lower() not in _PRONOUNS
        ]
        previous_speaker = (
            speakers[-1] if speakers else (_last_person(vals, sentence) or previous_speaker)
        )
        out.append(vals)
    return out
