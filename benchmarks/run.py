"""`make bench`: run the benchmark sections, print one table, write benchmarks/RESULTS.md.

    python benchmarks/run.py                      # every section (under 15 minutes on 2 cores)
    python benchmarks/run.py --quick              # small sizes and short load, for development
    python benchmarks/run.py overhead scaling     # only these sections

Each section runs in a process of its own (python -m benchmarks.<module>), so its database
(SQLite or a fresh PostgreSQL), its services and its peak memory are its own. Figures are
ratios against a baseline measured in the same process where the issue asks for ratios;
absolute times depend on how busy the machine is, and the table records the load average.
Benchmarks are not tests: nothing here fails a build on a time.
"""

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SECTIONS = {  # name: (module, title)
    "overhead": ("benchmarks.overhead", "1-2. Pipeline overhead and re-index"),
    "scaling": ("benchmarks.scaling", "3. Story size scaling"),
    "load": ("benchmarks.load", "4. Dashboard under load"),
    "ingest": ("benchmarks.ingest_throughput", "5. Ingest throughput"),
    "encoders": ("benchmarks.encoder_backends", "6. Encoder backends"),
    "profile": ("benchmarks.profile_stage", "7. Slowest stage: profile and fixes"),
    "vectors": ("benchmarks.vector_candidates", "8. Alignment candidates: in process and pgvector"),
    "bounded": ("benchmarks.bounded_cost", "9. Bounded cost on hostile text"),
    "grouping": ("benchmarks.grouping_bench", "10. Story grouping: 10,000 articles"),
}
ALIASES = {
    "reindex": "overhead",
    "ingest_throughput": "ingest",
    "encoder_backends": "encoders",
    "profile_stage": "profile",
    "vector_candidates": "vectors",
    "bounded_cost": "bounded",
}


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    versions = []
    for mod in ("torch", "onnxruntime", "numpy", "django"):
        try:
            versions.append(f"{mod} {__import__(mod).__version__}")
        except Exception:
            pass
    return (
        f"{platform.node()}: {os.cpu_count()} cores, {cpu}{mem}; Python "
        f"{platform.python_version()}; " + ", ".join(versions)
    )


