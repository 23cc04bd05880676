"""The value comparison alone on every gold-relation pair of a pairs file: extract both
sides' values and call verdict.compare_values, whatever the same-claim decision would be.

    python benchmarks/relation_direct.py [FILE ...] [--errors fp|fn|all] [--reasons]

Prints diverge precision / recall and balanced accuracy ((recall_agree + recall_diverge) / 2),
as ../shared/eval/score_pairs.py computes them. No embeddings: runs in seconds.
"""

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newscompare.settings")
import django  # noqa: E402

django.setup()
from newscompare.pipeline import values, verdict  # noqa: E402
from newscompare.pipeline.pairs import _date  # noqa: E402

EVALDATA = Path(os.environ.get("NEWSCOMPARE_SHARED", ROOT.parent / "shared")) / "evaldata"


def judge(row):
    va = values.extract_values(row["a"], _date(row.get("a_published")))
    vb = values.extract_values(row["b"], _date(row.get("b_published")))
    return verdict.compare_values(va, vb, text_a=row["a"], text_b=row["b"])


def score(rows, preds):
    conf = {(g, p): 0 for g in ("agree", "diverge") for p in ("agree", "diverge")}
    for r, p in zip(rows, preds, strict=True):
        conf[(r["relation"], p)] += 1
    pred_div = conf[("agree", "diverge")] + conf[("diverge", "diverge")]
    n_div = conf[("diverge", "agree")] + conf[("diverge", "diverge")]
    n_agr = conf[("agree", "agree")] + conf[("agree", "diverge")]
    p = conf[("diverge", "diverge")] / pred_div if pred_div else 0.0
    r = conf[("diverge", "diverge")] / n_div if n_div else 0.0
    ra = conf[("agree", "agree")] / n_agr if n_agr else 0.0
    return p, r, (r + ra) / 2, conf


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*", default=["msrp_dev.jsonl", "equate_dev.jsonl"])
    ap.add_argument("--errors", choices=("fp", "fn", "all"))
    ap.add_argument("--save", help="write the predictions to this JSON file")
    ap.add_argument(
        "--changes", help="list the pairs whose prediction differs from this saved JSON file"
    )
    args = ap.parse_args()
    saved, before = {}, json.loads(Path(args.changes).read_text()) if args.changes else {}
    reasons = {}
    rel_file = EVALDATA / "msrp_dev_relations.jsonl"
    for line in rel_file.read_text().splitlines():
        d = json.loads(line)
        reasons[d["id"]] = d["reason"]
    for name in args.files:
        path = Path(name) if os.path.exists(name) else EVALDATA / name
        rows = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
        rows = [r for r in rows if r.get("relation") in ("agree", "diverge")]
        cmps = [judge(r) for r in rows]
        preds = [c.relation for c in cmps]
        p, r, bal, conf = score(rows, preds)
        print(
            f"{path.name}: n={len(rows)} diverge_p={p:.3f} diverge_r={r:.3f} "
            f"relation_bal={bal:.3f} "
            f"(tp {conf[('diverge', 'diverge')]} fp {conf[('agree', 'diverge')]} "
            f"fn {conf[('diverge', 'agree')]})"
        )
        saved.update({r["id"]: p for r, p in zip(rows, preds, strict=True)})
        for row, pred in zip(rows, preds, strict=True):
            if row["id"] in before and before[row["id"]] != pred:
                mark = "fixed" if pred == row["relation"] else "BROKEN"
                print(f"  {mark}: {row['id']} now {pred}\n    A: {row['a']}\n    B: {row['b']}")
        if not args.errors:
            continue
        for row, c, pred in zip(rows, cmps, preds, strict=True):
            kind = (
                "fp"
                if row["relation"] == "agree" and pred == "diverge"
                else "fn"
                if row["relation"] == "diverge" and pred == "agree"
                else ""
            )
            if kind and args.errors in (kind, "all"):
                print(f"\n[{kind}] {row['id']}  reason: {reasons.get(row['id'], '-')}")
                print(f"  A: {row['a']}\n  B: {row['b']}")
                for cf in c.conflicts:
                    print(
                        f"  conflict {cf.type}: {cf.a.get('text')} ({cf.a.get('concept', '')}) / "
                        f"{cf.b.get('text')} ({cf.b.get('concept', '')})"
                    )
    if args.save:
        Path(args.save).write_text(json.dumps(saved))


if __name__ == "__main__":
    main()
