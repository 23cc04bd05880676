"""Articles that arrive without a story find their story: the CLI without --story, uploads
and API calls that name none all come through `ingest_unsorted`.

Each accepted record is fingerprinted (segment, values, vectors through the embedding cache,
so indexing later finds its sentences' vectors ready), the batch is handed to
grouping.assign with the stored stories' profiles, and the articles are written through
news.services: into the story chosen, or into a new story named after its most central
headline. Profiles and generated titles of the stories that changed are brought up to date.

Records that cannot be stored (empty, not an article, too long) are rejected before any
story is chosen, so they never start one. An exact copy of a stored text goes to the story
that holds it (and is reported there as a duplicate)."""

from django.db import transaction

from newscompare.lib.texthash import normalized_text_hash
from newscompare.news import services
from newscompare.news.models import Article, ArticleFingerprint, Story, StoryProfile

from . import embed, grouping, segment, values
from .runner import embed_with_cache

PLACE_BATCH = 1000  # records grouped together; bounds the batch's (n x n) matrices


class _Text:
    def __init__(self, text: str):
        self.text, self.text_hash = text, normalized_text_hash(text)


def fingerprint_texts(texts: list[str], keys=None) -> list[grouping.Fingerprint]:
    """Fingerprints of article texts, embedding their sentences through the cache."""
    keys = keys or [None] * len(texts)
    per_article, flat = [], []
    for text in texts:
        content = [s.text for s in segment.segment_text(text) if not s.is_boilerplate]
        per_article.append(content)
        flat.extend(content)
    vectors, _, _ = embed_with_cache([_Text(t) for t in flat], embed.MODEL_ID)
    out, at = [], 0
    for content, key in zip(per_article, keys, strict=True):
        found = values.extract_article_values(content, None)
        out.append(grouping.fingerprint(content, found, vectors[at : at + len(content)], key))
        at += len(content)
    return out


def ingest_unsorted(records, on_result=None) -> list[services.IngestResult]:
    """Store records without a story, each in the story it belongs to (module doc).
    Results come back in input order; on_result(result) is called as each batch is done."""
    records = list(records)
    results: list = [None] * len(records)
    for start in range(0, len(records), PLACE_BATCH):
        chunk = range(start, min(start + PLACE_BATCH, len(records)))
        # One transaction per batch: one commit instead of several per article (on SQLite
        # each commit is a disk sync); each article still has its own savepoint.
        with transaction.atomic():
            touched = _place_chunk(records, chunk, results)
            save_profiles(touched)
            set_titles(touched)
        if on_result:
            for i in chunk:
                on_result(results[i])
    return results


def _place_chunk(records, chunk, results) -> dict[int, grouping.Profile]:
    """Place the chunk's records; {story id: its profile, brought up to date} of the
    stories that received articles."""
    todo = []
    for i in chunk:
        rejected = services.check_article(records[i])
        if rejected:
            results[i] = rejected
        else:
            todo.append(i)
    hashes = {i: normalized_text_hash(records[i].text) for i in todo}
    stored = services.stories_holding_texts(hashes.values())
    for i in [i for i in todo if hashes[i] in stored]:
        results[i] = services.add_article(stored[hashes[i]], records[i], Article.Placement.AUTO)
    fresh = [i for i in todo if hashes[i] not in stored]
    touched = _new_versions(records, fresh, results)
    fresh = [i for i in fresh if results[i] is None]
    if not fresh:
        return touched
    fps = fingerprint_texts([records[i].text for i in fresh])
    profiles = load_profiles()
    placements = grouping.assign(fps, profiles, load_exemplars)
    slugs = {p.key: p.slug for p in profiles}
    stories, new_stories = _stories_for(records, fresh, placements, slugs)
    added = services.add_articles(
        [(story, records[i]) for story, i in zip(stories, fresh, strict=True)],
        Article.Placement.AUTO,
    )
    # A new story lives only with an accepted article (duplicates start none).
    services.delete_empty_stories(s.pk for s in new_stories)
    stored_fps: list[grouping.Fingerprint] = []
    for i, fp, place, story, result in zip(fresh, fps, placements, stories, added, strict=True):
        results[i] = result
        if result.status == "accepted":
            fp.key = result.article.pk  # the profile's exemplars hold this same object
            stored_fps.append(fp)
            touched[story.pk] = place.profile
        else:
            place.profile.add(fp, -1)
    services.add_fingerprints(
        (fp.key, grouping.VERSION, embed.to_bytes(fp.lead), embed.to_bytes(fp.mean), fp.to_json())
        for fp in stored_fps
    )
    return touched


def _stories_for(records, fresh, placements, slugs) -> tuple[list[Story], list[Story]]:
    """The story each placed record goes to, and the new stories started for them (each
    named after its first record's headline)."""
    new_stories: dict[int, Story] = {}
    stories = []
    for i, place in zip(fresh, placements, strict=True):
        if place.story is not None:
            stories.append(Story(pk=place.story, slug=slugs[place.story]))
        else:
            if place.new_group not in new_stories:
                new_stories[place.new_group] = services.start_story(_headline(records[i]))
            stories.append(new_stories[place.new_group])
    return stories, list(new_stories.values())