def run_section(name: str, quick: bool) -> tuple[list, dict, float, str]:
    module, _ = SECTIONS[name]
    out = Path(tempfile.mkstemp(prefix=f"nc-bench-{name}-", suffix=".json")[1])
    env = dict(
        os.environ,
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        PYTHONPATH=str(ROOT),
        PYTHONWARNINGS="ignore",
        LOG_LEVEL="ERROR",
    )
    cmd = [sys.executable, "-m", module, "--out", str(out)] + (["--quick"] if quick else [])
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    print(f"\n== {SECTIONS[name][1]} ({module})", flush=True)
    proc = subprocess.run(cmd, cwd=ROOT, env=env, text=True, stdout=None, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t0
    error = ""
    if proc.returncode != 0:
        error = "\n".join(line for line in proc.stderr.splitlines()[-15:])
        print(error, file=sys.stderr)
    try:
        data = json.loads(out.read_text())
    except (OSError, ValueError):
        data = {"rows": [], "details": {}}
    out.unlink(missing_ok=True)
    data["details"]["load_before"] = load_before
    return data["rows"], data["details"], elapsed, error


def status(met) -> str:
    return {True: "met", False: "NOT met", None: ""}[met]


def table(rows) -> list[str]:
    lines = ["| section | metric | figure | target | status | notes |", "|---|---|---|---|---|---|"]
    for r in rows:
        note = str(r["note"]).replace("|", "/")
        lines.append(
            f"| {r['section']} | {r['metric']} | {r['value']} | {r['target']} | "
            f"{status(r['met'])} | {note} |"
        )
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sections", nargs="*", help=f"any of: {', '.join(SECTIONS)} (default: all)")
    parser.add_argument(
        "--quick", action="store_true", help="small sizes, short load: for development"
    )
    parser.add_argument(
        "--sizes",
        help="story sizes of the scaling section, e.g. 1000,10000 (default 10,100,1000; the "
        "10,000-article story takes most of an hour on 2 cores)",
    )
    parser.add_argument(
        "--results",
        help="markdown to write (default benchmarks/RESULTS.md; with --quick "
        "benchmarks/out/RESULTS-quick.md, so a quick run never replaces a full one)",
    )
    args = parser.parse_args(argv)
    if args.sizes:
        os.environ["BENCH_SCALING_SIZES"] = args.sizes
    chosen = [ALIASES.get(s, s) for s in args.sections] or list(SECTIONS)
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s): {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    chosen = list(dict.fromkeys(chosen))
    results_md = Path(
        args.results
        or (ROOT / "benchmarks" / ("out/RESULTS-quick.md" if args.quick else "RESULTS.md"))
    )
    results_md.parent.mkdir(parents=True, exist_ok=True)
    # Figures of every section, kept beside the markdown: running some sections again updates
    # theirs and keeps the others' (each with its own date and load).
    store_path = results_md.with_suffix(".json")
    try:
        store = json.loads(store_path.read_text())
    except (OSError, ValueError):
        store = {}
    t0 = time.perf_counter()
    for name in chosen:
        started = dt.datetime.now(dt.UTC)
        rows, det, elapsed, error = run_section(name, args.quick)
        if error:
            rows.append(
                {
                    "section": name,
                    "metric": "section failed",
                    "value": "error",
                    "target": "",
                    "met": False,
                    "note": error.splitlines()[-1] if error else "",
                }
            )
        store[name] = {
            "rows": rows,
            "details": det,
            "elapsed": elapsed,
            "error": error,
            "quick": args.quick,
            "date": f"{started:%Y-%m-%d %H:%M} UTC",
            "load_before": det.get("load_before", 0.0),
        }
    total = time.perf_counter() - t0
    store_path.write_text(json.dumps(store, indent=1, default=str))
    present = [n for n in SECTIONS if n in store]
    all_rows = [r for n in present for r in store[n]["rows"]]
    lines = table(all_rows)
    print("\n" + "\n".join(lines))
    print(
        f"\n{len(chosen)} section(s) in {total / 60:.1f} min" + (" (quick)" if args.quick else "")
    )

    details = {n: store[n]["details"] for n in present}
    md = [
        "# newscompare benchmarks",
        "",
        "Written by `make bench` (`python benchmarks/run.py [--quick] [SECTION ...]`). Ratios "
        "are measured "
        "against a baseline taken in the same process run; absolute times depend on how busy the "
        "machine "
        "was, so each section shows the load average when it started.",
        "",
        f"- machine: {machine()}",
        "- sections: "
        + "; ".join(
            f"{n} {store[n]['date']}, load {store[n]['load_before']:.1f}, "
            f"{store[n]['elapsed']:.0f} s" + (" (--quick)" if store[n]["quick"] else "")
            for n in present
        ),
        f"- load above {os.cpu_count()} (the core count) means other work shared the CPU: "
        f"absolute times are "
        "inflated by about load/cores, in-run ratios much less",
        f"- last command: `python benchmarks/run.py "
        f"{' '.join(sys.argv[1:] if argv is None else argv)}` "
        f"({total / 60:.1f} min)",
        "",
        *lines,
        "",
    ]
    if details.get("scaling", {}).get("scaling"):
        table_rows = details["scaling"]["scaling"]
        md += [
            "## Scaling by stage",
            "",
            "| articles | sentences | claims | "
            + " | ".join(k for k in table_rows[0]["seconds"])
            + " | total | peak RSS |",
            "|---" * (len(table_rows[0]["seconds"]) + 5) + "|",
        ]
        for row in table_rows:
            md.append(
                f"| {row['articles']} | {row['sentences']} | {row['claims']} | "
                + " | ".join(
                    f"{v:.2f} s"
                    + (" (extrap.)" if k == "embed" and row["embed_extrapolated"] else "")
                    for k, v in row["seconds"].items()
                )
                + f" | {row['total_s']:.1f} s | {row['peak_total_mib']:.0f} MiB |"
            )
        md += [
            "",
            "Peak RSS per stage (MiB, whole process, model loaded): "
            + "; ".join(
                f"{row['articles']} articles: "
                + ", ".join(f"{k} {v:.0f}" for k, v in row["peak_mib"].items())
                for row in table_rows
            ),
            "",
        ]
    if details.get("profile", {}).get("profile"):
        md += [
            "## Profile of the slowest stage (before the fix)",
            "",
            "```",
            details["profile"]["profile"].strip(),
            "```",
            "",
        ]
    errors = {n: store[n]["error"] for n in present if store[n].get("error")}
    if errors:
        md += ["## Errors", ""] + [f"### {n}\n\n```\n{e}\n```\n" for n, e in errors.items()]
    results_md.write_text("\n".join(md) + "\n")
    print(f"wrote {results_md}")
    return 0


if __name__ == "__main__":
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    sys.exit(main())
