"""What grouping keeps of articles and stories: fingerprints and story profiles."""

from django.db import transaction
from django.utils import timezone

from ..models import (
    ArticleFingerprint,
    StoryProfile,
)


def save_fingerprint(article_id: int, version: str, lead: bytes, mean: bytes, data: dict) -> None:
    ArticleFingerprint.objects.update_or_create(
        article_id=article_id,
        defaults={"version": version, "lead": lead, "mean": mean, "data": data},
    )


def add_fingerprints(rows) -> None:
    """Fingerprints of newly stored articles: (article id, version, lead, mean, data)."""
    ArticleFingerprint.objects.bulk_create(
        [
            ArticleFingerprint(article_id=a, version=v, lead=lead, mean=mean, data=data)
            for a, v, lead, mean, data in rows
        ],
        batch_size=500,
    )


def save_profiles(rows) -> None:
    """Store story profiles, (story id, version, lead sum, mean sum, data, exemplar ids)
    each, replacing those stored, in two statements for the lot (nothing refers to a
    profile row: it is the story's)."""
    now = timezone.now()
    fresh = [
        StoryProfile(
            story_id=story_id,
            version=version,
            lead_sum=lead_sum,
            mean_sum=mean_sum,
            data=data,
            exemplars=list(exemplars),
            updated_at=now,
        )
        for story_id, version, lead_sum, mean_sum, data, exemplars in rows
    ]
    with transaction.atomic():
        StoryProfile.objects.filter(story_id__in=[p.story_id for p in fresh]).delete()
        StoryProfile.objects.bulk_create(fresh, batch_size=500)
