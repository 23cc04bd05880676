"""Disputed-fact cards a fact-checker can trust (issue 12, QUALITY.md round 9): two figures or
dates are one disputed fact only when they report one fact. Each test is a class of false
card read on real news, written from made-up sentences."""

import datetime as dt

from newscompare.lib.claim_values import typed_values, value_label
from newscompare.news.verdicts import Verdict
from newscompare.pipeline import verdict
from newscompare.pipeline.values import extract_values
from newscompare.pipeline.verdict import Member, compare_values, judge_claim

PAPER = dt.date(2031, 11, 28)  # a Friday


def relation(a: str, b: str) -> str:
    """agree / diverge between two sentences of one claim about one fact."""
    va, vb = extract_values(a, PAPER), extract_values(b, PAPER)
    return compare_values(va, vb, text_a=a, text_b=b).relation


def value(text: str, written: str) -> dict:
    return next(v for v in extract_values(text, PAPER) if v.get("text") == written)


def member(label: str, source: int, text: str) -> Member:
    return Member(label, source, extract_values(text, PAPER), text, published=PAPER)


def marked_on_card(judged, text: str, focus: str | None = None) -> list[str]:
    """The values of `text` its card marks as a side's figure, as written. `focus`, the values
    the claim compared (verdict.mark_disputed's focus): "all", a value type, or None."""
    values = extract_values(text, PAPER)
    chosen = None if focus is None else [v for v in values if focus in ("all", v["type"])]
    marked = verdict.mark_disputed(values, judged.conflict, chosen, text)
    return [v["text"] for v in typed_values(marked, judged.kind)]


# Class 1: figures of another thing of one kind.
def test_a_measure_joined_to_its_figure_is_no_toll():
    killed = "A 5.2-strength tremor killed 40 people in the hills."
    assert value(killed, "5.2")["concept"] == "magnitude"
    damage = "A 4.8 magnitude tremor can cause severe damage."
    assert value(damage, "4.8")["concept"] == "magnitude"
    led = "A magnitude-4.8 tremor can cause severe damage."
    assert value(led, "4.8")["concept"] == "tremor"  # its noun's, not the damage's


def test_a_range_of_percents_is_a_share():
    shares = "The farms sustained between 40 and 60 percent damage."
    assert value(shares, "between 40 and 60 percent")["type"] == "percent"


def test_populations_of_two_places_are_no_dispute():
    assert (
        relation(
            "The storm struck Varno island, home to 40,000 people, on Thursday.",
            "Helicopters flew the injured to Port Ilm, a city of 300,000 people.",
        )
        == "agree"
    )
    assert (
        relation(
            "The storm struck Varno island, home to 40,000 people, on Thursday.",
            "Varno, a fishing island, is home to 55,000 people.",
        )
        == "diverge"
    )


def test_distances_from_two_places_or_in_two_directions_are_no_dispute():
    assert (
        relation(
            "The epicentre was 40 km south-west of Port Ilm.",
            "The old capital, which lies 250 kilometres to the north, was spared.",
        )
        == "agree"
    )
    assert (
        relation(
            "Varno lies 900 kilometres south of Dresk.",
            "Varno, 700 kilometres south-east of Dresk, has a busy port.",
        )
        == "diverge"
    )
    assert (
        relation(
            "Varno lies 900 kilometres south of Dresk.",
            "Varno lies 700 kilometres south of Port Ilm.",
        )
        == "agree"
    )


def test_people_who_did_different_things_are_counted_apart():
    marched = "Some 30,000 people marched through the capital."
    assert relation(marched, "Hundreds of people smashed shop windows near the square.") == (
        "agree"
    )
    assert relation(marched, "As many as 8,000 people marched through the capital.") == "diverge"


def test_a_share_of_a_whole_is_no_total():
    assert (
        relation(
            "Ministers approved a $90 billion rescue for the lender.",
            "Parliament must pass the country's share of the rescue, $12 billion, by Friday.",
        )
        == "agree"
    )


def test_places_where_something_happened_are_no_count_of_what_befell_places():
    assert (
        relation(
            "The flood damaged four villages on Tuesday.",
            "Water damaged homes in about 11 villages.",
        )
        == "agree"
    )
    assert (
        relation(
            "The flood damaged four villages on Tuesday.",
            "The flood damaged six villages on Tuesday.",
        )
        == "diverge"
    )


def test_a_part_of_the_people_counted_is_no_total():
    assert relation("Two women died in the blaze.", "Three people died in the blaze.") == ("agree")
    assert relation("Two women died in the blaze.", "Three women died in the blaze.") == "diverge"


