"""Index a story: run every stage over its articles and replace its claims in one
transaction, recording progress on an IndexRun row the dashboard polls.

The IndexRun row is the source of truth for background work, not the broker:
- a worker *claims* a run (queued -> running) under a row lock and gets a lease number
  (`attempts`); every later write of that worker (heartbeat, progress, the final commit)
  is conditional on still holding that lease, so two deliveries of one task never both
  commit, and a worker presumed dead can never overwrite its successor's work;
- the story's sentences, claims, diff and the run's `done` state are written in one
  transaction, so a crash leaves either the old index or the new one, never half of it,
  and a redelivered task finds the run done and does nothing;
- `sweep_runs` re-sends runs whose holder stopped heartbeating, or whose message the
  broker lost, so a killed worker or a restarted Redis costs time, not work.
"""

import hashlib
import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from django.conf import settings
from django.db import connections, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from newscompare import pipeline
from newscompare.lib.texthash import normalized_text_hash
from newscompare.news.models import (
    Article,
    ArticleSegmentation,
    Claim,
    ClaimMember,
    ClaimReview,
    EmbeddingCache,
    IndexDiff,
    IndexRun,
    Sentence,
    Story,
)

from . import align, candidates, embed, segment, syndication, values, verdict

log = logging.getLogger(__name__)


class RunSuperseded(Exception):
    """This worker no longer holds the run (another worker claimed it after a lost heartbeat)."""


def current_versions() -> tuple[str, str]:
    """(pipeline version, embedding model id) of the code running now."""
    return pipeline.PIPELINE_VERSION, embed.MODEL_ID


def start_run(story: Story) -> IndexRun:
    version, model_id = current_versions()
    return IndexRun.objects.create(
        story=story,
        state=IndexRun.State.QUEUED,
        pipeline_version=version,
        model_id=model_id,
        enqueued_at=timezone.now(),
    )


# --- claiming and holding a run -------------------------------------------------------


def _setting(name, default):
    return getattr(settings, name, default)


def claim_run(run_id: int, task_id: str = "") -> IndexRun | None:
    """Take the run for this worker; None when it is done, failed, or alive elsewhere.

    A run can be taken when it is queued, or running under the same Celery task id (the
    broker redelivered the message of a worker that died, or the task is retrying)."""
    with transaction.atomic():
        run = IndexRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            return None
        takeover = run.state == IndexRun.State.RUNNING and task_id and run.task_id == task_id
        if run.state != IndexRun.State.QUEUED and not takeover:
            return None
        if run.attempts >= _setting("INDEX_MAX_ATTEMPTS", 25):
            run.state, run.finished_at = IndexRun.State.FAILED, timezone.now()
            run.error = f"gave up after {run.attempts} attempts; last: {run.error}"
            run.save(update_fields=["state", "finished_at", "error"])
            return None
        now = timezone.now()
        run.pipeline_version, run.model_id = current_versions()
        run.state, run.attempts, run.task_id = (
            IndexRun.State.RUNNING,
            run.attempts + 1,
            task_id or "",
        )
        run.worker = f"{socket.gethostname()}:{os.getpid()}"
        run.started_at = run.started_at or now
        run.heartbeat_at = now
        run.save(
            update_fields=[
                "pipeline_version",
                "model_id",
                "state",
                "attempts",
                "task_id",
                "worker",
                "started_at",
                "heartbeat_at",
            ]
        )
    return run


def _held(run: IndexRun):
    """The run's row, only while this worker still holds it."""
    return IndexRun.objects.filter(pk=run.pk, state=IndexRun.State.RUNNING, attempts=run.attempts)


