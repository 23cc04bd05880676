"""Quantities: numbers, percentages, money and durations, read by an ordered list of passes
(`QUANTITY_PASSES`; the first pass to read a span owns it), then two rules over what they
found: figures that are the two ends of one stated range are joined ('ranged from 16 cents
to 27 cents'), and a figure in brackets that restates the one before it in other units is
marked `conversion` ('50 km (32 miles)')."""

import datetime as dt
import itertools
import re
from collections.abc import Iterable

from . import durations, money, numbers
from .counted import AREA, UNIT_NOUNS
from .numerals import fmt
from .passes import Span, run_passes
from .shape import Value

QUANTITY_PASSES = (
    durations.spelled_lengths,
    numbers.fractions,
    money.money_ranges,
    numbers.people_by_parts,
    numbers.word_ranges,
    numbers.ranges,
    numbers.scale_words,
    numbers.vague_counts,
    numbers.plain_numbers,
    durations.bare_durations,
    durations.ordinal_lengths,
)


def extract_quantities(
    sentence: str, published: dt.date | dt.datetime | None = None, skip: Iterable[Span] = ()
) -> list[Value]:
    """Numbers, percentages, money and durations, outside the spans in `skip` (dates)."""
    found = run_passes(QUANTITY_PASSES, sentence, published, skip)
    durations.mark_elapsed(sentence, found, published)
    return found


_SPAN_START = re.compile(
    r"\b(?:rang(?:e|es|ed|ing)|var(?:y|ies|ied))\s+(?:between|from)\s+$", re.IGNORECASE
)
_SPAN_GAP = re.compile(r"[^,;\d]{0,30}?\b(?:to|and)\s+")


def join_spans(sentence: str, quantities: list[Value]) -> list[Value]:
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
                "normalized": f"{fmt(low['value'])}-{fmt(v['value'])}",
                "end": v["end"],
            }
            continue
        out.append(v)
    return out


_CONVERSION_GAP = re.compile(
    r"\s*(?:[A-Za-z.]+\s*){0,2}\(\s*(?:about|some|roughly|around|approximately|or)?\s*"
)


def mark_conversions(sentence: str, quantities: list[Value]) -> None:
    """A figure in brackets right after another restates it in other units or money
    ("433.50 pence ($6.85)", "50 km (32 miles)"): marked `conversion`, it is no fact of its own."""
    ordered = sorted(quantities, key=lambda v: v["start"])
    for before, v in itertools.pairwise(ordered):
        if _CONVERSION_GAP.fullmatch(sentence[before["end"] : v["start"]]) and _restates(before, v):
            v["conversion"] = True


def _restates(before: Value, v: Value) -> bool:
    """Could v restate the figure before it in another unit or currency?"""
    if _measure(before) and _measure(v):
        return (before["type"] == "money") == (v["type"] == "money")
    return _money_in_subunits(before, v)


def _measure(v: Value) -> bool:
    """Money, or a number in a measuring unit: a figure another unit can restate."""
    return (
        v["type"] == "money"
        or v["type"] == "number"
        and (v.get("concept") in UNIT_NOUNS.values() or v.get("concept") == AREA)
    )


def _money_in_subunits(before: Value, v: Value) -> bool:
    """'433.50 pence ($6.85)': money in pence or cents, then in a currency."""
    return (
        v["type"] == "money"
        and before["type"] == "number"
        and before.get("noun") in ("pence", "penny", "cent")
    )