# Class 2: two days of two events.
def test_dates_of_two_events_are_no_dispute():
    assert (
        relation(
            "A strong aftershock shook the island on Thursday.",
            "The earthquake shook the island on Wednesday.",
        )
        == "agree"
    )
    assert (
        relation(
            "The earthquake shook the island on Thursday.",
            "The earthquake shook the island on Wednesday.",
        )
        == "diverge"
    )


def test_one_event_told_actively_and_passively_is_one_event():
    assert (
        relation(
            "Border talks were suspended in June 2029.",
            "The two governments broke off their border talks in July 2029.",
        )
        == "diverge"
    )


# Class 3: a previous event dated by another report of its figure.
def test_a_previous_events_toll_dated_by_another_report_is_no_dispute():
    judged = judge_claim(
        [
            member("c1", 1, "The flood on Tuesday killed 12 people in the valley."),
            member("c2", 2, "In March, a flood in the same valley killed 140 people."),
            member("c3", 3, "It killed 140 people and destroyed the old bridge."),
        ]
    )
    assert judged.verdict != Verdict.DIVERGE, judged.explanation


def test_a_figure_told_in_the_present_is_the_news_not_a_past_events():
    plan = "Norland Air plans to cut about 900 of its 3,000 jobs."
    assert value(plan, "about 900")["present"]
    assert "present" not in value("In 2015 it cut 400 jobs.", "400")
    assert "present" not in value("Norland Air had planned to cut 400 jobs.", "400")
    judged = judge_claim(
        [
            member("c1", 1, plan),
            member("c2", 2, "Norland Air has been here before: in 2015 it cut 400 jobs."),
        ],
        one_fact=True,
    )
    assert judged.verdict == Verdict.AGREE, judged.explanation
    judged = judge_claim(
        [member("c1", 1, plan), member("c3", 3, "Norland Air will shed 1,500 of its staff.")],
        one_fact=True,
    )
    assert judged.verdict == Verdict.DIVERGE, judged.explanation


# Class 4: an increment against a total.
def test_an_increment_is_no_total():
    assert (
        relation(
            "The bodies of three more victims were found on Tuesday.",
            "A total of 14 people were killed in the landslide.",
        )
        == "agree"
    )
    assert relation("Rescuers pulled another six people from the rubble.", "Six people died.") == (
        "agree"
    )


# Class 5: lengths of two things.
def test_lengths_of_two_events_are_no_dispute():
    assert (
        relation(
            "The valley has not flooded in more than 40 years.",
            "The dam was finished nearly three years after the old bridge collapsed.",
        )
        == "agree"
    )


# Class 6: "over" a length of time spans it.
def test_over_a_length_spans_it_unless_it_bounds_it():
    assert (
        relation(
            "The fund will pay out loans over five years.",
            "The fund will pay out the loans in five years.",
        )
        == "agree"
    )
    assert relation("The talks lasted over five hours.", "The talks lasted five hours.") == (
        "diverge"
    )


def test_a_dateline_dates_the_filing_not_the_news():
    v = value(
        "PORT ILM, Nov 27 (Wire) - A fire broke out on Wednesday in the old market.", "Nov 27"
    )
    assert v["reporting"]


def test_more_than_a_figure_is_a_hedge_not_a_figure_set_against_the_one_before():
    text = "It killed 61 people and injured more than 140, officials said."
    assert value(text, "more than 140")["concept"] == "injured"


# "Nothing shown twice", and a card marks only the compared fact.
def test_a_quote_whose_changed_figure_a_claim_of_figures_disputes_repeats_that_dispute():
    said_48 = '"No passenger will wait more than 48 hours," the minister said.'
    said_72 = '"No passenger will wait more than 72 hours," the minister said.'
    quotes = [member("q1", 1, said_48), member("q2", 2, said_72)]
    for m in quotes:
        m.focus = [v for v in m.values if v["type"] == "quote"]  # a claim about the remark
    quote = judge_claim(quotes, one_fact=True)
    assert quote.kind == "quote" and quote.verdict == Verdict.DIVERGE
    figures = judge_claim(
        [
            member("f1", 1, "Passengers will wait more than 48 hours for flights."),
            member("f2", 2, "Passengers will wait more than 72 hours for flights."),
        ],
        one_fact=True,
    )
    assert verdict.repeats_dispute(quote, figures)
    other = judge_claim(
        [
            member("f1", 1, "The airline ran 12 flights a day."),
            member("f2", 2, "The airline ran 15 flights a day."),
        ],
        one_fact=True,
    )
    assert not verdict.repeats_dispute(quote, other)