class Heartbeat:
    """Beats for a held run from a thread, so a live worker stays visibly alive while it
    loads the model or encodes a large batch. A beat that finds the run taken over marks
    the lease lost; the indexing thread checks that at every progress step."""

    def __init__(self, run: IndexRun, interval: float):
        self.run, self.interval, self.lost = run, interval, False
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._loop, name=f"heartbeat-run-{run.pk}", daemon=True
        )

    def __enter__(self):
        # SQLite (the embedded default, eager tasks) allows one writer; the progress
        # callback's beats are enough there.
        if connections["default"].vendor != "sqlite":
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(self.interval + 30)

    def _loop(self):
        try:
            while not self._stop.wait(self.interval):
                try:
                    if not _held(self.run).update(heartbeat_at=timezone.now()):
                        self.lost = True
                        return
                except Exception as exc:  # the database may be briefly away; try again next beat
                    log.warning("heartbeat of run %s failed: %s", self.run.pk, exc)
                    connections["default"].close()
        finally:
            connections.close_all()


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
        with Heartbeat(run, _setting("INDEX_HEARTBEAT_SECONDS", 10)) as beat:

            def progress(done, total):
                if beat.lost:
                    raise RunSuperseded(f"run {run.pk} was taken over by another worker")
                if not _held(run).update(
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
            _held(run).update(
                state=IndexRun.State.FAILED,
                error=f"{type(exc).__name__}: {exc}",
                finished_at=timezone.now(),
            )
            run.refresh_from_db()
        raise
    run.refresh_from_db()
    return run


def is_transient(exc: BaseException) -> bool:
    """Errors worth retrying: the database connection dropped or the server went away."""
    from django.db import InterfaceError, OperationalError

    return isinstance(exc, (OperationalError, InterfaceError))


def release_for_retry(run: IndexRun, exc: BaseException):
    """Give a run back to the queue after a transient error, noting why."""
    connections["default"].close()  # a dropped connection is unusable; open a fresh one
    try:
        _held(run).update(
            state=IndexRun.State.QUEUED,
            enqueued_at=timezone.now(),
            resends=0,
            error=f"retrying after {type(exc).__name__}: {exc}"[:2000],
        )
    except Exception as again:  # the database is still away; the retry will take the run back
        log.warning("run %s: could not note the retry: %s", run.pk, again)
        connections["default"].close()


# --- the sweeper --------------------------------------------------------------------


def sweep_runs(send) -> list[int]:
    """Re-send runs nobody is working on; returns their ids. `send(run)` sends a message.

    - running, but the holder's heartbeat stopped: the worker died; back to queued;
    - queued, and its message is older than INDEX_REQUEUE_AFTER (doubling with each
      re-send): the broker may have lost it (e.g. Redis restarted without persistence);
      a duplicate message is harmless, because only one delivery can claim the run.
    Each run is taken by a conditional UPDATE, so sweepers running at once re-send it once."""
    now = timezone.now()
    stale = now - timedelta(seconds=_setting("INDEX_STALE_AFTER", 60))
    requeue_after = timedelta(seconds=_setting("INDEX_REQUEUE_AFTER", 600))
    lost = now - requeue_after
    sent = []
    dead = IndexRun.objects.filter(
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True), state=IndexRun.State.RUNNING
    )
    for run in dead:
        taken = IndexRun.objects.filter(
            pk=run.pk, state=IndexRun.State.RUNNING, attempts=run.attempts
        ).update(
            state=IndexRun.State.QUEUED,
            enqueued_at=now,
            task_id="",
            resends=0,
            error=f"worker {run.worker} stopped (last heartbeat {run.heartbeat_at:%H:%M:%S}); re-queued"
            if run.heartbeat_at
            else f"worker {run.worker} stopped; re-queued",
        )
        if taken:
            sent.append(run)
    waiting = IndexRun.objects.filter(
        Q(enqueued_at__lt=lost) | Q(enqueued_at__isnull=True), state=IndexRun.State.QUEUED
    )
    for run in waiting:
        # Behind a long backlog a message is merely waiting, not lost: each re-send of the
        # same run waits twice as long as the one before, so duplicates stay few.
        if run.enqueued_at and run.enqueued_at > now - requeue_after * 2 ** min(run.resends, 10):
            continue
        if IndexRun.objects.filter(
            pk=run.pk, state=IndexRun.State.QUEUED, enqueued_at=run.enqueued_at
        ).update(enqueued_at=now, resends=F("resends") + 1):
            sent.append(run)
    for run in sent:
        send(run)
    return [run.pk for run in sent]


# --- staleness ----------------------------------------------------------------------


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


# --- the pipeline -------------------------------------------------------------------


