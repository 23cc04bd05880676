"""Index a story: read its articles, segment them and embed their sentences (both through
caches), compute its claims (story_claims.py, no writes) and replace its index in one
transaction (news.services.replace_index), recording progress on the IndexRun row the
dashboard polls.

- With a run, every write of progress is conditional on still holding the run's lease
  (leases.py), and the final commit marks the run done in the same transaction as the new
  index, so a crash leaves either the old index or the new one, never half of it, and a
  redelivered task finds the run done and does nothing.
- A story's index is written by one run at a time (a row lock on the story), and a run
  that finds a later run already done leaves the story as that run wrote it.
- A re-index whose inputs (index_inputs_key: the articles, their exact texts and dates, the
  pipeline version and the model) are those of the story's current index writes nothing:
  its claims, their ids and reviewers' decisions stay, and only the run and an all-unchanged
  diff are recorded.
"""

import hashlib
import logging
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from newscompare.lib.texthash import normalized_text_hash
from newscompare.news import services
from newscompare.news.models import (
    Article,
    ArticleSegmentation,
    Claim,
    EmbeddingCache,
    IndexDiff,
    IndexRun,
    Sentence,
    Story,
)
from newscompare.pipeline import current_versions

from . import candidates, embed, furniture, segment, values
from .leases import Heartbeat, RunSuperseded, claim_run, held, is_transient, setting
from .story_claims import story_claims

log = logging.getLogger(__name__)


def run_index(run: IndexRun) -> IndexRun:
    """Run the pipeline for run.story; marks the run done or failed (and re-raises).

    The run is claimed first when it is still queued (direct callers); the task claims it
    itself so it can tell a duplicate delivery from real work."""
    if run.state != IndexRun.State.RUNNING or not run.attempts:
        claimed = claim_run(run.pk, run.task_id)
        if claimed is None:
            run.refresh_from_db()
            return run
        run = claimed
    try:
        with Heartbeat(run, setting("INDEX_HEARTBEAT_SECONDS", 10)) as beat:

            def progress(done, total):
                if beat.lost:
                    raise RunSuperseded(f"run {run.pk} was taken over by another worker")
                if not held(run).update(
                    progress_done=done, progress_total=total, heartbeat_at=timezone.now()
                ):
                    raise RunSuperseded(f"run {run.pk} was taken over by another worker")
                run.progress_done, run.progress_total = done, total

            index_story_now(run.story, progress=progress, run=run)
    except RunSuperseded:
        log.warning("run %s: lost the lease, leaving it to its new holder", run.pk)
        raise
    except Exception as exc:
        if not is_transient(exc):
            held(run).update(
                state=IndexRun.State.FAILED,
                error=f"{type(exc).__name__}: {exc}",
                finished_at=timezone.now(),
            )
            run.refresh_from_db()
        raise
    run.refresh_from_db()
    return run


def stale_stories():
    """Stories with an article or claim made by another pipeline version or model, or
    with articles never indexed."""
    version, model_id = current_versions()
    stale_article = Article.objects.filter(story=OuterRef("pk")).exclude(
        pipeline_version=version, model_id=model_id
    )
    stale_claim = Claim.objects.filter(story=OuterRef("pk")).exclude(
        pipeline_version=version, model_id=model_id
    )
    return Story.objects.filter(Exists(stale_article) | Exists(stale_claim)).order_by("id")


@dataclass
class IndexResult:
    sentences: int = 0
    claims: int = 0
    encoded: int = 0
    cached: int = 0
    diff: IndexDiff | None = None
    skipped: bool = False  # a later run had already written the story
    unchanged: bool = False  # same inputs as the current index: nothing was recomputed


def _segment_articles(articles):
    """Fresh Sentence rows (unsaved) for each article, with values and a vector slot.
    Segmentations of unchanged texts by the same stage versions are reused."""
    keys = {a.pk: _segmentation_key(a) for a in articles}
    kept = {
        s.article_id: s.sentences
        for s in ArticleSegmentation.objects.filter(article__in=articles)
        if s.key == keys[s.article_id]
    }
    fresh = []
    out = []
    for article in articles:
        if article.pk not in kept:
            kept[article.pk] = _segmentation(article)
            fresh.append(
                ArticleSegmentation(
                    article=article, key=keys[article.pk], sentences=kept[article.pk]
                )
            )
        out += _sentence_rows(article, kept[article.pk])
    if fresh:
        ArticleSegmentation.objects.filter(article__in=[f.article for f in fresh]).delete()
        ArticleSegmentation.objects.bulk_create(fresh, batch_size=200, ignore_conflicts=True)
    return out


