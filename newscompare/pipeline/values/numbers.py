"""Numbers and quantities: the passes that read figures, in the order they run (quantities.py
lists them):

- `fractions`: "a third of", "two-thirds of" (a percent);
- `people_by_parts`: "two women and a man" (one count of three, with its clause's concept);
- `word_ranges`: "three to four", "two or three";
- `ranges`: "64 to 135", "between 2 and 3 million";
- `scale_words`: "a dozen", "half a million";
- `vague_counts`: "dozens of", "tens of thousands of" (a range);
- `plain_numbers`: every other figure, in digits or words, with its hedge ("at least"),
  scale ("4.2 million", "6bn"), "and a half" or mixed fraction ("2 1/2"); it is a duration
  when a unit of time follows, a percent, money when it has a currency, else a count with
  what it counts.

A bare year, a clock time, "9/11" and "the two countries" are no counts.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import durations, money
from .counted import AREA, UNIT_NOUNS, area_unit, concept, noun_after, unit_end, verb_before
from .numerals import HEDGE_RE, NUMBER_WORD, SCALES, SHORT_SCALES, TENS, UNITS, fmt, words_to_number
from .passes import Found, needs
from .shape import Value

# ------------------------------------------------------------------ fractions

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
_FRACTION_WORDS = "|".join(sorted(map(re.escape, _FRACTIONS), key=len, reverse=True))


def _words_of(words: str, hedged: bool = True) -> re.Pattern:
    """One of `words` (a regex of alternatives, group 'words') before "of" ("a third of",
    "tens of thousands of"); with `hedged`, and the hedge before them when there is one
    (group 'hedge'). Without, what every match contains (a pass's `needs`)."""
    lead = rf"(?:\b(?P<hedge>{HEDGE_RE})\s+)?\b(?P<words>" if hedged else "(?:"
    return re.compile(rf"{lead}{words})\s+of\b", re.IGNORECASE)


_FRACTION = _words_of(_FRACTION_WORDS)


@needs(_words_of(_FRACTION_WORDS, hedged=False))
def fractions(found: Found) -> Iterator[Value]:
    """'a third of', 'nearly two-thirds of': a share, as a percent."""
    sentence = found.sentence
    for m in _FRACTION.finditer(sentence):
        if not found.free(m.start(), m.end()):
            continue
        value = _FRACTIONS[m.group("words").lower()]
        hedge = (m.group("hedge") or "").lower() or None
        text = m.group()[:-3].strip()
        yield {
            "type": "percent",
            "text": text,
            "normalized": f"{fmt(value)}%",
            "value": value,
            "hedge": hedge,
            "concept": noun_after(sentence, m.end()),
            "start": m.start(),
            "end": m.end(),
        }


# ------------------------------------------------------------------ ranges

# "three to four percentage points", "two or three people"; not "from three to four", a change.
_WORD_RANGE = re.compile(
    rf"(?<!from\s)\b(?P<low>{'|'.join(list(UNITS)[1:] + list(TENS))})\s+(?:to|or)\s+"
    rf"(?P<high>{'|'.join(list(UNITS)[1:] + list(TENS))})\b(?![\s-]+(?:{NUMBER_WORD})\b)",
    re.IGNORECASE,
)


def word_ranges(found: Found) -> Iterator[Value]:
    """'three to four', 'two or three': a range written in words."""
    sentence = found.sentence
    for m in _WORD_RANGE.finditer(sentence):
        low, high = words_to_number(m.group("low")), words_to_number(m.group("high"))
        if not found.free(m.start(), m.end()) or not low < high:
            continue
        noun = noun_after(sentence, m.end())
        yield {
            "type": "number",
            "text": m.group(),
            "normalized": f"{low}-{high}",
            "value": float(low),
            "low": float(low),
            "high": float(high),
            "range": True,
            "hedge": None,
            "noun": noun,
            "concept": concept(sentence, m.start(), m.end(), noun),
            "start": m.start(),
            "end": m.end(),
        }


# "and" joins a range only after "between": "killed 14 and 40 were hurt" is two counts.
_RANGE = re.compile(
    r"(?:\b(?P<between>[Bb]etween)\s+)?(?<![\d.,])(?P<low>\d[\d,]*(?:\.\d+)?)\s*"
    r"(?:-|–|to|(?(between)and|(?!)))\s*"
    r"(?P<high>\d[\d,]*(?:\.\d+)?)(?:\s*(?P<scale>hundred|thousand|million|billion)\b)?(?![\d.,]*\d)"
)


def ranges(found: Found) -> Iterator[Value]:
    """'64 to 135', '2-3 million', 'between 40 and 50'; not '2014 and 2015' (years). After a
    hedge ('more than 64 to 135') the range bounds a span rather than stating one."""
    sentence = found.sentence
    for m in _RANGE.finditer(sentence):
        raw_low, raw_high = m.group("low").replace(",", ""), m.group("high").replace(",", "")
        if not found.free(m.start(), m.end()) or re.fullmatch(r"(1[89]|20)\d\d", raw_high):
            continue  # "2014 and 2015" are years; "2014-2015" a span of them
        scale = SCALES[m.group("scale").lower()] if m.group("scale") else 1
        low, high = float(raw_low) * scale, float(raw_high) * scale
        if not low < high:
            continue
        stated = not re.search(rf"\b(?:{HEDGE_RE})\s+$", sentence[: m.start()], re.IGNORECASE)
        # "between 40 and 80 percent damage": a range of shares.
        pct = None if m.group("scale") else _PERCENT_AFTER.match(sentence, m.end())
        end = pct.end() if pct else m.end()
        noun = noun_after(sentence, end)
        yield {
            "type": "percent" if pct else "number",
            "text": sentence[m.start() : end].strip(),
            "normalized": f"{fmt(low)}-{fmt(high)}" + ("%" if pct else ""),
            "value": low,
            "low": low,
            "high": high,
            "range": stated,
            "hedge": None,
            "noun": noun,
            "concept": noun if pct else concept(sentence, m.start(), end, noun),
            "start": m.start(),
            "end": end,
        }


# ------------------------------------------------------------------ scale words and vague counts

_A_SCALE = re.compile(
    r"\b(?P<half>half\s+)?an?\s+(?P<scale>dozen|hundred|thousand|million|billion)\b(?!\s+of\b)",
    re.IGNORECASE,
)


def scale_words(found: Found) -> Iterator[Value]:
    """'a dozen', 'a hundred', 'half a million'; 'a hundred days' is left to durations."""
    sentence = found.sentence
    for m in _A_SCALE.finditer(sentence):
        if not found.free(m.start(), m.end()):
            continue
        value = (
            12 if m.group("scale").lower() == "dozen" else SCALES[m.group("scale").lower()]
        ) * (0.5 if m.group("half") else 1)
        if durations.unit_after(sentence[m.end() :]):
            continue  # "a hundred days": left to the duration rules
        noun = noun_after(sentence, m.end())
        yield {
            "type": "number",
            "text": m.group().strip(),
            "normalized": fmt(value),
            "value": float(value),
            "hedge": None,
            "scaled": True,
            "noun": noun,
            "concept": concept(sentence, m.start(), m.end(), noun),
            "start": m.start(),
            "end": m.end(),
        }


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
_VAGUE_WORDS = "|".join(sorted(_VAGUE_COUNTS, key=len, reverse=True))
_VAGUE = _words_of(_VAGUE_WORDS)


@needs(_words_of(_VAGUE_WORDS, hedged=False))
def vague_counts(found: Found) -> Iterator[Value]:
    """'dozens of', 'tens of thousands of': a range of counts."""
    sentence = found.sentence
    for m in _VAGUE.finditer(sentence):
        if not found.free(m.start(), m.end()):
            continue
        low, high = _VAGUE_COUNTS[m.group("words").lower()]
        noun = noun_after(sentence, m.end())
        yield {
            "type": "number",
            "text": m.group()[:-3].strip(),
            "normalized": f"{low}-{high}",
            "value": float(low),
            "low": float(low),
            "high": float(high),
            "hedge": (m.group("hedge") or "").lower() or None,
            "noun": noun,
            "concept": concept(sentence, m.start(), m.end(), noun),
            "start": m.start(),
            "end": m.end(),
        }


# ------------------------------------------------------------------ people by their parts

# "two women and a man", "a man and two women": one count of people given by its parts.
_PERSON = r"(?:wom[ae]n|m[ae]n|child(?:ren)?|boys?|girls?|adults?|teenagers?)"
_PART = rf"(?:(?:{NUMBER_WORD}|\d+|an?)\s+{_PERSON})"
_PARTS = re.compile(rf"\b{_PART}(?:\s*,\s*{_PART})*\s*,?\s+and\s+{_PART}\b", re.IGNORECASE)
_PART_COUNT = re.compile(rf"\b({NUMBER_WORD}|\d+|an?)\s+{_PERSON}", re.IGNORECASE)


@needs(re.compile(rf"\s{_PERSON}\b", re.IGNORECASE))  # (the last part's person)
def people_by_parts(found: Found) -> Iterator[Value]:
    """'two women and one man died': one count of three people (the parts are its members,
    not counts of their own), with the concept of its clause; none when its clause says of no
    event what it counts (a few named people are no crowd of "people")."""
    sentence = found.sentence
    for m in _PARTS.finditer(sentence):
        if not found.free(m.start(), m.end()):
            continue
        parts = [_part_value(x.group(1)) for x in _PART_COUNT.finditer(m.group())]
        if None in parts or len(parts) < 2:
            continue
        total = float(sum(parts))
        what = concept(sentence, m.start(), m.end(), "people")
        yield {
            "type": "number",
            "text": m.group(),
            "normalized": fmt(total),
            "value": total,
            "hedge": None,
            "noun": "people",
            "verb": verb_before(sentence, m.start()),
            "concept": "" if what == "people" else what,
            "start": m.start(),
            "end": m.end(),
        }


def _part_value(word: str) -> int | None:
    w = word.lower()
    if w in ("a", "an"):
        return 1
    return int(w) if w.isdigit() else words_to_number(w)


# ------------------------------------------------------------------ plain numbers

# "1,2 million": a decimal comma (Continental style), since a thousands comma takes three digits.
_DECIMAL_COMMA = r"\d{1,3},\d{1,2}(?=[\s-]?(?:million|billion|trillion)\b)"
_DIGITS = rf"{_DECIMAL_COMMA}|\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?<![\w.])\.\d+"
_WORDS = rf"(?:(?:{NUMBER_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{NUMBER_WORD}))*)"
_NUMBER = re.compile(
    # "as much as about 16": the outer hedge bounds the figure; the inner one only softens it.
    rf"(?:\b(?P<hedge>{HEDGE_RE})\s+(?:(?:about|around|some|roughly|approximately|nearly|almost)\s+)?)?"
    rf"(?P<cur>[$€£¥]|\b(?:USD|EUR|GBP|US\$)\s?)?"
    rf"(?:(?P<digits>{_DIGITS})(?:[\s-]?(?P<scale>{'|'.join(SCALES)})\b|(?P<short>k|m|mn|bn|b|tn)\b)?"
    rf"|\b(?P<words>{_WORDS})\b)"
    rf"(?P<and_half>\s+and\s+a\s+half\b)?"
    rf"(?P<pct>\s?(?:%|percent\b|per cent\b|pct\b|pc\b))?",
    re.IGNORECASE,
)
_MIXED_FRACTION = re.compile(r"\s+(\d)/(\d{1,2})\b(?!/)")
_PERCENT_AFTER = re.compile(r"\s?(?:%|percent\b|per cent\b|pct\b)", re.IGNORECASE)
_CLOCK_AFTER = re.compile(
    r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|EDT|EST|CET|BST|PDT|PST)", re.IGNORECASE
)
_SCALE_IN_WORDS = re.compile(r"hundred|thousand|million|billion|trillion", re.IGNORECASE)
_AGE_AFTER = re.compile(r"-?\s*(?:year|month|week|day)s?[- ]old\b")
# A count set against another ("compared with five") and followed straight by a preposition
# or the end of its clause names no noun of its own: it counts what the figure before it counted.
_ELIDED_NOUN = re.compile(r"\s*(?:[,;.)]|$|(?:for|in|at|on|among|by)\b)", re.IGNORECASE)
_SET_AGAINST = re.compile(
    # ("more than 1,400" is a hedge, not a figure set against the one before it)
    r"\b(?:compared (?:with|to)|versus|vs\.?|against|(?<!more )(?<!less )(?<!fewer )than)\s+$",
    re.IGNORECASE,
)


