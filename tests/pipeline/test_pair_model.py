"""The pair model: a cross-encoder that reads two sentences together, with figures masked."""

import pytest

from newscompare.pipeline import pair_model, pair_training


@pytest.mark.parametrize(
    "text, expected",
    [
        ("At least 17 people were killed in 2014.", "At least # people were killed in #."),
        ("Shares rose 3.5% to $14.97 in midday trading.", "Shares rose # to # in midday trading."),
        ("It cost $1.2 billion, or 4m euros.", "It cost #, or # euros."),
        (
            "Twenty-five letters and three dozen parcels arrived.",
            "# letters and # parcels arrived.",
        ),
    ],
)
def test_figures_are_masked_so_the_model_judges_the_fact_not_its_value(text, expected):
    assert pair_model.mask_figures(text) == expected


def test_two_tolls_for_one_attack_read_the_same_to_the_model():
    a, b = pair_model.masked(
        [("17 people were killed in the attack.", "14 people were killed in the attack.")]
    )[0]
    assert a == b


def test_the_weights_ship_with_their_recipe():
    recipe = pair_model.recipe()
    assert pair_model.available()
    assert recipe["held_out_pairs"] > 0 and recipe["train_pairs"] > 0
    # Trained on the tune half only, so make eval's check half holds no training pair.
    assert recipe["split"] == pair_training.SPLIT
    assert len(recipe["held_out_accuracy_by_epoch"]) == recipe["epochs"]


@pytest.mark.parametrize(
    "sentence, same_fact, same_topic",
    [
        (
            "Police said at least 17 people were killed in the blast on Monday.",
            "The explosion on Monday killed 14 people, according to police.",
            "Police said the bomber had been identified as a local man.",
        ),
        (
            "The central bank raised interest rates by a quarter point on Wednesday.",
            "On Wednesday the central bank lifted rates by 0.25 percentage points.",
            "The central bank will publish its next forecast in March.",
        ),
    ],
)
def test_the_same_fact_in_other_words_scores_above_another_fact_on_one_topic(
    sentence, same_fact, same_topic
):
    p_same, p_topic = pair_model.probabilities([(sentence, same_fact), (sentence, same_topic)])
    assert p_same > 0.5 > p_topic


def test_the_score_does_not_depend_on_which_sentence_comes_first():
    a = "Rescuers pulled 12 survivors from the rubble on Tuesday."
    b = "Twelve people were rescued alive from the collapsed building."
    forward, backward = pair_model.probabilities([(a, b), (b, a)])
    assert forward == pytest.approx(backward, abs=1e-6)


def test_no_pairs_cost_nothing():
    assert len(pair_model.probabilities([])) == 0