@dataclass
class IndexResult:
    sentences: int = 0
    claims: int = 0
    encoded: int = 0
    cached: int = 0
    diff: IndexDiff | None = None
    skipped: bool = False  # a later run had already written the story


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
            published = article.published_on
            segments = segment.segment_text(article.text)
            content = [seg for seg in segments if not seg.is_boilerplate]
            # Whole-article extraction: a quote's "he said" borrows the speaker named before it.
            found = dict(
                zip(
                    (seg.position for seg in content),
                    values.extract_article_values([seg.text for seg in content], published),
                )
            )
            kept[article.pk] = [
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
            fresh.append(
                ArticleSegmentation(
                    article=article, key=keys[article.pk], sentences=kept[article.pk]
                )
            )
        for seg in kept[article.pk]:
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
    if fresh:
        ArticleSegmentation.objects.filter(article__in=[f.article for f in fresh]).delete()
        ArticleSegmentation.objects.bulk_create(fresh, batch_size=200, ignore_conflicts=True)
    return out


def _segmentation_key(article: Article) -> str:
    # The exact text, not the normalized hash: sentences keep the article's own spelling.
    published = article.published_on.isoformat() if article.published_on else ""
    return hashlib.sha256(
        f"{segment.VERSION}|{values.VERSION}|{published}|{article.text}".encode()
    ).hexdigest()


def embed_with_cache(
    sentences, model_id: str, progress=lambda done, total: None
) -> tuple[np.ndarray, int, int]:
    """Vectors for the sentences, from the cache where it has them; the rest are encoded
    in batches, each batch saved to the cache as soon as it exists (so a crash keeps it).
    Returns (vectors, how many distinct texts were encoded, how many sentences were cached)."""
    total = len(sentences)
    by_hash = {}
    for s in sentences:
        by_hash.setdefault(s.text_hash, s.text)
    found = {}
    hashes = list(by_hash)
    for start in range(0, len(hashes), 500):
        for h, blob in EmbeddingCache.objects.filter(
            model_id=model_id, text_hash__in=hashes[start : start + 500]
        ).values_list("text_hash", "vector"):
            found[h] = embed.from_bytes(bytes(blob))
    cached = sum(1 for s in sentences if s.text_hash in found)
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
                for h, v in zip(batch, vectors)
            ],
            ignore_conflicts=True,
        )
        found.update(zip(batch, vectors))
        fresh = set(batch)
        done += sum(1 for s in sentences if s.text_hash in fresh)
        progress(done, total)
    out = np.zeros((total, 384), dtype=np.float32)
    for i, s in enumerate(sentences):
        out[i] = found[s.text_hash]
    return out, len(missing), cached


class _Text:
    """A text to embed that is no sentence of its own (a clause): embed_with_cache's view of it."""

    def __init__(self, text: str):
        self.text, self.text_hash = text, normalized_text_hash(text)


def member_identity(article_id: int, text_hash: str) -> list:
    return [article_id, text_hash[:16]]


def claim_member_key(members: list) -> str:
    """A claim's identity across re-indexes: its members, order-free."""
    joined = "|".join(f"{a}:{h}" for a, h in sorted(map(tuple, members)))
    return hashlib.sha256(joined.encode()).hexdigest()


