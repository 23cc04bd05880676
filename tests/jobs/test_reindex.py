"""Re-indexing on the embedded default (SQLite, tasks inline): staleness, the embedding
cache, what changed, reviewers' decisions, the sweeper, and the lease that keeps a worker
that lost its run from writing."""

import io
import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from newscompare import pipeline
from newscompare.lib.texthash import normalized_text_hash
from newscompare.news import services
from newscompare.news.models import (
    Article,
    Claim,
    ClaimMember,
    ClaimReview,
    EmbeddingCache,
    IndexDiff,
    IndexRun,
    Sentence,
    Story,
)
from newscompare.news.records import ArticleRecord
from newscompare.pipeline import leases, runner, tasks
from newscompare.pipeline.align.clauses import clause_items
from newscompare.pipeline.align.items import Item
from tests.conftest import SEED

pytestmark = pytest.mark.django_db

SEED_ARTICLES = {
    d["id"]: d
    for d in map(json.loads, (SEED / "articles.jsonl").read_text(encoding="utf-8").splitlines())
}


def make_story(slug: str, *article_ids: str) -> Story:
    story = services.get_or_create_story(slug)
    for aid in article_ids:
        d = SEED_ARTICLES[aid]
        services.add_article(
            story,
            ArticleRecord(
                source=aid,
                external_id=aid,
                text=d["text"],
                outlet=d.get("outlet", ""),
                title=d.get("title", ""),
                published=d.get("published", ""),
            ),
        )
    return story


def add_article(story: Story, external_id: str, text: str, outlet: str = "Wire Desk"):
    services.add_article(
        story,
        ArticleRecord(
            source=external_id,
            external_id=external_id,
            text=text,
            outlet=outlet,
            published="2015-09-18",
        ),
    )


def drop_a_member_sentence(claim: Claim):
    """An outlet corrects its article and drops one of the claim's sentences."""
    dropped = claim.members.select_related("sentence__article").last().sentence
    dropped.article.text = dropped.article.text.replace(dropped.text, "")
    dropped.article.save(update_fields=["text"])
    return dropped


def reindex(*args) -> str:
    out = io.StringIO()
    call_command("reindex", *args, stdout=out)
    return out.getvalue()


def shared_claim(story: Story) -> Claim:
    """A claim two or more articles make."""
    return story.claims.annotate(n=Count("members")).filter(n__gte=2).order_by("position").first()


def test_it_reindexes_exactly_the_stale_stories_after_a_version_bump(monkeypatch):
    alpha, beta = make_story("alpha", "003"), make_story("beta", "002")
    reindex("--all")
    monkeypatch.setattr(pipeline, "PIPELINE_VERSION", pipeline.PIPELINE_VERSION + "+align-next")
    gamma = make_story("gamma", "003")
    reindex("gamma")
    runs_before = {s.slug: s.index_runs.count() for s in (alpha, beta, gamma)}

    out = reindex("--stale")

    runs_after = {s.slug: s.index_runs.count() for s in (alpha, beta, gamma)}
    assert runs_after == {
        "alpha": runs_before["alpha"] + 1,
        "beta": runs_before["beta"] + 1,
        "gamma": 1,
    }
    assert "2 stories" in out
    assert set(Article.objects.values_list("pipeline_version", flat=True)) == {
        pipeline.PIPELINE_VERSION
    }
    assert set(Claim.objects.values_list("pipeline_version", flat=True)) == {
        pipeline.PIPELINE_VERSION
    }
    assert not runner.stale_stories().exists()


def test_the_periodic_task_queues_stale_stories_that_nobody_is_indexing(monkeypatch):
    alpha, beta = make_story("alpha", "003"), make_story("beta", "002")
    reindex("--all")
    monkeypatch.setattr(pipeline, "PIPELINE_VERSION", pipeline.PIPELINE_VERSION + "+compare-next")
    waiting = leases.start_run(beta)  # already queued: not queued twice

    queued = tasks.reindex_stale.apply().get()

    assert [IndexRun.objects.get(pk=pk).story for pk in queued] == [alpha]
    assert beta.index_runs.filter(state="queued").get() == waiting


def bump_the_pipeline(monkeypatch, stage: str = "align-next"):
    """A new version of one stage: every story's index is out of date."""
    monkeypatch.setattr(pipeline, "PIPELINE_VERSION", f"{pipeline.PIPELINE_VERSION}+{stage}")


def test_it_does_not_encode_unchanged_text_again(monkeypatch):
    story = make_story("alpha", "003")
    first = tasks.enqueue_index(story)
    bump_the_pipeline(monkeypatch)  # so the second run computes the index again
    second = tasks.enqueue_index(story)

    assert first.sentences_encoded > 0 and first.sentences_cached == 0
    assert (second.sentences_encoded, second.sentences_cached) == (0, second.progress_total)


