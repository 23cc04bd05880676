"""An upload, from the admin page or the API: files are read and stored in the request
(cheap: parsing and one row per article); URLs are only checked for form and kept as
pending items. Fetching them and indexing the story happen in the background job
(tasks.process_upload), so the request returns as soon as the files are stored."""

import logging
import threading

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import transaction

from newscompare.news import services
from newscompare.news.models import Story
from newscompare.pipeline.placement import ingest_unsorted

from .fetch import FetchError, check_url
from .models import UploadBatch, UploadItem
from .readers import read_upload, too_big

log = logging.getLogger(__name__)
Status = UploadItem.Status


class OversizeFile:
    """Stands in for an uploaded file whose bytes past the cap were never kept."""

    def __init__(self, name: str, limit: int):
        self.name, self.limit = name, limit


def store_files(story: Story | None, files, position: int = 0) -> list[UploadItem]:
    """UploadItems (unsaved) for every record in `files`: (name, binary stream) pairs or
    OversizeFile. Accepted articles are stored as we go, each in its own transaction; with
    no story, each goes where grouping places it (all the upload's records as one batch)."""
    items = []
    unsorted = []  # (item, record) pairs waiting for grouping
    for upload in files:
        if isinstance(upload, OversizeFile):
            items.append(
                UploadItem(
                    position=position,
                    source=upload.name,
                    status=Status.REJECTED,
                    message=too_big(upload.limit),
                )
            )
            position += 1
            continue
        name, stream = upload
        try:
            for record in read_upload(name, stream):
                item = UploadItem(position=position)
                if story is None:
                    unsorted.append((item, record))
                else:
                    _fill(item, services.add_article(story, record))
                items.append(item)
                position += 1
        except Exception:  # noqa: BLE001 - one file's surprise must not cost the user the others
            log.exception("reading uploaded file %s failed", name)
            items.append(
                UploadItem(
                    position=position,
                    source=name,
                    status=Status.REJECTED,
                    message="the file could not be read because of an error on our side; "
                    "the other files were processed",
                )
            )
            position += 1
    if unsorted:
        results = ingest_unsorted([record for _, record in unsorted])
        for (item, _), result in zip(unsorted, results, strict=True):
            _fill(item, result)
    return items


def _fill(item: UploadItem, result):
    item.source, item.status = result.source[:2100], result.status
    item.message, item.article = result.message, result.article


def url_items(urls_text: str, position: int = 0) -> list[UploadItem]:
    """UploadItems (unsaved) for a box of URLs, one a line: pending, or rejected at once
    when the line is not an acceptable address. No network here."""
    items, seen = [], set()
    lines = [line.strip() for line in (urls_text or "").splitlines()]
    for line in filter(None, lines):
        source = line[:2000]
        if len(seen) >= settings.INGEST_MAX_URLS:
            status, message = (
                Status.REJECTED,
                f"more than {settings.INGEST_MAX_URLS} URLs in one upload; not fetched",
            )
        elif len(line) > 2000:
            status, message = Status.REJECTED, "the address is longer than 2000 characters"
        elif line in seen:
            status, message = Status.SKIPPED, "the same URL appears earlier in this upload"
        else:
            try:
                check_url(line)
                status, message = Status.PENDING, "waiting to be fetched"
            except FetchError as exc:
                status, message = Status.REJECTED, str(exc)
            seen.add(line)
        items.append(
            UploadItem(
                position=position,
                kind=UploadItem.Kind.URL,
                source=source,
                status=status,
                message=message,
            )
        )
        position += 1
    return items


def receive_upload(
    story: Story | None, files=(), urls_text: str = "", user=None, via=UploadBatch.Via.ADMIN
) -> UploadBatch:
    # One transaction for the whole upload: one commit instead of one per article (on
    # SQLite each commit is a disk sync). Each article still has its own savepoint inside
    # add_article, so a failed one leaves nothing behind and the others stand.
    with transaction.atomic():
        batch = UploadBatch.objects.create(
            story=story, via=via, created_by=user if user and user.is_authenticated else None
        )
        items = store_files(story, files)
        items += url_items(urls_text, position=len(items))
        for item in items:
            item.batch = batch
        UploadItem.objects.bulk_create(items, batch_size=500)
    if any(i.status in (Status.PENDING, Status.ACCEPTED) for i in items):
        schedule_upload_job(batch)
    else:
        batch.job_state = UploadBatch.JobState.DONE
        batch.save(update_fields=["job_state"])
    return batch


# --- running the job after the response ---------------------------------------------------

_local = threading.local()


def schedule_upload_job(batch: UploadBatch) -> None:
    """With a broker, queue the job once the rows are committed. On the embedded default
    (Celery eager) run it after the response has been sent, in the same thread: the user
    gets the per-file table at once and the page polls for URL and indexing results."""
    from .tasks import process_upload

    if not settings.CELERY_TASK_ALWAYS_EAGER:
        transaction.on_commit(lambda: process_upload.delay(batch.id))
    elif getattr(_local, "after_response", None) is not None:
        _local.after_response.append(batch.id)
    else:  # not in a web request (a script, a shell): nothing to wait for
        process_upload.apply(args=[batch.id])


def _request_started(**kwargs):
    _local.after_response = []


def _request_finished(**kwargs):
    from .tasks import process_upload

    pending, _local.after_response = getattr(_local, "after_response", None) or [], None
    for batch_id in pending:
        try:
            process_upload.apply(args=[batch_id])
        except Exception:  # noqa: BLE001 - the response is gone; the batch row says what failed
            log.exception("upload job for batch %s failed", batch_id)


request_started.connect(_request_started, dispatch_uid="ingest_after_response_start")
request_finished.connect(_request_finished, dispatch_uid="ingest_after_response_finish")
