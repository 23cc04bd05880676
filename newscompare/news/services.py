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

from .models import (
    Article,
    ArticleFingerprint,
    ArticleVersion,
    Outlet,
    Story,
    StoryDecision,
    StoryProfile,
)
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
    rejected = check_article(record)
    if rejected:
        return rejected
    # NUL is not storable in PostgreSQL text: drop it from every field, not only the text.
    record = ArticleRecord(
        **{k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in vars(record).items()}
    )
    text = record.text.replace("\r\n", "\n").replace("\r", "\n")
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
                placement=placement,
            )
            Story.objects.filter(pk=story.pk).update(last_activity_at=timezone.now())
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


# --- stories that grouping starts, and people's corrections -----------------------------

MAX_SLUG_WORDS = 8


def start_story(title: str) -> Story:
    """A new story named after its (generated) title; the slug is unique and only for URLs."""
    title = _clean_line(title)[:300] or "untitled story"
    base = slugify(" ".join(title.split()[:MAX_SLUG_WORDS]))[:80].strip("-") or "story"
    for n in range(1, 1000):
        slug = base if n == 1 else f"{base}-{n}"
        try:
            with transaction.atomic():
                return Story.objects.create(
                    slug=slug,
                    title=title,
                    title_source=Story.TitleSource.GENERATED,
                    last_activity_at=timezone.now(),
                )
        except IntegrityError:
            continue
    raise ValueError(f"no free slug for a story named '{title[:60]}'")


def stories_holding_texts(text_hashes) -> dict[str, Story]:
    """{text hash: story} for texts already stored (an exact re-import goes where it is)."""
    found = {}
    for article in Article.objects.filter(text_hash__in=list(text_hashes)).select_related("story"):
        found.setdefault(article.text_hash, article.story)
    return found


def save_fingerprint(article_id: int, version: str, lead: bytes, mean: bytes, data: dict):
    ArticleFingerprint.objects.update_or_create(
        article_id=article_id,
        defaults={"version": version, "lead": lead, "mean": mean, "data": data},
    )


def save_profile(story_id: int, version: str, lead_sum: bytes, mean_sum: bytes, data, exemplars):
    StoryProfile.objects.update_or_create(
        story_id=story_id,
        defaults={
            "version": version,
            "lead_sum": lead_sum,
            "mean_sum": mean_sum,
            "data": data,
            "exemplars": list(exemplars),
        },
    )


def set_generated_title(story: Story, title: str):
    """A generated title replaces only a generated one: a person's title stays."""
    title = _clean_line(title)[:300]
    if title and story.title_source == Story.TitleSource.GENERATED and story.title != title:
        Story.objects.filter(pk=story.pk).update(title=title)
        story.title = title


def touch_stories(story_ids):
    Story.objects.filter(pk__in=list(story_ids)).update(last_activity_at=timezone.now())


def move_articles(
    articles, to_story: Story, made_by: str = "", kind: str = StoryDecision.Kind.MOVE
) -> set[int]:
    """A person puts the articles into to_story. They and the articles already there are
    marked as placed by a person (no automatic run moves them again), and the decision is
    recorded, one row per story they left. A story left empty is deleted. Returns the ids
    of the stories that changed."""
    articles = [a for a in articles if a.story_id != to_story.pk]
    if not articles:
        return set()
    by_story: dict[int, list[Article]] = {}
    for a in articles:
        by_story.setdefault(a.story_id, []).append(a)
    clashes = Article.objects.filter(story=to_story).filter(
        Q(text_hash__in=[a.text_hash for a in articles])
        | Q(external_id__in=[a.external_id for a in articles])
    )
    clash = clashes.first()
    if clash is not None:
        raise ValueError(
            f"story {to_story.slug} already has article {clash.external_id} "
            "(same id or same text); nothing was moved"
        )
    changed = {to_story.pk}
    with transaction.atomic():
        sources = Story.objects.in_bulk(list(by_story))
        for story_id, moved in by_story.items():
            StoryDecision.objects.create(
                kind=kind,
                story=to_story,
                from_story=sources.get(story_id),
                from_slug=sources[story_id].slug if story_id in sources else "",
                to_slug=to_story.slug,
                articles=[[a.pk, a.external_id] for a in moved],
                made_by=made_by[:150],
            )
        # The person put these together: the target's articles and the moved ones are
        # all theirs now, and no automatic run moves any of them again.
        Article.objects.filter(pk__in=[a.pk for a in articles]).update(story=to_story)
        Article.objects.filter(story=to_story).update(placement=Article.Placement.PERSON)
        for story_id in by_story:
            if Article.objects.filter(story_id=story_id).exists():
                changed.add(story_id)
            else:
                Story.objects.filter(pk=story_id).delete()
        touch_stories(changed)
    return changed


def merge_stories(target: Story, others, made_by: str = "") -> set[int]:
    """Every article of the other stories joins target (and stays there)."""
    others = [s for s in others if s.pk != target.pk]
    articles = list(Article.objects.filter(story__in=others))
    with transaction.atomic():
        return move_articles(articles, target, made_by, StoryDecision.Kind.MERGE)


def split_story(story: Story, articles, title: str = "", made_by: str = "") -> tuple[Story, set]:
    """The articles leave story for a new one; both sides stay as the person made them."""
    articles = [a for a in articles if a.story_id == story.pk]
    if not articles:
        raise ValueError("choose at least one article of the story to split off")
    if len(articles) == Article.objects.filter(story=story).count():
        raise ValueError("a split must leave at least one article in the story")
    with transaction.atomic():
        new = start_story(title or articles[0].title or story.title)
        if title:
            Story.objects.filter(pk=new.pk).update(title_source=Story.TitleSource.GIVEN)
        changed = move_articles(articles, new, made_by, StoryDecision.Kind.SPLIT)
        Article.objects.filter(story=story).update(placement=Article.Placement.PERSON)
    return new, changed


def delete_empty_stories(story_ids):
    """Stories that automatic grouping emptied go; their decisions keep the slugs."""
    Story.objects.filter(pk__in=list(story_ids)).exclude(
        pk__in=Article.objects.values("story_id")
    ).delete()


def place_automatically(article_ids, story: Story) -> bool:
    """Automatic grouping moves articles, but never one a person or an import placed."""
    return bool(
        Article.objects.filter(pk__in=list(article_ids), placement=Article.Placement.AUTO).update(
            story=story
        )
    )
