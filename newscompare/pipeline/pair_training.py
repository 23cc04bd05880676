"""Fine-tune the pair model (pair_model.py) on labelled sentence pairs.

The data is MSRP train as ../shared/evaldata/msrp_dev.jsonl gives it ({"id", "a", "b",
"same_claim"}). Every dev pair file is split in halves, tune and check, by a hash of the pair's
two sentences (`half_of`; benchmarks/eval.py uses the same split): training uses the tune half
only, so `make eval` scores the model's check half on pairs it never saw. (MSRP test, the
project's hold-out, is not on this machine at all.) Models made before issue 12 held out fold 0
of md5(id) mod 5 instead; their recipe says so and `training_rows` still reads it.

Recipe: figures masked (pair_model.mask_figures), both orders of every pair, binary
cross-entropy on one logit, AdamW with linear warm-up and decay, word embeddings frozen
(they come from the package), fixed seed.
On 2 CPU cores one epoch takes about 5 minutes.
"""

import hashlib
import random
import time

from newscompare.lib.progress import progress

SPLIT = "halves"  # the recipe's name for the split below
SPLIT_SALT = "newscompare issue 12 halves"  # a new salt is a new split
FOLD_SALT = "newscompare issue 12 tune folds"  # folds inside the tune half, for cross-fitting
EPOCHS = 3
BATCH_SIZE = 16
LEARNING_RATE = 4e-5
WARMUP = 0.1
SEED = 0


def pair_key(row: dict) -> tuple[str, ...]:
    """The pair's two sentences, whitespace-normalised, in a fixed order."""
    return tuple(sorted(" ".join(str(row.get(side, "")).split()) for side in ("a", "b")))


def half_of(row: dict) -> str:
    """'tune' or 'check' for a sentence pair. Hashing the sentences, not the id, puts a pair that
    recurs in two files (STS-B's MSRpar pairs are MSRP pairs) in the same half of both."""
    digest = hashlib.sha256((SPLIT_SALT + "\n" + "\n".join(pair_key(row))).encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "check"


def fold_of(row: dict, folds: int) -> int:
    """The fold (0 .. folds - 1) of a pair inside its half, by another hash of its sentences:
    cross-fitting trains on the other folds and predicts this one (benchmarks/pair_rules.py)."""
    digest = hashlib.sha256((FOLD_SALT + "\n" + "\n".join(pair_key(row))).encode()).digest()
    return int.from_bytes(digest[:4], "big") % folds


def split(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(training rows, held-out rows) of the labelled rows: the tune and the check half."""
    labelled = [r for r in rows if isinstance(r.get("same_claim"), bool)]
    return (
        [r for r in labelled if half_of(r) == "tune"],
        [r for r in labelled if half_of(r) == "check"],
    )


def _old_fold(pair_id: str, folds: int) -> int:
    # A stable shuffle of ids into folds, not a security use of the hash.
    return int(hashlib.md5(str(pair_id).encode(), usedforsecurity=False).hexdigest(), 16) % folds


def training_rows(rows: list[dict], recipe: dict) -> list[dict]:
    """The rows a model with this recipe (pair_model.recipe()) was trained on."""
    if recipe.get("split") == SPLIT:
        return split(rows)[0]
    # Before issue 12: every labelled row but fold `held_out_fold` of md5(id) mod `folds`.
    labelled = [r for r in rows if isinstance(r.get("same_claim"), bool)]
    held_out = recipe["held_out_fold"]
    return [r for r in labelled if _old_fold(r["id"], recipe["folds"]) != held_out]


def accuracy(model, tok, rows: list[dict]) -> float:
    from . import pair_model

    scores = pair_model.symmetric_logits(model, tok, [(r["a"], r["b"]) for r in rows])
    return sum((m > 0) == r["same_claim"] for m, r in zip(scores, rows, strict=True)) / len(rows)


def train(
    train_rows: list[dict], held_out: list[dict], epochs: int = EPOCHS, log=print
) -> tuple[object, list[float]]:
    """(the fine-tuned model, its held-out accuracy after each epoch); logs each epoch.
    With no held-out rows no accuracy is measured (it costs a third of an epoch each time)."""
    import torch
    from transformers import get_linear_schedule_with_warmup

    from . import pair_model

    random.seed(SEED)
    torch.manual_seed(SEED)
    model, tok = pair_model.new_model(), pair_model.tokenizer()
    for name, param in model.named_parameters():
        param.requires_grad_(name not in pair_model.FROZEN)
    pairs = pair_model.masked([(r["a"], r["b"]) for r in train_rows])
    data = [(a, b, float(r["same_claim"])) for (a, b), r in zip(pairs, train_rows, strict=True)]
    data += [(b, a, y) for a, b, y in data]
    steps = epochs * (len(data) // BATCH_SIZE)
    optimizer = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad], lr=LEARNING_RATE, weight_decay=0.01
    )
    schedule = get_linear_schedule_with_warmup(optimizer, int(WARMUP * steps), steps)
    started, accuracies = time.perf_counter(), []
    for epoch in range(epochs):
        _train_epoch(model, tok, data, optimizer, schedule, f"epoch {epoch + 1}/{epochs}")
        model.eval()
        if held_out:
            accuracies.append(round(accuracy(model, tok, held_out), 3))
        log(
            f"epoch {epoch + 1}/{epochs}: "
            + (
                f"held-out accuracy {accuracies[-1]:.3f} ({len(held_out)} pairs), "
                if held_out
                else ""
            )
            + f"{time.perf_counter() - started:.0f} s"
        )
    return model, accuracies


def _train_epoch(model, tok, data: list[tuple], optimizer, schedule, desc: str) -> None:
    """One pass over the shuffled pairs in batches of BATCH_SIZE (the last partial batch
    left out): binary cross-entropy on the first logit, gradients clipped to norm 1."""
    import torch

    from . import pair_model

    loss_of = torch.nn.BCEWithLogitsLoss()
    model.train()
    random.shuffle(data)
    batches = range(0, len(data) - BATCH_SIZE + 1, BATCH_SIZE)
    for start in progress(batches, desc=desc, unit="batch"):
        a, b, y = zip(*data[start : start + BATCH_SIZE], strict=True)
        enc = tok(
            list(a),
            list(b),
            truncation=True,
            max_length=pair_model.MAX_LENGTH,
            padding=True,
            return_tensors="pt",
        )
        loss = loss_of(model(**enc).logits[:, 0], torch.tensor(y))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
