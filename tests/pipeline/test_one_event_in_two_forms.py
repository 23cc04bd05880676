"""One event dated by its start in one outlet and by its length so far in another (issue 12,
classes 3 and 6): the values stage marks starts and elapsed lengths, alignment puts them in one
claim, comparison reasons on one interval. Cases made up for these tests."""

import datetime as dt

from newscompare.pipeline.align import facts
from newscompare.pipeline.align.facts import DATE_FLOOR, FACT_FLOOR
from newscompare.pipeline.values import extract_values
from newscompare.pipeline.verdict import Member, compare_values, judge_claim

from .story import claims_of

WRITTEN = dt.date(2019, 9, 2)


def times(sentence, published=WRITTEN):
    return [v for v in extract_values(sentence, published) if v["type"] in ("date", "duration")]


def test_a_start_date_is_marked_and_placed_before_the_day_of_writing():
    (began,) = times("The strike that began in November has shut the port.")
    assert began["role"] == "start" and began["normalized"] == "2018-11"
    (since,) = times("The border has been closed since 20 October.")
    assert since["role"] == "start" and since["normalized"] == "2018-10-20"


def test_a_length_so_far_runs_up_to_the_day_of_writing():
    (length,) = times("Dock workers walked out again after nine weeks of strikes.")
    assert length["normalized"] == "9 week" and length["until"] == "2019-09-02"
    (term,) = times("The court granted the firm nine weeks of protection.")
    assert "until" not in term


def test_its_nth_day_is_a_length_so_far():
    (length,) = times("The siege, now in its sixth day, has cut the town off.")
    assert length["normalized"] == "6 day" and length["ordinal"]
    assert length["until"] == "2019-09-02"


def test_a_start_and_a_length_so_far_that_cannot_both_hold_diverge():
    a = extract_values("The dock strike, which began in June, has shut the port.", WRITTEN)
    b = extract_values("Exporters are losing money after three weeks of dock strikes.", WRITTEN)
    result = compare_values(a, b)
    assert result.relation == "diverge"
    assert [c.span for c in result.conflicts] == [True]


def test_a_start_and_a_length_so_far_that_fit_agree():
    a = extract_values("The dock strike, which began in June, has shut the port.", WRITTEN)
    b = extract_values("Exporters are losing money after ten weeks of dock strikes.", WRITTEN)
    assert compare_values(a, b).relation == "agree"


def test_the_verdict_explains_the_interval():
    a = Member("A", 1, times("The dock strike, which began in June, has shut the port."))
    b = Member("B", 2, times("Exporters are losing money after three weeks of dock strikes."))
    judged = judge_claim([a, b], one_fact=True)
    assert judged.verdict == "diverge" and judged.kind == "duration"
    assert "2019-06" in judged.explanation and "by 2019-09-02" in judged.explanation


def test_lengths_of_different_things_in_one_event_claim_are_not_weighed():
    # Without one fact to compare (an event claim), a start and a length may be of two things.
    a = extract_values("The war, which began in 2011, has displaced millions.", WRITTEN)
    b = extract_values("Aid stopped after three weeks of shelling.", WRITTEN)
    assert compare_values(a, b, lone_pairs=False).relation == "agree"


def test_a_length_written_three_ways_is_one_claim():
    # Class 6: "eight months", "8 months", "since <month>" of one set of talks.
    story = claims_of(
        [
            [
                "Eight months of talks between the miners' union and the owners ended in failure.",
                "The owners said the mines would reopen next week.",
            ],
            [
                "The union and the mine owners have negotiated since early January without a deal.",
                "Police closed the roads to the pits.",
            ],
            [
                "After 8 months of negotiations, the miners' union and the owners have no deal.",
                "Shares in the mining group fell 4 percent.",
            ],
        ]
    )
    talks = [members for members, slot in story if slot == "span"]
    assert any(len({a for a, _ in members}) == 3 for members in talks), story


def test_two_starts_need_sentences_as_close_as_two_dates_do():
    # "held since October" / "patrols since October 23": dates are everywhere; a start
    # against a length so far is a fact of its own and links at the floor of a fact.
    since = times("Pirates have held the tanker since October.")
    length = times("Patrols have run for the past six weeks.")
    assert facts._fact_floor("span", since + since) == DATE_FLOOR
    assert facts._fact_floor("span", since + length) == FACT_FLOOR
