"""Reads from the domain, shaped for pages and exports. Query counts do not grow with
story size: each function issues a fixed number of queries."""

import csv
import io

from django.db import connection
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import Article, ArticleVersion, Claim, ClaimMember, IndexRun, Sentence, Story


def story_with_version(slug: str) -> Story | None:
    """The story, annotated with what its page is made of: its latest finished index run
    (claims change only when one finishes), its articles (they show before they are
    indexed; a new version of one adds to the sum of versions) and its latest run, whose
    state the progress bar shows. The dashboard's page cache keys on these, with the story
    row itself (title, last_activity_at: every write to the story touches it). One query,
    written out: it runs on every page view, and the ORM's compiling of the subqueries cost
    more than running them."""
    story, article, run = (m._meta.db_table for m in (Story, Article, IndexRun))
    latest = f"FROM {run} r WHERE r.story_id = s.id ORDER BY r.created_at DESC, r.id DESC LIMIT 1"
    rows = Story.objects.raw(
        f"SELECT s.*,"
        f" (SELECT r.id FROM {run} r WHERE r.story_id = s.id AND r.state = %s"
        f"  ORDER BY r.finished_at DESC, r.id DESC LIMIT 1) AS done_run,"
        f" (SELECT r.id {latest}) AS latest_run,"
        f" (SELECT r.state {latest}) AS latest_state,"
        f" (SELECT COUNT(*) FROM {article} a WHERE a.story_id = s.id) AS n_articles,"
        f" (SELECT MAX(a.id) FROM {article} a WHERE a.story_id = s.id) AS last_article,"
        f" (SELECT SUM(a.version) FROM {article} a WHERE a.story_id = s.id) AS versions"
        f" FROM {story} s WHERE s.slug = %s",
        [IndexRun.State.DONE, slug],
    )
    return next(iter(rows), None)


def dashboard_version() -> tuple | None:
    """What the story list is made of, in one query over small tables and indexes: its
    stories (every write to a story's articles, title or grouping touches its
    last_activity_at; news.services), their articles and index runs (the list shows each
    story's latest run). No count over the articles: it would read the whole table on every
    view. None while a run is queued or running: its progress changes every second, so the
    list is not worth caching then."""
    story, article, run = (m._meta.db_table for m in (Story, Article, IndexRun))
    active = ", ".join(f"'{state}'" for state in (IndexRun.State.QUEUED, IndexRun.State.RUNNING))
    with connection.cursor() as cursor:
        cursor.execute(  # three scans, each planned once: planning cost more than running
            f"SELECT * FROM"
            f" (SELECT SUM(CASE WHEN state IN ({active}) THEN 1 ELSE 0 END), MAX(id),"
            f"  MAX(finished_at) FROM {run}) r,"
            f" (SELECT COUNT(*), MAX(id), MAX(created_at), MAX(last_activity_at) FROM {story}) s,"
            f" (SELECT MAX(id) FROM {article}) a"
        )
        row = cursor.fetchone()
    return None if row[0] else tuple(row[1:])


def story_articles(story: Story) -> list[Article]:
    return list(
        Article.objects.filter(story=story).select_related("outlet").order_by("external_id")
    )


def syndicated_with(articles: list[Article]) -> dict[int, list[str]]:
    """{article id: external ids of its wire copies}."""
    by_group = {}
    for a in articles:
        if a.wire_group is not None:
            by_group.setdefault(a.wire_group, []).append(a)
    return {
        a.id: sorted(b.external_id for b in by_group.get(a.wire_group, []) if b.id != a.id)
        for a in articles
    }


def claims_for_export(story: Story) -> QuerySet[Claim]:
    """Every claim of the story in order, members with their articles, ordered by article."""
    members = ClaimMember.objects.select_related("sentence__article__outlet").order_by(
        "sentence__article__external_id", "sentence__position"
    )
    return (
        Claim.objects.filter(story=story)
        .order_by("position")
        .prefetch_related(Prefetch("members", queryset=members))
    )


def _iso(at):
    return at.isoformat() if at else None