def index_story_now(
    story: Story, progress=lambda done, total: None, run: IndexRun | None = None
) -> IndexResult:
    """Index the story now, in this process. With a run, the write commits only while
    this worker holds it, and marks it done in the same transaction."""
    version, model_id = current_versions()
    articles = list(Article.objects.filter(story=story).select_related("outlet").order_by("id"))
    sentences = _segment_articles(articles)
    content = [s for s in sentences if not s.is_boilerplate]
    progress(0, len(content))

    vectors, encoded, cached = embed_with_cache(content, model_id, progress)
    for s, v in zip(content, vectors):
        s.embedding = embed.to_bytes(v)

    groups = syndication.wire_groups({a.id: a.text for a in articles})
    first = {}
    for s in content:
        first.setdefault(s.article.id, s)
    items = [
        align.Item(
            article=s.article.id,
            values=s.values,
            text=s.text,
            headline=s is first[s.article.id] and segment.looks_like_headline(s.text),
        )
        for s in content
    ]
    claims = align.align_claims(
        *align.with_clauses(
            items, vectors, lambda texts: embed_with_cache([_Text(t) for t in texts], model_id)[0]
        ),
        nearest=candidates.nearest_pairs,  # pgvector for large stories, else in process
    )

    labels = {a.id: a.external_id for a in articles}
    judged = []
    for claim in claims:
        members = [
            verdict.Member(
                label=labels[content[i].article.id],
                source=groups[content[i].article.id],
                values=content[i].values,
                text=content[i].text,
                focus=claim.focus.get(i),
            )
            for i in claim.members
        ]
        judged.append((claim.members, verdict.judge_claim(members, one_fact=bool(claim.slot))))
    judged.sort(key=lambda mj: (*verdict.display_key(mj[1]), mj[0][0]))
    identities = [
        [member_identity(content[i].article.id, content[i].text_hash) for i in member_ids]
        for member_ids, _ in judged
    ]

    result = IndexResult(
        sentences=len(sentences), claims=len(judged), encoded=encoded, cached=cached
    )
    with transaction.atomic():
        # One writer per story at a time; the lock also orders commits of rival runs.
        Story.objects.select_for_update().filter(pk=story.pk).first()
        if run is not None:
            if not _held(run).update(
                state=IndexRun.State.DONE,
                finished_at=timezone.now(),
                error="",
                progress_done=len(content),
                progress_total=len(content),
                sentences_encoded=encoded,
                sentences_cached=cached,
            ):
                raise RunSuperseded(f"run {run.pk} was taken over by another worker")
            if IndexRun.objects.filter(
                story=story, state=IndexRun.State.DONE, pk__gt=run.pk
            ).exists():
                # A later run already wrote this story from fresher articles; ours is moot.
                result.skipped = True
                return result
        previous = _claim_snapshot(story)
        reviews = list(ClaimReview.objects.filter(story=story))
        Sentence.objects.filter(article__story=story).delete()
        Claim.objects.filter(story=story).delete()
        Sentence.objects.bulk_create(sentences, batch_size=500)
        for article in articles:
            article.wire_group = groups[article.id]
            article.pipeline_version, article.model_id = version, model_id
        Article.objects.bulk_update(
            articles, ["wire_group", "pipeline_version", "model_id"], batch_size=500
        )
        Article.objects.filter(pk__in=[a.pk for a in articles]).update(
            index_count=F("index_count") + 1
        )
        claim_rows = Claim.objects.bulk_create(
            [
                Claim(
                    story=story,
                    position=pos,
                    kind=j.kind,
                    verdict=j.verdict,
                    explanation=j.explanation,
                    independent_sources=j.independent_sources,
                    pipeline_version=version,
                    model_id=model_id,
                    member_key=claim_member_key(ident),
                )
                for pos, ((_, j), ident) in enumerate(zip(judged, identities))
            ],
            batch_size=500,
        )
        ClaimMember.objects.bulk_create(
            [
                ClaimMember(
                    claim=claim, sentence=content[i], values=_public_values(content[i].values)
                )
                for claim, (member_ids, _) in zip(claim_rows, judged)
                for i in member_ids
            ],
            batch_size=500,
        )
        current = {
            c.member_key: {
                "kind": c.kind,
                "verdict": c.verdict,
                "text": content[member_ids[0]].text[:300],
                "members": ident,
                "claim": c,
            }
            for c, (member_ids, _), ident in zip(claim_rows, judged, identities)
        }
        result.diff = _record_diff(story, run, previous, current, version, model_id)
        _carry_reviews(reviews, current)
    log.info(
        "indexed %s: %d sentences, %d claims (%d texts encoded, %d sentences from cache)",
        story.slug,
        len(sentences),
        len(judged),
        encoded,
        cached,
    )
    return result


def _public_values(vals):
    """Values as stored and exported: the typed fields, without character offsets."""
    return [{k: v for k, v in val.items() if k not in ("start", "end")} for val in vals]


def _claim_snapshot(story: Story) -> dict:
    """{member key: summary} of the story's claims as they are before this index."""
    first_text, identities = {}, {}
    for claim_id, article_id, text in (
        ClaimMember.objects.filter(claim__story=story)
        .order_by("claim_id", "sentence__article_id", "sentence__position")
        .values_list("claim_id", "sentence__article_id", "sentence__text")
    ):
        first_text.setdefault(claim_id, text)
        identities.setdefault(claim_id, []).append(
            member_identity(article_id, normalized_text_hash(text))
        )
    snapshot = {}
    for c in (
        Claim.objects.filter(story=story)
        .order_by("position")
        .values("pk", "member_key", "kind", "verdict", "pipeline_version", "model_id")
    ):
        key = c["member_key"] or claim_member_key(identities.get(c["pk"], []))
        snapshot[key] = {
            "kind": c["kind"],
            "verdict": c["verdict"],
            "pipeline_version": c["pipeline_version"],
            "model_id": c["model_id"],
            "text": first_text.get(c["pk"], "")[:300],
        }
    return snapshot


