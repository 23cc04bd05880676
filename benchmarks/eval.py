"""`make eval`: the claim-quality benchmark, run exactly as an outside user would.

1. Every gold story in ../shared/gold: `manage.py ingest` its corpus into a throwaway SQLite
   database, `manage.py export` it, score it with ../shared/eval/score_story.py.
2. Every pairs file in ../shared/evaldata: `manage.py judge_pairs`, then score_pairs.py.
3. Speed: time spent in value extraction + alignment as a share of embedding time, on the
   gold corpora (pure stage functions, in this process).

Prints one table (markdown) and, with --write, stores it in benchmarks/QUALITY.md.
Usage: python benchmarks/eval.py [--write] [--only stories|pairs|speed] [--keep DIR]
"""

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSCOMPARE_SHARED", ROOT.parent / "shared"))
GOLD = SHARED / "gold"
CORPUS = SHARED / "corpus"
EVALDATA = SHARED / "evaldata"
SCORERS = SHARED / "eval"
QUALITY_MD = ROOT / "benchmarks" / "QUALITY.md"
PAIR_METRICS = (
    "same_claim_acc",
    "same_claim_f1",
    "relation_acc",
    "relation_bal",
    "diverge_p",
    "diverge_r",
    "spearman",
)


def run(args, env, **kw):
    proc = subprocess.run(args, cwd=ROOT, env=env, text=True, capture_output=True, **kw)
    if proc.returncode not in (0, 1):  # scorers exit 1 below a --min threshold; we set none
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"failed: {' '.join(map(str, args))}")
    return proc


def summary_fields(line: str) -> dict:
    return dict(re.findall(r"(\w+)=(\S+)", line))


def _progress(items, desc: str, unit: str):
    sys.path.insert(0, str(ROOT))
    from newscompare.lib.progress import progress

    return progress(items, desc=desc, unit=unit)


def eval_stories(env, workdir: Path) -> list[dict]:
    rows = []
    bar = _progress(sorted(GOLD.glob("*.json")), "make eval: stories", "story")
    for gold in bar:
        slug = gold.stem
        corpus = CORPUS / slug
        t0 = time.perf_counter()
        run([sys.executable, "manage.py", "ingest", str(corpus), "--story", slug], env)
        out = workdir / f"{slug}.export.json"
        run(
            [sys.executable, "manage.py", "export", slug, "--format", "json", "--output", str(out)],
            env,
        )
        seconds = time.perf_counter() - t0
        report = run(
            [sys.executable, str(SCORERS / "score_story.py"), str(out), str(gold)], env
        ).stdout
        (workdir / f"{slug}.report.txt").write_text(report)
        last = report.strip().splitlines()[-1]
        rows.append(
            {"story": slug, **summary_fields(last), "seconds": f"{seconds:.1f}", "line": last}
        )
        bar.note(lambda text: print(text, file=sys.stderr), last)
    return rows


def _pair_key(row: dict) -> frozenset:
    return frozenset(" ".join(str(row.get(side, "")).split()) for side in ("a", "b"))


def pair_model_training_pairs() -> set:
    """The sentence pairs the shipped pair model was trained on (pair_model's recipe names
    the file; pair_training says which of its folds were used)."""
    sys.path.insert(0, str(ROOT))
    from newscompare.pipeline import pair_model, pair_training

    if not pair_model.available():
        return set()
    data = EVALDATA / pair_model.recipe()["data"]
    train, _ = pair_training.split(
        [json.loads(line) for line in data.read_text().splitlines() if line.strip()]
    )
    return {_pair_key(r) for r in train}


def unseen_part(pairs: Path, trained: set, workdir: Path) -> tuple[Path, int] | None:
    """A copy of the gold file without the pairs the pair model was trained on, and how many
    were left out; None when it holds none of them."""
    lines = [line for line in pairs.read_text(encoding="utf-8").splitlines() if line.strip()]
    keep = [line for line in lines if _pair_key(json.loads(line)) not in trained]
    if len(keep) == len(lines):
        return None
    path = workdir / f"{pairs.stem}.unseen.jsonl"
    path.write_text("\n".join(keep) + "\n", encoding="utf-8")
    return path, len(lines) - len(keep)


def score_pairs_row(label: str, out: Path, gold: Path, workdir: Path, seconds: float, env) -> dict:
    report = run([sys.executable, str(SCORERS / "score_pairs.py"), str(out), str(gold)], env).stdout
    (workdir / f"{gold.stem}.report.txt").write_text(report)
    last = report.strip().splitlines()[-1]
    print(f"{label}: {last}", file=sys.stderr)
    return {"file": label, **summary_fields(last), "seconds": f"{seconds:.1f}", "line": last}


