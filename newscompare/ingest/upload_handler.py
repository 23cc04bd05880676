"""Receiving uploaded files without trusting their size. Each file is kept in a spooled
temporary file (memory up to 256 KB, then disk; at most 16 MB of memory for the whole
request) and nothing past INGEST_MAX_FILE_BYTES is kept at all: the rest of that file is
read off the wire and dropped, so the other files in the request still arrive. Past
INGEST_MAX_UPLOAD_BYTES for the whole request the upload stops reading altogether."""

import io
import tempfile

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from newscompare.lib.sizes import human_size

from .uploads import OversizeFile

SPOOL_BYTES = 256 * 1024
MEMORY_BUDGET_BYTES = 16 * 1024 * 1024


def upload_too_large_message() -> str:
    return (
        f"the upload is larger than the {human_size(settings.INGEST_MAX_UPLOAD_BYTES)} limit for "
        f"one upload; "
        f"nothing was stored (send fewer or smaller files at a time)"
    )


def too_many_files_message() -> str:
    return (
        f"the upload holds more than {settings.INGEST_MAX_FILES} files, the limit for one "
        "upload; nothing was stored"
    )


class OversizeUploadedFile(UploadedFile):
    def __init__(self, name, limit):
        super().__init__(file=io.BytesIO(b""), name=name, size=0)
        self.oversize = OversizeFile(name, limit)


class CappedUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.total = self.in_memory = 0
        self.upload_too_large = False

    def handle_raw_input(
        self, input_data, META, content_length, boundary, encoding=None
    ) -> tuple | None:
        if content_length and content_length > settings.INGEST_MAX_UPLOAD_BYTES:
            # Answer without reading the body at all: empty fields and files.
            from django.http import QueryDict
            from django.utils.datastructures import MultiValueDict

            self.upload_too_large = True
            return QueryDict(), MultiValueDict()
        return None

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        # Small files stay in memory, but only up to a budget for the whole request: past
        # it every file goes straight to disk, so 500 small files cannot fill the memory.
        self.spooled = self.in_memory < MEMORY_BUDGET_BYTES
        self.file = (
            tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
            if self.spooled
            else tempfile.TemporaryFile()
        )
        self.size, self.oversize = 0, False

    def receive_data_chunk(self, raw_data, start) -> None:
        self.total += len(raw_data)
        if self.total > settings.INGEST_MAX_UPLOAD_BYTES:  # a body without Content-Length
            self.upload_too_large = True
            raise StopUpload(connection_reset=True)
        self.size += len(raw_data)
        if self.size > settings.INGEST_MAX_FILE_BYTES:
            if not self.oversize:
                self.oversize = True
                self.file.close()  # drop what was kept: the file is refused whole
            return None
        self.file.write(raw_data)
        if self.spooled:  # count what sits in memory; a file past SPOOL_BYTES has moved to disk
            if self.size <= SPOOL_BYTES:
                self.in_memory += len(raw_data)
            else:
                self.in_memory -= self.size - len(raw_data)
                self.spooled = False
        return None

    def file_complete(self, file_size: int) -> UploadedFile:
        if self.oversize:
            return OversizeUploadedFile(self.file_name, settings.INGEST_MAX_FILE_BYTES)
        self.file.seek(0)
        return UploadedFile(
            file=self.file,
            name=self.file_name,
            content_type=self.content_type,
            size=self.size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )

    def upload_interrupted(self) -> None:
        if getattr(self, "file", None) is not None:
            self.file.close()


def uploaded_files(request) -> list:
    """(name, stream) pairs or OversizeFile for every file in the request, in order."""
    out = []
    for field in request.FILES:
        for f in request.FILES.getlist(field):
            out.append(f.oversize if isinstance(f, OversizeUploadedFile) else (f.name, f.file))
    return out


def declared_too_large(request) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > settings.INGEST_MAX_UPLOAD_BYTES
    except ValueError:
        return False


def install(request) -> CappedUploadHandler:
    """Use the capped handler for this request; call before request.POST or FILES is read."""
    handler = CappedUploadHandler(request)
    request.upload_handlers = [handler]
    return handler
