"""Index a story: run every stage over its articles and replace its claims in one
transaction, recording progress on an IndexRun row the dashboard polls."""
import logging

import numpy as np
from django.db import transaction
from django.utils import timezone

from newscompare.news.models import Article, Claim, ClaimMember, IndexRun, Sentence, Story

from . import PIPELINE_VERSION, align, compare, embed, segment, syndication, values

log = logging.getLogger(__name__)


def start_run(story: Story) -> IndexRun:
    return IndexRun.objects.create(story=story, state=IndexRun.State.QUEUED,
                                   pipeline_version=PIPELINE_VERSION, model_id=embed.MODEL_ID)


def _progress(run: IndexRun, done: int, total: int):
    run.progress_done, run.progress_total, run.heartbeat_at = done, total, timezone.now()
    run.save(update_fields=["progress_done", "progress_total", "heartbeat_at"])


def run_index(run: IndexRun) -> IndexRun:
    """Run the pipeline for run.story; marks the run done or failed (and re-raises)."""
    run.state, run.started_at, run.error = IndexRun.State.RUNNING, timezone.now(), ""
    run.save(update_fields=["state", "started_at", "error"])
    try:
        index_story_now(run.story, progress=lambda d, t: _progress(run, d, t))
    except Exception as exc:
        run.state, run.error, run.finished_at = IndexRun.State.FAILED, f"{type(exc).__name__}: {exc}", timezone.now()
        run.save(update_fields=["state", "error", "finished_at"])
        raise
    run.state, run.finished_at = IndexRun.State.DONE, timezone.now()
    run.save(update_fields=["state", "finished_at"])
    return run


def _segment_articles(articles):
    """Fresh Sentence rows (unsaved) for each article, with values and a vector slot."""
    out = []
    for article in articles:
        published = article.published_at.date() if article.published_at else None
        segments = segment.segment_text(article.text)
        content = [seg for seg in segments if not seg.is_boilerplate]
        # Whole-article extraction: a quote's "he said" borrows the speaker named before it.
        found = dict(zip((seg.position for seg in content),
                         values.extract_article_values([seg.text for seg in content], published)))
        for seg in segments:
            sentence = Sentence(article=article, position=seg.position, char_start=seg.start, char_end=seg.end,
                                text=seg.text, is_boilerplate=seg.is_boilerplate)
            sentence.values = found.get(seg.position, [])
            out.append(sentence)
    return out


def index_story_now(story: Story, progress=lambda done, total: None):
    articles = list(Article.objects.filter(story=story).select_related("outlet").order_by("id"))
    sentences = _segment_articles(articles)
    content = [s for s in sentences if not s.is_boilerplate]
    progress(0, len(content))

    vectors = np.zeros((len(content), 384), dtype=np.float32)
    step = embed.BATCH_SIZE * 4
    for start in range(0, len(content), step):
        batch = content[start:start + step]
        vectors[start:start + len(batch)] = embed.embed_sentences([s.text for s in batch])
        progress(start + len(batch), len(content))
    for s, v in zip(content, vectors):
        s.embedding = embed.to_bytes(v)

    groups = syndication.wire_groups({a.id: a.text for a in articles})
    first = {}
    for s in content:
        first.setdefault(s.article.id, s)
    items = [align.Item(article=s.article.id, values=s.values, text=s.text,
                        headline=s is first[s.article.id] and segment.looks_like_headline(s.text)) for s in content]
    claims = align.align_claims(items, vectors)

    labels = {a.id: a.external_id for a in articles}
    judged = []
    for claim in claims:
        members = [compare.Member(label=labels[content[i].article.id], source=groups[content[i].article.id],
                                  values=content[i].values, text=content[i].text, focus=claim.focus.get(i))
                   for i in claim.members]
        judged.append((claim.members, compare.judge_claim(members, one_fact=bool(claim.slot))))
    order = {"diverge": 0, "agree": 1, "unique": 2}
    judged.sort(key=lambda mj: (order[mj[1].verdict], -mj[1].independent_sources, mj[0][0]))

    with transaction.atomic():
        Sentence.objects.filter(article__story=story).delete()
        Claim.objects.filter(story=story).delete()
        Sentence.objects.bulk_create(sentences, batch_size=500)
        for article in articles:
            article.wire_group = groups[article.id]
            article.pipeline_version = PIPELINE_VERSION
        Article.objects.bulk_update(articles, ["wire_group", "pipeline_version"], batch_size=500)
        claim_rows = Claim.objects.bulk_create([
            Claim(story=story, position=pos, kind=j.kind, verdict=j.verdict, explanation=j.explanation,
                  independent_sources=j.independent_sources, pipeline_version=PIPELINE_VERSION)
            for pos, (_, j) in enumerate(judged)], batch_size=500)
        ClaimMember.objects.bulk_create([
            ClaimMember(claim=claim, sentence=content[i], values=_public_values(content[i].values))
            for claim, (member_ids, _) in zip(claim_rows, judged) for i in member_ids], batch_size=500)
    log.info("indexed %s: %d sentences, %d claims", story.slug, len(sentences), len(judged))


def _public_values(vals):
    """Values as stored and exported: the typed fields, without character offsets."""
    return [{k: v for k, v in val.items() if k not in ("start", "end")} for val in vals]
