"""Each "is this the same fact?" check of same_fact.py by name, on sentences made up for it."""

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
