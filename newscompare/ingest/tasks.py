"""The upload job: fetch the batch's pending URLs, then queue indexing of the story."""
import logging

from celery import shared_task

from newscompare.news import services
from newscompare.pipeline.tasks import enqueue_index

from .fetch import FetchError, fetch_url
from .models import UploadBatch, UploadItem
from .readers import read_fetched
from .records import Rejection

log = logging.getLogger(__name__)
Status = UploadItem.Status


def fetch_item(item: UploadItem):
    """Fetch one URL item and store what it holds; the item gets the result."""
    story = item.batch.story
    try:
        fetched = fetch_url(item.source)
        from .uploads import url_external_id

        records = list(read_fetched(item.source, fetched, url_external_id(item.source)))
    except FetchError as exc:
        records = [Rejection(item.source, str(exc))]
    except Exception:  # noqa: BLE001 - one URL's surprise must not stop the others
        log.exception("fetching %s failed", item.source)
        records = [Rejection(item.source, "the page could not be fetched because of an error on our side")]
    result = services.add_article(story, records[0])
    item.status, item.message, item.article = result.status, result.message, result.article
    item.save(update_fields=["status", "message", "article"])


@shared_task(name="newscompare.process_upload")
def process_upload(batch_id: int) -> int:
    batch = UploadBatch.objects.select_related("story").get(pk=batch_id)
    for item in batch.items.filter(kind=UploadItem.Kind.URL, status=Status.PENDING).order_by("position"):
        item.batch = batch
        fetch_item(item)
    if batch.items.filter(status=Status.ACCEPTED).exists():
        try:
            run = enqueue_index(batch.story)
        except Exception as exc:  # noqa: BLE001 - eager indexing re-raises; the run row holds the detail
            batch.job_state, batch.job_error = UploadBatch.JobState.FAILED, f"indexing failed: {exc}"
            batch.save(update_fields=["job_state", "job_error"])
            raise
        batch.index_run = run
    batch.job_state = UploadBatch.JobState.DONE
    batch.save(update_fields=["job_state", "index_run"])
    return batch.id