def export_story(story: Story, times: dict | None = None, articles=None, claims=None) -> dict:
    """The story as CONTRACT §2 JSON, with added fields only: each article's full
    publication time, current version and earlier versions' times; with `times` (see
    pipeline.timeline.export_times), each claim's timeline and each member's first report.
    `articles` (story_articles) and `claims` (claims_for_export), when already loaded."""
    articles = story_articles(story) if articles is None else articles
    claims_in = claims_for_export(story) if claims is None else claims
    copies = syndicated_with(articles)
    earlier = _earlier_versions(story)
    times = times or {"claims": {}, "reported": {}}
    claims = [_exported_claim(c, times) for c in claims_in]
    return {
        "story": story.slug,
        "articles": [_exported_article(a, copies, earlier) for a in articles],
        "claims": claims,
    }


def _earlier_versions(story: Story) -> dict[int, list[dict]]:
    """Article id -> its earlier versions' numbers and publication times, oldest first (one
    query)."""
    earlier = {}
    for v in ArticleVersion.objects.filter(article__story=story).order_by("article_id", "number"):
        earlier.setdefault(v.article_id, []).append(
            {"version": v.number, "published_at": _iso(v.published_at)}
        )
    return earlier


def _exported_claim(c: Claim, times: dict) -> dict:
    """One claim as exported: its fields, its members, and its timeline from `times` (a time
    note is added to the explanation)."""
    claim = {
        "id": str(c.id),
        "narrows": str(c.narrows_id) if c.narrows_id else None,
        "kind": c.kind,
        "verdict": c.verdict,
        "independent_sources": c.independent_sources,
        "explanation": c.explanation,
        "pipeline_version": c.pipeline_version,
        "members": [
            {
                "article": m.sentence.article.external_id,
                "outlet": m.sentence.article.outlet_name,
                "text": m.sentence.text,
                "values": m.values,
                "version": m.sentence.article.version,
                "reported_at": times["reported"].get((c.id, m.sentence.article_id)),
            }
            for m in c.members.all()
        ],
    }
    claim.update(times["claims"].get(c.id, {}))
    if claim.get("time_note"):
        claim["explanation"] = f"{c.explanation}; in time: {claim['time_note']}"
    return claim


def _exported_article(a: Article, copies: dict, earlier: dict) -> dict:
    """One article as exported, with the articles it is a copy of and its earlier versions."""
    return {
        "id": a.external_id,
        "outlet": a.outlet_name,
        "title": a.title,
        "url": a.url,
        "published": a.published_on.isoformat() if a.published_on else None,
        "published_at": _iso(a.published_at),
        "language": a.language,
        "syndicated_with": copies[a.id],
        "version": a.version,
        "version_published_at": _iso(a.reported_at),
        "earlier_versions": earlier.get(a.id, []),
    }


CSV_FIELDS = [
    "claim_id",
    "kind",
    "verdict",
    "independent_sources",
    "explanation",
    "article",
    "outlet",
    "sentence",
    "values",
    "version",
    "reported_at",
    "time_note",
    "narrows",
]