@dataclass
class _Figure:
    """One figure the plain-numbers pattern read, before it is told what kind of value it is."""

    start: int  # hedge and currency symbol included
    end: int
    num_start: int  # where its digits or words begin
    text: str
    value: float
    hedge: str | None
    scaled: bool
    percent: bool
    symbol: str | None


def plain_numbers(found: Found) -> Iterator[Value]:
    """Every figure no earlier pass took, read as a duration, percent, money or count."""
    sentence = found.sentence
    for m in _NUMBER.finditer(sentence):
        num_start = m.start("digits") if m.group("digits") else m.start("words")
        if not found.free(num_start, m.end()):
            continue
        value = _digits_value(m, sentence, num_start) if m.group("digits") else _words_value(m)
        if value is None:
            continue
        figure = _figure(found, m, num_start, value)
        after = sentence[figure.end :]
        unit = durations.unit_after(after)
        if unit and not figure.percent:
            v = _as_duration(sentence, figure, unit)
        elif figure.percent:
            v = _as_percent(sentence, figure)
        else:
            v = _as_money(found, figure, after) or _as_count(found, figure, after)
        if v is not None:
            yield v


def _digits_value(m: re.Match, sentence: str, num_start: int) -> float | None:
    """The figure written in digits, with its scale; None for a year, a clock time or a
    date or ratio written with a slash."""
    raw = m.group("digits")
    # A bare year or a clock time is not a count.
    if re.fullmatch(r"(1[89]|20)\d\d", raw) and not m.group("scale") and not m.group("pct"):
        return None
    if (
        sentence[m.end("digits") : m.end("digits") + 1] == ":"
        or sentence[max(0, num_start - 1) : num_start] == ":"
    ):
        return None
    if _CLOCK_AFTER.match(sentence[m.end() :]):
        return None  # "1018 GMT", "6 p.m.": a time of day, not a count
    if "/" in (
        sentence[num_start - 1 : num_start],
        sentence[m.end("digits") : m.end("digits") + 1],
    ):
        return None  # "9/11", "24/7", "2/32": a date or a ratio, not a count
    value = float(
        raw.replace(",", ".") if re.fullmatch(r"\d+,\d{1,2}", raw) else raw.replace(",", "")
    )
    if m.group("scale"):
        # 6.3 * 1e9 is not 6.3e9 in floats
        return round(value * SCALES[m.group("scale").lower()], 3)
    if m.group("short"):
        return round(value * SHORT_SCALES[m.group("short").lower()], 3)
    return value


