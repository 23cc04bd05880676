"""Typed values in a sentence: numbers (with hedge and the noun they count), percentages,
money, dates (resolved against the article's publication date), durations, quotes with
their speaker, and named entities.

Every value is a plain dict so it can be stored as JSON on a claim member:
    {"type": "number", "text": "at least 30", "normalized": "30", "value": 30.0,
     "low": 30.0, "high": None, "hedge": "at least", "noun": "people"}
Types: number, percent, money, date, duration, quote, entity.
"""
import datetime as dt
import re
from functools import lru_cache

VERSION = "values-1"

# ------------------------------------------------------------------ number words

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000}
_SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000,
                 "tn": 1_000_000_000_000}
_ORDINARY_WORDS = {"a": 1, "an": 1, "dozen": 12, "dozens": None, "half": 0.5}
_NUMBER_WORD = "|".join(sorted(list(_UNITS) + list(_TENS) + list(_SCALES), key=len, reverse=True))

HEDGES = {
    "at least": "min", "more than": "min", "over": "min", "upwards of": "min", "in excess of": "min",
    "no fewer than": "min", "no less than": "min", "some": "approx", "about": "approx",
    "around": "approx", "roughly": "approx", "approximately": "approx", "nearly": "approx_below",
    "almost": "approx_below", "close to": "approx_below", "up to": "max", "as many as": "max",
    "no more than": "max", "fewer than": "max", "less than": "max", "under": "max", "at most": "max",
    "an estimated": "approx", "estimated": "approx",
}
_HEDGE_RE = "|".join(sorted(map(re.escape, HEDGES), key=len, reverse=True))

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDS = rf"(?:(?:{_NUMBER_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_NUMBER_WORD}))*)"
_NUMBER = re.compile(
    rf"(?:\b(?P<hedge>{_HEDGE_RE})\s+)?"
    rf"(?P<cur>[$€£¥]|\b(?:USD|EUR|GBP|US\$)\s?)?"
    rf"(?:(?P<digits>{_DIGITS})(?:\s?(?P<scale>{'|'.join(_SCALES)})\b|(?P<short>k|m|mn|bn|b|tn)\b)?"
    rf"|\b(?P<words>{_WORDS})\b)"
    rf"(?P<pct>\s?(?:%|percent\b|per cent\b|pct\b))?",
    re.IGNORECASE,
)

_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
    "yen": "JPY", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "yuan": "CNY",
    "dinar": "DINAR", "dinars": "DINAR", "rupee": "INR", "rupees": "INR", "lira": "TRY",
}
_CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP",
                     "gbp": "GBP", "¥": "JPY"}
_CURRENCY_CODE_BEFORE = re.compile(r"\b([A-Z]{3})\s?$")

_DURATION_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400,
                   "month": 30 * 86400, "year": 365 * 86400}
_DURATION_AFTER = re.compile(r"^[\s-]*(second|minute|hour|day|week|month|year)s?\b(?P<long>[\s-]*long)?",
                             re.IGNORECASE)
_BARE_DURATION = re.compile(r"\b(?:an?\s+)?(second|minute|hour|day|week|month|year)[\s-]long\b", re.IGNORECASE)

_STOP_NOUNS = {"of", "the", "a", "an", "and", "or", "in", "on", "at", "to", "from", "for", "by", "with",
               "who", "that", "which", "were", "was", "are", "is", "have", "had", "has", "been"}


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
        elif w in _SCALES:
            total += (current or 1) * _SCALES[w]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


# ------------------------------------------------------------------ dates

_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
               "oct": 10, "nov": 11, "dec": 12}
_MONTH_RE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
            r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_YEAR_OFFSETS = {"previous year": -1, "the previous year": -1, "last year": -1, "a year earlier": -1,
                 "this year": 0, "two years ago": -2, "three years ago": -3, "a year ago": -1}
_YEAR_OFFSET_RE = "|".join(map(re.escape, sorted(_YEAR_OFFSETS, key=len, reverse=True)))

