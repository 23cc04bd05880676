"""Whether two values of one type agree: hedges ("at least 30" holds 32), rounding ("about
1,200" holds 1,187; "17" holds 17.3), vague counts ("dozens"), stated ranges, dates of
different precision ("March 2014" holds "2014-03-05") and quotes (the same words from two
speakers do not agree, nor a remark with a negation, a name or a figure changed inside it:
`quote_difference`). Whether two values are about the same thing at all is the job of
same_fact.py; the verdict built on both is verdict.py's.
"""

import re

from rapidfuzz import fuzz

from newscompare.lib.claim_values import mid_sentence

from .quote_changes import key_word_changes
from .timespan import implied_start
from .values import HEDGES, entity_key, surname

NUMERIC = ("number", "percent", "money")


NUMERIC_OR_DURATION = ("number", "percent", "money", "duration")


COMPARED = ("number", "percent", "money", "date", "duration", "quote")


APPROX = 0.10  # "about", "some", "around": within 10%


SAME_WORDS = 90  # rapidfuzz ratio for "the same quote"


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
    width = _approx_width(v)
    if kind == "approx":
        return lo * (1 - width), hi * (1 + width)
    if kind == "approx_below":
        return lo * (1 - 2 * width), hi
    return lo, hi


def _approx_width(v: dict) -> float:
    """How far "about" or "nearly" reaches: APPROX for a figure of one or two significant
    digits ("about 320", "nearly $3 billion"); a writer who hedges a figure written to three
    or more holds a value ten times nearer ("nearly $3.32 billion" is no $2.94 billion)."""
    whole, _, decimals = _mantissa(v.get("text") or "").replace(",", "").partition(".")
    significant = len(whole.lstrip("0")) + len(decimals) if decimals else len(whole.strip("0"))
    return APPROX if significant <= 2 else APPROX / 10


def _scale_left_out(a: dict, b: dict) -> bool:
    """One figure written with a scale word and the other with the same digits and none
    ("$54.9 million" / "$54.9"): the same figure, its scale left out."""
    if bool(a.get("scaled")) == bool(b.get("scaled")) or a.get("low") is not None:
        return False
    scaled, plain = (a, b) if a.get("scaled") else (b, a)
    digits = _mantissa(scaled.get("text") or "")
    return bool(digits) and digits == _mantissa(plain.get("text") or "") and _point(plain) < 1000


def _mantissa(text: str) -> str:
    """The figure's digits as written ('nearly $3.32 billion' -> '3.32')."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    return m.group(0) if m else ""


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


def compatible(a: dict, b: dict) -> bool:
    t = a["type"]
    if t in NUMERIC:
        return _numbers_compatible(a, b) or _scale_left_out(a, b)
    if t == "duration":
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
        return not quote_difference(a, b)
    return a.get("normalized") == b.get("normalized")


def speakers_differ(a: dict, b: dict) -> bool:
    sa, sb = a.get("speaker") or "", b.get("speaker") or ""
    if (
        not sa
        or not sb
        or sa.lower() in ("he", "she", "they")
        or sb.lower() in ("he", "she", "they")
    ):
        return False
    return not _one_name(entity_key(surname(sa)), entity_key(surname(sb)))


def _one_name(ka: str, kb: str) -> bool:
    """Two name keys of one person: equal, or for longer names one consonant transliterated
    another way ('Alishbandi' / 'Alishvandi')."""
    return ka == kb or (min(len(ka), len(kb)) >= 5 and fuzz.ratio(ka, kb) >= SAME_TRANSLITERATION)


SAME_TRANSLITERATION = 80  # rapidfuzz ratio of two name keys: one letter in 7 differs


def quote_difference(a: dict, b: dict) -> str:
    """What makes two reports of one remark say different things, '' when nothing does:
    another speaker; in words given in quote marks by both, a negation or a name changed
    (quote_changes.py); or a figure in it that the other's figure cannot be ("48 hours" /
    "72 hours"; "48 hours" / "two days" is the same figure)."""
    if speakers_differ(a, b):
        return "different speaker"
    if not a.get("reported") and not b.get("reported"):
        changes = key_word_changes(a["text"], b["text"])
        if changes:
            x, y = changes[0]
            return f"changed words: “{x or '…'}” vs “{y or '…'}”"
    figures = changed_figures(a, b)
    if figures:
        return f"changed figure: {describe(figures[0])} vs {describe(figures[1])}"
    return ""


def changed_figures(a: dict, b: dict) -> tuple[dict, dict] | None:
    """The figure of each of two reports of one remark that cannot be the same (see
    quote_difference), None when no figure changed."""
    return _figures_differ(a.get("figures") or [], b.get("figures") or [])


def _figures_differ(xs: list[dict], ys: list[dict]) -> tuple[dict, dict] | None:
    """A figure of each quote that cannot be the same: the only one of its type in either,
    or else the only one of its type and counted thing in either ("18 people were injured
    and 12 arrested" / "12 people were injured": the injured, 18 against 12)."""
    for t in NUMERIC_OR_DURATION:
        fx = [v for v in xs if v["type"] == t]
        fy = [v for v in ys if v["type"] == t]
        pairs = [(fx[0], fy[0])] if len(fx) == len(fy) == 1 else _by_counted_thing(fx, fy)
        for x, y in pairs:
            if not _numbers_compatible(x, y):
                return x, y
    return None


def _by_counted_thing(fx: list[dict], fy: list[dict]) -> list[tuple[dict, dict]]:
    """(x, y) for each counted thing (concept) that each side counts exactly once."""

    def once(figures: list[dict]) -> dict:
        keys = [(v.get("concept") or "")[:4] for v in figures]
        return {k: v for k, v in zip(keys, figures, strict=True) if k and keys.count(k) == 1}

    x_once, y_once = once(fx), once(fy)
    return [(x, y_once[k]) for k, x in x_once.items() if k in y_once]


def quote_relation(a: dict, b: dict) -> str:
    """'same words', 'paraphrase', or what differs (quote_difference) for two reports of one
    remark."""
    return quote_difference(a, b) or (
        "same words" if fuzz.ratio(a["normalized"], b["normalized"]) >= SAME_WORDS else "paraphrase"
    )


def describe(v: dict) -> str:
    if v["type"] == "quote":
        return f"“{v['text']}” ({v.get('speaker') or 'unattributed'})"
    if v["type"] == "duration" and v.get("until"):
        began = implied_start(v, HEDGES)
        since = f", so it began {began[0]} to {began[1]}" if began else ""
        return f"{v['text']} (by {v['until']}{since})"
    if v["type"] == "date":
        return f"{v['text']} ({v['normalized']})" if v["text"] != v["normalized"] else v["text"]
    return mid_sentence(v.get("with_unit") or v.get("text") or v.get("normalized", ""))
