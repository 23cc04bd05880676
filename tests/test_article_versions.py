"""Article versions: a story ingested in two rounds, where one outlet corrects its figure.
The corrected article is one article with two versions; the newest is compared; the
timeline shows the correction in order, and the outlet's own update is no dispute."""

import json

import pytest
from django.core.management import call_command

from newscompare.news.models import Article, ArticleVersion, Claim
from newscompare.pipeline import timeline

pytestmark = pytest.mark.django_db

# A made-up ferry accident: the Harbour Post first reports 12 dead, another outlet 18
# later that morning, then the Harbour Post corrects itself to 31 in the afternoon.
POST_FIRST = (
    "A passenger ferry capsized off Port Lenna on Tuesday. "
    "At least 12 people were killed when the ferry overturned, the coastguard said. "
    "Rescue boats searched the bay through the night."
)
POST_CORRECTED = (
    "A passenger ferry capsized off Port Lenna on Tuesday. "
    "At least 31 people were killed when the ferry overturned, the coastguard said. "
    "Rescue boats searched the bay through the night."
)
GAZETTE = (
    "Divers joined the search after a ferry sank near Port Lenna on Tuesday. "
    "At least 18 people were killed when the ferry overturned, officials said. "
    "The ferry operator has not commented."
)


def line(id_, outlet, published, text):
    return json.dumps({"id": id_, "outlet": outlet, "published": published, "text": text})


def ingest(path, capsys=None, index=True):
    args = [str(path), "--story", "ferry"]
    if not index:
        args.append("--no-index")
    call_command("ingest", *args)


@pytest.fixture
def rounds(tmp_path):
    first = tmp_path / "round1.jsonl"
    first.write_text(
        "\n".join(
            [
                line("post-1", "Harbour Post", "2024-05-14T09:12:00+00:00", POST_FIRST),
                line("gaz-1", "Gazette", "2024-05-14T11:40:00+00:00", GAZETTE),
            ]
        ),
        encoding="utf-8",
    )
    second = tmp_path / "round2.jsonl"
    second.write_text(
        line("post-1", "Harbour Post", "2024-05-14T14:05:00+00:00", POST_CORRECTED),
        encoding="utf-8",
    )
    return first, second


def test_a_changed_text_under_the_same_id_becomes_a_new_version(rounds, capsys):
    first, second = rounds
    ingest(first, index=False)
    ingest(second, index=False)
    out = capsys.readouterr().out
    assert "stored as version 2 of article post-1 (its text changed)" in out
    post = Article.objects.get(external_id="post-1")
    assert (post.version, post.text) == (2, POST_CORRECTED)
    assert post.revised_at.isoformat() == "2024-05-14T14:05:00+00:00"
    assert post.published_at.isoformat() == "2024-05-14T09:12:00+00:00"  # first publication
    old = ArticleVersion.objects.get(article=post)
    assert (old.number, old.text) == (1, POST_FIRST)
    assert old.published_at.isoformat() == "2024-05-14T09:12:00+00:00"
    assert Article.objects.count() == 2


def test_re_importing_an_unchanged_article_adds_nothing(rounds, capsys):
    first, second = rounds
    ingest(first, index=False)
    ingest(second, index=False)
    capsys.readouterr()
    ingest(second, index=False)  # the current text again
    ingest(first, index=False)  # and the first round, whose post-1 text was replaced
    err = capsys.readouterr().err
    assert "duplicate of article post-1 (same text)" in err
    assert "same text as version 1 of article post-1, which version 2 has replaced" in err
    assert Article.objects.count() == 2
    assert ArticleVersion.objects.count() == 1
    assert Article.objects.get(external_id="post-1").version == 2


def test_an_id_from_another_outlet_is_not_a_version(rounds, capsys):
    first, _ = rounds
    ingest(first, index=False)
    clash = first.parent / "clash.jsonl"
    clash.write_text(line("post-1", "Other Daily", "", GAZETTE + " More."), encoding="utf-8")
    ingest(clash, index=False)
    assert "already has an article with id post-1 from Harbour Post, not Other Daily" in (
        capsys.readouterr().err
    )
    assert ArticleVersion.objects.count() == 0


@pytest.mark.slow
def test_the_timeline_shows_the_correction_in_order_and_no_dispute_for_it(rounds):
    first, second = rounds
    ingest(first)
    ingest(second)
    post = Article.objects.get(external_id="post-1")
    toll = next(
        c
        for c in Claim.objects.filter(story__slug="ferry", kind="number")
        if {m.sentence.article.external_id for m in c.members.all()} == {"post-1", "gaz-1"}
    )
    # Only the newest version is compared: the Post's 12 is in no claim.
    texts = [m.sentence.text for m in toll.members.select_related("sentence")]
    assert not any("12 people" in t for t in texts)
    assert toll.verdict == "diverge"  # 31 against 18: two outlets, as published

    articles = list(Article.objects.filter(story__slug="ferry").select_related("outlet"))
    claims = Claim.objects.filter(pk=toll.pk).prefetch_related("members__sentence")
    line_ = timeline.claim_timelines(claims, articles)[toll.pk]
    steps = [(r.outlet, r.value, r.at.strftime("%H:%M"), r.change) for r in line_.reports]
    assert steps == [
        ("Harbour Post", "At least 12", "09:12", "first"),
        ("Gazette", "At least 18", "11:40", "first"),
        ("Harbour Post", "At least 31", "14:05", "correction"),
    ]
    assert line_.corrections[0].replaced == "At least 12"
    assert line_.corrections[0].article_id == post.id
    assert line_.moved and line_.charted
    assert line_.note == (
        "rose from at least 12 to at least 31 between Tue 14 May 2024 09:12 and "
        "Tue 14 May 2024 14:05: likely an update"
    )
