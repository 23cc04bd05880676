"""The upload job, as thin Celery tasks that take ids: one task per pending URL (so more
workers fetch more URLs at once, and no single task runs into the time limit), and the
last one to finish queues indexing of the story."""

import logging

from celery import shared_task
from django.db import transaction

from newscompare.lib.external_ids import url_external_id
from newscompare.news import services
from newscompare.news.records import Rejection
from newscompare.pipeline.placement import ingest_unsorted
from newscompare.pipeline.tasks import enqueue_index

from .fetch import FetchError, fetch_url
from .models import UploadBatch, UploadItem
from .readers import read_fetched

log = logging.getLogger(__name__)
Status = UploadItem.Status


@shared_task(name="newscompare.process_upload")
def process_upload(batch_id: int) -> int:
    pending = list(
        UploadItem.objects.filter(
            batch_id=batch_id, kind=UploadItem.Kind.URL, status=Status.PENDING
        )
        .order_by("position")
        .values_list("id", flat=True)
    )
    for item_id in pending:
        fetch_upload_url.delay(item_id)
    if not pending:
        finish_upload(batch_id)
    return batch_id


@shared_task(name="newscompare.fetch_upload_url")
def fetch_upload_url(item_id: int) -> int:
    item = UploadItem.objects.select_related("batch__story").get(pk=item_id)
    if item.status == Status.PENDING:  # a redelivered task finds it done and only finishes
        fetch_item(item)
    finish_upload(item.batch_id)
    return item_id


def fetch_item(item: UploadItem) -> None:
    """Fetch one URL item and store what it holds; the item gets the result."""
    try:
        fetched = fetch_url(item.source)
        records = list(read_fetched(item.source, fetched, url_external_id(item.source)))
    except FetchError as exc:
        records = [Rejection(item.source, str(exc))]
    except Exception:  # noqa: BLE001 - one URL's surprise must not stop the others
        log.exception("fetching %s failed", item.source)
        records = [
            Rejection(item.source, "the page could not be fetched because of an error on our side")
        ]
    if item.batch.story_id:
        result = services.add_article(item.batch.story, records[0])
    else:
        result = ingest_unsorted(records[:1])[0]
    item.status, item.message, item.article = result.status, result.message, result.article
    item.save(update_fields=["status", "message", "article"])


def finish_upload(batch_id: int) -> None:
    """Once no item is pending, mark the batch done and queue indexing, exactly once: the
    row lock makes concurrent last fetches take turns."""
    with transaction.atomic():
        batch = (
            UploadBatch.objects.select_for_update(of=("self",))
            .select_related("story")
            .get(pk=batch_id)
        )
        if (
            batch.job_state != UploadBatch.JobState.PENDING
            or batch.items.filter(status=Status.PENDING).exists()
        ):
            return
        batch.job_state = UploadBatch.JobState.DONE
        batch.save(update_fields=["job_state"])
        needs_index = batch.items.filter(status=Status.ACCEPTED).exists()
    if not needs_index:
        return
    try:
        for story in batch.stories():  # one when the upload named its story
            batch.index_run = enqueue_index(story)
    except Exception as exc:  # eager indexing re-raises; the IndexRun row holds the detail
        batch.job_state, batch.job_error = UploadBatch.JobState.FAILED, f"indexing failed: {exc}"
        batch.save(update_fields=["job_state", "job_error"])
        raise
    batch.save(update_fields=["index_run"])
