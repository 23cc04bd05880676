"""Conflicts and verdicts (verdict.py) over values that report one fact, with the compatibility
of two values (compare.py) they rest on."""

import datetime as dt

from newscompare.lib.claim_values import typed_values
from newscompare.news.verdicts import Verdict
from newscompare.pipeline import verdict
from newscompare.pipeline.values import extract_values
from newscompare.pipeline.verdict import Member, compare_values, judge_claim


def relation(a: str, b: str) -> str:
    return compare_values(extract_values(a), extract_values(b)).relation


def test_hedged_count_agrees_with_exact_inside_its_range():
    assert relation("At least 30 people are missing.", "32 people are missing.") == "agree"


def test_hedged_count_diverges_from_exact_outside_its_range():
    assert relation("At least 30 soldiers were killed.", "12 soldiers were killed.") == "diverge"


def test_about_agrees_with_a_close_exact_figure():
    assert relation("About 1,200 people were evacuated.", "1,187 people were evacuated.") == "agree"


def test_different_exact_counts_diverge():
    assert relation("The attack killed 14 people.", "The attack killed 17 people.") == "diverge"


def test_a_rounded_figure_agrees_with_its_precise_form():
    assert relation("Sales rose 17 percent.", "Sales rose 17.3 percent.") == "agree"


def test_some_hedge_does_not_stretch_to_a_different_figure():
    assert (
        relation("It held some 12 million cubic metres.", "It held 15 million cubic metres.")
        == "diverge"
    )


def test_compatible_hedges_agree():
    assert (
        relation("More than 200 homes were destroyed.", "Around 250 homes were destroyed.")
        == "agree"
    )


def test_figures_about_different_things_do_not_conflict():
    assert (
        relation("14 people were killed and 30 are missing.", "30 people were killed.") == "diverge"
    )
    assert relation("30 people are missing.", "12 people were injured in hospital.") == "agree"


def test_an_added_detail_is_not_a_conflict():
    assert (
        relation("The plant employs 400 people.", "The plant, opened in 1990, employs 400 people.")
        == "agree"
    )


def test_relative_and_absolute_dates_agree_after_resolution():
    import datetime as dt

    a = extract_values("The talks were held on Friday.", dt.date(2021, 11, 13))
    b = extract_values("The talks were held on November 12, 2021.", dt.date(2021, 11, 14))
    assert compare_values(a, b).relation == "agree"


def test_different_months_diverge():
    assert (
        relation("Contacts were stopped in March 2014.", "Contacts were stopped in April 2014.")
        == "diverge"
    )


def test_one_hour_and_sixty_minutes_agree():
    assert relation("The call lasted one hour.", "The 60-minute call ended.") == "agree"


def test_same_words_from_different_speakers_diverge_with_a_reason():
    a = extract_values('"We will rebuild every house the water took," Minister Ivan Dolgov said.')
    b = extract_values('Governor Ana Petrova said: "We will rebuild every house the water took."')
    verdict = judge_claim(
        [
            Member("a1", 1, a, focus=[v for v in a if v["type"] == "quote"]),
            Member("a2", 2, b, focus=[v for v in b if v["type"] == "quote"]),
        ]
    )
    assert verdict.verdict == "diverge" and "different speakers" in verdict.explanation


def test_wire_copies_count_as_one_source():
    a = extract_values("The flood killed 14 people.")
    verdict = judge_claim([Member("a1", 1, a), Member("a2", 1, a)])
    assert verdict.verdict == "unique" and verdict.independent_sources == 1


def test_diverge_explanation_names_both_outlets_and_values():
    a, b = (
        extract_values("The flood killed 14 people."),
        extract_values("The flood killed 17 people."),
    )
    verdict = judge_claim([Member("a1", 1, a), Member("a3", 3, b)])
    assert verdict.verdict == "diverge"
    assert verdict.explanation == "a1 says 14; a3 says 17"