def _record_diff(
    story, run, previous: dict, current: dict, version: str, model_id: str
) -> IndexDiff:
    def entry(key, c):
        return {"member_key": key, "kind": c["kind"], "verdict": c["verdict"], "text": c["text"]}

    added = [entry(k, c) for k, c in current.items() if k not in previous]
    removed = [entry(k, c) for k, c in previous.items() if k not in current]
    changed = [
        {**entry(k, c), "previous_verdict": previous[k]["verdict"]}
        for k, c in current.items()
        if k in previous and previous[k]["verdict"] != c["verdict"]
    ]
    old_versions = {(c["pipeline_version"], c["model_id"]) for c in previous.values()}
    old_version, old_model = (
        sorted(old_versions)[0]
        if len(old_versions) == 1
        else (
            ", ".join(sorted({v for v, _ in old_versions})),
            ", ".join(sorted({m for _, m in old_versions})),
        )
    )
    return IndexDiff.objects.create(
        story=story,
        run=run,
        previous_pipeline_version=old_version,
        previous_model_id=old_model,
        pipeline_version=version,
        model_id=model_id,
        added=added,
        removed=removed,
        verdict_changed=changed,
        unchanged=sum(
            1
            for k, c in current.items()
            if k in previous and previous[k]["verdict"] == c["verdict"]
        ),
    )


def _carry_reviews(reviews: list[ClaimReview], current: dict):
    """Re-attach reviewers' decisions to the new claims.

    Same members: the decision stays as it was (a confirmation is flagged if the pipeline's
    verdict moved away from what was confirmed). Members changed: it goes to the claim that
    shares the most members and is flagged for another look. No overlap: kept, unattached,
    flagged."""
    by_member = {}
    for key, c in current.items():
        for m in c["members"]:
            by_member[tuple(m)] = key
    for review in reviews:
        review.claim = None
        if review.member_key in current:
            now = current[review.member_key]
            review.claim = now["claim"]
            if (
                review.decision == ClaimReview.Decision.CONFIRM
                and now["verdict"] != review.pipeline_verdict
            ):
                review.needs_another_look = True
                review.flag_reason = (
                    f"the pipeline's verdict changed from {review.pipeline_verdict} "
                    f"to {now['verdict']} since it was confirmed"
                )
        else:
            mine = {tuple(m) for m in review.members}
            overlap = {}
            for m in mine:
                if m in by_member:
                    overlap[by_member[m]] = overlap.get(by_member[m], 0) + 1
            if overlap:
                best = max(overlap, key=lambda k: (overlap[k], k))
                theirs = {tuple(m) for m in current[best]["members"]}
                review.claim = current[best]["claim"]
                review.flag_reason = (
                    f"the claim's members changed: {len(theirs - mine)} added, "
                    f"{len(mine - theirs)} removed"
                )
            else:
                review.flag_reason = "no claim with these sentences remains after re-indexing"
            review.needs_another_look = True
    # Two reviews can land on one claim (claims merged); the most recent keeps it.
    taken = set()
    for review in sorted(reviews, key=lambda r: r.decided_at, reverse=True):
        if review.claim_id in taken:
            review.claim, review.needs_another_look = None, True
            review.flag_reason = "its claim merged with another reviewed claim"
        elif review.claim is not None:
            taken.add(review.claim.pk)
    for review in reviews:
        review.save(update_fields=["claim", "needs_another_look", "flag_reason", "updated_at"])


def review_claim(
    claim: Claim, decision: str, verdict: str, note: str, reviewer: str
) -> ClaimReview:
    """Record (or replace) a reviewer's decision on a claim's verdict."""
    members = [
        member_identity(m.sentence.article_id, normalized_text_hash(m.sentence.text))
        for m in claim.members.select_related("sentence")
    ]
    if decision == ClaimReview.Decision.CONFIRM:
        verdict = claim.verdict
    review, _ = ClaimReview.objects.update_or_create(
        claim=claim,
        defaults=dict(
            story_id=claim.story_id,
            decision=decision,
            verdict=verdict,
            pipeline_verdict=claim.verdict,
            note=note,
            reviewer=reviewer,
            member_key=claim.member_key or claim_member_key(members),
            members=members,
            needs_another_look=False,
            flag_reason="",
            decided_at=timezone.now(),
        ),
    )
    return review
