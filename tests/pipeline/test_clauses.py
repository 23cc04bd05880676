"""values/clauses.py: each value of a sentence bound to its clause, predicate, actor and what it
counts; same_fact.bound_apart on what they are bound to."""

import datetime as dt

from newscompare.pipeline import same_fact
from newscompare.pipeline.values import clauses, extract_values

PUBLISHED = dt.date(2020, 3, 4)


def bound(text: str) -> dict:
    """{value text: value} of a sentence's typed values (bound to their facts), each with the
    sentence's names under "names" for bound_apart."""
    values = extract_values(text, PUBLISHED)
    names = [v["text"] for v in values if v["type"] == "entity"]
    return {v["text"]: {**v, "names": names} for v in values if v["type"] != "entity"}


def apart(a: dict, b: dict) -> bool:
    return same_fact.bound_apart(a, b, a["names"], b["names"])


def test_a_date_in_a_closing_attribution_dates_the_telling_not_the_fact():
    v = bound(
        "The ferry crossings stopped in May 2019, a harbour official told reporters on Monday."
    )
    assert v["on Monday"]["reporting"] and v["on Monday"]["clause_kind"] == "attribution"
    assert not v["May 2019"].get("reporting") and v["May 2019"]["predicate"] == "stopped"


def test_a_speech_verb_followed_by_a_fact_of_its_own_is_no_attribution():
    v = bound("The army said it would send 200 troops to the valley on Tuesday.")
    assert not v["on Tuesday"].get("reporting") and v["200"]["predicate"] == "send"


def test_an_opening_attribution_frames_the_fact_after_it():
    v = bound("Police said on Friday that three men were arrested near the harbour.")
    assert v["on Friday"]["reporting"]
    assert v["three"]["clause_kind"] == "main" and v["three"]["predicate"] == "arrested"


def test_values_of_a_relative_or_participle_clause_belong_to_that_clause():
    text = (
        "The drought, which began in June 2018, has emptied the reservoirs, "
        "forcing 12,000 people to move."
    )
    v = bound(text)
    assert v["June 2018"]["clause_kind"] == "relative" and v["June 2018"]["predicate"] == "began"
    assert v["12,000"]["clause_kind"] == "participle" and v["12,000"]["predicate"] == "forcing"


def test_counts_by_different_parties_are_different_facts():
    a = bound("Norland released 50 prisoners on Friday, and Vestria freed 30 soldiers.")
    b = bound("Vestria handed over 35 soldiers to Norland on Friday.")
    assert a["50"]["actor"] == ["Norland"] and a["30"]["actor"] == ["Vestria"]
    assert apart(a["50"], b["over 35"])
    assert not apart(a["30"], b["over 35"])


def test_shares_of_different_things_are_different_facts():
    stake = bound("The pension fund, which holds 17 percent of the airline's shares, sold out.")
    slots = bound("The airline holds 41 percent of the slots at its only hub.")
    fall = bound("The airline's shares fell 36 percent on Tuesday.")
    assert stake["17 percent"]["counts"] == ["share", "airline"]
    assert slots["41 percent"]["counts"] == ["slot"]
    assert apart(stake["17 percent"], slots["41 percent"])
    assert not apart(fall["36 percent"], stake["17 percent"])


def test_one_actor_named_in_two_forms_or_unnamed_is_not_told_apart():
    a = bound("Russia freed 40 prisoners on Monday.")["40"]
    b = bound("Russian officials freed 42 prisoners on Monday.")["42"]
    c = bound("The authorities freed 42 prisoners on Monday.")["42"]
    d = bound("Moscow freed 42 prisoners on Monday.")["42"]
    assert not any(apart(a, x) for x in (b, c, d))
    e = bound("Talks between Norland and the US were halted in May 2019.")["May 2019"]
    f = bound("The United States broke off talks with Norland in June 2019.")["June 2019"]
    assert not apart(e, f)


def test_clauses_cover_the_sentence_in_order():
    text = "Officials, who spoke on Monday, said the dam held, although the river rose by a metre."
    parts = clauses.clauses(text)
    assert parts[0].start == 0 and parts[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(parts, parts[1:], strict=False))
    assert [c.kind for c in parts if c.kind != "main"] == ["relative", "subordinate"]