def number_member(label: str, source: int, text: str) -> Member:
    """A member whose claim is about the figures (number values) of its sentence."""
    vals = extract_values(text)
    return Member(label, source, vals, focus=[v for v in vals if v["type"] == "number"])


def test_fact_claim_explanation_groups_outlets_by_the_value_they_give():
    verdict = judge_claim(
        [
            number_member("a1", 1, "The flood killed 14 people."),
            number_member("a2", 1, "The flood killed 14 people."),
            number_member("a3", 3, "The flood killed 17 people."),
            number_member("a4", 4, "17 people died."),
        ],
        one_fact=True,
    )
    assert verdict.explanation == "a1, a2 say 14 (killed); a3, a4 say 17 (killed)"
    assert verdict.independent_sources == 3


def test_a_claim_names_the_conflict_with_the_most_sources_behind_both_sides():
    verdict = judge_claim(
        [
            number_member("b1", 1, "The storm killed 40 people."),
            number_member("b2", 2, "The storm killed 9 people."),
            number_member("b3", 3, "The storm killed 9 people."),
            number_member("b4", 4, "Nine people were killed by the storm."),
            number_member("b5", 5, "The storm killed 12 people."),
            number_member("b6", 6, "The storm killed 12 people."),
        ],
        one_fact=True,
    )
    # 40 against 9 comes first in member order, but 9 (three outlets) against 12 (two) is the
    # dispute the most sources stand behind.
    assert verdict.verdict == "diverge"
    assert verdict.explanation == "b2, b3, b4 say 9 (killed); b5, b6 say 12 (killed)"


def test_a_previous_events_toll_beside_this_weeks_is_no_dispute():
    paper = dt.date(2031, 11, 28)

    def member(label, source, text):
        vals = extract_values(text, paper)
        return Member(label, source, vals, text, published=paper)

    judged = judge_claim(
        [
            member("c1", 1, "The quake on Sunday killed 10 people in the hills."),
            member("c2", 2, "In February, a quake hit the town of Orvik, killing 600 people."),
        ]
    )
    assert judged.verdict != "diverge", judged.explanation
    judged = judge_claim(
        [
            member("c1", 1, "The quake on Sunday killed 10 people in the hills."),
            member("c3", 3, "The quake on Sunday killed 14 people in the hills."),
        ]
    )
    assert judged.verdict == "diverge"


def test_unique_fact_names_its_value():
    vals = extract_values("Each family will receive 15,000 dinars.")
    verdict = judge_claim(
        [Member("a3", 3, vals, focus=[v for v in vals if v["type"] == "money"])], one_fact=True
    )
    assert verdict.verdict == "unique" and verdict.explanation == "Only a3 reports this: 15,000."


def test_two_remarks_sharing_a_phrase_are_not_one_quote():
    from newscompare.pipeline.same_fact import same_quote

    a = {
        "normalized": "we welcome their help to get rid of"
        " the rebels and to have a legitimate political transition"
    }
    b = {
        "normalized": "defeating the rebels and ensuring a political transition"
        " are objectives to pursue at the same time"
    }
    c = {
        "normalized": "we welcome their help to get rid of"
        " the rebels and have a legitimate political transition"
    }
    assert not same_quote(a, b) and same_quote(a, c)


def relation_in_context(a: str, b: str) -> str:
    return compare_values(extract_values(a), extract_values(b), text_a=a, text_b=b).relation


def test_sums_in_different_known_currencies_do_not_conflict():
    assert (
        relation("The family won a $165,000 settlement.", "The family won a £90,000 settlement.")
        == "agree"
    )


def test_an_age_is_not_a_count_of_the_event():
    assert (
        relation_in_context(
            "He has been charged with two counts of murder in the deaths of his wife and son.",
            "He is charged with murder in the deaths of his 27-year-old wife and son.",
        )
        == "agree"
    )


def test_a_price_for_one_item_still_conflicts_with_another_price_for_it():
    assert (
        relation_in_context(
            "The songs cost 99 cents each, or $9.99 for an album.",
            "The company will offer songs for 99 cents and albums for $9.95.",
        )
        == "diverge"
    )


