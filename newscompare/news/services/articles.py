"""Storing articles: checks, duplicates (same text, same id), new articles one at a time
or a batch at once, and a changed text under a known id as the article's next version."""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from newscompare.lib.dates import read_published
from newscompare.lib.language import detect_language
from newscompare.lib.sizes import human_size
from newscompare.lib.texthash import normalized_text_hash

from ..models import (
    Article,
    ArticleVersion,
    Outlet,
    Story,
)
from ..records import ArticleRecord, Rejection
from .lines import clean_line, is_web_address
from .stories import touch_stories

MAX_TITLE = 1000


MAX_EXTERNAL_ID = Article._meta.get_field("external_id").max_length


@dataclass
class IngestResult:
    source: str
    status: str  # accepted, skipped, rejected
    message: str
    article: Article | None = None


def check_article(record) -> IngestResult | None:
    """Why the record cannot be stored in any story (a rejection), or None."""
    if isinstance(record, Rejection):
        return IngestResult(record.source, "rejected", record.reason)
    text = record.text.replace("\x00", "")
    if not text.strip():
        return IngestResult(record.source, "rejected", "no article text")
    limit = settings.INGEST_MAX_ARTICLE_BYTES
    if len(text) > limit or len(text.encode("utf-8")) > limit:
        return IngestResult(
            record.source,
            "rejected",
            f"the article text is longer than the {human_size(limit)} limit per article",
        )
    return None


def add_article(story: Story, record, placement: str = Article.Placement.GIVEN) -> IngestResult:
    """Store one parsed article; a duplicate or a bad record is reported, nothing else changes."""
    readable = _readable(record)
    if isinstance(readable, IngestResult):
        return readable
    record, text, text_hash, external_id = readable
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
    fields, note = _new_article_fields(record, text)
    try:
        article = _create_article(
            story, record.outlet, external_id, text, text_hash, placement, fields
        )
    except IntegrityError:
        # Another writer stored the same text or id between our check and our insert.
        return IngestResult(
            record.source, "skipped", f"duplicate of an article already in story {story.slug}"
        )
    return IngestResult(
        record.source, "accepted", f"stored as article {article.external_id}{note}", article
    )


def _readable(record) -> "IngestResult | tuple[ArticleRecord, str, str, str]":
    """The record without NULs, its text with plain line ends, the text's hash and the id;
    or why it cannot be stored."""
    rejected = check_article(record)
    if rejected:
        return rejected
    # NUL is not storable in PostgreSQL text: drop it from every field, not only the text.
    record = ArticleRecord(
        **{k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in vars(record).items()}
    )
    text = record.text.replace("\r\n", "\n").replace("\r", "\n")
    external_id = record.external_id.strip()
    if len(external_id) > MAX_EXTERNAL_ID:
        return IngestResult(
            record.source,
            "rejected",
            f"the id is {len(external_id):,} characters long; the limit is {MAX_EXTERNAL_ID}",
        )
    return record, text, normalized_text_hash(text), external_id


def add_articles(items, placement: str = Article.Placement.GIVEN) -> list[IngestResult]:
    """add_article for many (story, record) pairs, with the same outcome as one call after
    another: the duplicate check is one query and the new articles one insert; a record
    that meets a stored article (a duplicate, a new version) or an earlier record of the
    list goes through add_article after them."""
    results: list = [None] * len(items)
    ready = {}
    for i, (_, record) in enumerate(items):
        readable = _readable(record)
        if isinstance(readable, IngestResult):
            results[i] = readable
        else:
            ready[i] = readable
    fresh, later = _new_or_met(items, ready)
    articles, notes = {}, {}
    for i in fresh:
        record, text, text_hash, external_id = ready[i]
        fields, notes[i] = _new_article_fields(record, text)
        articles[i] = Article(
            story=items[i][0],
            external_id=external_id,
            text=text,
            text_hash=text_hash,
            placement=placement,
            **fields,
        )
    try:
        if fresh:
            _insert([articles[i] for i in fresh], [ready[i][0].outlet for i in fresh])
    except IntegrityError:  # another writer was quicker: each goes the one-by-one way
        later, fresh = sorted(later + fresh), []
    for i in fresh:
        results[i] = IngestResult(
            items[i][1].source,
            "accepted",
            f"stored as article {articles[i].external_id}{notes[i]}",
            articles[i],
        )
    for i in later:
        results[i] = add_article(*items[i], placement)
    return results


