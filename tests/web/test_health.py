"""GET /healthz and `manage.py healthcheck`: the database, Redis, a worker and beat, each
checked for real (a private redis-server, real celery worker and beat processes)."""

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, Worker, free_port, manage
from tests.jobs.helpers import job_env, wait_until


@pytest.mark.django_db
def test_it_is_healthy_on_the_embedded_default_where_only_the_database_is_needed(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True, "required": True, "detail": "sqlite"}
    for name in ("redis", "worker", "beat"):
        assert body["checks"][name]["required"] is False
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_it_answers_503_when_the_broker_is_down(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    response = client.get("/healthz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["redis"]["ok"] is False and checks["redis"]["required"] is True
    assert checks["worker"]["ok"] is False and checks["beat"]["ok"] is False
    assert "127.0.0.1" not in json.dumps(checks), "no addresses on a public page"


def test_it_only_answers_get(client):
    assert client.post("/healthz").status_code == 405


class Beat(Worker):
    """A real `celery -A newscompare beat` process."""

    def start(self):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "newscompare", "beat", "--loglevel=INFO"],
            cwd=ROOT,
            env=self.env,
            stdout=open(self.log, "ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self


def healthcheck(env) -> tuple[int, dict]:
    result = manage("healthcheck", env=env, check=False, timeout=60)
    return result.returncode, json.loads(result.stdout)


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.slow
def test_it_sees_the_worker_and_beat_come_and_go(
    postgres_url, redis_server, start_worker, tmp_path
):
    env = job_env(postgres_url, tmp_path, redis=redis_server)
    manage("migrate", "--noinput", env=env)
    code, report = healthcheck(env)
    assert code == 1 and report["status"] == "down"
    assert report["checks"]["database"]["ok"] and report["checks"]["redis"]["ok"]
    assert not report["checks"]["worker"]["ok"] and not report["checks"]["beat"]["ok"]

    start_worker(env)
    beat = start_worker(env, Beat)
    code, report = wait_until(lambda: (r := healthcheck(env))[0] == 0 and r, "all to answer")
    assert report["checks"]["database"]["detail"] == "postgresql"
    assert report["checks"]["worker"]["detail"] == "1 answered"
    assert report["checks"]["beat"]["detail"] == "1 answered"

    beat.stop()
    code, report = healthcheck(env)
    assert code == 1
    assert report["checks"]["worker"]["ok"] and not report["checks"]["beat"]["ok"]

    redis_server.stop()
    code, report = healthcheck(env)
    assert code == 1 and not report["checks"]["redis"]["ok"]