def test_below_bounds_a_figure_like_less_than():
    assert (
        relation(
            "No state had a rate below 15 percent.", "No state had a rate less than 15 percent."
        )
        == "agree"
    )


def test_as_much_as_is_an_upper_bound_even_when_softened():
    assert (
        relation(
            "Shares closed down nearly 12 percent.", "Shares dropped as much as about 16 percent."
        )
        == "agree"
    )


def test_an_age_is_no_count_of_the_event():
    assert (
        relation(
            "Two of the Britons face the death penalty.",
            "Sandy Mitchell, 44, from Glasgow, faces the death penalty.",
        )
        == "agree"
    )


def test_a_figure_restated_in_other_units_is_compared_once():
    assert (
        relation(
            "The city is 30 miles west of the capital.",
            "The city is 50 km (32 miles) west of the capital.",
        )
        == "agree"
    )


def test_mixed_fractions_are_compared_whole():
    assert (
        relation("The verdict followed a 2 week trial.", "The verdict followed a 2 1/2 week trial.")
        == "diverge"
    )


def pair_relation(a: str, b: str) -> str:
    return compare_values(extract_values(a), extract_values(b), text_a=a, text_b=b).relation


def test_a_price_written_to_cents_keeps_its_trailing_zero():
    assert (
        relation(
            "Its shares rose almost 10 percent to $38.28.",
            "Its shares rose almost 10 percent to $38.30.",
        )
        == "diverge"
    )


def test_a_round_number_of_years_agrees_with_its_exact_count():
    assert (
        relation(
            "Mars will be as near as it has been in 60,000 years.",
            "Mars will be the closest it has been for 59,619 years.",
        )
        == "agree"
    )


def test_a_length_of_time_without_trailing_zeros_is_meant_as_said():
    assert relation("Bob left after 40 minutes.", "Bob left after one hour.") == "diverge"


def test_a_new_level_is_not_compared_with_an_old_one():
    assert (
        pair_relation(
            "The index rose 0.9 percent to 1,861.52.", "The index rose 0.9 percent from 1,850.12."
        )
        == "agree"
    )


def test_two_different_ranges_for_one_estimate_diverge():
    assert (
        relation(
            "Analysts estimated the worth of the properties at $10 billion-$15 billion.",
            "Analysts estimated the properties could fetch $12 billion-$14 billion.",
        )
        == "diverge"
    )
    assert (
        relation(
            "The margin of error ranged from 1.8 to 4.4 percentage points.",
            "It has a margin of error of three to four percentage points.",
        )
        == "diverge"
    )


def test_range_against_point_inside_it_agrees():
    assert (
        relation(
            "Analysts estimated the worth at $10 billion-$15 billion.",
            "Analysts estimated the worth at $12 billion.",
        )
        == "agree"
    )


def test_a_forecast_inside_the_range_of_predictions_agrees():
    assert (
        relation(
            "Predictions ranged from 16 cents a share to 27 cents a share.",
            "Wall Street analysts had expected 22 cents a share.",
        )
        == "agree"
    )


def test_a_lower_bound_does_not_hold_a_figure_below_it():
    assert (
        relation(
            "The show has had gross receipts of $1.8 billion.",
            "The show has had a total gross of over $2 billion.",
        )
        == "diverge"
    )
    assert relation("More than 1.6 million people voted.", "1.6 million people voted.") == "agree"


def test_trailing_zeros_of_thousands_are_rounding():
    assert (
        relation(
            "Median household income declined to $42,409.",
            "The median household income fell to $42,400.",
        )
        == "agree"
    )
    assert (
        relation("The flood displaced 300 people.", "The flood displaced 297 people.") == "diverge"
    )


def test_a_strict_bound_excludes_an_exact_length_of_time():
    assert (
        relation("Rashmi leaves after 4 days.", "Rashmi leaves after less than 4 days.")
        == "diverge"
    )
    assert (
        relation(
            "For 20 years she dedicated her life to this country.",
            "For over 20 years she dedicated herself to this country.",
        )
        == "agree"
    )


