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
}
ALIASES = {"reindex": "overhead", "ingest_throughput": "ingest", "encoder_backends": "encoders",
           "profile_stage": "profile"}


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
    return (f"{platform.node()}: {os.cpu_count()} cores, {cpu}{mem}; Python {platform.python_version()}; "
            + ", ".join(versions))


def run_section(name: str, quick: bool) -> tuple[list, dict, float, str]:
    module, _ = SECTIONS[name]
    out = Path(tempfile.mkstemp(prefix=f"nc-bench-{name}-", suffix=".json")[1])
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONPATH=str(ROOT),
               PYTHONWARNINGS="ignore", LOG_LEVEL="ERROR")
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
        lines.append(f"| {r['section']} | {r['metric']} | {r['value']} | {r['target']} | {status(r['met'])} | {note} |")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sections", nargs="*", help=f"any of: {', '.join(SECTIONS)} (default: all)")
    parser.add_argument("--quick", action="store_true", help="small sizes, short load: for development")
    parser.add_argument("--results", default=str(ROOT / "benchmarks" / "RESULTS.md"),
                        help="where to write the results (default benchmarks/RESULTS.md)")
    args = parser.parse_args(argv)
    chosen = [ALIASES.get(s, s) for s in args.sections] or list(SECTIONS)
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s): {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    chosen = list(dict.fromkeys(chosen))
    started = dt.datetime.now(dt.timezone.utc)
    t0 = time.perf_counter()
    all_rows, details, timings, errors = [], {}, {}, {}
    for name in chosen:
        rows, det, elapsed, error = run_section(name, args.quick)
        all_rows += rows
        details[name] = det
        timings[name] = elapsed
        if error:
            errors[name] = error
            all_rows.append({"section": name, "metric": "section failed", "value": "error", "target": "",
                             "met": False, "note": error.splitlines()[-1] if error else ""})
    total = time.perf_counter() - t0
    lines = table(all_rows)
    print("\n" + "\n".join(lines))
    print(f"\n{len(chosen)} section(s) in {total / 60:.1f} min" + (" (quick)" if args.quick else ""))

    md = [
        "# newscompare benchmarks",
        "",
        f"- date: {started:%Y-%m-%d %H:%M} UTC" + (" — `--quick` run (small sizes)" if args.quick else ""),
        f"- machine: {machine()}",
        f"- load average (1 min) when each section started: "
        + ", ".join(f"{n} {details[n].get('load_before', 0):.1f}" for n in chosen)
        + f" on {os.cpu_count()} cores (above the core count means other work shared the CPU: absolute times "
          "are inflated, in-run ratios much less)",
        f"- wall time: " + ", ".join(f"{n} {timings[n]:.0f}s" for n in chosen) + f"; total {total / 60:.1f} min",
        f"- command: `python benchmarks/run.py {' '.join(args.sections)}{' --quick' if args.quick else ''}`",
        "",
        *lines,
        "",
    ]
    if "scaling" in details and details["scaling"].get("scaling"):
        md += ["## Scaling by stage", "", "| articles | sentences | claims | " + " | ".join(
            k for k in details["scaling"]["scaling"][0]["seconds"]) + " | total | peak RSS |",
               "|---" * (len(details["scaling"]["scaling"][0]["seconds"]) + 5) + "|"]
        for row in details["scaling"]["scaling"]:
            md.append(f"| {row['articles']} | {row['sentences']} | {row['claims']} | " + " | ".join(
                f"{v:.2f} s" + (" (extrap.)" if k == "embed" and row["embed_extrapolated"] else "")
                for k, v in row["seconds"].items()) + f" | {row['total_s']:.1f} s | {row['peak_total_mib']:.0f} MiB |")
        md += ["", "Peak RSS per stage (MiB, whole process, model loaded): " + "; ".join(
            f"{row['articles']} articles: " + ", ".join(f"{k} {v:.0f}" for k, v in row["peak_mib"].items())
            for row in details["scaling"]["scaling"]), ""]
    if "profile" in details and details["profile"].get("profile"):
        md += ["## Profile of the slowest stage (before the fix)", "", "```", details["profile"]["profile"].strip(),
               "```", ""]
    if errors:
        md += ["## Errors", ""] + [f"### {n}\n\n```\n{e}\n```\n" for n, e in errors.items()]
    Path(args.results).write_text("\n".join(md) + "\n")
    print(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    sys.exit(main())
