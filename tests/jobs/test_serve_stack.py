"""`make serve` as a newsroom runs it: gunicorn, a Celery worker and celery beat under honcho,
against PostgreSQL (a private database on the machine's server) and a private Redis, on a
free loopback port, with production settings (HTTPS behind a proxy, so requests carry the
X-Forwarded-Proto header the proxy in deploy/nginx.conf sets). A script uploads the seed
story through the API with a token, a real worker indexes it, the story page is read through
gunicorn, and one Ctrl-C stops all three processes."""

import json
import os
import re
import signal
import subprocess

import psutil
import pytest
import urllib3

from tests.conftest import ROOT, SEED, free_port, manage, wait_for_port

from .helpers import job_env, wait_until

PROXIED = {"X-Forwarded-Proto": "https", "Host": "localhost"}
SLUG = "seed-syria-2015"


class Site:
    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.http = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(30))

    def request(self, method, path, headers=None, **kwargs):
        return self.http.request(
            method, self.base + path, headers={**PROXIED, **(headers or {})}, **kwargs
        )


def serve_env(postgres_url, redis_server, tmp_path, port) -> dict:
    env = job_env(postgres_url, tmp_path, redis=redis_server)
    for name in ("DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY", "NEWSCOMPARE_HTTPS"):
        env.pop(name, None)  # production settings, as a deployment has them
    env.update(
        PORT=str(port),
        WEB_CONCURRENCY="2",
        WORKER_CONCURRENCY="1",
        OMP_NUM_THREADS="1",
        # the index run's clocks stay at their production values
        INDEX_HEARTBEAT_SECONDS="10",
        INDEX_STALE_AFTER="60",
        INDEX_SWEEP_SECONDS="60",
        INDEX_REQUEUE_AFTER="600",
    )
    return env


def started_pids(log_text: str) -> dict:
    return {m[0]: int(m[1]) for m in re.findall(r"(\w+)\.\d+ started \(pid=(\d+)\)", log_text)}


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.slow
def test_make_serve_runs_the_stack_that_indexes_an_upload_and_serves_the_story(
    postgres_url, redis_server, tmp_path
):
    port = free_port()
    env = serve_env(postgres_url, redis_server, tmp_path, port)
    log_path = tmp_path / "serve.log"
    # -o .venv/.installed: the test runs in the installed checkout; `make serve` would only
    # re-check the pinned requirements here.
    stack = subprocess.Popen(
        ["make", "-s", "-o", ".venv/.installed", "serve"],
        cwd=ROOT,
        env=env,
        stdout=open(log_path, "wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    site = Site(port)
    try:
        wait_for_port(port, timeout=180)
        health = wait_until(
            lambda: (r := site.request("GET", "/healthz")).status == 200 and json.loads(r.data),
            "the worker and beat to answer /healthz",
            timeout=180,
            every=1,
        )
        assert {name: c["ok"] for name, c in health["checks"].items()} == {
            "database": True,
            "redis": True,
            "worker": True,
            "beat": True,
        }

        manage(
            "createsuperuser",
            "--noinput",
            "--username",
            "editor",
            "--email",
            "editor@example.org",
            env=env,
        )
        token = manage("api_token", "editor", env=env).stdout.strip()
        files = [
            ("files", (path.name, path.read_bytes(), "text/plain"))
            for path in sorted(SEED.glob("*.txt"))
        ]
        upload = site.request(
            "POST",
            f"/api/stories/{SLUG}/articles",
            headers={"Authorization": f"Token {token}"},
            fields=files,
        )
        assert upload.status == 200, upload.data
        answer = json.loads(upload.data)
        assert answer["counts"]["accepted"] == len(files)

        def indexed():
            r = site.request(
                "GET",
                f"/api/uploads/{answer['upload']}",
                headers={"Authorization": f"Token {token}"},
            )
            state = (json.loads(r.data).get("indexing") or {}).get("state")
            assert state != "failed", r.data
            return state == "done"

        wait_until(indexed, "the worker to index the upload", timeout=600, every=1)

        page = site.request("GET", f"/stories/{SLUG}/")
        assert page.status == 200
        html = page.data.decode()
        assert 'class="matrix"' in html and "claim" in html
        assert "script-src 'self'" in page.headers["Content-Security-Policy"]
        assert page.headers["Strict-Transport-Security"].startswith("max-age=")
        css_path = re.search(r'href="(/static/css/app\.css)"', html)[1]
        css = site.request("GET", css_path, headers={"Accept-Encoding": "gzip"})
        assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")
        assert b".matrix" in css.data, "whitenoise serves the collected file"

        plain = site.request("GET", f"/stories/{SLUG}/", headers={"X-Forwarded-Proto": "http"})
        assert plain.status == 301 and plain.headers["Location"].startswith("https://")
    finally:
        # Ctrl-C, as at the terminal: make, honcho and the three process groups stop.
        try:
            os.killpg(stack.pid, signal.SIGINT)
        except ProcessLookupError:
            pass
        try:
            stack.wait(90)
        except subprocess.TimeoutExpired:
            os.killpg(stack.pid, signal.SIGKILL)
            pytest.fail("make serve did not stop within 90 s of Ctrl-C")

    log = log_path.read_text(errors="replace")
    pids = started_pids(log)
    assert set(pids) == {"web", "worker", "beat"}, log[-3000:]
    for name in pids:
        assert re.search(rf"{name}\.\d+ stopped \(rc=", log), f"{name} did not stop:\n{log[-3000:]}"
    assert "SIGKILL" not in log, "every process stopped when asked, none had to be killed"
    alive = [
        p for p in pids.values() if psutil.pid_exists(p) and psutil.Process(p).status() != "zombie"
    ]
    assert not alive
    with pytest.raises(RuntimeError):
        wait_for_port(port, timeout=1)
