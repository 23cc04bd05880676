"""A story's index: replacing its sentences and claims in one transaction (with the diff
of the re-index and reviewers' decisions carried over), or keeping it when its inputs
are unchanged."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from newscompare.lib.texthash import normalized_text_hash

from ..models import (
    Article,
    Claim,
    ClaimMember,
    ClaimReview,
    IndexDiff,
    IndexRun,
    Sentence,
    Story,
)
from ..records import ClaimRecord
from .identity import claim_member_key, member_identity
from .reviews import carry_reviews

# Rows per INSERT when writing an index (SQLite's limit on parameters caps it lower; on
# PostgreSQL 2,000 was no faster).
WRITE_BATCH = 500


def replace_index(
    story: Story,
    run: IndexRun | None,
    articles: list[Article],
    sentences: list[Sentence],
    groups: dict[int, int],
    claims: list[ClaimRecord],
    version: str,
    model_id: str,
    inputs_key: str = "",
) -> IndexDiff:
    """Replace the story's sentences and claims with a new index, in one transaction: the
    articles get their wire groups and versions, the claims their members, the change is
    recorded as an IndexDiff and reviewers' decisions are carried over to the new claims.
    inputs_key: what the index was computed from (kept on the story, see keep_index)."""
    with transaction.atomic():
        # One writer per story at a time (the indexer takes this lock first).
        Story.objects.select_for_update().filter(pk=story.pk).first()
        Story.objects.filter(pk=story.pk).update(
            index_key=inputs_key, last_activity_at=timezone.now()
        )
        story.index_key = inputs_key
        previous = _claim_snapshot(story)
        reviews = list(ClaimReview.objects.filter(story=story))
        _delete_index(story)
        Sentence.objects.bulk_create(sentences, batch_size=WRITE_BATCH)
        _mark_indexed(articles, groups, version, model_id)
        current = _write_claims(story, claims, version, model_id)
        diff = _record_diff(story, run, previous, current, version, model_id)
        carry_reviews(reviews, current)
    return diff


def _delete_index(story: Story) -> None:
    """Delete the story's claims and sentences in four statements. Children go first, so
    no row is left pointing at a deleted one, and each DELETE runs as one statement:
    Django's cascade would first load every claim and sentence (vectors included) into
    Python to find what points at them."""
    ClaimMember.objects.filter(claim__story=story).delete()  # nothing points at a member
    ClaimReview.objects.filter(claim__story=story).update(claim=None)
    for rows in (Claim.objects.filter(story=story), Sentence.objects.filter(article__story=story)):
        rows._raw_delete(rows.db)  # members and reviews no longer point at them; narrows
        # points within the story's claims, all deleted by the same statement


def _mark_indexed(articles: list[Article], groups: dict[int, int], version: str, model_id: str):
    """Each article's wire group and the versions that indexed it; one more index done.
    One UPDATE for every article's versions, one for the articles that are their own wire
    group, and one (per batch) for the wire copies whose group changed."""
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(
        pipeline_version=version, model_id=model_id, index_count=F("index_count") + 1
    )
    moved: dict[int, list[int]] = {}
    for article in articles:
        article.pipeline_version, article.model_id = version, model_id
        if article.wire_group != groups[article.id]:
            article.wire_group = groups[article.id]
            moved.setdefault(article.wire_group, []).append(article.id)
    alone = [ids[0] for group, ids in moved.items() if ids == [group]]
    if alone:  # an article that is its own wire group: most of them, in one statement
        Article.objects.filter(pk__in=alone).update(wire_group=F("id"))
    copies = [a for a in articles if a.id in moved.get(a.wire_group, ()) and a.id not in alone]
    Article.objects.bulk_update(copies, ["wire_group"], batch_size=WRITE_BATCH)


def _write_claims(story: Story, claims: list[ClaimRecord], version: str, model_id: str) -> dict:
    """The claims and their members, in order; returns {member key: summary} of each, as
    the diff and the carried reviews read them."""
    identities = [
        [member_identity(s.article.id, s.text_hash) for s in claim.members] for claim in claims
    ]
    rows = _create_claims(story, claims, identities, version, model_id)
    _nest_narrower(rows, claims)
    _create_members(rows, claims)
    return _summaries(rows, claims, identities)


def _create_claims(
    story: Story, claims: list[ClaimRecord], identities: list, version: str, model_id: str
) -> list[Claim]:
    """One Claim row per record, at its position, keyed by its members' identities."""
    return Claim.objects.bulk_create(
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
            for pos, (j, ident) in enumerate(zip(claims, identities, strict=True))
        ],
        batch_size=WRITE_BATCH,
    )


def _nest_narrower(rows: list[Claim], claims: list[ClaimRecord]) -> None:
    """One fact, one row: a claim nested in a wider claim's row points at it (narrows)."""
    nested = []
    for row, claim in zip(rows, claims, strict=True):
        if claim.narrows is not None:
            row.narrows = rows[claim.narrows]
            nested.append(row)
    Claim.objects.bulk_update(nested, ["narrows"], batch_size=WRITE_BATCH)


def _create_members(rows: list[Claim], claims: list[ClaimRecord]) -> None:
    """Each claim's members: its sentences, with the values the claim shows of each (the
    sentence's own values when the record gives none)."""
    ClaimMember.objects.bulk_create(
        [
            ClaimMember(claim=row, sentence=s, values=_public_values(values))
            for row, claim in zip(rows, claims, strict=True)
            for s, values in zip(
                claim.members,
                claim.member_values or [None] * len(claim.members),
                strict=True,
            )
            for values in [s.values if values is None else values]
        ],
        batch_size=WRITE_BATCH,
    )


def _summaries(rows: list[Claim], claims: list[ClaimRecord], identities: list) -> dict:
    """{member key: summary} of each written claim, as the diff and the carried reviews read
    them."""
    return {
        row.member_key: {
            "kind": row.kind,
            "verdict": row.verdict,
            "text": claim.members[0].text[:300],
            "members": ident,
            "claim": row,
        }
        for row, claim, ident in zip(rows, claims, identities, strict=True)
    }


def keep_index(story: Story, run: IndexRun | None, version: str, model_id: str) -> IndexDiff:
    """A re-index whose inputs are those of the current index (same index_key): sentences,
    claims, their ids and reviewers' decisions stay as they are; the re-index is recorded as
    a diff in which every claim is unchanged. Call it holding the story's row lock."""
    return IndexDiff.objects.create(
        story=story,
        run=run,
        previous_pipeline_version=version,
        previous_model_id=model_id,
        pipeline_version=version,
        model_id=model_id,
        added=[],
        removed=[],
        verdict_changed=[],
        unchanged=Claim.objects.filter(story=story).count(),
    )


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