def test_clause_texts_are_embedded_once_and_then_come_from_the_cache(monkeypatch):
    story = make_story("clauses", "001", "002")
    tasks.enqueue_index(story)
    bump_the_pipeline(monkeypatch)
    encoded = []
    real = runner.embed.embed_sentences
    monkeypatch.setattr(
        runner.embed, "embed_sentences", lambda texts: encoded.extend(texts) or real(texts)
    )
    tasks.enqueue_index(story)

    sentences = Sentence.objects.filter(article__story=story, is_boilerplate=False)
    clauses = clause_items([Item(s.article_id, [], s.text) for s in sentences])
    cached = set(EmbeddingCache.objects.values_list("text_hash", flat=True))
    assert clauses and {normalized_text_hash(c.text) for c in clauses} <= cached
    assert encoded == []


def test_a_second_delivery_of_a_finished_run_changes_nothing():
    story = make_story("alpha", "003")
    run = tasks.enqueue_index(story)
    claims = list(story.claims.values_list("pk", flat=True))

    tasks.index_story.apply(args=(story.pk, run.pk))

    run.refresh_from_db()
    assert (run.state, run.attempts) == ("done", 1)
    assert list(story.claims.values_list("pk", flat=True)) == claims
    assert set(story.articles.values_list("index_count", flat=True)) == {1}


def test_a_worker_that_lost_its_run_cannot_write():
    story = make_story("alpha", "003")
    run = leases.start_run(story)
    lost = leases.claim_run(run.pk, "task-of-a-worker-presumed-dead")
    IndexRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    leases.sweep_runs(send=lambda r: None)
    successor = leases.claim_run(run.pk, "task-of-the-next-worker")

    with pytest.raises(leases.RunSuperseded):
        runner.index_story_now(story, run=lost)

    assert successor.attempts == 2
    assert not story.claims.exists()
    assert set(story.articles.values_list("index_count", flat=True)) == {0}


def test_the_sweeper_requeues_runs_whose_heartbeat_stopped_and_leaves_live_ones():
    dead_story, live_story = make_story("dead", "003"), make_story("live", "002")
    dead, live = leases.start_run(dead_story), leases.start_run(live_story)
    leases.claim_run(dead.pk, "task-1")
    leases.claim_run(live.pk, "task-2")
    IndexRun.objects.filter(pk=dead.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))

    out = io.StringIO()
    call_command("sweep_runs", stdout=out)

    dead.refresh_from_db()
    live.refresh_from_db()
    assert f"re-sent 1 runs: {dead.pk}" in out.getvalue()
    assert (dead.state, dead.attempts) == ("done", 2)
    assert (live.state, live.attempts) == ("running", 1)


def test_the_sweeper_resends_a_waiting_run_less_and_less_often(settings):
    settings.INDEX_REQUEUE_AFTER = 600
    run = leases.start_run(make_story("alpha", "003"))
    sent = []

    def waited(minutes):
        IndexRun.objects.filter(pk=run.pk).update(
            enqueued_at=timezone.now() - timedelta(minutes=minutes)
        )
        return leases.sweep_runs(send=sent.append)

    assert waited(5) == []  # its message is probably still in the queue
    assert waited(11) == [run.pk]  # probably lost: sent again
    assert waited(11) == []  # the second re-send waits twice as long
    assert waited(21) == [run.pk]
    assert waited(41) == [run.pk]
    assert len(sent) == 3


def test_a_reviewer_override_survives_a_reindex_that_keeps_the_claim(monkeypatch):
    story = make_story("pair", "000", "004")
    tasks.enqueue_index(story)
    claim = shared_claim(story)
    other = "agree" if claim.verdict != "agree" else "diverge"
    services.review_claim(claim, "override", other, "The outlets disagree on who asked.", "rita")
    bump_the_pipeline(monkeypatch, "compare-next")

    tasks.enqueue_index(story)

    same = Claim.objects.get(story=story, member_key=claim.member_key)
    assert same.pk != claim.pk, "re-indexing replaced the claim rows"
    assert (same.review.decision, same.review.verdict, same.review.note) == (
        "override",
        other,
        "The outlets disagree on who asked.",
    )
    assert not same.review.needs_another_look


def test_a_review_is_flagged_when_the_claims_members_change():
    story = make_story("pair", "000", "004")
    tasks.enqueue_index(story)
    claim = shared_claim(story)
    services.review_claim(claim, "confirm", "", "Checked against both reports.", "rita")
    dropped = drop_a_member_sentence(claim)
    article = dropped.article

    tasks.enqueue_index(story)

    review = ClaimReview.objects.get(story=story)
    assert review.needs_another_look
    assert "members changed" in review.flag_reason
    assert not review.claim.members.filter(
        sentence__text=dropped.text, sentence__article=article
    ).exists()
    assert review.claim.member_key != claim.member_key


