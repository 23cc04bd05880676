"""The note on how a number claim's values moved in time (pipeline.timeline.time_note)."""

import datetime as dt

from newscompare.pipeline.timeline import ClaimTimeline, Report, time_note

MONDAY = dt.datetime(2031, 5, 5, 9, 0, tzinfo=dt.UTC)


def report(outlet: str, hours: int, value: str, number: float, counts: str = "killed") -> Report:
    return Report(
        article_id=hours,
        outlet=outlet,
        external_id=outlet,
        at=MONDAY + dt.timedelta(hours=hours),
        version=1,
        value=value,
        key=(value,),
        number=number,
        sentence=f"The fire has burned {value}.",
        change="first",
        concepts=frozenset({counts}),
    )


def note(*reports: Report) -> str:
    return time_note(ClaimTimeline(1, "number", list(reports)))


def test_a_figure_that_grows_over_time_reads_as_an_update():
    assert note(report("a", 0, "Two", 2), report("b", 20, "three", 3)) == (
        "rose from two to three between Mon 5 May 2031 09:00 and Tue 6 May 2031 05:00: "
        "likely an update"
    )


def test_one_number_in_another_unit_reads_as_a_unit_error_not_a_revision():
    hectares = report("a", 0, "some 9,000 hectares", 9000, "area")
    acres = report("b", 20, "some 9,000 acres", 3642.2, "area")
    assert note(hectares, acres) == (
        "some 9,000 hectares, then some 9,000 acres, between Mon 5 May 2031 09:00 and "
        "Tue 6 May 2031 05:00: the same number in another unit, likely a unit error"
    )


def test_a_growing_area_reads_as_an_update():
    assert note(
        report("a", 0, "1,200 hectares", 1200, "area"),
        report("b", 30, "1,900 hectares", 1900, "area"),
    ).endswith("likely an update")


def test_a_fixed_quantity_told_otherwise_later_is_not_called_an_update_or_a_revision():
    # A fleet, a share of trade or a reservoir's capacity does not move in a day: a later,
    # different figure is a dispute, and the note does not guess otherwise.
    assert note(report("a", 0, "41", 41, "aircraft"), report("b", 20, "39", 39, "aircraft")) == ""
    assert note(report("a", 0, "a quarter", 25, ""), report("b", 3, "30 percent", 30, "")) == ""


def test_a_fixed_quantity_in_another_unit_is_still_a_likely_unit_error():
    miles = report("a", 0, "some 600 miles", 600, "")
    km = report("b", 20, "some 600 kilometres", 372.8, "")
    assert note(miles, km).endswith("the same number in another unit, likely a unit error")
