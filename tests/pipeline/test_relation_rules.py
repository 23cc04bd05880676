"""The relation rules kept after the per-rule ablation (issue 12 item 6,
benchmarks/pair_rules.py): one test per class of cases, each from made-up sentences, each
case one the rule decides (with the rule off, the relation flips)."""

from newscompare.pipeline.values import extract_values
from newscompare.pipeline.verdict import compare_values


def relation(a: str, b: str) -> str:
    return compare_values(extract_values(a), extract_values(b), text_a=a, text_b=b).relation


# Class: figures qualified by different members of one set (private / public, average /
# median) measure different things (same_fact.measures_other_thing, its qualifier sets).
def test_differently_qualified_figures_are_two_measures():
    assert (
        relation(
            "Rents in private flats averaged $1,250 last spring.",
            "Rents in public flats averaged $640 last spring.",
        )
        == "agree"
    )
    assert (
        relation("The average catch was 14 kilograms.", "The median catch was 11 kilograms.")
        == "agree"
    )
    assert (
        relation(
            "Rents in public flats averaged $640 last spring.",
            "Rents in public flats averaged $700 last spring.",
        )
        == "diverge"
    )


# Class: the old value, the new value and the size of a change are three quantities
# (same_fact.role).
def test_the_old_value_of_a_change_is_not_its_new_value():
    assert (
        relation(
            "The harbour index rose 0.8 percent to 1,540.20.",
            "The harbour index rose 0.8 percent from 1,528.00.",
        )
        == "agree"
    )
    assert (
        relation(
            "The ferry fare will rise by 75 cents to $4.50.",
            "The ferry fare will rise by 75 cents to $4.80.",
        )
        == "diverge"
    )


# Class: a figure given per unit ("per offence", "a seat") is no total (same_fact.rate).
def test_a_rate_per_unit_is_no_total():
    assert (
        relation(
            "Drivers face fines of up to $5,000.", "Drivers face fines of up to $250 per offence."
        )
        == "agree"
    )
    assert (
        relation("Drivers face fines of up to $5,000.", "Drivers face fines of up to $7,500.")
        == "diverge"
    )


# Class: a figure placed "in" a place the other sentence never names, against one led by a
# name the first never names, measures another place (same_fact.places_differ); a place that
# only the attribution names scopes nothing.
def test_figures_of_two_places_are_two_measures():
    assert (
        relation("Oslo bakery sales rose 4 percent.", "Bakery sales in Bergen rose by 9 percent.")
        == "agree"
    )
    assert (
        relation(
            "In Bergen, the storm flooded 30 houses.", "Police said the storm flooded 28 houses."
        )
        == "diverge"
    )


# Class: in a claim about one fact, the one figure left on each side is the same quantity
# even when only one side says what it counts (verdict._lone_conflicts) ...
def test_a_lone_figure_on_each_side_is_compared():
    assert relation("Rescuers found 212 survivors.", "Rescuers found 230.") == "diverge"


# ... unless both say what they count and it differs (same_fact.concepts_differ).
def test_lone_figures_counting_different_things_are_two_facts():
    assert (
        relation(
            "Officials counted 28 people in the shelter.",
            "Officials counted 27 volunteers in the shelter.",
        )
        == "agree"
    )


# Class: figures that name nothing counted but play one part in a movement each sentence
# gives once (the new level) are one quantity (verdict._same_role_conflicts).
def test_new_levels_of_one_movement_are_one_quantity():
    assert (
        relation(
            "The harbour index rose 11.36, or 0.7 percent, to 1,602.44.",
            "The harbour index was up 12.91 points, or 0.75 percent, at 1,604.05.",
        )
        == "diverge"
    )


# Class: a count of others than those told ("nine other measures") is no total of them
# (values.counted.added_to_earlier, like "two more victims").
def test_a_count_of_others_is_not_the_count_of_all():
    assert (
        relation(
            "Inspectors faulted the plant on 12 of the 30 checks.",
            "Inspectors faulted the plant on seven other checks.",
        )
        == "agree"
    )
    assert relation("Inspectors faulted 12 checks.", "Inspectors faulted seven checks.") == (
        "diverge"
    )


# Class: the size of a ranking's cut ("among the top 20 exporters") says how far down a list
# the writer looked, not a quantity measured: two cuts are two statements
# (values.counted.ranking_cut, same_fact.told_of_other_things).
def test_two_cuts_of_a_ranking_are_no_dispute():
    assert (
        relation(
            "The port ranked among the top 20 harbours by tonnage.",
            "The port ranked among the top five harbours by tonnage.",
        )
        == "agree"
    )
    assert (
        relation(
            "The port handled 20 ships by noon.",
            "The port handled five ships by noon.",
        )
        == "diverge"
    )


# Class: a hedge on a figure written to three or more significant digits holds only values
# near it (compare._approx_width); a hedge on a round figure keeps its reach.
def test_a_hedged_precise_figure_holds_only_values_near_it():
    assert (
        relation(
            "The fund raised $4.18 billion in the spring.",
            "The fund raised nearly $4.62 billion in the spring.",
        )
        == "diverge"
    )
    assert (
        relation(
            "The fund raised $4.18 billion in the spring.",
            "The fund raised nearly $4.2 billion in the spring.",
        )
        == "agree"
    )
    assert (
        relation(
            "The fund raised $4.18 billion in the spring.",
            "The fund raised nearly $4.5 billion in the spring.",
        )
        == "agree"
    )


# Class: a length joined to the noun it measures ("a 3 week strike") is that thing's length,
# whatever each sentence's subject (values.counted.noun_of_length): two lengths of one strike
# conflict, lengths of two things do not.
def test_a_length_joined_to_its_noun_is_that_things_length():
    assert (
        relation(
            "The settlement came after a 3 week strike at the mill.",
            "The deal ended a 4 week strike at the mill.",
        )
        == "diverge"
    )
    assert (
        relation(
            "The settlement came after a 3 week strike at the mill.",
            "The deal ended a 4 week lockout at the mill.",
        )
        == "agree"
    )


# Class: a figure written with its scale word and with the same digits and none ("$61.3
# million" / "$61.3") is one figure, its scale left out (compare._scale_left_out).
def test_a_figure_with_its_scale_left_out_is_the_same_figure():
    assert (
        relation(
            "The film took $61.3 million in its first weekend.",
            "The film took $61.3 in its first weekend, a record.",
        )
        == "agree"
    )
    assert (
        relation(
            "The film took $61.3 million in its first weekend.",
            "The film took $58.1 in its first weekend, a record.",
        )
        == "diverge"
    )