def test_a_named_source_is_no_place_of_the_figure():
    assert (
        pair_relation(
            "In Baghdad, a car bomb killed 30 people.",
            "Iraqi police said a car bomb killed 28 people.",
        )
        == "diverge"
    )
    assert (
        pair_relation(
            "In Syria, 30 people were killed in the raid.",
            "Syrian state television reported that 28 people were killed in the raid.",
        )
        == "diverge"
    )


def test_a_plain_count_is_no_cut_of_a_decimal():
    assert (
        pair_relation(
            "Dieters had lost 14.7 pounds, compared with 5.8 pounds in the conventional group.",
            "Dieters had lost about 15 pounds, compared with five for the low-fat group.",
        )
        == "diverge"
    )
    assert relation("Exports reached $247 billion.", "Exports reached $247.7 billion.") == "agree"


# Class: a value belongs to a fact (values/clauses.py binds it); figures bound to different
# facts are no conflict, and of two figures the one bound to the same actor is compared.
def test_shares_of_different_things_are_no_conflict():
    assert (
        pair_relation(
            "The pension fund holds 17 percent of the airline's shares.",
            "The state holds 41 percent of the airline's slots.",
        )
        == "agree"
    )


def test_counts_of_different_parties_are_no_conflict_but_one_partys_are():
    a = "Norland released 50 prisoners on Friday, and Vestria freed 30 soldiers."
    b = "Vestria handed over 35 soldiers to Norland on Friday."
    conflicts = compare_values(extract_values(a), extract_values(b), text_a=a, text_b=b).conflicts
    assert [(c.a["text"], c.b["text"]) for c in conflicts] == [("30", "over 35")]


def test_the_same_actors_figure_is_compared_first():
    a = "Norland freed 50 prisoners on Friday."
    b = "Vestria freed 35 prisoners on Friday, and Norland released 40 prisoners."
    conflicts = compare_values(extract_values(a), extract_values(b), text_a=a, text_b=b).conflicts
    assert [(c.a["text"], c.b["text"]) for c in conflicts] == [("50", "40")]


def test_a_dispute_marks_the_disputed_figure_of_each_member_and_no_other_figure():
    """A card shows the disputed fact's values only: in a sentence that also states another
    figure, that other figure is not about the dispute, and a sentence stating only other
    figures gives no value for it."""
    day = dt.date(2021, 5, 6)
    a_text = "The storm killed 14 people and destroyed 300 homes, officials said."
    b_text = "The storm killed 17 people."
    c_text = "The storm destroyed 250 homes."
    a, b, c = (extract_values(t, day) for t in (a_text, b_text, c_text))
    judged = judge_claim([Member("A", 1, a, a_text), Member("B", 2, b, b_text)])
    assert judged.verdict == Verdict.DIVERGE and judged.conflict is not None

    def shown(values):
        marked = verdict.mark_disputed(values, judged.conflict)
        return [v["text"] for v in typed_values(marked, judged.kind)]

    assert shown(a) == ["14"]
    assert shown(b) == ["17"]
    assert shown(c) == []
    assert all("about" not in v for v in a + b + c), "the sentences' own values stay unmarked"


def test_two_bounds_a_third_report_meets_are_one_figure():
    bounds = [
        number_member("a1", 1, "More than two dozen people were hurt in the rockfall."),
        number_member("a2", 2, "More than thirty people were hurt in the rockfall."),
    ]
    assert judge_claim(bounds, one_fact=True).verdict == "diverge"
    met = bounds + [number_member("a3", 3, "Thirty-four people were hurt in the rockfall.")]
    assert judge_claim(met, one_fact=True).verdict == "agree"
    missed = bounds + [number_member("a3", 3, "Twenty-six people were hurt in the rockfall.")]
    assert judge_claim(missed, one_fact=True).verdict == "diverge"
