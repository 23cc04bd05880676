"""`manage.py ingest` as CONTRACT §1 describes it: JSONL, folders of files, single files;
bad lines and duplicates are reported and the rest still imports."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from newscompare.news.models import Article, Story

pytestmark = pytest.mark.django_db

TEXT_A = (
    "The council voted on Monday to close the bridge. Repairs will take three weeks, officials"
    " said."
)
TEXT_B = (
    "Officials closed the old bridge after a vote on Monday. Repairs should last about three weeks."
)


def ingest(*paths, story="bridge", index=False):
    args = [str(p) for p in paths]
    if not index:
        args.append("--no-index")
    call_command("ingest", *args, story=story)


def test_a_malformed_jsonl_line_is_reported_with_its_number_and_the_rest_imports(tmp_path, capsys):
    f = tmp_path / "batch.jsonl"
    f.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "outlet": "Daily A", "text": TEXT_A}),
                '{"id": "broken", "text": "no closing brace"',
                json.dumps(
                    {"id": "b", "outlet": "Daily B", "published": "2021-05-03", "text": TEXT_B}
                ),
            ]
        ),
        encoding="utf-8",
    )
    ingest(f)
    err = capsys.readouterr().err
    assert "rejected: batch.jsonl line 2: not valid JSON" in err
    assert sorted(Article.objects.values_list("external_id", flat=True)) == ["a", "b"]
    assert Article.objects.get(external_id="b").published_at.date().isoformat() == "2021-05-03"


def test_a_duplicate_text_is_reported_and_skipped(tmp_path, capsys):
    f = tmp_path / "batch.jsonl"
    f.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "text": TEXT_A}),
                json.dumps({"id": "a-copy", "text": "  " + TEXT_A.upper() + "\n"}),
            ]
        ),
        encoding="utf-8",
    )
    ingest(f)
    assert (
        "skipped: batch.jsonl line 2: duplicate of article a (same text)" in capsys.readouterr().err
    )
    assert Article.objects.count() == 1


def test_a_folder_of_text_files_uses_file_stems_as_ids(tmp_path):
    (tmp_path / "one.txt").write_text(TEXT_A, encoding="utf-8")
    (tmp_path / "two.txt").write_text(TEXT_B, encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    ingest(tmp_path)
    assert sorted(Article.objects.values_list("external_id", flat=True)) == ["one", "two"]


def test_a_folder_with_articles_jsonl_imports_that_file_alone(tmp_path):
    (tmp_path / "articles.jsonl").write_text(
        json.dumps({"id": "x", "text": TEXT_A}), encoding="utf-8"
    )
    (tmp_path / "other.txt").write_text(TEXT_B, encoding="utf-8")
    ingest(tmp_path)
    assert list(Article.objects.values_list("external_id", flat=True)) == ["x"]


def test_html_in_place_of_text_is_reduced_to_its_article_text(tmp_path):
    page = (
        "<html><head><title>Bridge "
        "closed</title><script>alert(1)</script></head><body><nav>Home</nav>"
        f"<article><h1>Bridge closed</h1><p>{TEXT_A}</p><p>{TEXT_B}</p></article></body></html>"
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    ingest(tmp_path / "page.html")
    article = Article.objects.get()
    assert "council voted on Monday" in article.text
    assert "alert(1)" not in article.text


def test_a_bad_story_name_is_refused():
    with pytest.raises(CommandError, match="not a usable story name"):
        ingest("whatever.jsonl", story="!!!")
    assert Story.objects.count() == 0


def test_ingest_indexes_the_story_when_no_worker_is_configured(tmp_path):
    f = tmp_path / "batch.jsonl"
    f.write_text(
        "\n".join(
            json.dumps({"id": i, "outlet": f"Outlet {i}", "text": t})
            for i, t in (("a", TEXT_A), ("b", TEXT_B))
        ),
        encoding="utf-8",
    )
    ingest(f, index=True)
    story = Story.objects.get(slug="bridge")
    assert story.index_runs.get().state == "done"
    assert story.claims.exists()
