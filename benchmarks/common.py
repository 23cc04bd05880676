"""Helpers shared by the benchmark sections: Django set-up on a throwaway database, a fresh
PostgreSQL database, a private redis-server, stage timers, an RSS sampler and the result
format each section hands back to run.py.

A section module is run as `python -m benchmarks.<name> --out FILE [--quick]` in a process
of its own (run.py does that), so each picks its own database and its peak memory is its own.
"""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from newscompare.lib.ports import (  # noqa: F401  (sections import them from here)
    celery_worker_command,
    free_port,
    start_redis_server,
    stop_process_group,
    wait_for_port,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("NEWSCOMPARE_CORPUS", ROOT.parent / "shared" / "corpus"))
if not CORPUS.is_dir():  # a worktree beside main: shared/ sits beside the main checkout
    CORPUS = Path("/work/shared/corpus")
GOLD = CORPUS.parent / "gold"
SEED = ROOT / "demo" / "seed-syria-2015"
PG_ADMIN_URL = os.environ.get(
    "BENCH_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# ------------------------------------------------------------------ results


class Results:
    """Rows for the summary table: section, metric, figure, target, met (True/False/None), note."""

    def __init__(self, section: str):
        self.section, self.rows, self.details = section, [], {}

    def add(self, metric, value, target="", met=None, note=""):
        self.rows.append(
            {
                "section": self.section,
                "metric": metric,
                "value": value,
                "target": target,
                "met": met,
                "note": note,
            }
        )
        print(
            f"  {metric}: {value}"
            + (f"  (target {target}: {'met' if met else 'NOT met'})" if target else "")
            + (f"  [{note}]" if note else ""),
            flush=True,
        )

    def dump(self, path):
        Path(path).write_text(
            json.dumps({"rows": self.rows, "details": self.details}, indent=1, default=str)
        )


def section_main(section: str, run):
    """Entry point of a section module: parse --out/--quick, run, write results JSON."""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    results = Results(section)
    try:
        run(results, quick=args.quick)
    finally:
        results.dump(args.out)


# ------------------------------------------------------------------ Django


def django_setup(
    database_url: str | None = None, var_dir: str | None = None, redis_url: str | None = None
):
    """Configure Django for this process: a throwaway SQLite under a temp var/ unless a URL is
    given."""
    var_dir = var_dir or tempfile.mkdtemp(prefix="nc-bench-var-")
    os.environ["NEWSCOMPARE_VAR_DIR"] = var_dir
    os.environ.setdefault(
        "NEWSCOMPARE_ONNX_DIR", str(ROOT / "var" / "onnx")
    )  # keep the export across runs
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newscompare.settings")
    os.environ.pop("DJANGO_DEBUG", None)
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    else:
        os.environ.pop("REDIS_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    return var_dir


def clear_embedding_cache():
    """Empty the persistent sentence-vector cache, if this version of the models has one, so a
    "first index" really runs the model (a cache hit would make every ratio meaningless); and
    the in-process caches of split lines and of sentences' values, so it also really runs the
    sentence splitter and value extraction."""
    from django.apps import apps

    from newscompare.pipeline import segment, values

    segment._line_spans.cache_clear()
    values._values_of.cache_clear()

    for model in apps.get_app_config("news").get_models():
        if "cache" in model.__name__.lower():
            model.objects.all().delete()


def load_corpus_records(folder: Path):
    from newscompare.ingest.readers import read_paths

    return list(read_paths([folder]))


def corpus_stories() -> list[tuple[str, Path]]:
    """The seed story and every story in shared/corpus, once each (by slug)."""
    stories = {SEED.name: SEED}
    for d in sorted(CORPUS.iterdir()):
        if (d / "articles.jsonl").is_file():
            stories[d.name] = d
    return list(stories.items())


# ------------------------------------------------------------------ services


@contextlib.contextmanager
def fresh_postgres():
    """A new, empty PostgreSQL database on the machine's server; dropped on exit."""
    import psycopg

    name = f"nc_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:
            pass
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def private_redis():
    """A redis-server of our own on a free port (the machine's shared one is never touched)."""
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="nc-bench-redis-")
    proc = start_redis_server(port, workdir)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(workdir, ignore_errors=True)


# ------------------------------------------------------------------ measuring


class RssSampler:
    """Peak resident memory of this process, sampled every few ms in a thread.

    `mark()` starts a new window; `peak()` is the highest RSS seen since the last mark.
    RSS (not tracemalloc) so torch's and numpy's native allocations count too."""

    def __init__(self, interval: float = 0.005):
        import psutil

        self._proc = psutil.Process()
        self._interval = interval
        self._peak = self._proc.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            rss = self._proc.memory_info().rss
            if rss > self._peak:
                self._peak = rss
            time.sleep(self._interval)

    def current(self) -> int:
        return self._proc.memory_info().rss

    def mark(self):
        self._peak = self.current()

    def peak(self) -> int:
        return max(self._peak, self.current())

    def stop(self):
        self._stop.set()
        self._thread.join()


# Stage name -> the pipeline functions that do it, by module. Several names per stage so the
# benchmark keeps working as the stages evolve (e.g. whole-article value extraction, claim-
# level alignment); when one wraps the other, only the outermost call is timed.
STAGE_FUNCTIONS = {
    "segment": ("segment", ("segment_text",)),
    "values": ("values", ("extract_article_values", "extract_values")),
    "embed": ("embed", ("embed_sentences",)),
    "syndication": ("syndication", ("wire_groups",)),
    "align": ("align", ("align_claims",)),
    "compare": ("verdict", ("judge_claim",)),  # the verdict on each claim (compare-N)
}


class StageTimer:
    """Wall time per stage (and, given an RssSampler, the peak RSS during it), accumulated
    over calls; wraps the pipeline's module functions in place until unwrap()."""

    def __init__(self, sampler=None):
        self.seconds, self.peak, self.sampler = {}, {}, sampler
        self._undo, self._depth = [], {}

    def _enter(self, name):
        self._depth[name] = self._depth.get(name, 0) + 1
        if self._depth[name] == 1 and self.sampler:
            self.sampler.mark()
        return time.perf_counter()

    def _exit(self, name, t0):
        self._depth[name] -= 1
        if self._depth[name] == 0:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t0
            if self.sampler:
                self.peak[name] = max(self.peak.get(name, 0), self.sampler.peak())

    @contextlib.contextmanager
    def stage(self, name):
        t0 = self._enter(name)
        try:
            yield
        finally:
            self._exit(name, t0)

    def wrap(self, module, attr, name=None, replacement=None):
        """Time module.attr (or `replacement` put in its place) under stage `name`."""
        original = getattr(module, attr)
        inner = replacement or original
        timer, name = self, name or attr

        def timed(*args, **kwargs):
            t0 = timer._enter(name)
            try:
                return inner(*args, **kwargs)
            finally:
                timer._exit(name, t0)

        setattr(module, attr, timed)
        self._undo.append((module, attr, original))
        return original

    def wrap_stages(self, replacements=None):
        """Wrap every stage function that exists; replacements: {stage: fn} used instead."""
        import importlib

        originals = {}
        for name, (mod, attrs) in STAGE_FUNCTIONS.items():
            module = importlib.import_module(f"newscompare.pipeline.{mod}")
            for attr in attrs:
                if hasattr(module, attr):
                    originals[(name, attr)] = self.wrap(
                        module, attr, name, (replacements or {}).get(name)
                    )
        return originals

    def unwrap(self):
        for module, attr, original in reversed(self._undo):
            setattr(module, attr, original)
        self._undo.clear()


def mib(n_bytes: float) -> float:
    return round(n_bytes / 2**20, 1)


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def cpu_load() -> str:
    """1-minute load average against the core count: how contended this run was."""
    try:
        one, five, _ = os.getloadavg()
        return f"load {one:.1f}/{five:.1f} on {os.cpu_count()} cores"
    except OSError:
        return "load unknown"