def _new_versions(records, todo, results) -> dict[int, grouping.Profile]:
    """Records under the id of an article stored in one story are that article: a changed
    text becomes its next version there (services.add_article), wherever grouping would
    put the new text. Their fingerprints and their stories' profiles are made again.
    Returns {story id: profile} of the stories that changed."""
    ids = {i: records[i].external_id.strip() for i in todo}
    held = services.stories_holding_ids(v for v in ids.values() if v)
    changed: dict[int, Story] = {}
    for i in [i for i in todo if ids[i] in held]:
        story = held[ids[i]]
        results[i] = services.add_article(story, records[i], Article.Placement.AUTO)
        if results[i].status == "accepted":
            article = results[i].article
            (fp,) = fingerprint_texts([article.text], [article.pk])
            save_fingerprint(article.pk, fp)
            changed[story.pk] = story
    return {pk: rebuild_profile(story) for pk, story in changed.items()}


def _headline(record) -> str:
    return record.title.strip() or _first_line(record.text)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= 160 else line[:157].rsplit(" ", 1)[0] + "…"
    return ""


# --- stored fingerprints and profiles ---------------------------------------------------


def save_fingerprint(article_id: int, fp: grouping.Fingerprint) -> None:
    services.save_fingerprint(
        article_id, grouping.VERSION, embed.to_bytes(fp.lead), embed.to_bytes(fp.mean), fp.to_json()
    )


def save_profiles(profiles: dict[int, grouping.Profile]) -> None:
    """Store the profiles, {story id: profile}, together."""
    services.save_profiles(
        (
            story_id,
            grouping.VERSION,
            embed.to_bytes(profile.lead_sum),
            embed.to_bytes(profile.mean_sum),
            profile.to_json(),
            [fp.key for fp in profile.exemplars],
        )
        for story_id, profile in profiles.items()
    )


def _fingerprint(row: ArticleFingerprint) -> grouping.Fingerprint:
    return grouping.Fingerprint.from_parts(
        embed.from_bytes(bytes(row.lead)),
        embed.from_bytes(bytes(row.mean)),
        row.data,
        key=row.article_id,
    )


def load_profiles() -> list[grouping.Profile]:
    """Every story's profile, without exemplars (assign loads those of its candidates)."""
    profiles = []
    for row in StoryProfile.objects.filter(version=grouping.VERSION).select_related("story"):
        p = grouping.Profile.from_parts(
            row.story_id,
            embed.from_bytes(bytes(row.lead_sum)),
            embed.from_bytes(bytes(row.mean_sum)),
            row.data,
        )
        p.slug = row.story.slug
        p.exemplar_ids = list(row.exemplars)
        p.exemplars_loaded = False
        profiles.append(p)
    return profiles


def load_exemplars(profiles: list[grouping.Profile]) -> None:
    wanted = {aid for p in profiles for aid in p.exemplar_ids}
    rows = {r.article_id: r for r in ArticleFingerprint.objects.filter(article_id__in=wanted)}
    for p in profiles:
        p.exemplars = [_fingerprint(rows[a]) for a in p.exemplar_ids if a in rows]


def rebuild_profile(story: Story) -> grouping.Profile:
    """A story's profile from its articles' fingerprints (after a person's change, or for
    articles imported before grouping existed: they are fingerprinted now)."""
    articles = list(Article.objects.filter(story=story).order_by("id"))
    rows = {
        r.article_id: r
        for r in ArticleFingerprint.objects.filter(article__in=articles, version=grouping.VERSION)
    }
    missing = [a for a in articles if a.pk not in rows]
    fresh = {
        fp.key: fp for fp in fingerprint_texts([a.text for a in missing], [a.pk for a in missing])
    }
    for article_id, fp in fresh.items():
        save_fingerprint(article_id, fp)
    profile = grouping.Profile(key=story.pk)
    for a in articles:
        profile.add(fresh[a.pk] if a.pk in fresh else _fingerprint(rows[a.pk]))
    save_profiles({story.pk: profile})
    return profile


def refresh_stories(story_ids, rebuild: bool = False) -> None:
    """Generated titles (and, with rebuild, profiles) of the stories that changed."""
    if rebuild:
        profiles = {s.pk: rebuild_profile(s) for s in Story.objects.filter(pk__in=list(story_ids))}
    else:
        profiles = {p.key: p for p in load_profiles_for(story_ids)}
        load_exemplars(list(profiles.values()))
        lacking = Story.objects.filter(pk__in=list(story_ids)).exclude(pk__in=list(profiles))
        profiles.update({s.pk: rebuild_profile(s) for s in lacking})
    set_titles(profiles)


