"""Dashboard views: thin; reads come from news.selectors. Full pages render the same
fragment templates that htmx swaps in, so every view also works without JavaScript."""
import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from newscompare.news.models import Claim, Story
from newscompare.news import selectors


def story_list(request):
    stories = Story.objects.order_by("-created_at")
    return render(request, "story_list.html", {"stories": stories})


def _filters(request):
    verdict = request.GET.get("verdict", "")
    kind = request.GET.get("kind", "")
    return {
        "verdict": verdict if verdict in Claim.Verdict.values else "",
        "kind": kind if kind in Claim.Kind.values else "",
    }


def _claims_context(request, story):
    filters = _filters(request)
    return {"story": story, "filters": filters, "claims": selectors.story_claims(story, **filters),
            "verdicts": Claim.Verdict.values, "kinds": Claim.Kind.values}


def story_detail(request, slug):
    story = get_object_or_404(Story, slug=slug)
    return render(request, "story_detail.html", _claims_context(request, story))


def story_claims(request, slug):
    """The claim list alone: the htmx target of the filters."""
    story = get_object_or_404(Story, slug=slug)
    return render(request, "_fragments/claims.html", _claims_context(request, story))


def story_export(request, slug, fmt):
    story = get_object_or_404(Story, slug=slug)
    if fmt == "json":
        body, content_type = json.dumps(selectors.export_story(story), ensure_ascii=False, indent=1), "application/json"
    elif fmt == "csv":
        body, content_type = selectors.export_story_csv(story), "text/csv"
    else:
        raise Http404("unknown export format")
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{story.slug}.{fmt}"'
    return response