def test_the_diff_records_claims_added_removed_and_the_versions(client):
    story = make_story("pair", "000", "004")
    tasks.enqueue_index(story)
    claim = shared_claim(story)
    drop_a_member_sentence(claim)

    tasks.enqueue_index(story)

    diff = IndexDiff.objects.filter(story=story).latest()
    assert claim.member_key in {c["member_key"] for c in diff.removed}, (
        "its members changed: removed..."
    )
    assert diff.added, "...and added with the new member"
    assert (diff.previous_pipeline_version, diff.pipeline_version) == (
        pipeline.PIPELINE_VERSION,
    ) * 2
    page = client.get(reverse("story_index_diff", args=[story.slug])).content.decode()
    assert "Since the last index" in page
    assert f"{len(diff.added)} added" in page and f"{len(diff.removed)} removed" in page
    assert pipeline.PIPELINE_VERSION in page


def test_the_admin_action_reindexes_selected_stories(admin_client):
    alpha, beta = make_story("alpha", "003"), make_story("beta", "002")

    response = admin_client.post(
        reverse("admin:news_story_changelist"),
        {"action": "reindex_selected", "_selected_action": [alpha.pk]},
        follow=True,
    )

    assert "1 stories: 1 indexed" in response.content.decode()
    assert alpha.index_runs.get().state == "done"
    assert not beta.index_runs.exists()