def _words_value(m: re.Match) -> float | None:
    """The figure written in words; None for 'the two countries' (it refers back) and for a
    lone 'one' (usually a pronoun, 'one of them'), except before a unit of time."""
    sentence, num_start, words = m.string, m.start("words"), m.group("words")
    value = words_to_number(words)
    if (
        re.search(r"\b(the|these|those|both)\s+$", sentence[:num_start].lower())
        and value
        and value <= 10
        and not durations.unit_after(sentence[m.end() :])
    ):
        return None  # "the two countries" refers back; "the three-day order" is a length
    if value is None or words.lower() in ("one",) and not m.group("hedge"):
        # "one" alone is usually a pronoun ("one of them"), except before a unit.
        if not (value == 1 and durations.unit_after(sentence[m.end() :])):
            return None
    return value


def _figure(found: Found, m: re.Match, num_start: int, value: float) -> _Figure:
    """The figure with 'and a half', a mixed fraction ('2 1/2 weeks', '3 5/8 percent'), its
    hedge and whether it was written to a scale."""
    sentence, end = found.sentence, m.end()
    if m.group("and_half"):
        value += 0.5
    pct = m.group("pct")
    fraction = (
        _MIXED_FRACTION.match(sentence, end)
        if m.group("digits") and not (pct or m.group("scale") or m.group("short"))
        else None
    )
    if fraction and int(fraction.group(1)) < int(fraction.group(2)):
        value += int(fraction.group(1)) / int(fraction.group(2))
        end = fraction.end()
        found.claim(m.end(), end)
        pct = _PERCENT_AFTER.match(sentence, end)
        if pct:
            end = pct.end()
    # "4.2 million", "1.2 thousand": written to a scale, so rounded at its last digit.
    scaled = bool(
        m.group("scale")
        or m.group("short")
        or (m.group("words") and _SCALE_IN_WORDS.search(m.group("words")))
    )
    return _Figure(
        start=m.start(),
        end=end,
        num_start=num_start,
        text=sentence[m.start() : end].strip(),
        value=value,
        hedge=(m.group("hedge") or "").lower() or None,
        scaled=scaled,
        percent=bool(pct),
        symbol=m.group("cur"),
    )


