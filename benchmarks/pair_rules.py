"""Per-rule ablation of the pair path on the pair files' tune and check halves (issue 12, item 6).

    python benchmarks/pair_rules.py [--rules NAME ...] [--files msrp equate stsb] [--cache DIR]
                                    [--weights FILE] [--json OUT]

judge_pairs (pipeline/pairs.py) is the same-claim decision (pairs.same_claim) and, for a pair
judged the same claim, the relation (verdict.compare_values). Both read each pair's cosine and
the pair model's probability; those two are computed once per file and model and cached (the
pair model is most of judge_pairs' time), so every variant below re-runs only the rules. Each
variant switches one rule off (see RULES) and scores the tune and the check half with
score_pairs.py's `score` (imported: the same code as the scorer's command line). The halves are
eval.py's (pair_training.half_of); the check half leaves out the pairs the pair model was
trained on. A rule is worth keeping when switching it off costs on the check half.

`--weights FILE`: score another pair model's weights (e.g. a retrain) in place of the shipped one.

`--crossfit K`: the tune half with cross-fitted probabilities. The pair model trained on the MSRP
tune half, so on those pairs (and on STS-B's MSRpar pairs that are the same pairs) it reads its
own training data: a decision tuned there is tuned against optimistic probabilities. Cross-
fitting splits the model's training pairs into K folds (pair_training.fold_of), trains the same
recipe on K - 1 folds and predicts the held one; every trained pair gets the probability of a
model that never saw it. Each fold is cached as it finishes (a re-run resumes); `--ready` scores
with the folds already cached, leaving the tune pairs of missing folds out. The cost is (K - 1)
trainings of the recipe: per pair, both orders, 3 epochs of forward and backward through the
whole MiniLM (about 1 s per batch of 16 on a quiet 2-core machine, 6-15 s under load; set
OMP_NUM_THREADS=1 on a loaded machine, two threads spin against each other).
"""

import argparse
import contextlib
import hashlib
import importlib.util
import json
import os
import sys
from pathlib import Path
from unittest import mock

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newscompare.settings")

from benchmarks.eval import EVALDATA, SCORERS, read_jsonl  # noqa: E402

FILES = {"msrp": "msrp_dev.jsonl", "equate": "equate_dev.jsonl", "stsb": "stsb_news_dev.jsonl"}