def export_csv(export: dict) -> str:
    """An export_story dict as CSV, one row per claim member, so a spreadsheet can filter by
    claim, verdict or outlet."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for claim in export["claims"]:
        for m in claim["members"]:
            writer.writerow(
                {
                    "claim_id": claim["id"],
                    "narrows": claim.get("narrows") or "",
                    "kind": claim["kind"],
                    "verdict": claim["verdict"],
                    "independent_sources": claim["independent_sources"],
                    "explanation": claim["explanation"],
                    "article": m["article"],
                    "outlet": m["outlet"],
                    "sentence": m["text"],
                    "values": "; ".join(
                        f"{v['type']}: {v.get('text', '')}"
                        for v in m["values"]
                        if v["type"] != "entity"
                    ),
                    "version": m["version"],
                    "reported_at": m["reported_at"] or "",
                    "time_note": claim.get("time_note", ""),
                }
            )
    return out.getvalue()


# ------------------------------------------------------------------ dashboard reads
# Each function below issues a fixed number of queries whatever the story's size; the
# dashboard's query-count tests hold them to it.


def story_rows(search: str = "") -> QuerySet[Story]:
    """Stories with the figures the story list shows, as annotations (one query per page)."""

    def scalar(qs, field="n"):
        return Coalesce(Subquery(qs.values(field)[:1], output_field=IntegerField()), 0)

    articles = Article.objects.filter(story=OuterRef("pk")).order_by().values("story")
    claims = Claim.objects.filter(story=OuterRef("pk")).order_by().values("story")
    runs = IndexRun.objects.filter(story=OuterRef("pk")).order_by("-created_at", "-id")
    done_runs = runs.filter(state=IndexRun.State.DONE).order_by("-finished_at", "-id")
    stories = Story.objects.annotate(
        n_articles=scalar(articles.annotate(n=Count("id"))),
        n_outlets=scalar(articles.annotate(n=Count("outlet", distinct=True))),
        # An article without a wire group yet (not indexed) is its own source.
        n_sources=scalar(
            articles.annotate(
                n=Count(Coalesce("wire_group", "id", output_field=IntegerField()), distinct=True)
            )
        ),
        n_diverge=scalar(claims.annotate(n=Count("id", filter=Q(verdict=Claim.Verdict.DIVERGE)))),
        n_agree=scalar(claims.annotate(n=Count("id", filter=Q(verdict=Claim.Verdict.AGREE)))),
        n_unique=scalar(claims.annotate(n=Count("id", filter=Q(verdict=Claim.Verdict.UNIQUE)))),
        run_state=Subquery(runs.values("state")[:1]),
        run_error=Subquery(runs.values("error")[:1]),
        run_done=Subquery(runs.values("progress_done")[:1]),
        run_total=Subquery(runs.values("progress_total")[:1]),
        last_indexed=Subquery(done_runs.values("finished_at")[:1]),
    )
    if search:
        matching = Article.objects.filter(
            Q(outlet__name__icontains=search) | Q(title__icontains=search)
        )
        stories = stories.filter(
            Q(title__icontains=search)
            | Q(slug__icontains=search)
            | Q(pk__in=matching.values("story"))
        )
    return stories.annotate(
        first_published=Subquery(
            articles.filter(published_at__isnull=False)
            .order_by("published_at")
            .values("published_at")[:1]
        ),
        last_published=Subquery(
            articles.filter(published_at__isnull=False)
            .order_by("-published_at")
            .values("published_at")[:1]
        ),
        activity=Coalesce("last_activity_at", "created_at"),
    ).order_by("-activity", "-id")


def export_stories() -> dict:
    """Every story with its title and its articles' ids (CONTRACT §4), in two queries."""
    ids: dict[int, list[str]] = {}
    for story_id, external_id in Article.objects.order_by("story_id", "external_id").values_list(
        "story_id", "external_id"
    ):
        ids.setdefault(story_id, []).append(external_id)
    return {
        "stories": [
            {"story": s.slug, "title": s.title, "articles": ids.get(s.pk, [])}
            for s in Story.objects.order_by("id")
        ]
    }


def latest_run(story: Story) -> IndexRun | None:
    return IndexRun.objects.filter(story=story).order_by("-created_at", "-id").first()


def claim_counts(story: Story) -> dict:
    """{"verdict": {verdict: n}, "kind": {kind: n}, "total": n, "rows": n} in one query;
    rows are the claims nested in no other (one per fact, as the matrix shows them)."""
    rows = (
        Claim.objects.filter(story=story)
        .order_by()
        .values("verdict", "kind")
        .annotate(n=Count("id"), top=Count("id", filter=Q(narrows__isnull=True)))
    )
    out = {"verdict": {}, "kind": {}, "total": 0, "rows": 0}
    for row in rows:
        out["verdict"][row["verdict"]] = out["verdict"].get(row["verdict"], 0) + row["n"]
        out["kind"][row["kind"]] = out["kind"].get(row["kind"], 0) + row["n"]
        out["total"] += row["n"]
        out["rows"] += row["top"]
    return out


def _in_outlet(outlet: str):
    """Members from the named outlet; articles without one are shown as "unknown"."""
    q = Q(sentence__article__outlet__name=outlet)
    if outlet == "unknown":
        q |= Q(sentence__article__outlet__isnull=True)
    return q


