"""Money: currencies by symbol, code or word ('$', 'USD', 'euros'), and money ranges
('$10 billion-$15 billion', 'between $7.6 billion and $7.8 billion'). A single amount is
read by the plain-numbers pass (numbers.py), which asks `currency` what it is money in."""

import re
from collections.abc import Iterator

from .numerals import SCALES, fmt
from .passes import Found, needs
from .shape import Value

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

_SCALE_WORD = r"(?:hundred|thousand|million|billion|trillion)"
# "$10 billion-$15 billion", "between $7.6 billion and $7.8 billion"; not "rose $2.88 to $46.50", a
# change and a new level.
_MONEY_RANGE = re.compile(
    rf"(?:(?P<between>\bbetween\s+)|(?<!from\s))(?P<cur>[$€£¥])(?P<low>\d[\d,]*(?:\.\d+)?)(?:[\s-]?(?P<low_scale>{_SCALE_WORD}))?"
    rf"\s*(?P<sep>-|–|and)\s*(?P=cur)?(?P<high>\d[\d,]*(?:\.\d+)?)(?:[\s-]?(?P<scale>{_SCALE_WORD}))?\b",
    re.IGNORECASE,
)

_WEIGHT_VERBS = re.compile(
    r"\b(?:weigh\w*|lost|lose|losing|gained|gain|gaining|heavier|lighter|overweight|shed)\b"
    r"[^,;]{0,60}$",
    re.IGNORECASE,
)


@needs(re.compile(r"[$€£¥]\d"))  # a currency sign and the low end's first digit
def money_ranges(found: Found) -> Iterator[Value]:
    """'$10 billion-$15 billion', 'between $7.6 billion and $7.8 billion': one money range
    (an 'and' range only after 'between')."""
    sentence = found.sentence
    for m in _MONEY_RANGE.finditer(sentence):
        if not found.free(m.start(), m.end()) or (
            m.group("sep").lower() == "and" and not m.group("between")
        ):
            continue
        high_scale = SCALES[m.group("scale").lower()] if m.group("scale") else 1
        low_scale = SCALES[m.group("low_scale").lower()] if m.group("low_scale") else high_scale
        low = float(m.group("low").replace(",", "")) * low_scale
        high = float(m.group("high").replace(",", "")) * high_scale
        currency = _CURRENCY_SYMBOLS[m.group("cur").lower()]
        if low < high:
            yield {
                "type": "money",
                "text": m.group().strip(),
                "normalized": f"{fmt(low)}-{fmt(high)} {currency}",
                "value": low,
                "low": low,
                "high": high,
                "range": True,
                "currency": currency,
                "hedge": None,
                "start": m.start(),
                "end": m.end(),
            }


def currency(symbol: str | None, before: str, after: str, found: list[Value]) -> str | None:
    """The currency of a figure: its symbol ('$', 'USD '), else a currency word glued before
    it ('euro110 billion'), else a currency word after it ('40 euros', 'a 110bn-euro loan';
    not pounds of weight), else a currency code before it ('CHF 40')."""
    if symbol:
        return _CURRENCY_SYMBOLS.get(symbol.strip().lower())
    code = _CURRENCY_CODE_BEFORE.search(before)
    glued = re.search(r"(?<![A-Za-z])([A-Za-z]+)$", before)  # "euro110 billion"
    if glued and glued.group(1).lower() in _CURRENCY_WORDS:
        word = glued.group(1).lower()
        return _CURRENCY_WORDS[word] or word.rstrip("s")
    next_word = re.match(r"[\s-]*([A-Za-z]+)", after)  # "40 euros", "a 110bn-euro package"
    if (
        next_word
        and next_word.group(1).lower() in _CURRENCY_WORDS
        and not _weight_in_pounds(next_word.group(1), before, found)
    ):
        return _CURRENCY_WORDS[next_word.group(1).lower()] or next_word.group(1).lower().rstrip("s")
    if code and code.group(1) not in _NOT_CURRENCY_CODES:
        return code.group(1)
    return None


def _weight_in_pounds(word: str, before: str, found: list[Value]) -> bool:
    """'lost an average of 14.7 pounds' (and any pounds after it in the sentence): pounds of
    weight, not sterling."""
    return word.lower() in ("pound", "pounds") and bool(
        _WEIGHT_VERBS.search(before) or any(v.get("concept") == "lb" for v in found)
    )