_DATE_PATTERNS = [
    ("dmy", re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_RE})\s+(?P<year>\d{{4}})\b")),
    ("mdy", re.compile(rf"\b(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b")),
    ("my", re.compile(rf"\b(?P<month>{_MONTH_RE})\s+(?:of\s+)?(?P<year>\d{{4}})\b")),
    ("m_rel", re.compile(rf"\b(?:in\s+)?(?P<month>{_MONTH_RE})\s+(?:of\s+)?(?P<rel>{_YEAR_OFFSET_RE})\b",
                         re.IGNORECASE)),
    ("md", re.compile(rf"\b(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b")),
    ("dm", re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_RE})\b")),
    ("m", re.compile(rf"\b(?:in|since|by|until|from|last|this|early|late|mid-?)\s+(?P<month>{_MONTH_RE})\b")),
    ("y", re.compile(r"\b(?:in|since|by|until|from|of|during)\s+(?:early\s+|late\s+|mid-?)?(?P<year>(?:19|20)\d\d)\b")),
    ("weekday", re.compile(r"\b(?:on\s+|last\s+|this\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|"
                           r"Saturday|Sunday)\b")),
    ("rel_day", re.compile(r"\b(?P<relday>yesterday|today|overnight|tonight|last night)\b", re.IGNORECASE)),
    ("rel_month", re.compile(r"\b(?P<relmonth>last month|this month|next month)\b", re.IGNORECASE)),
]

# Month names in other languages (footers and datelines), via dateparser's language data.
_FOREIGN_DATE = re.compile(r"\b(?P<day>\d{1,2})\s+(?P<month>[^\W\d_]{3,12})\s+(?P<year>(?:19|20)\d\d)\b")


def _month_number(name: str):
    n = name.lower().rstrip(".")
    return _MONTHS.get(n) or _MONTH_ABBR.get(n)


@lru_cache(maxsize=4096)
def _foreign_month(name: str):
    """Month number for a month name in any language dateparser knows, else None."""
    try:
        import dateparser
    except ImportError:  # pragma: no cover - dateparser is a hard requirement
        return None
    parsed = dateparser.parse(f"15 {name} 2000", settings={"PREFER_DAY_OF_MONTH": "first"})
    return parsed.month if parsed else None


def _as_date(published):
    if published is None:
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    return published


def _date_value(text, normalized, start, end, **extra):
    return {"type": "date", "text": text, "normalized": normalized, "start": start, "end": end, **extra}


def extract_dates(sentence: str, published=None) -> list[dict]:
    pub = _as_date(published)
    found, taken = [], []

    def free(s, e):
        return all(e <= a or s >= b for a, b in taken)

    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(sentence):
            if not free(m.start(), m.end()):
                continue
            g = m.groupdict()
            month = _month_number(g["month"]) if g.get("month") else None
            norm = None
            if kind in ("dmy", "mdy"):
                norm = f"{int(g['year']):04d}-{month:02d}-{int(g['day']):02d}"
            elif kind == "my":
                norm = f"{int(g['year']):04d}-{month:02d}"
            elif kind == "m_rel" and pub:
                norm = f"{pub.year + _YEAR_OFFSETS[g['rel'].lower()]:04d}-{month:02d}"
            elif kind in ("md", "dm") and 1 <= int(g["day"]) <= 31:
                year = pub.year if pub else None
                if pub and (month, int(g["day"])) > (pub.month, pub.day) and month - pub.month > 6:
                    year -= 1
                norm = f"{year:04d}-{month:02d}-{int(g['day']):02d}" if year else f"--{month:02d}-{int(g['day']):02d}"
            elif kind == "m":
                year = pub.year if pub else None
                if pub and month > pub.month:
                    year -= 1
                norm = f"{year:04d}-{month:02d}" if year else f"--{month:02d}"
            elif kind == "y":
                norm = g["year"]
            elif kind == "weekday":
                if pub:
                    back = (pub.weekday() - _WEEKDAYS.index(g["weekday"].lower())) % 7
                    norm = (pub - dt.timedelta(days=back)).isoformat()
                else:
                    norm = g["weekday"].lower()
            elif kind == "rel_day" and pub:
                shift = {"yesterday": -1, "last night": -1}.get(g["relday"].lower(), 0)
                norm = (pub + dt.timedelta(days=shift)).isoformat()
            elif kind == "rel_month" and pub:
                shift = {"last month": -1, "next month": 1}.get(g["relmonth"].lower(), 0)
                y, mth = divmod(pub.year * 12 + pub.month - 1 + shift, 12)
                norm = f"{y:04d}-{mth + 1:02d}"
            if norm:
                taken.append((m.start(), m.end()))
                found.append(_date_value(m.group().strip(), norm, m.start(), m.end()))
    for m in _FOREIGN_DATE.finditer(sentence):
        if free(m.start(), m.end()) and not _month_number(m.group("month")):
            month = _foreign_month(m.group("month"))
            if month:
                taken.append((m.start(), m.end()))
                norm = f"{int(m.group('year')):04d}-{month:02d}-{int(m.group('day')):02d}"
                found.append(_date_value(m.group(), norm, m.start(), m.end()))
    return found


