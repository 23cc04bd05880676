"""Start dates, elapsed lengths and the day of writing of one event reason together (issue 12,
class 3: one fact in two forms). Cases made up for these tests."""

import datetime as dt

from newscompare.pipeline.timespan import (
    Days,
    Span,
    date_days,
    date_role,
    elapsed_length,
    implied_start,
    length_days,
    spans_fit,
    start_against_length,
)

HEDGES = {"about": "approx", "more than": "gt", "nearly": "approx_below", "up to": "max"}


def day(iso):
    return dt.date.fromisoformat(iso).toordinal()


def start(normalized):
    return {"type": "date", "normalized": normalized, "role": "start"}


def elapsed(normalized, until, hedge=None, ordinal=False):
    v = {"type": "duration", "normalized": normalized, "hedge": hedge, "until": until}
    return {**v, "ordinal": True} if ordinal else v


def test_a_date_is_the_span_of_days_it_names():
    assert date_days("2011-08-09") == Days(day("2011-08-09"), day("2011-08-09"))
    assert date_days("2011-02") == Days(day("2011-02-01"), day("2011-02-28"))
    assert date_days("2012-02") == Days(day("2012-02-01"), day("2012-02-29"))
    assert date_days("2011-12") == Days(day("2011-12-01"), day("2011-12-31"))
    assert date_days("1990") == Days(day("1990-01-01"), day("1990-12-31"))


def test_a_date_with_no_year_or_no_such_day_names_no_span():
    assert date_days("--06") is None
    assert date_days("thursday") is None
    assert date_days("2011-02-30") is None


def test_a_whole_count_covers_what_rounds_or_cuts_down_to_it():
    assert length_days(3, "week") == Days(17.5, 28.0)
    assert length_days(1, "day") == Days(0.5, 2.0)


def test_a_decimal_count_is_as_precise_as_its_last_digit():
    lo, hi = length_days(1.5, "year").first, length_days(1.5, "year").last
    assert (lo, hi) == (1.45 * 365.25, 1.55 * 365.25)


def test_hedges_widen_or_open_a_length():
    assert length_days(2, "year", "gt") == Days(2 * 365.25, float("inf"))
    assert length_days(10, "day", "max") == Days(0.0, 10.0)
    assert length_days(10, "day", "approx_below") == Days(8.0, 10.0)
    about = length_days(10, "day", "approx")
    assert about.first < 9.5 and about.last > 11.0


def test_an_ordinal_day_has_the_days_before_it_behind_it():
    assert length_days(6, "day", ordinal=True) == Days(5.0, 6.0)


def test_a_start_month_fits_an_elapsed_length_that_reaches_it():
    # A strike that began in June 2019, and "ten weeks of strikes" written on 1 September.
    assert (
        start_against_length([start("2019-06")], [elapsed("10 week", "2019-09-01")], HEDGES) is None
    )


def test_a_start_month_and_a_much_shorter_elapsed_length_diverge():
    began, lasted = start("2019-06"), elapsed("3 week", "2019-09-01")
    assert start_against_length([began], [lasted], HEDGES) == (began, lasted)
    # ... whichever side states which
    assert start_against_length([lasted], [began], HEDGES) == (lasted, began)


def test_a_founding_year_against_an_age_in_years():
    age = elapsed("30 year", "2020-05-01")  # "has run the ferry line for 30 years"
    assert start_against_length([start("1990")], [age], HEDGES) is None
    assert start_against_length([start("1996")], [age], HEDGES) is not None


def test_a_since_date_is_a_start():
    since = start("2018-02-02")  # 46 days by then
    assert start_against_length([since], [elapsed("6 week", "2018-03-20")], HEDGES) is None
    assert start_against_length([since], [elapsed("3 week", "2018-03-21")], HEDGES) is not None


def test_a_since_date_and_a_length_written_days_apart_measure_one_run():
    since = start("2016-10-05")  # "has been under siege since 5 October"
    sixth_day = elapsed("6 day", "2016-10-10", ordinal=True)  # written three days later
    assert start_against_length([since], [sixth_day], HEDGES) is None