def filtered_claims(
    story: Story, verdict: str = "", kind: str = "", outlet: str = "", omitted_by: str = ""
) -> QuerySet[Claim]:
    """Claims in story order, without their members (the page loads members for one page).
    Unfiltered, the rows a reader sees: claims that narrow a wider one come nested in its
    row (with_members); filtered, every claim that matches, nested or not.
    omitted_by: the claims two or more other outlets, and two or more independent
    sources, carry and this outlet does not (the omission map's full list)."""
    claims = Claim.objects.filter(story=story)
    if not (verdict or kind or outlet or omitted_by):
        claims = claims.filter(narrows__isnull=True)
    if verdict:
        claims = claims.filter(verdict=verdict)
    if kind:
        claims = claims.filter(kind=kind)
    if outlet:
        claims = claims.filter(
            pk__in=ClaimMember.objects.filter(_in_outlet(outlet)).values("claim")
        )
    if omitted_by:
        article = "members__sentence__article__"
        own = -F(f"{article}id")  # an article not yet in a wire group is its own source
        claims = (
            claims.exclude(
                pk__in=ClaimMember.objects.filter(_in_outlet(omitted_by)).values("claim")
            )
            # articles without an outlet are one outlet, "unknown" (id 0 here)
            .annotate(
                n_outlets=Count(
                    Coalesce(f"{article}outlet_id", 0, output_field=IntegerField()), distinct=True
                ),
                n_sources=Count(
                    Coalesce(f"{article}wire_group", own, output_field=IntegerField()),
                    distinct=True,
                ),
            )
            .filter(n_outlets__gte=2, n_sources__gte=2)
        )
    return claims.order_by("position", "id")


def disputed_facts(story: Story) -> QuerySet[Claim]:
    """The story's diverging claims in order, each dispute once: a divergence nested in a
    row that diverges on the same kind of value is the same dispute between fewer outlets
    (the wider claim's sides hold its values), so it is left to that row; one nested in an
    agreeing row, or about another kind of value, is a disputed fact of its own."""
    return (
        Claim.objects.filter(story=story, verdict=Claim.Verdict.DIVERGE)
        .exclude(narrows__verdict=Claim.Verdict.DIVERGE, narrows__kind=F("kind"))
        .order_by("position", "id")
    )


def _members():
    return ClaimMember.objects.select_related("sentence").order_by(
        "sentence__article_id", "sentence__position"
    )


def with_members(claims) -> list[Claim]:
    """The claims with `members` prefetched, each member with its sentence (one more query).
    Articles are not joined: pages already hold the story's articles by id."""
    return list(claims.prefetch_related(Prefetch("members", queryset=_members())))


def with_nested(claims) -> list[Claim]:
    """with_members, and each claim's `narrower` claims (those nested in its row) with
    theirs, in story order (two more queries)."""
    narrower = Claim.objects.order_by("position", "id").prefetch_related(
        Prefetch("members", queryset=_members())
    )
    return list(
        claims.prefetch_related(
            Prefetch("members", queryset=_members()), Prefetch("narrower", queryset=narrower)
        )
    )


def claim_memberships(story: Story) -> list[tuple[int, int]]:
    """(claim id, article id) for every member of every claim, in claim order."""
    return list(
        ClaimMember.objects.filter(claim__story=story)
        .order_by("claim__position", "claim_id")
        .values_list("claim_id", "sentence__article_id")
    )


def first_sentences(claim_ids) -> dict[int, str]:
    """{claim id: text of its first member sentence}: a readable name for a claim."""
    out = {}
    rows = (
        ClaimMember.objects.filter(claim_id__in=list(claim_ids))
        .order_by("claim_id", "sentence__article__external_id", "sentence__position")
        .values_list("claim_id", "sentence__text")
    )
    for claim_id, text in rows:
        out.setdefault(claim_id, text)
    return out


def sentences_around(members, reach: int = 1) -> dict[tuple[int, int], Sentence]:
    """{(article id, position): sentence} for each member sentence and `reach` sentences
    either side of it, in one query."""
    wanted = Q(pk__in=[])
    for m in members:
        s = m.sentence
        wanted |= Q(
            article_id=s.article_id,
            position__gte=max(0, s.position - reach),
            position__lte=s.position + reach,
        )
    return {
        (s.article_id, s.position): s
        for s in Sentence.objects.filter(wanted).only(
            "id", "article_id", "position", "text", "is_boilerplate"
        )
    }


def article_claim_sentences(article: Article) -> list[tuple]:
    """(sentence position, char_start, char_end, claim id, verdict, kind) for the
    article's sentences that belong to a claim, in text order."""
    return list(
        ClaimMember.objects.filter(sentence__article=article)
        .order_by("sentence__char_start", "claim__position")
        .values_list(
            "sentence__position",
            "sentence__char_start",
            "sentence__char_end",
            "claim_id",
            "claim__verdict",
            "claim__kind",
        )
    )
