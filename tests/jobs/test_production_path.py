"""The seed story end to end on the production path: PostgreSQL, and a real Celery worker
on a real Redis, each driven through manage.py in child processes."""

import json

import pytest

from newscompare.pipeline import PIPELINE_VERSION

from .helpers import exported, job_env, manage, run_of, wait_until

SEED_IDS = ["000", "001", "002", "003", "004"]


@pytest.mark.postgres
def test_ingest_index_export_round_trip_on_postgres(postgres_url, seed_dir, tmp_path):
    env = job_env(postgres_url, tmp_path)
    manage("migrate", "--noinput", env=env)

    ingested = manage("ingest", str(seed_dir), "--story", "seed-syria-2015", env=env)
    assert "5 accepted, 0 skipped, 0 rejected" in ingested.stdout
    assert "indexed:" in ingested.stdout

    data = json.loads(manage("export", "seed-syria-2015", "--format", "json", env=env).stdout)
    assert data["story"] == "seed-syria-2015"
    assert [a["id"] for a in data["articles"]] == SEED_IDS
    assert data["claims"], "indexing found claims"
    assert {c["pipeline_version"] for c in data["claims"]} == {PIPELINE_VERSION}
    assert {m["article"] for c in data["claims"] for m in c["members"]} <= set(SEED_IDS)
    assert any(len(c["members"]) > 1 for c in data["claims"]), (
        "some facts are aligned across outlets"
    )
    csv = manage("export", "seed-syria-2015", "--format", "csv", env=env).stdout
    assert csv.splitlines()[0].startswith("claim_id,kind,verdict")

    # Ingesting again stores nothing new; re-indexing reproduces the same claims.
    before = exported("seed-syria-2015", env)
    assert (
        "0 accepted, 5 skipped"
        in manage(
            "ingest", str(seed_dir), "--story", "seed-syria-2015", "--no-index", env=env
        ).stdout
    )
    manage("reindex", "seed-syria-2015", env=env)
    assert exported("seed-syria-2015", env) == before


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.slow
def test_a_celery_worker_indexes_the_seed_story_through_redis(
    postgres_url, redis_server, start_worker, seed_dir, tmp_path
):
    inline = job_env(postgres_url, tmp_path)
    queued = job_env(postgres_url, tmp_path, redis=redis_server)
    manage("migrate", "--noinput", env=inline)
    start_worker(queued)

    ingested = manage("ingest", str(seed_dir), "--story", "by-worker", env=queued)
    assert "indexing queued" in ingested.stdout
    wait_until(
        lambda: run_of(postgres_url, "by-worker")["state"] in ("done", "failed"),
        "the worker to index",
    )

    assert run_of(postgres_url, "by-worker")["state"] == "done"
    by_worker = exported("by-worker", inline)
    manage("ingest", str(seed_dir), "--story", "inline", env=inline)
    assert by_worker["claims"] and by_worker == exported("inline", inline)
