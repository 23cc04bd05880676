"""Background indexing survives what production throws at it: workers killed with SIGKILL,
Redis restarting, the database connection dropping. Real PostgreSQL, a private
redis-server, real `celery worker` processes; nothing is mocked."""

import os
import signal

import pytest

from newscompare.pipeline import PIPELINE_VERSION

from .helpers import (
    BeatWorker,
    exported,
    job_env,
    manage,
    one,
    run_of,
    sql,
    wait_until,
    write_generated_story,
)

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

KILLS = 10


def test_it_indexes_every_article_once_after_ten_sigkills(
    postgres_url, redis_server, start_worker, tmp_path
):
    inline = job_env(postgres_url, tmp_path)
    queued = job_env(postgres_url, tmp_path, redis=redis_server)
    manage("migrate", "--noinput", env=inline)
    story = tmp_path / "story.jsonl"
    distinct = write_generated_story(story, articles=50)
    assert distinct > 64, "the story should need more than one encoding batch"

    # The reference: the same articles indexed in one uninterrupted run, from a cold cache.
    manage("ingest", str(story), "--story", "uninterrupted", env=inline)
    sql(postgres_url, "DELETE FROM news_embeddingcache")

    manage("ingest", str(story), "--story", "crashy", "--no-index", env=inline)
    manage("reindex", "crashy", env=queued)

    def cached_vectors():
        return one(postgres_url, "SELECT count(*) FROM news_embeddingcache")[0]

    worker, killed_attempt = None, 0
    for kill in range(KILLS):
        cached_before = cached_vectors()
        if worker is None:
            # A fresh worker's sweeper finds the dead holder's heartbeat stopped and re-queues the
            # run.
            worker = start_worker(queued, BeatWorker)
        wait_until(
            lambda killed_attempt=killed_attempt: (
                run_of(postgres_url, "crashy")["attempts"] > killed_attempt
                and run_of(postgres_url, "crashy")["state"] == "running"
            ),
            f"attempt {kill + 1} to start",
        )
        if kill == KILLS // 2:
            # Once, let it encode and save a batch first: the next attempts start from it.
            wait_until(
                lambda cached_before=cached_before: cached_vectors() > cached_before,
                "a batch of vectors to be cached",
            )
        holder = run_of(postgres_url, "crashy")
        killed_attempt = holder["attempts"]
        if kill % 2:
            # Only the pool process dies (say, the OOM killer): its worker puts the task back.
            os.kill(int(holder["worker"].rsplit(":", 1)[1]), signal.SIGKILL)
        else:
            # The whole worker dies (say, its machine): nobody puts the task back but the sweeper.
            worker.kill()
            worker = None
        assert run_of(postgres_url, "crashy")["state"] == "running"

    if worker is None:
        start_worker(queued, BeatWorker)
    wait_until(
        lambda: run_of(postgres_url, "crashy")["state"] in ("done", "failed"),
        "the last worker to finish",
    )

    run = run_of(postgres_url, "crashy")
    assert run["state"] == "done" and run["attempts"] > KILLS
    articles = sql(
        postgres_url,
        """SELECT a.index_count, a.pipeline_version FROM news_article a
           JOIN news_story s ON s.id = a.story_id WHERE s.slug = 'crashy'""",
    )
    assert len(articles) == 50
    assert set(articles) == {(1, PIPELINE_VERSION)}, (
        "every article indexed exactly once, by this pipeline"
    )
    assert exported("crashy", inline) == exported("uninterrupted", inline)
    assert (
        one(
            postgres_url,
            """SELECT count(*) FROM news_indexdiff d JOIN news_story s ON s.id = d.story_id
                                WHERE s.slug = 'crashy'""",
        )[0]
        == 1
    )


def test_it_finishes_runs_across_a_redis_restart(
    postgres_url, redis_server, start_worker, tmp_path, seed_dir
):
    inline = job_env(postgres_url, tmp_path)
    queued = job_env(postgres_url, tmp_path, redis=redis_server)
    manage("migrate", "--noinput", env=inline)
    manage("ingest", str(seed_dir), "--story", "first", "--no-index", env=inline)
    manage(
        "ingest",
        str(seed_dir / "000_9d4c47ffd68763bc.txt"),
        str(seed_dir / "001_6ae28caa333d9f08.txt"),
        "--story",
        "second",
        "--no-index",
        env=inline,
    )
    start_worker(queued, BeatWorker)
    manage("reindex", "first", "second", env=queued)

    wait_until(
        lambda: run_of(postgres_url, "first")["state"] == "running", "the first run to start"
    )
    # Redis runs without persistence here: the restart loses the second story's message.
    redis_server.stop()
    redis_server.start()

    wait_until(
        lambda: run_of(postgres_url, "second")["state"] == "done", "the second run to finish"
    )
    first, second = run_of(postgres_url, "first"), run_of(postgres_url, "second")
    assert (first["state"], first["attempts"]) == ("done", 1), (
        "the running task carried on through the restart"
    )
    assert second["state"] == "done", "the sweeper re-sent the message Redis lost"
    counts = sql(
        postgres_url,
        """SELECT s.slug, min(a.index_count), max(a.index_count) FROM news_article a
           JOIN news_story s ON s.id = a.story_id GROUP BY s.slug ORDER BY s.slug""",
    )
    assert counts == [("first", 1, 1), ("second", 1, 1)]


def test_it_retries_a_task_whose_database_connection_dropped(
    postgres_url, redis_server, start_worker, tmp_path, seed_dir
):
    inline = job_env(postgres_url, tmp_path)
    queued = job_env(postgres_url, tmp_path, redis=redis_server)
    manage("migrate", "--noinput", env=inline)
    manage("ingest", str(seed_dir), "--story", "seed", "--no-index", env=inline)
    worker = start_worker(queued)
    manage("reindex", "seed", env=queued)

    wait_until(lambda: run_of(postgres_url, "seed")["state"] == "running", "the run to start")
    dropped = sql(
        postgres_url,
        """SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid()""",
    )
    assert dropped, "the worker was connected"

    wait_until(
        lambda: run_of(postgres_url, "seed")["state"] in ("done", "failed"), "the run to finish"
    )
    run = run_of(postgres_url, "seed")
    assert (run["state"], run["attempts"], run["error"]) == ("done", 2, "")
    assert "retry" in worker.log.read_text().lower()
    assert one(postgres_url, "SELECT min(index_count), max(index_count) FROM news_article") == (
        1,
        1,
    )
    assert one(postgres_url, "SELECT count(*) FROM news_claim")[0] > 0
