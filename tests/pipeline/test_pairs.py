"""judge_pairs (CONTRACT §3): the story pipeline's own alignment and comparison on sentence
pairs."""

import pytest

from newscompare.pipeline import values
from newscompare.pipeline.pairs import judge_pair, judge_pairs, similarity


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


def test_similarity_grades_a_pair_lower_when_its_figures_conflict():
    # The embedding and the pair model (figures masked) barely see a changed figure; a reader
    # grading similarity does.
    alike = dict(cosine=0.8, probability=0.9, text_a="Rebels freed the hostages.")
    alike["text_b"] = "The rebels released the hostages."
    assert similarity(**alike, figures_conflict=True) < similarity(**alike, figures_conflict=False)


def test_judged_similarity_reads_whether_the_figures_conflict():
    row = {
        "a": "The storm destroyed 40 houses along the coast.",
        "b": "The storm destroyed 90 houses along the coast.",
    }
    judged = judge_pair(
        row, 0.9, 0.9, values.extract_values(row["a"]), values.extract_values(row["b"])
    )
    assert judged["relation"] == "diverge"
    assert judged["similarity"] < round(similarity(0.9, 0.9, row["a"], row["b"]), 4)
