"""Writes to the domain. Every change to stories and articles goes through here."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from newscompare.lib.dates import read_published
from newscompare.lib.language import detect_language
from newscompare.lib.sizes import human_size
from newscompare.lib.texthash import normalized_text_hash

from .models import Article, ArticleVersion, Outlet, Story
from .records import ArticleRecord, Rejection

MAX_TITLE = 1000
MAX_EXTERNAL_ID = Article._meta.get_field("external_id").max_length


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
    external_id = record.external_id.strip()
    if len(external_id) > MAX_EXTERNAL_ID:
        return IngestResult(
            record.source,
            "rejected",
            f"the id is {len(external_id):,} characters long; the limit is {MAX_EXTERNAL_ID}",
        )
    # One query for both kinds of duplicate; same text wins over same id.
    clashes = list(
        Article.objects.filter(story=story)
        .filter(Q(text_hash=text_hash) | Q(external_id=external_id))
        .select_related("outlet")[:2]
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
        return _add_version(story, clashes[0], record, text, text_hash)
    notes = [record.note] if record.note else []
    published, problem = read_published(record.published)
    if problem:
        notes.append(problem)
    url = record.url.strip()[:2000]
    if url and not _is_web_address(url):
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
                published_on=published.date() if published else None,
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


def _add_version(story: Story, article: Article, record, text: str, text_hash: str):
    """The same article (same id in the story) with a changed text: the new text becomes
    its current version and the old one is kept as an ArticleVersion. An id is the
    caller's name for one article; URL fetches get an id made from the URL, so the same
    address fetched again is the same article. Records with other ids but one URL stay
    separate articles: live pages publish several articles at one address."""
    outlet = _clean_line(record.outlet)[:200]
    if outlet and article.outlet_id and outlet != article.outlet.name:
        return IngestResult(
            record.source,
            "skipped",
            f"story {story.slug} already has an article with id {article.external_id} from "
            f"{article.outlet.name}, not {outlet} (ids name one outlet's article)",
        )
    earlier = article.versions.filter(text_hash=text_hash).values_list("number", flat=True)
    if earlier:
        return IngestResult(
            record.source,
            "skipped",
            f"same text as version {earlier[0]} of article {article.external_id}, "
            f"which version {article.version} has replaced",
            article,
        )
    notes = [record.note] if record.note else []
    published, problem = read_published(record.published)
    if problem:
        notes.append(problem)
    if published and article.reported_at and published <= article.reported_at:
        published = None  # the old date carried over: the new text is dated by its import
    url = record.url.strip()[:2000]
    try:
        locked = _store_version(article, text, text_hash, record.title, url, outlet, published)
    except IntegrityError:
        return IngestResult(
            record.source, "skipped", f"duplicate of an article already in story {story.slug}"
        )
    note = "".join(f"; {n}" for n in notes)
    return IngestResult(
        record.source,
        "accepted",
        f"stored as version {locked.version} of article {locked.external_id} (its text changed)"
        f"{note}",
        locked,
    )


def _store_version(article, text, text_hash, title, url, outlet, published) -> Article:
    """Keep the article's current text as a version and make `text` the current one."""
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        ArticleVersion.objects.create(
            article=locked,
            number=locked.version,
            text=locked.text,
            text_hash=locked.text_hash,
            title=locked.title,
            url=locked.url,
            published_at=locked.reported_at or locked.created_at,
        )
        locked.version += 1
        locked.revised_at = published or timezone.now()
        locked.text, locked.text_hash = text, text_hash
        if title.strip():
            locked.title = _clean_line(title)[:MAX_TITLE]
        if url and _is_web_address(url):
            locked.url = url
        if outlet and not locked.outlet_id:
            locked.outlet, _ = Outlet.objects.get_or_create(name=outlet)
        locked.save()
    return locked


def _is_web_address(url: str) -> bool:
    return bool(re.match(r"https?://[^\s/]+", url, re.I))


def _clean_line(value: str) -> str:
    return re.sub(r"\s+", " ", value or "").strip()
