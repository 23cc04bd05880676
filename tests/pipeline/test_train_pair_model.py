"""manage.py train_pair_model: fine-tunes the pair model and writes weights the pipeline loads."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from newscompare.pipeline import pair_model, pair_training

SAME = [
    (
        "Police said {n} people were killed in the blast.",
        "The blast killed {n} people, police said.",
    ),
    ("The company cut {n} jobs on Monday.", "On Monday the company eliminated {n} jobs."),
]
OTHER = [
    (
        "Police said {n} people were killed in the blast.",
        "The mayor will visit the city on Friday.",
    ),
    ("The company cut {n} jobs on Monday.", "Shares of the bank fell in early trading."),
]


@pytest.fixture
def tiny_msrp(tmp_path):
    rows = []
    for n in range(10):
        rows += [
            {"id": f"s{n}-{k}", "a": a.format(n=n + 2), "b": b.format(n=n + 2), "same_claim": True}
            for k, (a, b) in enumerate(SAME)
        ]
        rows += [
            {"id": f"o{n}-{k}", "a": a.format(n=n + 2), "b": b, "same_claim": False}
            for k, (a, b) in enumerate(OTHER)
        ]
    path = tmp_path / "msrp.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_training_writes_loadable_weights_and_their_recipe(
    tiny_msrp, tmp_path, monkeypatch, capsys
):
    weights = tmp_path / "pair.safetensors"
    call_command("train_pair_model", str(tiny_msrp), "--epochs", "1", "--output", str(weights))

    recipe = json.loads(weights.with_suffix(".json").read_text())
    assert recipe["train_pairs"] + recipe["held_out_pairs"] == 40
    assert recipe["split"] == pair_training.SPLIT and len(recipe["held_out_accuracy_by_epoch"]) == 1
    assert "held-out accuracy" in capsys.readouterr().out

    monkeypatch.setattr(pair_model, "WEIGHTS", weights)
    monkeypatch.setattr(pair_model, "_model", None)
    probabilities = pair_model.probabilities([("Ten people died.", "Ten people were killed.")])
    assert 0.0 < probabilities[0] < 1.0


def test_held_out_pairs_never_reach_training(tiny_msrp):
    rows = [json.loads(line) for line in tiny_msrp.read_text().splitlines()]
    train, held_out = pair_training.split(rows)
    assert {r["id"] for r in train}.isdisjoint(r["id"] for r in held_out)
    assert all(pair_training.half_of(r) == "check" for r in held_out)
    assert pair_training.training_rows(rows, {"split": pair_training.SPLIT}) == train


def test_a_pair_falls_in_one_half_whatever_its_id_and_order():
    row = {"id": "x1", "a": "Ten people  died.", "b": "Ten were killed."}
    swapped = {"id": "other-file-7", "a": "Ten were killed.", "b": "Ten people died."}
    assert pair_training.half_of(row) == pair_training.half_of(swapped)


def test_a_bad_data_line_is_reported_with_its_number(tmp_path):
    data = tmp_path / "bad.jsonl"
    data.write_text('{"id": "p1", "a": "x", "b": "y", "same_claim": true}\nnot json\n')
    with pytest.raises(CommandError, match="line 2: not valid JSON"):
        call_command("train_pair_model", str(data), "--output", str(tmp_path / "w.safetensors"))


def test_cross_fitting_folds_split_the_training_pairs_whatever_their_order(tiny_msrp):
    rows = pair_training.split([json.loads(line) for line in tiny_msrp.read_text().splitlines()])[0]
    folds = [[r for r in rows if pair_training.fold_of(r, 2) == k] for k in range(2)]
    assert all(folds) and sum(map(len, folds)) == len(rows)
    row = {"id": "x1", "a": "Ten people  died.", "b": "Ten were killed."}
    swapped = {"id": "other-file-7", "a": "Ten were killed.", "b": "Ten people died."}
    assert pair_training.fold_of(row, 5) == pair_training.fold_of(swapped, 5)


def test_training_without_held_out_pairs_measures_no_accuracy(tiny_msrp):
    rows = [json.loads(line) for line in tiny_msrp.read_text().splitlines()]
    logged = []
    _, accuracies = pair_training.train(rows[:8], [], epochs=1, log=logged.append)
    assert accuracies == [] and logged[0].startswith("epoch 1/1: ") and "accuracy" not in logged[0]
