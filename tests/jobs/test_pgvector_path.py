"""The runner on PostgreSQL 16 with pgvector (the pgserver wheel): a story at or above
ALIGN_DB_SEARCH_MIN_ITEMS takes its alignment candidates from the database, and its claims
are those of the in-process search; below the threshold, and on a server without pgvector,
the in-process search runs."""

import pytest

from tests.conftest import SEED, manage

from .helpers import exported, job_env

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
FROM_PGVECTOR = "alignment candidates of"


def ingest(env, slug):
    return manage("ingest", str(SEED), "--story", slug, env=env)


def test_a_large_story_aligns_from_pgvector_with_the_claims_of_the_in_process_search(
    pgvector_url, tmp_path
):
    in_process = job_env(pgvector_url, tmp_path, ALIGN_DB_SEARCH_MIN_ITEMS="0", LOG_LEVEL="INFO")
    from_db = job_env(pgvector_url, tmp_path, ALIGN_DB_SEARCH_MIN_ITEMS="1", LOG_LEVEL="INFO")
    manage("migrate", "--noinput", env=in_process)

    by_db = ingest(from_db, "by-db")
    assert FROM_PGVECTOR in by_db.stderr, by_db.stderr[-2000:]
    by_numpy = ingest(in_process, "by-numpy")
    assert FROM_PGVECTOR not in by_numpy.stderr

    db_claims, numpy_claims = exported("by-db", in_process), exported("by-numpy", in_process)
    assert db_claims["claims"], "the seed story has claims"
    assert db_claims == numpy_claims


def test_a_story_below_the_threshold_searches_in_process(pgvector_url, tmp_path):
    env = job_env(pgvector_url, tmp_path, ALIGN_DB_SEARCH_MIN_ITEMS="100000", LOG_LEVEL="INFO")
    manage("migrate", "--noinput", env=env)
    assert FROM_PGVECTOR not in ingest(env, "small").stderr


def test_without_pgvector_the_machines_postgres_searches_in_process(postgres_url, tmp_path):
    env = job_env(postgres_url, tmp_path, ALIGN_DB_SEARCH_MIN_ITEMS="1", LOG_LEVEL="INFO")
    manage("migrate", "--noinput", env=env)
    result = ingest(env, "plain")
    assert FROM_PGVECTOR not in result.stderr
    assert exported("plain", env)["claims"]