# ------------------------------------------------------------------ numbers, money, durations

def _noun_after(sentence: str, end: int) -> str:
    """The word a number counts: the next content word ('14 people' -> 'people')."""
    for w in re.findall(r"[A-Za-z][A-Za-z'-]*", sentence[end:end + 60])[:4]:
        lw = w.lower()
        if lw in _STOP_NOUNS or lw in _UNITS or lw in _SCALES or lw in HEDGES:
            continue
        return lw.rstrip("s") if len(lw) > 3 and lw.endswith("s") and not lw.endswith("ss") else lw
    return ""


def _verb_before(sentence: str, start: int) -> str:
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", sentence[max(0, start - 40):start])
    return words[-1].lower() if words else ""


def extract_quantities(sentence: str, published=None, skip=()) -> list[dict]:
    """Numbers, percentages, money and durations, outside the spans in `skip` (dates)."""
    out = []
    for m in _NUMBER.finditer(sentence):
        start, end = m.start(), m.end()
        num_start = m.start("digits") if m.group("digits") else m.start("words")
        if any(not (end <= a or num_start >= b) for a, b in skip):
            continue
        if m.group("digits"):
            raw = m.group("digits")
            # A bare year or a clock time is not a count.
            if re.fullmatch(r"(1[89]|20)\d\d", raw) and not m.group("scale") and not m.group("pct"):
                continue
            if sentence[m.end("digits"):m.end("digits") + 1] == ":" or sentence[max(0, num_start - 1):num_start] == ":":
                continue
            value = float(raw.replace(",", ""))
            if m.group("scale"):
                value *= _SCALES[m.group("scale").lower()]
            elif m.group("short"):
                value *= _SHORT_SCALES[m.group("short").lower()]
        else:
            words = m.group("words")
            value = words_to_number(words)
            if value is None or words.lower() in ("one",) and not m.group("hedge"):
                # "one" alone is usually a pronoun ("one of them"), except before a unit.
                if not (value == 1 and _DURATION_AFTER.match(sentence[end:])):
                    continue
        hedge = (m.group("hedge") or "").lower() or None
        text = m.group().strip()
        after = sentence[end:]
        duration = _DURATION_AFTER.match(after)
        if duration and not m.group("pct"):
            unit = duration.group(1).lower()
            text = (text + duration.group()).strip()
            end += duration.end()
            if re.match(r"\s+ago\b", sentence[end:]):
                continue  # "two years ago" is a date, not a length of time
            out.append({"type": "duration", "text": text, "normalized": f"{_fmt(value)} {unit}",
                        "seconds": value * _DURATION_UNITS[unit], "hedge": hedge, "start": start, "end": end})
            continue
        if m.group("pct"):
            out.append({"type": "percent", "text": text, "normalized": f"{_fmt(value)}%", "value": value,
                        "hedge": hedge, "start": start, "end": end})
            continue
        currency = None
        if m.group("cur"):
            currency = _CURRENCY_SYMBOLS.get(m.group("cur").strip().lower())
        else:
            code = _CURRENCY_CODE_BEFORE.search(sentence[:num_start])
            next_word = re.match(r"\s*([A-Za-z]+)", after)
            if next_word and next_word.group(1).lower() in _CURRENCY_WORDS:
                currency = _CURRENCY_WORDS[next_word.group(1).lower()]
                if currency == "DINAR" and code:
                    currency = code.group(1)
            elif code and code.group(1) not in ("THE", "AND"):
                currency = code.group(1)
        if currency:
            out.append({"type": "money", "text": text, "normalized": f"{_fmt(value)} {currency}", "value": value,
                        "currency": currency, "hedge": hedge, "start": start, "end": end})
            continue
        out.append({"type": "number", "text": text, "normalized": _fmt(value), "value": value, "hedge": hedge,
                    "noun": _noun_after(sentence, end), "verb": _verb_before(sentence, start),
                    "start": start, "end": end})
    for m in _BARE_DURATION.finditer(sentence):
        if all(m.end() <= v["start"] or m.start() >= v["end"] for v in out):
            unit = m.group(1).lower()
            out.append({"type": "duration", "text": m.group(), "normalized": f"1 {unit}",
                        "seconds": float(_DURATION_UNITS[unit]), "hedge": None, "start": m.start(), "end": m.end()})
    return out