def test_a_figure_changed_inside_a_remark_is_told_by_what_it_counts():
    remarks = [
        member("q1", 1, "Police said 9 people were injured in the clashes."),
        member("q2", 2, "Police said 14 people had been injured in the clashes and 9 arrested."),
    ]
    for m in remarks:
        m.focus = [v for v in m.values if v["type"] == "quote"]  # a claim about the remark
    judged = judge_claim(remarks, one_fact=True)
    assert judged.verdict == Verdict.DIVERGE, judged.explanation
    assert "9 vs 14" in judged.explanation


def test_one_count_disputed_under_two_concepts_is_one_dispute():
    def dispute(a: str, b: str):
        return judge_claim([member("d1", 1, a), member("d2", 2, b)], one_fact=True)

    destroyed = dispute(
        "Homes in five villages were destroyed, officials said.",
        "The governor said homes in seven villages were destroyed.",
    )
    hit = dispute("Five villages were badly hit.", "Seven villages were hit hardest.")
    assert destroyed.verdict == hit.verdict == Verdict.DIVERGE
    assert destroyed.conflict.a["concept"] != hit.conflict.a["concept"]
    assert verdict.disputes_one_count(hit, destroyed)
    deaths = dispute("Five people died in the villages.", "Seven people died in the villages.")
    assert not verdict.disputes_one_count(hit, deaths)
    other = dispute("Five villages were badly hit.", "Nine villages were hit hardest.")
    assert not verdict.disputes_one_count(hit, other)


def test_a_card_marks_only_figures_of_the_compared_kind():
    a = "Varno lies 900 kilometres south of Dresk and is home to 40,000 people."
    b = "Varno, 700 kilometres south of Dresk, has a busy port."
    judged = judge_claim([member("a", 1, a), member("b", 2, b)], one_fact=True)
    assert judged.verdict == Verdict.DIVERGE
    assert marked_on_card(judged, a, "number") == ["900"]  # the claim compared both figures


# Class: one figure in two units.
def test_a_figure_in_two_units_reads_with_its_unit_on_each_side():
    hectares = "The fire has burned some 9,000 hectares of forest, officials said."
    acres = "The fire had burned some 9,000 acres of forest by Monday, officials said."
    judged = judge_claim([member("h", 1, hectares), member("a", 2, acres)], one_fact=True)
    assert judged.verdict == Verdict.DIVERGE
    assert "some 9,000 hectares" in judged.explanation
    assert "some 9,000 acres" in judged.explanation
    assert value_label(value(acres, "some 9,000")) == "some 9,000 acres"
    assert value_label(value("Varno lies 900 kilometres south of Dresk.", "900")) == (
        "900 kilometres"
    )
    assert value_label(value("Forty people were killed.", "Forty")) == "Forty"  # no unit
    lake = "The lake held 12 million cubic metres, 400 kilometres (250 miles) north."
    assert value_label(value(lake, "12 million")) == "12 million cubic metres"
    assert value_label(value(lake, "400")) == "400 kilometres"


# Class: one fact disputed by two claims.
def test_two_disputes_of_one_figure_that_share_a_figure_are_one_dispute():
    def dispute(a: str, b: str):
        return judge_claim([member("x", 1, a), member("y", 2, b)], one_fact=True)

    seventy_eighty = dispute("The blast injured 70 people.", "The blast injured 80 people.")
    eighty_fifty = dispute("Some 80 people were injured.", "About 50 people were injured.")
    assert verdict.disputes_one_figure(seventy_eighty, eighty_fifty)
    killed = dispute("The blast killed 80 people.", "The blast killed 50 people.")
    assert not verdict.disputes_one_figure(seventy_eighty, killed)  # another fact
    other_figures = dispute("The blast injured 12 people.", "The blast injured 15 people.")
    assert not verdict.disputes_one_figure(seventy_eighty, other_figures)


def test_an_outlet_whose_bound_fits_both_figures_says_neither():
    judged = judge_claim(
        [
            member("eighty", 2, "The blast injured 80 people."),
            member("bound", 1, "At least 50 people were injured in the blast."),
            member("bound", 1, "About 50 people were hurt."),
        ],
        one_fact=True,
    )
    assert judged.verdict == Verdict.DIVERGE
    assert judged.explanation == "eighty says 80 (injured); bound says about 50 (injured)"


# Class: a hedge is part of its figure, not words between the figure and its verb.
def test_a_hedged_figure_counts_what_the_verb_before_it_did():
    hit = "The storm swept the coast, killing at least three people and injuring others."
    assert value(hit, "at least three")["concept"] == "killed"
    assert value("Floods killed about 40 and displaced thousands.", "about 40")["concept"] == (
        "killed"
    )


