"""Dashboard views: thin; reads come from news.selectors, shaping from web.present. Full
pages render the same fragment templates that htmx swaps in, so every view also works
without JavaScript. Each view issues a fixed number of queries whatever the story size."""

import datetime as dt
import hashlib
import json
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django_htmx.http import HTMX_STOP_POLLING, push_url

from newscompare.news import selectors
from newscompare.news.models import Article, Claim, IndexRun, Story
from newscompare.pipeline import timeline

from . import charts, grouping_views, present

STORIES_PER_PAGE = 20
CLAIMS_PER_PAGE = 25
DISPUTES_SHOWN = 10
_FAR = dt.datetime.max.replace(tzinfo=dt.UTC)
PAGE_CACHE_SECONDS = 3600  # entries also go stale by key: a new index or article makes new keys


def _cached(version, request, build):
    """Rendered HTML shared by every visitor for this version of the data and this query
    (build() renders it on a miss). Only parts of pages that hold nothing per visitor go
    through here: the CSRF token and the progress bar are rendered per request around them.
    version None means "do not cache"."""
    if version is None:
        return build()
    query = sorted(request.GET.lists())
    key = (
        "page:"
        + hashlib.sha256(
            repr((request.resolver_match.view_name, version, query)).encode()
        ).hexdigest()
    )
    parts = cache.get(key)
    if parts is None:
        parts = build()
        cache.set(key, parts, PAGE_CACHE_SECONDS)
    return parts


# In a whole page from the cache, where each response puts in its visitor's own CSRF token.
CSRF_MARK = "csrf-token-of-this-visitor"


def _whole_page(request, version, render_page) -> HttpResponse:
    """A visitor who is not signed in gets the whole page from the page cache: the same HTML
    for every such visitor but the CSRF token, which is put in per response. A signed-in
    visitor's page shows their name and their forms: it is rendered per request (its
    per-visitor-free parts still come from the cache). render_page(csrf_token or None)."""
    if version is None or request.user.is_authenticated:
        return HttpResponse(render_page(None))
    html = _cached(("whole page", version), request, lambda: render_page(CSRF_MARK))
    return HttpResponse(html.replace(CSRF_MARK, get_token(request)))


def _render_page(template, context, request, csrf_token) -> str:
    if csrf_token is not None:
        context["csrf_token"] = csrf_token  # the context processor's token gives way to it
    return render_to_string(template, context, request)