def eval_pairs(env, workdir: Path) -> list[dict]:
    """One row per pairs file; where the pair model was trained on some of a file's pairs,
    the row that counts is the one scored on the rest ("unseen"), and the whole file's row
    says it includes training pairs."""
    rows = []
    trained = pair_model_training_pairs()
    for pairs in _progress(sorted(EVALDATA.glob("*.jsonl")), "make eval: pair files", "file"):
        if pairs.name.endswith(
            "_relations.jsonl"
        ):  # hand labels: an input of the builder, not a pairs file
            continue
        out = workdir / f"{pairs.stem}.out.jsonl"
        t0 = time.perf_counter()
        run([sys.executable, "manage.py", "judge_pairs", str(pairs), "--output", str(out)], env)
        seconds = time.perf_counter() - t0
        unseen = unseen_part(pairs, trained, workdir)
        if unseen is None:
            rows.append(score_pairs_row(pairs.name, out, pairs, workdir, seconds, env))
            continue
        path, left_out = unseen
        rows.append(
            score_pairs_row(
                f"{pairs.name}, unseen by the pair model ({left_out} training pairs left out)",
                out,
                path,
                workdir,
                seconds,
                env,
            )
        )
        rows.append(
            score_pairs_row(
                f"{pairs.name}, all (includes the pair model's training pairs)",
                out,
                pairs,
                workdir,
                seconds,
                env,
            )
        )
    return rows


def eval_speed() -> dict:
    """Seconds in segment+values, embed, align+compare over the gold corpora (3 repeats of
    the cheap stages, best taken, so one noisy neighbour on the machine does not decide it)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newscompare.settings")
    import django

    django.setup()
    from newscompare.pipeline import speed

    articles = []
    # The gold corpora plus one larger ECB+ topic, so the ratio is not only a small-story one.
    sources = [CORPUS / gold.stem / "articles.jsonl" for gold in sorted(GOLD.glob("*.json"))]
    sources += [p for p in [EVALDATA / "ecbplus_dev" / "t1_mixed.jsonl"] if p.exists()]
    for path in sources:
        with open(path, encoding="utf-8") as f:
            articles += [json.loads(line) for line in f if line.strip()]
    return speed.time_stages(articles)


def table(stories, pairs, speed_result) -> str:
    today = dt.date.today().isoformat()
    out = [f"## {today}", ""]
    if stories:
        out += [
            "| story | align_f1 | verdict_acc | indep_acc | synd_f1 | boilerplate |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        out += [
            f"| {r['story']} | {r.get('align_f1')} | {r.get('verdict_acc')} | "
            f"{r.get('indep_acc')} | {r.get('synd_f1')} | {r.get('boilerplate')} |"
            for r in stories
        ]
        out.append("")
    if pairs:
        out += [
            "| pairs file | " + " | ".join(PAIR_METRICS) + " |",
            "| --- |" + " --- |" * len(PAIR_METRICS),
        ]
        out += [
            f"| {r['file']} | " + " | ".join(r.get(m, "") for m in PAIR_METRICS) + " |"
            for r in pairs
        ]
        out.append("")
    if speed_result:
        s = speed_result
        out += [
            f"Speed ({s['sentences']} sentences: gold corpora + ECB+ t1_mixed; best of 2 for "
            f"embed, of 3 for the rest): embed {s['embed']:.2f}s, "
            f"segment {s['segment']:.3f}s, values {s['values']:.3f}s, "
            f"align+compare {s['align']:.3f}s; "
            f"(values + align) / embed = **{s['ratio']:.1%}** (target <= 15%)",
            "",
        ]
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--write", action="store_true", help="prepend the table to benchmarks/QUALITY.md"
    )
    ap.add_argument("--only", choices=["stories", "pairs", "speed"])
    ap.add_argument("--keep", help="keep exports and reports in this folder")
    args = ap.parse_args(argv)

    workdir = Path(args.keep or tempfile.mkdtemp(prefix="nc-eval-"))
    workdir.mkdir(parents=True, exist_ok=True)
    var = Path(tempfile.mkdtemp(prefix="nc-eval-var-"))
    env = dict(os.environ, NEWSCOMPARE_VAR_DIR=str(var), HF_HUB_OFFLINE="1", PYTHONPATH=str(ROOT))
    for key in ("DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG"):  # throwaway SQLite, eager tasks
        env.pop(key, None)
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)

    stories = eval_stories(env, workdir) if args.only in (None, "stories") else []
    pairs = eval_pairs(env, workdir) if args.only in (None, "pairs") else []
    speed_result = eval_speed() if args.only in (None, "speed") else None
    text = table(stories, pairs, speed_result)
    print(text)
    print(f"(exports and reports in {workdir})", file=sys.stderr)
    if args.write:
        head = (
            "# Claim quality (`make eval`)\n\nNewest first. Targets: every gold story "
            "align_f1, verdict_acc, indep_acc >= 0.90 and boilerplate = 0; msrp_dev "
            "same_claim_acc >= 0.82, relation_bal >= 0.85, diverge_p >= 0.80, "
            "diverge_r >= 0.85.\n\n"
        )
        old = QUALITY_MD.read_text() if QUALITY_MD.exists() else ""
        old = old.split("\n## ", 1)[1] if "\n## " in old else ""
        QUALITY_MD.write_text(head + text + ("\n## " + old if old else ""))


if __name__ == "__main__":
    main()