# Class: two counts joined by "and", each the subject or object of its own clause.
def test_a_figure_that_opens_its_own_clause_counts_what_that_clause_says():
    both = "Three people were killed and 12 people were injured."
    assert value(both, "12")["concept"] == "injured"
    assert value("At least 17 were killed and 32 are still missing.", "32")["concept"] == (
        "missing"
    )
    object_and_subject = "The attack killed 14 and 40 were hurt."
    assert [(v["text"], v["concept"]) for v in extract_values(object_and_subject, PAPER)] == [
        ("14", "killed"),
        ("40", "injured"),
    ]
    assert value("Between 40 and 50 people died.", "Between 40 and 50")["concept"] == "killed"


# Class: a sentence states the disputed fact once.
def test_a_sentence_that_states_one_side_marks_no_third_value_of_that_type():
    started = "The fire, which started on Sunday, had burned 9,000 hectares by Wednesday."
    broke_out = "A fire that broke out on Saturday has burned 9,000 hectares."
    judged = judge_claim([member("s", 1, started), member("b", 2, broke_out)], one_fact=True)
    assert judged.verdict == Verdict.DIVERGE and judged.kind == "date"
    assert marked_on_card(judged, started) == ["on Sunday"]


def test_a_whole_that_a_figure_is_a_part_of_is_no_report_of_the_figure():
    # (b in the future too: a cut dated in a past year is another time's, no dispute)
    a = "The carrier will cut about 1,900 of its 4,600 jobs, the company said."
    b = "The carrier will cut 1,200 jobs, the union said."
    c = "The carrier will shed 2,600 of its 4,600 employees, an outline shows."
    judged = judge_claim([member("a", 1, a), member("b", 2, b)], one_fact=True)
    assert judged.verdict == Verdict.DIVERGE
    for text, shown in ((a, ["about 1,900"]), (c, ["2,600"])):
        assert marked_on_card(judged, text) == shown


# Class: crowds counted in other places (the whole country, one city) are two counts.
def test_a_crowd_counted_nationwide_is_no_crowd_counted_in_one_city():
    country = "Around 90,000 people took part in rallies nationwide against the pension cuts."
    city = "Police said some 15,000 people marched through the streets of Dorvik on Thursday."
    other_city = "In Lenvar, 6,000 people joined the march against the pension cuts."
    assert value(country, "Around 90,000")["place"] == ["nationwide"]
    assert value(city, "some 15,000")["place"] == ["dorvik"]
    assert value(other_city, "6,000")["place"] == ["lenvar"]
    assert relation(country, city) == "agree"
    assert relation(city, other_city) == "agree"
    unplaced = "Organisers said about 30,000 people marched through the city centre."
    assert relation(city, unplaced) == "diverge"  # a crowd that names no place may be either


# Class: a crowd's size put "at" a figure is no act of the people counted.
def test_a_size_put_at_a_figure_is_a_count_of_the_same_crowd():
    size = "Police put the rally, held to mark the general strike, at roughly 9,000 people."
    assert value(size, "roughly 9,000")["act"] == ""
    assert value("Divers rescued another five people.", "five")["act"] == "rescued"
    marched = "Police said as many as 6,000 people took to the streets of Dorvik."
    assert relation(size, marched) == "diverge"


# Class: a count broken down in an aside; its parts are no count of the whole.
def test_the_parts_of_a_count_broken_down_in_an_aside_are_no_count_of_it():
    parts = "Five people-two with burns, 3 with cuts-were taken to a clinic."
    assert value(parts, "3")["part"] is True and value(parts, "two")["part"] is True
    assert "part" not in value(parts, "Five")
    assert value("Nine crew (six sailors and three officers) were rescued.", "six")["part"]
    assert "part" not in value("It hit 40 degrees (104 Fahrenheit) in the port.", "104")
    assert relation(parts, "Police said 14 people were hurt in the blaze.") == "agree"


def test_a_value_bound_apart_from_either_side_is_not_marked_on_the_card():
    city = "Police said as many as 6,000 people took to the streets of Dorvik."
    size = "Police put the rally, held to mark the general strike, at roughly 9,000 people."
    country = "Around 90,000 people took to the streets nationwide against the pension cuts."
    judged = judge_claim([member("c", 1, city), member("s", 2, size)], one_fact=True)
    assert judged.verdict == Verdict.DIVERGE
    assert marked_on_card(judged, country, "all") == []  # the nationwide crowd is another count
    assert marked_on_card(judged, size, "all") == ["roughly 9,000"]