def _scorer():
    spec = importlib.util.spec_from_file_location("score_pairs", SCORERS / "score_pairs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _never(*args, **kwargs) -> bool:
    return False


def _always(*args, **kwargs) -> bool:
    return True


def _empty(*args, **kwargs) -> str:
    return ""


def _none(*args, **kwargs):
    return []


def _patches(name: str):
    """The patches that switch rule `name` off (module attributes replaced for the variant)."""
    from newscompare.pipeline import compare, pairs, same_fact, verdict

    table = {
        # same claim (align.same_claim)
        "same_fact_score": [mock.patch.object(pairs, "SAME_CLAIM", 99.0)],
        # what a figure measures (same_fact.measures_other_thing)
        "measures_other_thing": [mock.patch.object(same_fact, "measures_other_thing", _never)],
        "bound_apart": [mock.patch.object(same_fact, "bound_apart", _never)],
        "qualifiers": [mock.patch.object(same_fact, "_QUALIFIER_SETS", [])],
        "role": [mock.patch.object(same_fact, "role", _empty)],
        "places_differ": [mock.patch.object(same_fact, "places_differ", _never)],
        "rate": [mock.patch.object(same_fact, "rate", _empty)],
        # which figures are compared (verdict.compare_values)
        "same_actor_first": [mock.patch.object(same_fact, "same_actor", _never)],
        "lone_pairs": [mock.patch.object(same_fact, "concepts_differ", _always)],
        "same_role_conflicts": [mock.patch.object(verdict, "_same_role_conflicts", _none)],
        "span_conflicts": [mock.patch.object(verdict, "_span_conflicts", _none)],
        "concepts_differ": [mock.patch.object(same_fact, "concepts_differ", _never)],
        # whether two values agree (compare.py)
        "quote_difference": [mock.patch.object(compare, "quote_difference", _empty)],
    }
    if name not in table:
        raise SystemExit(f"unknown rule {name!r}; rules: {', '.join(table)}")
    return table[name]


RULES = (
    "same_fact_score",
    "measures_other_thing",
    "bound_apart",
    "qualifiers",
    "role",
    "places_differ",
    "rate",
    "same_actor_first",
    "same_role_conflicts",
    "span_conflicts",
    "concepts_differ",
    "quote_difference",
    "lone_pairs",
)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def features(name: str, rows: list[dict], cache: Path, weights: Path) -> dict:
    """Cosine and pair-model probability per row, cached per file and model weights."""
    from newscompare.pipeline import embed, pair_model

    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"{name}.{_sha(weights)}.npz"
    if path.exists():
        got = np.load(path)
        return {"cos": got["cos"], "p": got["p"]}
    a = [str(r.get("a", "")) for r in rows]
    b = [str(r.get("b", "")) for r in rows]
    vectors = embed.embed_sentences(a + b)
    cos = np.einsum("ij,ij->i", vectors[: len(rows)], vectors[len(rows) :])
    with mock.patch.object(pair_model, "WEIGHTS", weights):
        pair_model._model = None
        p = pair_model.probabilities(list(zip(a, b, strict=True)))
        pair_model._model = None
    np.savez(path, cos=cos, p=p)
    return {"cos": cos, "p": p}


def cross_fitted(folds: int, cache: Path, weights: Path, train_missing: bool = True) -> dict:
    """Out-of-fold probabilities of the pairs the model at `weights` trained on, by
    pair_training.pair_key: fold k predicted by the recipe trained on the other folds."""
    from newscompare.pipeline import pair_model, pair_training

    recipe = json.loads(weights.with_suffix(".json").read_text())
    trained = pair_training.training_rows(read_jsonl(EVALDATA / recipe["data"]), recipe)
    out = {}
    for k in range(folds):
        path = cache / f"crossfit.{_sha(weights)}.{folds}.{k}.npz"
        held = [r for r in trained if pair_training.fold_of(r, folds) == k]
        if not path.exists():
            if not train_missing:
                continue
            rest = [r for r in trained if pair_training.fold_of(r, folds) != k]
            print(f"cross-fit fold {k + 1}/{folds}: training on {len(rest)} pairs", flush=True)
            model, _ = pair_training.train(rest, [], epochs=recipe["epochs"])
            logit = pair_model.symmetric_logits(
                model, pair_model.tokenizer(), [(r["a"], r["b"]) for r in held]
            )
            cache.mkdir(parents=True, exist_ok=True)
            np.savez(path, p=1.0 / (1.0 + np.exp(-logit)))
        p = np.load(path)["p"]
        out.update({pair_training.pair_key(r): float(x) for r, x in zip(held, p, strict=True)})
    return out


def with_cross_fitted(rows: list[dict], feats: dict, oof: dict) -> dict:
    """`feats` with the out-of-fold probability in place of the model's own on every pair it
    has one for."""
    from newscompare.pipeline import pair_training

    p = np.array(feats["p"], dtype=float)
    for i, r in enumerate(rows):
        p[i] = oof.get(pair_training.pair_key(r), p[i])
    return {"cos": feats["cos"], "p": p}


def judge(rows: list[dict], feats: dict | None, values: list) -> list[dict]:
    """pairs.judge_pair on cached cosines and probabilities; with no `feats`, every pair is
    taken as the same claim (the value comparison alone, as relation_direct.py does)."""
    from newscompare.pipeline import pairs

    if feats is None:
        with mock.patch.object(pairs, "same_claim", _always):
            return [pairs.judge_pair(r, 0.0, 1.0, *values[i]) for i, r in enumerate(rows)]
    return [
        pairs.judge_pair(r, float(feats["cos"][i]), float(feats["p"][i]), *values[i])
        for i, r in enumerate(rows)
    ]


def halves(rows: list[dict], trained: set, unseen: set = frozenset()) -> dict:
    """The tune and the check half; the check half leaves out the pairs the model trained on,
    the tune half those of `unseen` (trained on, with no cross-fitted probability yet)."""
    from newscompare.pipeline import pair_training

    return {
        "tune": [
            r
            for r in rows
            if pair_training.half_of(r) == "tune" and pair_training.pair_key(r) not in unseen
        ],
        "check": [
            r
            for r in rows
            if pair_training.half_of(r) == "check" and pair_training.pair_key(r) not in trained
        ],
    }


def trained_keys(weights: Path) -> set:
    from newscompare.pipeline import pair_training

    recipe = json.loads(weights.with_suffix(".json").read_text())
    rows = read_jsonl(EVALDATA / recipe["data"])
    return {pair_training.pair_key(r) for r in pair_training.training_rows(rows, recipe)}


FIELDS = ("same_claim_acc", "relation_bal", "diverge_p", "diverge_r", "spearman")


def scores(scorer, pred: list[dict], parts: dict) -> dict:
    by_id = {str(p["id"]): p for p in pred}
    out = {}
    for part, gold in parts.items():
        res = scorer.score(by_id, {str(r["id"]): r for r in gold})
        fields = dict(x.split("=") for x in res["summary"].split())
        out[part] = {k: fields[k] for k in FIELDS if fields.get(k, "n/a") != "n/a"}
        if "relation" in res:
            conf = res["relation"]["confusion"]
            out[part]["diverge_tp"] = conf["diverge"]["diverge"]
            out[part]["diverge_n"] = sum(conf["diverge"].values())
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rules", nargs="*", default=list(RULES))
    parser.add_argument("--files", nargs="*", default=["msrp", "equate"], choices=list(FILES))
    parser.add_argument("--cache", default=str(Path("/tmp") / "newscompare-pair-rules"))
    parser.add_argument("--weights", default=None)
    parser.add_argument("--json", default=None)
    parser.add_argument(
        "--direct", action="store_true", help="relations only, every pair taken as one claim"
    )
    parser.add_argument(
        "--similarity",
        action="store_true",
        help="refit pairs.SIMILARITY_FIT on the STS-B tune half and print Spearman per half",
    )
    parser.add_argument("--crossfit", type=int, default=0, metavar="K", help="see the docstring")
    parser.add_argument("--ready", action="store_true", help="--crossfit with cached folds only")
    args = parser.parse_args(argv)
    import django

    django.setup()

    from newscompare.pipeline import pair_model, values

    weights = Path(args.weights) if args.weights else pair_model.WEIGHTS
    trained = set() if args.direct else trained_keys(weights)  # direct: no model involved
    oof = cross_fitted(args.crossfit, Path(args.cache), weights, not args.ready)
    unseen = trained - set(oof) if args.crossfit else set()
    if args.crossfit:
        print(f"cross-fitted probabilities for {len(oof)} of {len(trained)} training pairs")

    def feats_of(key: str, rows: list[dict]) -> dict:
        return with_cross_fitted(rows, features(key, rows, Path(args.cache), weights), oof)

    if args.similarity:
        rows = read_jsonl(EVALDATA / FILES["stsb"])
        fit_similarity(rows, feats_of("stsb", rows), trained, unseen)
        return
    scorer = _scorer()
    report = {}
    for key in args.files:
        rows = read_jsonl(EVALDATA / FILES[key])
        if args.direct:
            rows = [r for r in rows if r.get("relation") in ("agree", "diverge")]
        feats = None if args.direct else feats_of(key, rows)
        vals = [
            (values.extract_values(str(r.get("a", ""))), values.extract_values(str(r.get("b", ""))))
            for r in rows
        ]
        parts = halves(rows, trained, unseen)
        base = scores(scorer, judge(rows, feats, vals), parts)
        report[key] = {"all on": base}
        print(f"{key} n tune/check {len(parts['tune'])}/{len(parts['check'])}  all on: {base}")
        for rule in args.rules:
            with contextlib.ExitStack() as stack:
                for patch in _patches(rule):
                    stack.enter_context(patch)
                got = scores(scorer, judge(rows, feats, vals), parts)
            report[key][rule] = got
            print(f"{key} {rule} off: {_delta(base, got)}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))


def fit_similarity(rows: list[dict], feats: dict, trained: set, unseen: set) -> None:
    """Least squares of the STS score on pairs.similarity_features, on the tune half only;
    prints the fit (pairs.SIMILARITY_FIT) and Spearman on both halves."""
    from scipy.stats import spearmanr

    from newscompare.pipeline import pairs, values, verdict

    x = []
    for c, p, r in zip(feats["cos"], feats["p"], rows, strict=True):
        va, vb = values.extract_values(r["a"]), values.extract_values(r["b"])
        comparison = verdict.compare_values(va, vb, text_a=r["a"], text_b=r["b"])
        n_values = pairs.count_values(va) + pairs.count_values(vb)
        x.append(
            pairs.similarity_features(float(c), float(p), r["a"], r["b"], comparison, n_values)
        )
    x = np.array(x)
    gold = np.array([r["score"] for r in rows], dtype=float)
    position = {id(r): i for i, r in enumerate(rows)}
    parts = {
        h: [position[id(r)] for r in part] for h, part in halves(rows, trained, unseen).items()
    }
    fit, *_ = np.linalg.lstsq(x[parts["tune"]], gold[parts["tune"]], rcond=None)
    print("fit on the tune half (pairs.similarity_features' order):", np.round(fit, 3))
    shipped = np.array([pairs.similarity(list(f)) for f in x])
    for name, score in (("cosine", feats["cos"]), ("fit", x @ fit), ("shipped", shipped)):
        rho = {h: round(float(spearmanr(score[ix], gold[ix])[0]), 5) for h, ix in parts.items()}
        print(f"{name}: Spearman {rho}")
    print(f"fit, 5-fold cross-validated inside the tune half: {_tune_cv(x, gold, parts['tune'])}")


def _tune_cv(x: np.ndarray, gold: np.ndarray, tune: list[int], folds: int = 5) -> float:
    """Spearman of out-of-fold least-squares predictions over the tune half (what the fit is
    worth on pairs it did not see, without looking at the check half)."""
    from scipy.stats import spearmanr

    tune = np.array(tune)
    predicted = np.zeros(len(gold))
    for k in range(folds):
        held = tune[k::folds]
        fitted = np.setdiff1d(tune, held)
        fit, *_ = np.linalg.lstsq(x[fitted], gold[fitted], rcond=None)
        predicted[held] = x[held] @ fit
    return round(float(spearmanr(predicted[tune], gold[tune])[0]), 3)


def _delta(base: dict, got: dict) -> str:
    out = []
    for part in ("tune", "check"):
        diffs = [
            f"{k} {float(got[part][k]) - float(base[part][k]):+.3f}"
            for k in FIELDS + ("diverge_tp",)
            if k in got[part] and got[part][k] != base[part][k]
        ]
        out.append(f"{part}: {', '.join(diffs) or 'same'}")
    return "; ".join(out)


if __name__ == "__main__":
    main()
