"""Each "is this the same fact?" check of same_fact.py by name, on sentences made up for it."""

import datetime as dt

from newscompare.pipeline import same_fact
from newscompare.pipeline.values import extract_values


def first(sentence: str, type_: str, published=None) -> tuple[str, dict]:
    """(the sentence, its first value of the type)."""
    return sentence, next(v for v in extract_values(sentence, published) if v["type"] == type_)


def test_comparable_needs_one_type_and_one_subject():
    _, boats = first("Rescuers found 12 boats.", "number")
    _, boats2 = first("Rescuers found 14 boats.", "number")
    _, share = first("Rescuers found 12 percent of them.", "percent")
    assert same_fact.comparable(boats, boats2)
    assert not same_fact.comparable(boats, share)


def test_same_subject_counts_one_concept_or_one_currency():
    _, killed = first("The storm killed 9 people.", "number")
    _, hurt = first("The storm injured 9 people.", "number")
    _, dollars = first("The repairs cost $9 million.", "money")
    _, euros = first("The repairs cost 9 million euros.", "money")
    assert not same_fact.same_subject(killed, hurt)
    assert same_fact.same_subject(killed, killed)
    assert not same_fact.same_subject(dollars, euros)


def test_concepts_differ_when_both_say_what_they_count():
    _, killed = first("The blast killed 4 miners.", "number")
    _, missing = first("Another 4 miners are missing.", "number")
    _, bare = first("The count stood at 4.", "number")
    assert same_fact.concepts_differ(killed, missing)
    assert not same_fact.concepts_differ(killed, bare)


def test_same_quote_is_one_remark_not_a_shared_phrase():
    _, a = first('"We will rebuild every school by the spring," the mayor said.', "quote")
    _, b = first('"We will rebuild every school by spring," the mayor said.', "quote")
    _, c = first('"Every school needs a new roof before anything else," she said.', "quote")
    assert same_fact.same_quote(a, b)
    assert not same_fact.same_quote(a, c)


def test_facts_leave_out_the_date_of_the_saying():
    values = extract_values("The council said on Monday that 30 homes were lost.")
    assert all(not v.get("reporting") for v in same_fact.facts(values, "date"))


def test_measures_other_thing_by_qualifier():
    tx, x = first("Average rent at private halls rose to $900.", "money")
    ty, y = first("Average rent at public halls rose to $700.", "money")
    assert same_fact.measures_other_thing(x, tx, y, ty)


def test_role_of_a_figure_in_a_change():
    text, old = first("Fares rose to $3 from $2.", "money")
    new = [v for v in extract_values(text) if v["type"] == "money"]
    assert [same_fact.role(text, v) for v in new] == ["new", "old"]
    assert old is not None


def test_places_differ_when_each_names_a_place_the_other_does_not():
    tx, x = first("In Lowmoor, 40 shops closed.", "number")
    ty, y = first("Hartfield saw 55 shops close.", "number")
    assert same_fact.places_differ(tx, x, ty, y)


def test_rate_reads_the_unit_a_figure_is_given_per():
    text, v = first("Tickets cost $12 a seat.", "money")
    assert same_fact.rate(text, v) == "seat"


WRITTEN = dt.date(2020, 3, 4)


def time_of(sentence: str, type_: str = "number", published=WRITTEN):
    values = extract_values(sentence, published)
    v = next(v for v in values if v["type"] == type_)
    return same_fact.fact_time(v, values, published)


def test_fact_time_of_a_figure_is_its_clause_date_or_its_main_clause_date():
    past = time_of("A flood in January 2018 destroyed 40 bridges.")
    assert past != "now" and past is not None
    # a participle clause happens when its main clause does
    assert time_of("In January 2018, a flood hit the valley, destroying 40 bridges.") == past
    assert time_of("A flood destroyed 40 bridges in the valley on Monday.") == "now"


def test_fact_time_is_unknown_when_undated_unwritten_or_in_a_relative_clause():
    assert time_of("A flood destroyed 40 bridges in the valley.") is None
    assert time_of("A flood in January 2018 destroyed 40 bridges.", published=None) is None
    # a relative clause has the time of its noun, not of the main clause
    assert time_of("Envoys met on Monday to discuss the flood, which destroyed 40 bridges.") is None


def test_of_other_times_tells_a_past_toll_from_this_weeks_toll():
    def apart(a: str, b: str, type_: str = "number") -> bool:
        va, vb = extract_values(a, WRITTEN), extract_values(b, WRITTEN)
        x = next(v for v in va if v["type"] == type_)
        y = next(v for v in vb if v["type"] == type_)
        return same_fact.of_other_times(x, va, WRITTEN, y, vb, WRITTEN)

    now_a = "A flood destroyed 40 bridges in the valley on Monday."
    now_b = "The flood destroyed 42 bridges on Sunday."
    before = "A flood in January 2018 destroyed 300 bridges."
    assert apart(now_a, before)
    assert not apart(now_a, now_b)  # one fact, two counts: a conflict to show
    assert not apart("The flood destroyed 42 bridges.", before)  # undated: may be either
    assert apart(before, "Floods in May 2015 destroyed 90 bridges.")  # two past times
    assert not apart(before, "The January 2018 flood destroyed 280 bridges.")
    # dates: a past date is no date of this week's news; two past dates may be disputed
    assert apart("The dam burst on Monday.", "The dam burst in May 2015.", "date")
    assert not apart("The dam burst in April 2015.", "The dam burst in May 2015.", "date")


def ages(sentence: str) -> list[tuple[dict, str]]:
    """(value, sentence) for each age the sentence tells."""
    return [
        (v, sentence)
        for v in extract_values(sentence)
        if v["type"] == "number" and v.get("concept") == "age"
    ]


def test_age_of_is_the_person_the_age_is_told_of():
    (named,) = ages("Tomas Okafor, 38, was arrested on Friday.")
    (named_after,) = ages("The 38-year-old Okafor was arrested on Friday.")
    boy, officer = ages("A 16-year-old boy was shot by a 35-year-old officer.")
    assert same_fact.age_of(*named) == same_fact.age_of(*named_after) != ""
    assert same_fact.age_of(*boy) == "~boy"
    assert same_fact.age_of(*officer) == "~officer"


def test_ages_of_other_people_are_two_facts():
    (suspect,) = ages("Tomas Okafor, 38, was arrested on Friday.")
    (victim,) = ages("The victim, Ilse Brandt, 47, died in hospital.")
    (suspect_again,) = ages("The 41-year-old Okafor was arrested on Friday.")
    boy, officer = ages("A 16-year-old boy was shot by a 35-year-old officer.")
    (other_report_of_boy,) = ages("A 15-year-old boy was shot on Friday.")
    assert same_fact.ages_of_other_people(*suspect, *victim)
    assert same_fact.ages_of_other_people(*boy, *officer)
    assert not same_fact.ages_of_other_people(*suspect, *suspect_again)
    assert not same_fact.ages_of_other_people(*boy, *other_report_of_boy)
