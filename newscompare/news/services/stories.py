"""Stories: made by slug or started by grouping, found by their texts or ids, titled,
touched, and people's corrections (move, merge, split), recorded as StoryDecision."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from ..models import (
    Article,
    Story,
    StoryDecision,
)
from .lines import clean_line


def get_or_create_story(slug: str, title: str = "") -> Story:
    clean = slugify(slug)
    if not clean:
        raise ValueError(f"'{slug}' is not a usable story name (use letters, digits and dashes)")
    story, _ = Story.objects.get_or_create(slug=clean, defaults={"title": title or clean})
    return story


MAX_SLUG_WORDS = 8


def start_story(title: str) -> Story:
    """A new story named after its (generated) title; the slug is unique and only for URLs."""
    title = clean_line(title)[:300] or "untitled story"
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


def stories_holding_ids(external_ids) -> dict[str, Story]:
    """{id: story} for article ids stored in exactly one story (a record under such an id
    names that article: a changed text is its next version)."""
    found: dict[str, dict] = {}
    rows = Article.objects.filter(external_id__in=list(external_ids)).select_related("story")
    for article in rows:
        found.setdefault(article.external_id, {}).setdefault(article.story_id, article.story)
    return {i: next(iter(s.values())) for i, s in found.items() if len(s) == 1}


def set_generated_title(story: Story, title: str) -> None:
    """A generated title replaces only a generated one: a person's title stays."""
    title = clean_line(title)[:300]
    if title and story.title_source == Story.TitleSource.GENERATED and story.title != title:
        Story.objects.filter(pk=story.pk).update(title=title, last_activity_at=timezone.now())
        story.title = title


def touch_stories(story_ids) -> None:
    """The stories changed now: the story list's order, and what the dashboard's page cache
    keys on (news.selectors.dashboard_version). Every write that changes what a story's
    row or page shows, other than an index (its run's finish time counts), touches it."""
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


def delete_empty_stories(story_ids) -> None:
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
