"""Who works on an indexing run: leases, heartbeats, retries and the sweeper.

The IndexRun row is the source of truth for background work, not the broker:
- a worker *claims* a run (queued -> running) under a row lock and gets a lease number
  (`attempts`); every later write of that worker (heartbeat, progress, the final commit)
  is conditional on still holding that lease (`held`), so two deliveries of one task never
  both commit, and a worker presumed dead can never overwrite its successor's work;
- a transient database error gives the run back to the queue (`release_for_retry`);
- `sweep_runs` re-sends runs whose holder stopped heartbeating, or whose message the
  broker lost, so a killed worker or a restarted Redis costs time, not work.
The indexing itself (and its one-transaction commit) is runner.py's.
"""

import logging
import os
import socket
import threading
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from newscompare.news.models import IndexRun, Story
from newscompare.pipeline import current_versions

log = logging.getLogger(__name__)


class RunSuperseded(Exception):
    """This worker no longer holds the run (another worker claimed it after a lost heartbeat)."""


def start_run(story: Story) -> IndexRun:
    version, model_id = current_versions()
    return IndexRun.objects.create(
        story=story,
        state=IndexRun.State.QUEUED,
        pipeline_version=version,
        model_id=model_id,
        enqueued_at=timezone.now(),
    )


def setting(name, default) -> Any:
    return getattr(settings, name, default)


def claim_run(run_id: int, task_id: str = "") -> IndexRun | None:
    """Take the run for this worker; None when it is done, failed, or alive elsewhere.

    A run can be taken when it is queued, or running under the same Celery task id (the
    broker redelivered the message of a worker that died, or the task is retrying)."""
    with transaction.atomic():
        run = IndexRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            return None
        takeover = run.state == IndexRun.State.RUNNING and task_id and run.task_id == task_id
        if run.state != IndexRun.State.QUEUED and not takeover:
            return None
        if run.attempts >= setting("INDEX_MAX_ATTEMPTS", 25):
            run.state, run.finished_at = IndexRun.State.FAILED, timezone.now()
            run.error = f"gave up after {run.attempts} attempts; last: {run.error}"
            run.save(update_fields=["state", "finished_at", "error"])
            return None
        now = timezone.now()
        run.pipeline_version, run.model_id = current_versions()
        run.state, run.attempts, run.task_id = (
            IndexRun.State.RUNNING,
            run.attempts + 1,
            task_id or "",
        )
        run.worker = f"{socket.gethostname()}:{os.getpid()}"
        run.started_at = run.started_at or now
        run.heartbeat_at = now
        run.save(
            update_fields=[
                "pipeline_version",
                "model_id",
                "state",
                "attempts",
                "task_id",
                "worker",
                "started_at",
                "heartbeat_at",
            ]
        )
    return run


def held(run: IndexRun) -> QuerySet[IndexRun]:
    """The run's row, only while this worker still holds it."""
    return IndexRun.objects.filter(pk=run.pk, state=IndexRun.State.RUNNING, attempts=run.attempts)


class Heartbeat:
    """Beats for a held run from a thread, so a live worker stays visibly alive while it
    loads the model or encodes a large batch. A beat that finds the run taken over marks
    the lease lost; the indexing thread checks that at every progress step."""

    def __init__(self, run: IndexRun, interval: float):
        self.run, self.interval, self.lost = run, interval, False
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._loop, name=f"heartbeat-run-{run.pk}", daemon=True
        )

    def __enter__(self):
        # SQLite (the embedded default, eager tasks) allows one writer; the progress
        # callback's beats are enough there.
        if connections["default"].vendor != "sqlite":
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(self.interval + 30)

    def _loop(self):
        try:
            while not self._stop.wait(self.interval):
                try:
                    if not held(self.run).update(heartbeat_at=timezone.now()):
                        self.lost = True
                        return
                except Exception as exc:  # the database may be briefly away; try again next beat
                    log.warning("heartbeat of run %s failed: %s", self.run.pk, exc)
                    connections["default"].close()
        finally:
            connections.close_all()


def is_transient(exc: BaseException) -> bool:
    """Errors worth retrying: the database connection dropped or the server went away."""
    from django.db import InterfaceError, OperationalError

    return isinstance(exc, (OperationalError, InterfaceError))


def release_for_retry(run: IndexRun, exc: BaseException) -> None:
    """Give a run back to the queue after a transient error, noting why."""
    connections["default"].close()  # a dropped connection is unusable; open a fresh one
    try:
        held(run).update(
            state=IndexRun.State.QUEUED,
            enqueued_at=timezone.now(),
            resends=0,
            error=f"retrying after {type(exc).__name__}: {exc}"[:2000],
        )
    except Exception as again:  # the database is still away; the retry will take the run back
        log.warning("run %s: could not note the retry: %s", run.pk, again)
        connections["default"].close()


def sweep_runs(send) -> list[int]:
    """Re-send runs nobody is working on; returns their ids. `send(run)` sends a message.

    - running, but the holder's heartbeat stopped: the worker died; back to queued;
    - queued, and its message is older than INDEX_REQUEUE_AFTER (doubling with each
      re-send): the broker may have lost it (e.g. Redis restarted without persistence);
      a duplicate message is harmless, because only one delivery can claim the run.
    Each run is taken by a conditional UPDATE, so sweepers running at once re-send it once."""
    now = timezone.now()
    stale = now - timedelta(seconds=setting("INDEX_STALE_AFTER", 60))
    requeue_after = timedelta(seconds=setting("INDEX_REQUEUE_AFTER", 600))
    lost = now - requeue_after
    sent = []
    dead = IndexRun.objects.filter(
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True), state=IndexRun.State.RUNNING
    )
    for run in dead:
        taken = IndexRun.objects.filter(
            pk=run.pk, state=IndexRun.State.RUNNING, attempts=run.attempts
        ).update(
            state=IndexRun.State.QUEUED,
            enqueued_at=now,
            task_id="",
            resends=0,
            error=_stopped(run),
        )
        if taken:
            sent.append(run)
    waiting = IndexRun.objects.filter(
        Q(enqueued_at__lt=lost) | Q(enqueued_at__isnull=True), state=IndexRun.State.QUEUED
    )
    for run in waiting:
        # Behind a long backlog a message is merely waiting, not lost: each re-send of the
        # same run waits twice as long as the one before, so duplicates stay few.
        if run.enqueued_at and run.enqueued_at > now - requeue_after * 2 ** min(run.resends, 10):
            continue
        if IndexRun.objects.filter(
            pk=run.pk, state=IndexRun.State.QUEUED, enqueued_at=run.enqueued_at
        ).update(enqueued_at=now, resends=F("resends") + 1):
            sent.append(run)
    for run in sent:
        send(run)
    return [run.pk for run in sent]


def _stopped(run: IndexRun) -> str:
    """Why a run went back to the queue when its worker stopped beating."""
    if run.heartbeat_at:
        return (
            f"worker {run.worker} stopped (last heartbeat {run.heartbeat_at:%H:%M:%S}); re-queued"
        )
    return f"worker {run.worker} stopped; re-queued"
