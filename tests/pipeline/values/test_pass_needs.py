"""A pass marked with `needs` is skipped where its pattern matches nowhere: the pattern must
match every sentence in which the pass finds something."""

import datetime as dt
import re

from newscompare.pipeline.values import QUANTITY_PASSES
from newscompare.pipeline.values.passes import needs, run_passes

SENTENCES = [
    "Nearly two-thirds of the residents left, and half of them returned.",
    "Dozens of houses burned and tens of thousands of people fled.",
    "Two women and a man died when the bridge fell.",
    "Three men, two boys and one girl were rescued.",
    "The talks lasted a year and a half, half a year longer than planned.",
    "For a decade the road was closed; a fortnight ago it opened for an hour.",
    "A quarter of a century of work ended on Monday.",
    "The year-long drought, now in its third week of rationing, entered its 40th day.",
    "Analysts expected between $7.6 billion and $7.8 billion, or $10 billion-$15 billion.",
]


def test_a_pass_finds_nothing_where_its_needed_pattern_is_missing():
    gated = [find for find in QUANTITY_PASSES if getattr(find, "needs", None) is not None]
    assert len(gated) >= 7
    for find in gated:
        found_any = False
        for sentence in SENTENCES:
            found = list(run_passes([find], sentence, dt.date(2024, 5, 1)))
            if found:
                found_any = True
                assert find.needs.search(sentence), (find.__name__, sentence)
        assert found_any, find.__name__


def test_a_gated_pass_is_skipped_where_its_pattern_is_missing():
    calls = []

    def find(found):
        calls.append(found.sentence)
        yield from ()

    needs(re.compile("dozens", re.IGNORECASE))(find)
    run_passes([find], "No count here.")
    run_passes([find], "Dozens fled.")
    assert calls == ["Dozens fled."]
