"""Each quantity pass by name, on sentences made up for it, and the loop that runs them: a
span the first pass reads is not read again by a later one."""

from newscompare.pipeline.values import QUANTITY_PASSES, durations, money, numbers
from newscompare.pipeline.values.passes import Found, run_passes


def found_by(find, sentence: str, claimed=()) -> list[dict]:
    """What one pass finds alone in a sentence (nothing claimed before it but `claimed`)."""
    return run_passes([find], sentence, claimed=claimed)


def test_fractions_reads_a_share_as_a_percent():
    (v,) = found_by(numbers.fractions, "Nearly two-thirds of the orchard growers sold early.")
    assert (v["type"], v["normalized"], v["hedge"]) == ("percent", "66.67%", "nearly")


def test_money_ranges_reads_both_ends_with_one_currency():
    (v,) = found_by(money.money_ranges, "The bridge will cost $3 million-$4.5 million to mend.")
    assert (v["low"], v["high"], v["currency"], v["range"]) == (3e6, 4.5e6, "USD", True)


def test_money_ranges_needs_between_before_an_and():
    assert not found_by(money.money_ranges, "It rose $2 and $3 in two sessions.")
    (v,) = found_by(money.money_ranges, "Bids came in between £40 and £55 a seat.")
    assert (v["low"], v["high"], v["currency"]) == (40.0, 55.0, "GBP")


def test_word_ranges_reads_a_range_in_words_but_not_a_change():
    (v,) = found_by(numbers.word_ranges, "Three or four ferries were held in port.")
    assert (v["low"], v["high"], v["noun"]) == (3.0, 4.0, "ferry")
    assert not found_by(numbers.word_ranges, "The crew grew from three to four.")


def test_ranges_reads_digits_and_leaves_two_years_alone():
    (v,) = found_by(numbers.ranges, "Between 40 and 50 climbers were turned back.")
    assert (v["low"], v["high"], v["range"]) == (40.0, 50.0, True)
    assert not found_by(numbers.ranges, "The survey ran in 2019 and 2020.")


def test_ranges_after_a_hedge_bound_a_span_rather_than_state_one():
    (v,) = found_by(numbers.ranges, "More than 12 to 20 lorries queued.")
    assert v["range"] is False


def test_scale_words_reads_a_dozen_but_leaves_a_hundred_days_to_durations():
    (v,) = found_by(numbers.scale_words, "A dozen lanterns hung over the square.")
    assert (v["value"], v["scaled"]) == (12.0, True)
    assert not found_by(numbers.scale_words, "The strike lasted a hundred days.")


def test_vague_counts_read_as_a_range_of_counts():
    (v,) = found_by(numbers.vague_counts, "Hundreds of cyclists rode past the depot.")
    assert (v["low"], v["high"], v["normalized"]) == (200.0, 999.0, "200-999")


def test_plain_numbers_tells_a_duration_a_percent_money_and_a_count_apart():
    found = found_by(
        numbers.plain_numbers,
        "After 3 weeks, 40 percent of the 250 stalls had paid 15 euros in fees.",
    )
    assert [v["type"] for v in found] == ["duration", "percent", "number", "money"]
    assert found[2]["noun"] == "stall" and found[3]["currency"] == "EUR"


def test_plain_numbers_skips_years_clock_times_and_slashes():
    sentence = "In 2021 the 9/11 memorial opened at 10:30 and again at 6 p.m."
    assert not found_by(numbers.plain_numbers, sentence)


def test_plain_numbers_reads_a_mixed_fraction_whole():
    (v,) = found_by(numbers.plain_numbers, "The drill took 2 1/2 hours.")
    assert (v["type"], v["seconds"]) == ("duration", 2.5 * 3600)


def test_plain_numbers_gives_an_elided_count_the_concept_before_it():
    first, second = found_by(
        numbers.plain_numbers, "The first ward lost 14 beds, compared with five for the second."
    )
    assert second["concept"] == first["concept"]


def test_bare_durations_reads_a_length_without_a_figure():
    (v,) = found_by(durations.bare_durations, "A week-long festival closed the season.")
    assert (v["normalized"], v["seconds"]) == ("1 week", 7 * 86400.0)


def test_a_pass_reads_nothing_in_a_claimed_span():
    sentence = "Nearly two-thirds of 300 members voted."
    assert not found_by(numbers.fractions, sentence, claimed=[(0, 30)])


def test_the_loop_gives_a_span_to_the_first_pass_that_reads_it():
    # "a third of" is a fraction; plain_numbers, later in the list, does not read "third".
    values = run_passes(QUANTITY_PASSES, "About a third of the 90 kiosks closed.")
    assert [(v["type"], v["text"]) for v in values] == [
        ("percent", "About a third"),
        ("number", "90"),
    ]


def test_found_claims_what_the_loop_keeps():
    found = Found("x")
    found.claim(2, 5)
    assert not found.free(4, 6) and found.free(5, 9)
