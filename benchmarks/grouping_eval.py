"""Story grouping end to end, as CONTRACT.md section 4 runs it: `manage.py ingest` without
--story, `manage.py export_stories`, ../shared/eval/score_grouping.py. On ECB+ dev:

- alone: each `*_mixed.jsonl` into an empty store (micro-average over the topics, and the
  worst topic), reported for the tune topics (1-11) and the check topics (12-22);
- together: all mixed files in one import;
- by file: the files one after another (each import grouped against the stories before).
Articles of different topics in one story are counted (`cross`).

One SQLite database under var/grouping-eval/; stories and articles are deleted between
runs, the embedding cache is kept (it changes speed, not answers). Indexing is skipped (--no-index):
it does not change grouping.

    python benchmarks/grouping_eval.py [--write]     # --write: the table into QUALITY.md
"""

import argparse
import itertools
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import django_setup  # noqa: E402
from benchmarks.grouping_tune import ECB, SHARED, TUNE, topic_files  # noqa: E402

SCORER = SHARED / "eval" / "score_grouping.py"
QUALITY_MD = ROOT / "benchmarks" / "QUALITY.md"


def topic_of(path: Path) -> str:
    return re.search(r"t(\d+)_mixed", path.name)[1]


def gold_of(path: Path) -> Path:
    return ECB / f"gold_t{topic_of(path)}_mixed.json"


def clear_stories():
    from newscompare.news.models import Story

    Story.objects.all().delete()


def ingest(paths):
    from django.core.management import call_command

    with open("/dev/null", "w") as sink:
        call_command("ingest", *map(str, paths), "--no-index", stdout=sink, stderr=sink)


def export(workdir: Path, name: str) -> Path:
    from django.core.management import call_command

    out = workdir / f"{name}.stories.json"
    call_command("export_stories", "--format", "json", "--output", str(out))
    return out


def score(pred: Path, golds) -> dict:
    line = subprocess.run(
        [sys.executable, str(SCORER), str(pred), *map(str, golds)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return {k: float(v) if "." in v else int(v) for k, v in re.findall(r"(\w+)=(\S+)", line)}


def cross_topic(pred: Path) -> int:
    """Pairs of articles of different topics that share a story."""
    n = 0
    for story in json.loads(pred.read_text())["stories"]:
        topics = [a.split("_")[0] for a in story["articles"]]
        n += sum(1 for a, b in itertools.combinations(topics, 2) if a != b)
    return n


def micro(per_topic: list[dict], workdir: Path, name: str, files) -> dict:
    """Micro-average of separately grouped topics: their exports joined, scored as one."""
    stories = []
    for f in files:
        d = json.loads((workdir / f"alone-{topic_of(f)}.stories.json").read_text())
        stories += [{**s, "story": f"{topic_of(f)}/{s['story']}"} for s in d["stories"]]
    joined = workdir / f"{name}.stories.json"
    joined.write_text(json.dumps({"stories": stories}))
    return score(joined, [gold_of(f) for f in files])


def run(workdir: Path) -> list[dict]:
    files = topic_files()
    rows = []
    per = {}
    for f in files:
        clear_stories()
        ingest([f])
        per[topic_of(f)] = score(export(workdir, f"alone-{topic_of(f)}"), [gold_of(f)])
        print(f"t{topic_of(f)}: {per[topic_of(f)]}", file=sys.stderr)
    for name, part in (
        ("tune 1-11", [f for f in files if topic_of(f) in TUNE]),
        ("check 12-22", [f for f in files if topic_of(f) not in TUNE]),
        ("all 20", files),
    ):
        s = micro(per, workdir, "alone-" + name.split()[0], part)
        worst = min((per[topic_of(f)]["pair_f1"], topic_of(f)) for f in part)
        rows.append({"run": f"each file alone, {name}", **s, "worst": f"t{worst[1]} {worst[0]}"})
    clear_stories()
    ingest(files)
    pred = export(workdir, "together")
    rows.append(
        {
            "run": "all 20 in one import",
            **score(pred, map(gold_of, files)),
            "cross": cross_topic(pred),
        }
    )
    clear_stories()
    for f in files:
        ingest([f])
    pred = export(workdir, "by-file")
    rows.append(
        {
            "run": "one file after another",
            **score(pred, map(gold_of, files)),
            "cross": cross_topic(pred),
        }
    )
    return rows


def table(rows) -> str:
    head = (
        "| run | articles | stories | pair P | pair R | pair F1 | B³ P | B³ R | B³ F1 "
        "| worst topic / cross-topic pairs |"
    )
    out = [head, "|" + "---|" * 10]
    for r in rows:
        out.append(
            f"| {r['run']} | {r['articles']} | {r['pred_stories']} | {r['pair_p']:.3f} | "
            f"{r['pair_r']:.3f} | **{r['pair_f1']:.3f}** | {r['b3_p']:.3f} | {r['b3_r']:.3f} | "
            f"**{r['b3_f1']:.3f}** | {r.get('worst', r.get('cross', ''))} |"
        )
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    # A database of its own that outlives the run: its embedding cache makes the next run fast.
    var = ROOT / "var" / "grouping-eval"
    var.mkdir(parents=True, exist_ok=True)
    django_setup(var_dir=str(var))
    with tempfile.TemporaryDirectory(prefix="nc-grouping-") as tmp:
        rows = run(Path(tmp))
    text = table(rows)
    print(text)
    if args.write:
        section = "## Story grouping (CONTRACT §4, ECB+ dev mixed files)"
        body = QUALITY_MD.read_text() if QUALITY_MD.exists() else ""
        body = body.split(section)[0].rstrip() + "\n\n" + section + "\n\n"
        body += "`python benchmarks/grouping_eval.py --write`; thresholds set on topics 1-11.\n\n"
        QUALITY_MD.write_text(body + text + "\n")


if __name__ == "__main__":
    main()
