"""judge_pairs (CONTRACT §3): the story pipeline's own alignment and comparison on sentence
pairs."""

import pytest

from newscompare.pipeline.pairs import judge_pairs


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