def set_titles(profiles: dict[int, grouping.Profile]) -> None:
    """Each story's generated title from its most central exemplar's headline (a person's
    title stays), {story id: profile} with their exemplars at hand."""
    central = {sid: grouping.central_exemplar(p) for sid, p in profiles.items()}
    articles = Article.objects.filter(pk__in=[a for a in central.values() if a is not None])
    headline = {a.pk: a.title or _first_line(a.text) for a in articles.only("title", "text")}
    for story in Story.objects.filter(pk__in=list(profiles)).only("title", "title_source"):
        if central[story.pk] in headline:
            services.set_generated_title(story, headline[central[story.pk]])


def after_person_change(story_ids):
    """After a merge, split or move: profiles and titles of the stories that changed are
    rebuilt, and each is re-indexed through its IndexRun (queued for a worker, or inline
    on the embedded default)."""
    from .tasks import enqueue_index

    refresh_stories(story_ids, rebuild=True)
    for story in Story.objects.filter(pk__in=list(story_ids)).order_by("id"):
        enqueue_index(story)


def load_profiles_for(story_ids) -> list[grouping.Profile]:
    rows = StoryProfile.objects.filter(story_id__in=list(story_ids), version=grouping.VERSION)
    out = []
    for row in rows:
        p = grouping.Profile.from_parts(
            row.story_id,
            embed.from_bytes(bytes(row.lead_sum)),
            embed.from_bytes(bytes(row.mean_sum)),
            row.data,
        )
        p.exemplar_ids = list(row.exemplars)
        out.append(p)
    return out


def regroup(story_ids=None) -> set[int]:
    """Group again every article that automatic grouping placed (in the given stories, or
    everywhere), as one batch against the stories as people and imports left them.
    Articles a person placed, and stories named at import, do not move. Returns the ids of
    the stories that changed."""
    auto = Article.objects.filter(placement=Article.Placement.AUTO)
    if story_ids is not None:
        auto = auto.filter(story_id__in=list(story_ids))
    auto = list(auto.order_by("id"))
    if not auto:
        return set()
    fixed = _fixed_articles()
    fps = _fingerprints_of({x for ids in fixed.values() for x in ids} | {a.pk for a in auto})
    profiles = []
    for story_id, ids in fixed.items():
        p = grouping.Profile(key=story_id)
        for aid in ids:
            p.add(fps[aid])
        profiles.append(p)
    placements = grouping.assign([fps[a.pk] for a in auto], profiles)
    target = _target_stories(auto, placements, taken=set(fixed))
    changed: set[int] = set()
    for a in auto:
        if target[a.pk] != a.story_id:
            services.place_automatically([a.pk], Story(pk=target[a.pk]))
            changed |= {target[a.pk], a.story_id}
    services.delete_empty_stories(changed)
    alive = set(Story.objects.filter(pk__in=changed).values_list("pk", flat=True))
    services.touch_stories(alive)
    refresh_stories(alive, rebuild=True)
    return alive


def _fixed_articles() -> dict[int, list[int]]:
    """The part regrouping leaves alone: for each story, its articles that a person placed or
    an import named it for."""
    fixed = {}
    for story in Story.objects.filter(articles__placement__in=["given", "person"]).distinct():
        kept = Article.objects.filter(story=story).exclude(placement=Article.Placement.AUTO)
        fixed[story.pk] = [a.pk for a in kept]
    return fixed


def _fingerprints_of(article_ids: set[int]) -> dict[int, grouping.Fingerprint]:
    """The stored fingerprints of these articles; those missing (or of an older version) are
    computed and saved."""
    rows = {
        r.article_id: r
        for r in ArticleFingerprint.objects.filter(
            article_id__in=list(article_ids), version=grouping.VERSION
        )
    }
    fps = {aid: _fingerprint(row) for aid, row in rows.items()}
    missing = [a for a in Article.objects.filter(pk__in=list(article_ids)) if a.pk not in rows]
    for fp in fingerprint_texts([a.text for a in missing], [a.pk for a in missing]):
        save_fingerprint(fp.key, fp)
        fps[fp.key] = fp
    return fps


def _target_stories(auto, placements, taken: set[int]) -> dict[int, int]:
    """The story each automatically placed article goes to. One that joins a story goes there.
    A new group keeps the story where most of its articles are, when that story has no fixed
    articles and no other group took it; otherwise it starts a new story."""
    groups: dict[int, list[Article]] = {}
    target: dict[int, int] = {}
    for a, place in zip(auto, placements, strict=True):
        if place.story is not None:
            target[a.pk] = place.story
        else:
            groups.setdefault(place.new_group, []).append(a)
    for members in groups.values():
        votes: dict[int, int] = {}
        for a in members:
            votes[a.story_id] = votes.get(a.story_id, 0) + 1
        home = next(
            (s for s, _ in sorted(votes.items(), key=lambda kv: -kv[1]) if s not in taken), None
        )
        if home is None:
            home = services.start_story(members[0].title or _first_line(members[0].text)).pk
        taken.add(home)
        for a in members:
            target[a.pk] = home
    return target
