"""`manage.py ingest` reads files the same way the upload page does (one code path)."""

import io
import json
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
    assert sorted(Article.objects.values_list("external_id", flat=True)) == [
        "000",
        "001",
        "002",
        "003",
        "004",
    ]


def test_it_reports_bad_files_in_the_same_words_as_the_upload_page(tmp_path):
    out, err = run_ingest(
        BAD_INPUTS / "png-renamed.txt", BAD_INPUTS / "windows-1252.txt", BAD_INPUTS / "zip-slip.zip"
    )
    assert "rejected: png-renamed.txt: the file is a PNG image, not an article" in err
    assert (
        "accepted: windows-1252.txt: stored as article windows-1252; converted from cp1252" in out
    )
    assert (
        "rejected: zip-slip.zip: ../../etc/cron.d/evil.txt: unsafe path in the zip archive" in err
    )
    assert "accepted: zip-slip.zip: safe/ok.txt: stored as article ok" in out
    assert "story cli: 2 accepted, 0 skipped, 4 rejected" in out


def test_it_imports_a_zip_of_the_seed_articles(seed_dir, tmp_path):
    archive = tmp_path / "seed.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(seed_dir.glob("*.txt")):
            zf.write(path, f"seed/{path.name}")
    out, err = run_ingest(archive)
    assert "story cli: 5 accepted, 0 skipped, 0 rejected" in out


@pytest.mark.postgres
def test_nul_characters_in_any_field_are_dropped_before_postgresql_sees_them(
    postgres_url, tmp_path
):
    from tests.conftest import manage, project_env

    env = project_env(DATABASE_URL=postgres_url, NEWSCOMPARE_VAR_DIR=str(tmp_path))
    manage("migrate", "--noinput", env=env)
    lines = tmp_path / "nul.jsonl"
    lines.write_text(
        json.dumps(
            {
                "id": "a\u0000b",
                "outlet": "Wire\u0000",
                "title": "T\u0000",
                "url": "https://x.org/\u0000",
                "published": "2024-01-01\u0000",
                "text": "The vote passed\u0000 on Friday by 301 to 150.",
            }
        )
    )
    result = manage("ingest", str(lines), "--story", "nul", "--no-index", env=env)
    assert "accepted: nul.jsonl line 1: stored as article ab" in result.stdout