# ------------------------------------------------------------------ quotes and entities

_QUOTE = re.compile(r"[\"“«`]([^\"“”«»`]{12,}?)[\"”»`]|‘([^‘’]{12,}?)’(?!\w)")
_SPEAKER_AFTER = re.compile(
    r"^[,.]?[\"”»`’]?\s*(?:,\s*)?(?P<who>(?:[A-Z][\w'-]+\s+){0,3}[A-Z][\w'-]+|he|she|they)\s+"
    r"(?:said|says|told|added|stated|declared|wrote)\b|^[,.]?[\"”»`’]?\s*(?:,\s*)?(?:said|says|added)\s+"
    r"(?P<who2>(?:[A-Z][\w'-]+\s+){0,3}[A-Z][\w'-]+)")
_SPEAKER_BEFORE = re.compile(
    r"(?P<who>(?:[A-Z][\w'-]+\s+){0,3}[A-Z][\w'-]+)\s+(?:said|says|told [\w\s]{0,30}|added|stated|declared)"
    r"[,:]?\s*(?:that\s+)?$")


def extract_quotes(sentence: str) -> list[dict]:
    out = []
    for m in _QUOTE.finditer(sentence):
        words = (m.group(1) or m.group(2)).strip()
        if len(words.split()) < 3:
            continue
        after = _SPEAKER_AFTER.search(sentence[m.end():m.end() + 80])
        before = _SPEAKER_BEFORE.search(sentence[max(0, m.start() - 80):m.start()])
        speaker = (after and (after.group("who") or after.group("who2"))) or (before and before.group("who")) or ""
        out.append({"type": "quote", "text": words, "normalized": " ".join(re.findall(r"\w+", words.lower())),
                    "speaker": speaker, "start": m.start(), "end": m.end()})
    return out


_ENTITY = re.compile(r"\b(?:[A-Z][a-zA-Z'’-]+|[A-Z]{2,})(?:\s+(?:of\s+|al-|bin\s+)?(?:[A-Z][a-zA-Z'’-]+|[A-Z]{2,}))*")
_NOT_ENTITIES = {"the", "a", "an", "but", "and", "in", "on", "at", "if", "it", "he", "she", "they", "we", "this",
                 "that", "there", "those", "these", "his", "her", "their", "our", "its", "as", "for", "while",
                 "after", "before", "when", "i", "up", "obviously", "some", "mr", "mrs", "ms", "secretary",
                 "president", "minister", "spokesman", "spokeswoman"}
_MONTH_AND_DAY_NAMES = set(_MONTHS) | set(_WEEKDAYS)


def entity_key(name: str) -> str:
    """A spelling-tolerant key: lowercase ASCII letters, vowels after the first letter and
    repeated letters dropped ('Shoigu' and 'Shoygu' -> 'shg')."""
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    letters = re.sub(r"[^a-z]", "", ascii_name)
    if not letters:
        return ""
    key = letters[0] + re.sub(r"[aeiouyw]", "", letters[1:])
    return re.sub(r"(.)\1+", r"\1", key)


def extract_entities(sentence: str) -> list[dict]:
    out = []
    for m in _ENTITY.finditer(sentence):
        words = m.group().split()
        while words and words[0].lower().strip("'’") in _NOT_ENTITIES:
            words = words[1:]
        if not words or all(w.lower() in _MONTH_AND_DAY_NAMES for w in words):
            continue
        name = " ".join(words).rstrip("'’s")
        out.append({"type": "entity", "text": name, "normalized": entity_key(words[-1]),
                    "start": m.end() - len(" ".join(words)), "end": m.end()})
    return out


# ------------------------------------------------------------------ all together

def extract_values(sentence: str, published=None) -> list[dict]:
    """All typed values of one sentence, in text order. `published`: the article's date."""
    dates = extract_dates(sentence, published)
    quantities = extract_quantities(sentence, published, skip=[(d["start"], d["end"]) for d in dates])
    values = dates + quantities + extract_quotes(sentence) + extract_entities(sentence)
    return sorted(values, key=lambda v: (v["start"], v["type"]))
