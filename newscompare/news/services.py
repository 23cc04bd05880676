"""Writes to the domain. Every change to stories and articles goes through here."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from newscompare.lib.dates import parse_published
from newscompare.lib.language import detect_language
from newscompare.lib.sizes import human_size
from newscompare.lib.texthash import normalized_text_hash

from .models import Article, Outlet, Story
from .records import ArticleRecord, Rejection

MAX_TITLE = 1000


@dataclass
class IngestResult:
    source: str
    status: str  # accepted, skipped, rejected
    message: str
    article: Article | None = None


def get_or_create_story(slug: str, title: str = "") -> Story:
    clean = slugify(slug)
    if not clean:
        raise ValueError(f"'{slug}' is not a usable story name (use letters, digits and dashes)")
    story, _ = Story.objects.get_or_create(slug=clean, defaults={"title": title or clean})
    return story


def add_article(story: Story, record) -> IngestResult:
    """Store one parsed article; a duplicate or a bad record is reported, nothing else changes."""
    if isinstance(record, Rejection):
        return IngestResult(record.source, "rejected", record.reason)
    # NUL is not storable in PostgreSQL text: drop it from every field, not only the text.
    record = ArticleRecord(
        **{k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in vars(record).items()}
    )
    text = record.text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return IngestResult(record.source, "rejected", "no article text")
    limit = settings.INGEST_MAX_ARTICLE_BYTES
    if len(text) > limit or len(text.encode("utf-8")) > limit:
        return IngestResult(
            record.source,
            "rejected",
            f"the article text is longer than the {human_size(limit)} limit per article",
        )
    text_hash = normalized_text_hash(text)
    external_id = record.external_id.strip()[:200]
    # One query for both kinds of duplicate; same text wins over same id.
    clashes = list(
        Article.objects.filter(story=story)
        .filter(Q(text_hash=text_hash) | Q(external_id=external_id))
        .only("id", "external_id", "text_hash")[:2]
    )
    same_text = next((a for a in clashes if a.text_hash == text_hash), None)
    if same_text:
        return IngestResult(
            record.source,
            "skipped",
            f"duplicate of article {same_text.external_id} (same text) in story {story.slug}",
            same_text,
        )
    if clashes:
        return IngestResult(
            record.source,
            "skipped",
            f"story {story.slug} already has an article with id {external_id} (different text)",
        )
    notes = [record.note] if record.note else []
    published = parse_published(record.published) if record.published else None
    if record.published and published is None:
        notes.append(f"publication date '{record.published[:40]}' not understood, left empty")
    url = record.url.strip()[:2000]
    if url and not re.match(r"https?://[^\s/]+", url, re.I):
        # Only web addresses become links on our pages: never javascript: or data: ones.
        notes.append(f"url '{url[:40]}' is not an http(s) address, left empty")
        url = ""
    language = record.language.strip()[:16] or detect_language(text)
    if language and language != "en":
        notes.append(f"language: {language} (not English)")
    note = "".join(f"; {n}" for n in notes)
    try:
        with transaction.atomic():
            outlet = None
            if record.outlet.strip():
                outlet, _ = Outlet.objects.get_or_create(name=_clean_line(record.outlet)[:200])
            article = Article.objects.create(
                story=story,
                outlet=outlet,
                external_id=external_id,
                url=url,
                title=_clean_line(record.title)[:MAX_TITLE],
                published_at=published,
                text=text,
                text_hash=text_hash,
                language=language,
            )
    except IntegrityError:
        # Another writer stored the same text or id between our check and our insert.
        return IngestResult(
            record.source, "skipped", f"duplicate of an article already in story {story.slug}"
        )
    return IngestResult(
        record.source, "accepted", f"stored as article {article.external_id}{note}", article
    )


def _clean_line(value: str) -> str:
    return re.sub(r"\s+", " ", value or "").strip()