def _new_or_met(items, ready: dict) -> tuple[list[int], list[int]]:
    """The readable records' positions split into those that meet neither a stored article
    of their story nor an earlier record (same text or id), and the rest."""
    stored = Article.objects.filter(story_id__in={items[i][0].pk for i in ready}).filter(
        Q(text_hash__in={r[2] for r in ready.values()})
        | Q(external_id__in={r[3] for r in ready.values()})
    )
    taken = set()
    for story_id, text_hash, external_id in stored.values_list(
        "story_id", "text_hash", "external_id"
    ):
        taken |= {(story_id, "text", text_hash), (story_id, "id", external_id)}
    fresh, later = [], []
    for i, (_, _, text_hash, external_id) in ready.items():
        keys = {(items[i][0].pk, "text", text_hash), (items[i][0].pk, "id", external_id)}
        (later if keys & taken else fresh).append(i)
        taken |= keys
    return fresh, later


def _new_article_fields(record, text: str) -> tuple[dict, str]:
    """What a new article stores of the record's address, dates, title and language, and the
    note that tells what was left out or is worth knowing (the record's own note first): a
    date that cannot be read, an address that is not http(s), a language other than English."""
    notes = [record.note] if record.note else []
    published, problem = read_published(record.published)
    if problem:
        notes.append(problem)
    url = record.url.strip()[:2000]
    if url and not is_web_address(url):
        # Only web addresses become links on our pages: never javascript: or data: ones.
        notes.append(f"url '{url[:40]}' is not an http(s) address, left empty")
        url = ""
    language = record.language.strip()[:16] or detect_language(text)
    if language and language != "en":
        notes.append(f"language: {language} (not English)")
    fields = {
        "url": url,
        "title": clean_line(record.title)[:MAX_TITLE],
        "published_at": published,
        "published_on": published.date() if published else None,
        "language": language,
    }
    return fields, "".join(f"; {n}" for n in notes)


def _create_article(
    story: Story,
    outlet_name: str,
    external_id: str,
    text: str,
    text_hash: str,
    placement: str,
    fields: dict,
) -> Article:
    """The article and its outlet (created on first sight) stored in one transaction, and the
    story marked active; raises IntegrityError when another writer stored it first."""
    article = Article(
        story=story,
        external_id=external_id,
        text=text,
        text_hash=text_hash,
        placement=placement,
        **fields,
    )
    _insert([article], [outlet_name])
    return article


def _insert(articles: list[Article], outlet_names: list[str]) -> None:
    """New articles with their outlets (created on first sight) stored in one transaction,
    and their stories marked active; raises IntegrityError when another writer stored one
    of them first."""
    with transaction.atomic():
        names = {n: clean_line(n)[:200] for n in outlet_names if n.strip()}
        outlets = {c: Outlet.objects.get_or_create(name=c)[0] for c in set(names.values())}
        for article, name in zip(articles, outlet_names, strict=True):
            article.outlet = outlets.get(names.get(name))
        Article.objects.bulk_create(articles)
        Story.objects.filter(pk__in={a.story_id for a in articles}).update(
            last_activity_at=timezone.now()
        )


def _add_version(story: Story, article: Article, record, text: str, text_hash: str):
    """The same article (same id in the story) with a changed text: the new text becomes
    its current version and the old one is kept as an ArticleVersion. An id is the
    caller's name for one article; URL fetches get an id made from the URL, so the same
    address fetched again is the same article. Records with other ids but one URL stay
    separate articles: live pages publish several articles at one address."""
    outlet = clean_line(record.outlet)[:200]
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
            locked.title = clean_line(title)[:MAX_TITLE]
        if url and is_web_address(url):
            locked.url = url
        if outlet and not locked.outlet_id:
            locked.outlet, _ = Outlet.objects.get_or_create(name=outlet)
        locked.save()
        touch_stories([locked.story_id])
    return locked
