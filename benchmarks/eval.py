"""`make eval`: the claim-quality benchmark, every dev set split into a TUNE part and a CHECK part.

The splits are fixed here, before any tuning (issue 12), and printed side by side. Tune on the
tune parts only; the check parts say whether a change generalizes. A gap between the two columns
is a defect to close, not noise.

1. Gold stories (../shared/gold, corpora in ../shared/corpus): `ingest` + `export` each story,
   score it with score_story.py. Folds: leave one story out (see STORY_FOLDS).
2. ECB+ dev (real news, ../shared/evaldata/ecbplus_dev): `ingest` + `export` every sub-event file
   tT.jsonl and tTplus.jsonl, score each with score_ecb.py; precision and recall are
   micro-averaged (pairs summed) over the files of each part. Topics 1-11 tune, 12-22 check.
3. Pair files (MSRP, STS-B news, EQUATE): `judge_pairs` each file once, score_pairs.py on the tune
   and the check half (PAIR_HALF); a check half never holds a pair the shipped pair model was
   trained on. STS-B also gets plain cosine's Spearman (the floor its target is set against).
4. Speed: value extraction + alignment as a share of embedding time (pure stage functions).

The management commands are the contract's (../shared/eval/CONTRACT.md), called in this one
process with django's call_command on one throwaway SQLite database, so the model loads once and
not once per command (47 stories and 3 pair files). Scorers run as the contract says, except that
score_ecb.py's `score` is imported: micro-averaging needs its pair counts, which its printed line
rounds away.

Usage: python benchmarks/eval.py [--write] [--only stories|ecb|pairs|speed ...] [--keep DIR]
"""

import argparse
import contextlib
import datetime as dt
import importlib.util
import io
import json
import os
import re
import statistics
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
ECB = EVALDATA / "ecbplus_dev"
SCORERS = SHARED / "eval"
QUALITY_MD = ROOT / "benchmarks" / "QUALITY.md"

# ---------------------------------------------------------------------------------------------
# The splits (fixed before tuning; change them only with a note in QUALITY.md)
# ---------------------------------------------------------------------------------------------

# Stories: leave one story out. Every figure reported for a story is its figure as the held-out
# story of its fold; the tune column beside it is the mean over the fold's tune stories. No
# parameter is fitted per story today, so one pipeline run gives every fold's figures; a
# threshold tuned from now on must be chosen with the story it is reported on left out.
# Real stories are published news; written ones were composed for the project.
STORY_KIND = {
    "seed-syria-2015": "real",
    "ecb-t8plus-athens-bank-firebomb-2010": "real",
    "ecb-t20plus-iran-quake-2005": "real",
    "kastavia-sarvel-dam-2019": "written",
    "norvask-ilmar-talks-2021": "written",
    "quellan-airways-insolvency-2024": "written",
    "talvora-brenn-wildfire-2023": "written",
}
# Stories made of ECB+ check-topic articles are check only: tuning on one would tune on the ECB+
# check part (ecb-t20plus is ECB+ topic 20's "plus" documents).
STORY_CHECK_ONLY = {"ecb-t20plus-iran-quake-2005"}

# ECB+ dev: topics 1-11 tune, 12-22 check (ECB+ has no topics 15 and 17).
ECB_TUNE_TOPICS = range(1, 12)
ECB_CHECK_TOPICS = range(12, 23)

# Pair files (MSRP, STS-B, EQUATE): halves by a hash of the pair's two sentences, the one split
# the pair model's training also uses (pair_training.half_of: it trains on the tune half only).
# MSRP's old folds (md5 of the id mod 5; fold 0 was held out from the pair model and used to pick
# rules) are not reused. A check half never holds a pair the shipped pair model was trained on
# (its recipe says which; a model made before this split trained on most of every half).
PAIR_FILES = ("msrp_dev.jsonl", "stsb_news_dev.jsonl", "equate_dev.jsonl")
# claimdiff_dev.jsonl carries neither same_claim, relation nor score: nothing to score.


def ecb_part(topic: int) -> str | None:
    if topic in ECB_TUNE_TOPICS:
        return "tune"
    return "check" if topic in ECB_CHECK_TOPICS else None


