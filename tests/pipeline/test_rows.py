"""One fact, one row (pipeline/rows.py) on constructed stories: each rule on a story made
for it, and the three rules of the issue checked on a larger made-up story."""

import itertools
import random

from newscompare.pipeline.rows import Fact, merged_explanation, one_row_per_fact


def value(kind, text, start):
    return {"type": kind, "text": text, "start": start, "end": start + len(text)}


# Sentences 0-1 (outlet A), 2-3 (outlet B), 4 (outlet C). Sentence 0 states a toll and a
# date; sentence 2 the same toll and date; sentence 4 the same toll.
TOLL_A, DATE_A = value("number", "14 people", 10), value("date", "on Tuesday", 40)
TOLL_B, DATE_B = value("number", "17 people", 5), value("date", "on Tuesday", 30)
TOLL_C = value("number", "17 people", 0)


def top(rows):
    return [r.fact for r in rows if r.narrows is None]


def test_claims_with_the_same_members_kind_and_verdict_are_one():
    facts = [
        Fact((0, 2), "number", "unique", "Only 000, 004 report this: four million."),
        Fact((0, 2), "number", "unique", "Only 000, 004 report this: 240,000."),
    ]
    rows = one_row_per_fact(facts)
    assert len(rows) == 1
    assert rows[0].fact.explanation == "Only 000, 004 report this: four million; 240,000."


def test_the_same_sentences_judged_as_another_fact_are_nested_not_repeated():
    facts = [
        Fact((0, 2), "number", "diverge", "A says 14; B says 17"),
        Fact((0, 2), "date", "agree", "A, B agree: on Tuesday"),
    ]
    rows = one_row_per_fact(facts)
    assert [r.narrows for r in rows] == [None, 0]
    assert rows[1].fact.verdict == "agree"


def test_a_narrower_claim_is_nested_in_the_wider_one_and_keeps_its_verdict():
    facts = [
        Fact((0, 2, 4), "event", "agree", "A, B, C agree"),
        Fact((0, 2), "number", "diverge", "A says 14; B says 17"),  # a clause-level toll
    ]
    rows = one_row_per_fact(facts)
    assert [r.narrows for r in rows] == [None, 0]
    assert rows[1].fact.verdict == "diverge"  # still a disputed fact


def test_nesting_is_one_level_deep():
    facts = [
        Fact((0, 1, 2, 3, 4), "event", "agree"),
        Fact((0, 2, 4), "number", "diverge"),
        Fact((0, 2), "date", "agree"),
    ]
    assert [r.narrows for r in one_row_per_fact(facts)] == [None, 0, 0]


def test_a_unique_claim_whose_value_a_shared_claim_compares_gets_no_row():
    shared = Fact((0, 2), "date", "agree", focus={0: [DATE_A], 2: [DATE_B]})
    repeat = Fact((0,), "date", "unique", focus={0: [DATE_A]})
    rows = one_row_per_fact([shared, repeat])
    assert [r.fact for r in rows] == [shared]


def test_a_unique_claim_stating_a_second_fact_of_a_shared_sentence_keeps_a_nested_row():
    shared = Fact((0, 2), "date", "agree", focus={0: [DATE_A], 2: [DATE_B]})
    second = Fact((0,), "number", "unique", focus={0: [TOLL_A]})
    rows = one_row_per_fact([shared, second])
    assert [(r.fact, r.narrows) for r in rows] == [(shared, None), (second, 0)]


def test_a_value_no_other_outlet_gives_is_a_second_fact_even_inside_a_shared_claim():
    # the shared claim's focus holds sentence 0's toll, but B's sentence gives no toll
    shared = Fact((0, 2), "event", "agree", focus={0: [TOLL_A, DATE_A], 2: [DATE_B]})
    second = Fact((0,), "number", "unique", focus={0: [TOLL_A]})
    assert [r.narrows for r in one_row_per_fact([shared, second])] == [None, 0]


def test_a_claim_about_every_value_of_its_sentences_covers_a_unique_one():
    event = Fact((0, 2), "event", "agree")  # no focus: every value of its sentences
    repeat = Fact((0,), "number", "unique", focus={0: [TOLL_A]})
    assert [r.fact for r in one_row_per_fact([event, repeat])] == [event]


def test_wire_copies_of_a_shared_sentence_are_no_top_level_unique_row():
    # sentence 1 is a wire copy (outlet D) of sentence 0; only 0 is in the shared claim
    shared = Fact((0, 2), "number", "diverge", focus={0: [TOLL_A], 2: [TOLL_B]})
    second = Fact((0, 1), "date", "unique", focus={0: [DATE_A], 1: [DATE_A]})
    rows = one_row_per_fact([shared, second])
    assert [r.narrows for r in rows] == [None, 0]


def test_a_unique_fact_whose_wire_copy_the_shared_claim_leaves_out_is_kept():
    # the shared claim compares sentence 0's date, but its wire copy 1 is only here
    shared = Fact((0, 2), "date", "agree", focus={0: [DATE_A], 2: [DATE_B]})
    copies = Fact((0, 1), "date", "unique", focus={0: [DATE_A], 1: [DATE_A]})
    rows = one_row_per_fact([shared, copies])
    assert [(r.fact, r.narrows) for r in rows] == [(shared, None), (copies, 0)]


def check_rules(rows):
    """The issue's rules on what a reader sees as rows."""
    tops = top(rows)
    shared = [r.fact for r in rows if r.fact.verdict != "unique"]
    for a, b in itertools.combinations(tops, 2):
        assert set(a.members) != set(b.members), "two top-level claims with the same members"
    for a, b in itertools.permutations(tops, 2):
        assert not set(a.members) < set(b.members), "a top-level claim inside another"
    for f in tops:
        if f.verdict == "unique":
            assert not any(set(f.members) & set(s.members) for s in shared), (
                "a unique row repeats a sentence of a shared claim"
            )
    for r in rows:
        if r.narrows is not None:
            assert rows[r.narrows].narrows is None, "nested under a nested claim"


def made_up_story(seed: int, sentences: int = 14, claims: int = 30) -> list[Fact]:
    """Claims over a few sentences, with overlaps, repeats and identical members."""
    rng = random.Random(seed)
    values = {
        i: [value(t, f"{t}{i}", 10 * k) for k, t in enumerate(("number", "date"))]
        for i in range(sentences)
    }
    facts = []
    for _ in range(claims):
        size = rng.choice((1, 1, 2, 2, 3, 4))
        members = tuple(sorted(rng.sample(range(sentences), size)))
        verdict = "unique" if size == 1 else rng.choice(("agree", "diverge"))
        kind = rng.choice(("number", "date", "event"))
        focus = None
        if kind != "event":
            focus = {i: [v for v in values[i] if v["type"] == kind] for i in members}
        facts.append(Fact(members, kind, verdict, focus=focus))
    order = {"diverge": 0, "agree": 1, "unique": 2}
    return sorted(facts, key=lambda f: order[f.verdict])


def test_the_rules_hold_on_made_up_stories():
    for seed in range(40):
        facts = made_up_story(seed)
        rows = one_row_per_fact(facts)
        check_rules(rows)
        kept = {id(r.fact) for r in rows}
        # nothing but identical claims and repeated unique facts disappears
        for f in facts:
            if id(f) not in kept:
                assert f.verdict == "unique" or any(
                    set(r.fact.members) == set(f.members) and r.fact.kind == f.kind for r in rows
                )


def test_explanations_without_a_common_head_are_both_kept():
    assert merged_explanation("A says 14.", "B says 17.") == "A says 14. B says 17."