def story_list(request) -> HttpResponse:
    version = selectors.dashboard_version()

    def build():
        search = request.GET.get("q", "").strip()[:200]
        page = Paginator(selectors.story_rows(search), STORIES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        return render_to_string(
            "_fragments/story_list_body.html", {"page": page, "search": search}, request
        )

    def render_page(csrf_token):
        body = mark_safe(_cached(version, request, build))
        return _render_page("story_list.html", {"body": body}, request, csrf_token)

    return _whole_page(request, version, render_page)


def _filters(request, outlets):
    verdict = request.GET.get("verdict", "")
    kind = request.GET.get("kind", "")
    outlet = request.GET.get("outlet", "")
    omitted_by = request.GET.get("omitted_by", "")
    return {
        "verdict": verdict if verdict in Claim.Verdict.values else "",
        "kind": kind if kind in Claim.Kind.values else "",
        "outlet": outlet if outlet in outlets else "",
        "omitted_by": omitted_by if omitted_by in outlets else "",
    }


def _query(filters, **extra) -> str:
    params = {k: v for k, v in {**filters, **extra}.items() if v not in ("", None)}
    return "?" + urlencode(params) if params else ""


def _claims_context(request, story, articles):
    outlets = sorted({a.outlet_name for a in articles}, key=str.casefold)
    filters = _filters(request, outlets)
    page = Paginator(selectors.filtered_claims(story, **filters), CLAIMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    nested = not any(filters.values())
    load = selectors.with_nested if nested else selectors.with_members
    claims = load(page.object_list)
    base = reverse("story", args=[story.slug])
    fragment = reverse("story_claims", args=[story.slug])
    pages = {}
    if page.has_previous():
        pages["previous"] = _query(filters, page=page.previous_page_number())
    if page.has_next():
        pages["next"] = _query(filters, page=page.next_page_number())
    return {
        "story": story,
        "articles": articles,
        "labels": present.article_labels(articles),
        "outlets": outlets,
        "filters": filters,
        "filtered": any(filters.values()),
        "page": page,
        "rows": present.matrix_rows(claims, articles, nested=nested),
        "verdicts": Claim.Verdict.values,
        "kinds": Claim.Kind.values,
        "cell_labels": present.CELL_LABELS,
        "story_url": base,
        "claims_url": fragment,
        "pages": pages,
        "this_query": _query(filters, page=page.number if page.number > 1 else None),
    }


def _story(slug):
    return get_object_or_404(Story, slug=slug)


def _versioned_story(slug):
    """The story and the version of its claims pages (see selectors.story_with_version)."""
    story = selectors.story_with_version(slug)
    if story is None:
        raise Http404("no such story")
    return story, (
        story.id,
        story.created_at,
        story.title,
        story.last_activity_at,
        story.done_run,
        story.n_articles,
        story.last_article,
        story.versions,
    )


def story_detail(request, slug) -> HttpResponse:
    story, version = _versioned_story(slug)
    can_decide = request.user.has_perm(grouping_views.DECIDE_PERMISSION)

    def build():
        context = _story_context(request, story)
        return {
            part: render_to_string(f"_fragments/story_{part}.html", context, request)
            for part in ("head", "body")
        }

    def render_page(csrf_token):
        parts = _cached(version, request, build)
        context = {
            "story": story,
            "run": selectors.latest_run(story),
            "head": mark_safe(parts["head"]),
            "body": mark_safe(parts["body"]),
            # Per visitor (their permission, the CSRF token): from the page cache only
            # in the whole page of a visitor who is not signed in.
            **grouping_views.grouping_context(story, can_decide=can_decide),
        }
        return _render_page("story_detail.html", context, request, csrf_token)

    # The progress bar of a queued or running index changes every second: not cached.
    active = story.latest_state in (IndexRun.State.QUEUED, IndexRun.State.RUNNING)
    whole = None if active else (*version, story.latest_run, story.latest_state)
    return _whole_page(request, whole, render_page)


def _story_context(request, story):
    articles = selectors.story_articles(story)
    by_id = {a.id: a for a in articles}
    disputed = selectors.with_members(selectors.disputed_facts(story)[:DISPUTES_SHOWN])
    memberships = selectors.claim_memberships(story)
    omissions = present.omission_map(articles, memberships)
    names = selectors.first_sentences({cid for o in omissions for cid in o.claims})
    context = _claims_context(request, story, articles)
    counts = selectors.claim_counts(story)
    context.update(
        {
            "counts": counts,
            "verdict_bar": charts.verdict_bar(counts["verdict"]),
            "coverage": charts.coverage(present.outlet_coverage(articles, memberships, omissions)),
            "disputes": _with_time_notes(
                [present.dispute(c, by_id) for c in disputed],
                timeline.claim_timelines(disputed, articles),
            ),
            "omissions": [
                (
                    o,
                    [(cid, present.shorten(names.get(cid, ""), 140)) for cid in o.claims],
                    o.count - len(o.claims),
                )
                for o in omissions
                if o.count
            ],
            "n_sources": len(
                {a.wire_group if a.wire_group is not None else -a.id for a in articles}
            ),
            # Articles without an outlet are no outlet ("unknown" is not a name).
            "n_outlets": len({a.outlet_id for a in articles if a.outlet_id}),
            "n_no_outlet": sum(1 for a in articles if not a.outlet_id),
            "dates": _dates_covered(articles),
        }
    )
    return context


def _with_time_notes(disputes, lines):
    for d in disputes:
        d.time_note = lines[d.claim.id].note
    return disputes


def _dates_covered(articles) -> list:
    """[first, last] publication time of the story's articles, or [] when none is dated."""
    dated = sorted(a.published_at for a in articles if a.published_at)
    return [dated[0], dated[-1]] if dated else []


def story_claims(request, slug) -> HttpResponse:
    """The claims matrix alone: the htmx target of the filters and page links. The address
    bar shows the story page with the same filters, so the view can be shared."""
    story, version = _versioned_story(slug)

    def build():
        context = _claims_context(request, story, selectors.story_articles(story))
        return {
            "html": render_to_string("_fragments/claims.html", context, request),
            "page_url": context["story_url"] + context["this_query"],
        }

    parts = _cached(version, request, build)
    if not request.htmx:
        response = redirect(parts["page_url"])
    else:
        response = push_url(HttpResponse(parts["html"]), parts["page_url"])
    patch_vary_headers(response, ["HX-Request"])
    return response


def story_progress(request, slug) -> HttpResponse:
    """The indexing progress bar; htmx polls it every second until the run ends (286)."""
    story = _story(slug)
    run = selectors.latest_run(story)
    response = render(
        request, "_fragments/progress.html", {"story": story, "run": run, "polled": True}
    )
    if run is None or not run.is_active:
        response.status_code = HTMX_STOP_POLLING
    return response


def claim_detail(request, slug, claim_id) -> HttpResponse:
    story = _story(slug)
    claims = selectors.with_members(
        Claim.objects.filter(story=story, pk=claim_id).select_related("narrows")
    )
    if not claims:
        raise Http404("no such claim in this story")
    claim = claims[0]
    articles = selectors.story_articles(story)
    by_id = {a.id: a for a in articles}
    members = list(claim.members.all())
    around = selectors.sentences_around(members)
    readings = present.readings(claim, members, around, by_id)
    member_articles = [a for a in articles if a.id in {m.sentence.article_id for m in members}]
    earlier_of = timeline.earlier_versions(member_articles)
    for r in readings:
        r.earlier = [
            wording
            for m in members
            if m.sentence.article_id == r.article.id
            for wording in timeline.earlier_wordings(
                m.sentence.text, earlier_of.get(r.article.id, [])
            )
        ]
    return render(
        request,
        "claim_detail.html",
        {
            "story": story,
            "claim": claim,
            "labels": present.article_labels(articles),
            "readings": readings,
            "dispute": present.dispute(claim, by_id)
            if claim.verdict == Claim.Verdict.DIVERGE
            else None,
            "wire_copies": present.wire_copies(member_articles),
            "timeline": timeline.claim_timelines([claim], articles, earlier_of)[claim.id],
            "narrower": list(claim.narrower.order_by("position", "id")),
            "missing": [a for a in articles if a not in member_articles],
        },
    )


def article_detail(request, slug, article_id) -> HttpResponse:
    story = _story(slug)
    article = get_object_or_404(
        Article.objects.select_related("outlet"), story=story, pk=article_id
    )
    spans = [
        (start, end, {"claim_id": cid, "verdict": verdict, "kind": kind, "position": position})
        for position, start, end, cid, verdict, kind in selectors.article_claim_sentences(article)
    ]
    copies = (
        []
        if article.wire_group is None
        else list(
            Article.objects.filter(story=story, wire_group=article.wire_group)
            .exclude(pk=article.pk)
            .select_related("outlet")
            .order_by("external_id")
        )
    )
    return render(
        request,
        "article_detail.html",
        {
            "story": story,
            "article": article,
            "pieces": present.article_pieces(article.text, spans),
            "n_claims": len({s[2]["claim_id"] for s in spans}),
            "copies": copies,
        },
    )


def story_export(request, slug, fmt) -> HttpResponse:
    story = _story(slug)
    if fmt == "json":
        body, content_type = (
            json.dumps(timeline.export_story(story), ensure_ascii=False, indent=1),
            "application/json",
        )
    elif fmt == "csv":
        body, content_type = timeline.export_story_csv(story), "text/csv"
    else:
        raise Http404("unknown export format")
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{story.slug}.{fmt}"'
    return response


def story_timeline(request, slug) -> HttpResponse:
    """How the story moved: the claims whose values changed over time (an outlet's own
    correction, or outlets giving different values at different times), in the order they
    first moved, each drawn against time when it is a number. The story page loads it
    with htmx; opened on its own it is a page."""
    story, version = _versioned_story(slug)

    def build():
        moved = [t for t in timeline.story_timelines(story).values() if t.moved]
        moved.sort(key=lambda t: next((r.at for r in t.reports if r.at), None) or _FAR)
        names = selectors.first_sentences(t.claim_id for t in moved)
        context = {
            "story": story,
            "moments": [
                (t, present.shorten(names.get(t.claim_id, ""), 160), charts.timeline_chart(t))
                for t in moved
            ],
        }
        return render_to_string("_fragments/timeline.html", context, request)

    html = mark_safe(_cached(version, request, build))
    if request.htmx:
        return HttpResponse(html)
    return render(request, "story_timeline.html", {"story": story, "body": html})
