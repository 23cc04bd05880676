"""Reviewers' decisions: recording one, and carrying them over to a new index."""

from django.utils import timezone

from newscompare.lib.texthash import normalized_text_hash

from ..models import (
    Claim,
    ClaimReview,
)
from .identity import claim_member_key, member_identity


def carry_reviews(reviews: list[ClaimReview], current: dict) -> None:
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
        _carry(review, current, by_member)
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


def _carry(review: ClaimReview, current: dict, by_member: dict) -> None:
    """Attach one review to its claim in the new index (unsaved)."""
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
        return
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
            f"the claim's members changed: {len(theirs - mine)} added, {len(mine - theirs)} removed"
        )
    else:
        review.flag_reason = "no claim with these sentences remains after re-indexing"
    review.needs_another_look = True


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
