"""The admin upload page and its per-item results. Registered by admin.py on the
UploadBatch admin, so both sit behind the admin's staff login."""

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from newscompare.news import services
from newscompare.news.models import IndexRun, Story

from . import upload_handler
from .models import UploadBatch
from .readers import SUPPORTED
from .uploads import receive_upload


class UploadForm(forms.Form):
    story = forms.ModelChoiceField(
        queryset=Story.objects.order_by("slug"),
        required=False,
        empty_label="— let grouping choose —",
        label="Existing story",
    )
    new_story = forms.CharField(
        max_length=120,
        required=False,
        label="or a new story",
        help_text="letters, digits and dashes, e.g. flood-valencia-2024",
    )
    urls = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        required=False,
        label="URLs, one a line",
        help_text="fetched in the background (http and https only)",
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("story") and data.get("new_story", "").strip():
            raise forms.ValidationError("Choose an existing story or name a new one, not both.")
        if data.get("new_story", "").strip() and not slugify(data["new_story"]):
            self.add_error(
                "new_story",
                f"'{data['new_story']}' is not a usable story name "
                f"(use letters, digits and dashes)",
            )
        return data

    def chosen_story(self) -> Story | None:
        """The chosen story, or the new one, created now (only once there is something to
        put in it); None lets grouping place each article."""
        if self.cleaned_data["story"]:
            return self.cleaned_data["story"]
        name = self.cleaned_data["new_story"].strip()
        return services.get_or_create_story(name) if name else None


def make_upload_view(model_admin) -> Callable[[HttpRequest], HttpResponse]:
    @csrf_exempt  # the capped upload handler must be set before CSRF reads the body
    def upload_view(request):
        if request.method == "POST" and upload_handler.declared_too_large(request):
            # Refused unread, before the CSRF check (whose token is in the unread body):
            # this answer changes nothing, so it needs no CSRF protection.
            if not model_admin.has_add_permission(request):
                raise PermissionDenied
            return render(
                request,
                "ingest/upload.html",
                {
                    **_page_context(request, model_admin),
                    "form": UploadForm(),
                    "errors": [as_sentence(upload_handler.upload_too_large_message())],
                },
                status=413,
            )
        handler = upload_handler.install(request)
        return _upload(request, model_admin, handler)

    return upload_view


@csrf_protect
def _upload(request, model_admin, handler):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = _page_context(request, model_admin)
    errors = []
    if request.method == "POST":
        try:
            form = UploadForm(request.POST)
            files = upload_handler.uploaded_files(request)
        except TooManyFilesSent:
            form, files = UploadForm(), []
            errors.append(as_sentence(upload_handler.too_many_files_message()))
        except (RequestDataTooBig, TooManyFieldsSent):
            form, files = UploadForm(), []
            errors.append("The form data is too large. Nothing was stored.")
        if handler.upload_too_large:
            form, files = UploadForm(), []
            errors = [as_sentence(upload_handler.upload_too_large_message())]
        if not errors and form.is_valid():
            if not files and not form.cleaned_data["urls"].strip():
                errors.append("Add at least one file or URL.")
            else:
                batch = receive_upload(
                    form.chosen_story(),
                    files,
                    form.cleaned_data["urls"],
                    user=request.user,
                    via=UploadBatch.Via.ADMIN,
                )
                return redirect(reverse("admin:ingest_upload_results", args=[batch.id]))
    else:
        initial = {}
        if request.GET.get("story"):
            initial["story"] = Story.objects.filter(slug=request.GET["story"]).first()
        form = UploadForm(initial=initial)
    return render(
        request,
        "ingest/upload.html",
        {**context, "form": form, "errors": errors},
        status=400 if errors else 200,
    )


def _page_context(request, model_admin) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "title": "Upload articles",
        "opts": model_admin.model._meta,
        "supported": SUPPORTED,
        "max_upload_bytes": settings.INGEST_MAX_UPLOAD_BYTES,
        "too_large_message": as_sentence(upload_handler.upload_too_large_message()),
    }


def as_sentence(message: str) -> str:
    return message[:1].upper() + message[1:] + "."


def make_results_view(model_admin) -> Callable[..., HttpResponse]:
    def results_view(request, batch_id):
        if not model_admin.has_view_permission(request):
            raise PermissionDenied
        batch = get_object_or_404(
            UploadBatch.objects.select_related("story", "created_by"), pk=batch_id
        )
        context = results_context(batch)
        if request.htmx:
            response = render(request, "ingest/_upload_results.html", context)
            if not context["still_working"]:
                response.status_code = 286  # htmx: stop polling
            return response
        return render(
            request,
            "ingest/upload_results.html",
            {
                **model_admin.admin_site.each_context(request),
                "title": f"Upload {batch.id} into "
                + (batch.story.slug if batch.story_id else "the stories grouping chose"),
                "opts": model_admin.model._meta,
                **context,
            },
        )

    return results_view


def results_context(batch: UploadBatch) -> dict:
    stories = batch.stories()
    story = stories[0] if len(stories) == 1 else None
    index_run = batch.index_run or (
        story.index_runs.order_by("-created_at").first() if story else None
    )
    items = list(batch.items.select_related("article__story").order_by("position"))
    job_pending = batch.job_state == UploadBatch.JobState.PENDING
    return {
        "batch": batch,
        "story": story,
        "stories": stories,
        "items": items,
        "counts": batch.counts(),
        "index_run": index_run,
        "still_working": job_pending
        or bool(index_run and index_run.is_active)
        or (
            story is None
            and IndexRun.objects.filter(
                story__in=stories, state__in=[IndexRun.State.QUEUED, IndexRun.State.RUNNING]
            ).exists()
        ),
    }