def _change_form_data(response) -> dict:
    """What the admin change page would post back unchanged (the main form and its inlines)."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False:
                data[form.add_prefix(name)] = value
    return data


def test_a_reviewer_overrides_a_verdict_in_the_admin(admin_client):
    story = make_story("alpha", "003")
    tasks.enqueue_index(story)
    claim = story.claims.first()
    url = reverse("admin:news_claim_change", args=[claim.pk])
    data = _change_form_data(admin_client.get(url))

    data.update(
        {
            "review-0-decision": "override",
            "review-0-verdict": "diverge",
            "review-0-note": "Dates differ.",
        }
    )
    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    review = ClaimReview.objects.get(claim=claim)
    assert (
        review.decision,
        review.verdict,
        review.pipeline_verdict,
        review.note,
        review.reviewer,
    ) == ("override", "diverge", claim.verdict, "Dates differ.", "admin")
    assert review.member_key == claim.member_key and review.members


def test_a_signed_in_reviewer_overrides_a_verdict_from_the_dashboard(client):
    story = make_story("alpha", "003")
    tasks.enqueue_index(story)
    claim = story.claims.first()
    url = reverse("claim_review", args=[claim.pk])

    anonymous = client.get(url).content.decode()
    assert claim.pipeline_version in anonymous and "<form" not in anonymous
    assert (
        client.post(url, {"decision": "override", "verdict": "diverge", "note": "x"}).status_code
        == 403
    )
    client.force_login(User.objects.create_superuser("rita", "rita@example.org", "pw"))
    response = client.post(
        url, {"decision": "override", "verdict": "diverge", "note": "Figures differ."}
    )

    assert response.status_code == 200
    assert "Reviewer verdict" in response.content.decode()
    assert (claim.review.verdict, claim.review.note, claim.review.reviewer) == (
        "diverge",
        "Figures differ.",
        "rita",
    )


def test_the_story_page_offers_what_changed_since_the_last_index(client):
    story = make_story("alpha", "003")
    tasks.enqueue_index(story)

    page = client.get(reverse("story", args=[story.slug])).content.decode()
    diff = client.get(reverse("story_index_diff", args=[story.slug])).content.decode()

    assert reverse("story_index_diff", args=[story.slug]) in page
    assert pipeline.current_versions()[0] in diff


# --- a re-index of unchanged inputs keeps the index as it is ----------------------------

INDEX_TABLES = ("news_sentence", "news_claim", "news_claimmember", "news_claimreview")


def index_snapshot(story: Story) -> dict:
    """Everything a re-index could rewrite, with row ids: sentences, claims, members, reviews."""
    return {
        "sentences": list(
            Sentence.objects.filter(article__story=story).order_by("pk").values_list("pk", "text")
        ),
        "claims": list(
            story.claims.order_by("pk").values_list("pk", "position", "verdict", "member_key")
        ),
        "members": sorted(
            ClaimMember.objects.filter(claim__story=story).values_list("claim_id", "sentence_id")
        ),
        "reviews": list(
            ClaimReview.objects.filter(story=story)
            .order_by("pk")
            .values_list("pk", "claim_id", "decision", "verdict", "needs_another_look")
        ),
        "articles": list(
            story.articles.order_by("pk").values_list("pk", "wire_group", "placement")
        ),
    }


def writes_to_index_tables(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
        and any(f'"{table}"' in q["sql"] for table in INDEX_TABLES)
    ]


def test_a_reindex_of_unchanged_inputs_writes_nothing_and_keeps_ids_and_reviews(monkeypatch):
    story = make_story("pair", "000", "004")
    tasks.enqueue_index(story)
    claim = shared_claim(story)
    services.review_claim(claim, "override", "diverge", "Checked by phone.", "rita")
    before = index_snapshot(story)
    computed = []
    monkeypatch.setattr(
        runner, "story_claims", lambda *args: computed.append(args) or pytest.fail("recomputed")
    )

    with CaptureQueriesContext(connection) as queries:
        run = tasks.enqueue_index(story)

    assert run.state == "done" and run.sentences_encoded == 0
    assert run.sentences_cached == run.progress_total > 0
    assert computed == [] and writes_to_index_tables(queries.captured_queries) == []
    assert index_snapshot(story) == before
    review = ClaimReview.objects.get(story=story)
    assert (review.claim_id, review.note, review.needs_another_look) == (
        claim.pk,
        "Checked by phone.",
        False,
    )
    diff = IndexDiff.objects.filter(story=story).latest()
    assert diff.run_id == run.pk
    assert (diff.added, diff.removed, diff.verdict_changed) == ([], [], [])
    assert diff.unchanged == story.claims.count()


def test_a_person_moving_an_article_reindexes_and_then_keeps_the_move(monkeypatch):
    story, other = make_story("pair", "000", "004"), make_story("other", "003")
    tasks.enqueue_index(story)
    tasks.enqueue_index(other)
    services.move_articles([other.articles.get()], story, made_by="rita")

    moved = tasks.enqueue_index(story)
    before = index_snapshot(story)
    again = tasks.enqueue_index(story)

    assert moved.sentences_encoded == 0, "the moved article's vectors came from the cache"
    assert {a.external_id for a in story.articles.all()} == {"000", "003", "004"}
    assert story.claims.filter(members__sentence__article__external_id="003").exists()
    assert again.state == "done" and index_snapshot(story) == before
    assert set(story.articles.values_list("placement", flat=True)) == {"person"}


@pytest.mark.parametrize(
    "change",
    [
        "text",  # an outlet corrects its article: the newest text is the one compared
        "date",  # its publication day moves ("on Friday" reads as another date)
        "version",  # one stage of the pipeline has a new VERSION
    ],
)
def test_a_changed_input_reindexes(monkeypatch, change):
    story = make_story("pair", "000", "004")
    tasks.enqueue_index(story)
    claim = shared_claim(story)
    services.review_claim(claim, "confirm", "", "Checked.", "rita")
    before = index_snapshot(story)
    if change == "text":
        dropped = drop_a_member_sentence(claim)
    elif change == "date":
        Article.objects.filter(story=story, external_id="004").update(
            published_on=timezone.localdate() - timedelta(days=400)
        )
    else:
        bump_the_pipeline(monkeypatch, "values-next")

    run = tasks.enqueue_index(story)

    after = index_snapshot(story)
    assert run.state == "done"
    assert not set(after["claims"]) & set(before["claims"]), "the claims were written again"
    assert set(story.claims.values_list("pipeline_version", flat=True)) == {
        pipeline.current_versions()[0]
    }
    review = ClaimReview.objects.get(story=story)
    assert review.claim is not None, "the reviewer's decision is carried to the new claims"
    if change == "text":
        assert not Sentence.objects.filter(article=dropped.article, text=dropped.text).exists()
    again = tasks.enqueue_index(story)
    assert again.state == "done" and index_snapshot(story) == after, "and then it is kept"


def test_a_line_an_outlet_prints_on_two_of_its_articles_is_boilerplate_in_the_index():
    # (Alone, each article keeps the line: it is long, in the body and names no outlet.)
    story = services.get_or_create_story("harbour")
    promo = "Live coverage continues below with every storm update from the coast"
    add_article(
        story,
        "h1",
        f"Storm shuts Orlen harbour\nThe storm closed the harbour at Orlen on Friday morning."
        f"\n{promo}\nFerries stayed in port.",
        outlet="The Harbour Ledger",
    )
    add_article(
        story,
        "h2",
        f"Orlen ferries stay in port\nFerries stayed in port at Orlen on Friday, the port said."
        f"\n{promo}",
        outlet="The Harbour Ledger",
    )
    tasks.enqueue_index(story)
    flagged = Sentence.objects.filter(article__story=story, text=promo)
    assert flagged.count() == 2 and all(s.is_boilerplate for s in flagged)
    assert not Sentence.objects.filter(
        article__story=story, is_boilerplate=True, text__startswith="The storm closed"
    ).exists()
