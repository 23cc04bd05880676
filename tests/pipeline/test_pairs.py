"""judge_pairs (CONTRACT §3): the story pipeline's own alignment and comparison on sentence
pairs."""

import pytest

from newscompare.pipeline import values
from newscompare.pipeline.align.score import content_words, lexical_overlap, pair_score
from newscompare.pipeline.align.slots import fact_slots
from newscompare.pipeline.pairs import (
    count_values,
    judge_pair,
    judge_pairs,
    same_claim,
    similarity,
    similarity_features,
)
from newscompare.pipeline.verdict import PairComparison


@pytest.fixture(scope="module")
def judged():
    rows = [
        {
            "id": "same",
            "a": "At least 30 people were still missing after the flood, officials said.",
            "b": "Officials said 32 people remained missing after the flood.",
        },
        {
            "id": "conflict",
            "a": "The flood killed 14 people in three villages, officials said.",
            "b": "The flood killed 17 people in three villages, officials said.",
        },
        {
            "id": "other",
            "a": "The central bank raised interest rates by half a point.",
            "b": "A new bridge over the river opened to traffic on Monday.",
        },
        {
            "id": "dated",
            "a": "The ministers spoke by phone on Friday.",
            "a_published": "2021-11-12",
            "b": "The ministers spoke by phone yesterday.",
            "b_published": "2021-11-13",
        },
    ]
    return {r["id"]: r for r in judge_pairs(rows)}


def test_hedged_and_exact_count_of_one_fact_agree(judged):
    assert judged["same"]["same_claim"] and judged["same"]["relation"] == "agree"


def test_two_exact_death_tolls_diverge(judged):
    assert judged["conflict"]["same_claim"] and judged["conflict"]["relation"] == "diverge"


def test_sentences_about_different_events_are_unrelated(judged):
    assert not judged["other"]["same_claim"] and judged["other"]["relation"] == "unrelated"


def test_relative_days_resolve_against_each_publication_date(judged):
    assert judged["dated"]["relation"] == "agree"


def test_output_keeps_input_order_and_ids(judged):
    assert list(judged) == ["same", "conflict", "other", "dated"]


def test_similarity_grades_one_fact_above_unrelated_news_within_zero_and_one(judged):
    scores = [judged[key]["similarity"] for key in ("same", "conflict", "other")]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert judged["same"]["similarity"] > judged["other"]["similarity"]
    assert judged["conflict"]["similarity"] > judged["other"]["similarity"]


def _graded(cosine: float, a: str, b: str, conflicts=(), matches=(), n_values: int = 0):
    comparison = PairComparison(conflicts=list(conflicts), matches=list(matches))
    return similarity(similarity_features(cosine, 0.9, a, b, comparison, n_values))


def test_similarity_grades_a_pair_lower_when_its_figures_conflict():
    # The embedding and the pair model (figures masked) barely see a changed figure; a reader
    # grading similarity does.
    a, b = "Rebels freed the hostages.", "The rebels released the hostages."
    assert _graded(0.8, a, b, conflicts=["a conflict"]) < _graded(0.8, a, b)


def test_similarity_grades_a_pair_higher_when_its_figures_agree():
    a, b = "Rebels freed 12 hostages.", "The rebels released 12 hostages."
    assert _graded(0.8, a, b, matches=["a match"], n_values=2) > _graded(0.8, a, b, n_values=2)


def test_the_cosine_weighs_less_in_long_sentences():
    # Two long sentences on one topic share much of their meaning and still differ in what
    # a reader grades: a rise of the cosine moves the grade of short sentences more.
    short_a, short_b = "Rebels freed the hostages.", "The rebels released the hostages."
    filler = " after weeks of talks with mediators from two neighbouring countries in the capital"
    long_a, long_b = short_a[:-1] + filler + ".", short_b[:-1] + filler + "."
    rise_short = _graded(0.8, short_a, short_b) - _graded(0.6, short_a, short_b)
    rise_long = _graded(0.8, long_a, long_b) - _graded(0.6, long_a, long_b)
    assert rise_short > rise_long > 0


def test_judged_similarity_reads_whether_the_figures_conflict():
    row = {
        "a": "The storm destroyed 40 houses along the coast.",
        "b": "The storm destroyed 90 houses along the coast.",
    }
    va, vb = values.extract_values(row["a"]), values.extract_values(row["b"])
    judged = judge_pair(row, 0.9, 0.9, va, vb)
    assert judged["relation"] == "diverge"
    n_values = count_values(va) + count_values(vb)
    assert judged["similarity"] < round(
        similarity(similarity_features(0.9, 0.9, row["a"], row["b"], PairComparison(), n_values)),
        4,
    )


def test_one_kind_of_fact_with_a_middling_score_is_the_same_claim():
    # Out of sample the pair model often gives a paraphrase that adds a detail well under 0.5;
    # two sentences stating one kind of fact then need only a middling adjusted score.
    a = "Rescuers said 40 miners were trapped after the tunnel collapsed on Tuesday."
    b = "Forty-two miners remained underground, the company said in a statement."
    va, vb = values.extract_values(a), values.extract_values(b)
    overlap = lexical_overlap(content_words(a), content_words(b))
    cosine = next(c / 100 for c in range(30, 100) if pair_score(c / 100, va, vb, overlap) >= 0.56)
    assert set(fact_slots(va)) & set(fact_slots(vb))
    assert pair_score(cosine, va, vb, overlap) < 0.66
    assert same_claim(cosine, va, vb, a, b, probability=0.1)
