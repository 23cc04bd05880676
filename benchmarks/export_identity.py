"""Build the outputs a user sees (story exports and judge_pairs answers) on fixed inputs, to
prove that a restructuring leaves them byte-identical.

Inputs: every gold story (../shared/gold/*.json, ingested from ../shared/corpus/<slug>), the
ECB+ dev topics t1 and t8plus, and the first PAIRS_PER_FILE lines of each sentence-pair file
in ../shared/evaldata (MSRP, EQUATE, STS-B, claimdiff). Everything runs in this one process
on a throwaway SQLite database with inline tasks, as `make eval` runs it (same commands,
through call_command), and writes one file per output into --out:
<slug>.json and <slug>.csv for the stories, <file>.pairs.jsonl for the pairs.

    python benchmarks/export_identity.py --out /tmp/identity-before
    ... change the code ...
    python benchmarks/export_identity.py --out /tmp/identity-after
    python benchmarks/export_identity.py --compare /tmp/identity-before /tmp/identity-after
"""

import argparse
import filecmp
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSCOMPARE_SHARED", ROOT.parent / "shared"))
if not (SHARED / "gold").is_dir():  # a worktree beside main: shared/ sits beside main
    SHARED = Path("/work/shared")
ECB_TOPICS = ("t1", "t8plus")
PAIR_FILES = ("msrp_dev", "equate_dev", "stsb_news_dev", "claimdiff_dev")
PAIRS_PER_FILE = 300


def stories(ecb_topics=ECB_TOPICS) -> list[tuple[str, list[Path]]]:
    """(slug, paths to ingest) for every gold story and the chosen ECB+ topics."""
    out = [(g.stem, [SHARED / "corpus" / g.stem]) for g in sorted((SHARED / "gold").glob("*.json"))]
    ecb = SHARED / "evaldata" / "ecbplus_dev"
    out += [(f"ecbplus-{t}", [ecb / f"{t}.jsonl"]) for t in ecb_topics]
    return out


def build(out: Path, ecb_topics=ECB_TOPICS) -> None:
    out.mkdir(parents=True, exist_ok=True)
    var = Path(tempfile.mkdtemp(prefix="nc-identity-var-"))
    os.environ["NEWSCOMPARE_VAR_DIR"] = str(var)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newscompare.settings")
    for key in ("DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG"):  # throwaway SQLite, eager tasks
        os.environ.pop(key, None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    for slug, paths in stories(ecb_topics):
        call_command("ingest", *map(str, paths), "--story", slug, stdout=open(os.devnull, "w"))
        for fmt in ("json", "csv"):
            call_command("export", slug, "--format", fmt, "--output", str(out / f"{slug}.{fmt}"))
        print(f"{slug}: exported", flush=True)
    for name in PAIR_FILES:
        source = SHARED / "evaldata" / f"{name}.jsonl"
        lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
        head = var / f"{name}.head.jsonl"
        head.write_text("\n".join(lines[:PAIRS_PER_FILE]) + "\n", encoding="utf-8")
        call_command(
            "judge_pairs",
            str(head),
            "--output",
            str(out / f"{name}.pairs.jsonl"),
            stdout=open(os.devnull, "w"),
        )
        print(f"{name}: judged {min(len(lines), PAIRS_PER_FILE)} pairs", flush=True)


def compare(before: Path, after: Path) -> int:
    """Prints one line per file; returns the number that differ or are missing."""
    names = sorted({p.name for p in before.iterdir()} | {p.name for p in after.iterdir()})
    bad = 0
    for name in names:
        a, b = before / name, after / name
        same = a.is_file() and b.is_file() and filecmp.cmp(a, b, shallow=False)
        bad += not same
        print(f"{'identical' if same else 'DIFFERS  '} {name}")
    print(f"{len(names) - bad} of {len(names)} files byte-identical")
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="folder to write the outputs into")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    parser.add_argument(
        "--ecb", nargs="+", default=ECB_TOPICS, metavar="TOPIC", help="ECB+ dev topics to export"
    )
    args = parser.parse_args()
    if args.compare:
        raise SystemExit(1 if compare(*args.compare) else 0)
    if not args.out:
        parser.error("--out or --compare")
    build(args.out, args.ecb)


if __name__ == "__main__":
    main()