def _as_duration(sentence: str, f: _Figure, unit: re.Match) -> Value | None:
    return durations.duration(
        sentence,
        f.start,
        f.end + unit.end(),
        (f.text + unit.group()).strip(),
        f.value,
        f.hedge,
        unit.group(1).lower(),
    )


def _as_percent(sentence: str, f: _Figure) -> Value:
    return {
        "type": "percent",
        "text": f.text,
        "normalized": f"{fmt(f.value)}%",
        "value": f.value,
        "hedge": f.hedge,
        "scaled": f.scaled,
        "concept": noun_after(sentence, f.end),
        "start": f.start,
        "end": f.end,
    }


def _as_money(found: Found, f: _Figure, after: str) -> Value | None:
    currency = money.currency(f.symbol, found.sentence[: f.num_start], after, found.values)
    if not currency:
        return None
    return {
        "type": "money",
        "text": f.text,
        "normalized": f"{fmt(f.value)} {currency}",
        "value": f.value,
        "currency": currency,
        "hedge": f.hedge,
        "scaled": f.scaled,
        "start": f.start,
        "end": f.end,
    }


def _as_count(found: Found, f: _Figure, after: str) -> Value:
    sentence = found.sentence
    noun = noun_after(sentence, f.end)
    area = area_unit(after)
    if area is not None:  # an area: its figure in hectares, written as the text says
        hectares = round(f.value * area[0], 6)
        return {
            "type": "number",
            "text": f.text,
            "normalized": f"{fmt(hectares)} ha",
            "value": hectares,
            "hedge": f.hedge,
            "scaled": f.scaled,
            "noun": noun,
            "verb": verb_before(sentence, f.start),
            "concept": AREA,
            "with_unit": _with_unit(f, after, area[1]),
            "start": f.start,
            "end": f.end,
        }
    value = {
        "type": "number",
        "text": f.text,
        "normalized": fmt(f.value),
        "value": f.value,
        "hedge": f.hedge,
        "scaled": f.scaled,
        "noun": noun,
        "verb": verb_before(sentence, f.start),
        "concept": _count_concept(found, f, after, noun),
        "start": f.start,
        "end": f.end,
    }
    if value["concept"] in UNIT_NOUNS.values():
        value["with_unit"] = _with_unit(f, after, unit_end(after))
    return value