def test_a_bound_on_a_length_is_a_bound_on_its_start():
    more_than_two_years = elapsed("2 year", "2020-06-15", hedge="more than")
    assert start_against_length([start("2017-04")], [more_than_two_years], HEDGES) is None
    assert start_against_length([start("2019-01")], [more_than_two_years], HEDGES) is not None


def test_its_nth_day_puts_the_start_on_a_day():
    sixth_day = elapsed("6 day", "2016-10-10", ordinal=True)  # "the siege, now in its sixth day"
    assert start_against_length([start("2016-10-05")], [sixth_day], HEDGES) is None
    assert start_against_length([start("2016-10-07")], [sixth_day], HEDGES) is not None


def test_a_start_after_the_length_was_written_is_not_weighed():
    # "the trial period begins in August" against "six months of trials" written in May.
    assert (
        start_against_length([start("2021-08")], [elapsed("6 month", "2021-05-03")], HEDGES) is None
    )


def test_two_starts_or_two_lengths_are_left_to_dates_and_lengths():
    assert start_against_length([start("2019-06")], [start("2019-09")], HEDGES) is None
    assert (
        start_against_length(
            [elapsed("3 week", "2019-09-01")], [elapsed("9 week", "2019-09-01")], HEDGES
        )
        is None
    )


def test_one_fitting_pair_is_enough():
    # One side gives a start month and a start day; one of them fits the other side's length.
    sides = [start("2019-06"), start("2019-08-20")], [elapsed("2 week", "2019-09-01")]
    assert start_against_length(*sides, HEDGES) is None


def test_spans_combine_start_end_and_length():
    began = Span(start=Days(day("2019-06-01"), day("2019-06-30")))
    assert began.fits(Span(end=Days(day("2019-07-10"), day("2019-07-10")), length=Days(20, 30)))
    assert not began.fits(Span(end=Days(day("2019-07-10"), day("2019-07-10")), length=Days(0, 5)))


def test_the_start_an_elapsed_length_implies():
    # 1.5 to 3 weeks, ending up to a week before 15 September
    first, last = implied_start(elapsed("2 week", "2019-09-15"), HEDGES)
    assert first == dt.date(2019, 8, 18) and last == dt.date(2019, 9, 4)
    assert implied_start(elapsed("2 year", "2020-06-15", hedge="more than"), HEDGES) is None


# ------------------------------------------------------------------ reading the roles


def role_of(sentence, date_text):
    start = sentence.index(date_text)
    return date_role(sentence, start, start + len(date_text))


def test_a_date_after_a_start_verb_is_a_start():
    assert role_of("The strike, which began in June, has closed three mines.", "in June") == "start"
    assert role_of("The ferry company was founded in 1990 by two brothers.", "in 1990") == "start"
    assert role_of("Protests broke out on 3 May in the capital.", "3 May") == "start"
    assert role_of("A cooperative set up in 2004 runs the mill.", "in 2004") == "start"
    assert role_of("The outbreak began in the north in March.", "in March") == "start"


def test_since_a_date_is_a_start():
    assert role_of("The border has been closed since 2 February.", "2 February") == "start"
    assert role_of("Prices rose since March, traders said.", "since March") == "start"


def test_since_after_a_first_or_a_superlative_names_no_start():
    assert role_of("It was the first vote since 2016 in the district.", "2016") == ""
    assert role_of("The river reached its highest level since 1998.", "1998") == ""
    assert role_of("The index closed at its best since 1998.", "1998") == ""
    assert role_of("Copper hit a price not seen since March.", "since March") == ""


def test_a_plain_date_has_no_role():
    assert role_of("The minister visited the mine on 4 June.", "4 June") == ""
    assert role_of("Trading got off to a slow start on Tuesday.", "Tuesday") == ""
    assert role_of("Talks began on Monday, and on 9 June the sides met again.", "9 June") == ""