# ---------------------------------------------------------------------------------------------

PAIR_METRICS = (
    "same_claim_acc",
    "same_claim_f1",
    "relation_bal",
    "diverge_p",
    "diverge_r",
    "spearman",
)
STORY_METRICS = ("align_f1", "verdict_acc", "indep_acc", "synd_f1", "boilerplate")


def run(args, **kw):
    proc = subprocess.run(args, cwd=ROOT, text=True, capture_output=True, **kw)
    if proc.returncode not in (0, 1):  # scorers exit 1 below a --min threshold; we set none
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"failed: {' '.join(map(str, args))}")
    return proc


def summary_fields(line: str) -> dict:
    return dict(re.findall(r"(\w+)=(\S+)", line))


def setup_django(var: Path) -> None:
    """This process becomes the contract's commands, on a throwaway SQLite database."""
    os.environ.update(NEWSCOMPARE_VAR_DIR=str(var), HF_HUB_OFFLINE="1")
    for key in ("DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG"):  # throwaway SQLite, eager tasks
        os.environ.pop(key, None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "newscompare.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    command("migrate", "--noinput", verbosity=0)


def command(*args, **options) -> str:
    """Run a manage.py command in this process; returns what it wrote."""
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue() + err.getvalue()


def _progress(items, desc: str, unit: str):
    from newscompare.lib.progress import progress

    return progress(items, desc=desc, unit=unit)


def ingest_and_export(paths: list[Path], slug: str, out: Path) -> float:
    t0 = time.perf_counter()
    command("ingest", *map(str, paths), story=slug)
    command("export", slug, format="json", output=str(out))
    return time.perf_counter() - t0


# ---- 1. gold stories --------------------------------------------------------------------------


def eval_stories(workdir: Path) -> list[dict]:
    rows = []
    bar = _progress(sorted(GOLD.glob("*.json")), "make eval: stories", "story")
    for gold in bar:
        slug = gold.stem
        out = workdir / f"{slug}.export.json"
        seconds = ingest_and_export([CORPUS / slug], slug, out)
        report = run([sys.executable, str(SCORERS / "score_story.py"), str(out), str(gold)]).stdout
        (workdir / f"{slug}.report.txt").write_text(report)
        last = report.strip().splitlines()[-1]
        rows.append({"story": slug, **summary_fields(last), "seconds": f"{seconds:.1f}"})
        bar.note(lambda text: print(text, file=sys.stderr), last)
    return rows


def story_folds(rows: list[dict]) -> list[dict]:
    """Leave-one-out: per held-out story, its figures (check) and the tune stories' mean."""
    folds = []
    for held in rows:
        tune = [
            r for r in rows if r["story"] != held["story"] and r["story"] not in STORY_CHECK_ONLY
        ]
        mean = {
            m: statistics.mean(float(r[m]) for r in tune if _is_number(r.get(m)))
            for m in STORY_METRICS
            if any(_is_number(r.get(m)) for r in tune)
        }
        folds.append({"held": held, "tune_mean": mean, "tune_n": len(tune)})
    return folds


def _is_number(value) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


# ---- 2. ECB+ real news ------------------------------------------------------------------------


def _score_ecb_module():
    spec = importlib.util.spec_from_file_location("score_ecb", SCORERS / "score_ecb.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ecb_files() -> list[tuple[int, str, Path]]:
    """(topic, part, file) for every sub-event file tT.jsonl / tTplus.jsonl in a part."""
    out = []
    for path in sorted(ECB.glob("t*.jsonl")):
        match = re.fullmatch(r"t(\d+)(plus)?", path.stem)
        if match and ecb_part(int(match.group(1))):
            out.append((int(match.group(1)), ecb_part(int(match.group(1))), path))
    return sorted(out, key=lambda t: (t[0], t[2].name))


def eval_ecb(workdir: Path) -> list[dict]:
    scorer = _score_ecb_module()
    rows = []
    bar = _progress(ecb_files(), "make eval: ECB+ files", "file")
    for topic, part, path in bar:
        slug = f"ecb-{path.stem}"
        out = workdir / f"{slug}.export.json"
        seconds = ingest_and_export([path], slug, out)
        gold = json.loads((ECB / f"gold_{path.stem}.json").read_text(encoding="utf-8"))
        articles = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                a = json.loads(line)
                articles[str(a["id"])] = a["text"].split("\n")
        s = scorer.score(json.loads(out.read_text(encoding="utf-8")), gold, articles)
        rows.append({"file": path.name, "topic": topic, "part": part, **s, "seconds": seconds})
        bar.note(
            lambda text: print(text, file=sys.stderr),
            f"ecb {path.name} ({part}): pred_pairs={s['pred_pairs']} gold_pairs={s['gold_pairs']} "
            f"tp={s['tp']} precision={s['precision']:.3f} recall={s['recall']:.3f}",
        )
    (workdir / "ecb.report.json").write_text(json.dumps(rows, indent=1))
    return rows


def ecb_micro(rows: list[dict], part: str) -> dict:
    sel = [r for r in rows if r["part"] == part]
    tp = sum(r["tp"] for r in sel)
    pred = sum(r["pred_pairs"] for r in sel)
    gold = sum(r["gold_pairs"] for r in sel)
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"files": len(sel), "tp": tp, "pred": pred, "gold": gold, "p": p, "r": r, "f1": f1}


# ---- 3. pair files ----------------------------------------------------------------------------


def pair_model_training_keys() -> set:
    """The sentence pairs the shipped pair model was trained on (its recipe names the file and
    the split; pair_training reproduces which rows were trained on)."""
    from newscompare.pipeline import pair_model, pair_training

    if not pair_model.available():
        return set()
    recipe = pair_model.recipe()
    rows = read_jsonl(EVALDATA / recipe["data"])
    return {pair_training.pair_key(r) for r in pair_training.training_rows(rows, recipe)}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def score_pairs(pred: Path, gold_rows: list[dict], gold_path: Path) -> dict:
    gold_path.write_text("".join(json.dumps(r) + "\n" for r in gold_rows), encoding="utf-8")
    report = run([sys.executable, str(SCORERS / "score_pairs.py"), str(pred), str(gold_path)])
    gold_path.with_suffix(".report.txt").write_text(report.stdout)
    return summary_fields(report.stdout.strip().splitlines()[-1])


def cosine_predictions(rows: list[dict], out: Path) -> None:
    """Plain cosine of the two sentences' MiniLM vectors as the similarity (the floor)."""
    import numpy as np

    from newscompare.pipeline import embed

    va = embed.embed_sentences([str(r.get("a", "")) for r in rows])
    vb = embed.embed_sentences([str(r.get("b", "")) for r in rows])
    cos = np.einsum("ij,ij->i", va, vb)
    out.write_text(
        "".join(
            json.dumps({"id": r["id"], "similarity": float(c)}) + "\n"
            for r, c in zip(rows, cos, strict=True)
        )
    )


def eval_pairs(workdir: Path) -> list[dict]:
    """One row per pair file: its figures on the tune and on the check half."""
    from newscompare.pipeline import pair_training

    trained = pair_model_training_keys()
    rows = []
    for name in _progress(PAIR_FILES, "make eval: pair files", "file"):
        path = EVALDATA / name
        data = read_jsonl(path)
        out = workdir / f"{path.stem}.out.jsonl"
        t0 = time.perf_counter()
        command("judge_pairs", str(path), output=str(out))
        seconds = time.perf_counter() - t0
        tune = [r for r in data if pair_training.half_of(r) == "tune"]
        check_all = [r for r in data if pair_training.half_of(r) == "check"]
        check = [r for r in check_all if pair_training.pair_key(r) not in trained]
        row = {
            "file": name,
            "seconds": seconds,
            "n_tune": len(tune),
            "n_check": len(check),
            "check_trained_left_out": len(check_all) - len(check),
            "tune_trained": sum(pair_training.pair_key(r) in trained for r in tune),
            "tune": score_pairs(out, tune, workdir / f"{path.stem}.tune.jsonl"),
            "check": score_pairs(out, check, workdir / f"{path.stem}.check.jsonl"),
        }
        if any("score" in r for r in data):  # graded similarity: plain cosine is the floor
            cos_out = workdir / f"{path.stem}.cosine.out.jsonl"
            cosine_predictions(data, cos_out)
            for part, gold in (("tune", tune), ("check", check)):
                scored = [
                    {k: r[k] for k in ("id", "a", "b", "score")} for r in gold if "score" in r
                ]
                got = score_pairs(cos_out, scored, workdir / f"{path.stem}.{part}.cosine.jsonl")
                row[part]["cosine_spearman"] = got["spearman"]
        print(f"{name}: tune {row['tune']} check {row['check']}", file=sys.stderr)
        rows.append(row)
    return rows


# ---- 4. speed ---------------------------------------------------------------------------------


def eval_speed() -> dict:
    """Seconds in segment+values, embed, align+compare over the gold corpora (best of repeats)."""
    from newscompare.pipeline import speed

    articles = []
    # The gold corpora plus one larger ECB+ topic, so the ratio is not only a small-story one.
    sources = [CORPUS / gold.stem / "articles.jsonl" for gold in sorted(GOLD.glob("*.json"))]
    sources += [p for p in [ECB / "t1_mixed.jsonl"] if p.exists()]
    for path in sources:
        articles += read_jsonl(path)
    return speed.time_stages(articles)


# ---- the table --------------------------------------------------------------------------------


def _f(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def stories_table(rows: list[dict]) -> list[str]:
    out = [
        "Stories, leave one out: each row is the fold that holds that story out. check = the "
        "held-out story's figures; tune = the mean over the fold's tune stories "
        f"(check-only stories: {', '.join(sorted(STORY_CHECK_ONLY))}).",
        "",
        "| held-out story | kind | align_f1 tune / check | verdict_acc tune / check "
        "| indep_acc tune / check | synd_f1 | boilerplate |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for fold in story_folds(rows):
        h, t = fold["held"], fold["tune_mean"]
        cells = [
            f"{_f(t.get(m, 'n/a'))} / **{h.get(m)}**"
            for m in ("align_f1", "verdict_acc", "indep_acc")
        ]
        kind = STORY_KIND.get(h["story"], "?") + (
            ", check only" if h["story"] in STORY_CHECK_ONLY else ""
        )
        out.append(
            f"| {h['story']} | {kind} | " + " | ".join(cells) + f" | {h.get('synd_f1')} | "
            f"{h.get('boilerplate')} |"
        )
    worst = {
        m: min(float(r[m]) for r in rows if _is_number(r.get(m)))
        for m in ("align_f1", "verdict_acc", "indep_acc")
    }
    leaks = sum(int(r.get("boilerplate", 0)) for r in rows if _is_number(r.get("boilerplate")))
    out += [
        "",
        "Worst held-out story: "
        + ", ".join(f"{m} {v:.3f}" for m, v in worst.items())
        + f"; boilerplate leaks over all stories: {leaks} (targets >= 0.90 and 0).",
        "",
    ]
    return out


def ecb_table(rows: list[dict]) -> list[str]:
    out = [
        "ECB+ dev (real news; sentence pairs among the annotated sentences; micro-averaged over "
        "the sub-event files tT and tTplus): topics 1-11 tune, 12-22 check.",
        "",
        "| part | files | pred_pairs | gold_pairs | tp | precision | recall | f1 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for part in ("tune", "check"):
        m = ecb_micro(rows, part)
        out.append(
            f"| {part} | {m['files']} | {m['pred']} | {m['gold']} | {m['tp']} | **{m['p']:.3f}** | "
            f"**{m['r']:.3f}** | {m['f1']:.3f} |"
        )
    per_file = ", ".join(
        f"{r['file'].removesuffix('.jsonl')} {r['tp']}/{r['pred_pairs']}/{r['gold_pairs']}"
        for r in rows
    )
    out += ["", f"Per file (tp / pred_pairs / gold_pairs): {per_file}.", ""]
    return out


def pairs_table(rows: list[dict]) -> list[str]:
    metrics = PAIR_METRICS + ("cosine_spearman",)
    out = [
        "Pair files, halves by a hash of the two sentences; the check half leaves out every pair "
        "the shipped pair model was trained on.",
        "",
        "| pairs file | pairs tune / check | "
        + " | ".join(f"{m} tune / check" for m in metrics)
        + " |",
        "| --- | --- |" + " --- |" * len(metrics),
    ]
    for r in rows:
        cells = []
        for m in metrics:
            t, c = r["tune"].get(m, "n/a"), r["check"].get(m, "n/a")
            cells.append("n/a" if t == c == "n/a" else f"{t} / **{c}**")
        out.append(f"| {r['file']} | {r['n_tune']} / {r['n_check']} | " + " | ".join(cells) + " |")
    notes = [
        f"{r['file']}: {r['check_trained_left_out']} check-half pairs left out (pair model trained "
        f"on them), {r['tune_trained']} of the tune half's pairs were its training pairs"
        for r in rows
        if r["check_trained_left_out"] or r["tune_trained"]
    ]
    out += ["", *(f"- {n}" for n in notes), ""] if notes else [""]
    return out


def speed_lines(s: dict) -> list[str]:
    return [
        f"Speed ({s['sentences']} sentences: gold corpora + ECB+ t1_mixed; best of 2 for embed, "
        f"of 3 for the rest): embed {s['embed']:.2f}s, segment {s['segment']:.3f}s, values "
        f"{s['values']:.3f}s, align+compare {s['align']:.3f}s; (values + align) / embed = "
        f"**{s['ratio']:.1%}** (target <= 15%)",
        "",
    ]


def table(stories, ecb, pairs, speed_result, title: str) -> str:
    out = [f"## {title}", ""]
    if stories:
        out += stories_table(stories)
    if ecb:
        out += ecb_table(ecb)
    if pairs:
        out += pairs_table(pairs)
    if speed_result:
        out += speed_lines(speed_result)
    return "\n".join(out)


SECTIONS = ("stories", "ecb", "pairs", "speed")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", action="store_true", help="prepend the table to QUALITY.md")
    ap.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    ap.add_argument("--keep", help="keep exports and reports in this folder")
    ap.add_argument("--title", default=dt.date.today().isoformat(), help="the table's heading")
    args = ap.parse_args(argv)
    wanted = set(args.only or SECTIONS)

    workdir = Path(args.keep or tempfile.mkdtemp(prefix="nc-eval-"))
    workdir.mkdir(parents=True, exist_ok=True)
    setup_django(Path(tempfile.mkdtemp(prefix="nc-eval-var-")))
    started = time.perf_counter()
    with contextlib.redirect_stdout(sys.stderr):  # stray prints must not mix into the table
        stories = eval_stories(workdir) if "stories" in wanted else []
        ecb = eval_ecb(workdir) if "ecb" in wanted else []
        pairs = eval_pairs(workdir) if "pairs" in wanted else []
        speed_result = eval_speed() if "speed" in wanted else None
    text = table(stories, ecb, pairs, speed_result, args.title)
    print(text)
    print(
        f"(exports and reports in {workdir}; {time.perf_counter() - started:.0f} s)",
        file=sys.stderr,
    )
    if args.write:
        head = (
            "# Claim quality (`make eval`)\n\nNewest first. "
            "Targets (issue 12, on the check parts): "
            "every held-out story align_f1, verdict_acc, indep_acc >= 0.90 and boilerplate = 0; "
            "ECB+ check precision >= 0.90 and recall >= 1.5x main before issue 12; MSRP "
            "relation_bal >= 0.85 with diverge_p and diverge_r >= 0.80; STS-B Spearman >= plain "
            "cosine + 0.05; EQUATE relation_bal >= 0.85.\n\n"
        )
        old = QUALITY_MD.read_text() if QUALITY_MD.exists() else ""
        old = old.split("\n## ", 1)[1] if "\n## " in old else ""
        QUALITY_MD.write_text(head + text + ("\n## " + old if old else ""))


if __name__ == "__main__":
    main()