def _with_unit(f: _Figure, after: str, end: int) -> str:
    """The figure with its measuring unit, as the sentence writes them ("some 14,000
    acres", "a 1,500-square-kilometer"): two figures that differ only in their unit must
    not read the same to a reader."""
    return f.text + after[:end].rstrip()


def _count_concept(found: Found, f: _Figure, after: str, noun: str) -> str:
    """An age ("his 27-year-old wife", "Sandy Mitchell, 44,"), a measuring unit, what the
    figure it is set against counted ("lost 14.7 pounds, compared with five for ..."), else
    the concept of its clause."""
    sentence, values = found.sentence, found.values
    if _AGE_AFTER.match(after.lstrip()) or _age_in_apposition(
        sentence, f.num_start, f.end, f.value
    ):
        return "age"
    if noun in UNIT_NOUNS.values():
        return noun
    if (
        _elided_in_comparison(sentence, f.num_start, after)
        and values
        and values[-1]["type"] == "number"
        and values[-1].get("concept")
    ):
        return values[-1]["concept"]
    return concept(sentence, f.num_start, f.end, noun)


def _elided_in_comparison(sentence: str, start: int, after: str) -> bool:
    return bool(_SET_AGAINST.search(sentence[:start]) and _ELIDED_NOUN.match(after))


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