def _mark_repeated_furniture(articles, sentences) -> None:
    """Lines an outlet prints on several of its articles are furniture (furniture.py says
    which); read across the story, so not kept with one article's segmentation."""
    by_article = {a.pk: [] for a in articles}
    for s in sentences:
        by_article[s.article_id].append(s)
    ordered = [by_article[a.pk] for a in articles]
    repeated = furniture.repeated_furniture(
        [(_outlet_name(a), [s.text for s in ss]) for a, ss in zip(articles, ordered, strict=True)]
    )
    for ss, positions in zip(ordered, repeated, strict=True):
        for i in positions:
            ss[i].is_boilerplate = True


def _segmentation(article: Article) -> list[dict]:
    """The article's segments (boilerplate marked) with the values of each content sentence,
    as ArticleSegmentation stores them."""
    segments = segment.segment_text(
        article.text, outlet=_outlet_name(article), language=article.language
    )
    content = [seg for seg in segments if not seg.is_boilerplate]
    # Whole-article extraction: a quote's "he said" borrows the speaker named before it.
    found = dict(
        zip(
            (seg.position for seg in content),
            values.extract_article_values([seg.text for seg in content], article.published_on),
            strict=True,
        )
    )
    return [
        {
            "position": seg.position,
            "start": seg.start,
            "end": seg.end,
            "text": seg.text,
            "is_boilerplate": seg.is_boilerplate,
            "values": found.get(seg.position, []),
        }
        for seg in segments
    ]


def _sentence_rows(article: Article, segmentation: list[dict]) -> list[Sentence]:
    """Unsaved Sentence rows of a stored segmentation, with their values and text hashes."""
    out = []
    for seg in segmentation:
        sentence = Sentence(
            article=article,
            position=seg["position"],
            char_start=seg["start"],
            char_end=seg["end"],
            text=seg["text"],
            is_boilerplate=seg["is_boilerplate"],
        )
        sentence.values = seg["values"]
        sentence.text_hash = normalized_text_hash(seg["text"])
        out.append(sentence)
    return out


def _outlet_name(article: Article) -> str:
    """The outlet's name as its articles print it (segment tells its masthead by it)."""
    return article.outlet.name if article.outlet_id else ""


def _segmentation_key(article: Article) -> str:
    # The exact text, not the normalized hash: sentences keep the article's own spelling.
    published = article.published_on.isoformat() if article.published_on else ""
    context = f"{_outlet_name(article)}|{article.language}"
    return hashlib.sha256(
        f"{segment.VERSION}|{values.VERSION}|{published}|{context}|{article.text}".encode()
    ).hexdigest()


def index_inputs_key(articles, version: str, model_id: str) -> str:
    """What a story's index is computed from, hashed: its articles (ids, names, exact texts,
    publication days), the pipeline version (every stage's VERSION) and the embedding model.
    Two indexes with one key are the same index."""
    digest = hashlib.sha256(f"{version}|{model_id}".encode())
    for article in sorted(articles, key=lambda a: a.pk):
        digest.update(f"|{article.pk}:{article.external_id}:".encode())
        digest.update(_segmentation_key(article).encode())
    return digest.hexdigest()


def embed_with_cache(
    sentences, model_id: str, progress=lambda done, total: None
) -> tuple[np.ndarray, int, int]:
    """Vectors for the sentences, from the cache where it has them; the rest are encoded
    in batches, each batch saved to the cache as soon as it exists (so a crash keeps it).
    Returns (vectors, how many distinct texts were encoded, how many sentences were cached)."""
    total = len(sentences)
    by_hash, uses = {}, {}  # text hash -> its text, and how many of the sentences have it
    for s in sentences:
        by_hash.setdefault(s.text_hash, s.text)
        uses[s.text_hash] = uses.get(s.text_hash, 0) + 1
    found = {}
    hashes = list(by_hash)
    for start in range(0, len(hashes), 500):
        for h, blob in EmbeddingCache.objects.filter(
            model_id=model_id, text_hash__in=hashes[start : start + 500]
        ).values_list("text_hash", "vector"):
            found[h] = embed.from_bytes(bytes(blob))
    cached = sum(uses[h] for h in found)
    progress(cached, total)
    # Sorted by length, so each batch pads its texts to about the same length (the model's
    # cost is batch x longest text): about 2x faster than first-seen order on a story.
    missing = sorted((h for h in hashes if h not in found), key=lambda h: len(by_hash[h]))
    step = embed.BATCH_SIZE  # one model batch per cache write: a crash loses at most one batch
    done = cached
    for start in range(0, len(missing), step):
        batch = missing[start : start + step]
        vectors = embed.embed_sentences([by_hash[h] for h in batch])
        EmbeddingCache.objects.bulk_create(
            [
                EmbeddingCache(model_id=model_id, text_hash=h, vector=embed.to_bytes(v))
                for h, v in zip(batch, vectors, strict=True)
            ],
            ignore_conflicts=True,
        )
        found.update(zip(batch, vectors, strict=True))
        done += sum(uses[h] for h in batch)  # (not a pass over every sentence per batch)
        progress(done, total)
    out = np.zeros((total, 384), dtype=np.float32)
    for i, s in enumerate(sentences):
        out[i] = found[s.text_hash]
    return out, len(missing), cached


