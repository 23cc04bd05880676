"""Shared fixtures. Real services only: a private PostgreSQL database on the machine's
server, a private redis-server, real Celery worker processes, Debian's Chromium."""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from newscompare.lib.ports import (  # noqa: F401  (fixtures and tests use them)
    celery_worker_command,
    free_port,
    start_redis_server,
    stop_process_group,
    wait_for_port,
)

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls
# there unless told this is safe (it is: the loop is idle while the test code runs).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "demo" / "seed-syria-2015"
PG_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
OUTPUT = ROOT / "test-output"


def pytest_configure(config):
    """The test client and the live server speak plain HTTP to the app in this process, as
    `NEWSCOMPARE_HTTPS=0` would: no redirect to https, cookies sent over http. Everything
    else is production's (CSP, login, rate limits); tests/web/test_security.py checks the
    HTTPS settings through `manage.py check --deploy` and a served response."""
    from django.test.utils import override_settings

    override_settings(
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        SECURE_HSTS_SECONDS=0,
    ).enable()


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with the dashboard's page cache empty: test databases reuse ids, so
    another test's cached pages could otherwise match this test's keys."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def seed_dir():
    return SEED


@pytest.fixture
def postgres_url():
    """A fresh, empty PostgreSQL database on the real server, dropped afterwards."""
    import psycopg

    name = f"nc_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    yield url
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def _pgvector_server():
    """PostgreSQL 16 with pgvector from the `pgserver` wheel, for the pgvector paths: the
    machine's own server (Debian 12's PostgreSQL 15) has no pgvector package. On a Unix
    socket in a private folder, stopped and removed at the end of the session. The folder
    is not under pytest's tmp_path: as root, pgserver runs postgres as another user, and
    every pytest session start makes /tmp/pytest-of-root private again."""
    import tempfile

    import pgserver

    folder = tempfile.mkdtemp(prefix="nc-test-pgvector-")
    server = pgserver.get_server(folder, cleanup_mode="stop")
    yield server
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pgvector_url(_pgvector_server):
    """A fresh database with the vector extension on the pgserver instance, dropped afterwards."""
    import psycopg

    admin = _pgvector_server.get_uri()
    name = f"nc_vec_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin.replace("/postgres?", f"/{name}?", 1)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION vector")
    yield url
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class RedisServer:
    def __init__(self, port: int, workdir: Path):
        self.port, self.workdir, self.proc = port, workdir, None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = start_redis_server(self.port, self.workdir)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


@pytest.fixture
def redis_server(tmp_path):
    """A private redis-server on a free port, so the machine's shared one is never disturbed."""
    server = RedisServer(free_port(), tmp_path)
    server.start()
    yield server
    server.stop()


def project_env(**extra) -> dict:
    env = dict(os.environ)
    env.pop("DJANGO_DEBUG", None)
    # one ONNX export for the whole run, not one per child's own var/ folder
    env.setdefault("NEWSCOMPARE_ONNX_DIR", str(ROOT / "var" / "onnx"))
    # servers the tests start speak plain http, as the in-process ones do (pytest_configure)
    env["NEWSCOMPARE_HTTPS"] = "0"
    env.update({"HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}, **extra)
    return env


def manage(*args, env, check=True, timeout=600) -> subprocess.CompletedProcess:
    """Run manage.py in a child process with its own environment (database, broker)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
        check=check,
        timeout=timeout,
    )


class Worker:
    """A real `celery -A newscompare worker` process."""

    def __init__(self, env: dict, log: Path):
        self.env, self.log, self.proc = env, log, None

    def extra_args(self) -> list[str]:
        return []

    def start(self):
        self.proc = subprocess.Popen(
            celery_worker_command(*self.extra_args()),
            cwd=ROOT,
            env=self.env,
            stdout=open(self.log, "ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def stop(self):
        if self.proc:
            stop_process_group(self.proc)


@pytest.fixture
def start_worker(tmp_path):
    """Start workers (of class `kind`) with a given environment; all are stopped at the end
    of the test."""
    workers = []

    def start(env: dict, kind: type[Worker] = Worker) -> Worker:
        worker = kind(env, tmp_path / f"{kind.__name__.lower()}{len(workers)}.log").start()
        workers.append(worker)
        return worker

    yield start
    for w in workers:
        w.stop()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser page; a screenshot is saved under test-output/ when the test ends."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors
    yield pg
    OUTPUT.mkdir(exist_ok=True)
    try:
        pg.screenshot(path=str(OUTPUT / f"{request.node.name}.png"), full_page=True)
    finally:
        context.close()
