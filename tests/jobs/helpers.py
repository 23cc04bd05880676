"""Helpers for the background-job tests: real PostgreSQL, a private redis-server, real
`celery worker` processes (with embedded beat, so the sweeper runs on its own schedule)."""

import json
import os
import random
import re
import signal
import time

import psycopg
import pytest

from tests.conftest import SEED, Worker, manage, project_env


def job_env(postgres_url, tmp_path, redis=None, **extra) -> dict:
    """Environment of a deployment on this PostgreSQL; with a Redis, tasks go to workers
    (otherwise they run inline). Heartbeats and the sweeper run on test-sized clocks."""
    env = project_env(
        DATABASE_URL=postgres_url,
        NEWSCOMPARE_VAR_DIR=str(tmp_path / "var"),
        INDEX_HEARTBEAT_SECONDS="0.5",
        INDEX_STALE_AFTER="5",
        INDEX_SWEEP_SECONDS="1",
        INDEX_REQUEUE_AFTER="5",
        REINDEX_STALE_SECONDS="3600",
        **extra,
    )
    env.pop("REDIS_URL", None)
    if redis is not None:
        env["REDIS_URL"] = redis.url
    return env


def sql(url: str, query: str, *params):
    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(query, params)
        return cur.fetchall() if cur.description else None


def one(url: str, query: str, *params):
    rows = sql(url, query, *params)
    return rows[0] if rows else None


def run_of(url: str, slug: str) -> dict:
    """The story's latest IndexRun as a dict."""
    row = one(
        url,
        """SELECT r.id, r.state, r.attempts, r.progress_done, r.progress_total, r.error, r.worker
                      FROM news_indexrun r JOIN news_story s ON s.id = r.story_id
                      WHERE s.slug = %s ORDER BY r.id DESC LIMIT 1""",
        slug,
    )
    fields = ["id", "state", "attempts", "progress_done", "progress_total", "error", "worker"]
    return dict(zip(fields, row, strict=True)) if row else {}


def wait_until(condition, what: str, timeout: float = 300, every: float = 0.05):
    """Poll until condition() is true; fail the test (not time it) if it never becomes so."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    pytest.fail(f"gave up waiting for {what} after {timeout}s")


def exported(slug: str, env: dict) -> dict:
    """The story's JSON export, without row ids (they differ from run to run by design): a
    nested claim names the claim it narrows by that claim's place in the export instead."""
    data = json.loads(manage("export", slug, env=env).stdout)
    place = {claim["id"]: n for n, claim in enumerate(data["claims"])}
    for claim in data["claims"]:
        claim.pop("id")
        if claim.get("narrows") is not None:
            claim["narrows"] = place[claim["narrows"]]
    data.pop("story")
    return data


class BeatWorker(Worker):
    """A worker with celery beat embedded (-B), as a one-machine deployment runs it."""

    def extra_args(self) -> list[str]:
        return ["-B", "--schedule", str(self.log.with_suffix(".beat"))]

    def kill(self):
        """SIGKILL the whole worker (main process, pool child and beat): no goodbye, no requeue."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)


def seed_sentences() -> list[str]:
    from newscompare.pipeline import segment

    out = []
    for line in (SEED / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        for seg in segment.segment_text(json.loads(line)["text"]):
            if not seg.is_boilerplate and len(seg.text) > 40 and seg.text not in out:
                out.append(seg.text)
    return out


def _vary(sentence: str, rng: random.Random) -> str:
    """The same fact as another outlet might put it: a number moved, a word swapped."""
    numbers = re.findall(r"\d+", sentence)
    if numbers and rng.random() < 0.5:
        n = rng.choice(numbers)
        return sentence.replace(n, str(int(n) + rng.choice([1, 2, 10])), 1)
    for a, b in (
        ("said", "stated"),
        ("Russia", "Moscow"),
        ("Friday", "on Friday"),
        ("talks", "discussions"),
    ):
        if re.search(rf"\b{a}\b", sentence) and rng.random() < 0.5:
            return re.sub(rf"\b{a}\b", b, sentence, count=1)
    return sentence


def write_generated_story(path, articles: int = 50, sentences_per_article: int = 5):
    """A JSONL story of many articles built from the seed story's sentences, each outlet
    picking a few and wording some differently. Returns the number of distinct sentences."""
    pool = seed_sentences()
    texts, distinct = set(), set()
    with open(path, "w", encoding="utf-8") as f:
        for k in range(articles):
            rng = random.Random(k)
            picked = sorted(rng.sample(range(len(pool)), sentences_per_article))
            body = [_vary(pool[i], rng) for i in picked]
            text = " ".join(body)
            assert text not in texts
            texts.add(text)
            distinct.update(body)
            f.write(
                json.dumps(
                    {
                        "id": f"{k:03d}",
                        "outlet": f"Outlet {k % 23}",
                        "published": "2015-09-18",
                        "title": f"Syria talks, report {k}",
                        "text": text,
                    }
                )
                + "\n"
            )
    return len(distinct)
