"""Celery tasks: thin wrappers that take ids and call the runner.

Delivery is at least once (acks_late, reject_on_worker_lost); the IndexRun row turns that
into exactly-once indexing: a delivery whose run is done, failed or held by a live worker
does nothing."""

import logging

from celery import shared_task

from newscompare.news.models import IndexRun, Story

from . import leases, runner

log = logging.getLogger(__name__)


@shared_task(name="newscompare.index_story", bind=True, max_retries=8)
def index_story(self, story_id: int, run_id: int | None = None) -> int | None:
    """Index one story; returns the IndexRun id. Retries only when the database is away."""
    run = None
    try:
        story = Story.objects.filter(pk=story_id).first()
        if story is None:
            return run_id  # deleted while queued; its runs went with it
        if not run_id:
            run_id = leases.start_run(story).pk
        run = leases.claim_run(run_id, self.request.id or "")
        if run is None:
            log.info("run %s is done, failed or held by a live worker: nothing to do", run_id)
            return run_id
        runner.run_index(run)
    except leases.RunSuperseded:
        return run_id
    except Exception as exc:
        if not leases.is_transient(exc):
            raise
        if run is not None:
            leases.release_for_retry(run, exc)
        # The retry keeps this task id, which lets it take the run back even if the release failed.
        raise self.retry(exc=exc, countdown=min(2**self.request.retries, 60)) from exc
    return run_id


def send_index(run: IndexRun) -> None:
    """Send (or re-send) the message for a queued run."""
    index_story.apply_async((run.story_id, run.pk))


def enqueue_index(story: Story) -> IndexRun:
    """Queue indexing of a story (inline on the embedded default) and return its run.

    A run still waiting in the queue picks up every article when it starts, so it is
    reused rather than queued twice."""
    run = story.index_runs.filter(state=IndexRun.State.QUEUED).order_by("-pk").first()
    if run is not None:
        if index_story.app.conf.task_always_eager:
            send_index(run)
            run.refresh_from_db()
        return run
    run = leases.start_run(story)
    send_index(run)
    run.refresh_from_db()
    return run


def enqueue_stale() -> list[IndexRun]:
    """Queue every story whose index is stale and that has no run waiting or running."""
    runs = []
    for story in runner.stale_stories().exclude(
        index_runs__state__in=[IndexRun.State.QUEUED, IndexRun.State.RUNNING]
    ):
        runs.append(enqueue_index(story))
    return runs


@shared_task(name="newscompare.sweep_index_runs")
def sweep_index_runs() -> list[int]:
    """Periodic: re-send runs whose worker died or whose message the broker lost."""
    swept = leases.sweep_runs(send_index)
    if swept:
        log.warning("re-sent index runs %s", swept)
    return swept


@shared_task(name="newscompare.reindex_stale")
def reindex_stale() -> list[int]:
    """Periodic: bring stories made by an older pipeline or model up to date."""
    return [run.pk for run in enqueue_stale()]
