"""Uploading through the real admin page and reading back what the user sees."""

from html.parser import HTMLParser
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from newscompare.news.models import Article, Sentence

BAD_INPUTS = Path(__file__).resolve().parent.parent / "data" / "bad_inputs"
UPLOAD_URL = "/admin/ingest/uploadbatch/upload/"


class ResultsTable(HTMLParser):
    """Rows of the per-item results table as (item, result, message) text, as shown."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell, self._in_table = [], None, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == "upload-items":
            self._in_table = True
        elif self._in_table and tag == "tr":
            self._row = []
        elif self._row is not None and tag == "td":
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row:
            self.rows.append(tuple(self._row[1:4]))
            self._row = None
        elif tag == "table":
            self._in_table = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def shown_rows(html: str):
    table = ResultsTable()
    table.feed(html)
    return table.rows


def fixture(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (BAD_INPUTS / name).read_bytes())


def upload(client, files=(), urls="", story="bad-inputs"):
    """Post to the admin upload page; the rows of the results page it leads to."""
    response = client.post(UPLOAD_URL, {"new_story": story, "files": list(files), "urls": urls})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"])
    assert page.status_code == 200
    return shown_rows(page.content.decode())


def counts():
    return Article.objects.count(), Sentence.objects.count()
