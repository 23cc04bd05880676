"""Number words and hedges: the vocabulary every kind of figure shares.

`words_to_number` reads a figure written in words; `HEDGES` maps a hedge ("at least",
"nearly") to the range it allows around its figure; `fmt` writes a figure as normalized
values show it.
"""

import re

UNITS = {
    w: i
    for i, w in enumerate(
        (
            "zero one two three four five six seven eight nine ten eleven twelve thirteen"
            " fourteen fifteen sixteen seventeen eighteen nineteen"
        ).split()
    )
}
TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if w != "_"
}
SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
SHORT_SCALES = {
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "tn": 1_000_000_000_000,
}
NUMBER_WORD = "|".join(
    sorted(list(UNITS) + list(TENS) + list(SCALES) + ["dozen"], key=len, reverse=True)
)
# Vague plurals: a range, so "dozens" agrees with 30 and not with 12.
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
HEDGE_RE = "|".join(sorted(map(re.escape, HEDGES), key=len, reverse=True))


def words_to_number(text: str) -> int | None:
    """'twelve hundred' -> 1200, 'four million' -> 4e6, 'twenty-one' -> 21; None if not a number."""
    total, current, seen = 0, 0, False
    for w in re.split(r"[\s-]+", text.lower()):
        if w == "and" or not w:
            continue
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w == "dozen":
            current = (current or 1) * 12  # "three dozen" -> 36
        elif w in SCALES:
            total += (current or 1) * SCALES[w]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def fmt(x: float) -> str:
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.4g}"