class _Text:
    """A text to embed that is no sentence of its own (a clause): embed_with_cache's view of it."""

    def __init__(self, text: str):
        self.text, self.text_hash = text, normalized_text_hash(text)


def index_story_now(
    story: Story, progress=lambda done, total: None, run: IndexRun | None = None
) -> IndexResult:
    """Index the story now, in this process. With a run, the write commits only while
    this worker holds it, and marks it done in the same transaction."""
    version, model_id = current_versions()
    articles = list(Article.objects.filter(story=story).select_related("outlet").order_by("id"))
    inputs_key = index_inputs_key(articles, version, model_id)
    if Story.objects.filter(pk=story.pk, index_key=inputs_key).exists():
        kept = _keep_index(story, run, progress, inputs_key, version, model_id)
        if kept is not None:
            return kept
    sentences, content, found, encoded, cached = _computed(articles, model_id, progress)
    result = IndexResult(
        sentences=len(sentences), claims=len(found.claims), encoded=encoded, cached=cached
    )
    with transaction.atomic():
        # One writer per story at a time; the lock also orders commits of rival runs.
        Story.objects.select_for_update().filter(pk=story.pk).first()
        if not _finish_run(story, run, len(content), encoded, cached):
            # A later run already wrote this story from fresher articles; ours is moot.
            result.skipped = True
            return result
        result.diff = services.replace_index(
            story,
            run,
            articles,
            sentences,
            found.groups,
            found.claims,
            version,
            model_id,
            inputs_key,
        )
    log.info(
        "indexed %s: %d sentences, %d claims (%d texts encoded, %d sentences from cache)",
        story.slug,
        len(sentences),
        len(found.claims),
        encoded,
        cached,
    )
    return result


def _computed(articles: list[Article], model_id: str, progress) -> tuple:
    """(sentences, content sentences, StoryClaims, texts encoded, sentences from cache): the
    articles segmented (lines repeated across an outlet's articles marked as furniture),
    their content sentences embedded (through the caches) and their claims computed;
    nothing is written but the caches."""
    sentences = _segment_articles(articles)
    _mark_repeated_furniture(articles, sentences)
    content = [s for s in sentences if not s.is_boilerplate]
    progress(0, len(content))

    vectors, encoded, cached = embed_with_cache(content, model_id, progress)
    for s, v in zip(content, vectors, strict=True):
        s.embedding = embed.to_bytes(v)
    found = story_claims(
        articles,
        content,
        vectors,
        lambda texts: embed_with_cache([_Text(t) for t in texts], model_id)[0],
        nearest=candidates.nearest_pairs,  # pgvector for large stories, else in process
    )
    return sentences, content, found, encoded, cached


def _keep_index(story, run, progress, inputs_key, version, model_id) -> IndexResult | None:
    """Finish a re-index whose inputs are those of the story's current index without
    recomputing or rewriting it; None when another run changed the index meanwhile."""
    counts = Sentence.objects.filter(article__story=story).aggregate(
        sentences=Count("pk"), content=Count("pk", filter=Q(is_boilerplate=False))
    )
    progress(counts["content"], counts["content"])
    with transaction.atomic():
        locked = Story.objects.select_for_update().filter(pk=story.pk, index_key=inputs_key)
        if locked.first() is None:
            return None  # the index changed since we looked: compute it
        result = IndexResult(
            sentences=counts["sentences"],
            claims=Claim.objects.filter(story=story).count(),
            cached=counts["content"],
            unchanged=True,
        )
        if not _finish_run(story, run, counts["content"], 0, counts["content"]):
            result.skipped = True
            return result
        result.diff = services.keep_index(story, run, version, model_id)
    log.info("indexed %s: inputs unchanged, its index kept", story.slug)
    return result


def _finish_run(story, run, content: int, encoded: int, cached: int) -> bool:
    """Mark the run done (inside the caller's transaction, holding the story's lock); False
    when a later run already wrote the story. RunSuperseded when the run's lease was lost."""
    if run is None:
        return True
    if not held(run).update(
        state=IndexRun.State.DONE,
        finished_at=timezone.now(),
        error="",
        progress_done=content,
        progress_total=content,
        sentences_encoded=encoded,
        sentences_cached=cached,
    ):
        raise RunSuperseded(f"run {run.pk} was taken over by another worker")
    return not IndexRun.objects.filter(
        story=story, state=IndexRun.State.DONE, pk__gt=run.pk
    ).exists()
