"""Tune and check story grouping (pipeline/grouping.py) on ECB+ dev, without a database.

Topics 1-11 tune (the logistic weights are fitted on their article pairs with --fit, the
thresholds chosen on them), topics 12-22 only check. Scenarios, as CONTRACT.md section 4
scores them (score_grouping.py's pair and B-cubed F1):
- each `*_mixed.jsonl` on its own (micro-average over the topics' pairs, and the worst topic);
- all topics in one batch;
- one file after another (each file a batch against the stories already made);
- one article after another (every article a batch of one).
The end-to-end figures through manage.py come from benchmarks/grouping_eval.py.

    python benchmarks/grouping_tune.py [--fit] [--grid]
Sentences, values and vectors are cached in var/grouping_eval_inputs.pkl (first run: minutes).
"""

import argparse
import itertools
import json
import pickle
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
if not SHARED.is_dir():
    SHARED = Path("/work/shared")
ECB = SHARED / "evaldata" / "ecbplus_dev"
sys.path.insert(0, str(SHARED / "eval"))
CACHE = ROOT / "var" / "grouping_eval_inputs.pkl"
TUNE = [str(t) for t in range(1, 12)]

from score_grouping import bcubed, pair_scores  # noqa: E402

from newscompare.pipeline import grouping  # noqa: E402


def topic_files():
    return sorted(ECB.glob("t*_mixed.jsonl"), key=lambda p: int(re.search(r"\d+", p.name)[0]))


def load_inputs() -> dict:
    if CACHE.exists():
        return pickle.loads(CACHE.read_bytes())
    from newscompare.pipeline import embed, segment, values

    out = {}
    for path in topic_files():
        topic = re.search(r"t(\d+)_mixed", path.name)[1]
        rows = []
        for line in path.open(encoding="utf-8"):
            d = json.loads(line)
            segs = [s for s in segment.segment_text(d["text"]) if not s.is_boilerplate]
            texts = [s.text for s in segs]
            rows.append(
                {
                    "id": d["id"],
                    "texts": texts,
                    "vals": values.extract_article_values(texts, None),
                    "vecs": embed.embed_sentences(texts),
                }
            )
        out[topic] = rows
        print(f"topic {topic}: {len(rows)} articles", file=sys.stderr)
    CACHE.parent.mkdir(exist_ok=True)
    CACHE.write_bytes(pickle.dumps(out))
    return out


def gold_map(topics) -> dict:
    gold = {}
    for t in topics:
        g = json.loads((ECB / f"gold_t{t}_mixed.json").read_text())
        for sub, ids in g["subevents"].items():
            for a in ids:
                gold[a] = f"t{t}:{sub}"
    return gold


def place_batches(batches: list[list[tuple[str, grouping.Fingerprint]]]) -> dict:
    """Run assign batch after batch; returns {article id: story number}."""
    profiles: list[grouping.Profile] = []
    where = {}
    for batch in batches:
        placed = grouping.assign([fp for _, fp in batch], profiles)
        for (aid, _), p in zip(batch, placed, strict=True):
            if p.profile.key is None:  # a new story: assign has already added its articles
                p.profile.key = len(profiles)
                profiles.append(p.profile)
            where[aid] = p.profile.key
    return where


def scores(pred: dict, gold: dict):
    g = {a: gold[a] for a in pred}
    return pair_scores(pred, g)[2], bcubed(pred, g)[2]


def evaluate(fps: dict, topics: list[str], one_by_one: bool = True) -> dict:
    gold = gold_map(topics)
    alone, per_topic = {}, []
    for t in topics:
        where = place_batches([fps[t]])
        pred = {a: f"{t}-{s}" for a, s in where.items()}
        alone.update(pred)
        per_topic.append((*scores(pred, gold), t))
    together = place_batches([[x for t in topics for x in fps[t]]])
    by_file = place_batches([fps[t] for t in topics])
    result = {"alone": scores(alone, gold), "worst": min(per_topic)}
    runs = [("together", together), ("by_file", by_file)]
    if one_by_one:
        runs.append(("by_article", place_batches([[x] for t in topics for x in fps[t]])))
    for name, where in runs:
        cross = sum(
            1
            for a, b in itertools.combinations(where, 2)
            if where[a] == where[b] and gold[a].split(":")[0] != gold[b].split(":")[0]
        )
        result[name] = (*scores(where, gold), cross)
    return result


def fingerprints(inputs: dict) -> dict:
    return {
        t: [(r["id"], grouping.fingerprint(r["texts"], r["vals"], r["vecs"])) for r in rows]
        for t, rows in inputs.items()
    }


def fit(fps: dict):
    from sklearn.linear_model import LogisticRegression

    gold = gold_map(TUNE)
    xs, ys = [], []
    for t in TUNE:
        ids = [a for a, _ in fps[t]]
        feats = grouping._features([fp for _, fp in fps[t]])
        for i, j in itertools.combinations(range(len(ids)), 2):
            xs.append(feats[i, j])
            ys.append(gold[ids[i]] == gold[ids[j]])
    model = LogisticRegression(C=10, max_iter=1000).fit(np.array(xs), np.array(ys))
    grouping.WEIGHTS, grouping.BIAS = model.coef_[0], float(model.intercept_[0])
    print("WEIGHTS =", np.round(model.coef_[0], 2).tolist(), "BIAS =", round(grouping.BIAS, 2))


def line(name, r):
    a, w = r["alone"], r["worst"]
    return (
        f"{name}: alone pair_f1={a[0]:.3f} b3_f1={a[1]:.3f} "
        f"worst=t{w[2]} ({w[0]:.3f}/{w[1]:.3f}) | "
        + " | ".join(
            f"{k} {r[k][0]:.3f}/{r[k][1]:.3f} cross={r[k][2]}"
            for k in ("together", "by_file", "by_article")
            if k in r
        )
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fit", action="store_true", help="refit the logistic weights on 1-11")
    ap.add_argument("--grid", action="store_true", help="try thresholds on 1-11")
    args = ap.parse_args()
    fps = fingerprints(load_inputs())
    check = [t for t in fps if t not in TUNE]
    if args.fit:
        fit(fps)
    if args.grid:
        for area, link, join in itertools.product(
            (0.03, 0.05, 0.1), (0.4, 0.45, 0.5), (0.4, 0.5, 0.6)
        ):
            grouping.AREA_LINK, grouping.BATCH_LINK, grouping.STORY_JOIN = area, link, join
            r = evaluate(fps, TUNE, one_by_one=False)
            print(f"AREA={area} LINK={link} JOIN={join}", line("tune", r), flush=True)
        return
    print(line("tune (1-11)", evaluate(fps, TUNE)))
    print(line("check (12-22)", evaluate(fps, check)))


if __name__ == "__main__":
    main()
