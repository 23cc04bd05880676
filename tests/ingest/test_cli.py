"""`manage.py ingest` reads files the same way the upload page does (one code path)."""
import io
import zipfile

import pytest
from django.core.management import call_command

from newscompare.news.models import Article

from .helpers import BAD_INPUTS

pytestmark = pytest.mark.django_db


def run_ingest(*paths):
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", *map(str, paths), "--story", "cli", "--no-index", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_the_seed_folder_by_its_articles_jsonl(seed_dir):
    out, err = run_ingest(seed_dir)
    assert "story cli: 5 accepted, 0 skipped, 0 rejected" in out
    assert sorted(Article.objects.values_list("external_id", flat=True)) == ["000", "001", "002", "003", "004"]


def test_it_reports_bad_files_in_the_same_words_as_the_upload_page(tmp_path):
    out, err = run_ingest(BAD_INPUTS / "png-renamed.txt", BAD_INPUTS / "windows-1252.txt", BAD_INPUTS / "zip-slip.zip")
    assert "rejected: png-renamed.txt: the file is a PNG image, not an article" in err
    assert "accepted: windows-1252.txt: stored as article windows-1252; converted from cp1252" in out
    assert "rejected: zip-slip.zip: ../../etc/cron.d/evil.txt: unsafe path in the zip archive" in err
    assert "accepted: zip-slip.zip: safe/ok.txt: stored as article ok" in out
    assert "story cli: 2 accepted, 0 skipped, 4 rejected" in out


def test_it_imports_a_zip_of_the_seed_articles(seed_dir, tmp_path):
    archive = tmp_path / "seed.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(seed_dir.glob("*.txt")):
            zf.write(path, f"seed/{path.name}")
    out, err = run_ingest(archive)
    assert "story cli: 5 accepted, 0 skipped, 0 rejected" in out
