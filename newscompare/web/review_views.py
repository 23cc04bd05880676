"""Dashboard pieces of background indexing: what changed since the last index, with the
versions behind each claim, and a reviewer's decision on a claim. Each view renders one
fragment the story page includes."""

from django import forms
from django.db.models import Count
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, render

from newscompare.news import services
from newscompare.news.models import Claim, ClaimReview, IndexDiff, Story
from newscompare.pipeline import current_versions


def index_diff_context(story: Story) -> dict:
    version, model_id = current_versions()
    provenance = (
        Claim.objects.filter(story=story)
        .values("pipeline_version", "model_id")
        .annotate(claims=Count("id"))
        .order_by("pipeline_version", "model_id")
    )
    return {
        "story": story,
        "diff": IndexDiff.objects.filter(story=story).order_by("-created_at", "-pk").first(),
        "provenance": [
            dict(p, current=(p["pipeline_version"], p["model_id"]) == (version, model_id))
            for p in provenance
        ],
        "flagged": ClaimReview.objects.filter(story=story, needs_another_look=True).count(),
    }


def story_index_diff(request, slug) -> HttpResponse:
    """Since the last index: claims added, removed, verdicts changed; versions per claim."""
    story = get_object_or_404(Story, slug=slug)
    return render(request, "_fragments/index_diff.html", index_diff_context(story))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=ClaimReview.Decision.choices)
    verdict = forms.ChoiceField(
        choices=[("", "—")] + list(Claim.Verdict.choices),
        required=False,
        help_text="Your verdict, when overriding.",
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == ClaimReview.Decision.OVERRIDE and not data.get("verdict"):
            self.add_error("verdict", "Choose the verdict that replaces the pipeline's.")
        return data


def claim_review(request, pk) -> HttpResponse:
    """Show, or (signed-in reviewers) record, the decision on one claim's verdict."""
    claim = get_object_or_404(Claim.objects.select_related("story"), pk=pk)
    review = ClaimReview.objects.filter(claim=claim).first()
    form = ReviewForm(
        initial={"decision": review.decision, "verdict": review.verdict, "note": review.note}
        if review
        else None
    )
    status = 200
    if request.method == "POST":
        if not request.user.has_perm("news.add_claimreview"):
            return HttpResponseForbidden("Sign in as a reviewer to confirm or override verdicts.")
        form = ReviewForm(request.POST)
        if form.is_valid():
            review = services.review_claim(
                claim,
                form.cleaned_data["decision"],
                form.cleaned_data["verdict"],
                form.cleaned_data["note"],
                request.user.get_username(),
            )
            form = ReviewForm(
                initial={
                    "decision": review.decision,
                    "verdict": review.verdict,
                    "note": review.note,
                }
            )
        else:
            status = 422
    can_review = request.user.has_perm("news.add_claimreview")
    return render(
        request,
        "_fragments/claim_review.html",
        {"claim": claim, "review": review, "form": form, "can_review": can_review},
        status=status,
    )