def is_elapsed(sentence, length_text, unit):
    start = sentence.index(length_text)
    return elapsed_length(sentence, start, start + len(length_text), unit)


def test_lengths_that_run_up_to_the_day_of_writing():
    assert is_elapsed("Prices have doubled over the past eight months.", "eight months", "month")
    assert is_elapsed("The valley is dry after six weeks without rain.", "six weeks", "week")
    assert is_elapsed("Nine months of negotiations produced no deal.", "Nine months", "month")
    assert is_elapsed(
        "The mill, which has employed the town for 60 years, shut.", "60 years", "year"
    )
    assert is_elapsed("They blamed a three-week go-slow by dockers.", "three-week", "week")
    assert is_elapsed("It ended a 20-month freeze in relations.", "20-month", "month")
    assert is_elapsed("It was their first meeting in more than three years.", "three years", "year")


def test_terms_granted_or_to_come_are_not_elapsed():
    assert not is_elapsed(
        "The court granted the firm four months of protection.", "four months", "month"
    )
    assert not is_elapsed("The bank approved a nine-month loan.", "nine-month", "month")
    assert not is_elapsed("Donors threw the clinic a nine-month lifeline.", "nine-month", "month")
    assert not is_elapsed("Crews would keep up a two-day search.", "two-day", "day")
    assert not is_elapsed("The ban runs for another six weeks of summer.", "six weeks", "week")
    assert not is_elapsed("The team will decide after two weeks of tests.", "two weeks", "week")


def test_a_plain_length_and_a_short_one_are_not_elapsed():
    assert not is_elapsed("The hearing lasted three days.", "three days", "day")
    assert not is_elapsed("They held an hour-long meeting.", "hour-long", "hour")
    assert not is_elapsed("The walkout lasted for the past 12 hours.", "12 hours", "hour")


def test_a_hyphenated_word_is_no_modal():
    assert is_elapsed("Two years of talks with would-be buyers failed.", "Two years", "year")


def test_spans_fit_a_start_and_a_length_of_one_event():
    began, length = start("2019-06"), elapsed("10 week", "2019-09-01")
    assert spans_fit(began, length, HEDGES) and spans_fit(length, began, HEDGES)
    assert not spans_fit(began, elapsed("3 week", "2019-09-01"), HEDGES)
    assert not spans_fit(began, start("2019-06"), HEDGES)  # two starts are compared as dates
    assert not spans_fit(began, {"type": "duration", "normalized": "10 week"}, HEDGES)


def term(normalized, since, hedge=None):
    return {"type": "duration", "normalized": normalized, "hedge": hedge, "since": since}


def end(normalized):
    return {"type": "date", "normalized": normalized, "role": "end"}


def test_an_end_date_fits_a_term_set_about_the_day_of_writing():
    # a six-month lease signed in early March runs into early September
    assert spans_fit(end("2022-09"), term("6 month", "2022-03-09"), HEDGES)
    assert spans_fit(term("3 day", "2022-03-09"), end("2022-03-11"), HEDGES)


def test_an_end_date_no_term_of_that_length_reaches_diverges():
    pair = start_against_length([term("6 month", "2022-03-09")], [end("2023-01")], HEDGES)
    assert pair is not None and pair[1]["role"] == "end"
    assert not spans_fit(end("2022-05"), term("6 month", "2022-03-09"), HEDGES)


def test_an_end_before_the_term_began_or_a_start_against_a_term_is_not_weighed():
    assert start_against_length([term("6 month", "2022-03-09")], [end("2021-12")], HEDGES) is None
    assert not spans_fit(start("2022-03"), term("6 month", "2022-03-09"), HEDGES)
    assert not spans_fit(end("2022-09"), elapsed("6 month", "2022-03-09"), HEDGES)


def test_a_date_after_until_is_an_end():
    sentence = "The ferry ban runs until Thursday, the port said."
    at = sentence.index("until")
    assert date_role(sentence, at, at + len("until Thursday")) == "end"
