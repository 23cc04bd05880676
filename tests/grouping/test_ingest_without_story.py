"""`manage.py ingest` without --story and `manage.py export_stories` (CONTRACT §4): each
article joins its event's story, titles come from headlines, bad input starts no story,
and a person's move survives a later automatic regrouping and re-indexing."""

import json

import pytest
from django.core.management import call_command

from newscompare.news import services
from newscompare.news.models import Article, Story, StoryDecision
from newscompare.pipeline import grouping, placement
from newscompare.pipeline.tasks import enqueue_index

from .events import EVENTS, event_of, records, write_jsonl

pytestmark = pytest.mark.django_db


def ingest(*paths, index=False):
    args = [str(p) for p in paths] + ([] if index else ["--no-index"])
    call_command("ingest", *args)


def exported(tmp_path) -> dict:
    out = tmp_path / "stories.json"
    call_command("export_stories", "--format", "json", "--output", str(out))
    return json.loads(out.read_text())


def by_event(export: dict) -> dict[str, set]:
    return {s["story"]: {event_of(a) for a in s["articles"]} for s in export["stories"]}


def test_articles_without_a_story_are_grouped_by_event(tmp_path):
    feed = tmp_path / "feed.jsonl"
    write_jsonl(feed, records())
    ingest(feed)
    export = exported(tmp_path)
    assert sorted(map(len, by_event(export).values())) == [1] * len(EVENTS)
    assert len(export["stories"]) == len(EVENTS)
    for story in export["stories"]:
        (event,) = {event_of(a) for a in story["articles"]}
        headlines = [title for title, _ in EVENTS[event]]
        assert story["title"] in headlines  # the most central headline of the story
        assert story["articles"] == sorted(story["articles"])
    assert set(Article.objects.values_list("placement", flat=True)) == {"auto"}


def test_a_later_import_joins_the_stories_already_there(tmp_path):
    rows = records()
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_jsonl(first, [r for r in rows if not r["id"].endswith("-3")])
    write_jsonl(second, [r for r in rows if r["id"].endswith("-3")])
    ingest(first)
    ingest(second)
    groups = by_event(exported(tmp_path))
    assert len(groups) == len(EVENTS)
    assert all(len(events) == 1 for events in groups.values())


def test_a_changed_text_under_a_stored_id_is_a_new_version_where_the_article_is(tmp_path):
    rows = records()
    feed, update = tmp_path / "feed.jsonl", tmp_path / "update.jsonl"
    write_jsonl(feed, rows)
    ingest(feed)
    article = Article.objects.get(external_id="flood-2019-1")
    home, count = article.story_id, Article.objects.count()
    stories = set(Story.objects.values_list("pk", flat=True))
    # The outlet rewrote the article so far that grouping alone would place it with the
    # strike's story: it is still the same article, now in its second version.
    strike_title, strike_text = EVENTS["strike"][0]
    strike_text += " Talks with the port's owners resume on Friday."
    write_jsonl(update, [{"id": "flood-2019-1", "title": strike_title, "text": strike_text}])
    ingest(update)
    article.refresh_from_db()
    assert (article.story_id, article.version, article.text) == (home, 2, strike_text)
    assert Article.objects.count() == count
    assert set(Story.objects.values_list("pk", flat=True)) == stories
    # The story's profile sums its articles' current texts: the new one, not the old.
    (profile,) = placement.load_profiles_for([home])
    texts = list(Article.objects.filter(story_id=home).values_list("text", flat=True))
    expected = grouping.Profile(key=home)
    for fp in placement.fingerprint_texts(texts):
        expected.add(fp)
    assert profile.count == len(texts) == len(EVENTS["flood-2019"])
    assert profile.entities == expected.entities


def test_an_exact_copy_goes_to_the_story_holding_it_and_starts_none(tmp_path, capsys):
    feed = tmp_path / "feed.jsonl"
    write_jsonl(feed, records()[:4])
    ingest(feed)
    copy = tmp_path / "copy.jsonl"
    write_jsonl(copy, [{**records()[0], "id": "another-id"}])
    ingest(copy)
    assert Story.objects.count() == 4
    assert "duplicate of article flood-2019-1" in capsys.readouterr().err


@pytest.mark.parametrize(
    "name,content",
    [
        ("empty.txt", b""),
        ("blank.jsonl", b"\n\n"),
        ("picture.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
        ("no-text.jsonl", b'{"id": "x", "title": "a headline and nothing else"}\n'),
        ("binary.txt", bytes(range(256)) * 4),
    ],
)
def test_an_empty_or_non_article_file_starts_no_story(tmp_path, capsys, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    ingest(path)
    assert not Story.objects.exists()
    assert not Article.objects.exists()
    err = capsys.readouterr().err
    assert "rejected" in err or "skipped" in err


def test_a_persons_move_survives_regrouping_and_reindexing(tmp_path):
    feed = tmp_path / "feed.jsonl"
    write_jsonl(feed, records())
    ingest(feed, index=True)
    moved = Article.objects.get(external_id="chess-1")
    strike = Article.objects.get(external_id="strike-1").story
    chess = moved.story
    changed = services.move_articles([moved], strike, made_by="editor")
    assert changed == {strike.pk, chess.pk}
    decision = StoryDecision.objects.get()
    assert (decision.kind, decision.from_slug, decision.to_slug) == (
        "move",
        chess.slug,
        strike.slug,
    )
    # An automatic regrouping of everything, then re-indexing the stories it touched.
    touched = placement.regroup()
    for story in Story.objects.all():
        enqueue_index(story)
    moved.refresh_from_db()
    assert moved.story_id == strike.pk
    assert moved.placement == Article.Placement.PERSON
    claims_with_it = strike.claims.filter(members__sentence__article=moved)
    assert claims_with_it.exists()
    # The story the person added to keeps what they saw in it; the rest stays grouped.
    assert set(strike.articles.values_list("external_id", flat=True)) == {
        "strike-1",
        "strike-2",
        "chess-1",
    }
    assert Article.objects.get(external_id="chess-2").story_id == chess.pk
    assert strike.pk not in touched
