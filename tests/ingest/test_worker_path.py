"""The production path: PostgreSQL, Redis and a real Celery worker. The web request only
stores files and leaves URLs pending; the worker fetches the URLs and indexes the story."""

import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import ROOT, free_port, manage, project_env, wait_for_port

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

PAGE = b"""<html><head><title>Storm closes the port</title></head><body><article>
<p>The port was closed on Sunday as the storm brought winds of 120 kilometres an hour,
the harbour master said.</p>
<p>Ferries to the islands were cancelled until Tuesday, and 40 fishing boats stayed in the
harbour.</p>
</article></body></html>"""


class Page(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)


@pytest.fixture
def web():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def site(postgres_url, redis_server, start_worker, tmp_path):
    env = project_env(
        DATABASE_URL=postgres_url,
        REDIS_URL=redis_server.url,
        NEWSCOMPARE_VAR_DIR=str(tmp_path),
        INGEST_URL_ALLOW_LOOPBACK="1",
    )
    manage("migrate", "--noinput", env=env)
    manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; User.objects.create_superuser('bot', "
        "password='x')",
        env=env,
    )
    key = manage("api_token", "bot", "--name", "tests", env=env).stdout.strip()
    start_worker(env)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=open(tmp_path / "web.log", "ab"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, timeout=60)
        yield f"http://127.0.0.1:{port}", key
    finally:
        server.terminate()
        server.wait(20)


def test_the_worker_fetches_urls_and_indexes_after_the_request_returned(site, web):
    import urllib3

    base, key = site
    headers = {"Authorization": f"Token {key}"}
    response = urllib3.request(
        "POST",
        f"{base}/api/stories/storm/articles",
        headers=headers,
        timeout=60,  # urllib3.request's default is 3 s; the server's first request loads models
        fields={
            "files": (
                "wire.txt",
                b"Ferries to the islands were cancelled until Tuesday because of the storm, "
                b"the operator said on Sunday.",
                "text/plain",
            ),
            "urls": f"{web}/storm.html",
        },
    )
    assert response.status == 202
    body = response.json()
    assert [(i["source"], i["status"], i["message"]) for i in body["items"]] == [
        ("wire.txt", "accepted", "stored as article wire"),
        (f"{web}/storm.html", "pending", "waiting to be fetched"),
    ]

    deadline = time.monotonic() + 300  # a wait for the worker, not a speed check
    while time.monotonic() < deadline:
        later = urllib3.request("GET", body["results_url"], headers=headers, timeout=60).json()
        if (
            later["job"] == "done"
            and later["indexing"]
            and later["indexing"]["state"] in ("done", "failed")
        ):
            break
        time.sleep(1)
    assert later["items"][1]["status"] == "accepted", json.dumps(later)
    assert later["items"][1]["message"].startswith("stored as article url-")
    assert later["indexing"]["state"] == "done"


def test_an_upload_without_a_story_is_grouped_and_each_story_indexed_by_the_worker(site):
    import urllib3

    from tests.grouping.events import EVENTS, event_of, records

    base, key = site
    headers = {"Authorization": f"Token {key}"}
    feed = "\n".join(json.dumps(r) for r in records()).encode()
    response = urllib3.request(
        "POST",
        f"{base}/api/articles",
        headers=headers,
        fields={"files": ("feed.jsonl", feed, "application/json")},
        timeout=300,  # grouping embeds in the request; the model loads on first use
    )
    body = response.json()
    assert response.status in (200, 202), body
    assert body["story"] is None
    assert len(body["stories"]) == len(EVENTS)
    by_story = {}
    for item in body["items"]:
        assert item["status"] == "accepted"
        by_story.setdefault(item["story"], set()).add(event_of(item["article"]))
    assert all(len(events) == 1 for events in by_story.values())

    deadline = time.monotonic() + 300  # a wait for the worker, not a speed check
    while time.monotonic() < deadline:
        later = urllib3.request("GET", body["results_url"], headers=headers).json()
        states = [(s["indexing"] or {}).get("state") for s in later["stories"]]
        if all(state in ("done", "failed") for state in states):
            break
        time.sleep(1)
    assert states == ["done"] * len(EVENTS), json.dumps(later)
