"""What an upload did: one UploadBatch per request (admin page, API), one UploadItem per
file, zip member, JSONL line or URL, with the plain-words result the user sees. URL items
start as pending and are filled in by the background job."""

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

from newscompare.news.models import Article, IndexRun, Story

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class UploadBatch(models.Model):
    class Via(models.TextChoices):
        ADMIN = "admin"
        API = "api"

    class JobState(models.TextChoices):
        PENDING = "pending"  # URLs still to fetch, or indexing still to queue
        DONE = "done"
        FAILED = "failed"

    # None: the upload named no story, and each article went where grouping placed it.
    story = models.ForeignKey(
        Story, on_delete=models.CASCADE, null=True, blank=True, related_name="upload_batches"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    via = models.CharField(max_length=8, choices=Via.choices, default=Via.ADMIN)
    job_state = models.CharField(max_length=8, choices=JobState.choices, default=JobState.PENDING)
    job_error = models.TextField(blank=True)
    index_run = models.ForeignKey(
        IndexRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "upload"

    def __str__(self):
        return f"upload {self.pk} into {self.story.slug if self.story_id else 'grouped stories'}"

    def stories(self) -> list[Story]:
        """The stories its accepted articles are in now (one, when it named a story)."""
        if self.story_id:
            return [self.story]
        ids = self.items.filter(article__isnull=False).values("article__story_id")
        return list(Story.objects.filter(pk__in=ids).order_by("-last_activity_at", "-id"))

    def counts(self) -> dict[str, int]:
        counts = {status: 0 for status in UploadItem.Status.values}
        for row in self.items.values("status").annotate(n=models.Count("id")):
            counts[row["status"]] = row["n"]
        return counts


class UploadItem(models.Model):
    class Kind(models.TextChoices):
        FILE = "file"
        URL = "url"

    class Status(models.TextChoices):
        PENDING = "pending"
        ACCEPTED = "accepted"
        SKIPPED = "skipped"
        REJECTED = "rejected"

    batch = models.ForeignKey(UploadBatch, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.FILE)
    source = models.CharField(
        max_length=2100, help_text="file, 'archive.zip: member', 'file.jsonl line 3' or URL"
    )
    status = models.CharField(max_length=8, choices=Status.choices)
    message = models.TextField(blank=True)
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["batch", "position"]

    def __str__(self):
        return f"{self.source}: {self.status}"


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the upload API. Only its hash is stored; the key is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "API token"

    def __str__(self):
        return f"{self.user} {self.name}".strip()

    @classmethod
    def issue(cls, user, name: str = "") -> tuple["ApiToken", str]:
        key = "nc_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=hash_token(key)), key

    @classmethod
    def user_for_key(cls, key: str) -> "User | None":
        token = cls.objects.select_related("user").filter(key_hash=hash_token(key)).first()
        if token is None or not token.user.is_active:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user
