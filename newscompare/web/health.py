"""GET /healthz: can this deployment work? The database, Redis, a Celery worker and celery
beat, each as {"ok", "required", "detail"}, and status 503 when a required one is down.

With REDIS_URL unset, tasks run inline in the web process (the embedded default): Redis,
workers and beat are then not used, so not required. With it set, all three are: uploads
wait for a worker, and stale runs wait for beat's sweeper. Workers and beat answer one
broadcast ping (beat does with beat_enable_remote_control, and stays silent while its
scheduler is stalled). An embedded beat (`worker -B`) does not answer: run beat on its own.
`manage.py healthcheck` prints the same report.
Errors are named by their class only: the page is public and says nothing of addresses."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

BEAT_NODE_PREFIX = "celerybeat@"


def _check(ok: bool, required: bool, detail: str) -> dict:
    return {"ok": ok, "required": required, "detail": detail}


def database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means the same to a monitor: down
        return _check(False, True, f"unreachable ({type(exc).__name__})")
    return _check(True, True, connection.vendor)


def redis() -> dict:
    if not settings.REDIS_URL:
        return _check(True, False, "not used: tasks run inline")
    import redis as redis_client

    try:
        client = redis_client.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except Exception as exc:
        return _check(False, True, f"unreachable ({type(exc).__name__})")
    return _check(True, True, "ping answered")


def celery_nodes() -> list[str]:
    """Names of the workers and beats that answer a ping within HEALTHZ_PING_TIMEOUT."""
    from newscompare.celery import app

    replies = app.control.ping(timeout=settings.HEALTHZ_PING_TIMEOUT)
    return sorted(name for reply in replies for name in reply)


def worker_and_beat(redis_check: dict) -> tuple[dict, dict]:
    if not settings.REDIS_URL:
        not_used = _check(True, False, "not used: tasks run inline")
        return not_used, not_used
    if not redis_check["ok"]:
        down = _check(False, True, "unreachable: no broker")
        return down, down
    try:
        nodes = celery_nodes()
    except Exception as exc:
        down = _check(False, True, f"unreachable ({type(exc).__name__})")
        return down, down
    beats = [n for n in nodes if n.startswith(BEAT_NODE_PREFIX)]
    workers = [n for n in nodes if not n.startswith(BEAT_NODE_PREFIX)]
    return (
        _check(bool(workers), True, f"{len(workers)} answered" if workers else "none answered"),
        _check(bool(beats), True, f"{len(beats)} answered" if beats else "none answered"),
    )


def checks() -> dict:
    redis_check = redis()
    worker, beat = worker_and_beat(redis_check)
    return {"database": database(), "redis": redis_check, "worker": worker, "beat": beat}


def report() -> dict:
    results = checks()
    healthy = all(c["ok"] for c in results.values() if c["required"])
    return {"status": "ok" if healthy else "down", "checks": results}


@require_GET
@never_cache
def healthz(request) -> JsonResponse:
    body = report()
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)
