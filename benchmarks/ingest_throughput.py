"""Section 5: ingest throughput, articles per minute from upload to indexed, with one and
with two real Celery workers.

A fresh PostgreSQL database and a private redis-server (the machine's shared Redis is never
touched); workers are `celery -A newscompare worker --concurrency=1` processes, as in
production. Each worker is warmed first (its first task loads the model), then the clock
runs from the first article stored (services.add_article, what every upload path calls) to
the last story's index run marked done. Stories are synthetic, 10 articles each, distinct.
"""

import os
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.common import (
    ROOT,
    Results,
    celery_worker_command,
    cpu_load,
    django_setup,
    fresh_postgres,
    private_redis,
    section_main,
    stop_process_group,
)


def _start_worker(env, name, log):
    return subprocess.Popen(
        celery_worker_command("-n", f"{name}@%h", loglevel="WARNING"),
        cwd=ROOT,
        env=env,
        stdout=open(log, "ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait_runs(run_ids, timeout):
    from newscompare.news.models import IndexRun

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = list(IndexRun.objects.filter(id__in=run_ids).values_list("state", flat=True))
        if all(s in (IndexRun.State.DONE, IndexRun.State.FAILED) for s in states):
            failed = states.count(IndexRun.State.FAILED)
            if failed:
                raise RuntimeError(f"{failed} index runs failed")
            return
        time.sleep(0.05)
    raise RuntimeError(f"index runs not done after {timeout}s")


def _upload(stories, tag):
    from benchmarks.synthetic import as_records
    from newscompare.news import services
    from newscompare.pipeline.tasks import enqueue_index

    run_ids = []
    for s, data in enumerate(stories):
        story = services.get_or_create_story(f"{tag}-{s}")
        for rec in as_records(data):
            services.add_article(story, rec)
        run_ids.append(enqueue_index(story).id)
    return run_ids


def run(results: Results, quick: bool = False):
    from benchmarks.synthetic import make_story

    n_stories, per_story = (3, 5) if quick else (6, 10)
    logdir = Path(tempfile.mkdtemp(prefix="nc-bench-workers-"))
    with fresh_postgres() as db_url, private_redis() as redis_url:
        os.environ["REDIS_URL"] = redis_url
        var_dir = django_setup(database_url=db_url, redis_url=redis_url)
        from newscompare.celery import app

        env = dict(
            os.environ,
            DATABASE_URL=db_url,
            REDIS_URL=redis_url,
            PYTHONPATH=str(ROOT),
            NEWSCOMPARE_VAR_DIR=var_dir,
            HF_HUB_OFFLINE="1",
        )
        env.pop("DJANGO_DEBUG", None)
        per_config = {}
        # (workers, threads each): torch takes every core by default, so two workers on two
        # cores oversubscribe; the third configuration gives each worker its share
        for workers, threads in ((1, None), (2, None), (2, max(1, (os.cpu_count() or 2) // 2))):
            config = f"{workers}w" + (f"x{threads}t" if threads else "")
            wenv = dict(env, OMP_NUM_THREADS=str(threads)) if threads else env
            procs = [
                _start_worker(wenv, f"bench{config}-{i}", logdir / f"{config}-{i}.log")
                for i in range(workers)
            ]
            try:
                deadline = time.monotonic() + 120
                while len(app.control.ping(timeout=1.0) or []) < workers:
                    if time.monotonic() > deadline:
                        raise RuntimeError("workers did not answer a ping")
                # warm-up: tiny stories until every worker has loaded the model
                warm = [
                    make_story(1, seed=900 + len(per_config) * 10 + i) for i in range(2 * workers)
                ]
                _wait_runs(_upload(warm, f"warm{config}"), timeout=300)
                stories = [
                    make_story(per_story, seed=(len(per_config) + 1) * 100 + s)
                    for s in range(n_stories)
                ]
                articles = sum(len(st.articles) for st in stories)
                t0 = time.perf_counter()
                _wait_runs(_upload(stories, f"load{config}"), timeout=900)
                elapsed = time.perf_counter() - t0
            finally:
                for p in procs:
                    stop_process_group(p)
            per_min = articles / elapsed * 60
            per_config[config] = per_min
            label = f"{workers} worker{'s' if workers > 1 else ''}" + (
                f", OMP_NUM_THREADS={threads}" if threads else ", default threads"
            )
            results.add(
                label,
                f"{per_min:.0f} articles/min",
                note=f"{articles} articles in {n_stories} stories, upload to indexed in "
                f"{elapsed:.1f}s ({cpu_load()})",
            )
        two = max(per_config["2w"], per_config[[k for k in per_config if k.startswith("2wx")][0]])
        results.add(
            "2 workers / 1 worker",
            f"{per_config['2w'] / per_config['1w']:.2f}x default threads, "
            f"{two / per_config['1w']:.2f}x best",
            note=f"{os.cpu_count()} cores shared by both workers; "
            "torch's default is one thread per core in every worker",
        )
        os.environ.pop("REDIS_URL", None)


if __name__ == "__main__":
    section_main("ingest", run)
