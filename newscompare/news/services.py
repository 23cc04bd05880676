"""Writes to the domain. Every change to stories, articles, their index (sentences, claims,
the diff of a re-index) and reviewers' decisions goes through here."""

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
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
    Claim,
    ClaimMember,
    ClaimReview,
    IndexDiff,
    IndexRun,
    Outlet,
    Sentence,
    Story,
    StoryDecision,
    StoryProfile,
)
from .records import ArticleRecord, ClaimRecord, Rejection

MAX_TITLE = 1000
MAX_EXTERNAL_ID = Article._meta.get_field("external_id").max_length
# Rows per INSERT when writing an index (SQLite's limit on parameters caps it lower; on
# PostgreSQL 2,000 was no faster).
WRITE_BATCH = 500


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
    if url and not _is_web_address(url):
        # Only web addresses become links on our pages: never javascript: or data: ones.
        notes.append(f"url '{url[:40]}' is not an http(s) address, left empty")
        url = ""
    language = record.language.strip()[:16] or detect_language(text)
    if language and language != "en":
        notes.append(f"language: {language} (not English)")
    fields = {
        "url": url,
        "title": _clean_line(record.title)[:MAX_TITLE],
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
        names = {n: _clean_line(n)[:200] for n in outlet_names if n.strip()}
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
        touch_stories([locked.story_id])
    return locked


def _is_web_address(url: str) -> bool:
    return bool(re.match(r"https?://[^\s/]+", url, re.I))


def _clean_line(value: str) -> str:
    return re.sub(r"\s+", " ", value or "").strip()


# ------------------------------------------------------------------ the index of a story


def member_identity(article_id: int, text_hash: str) -> list:
    return [article_id, text_hash[:16]]


def claim_member_key(members: list) -> str:
    """A claim's identity across re-indexes: its members, order-free."""
    joined = "|".join(f"{a}:{h}" for a, h in sorted(map(tuple, members)))
    return hashlib.sha256(joined.encode()).hexdigest()


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
        _carry_reviews(reviews, current)
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
    rows = Claim.objects.bulk_create(
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
    nested = []  # one fact, one row: a claim nested in a wider claim's row points at it
    for row, claim in zip(rows, claims, strict=True):
        if claim.narrows is not None:
            row.narrows = rows[claim.narrows]
            nested.append(row)
    Claim.objects.bulk_update(nested, ["narrows"], batch_size=WRITE_BATCH)
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


def _carry_reviews(reviews: list[ClaimReview], current: dict) -> None:
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


def stories_holding_ids(external_ids) -> dict[str, Story]:
    """{id: story} for article ids stored in exactly one story (a record under such an id
    names that article: a changed text is its next version)."""
    found: dict[str, dict] = {}
    rows = Article.objects.filter(external_id__in=list(external_ids)).select_related("story")
    for article in rows:
        found.setdefault(article.external_id, {}).setdefault(article.story_id, article.story)
    return {i: next(iter(s.values())) for i, s in found.items() if len(s) == 1}


def save_fingerprint(article_id: int, version: str, lead: bytes, mean: bytes, data: dict):
    ArticleFingerprint.objects.update_or_create(
        article_id=article_id,
        defaults={"version": version, "lead": lead, "mean": mean, "data": data},
    )


def add_fingerprints(rows):
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


def set_generated_title(story: Story, title: str):
    """A generated title replaces only a generated one: a person's title stays."""
    title = _clean_line(title)[:300]
    if title and story.title_source == Story.TitleSource.GENERATED and story.title != title:
        Story.objects.filter(pk=story.pk).update(title=title, last_activity_at=timezone.now())
        story.title = title


def touch_stories(story_ids):
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
