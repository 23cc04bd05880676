"""Uploads in the Django admin: 'Add upload' opens the upload page; an upload's page is
its per-item results. API tokens are made here too (the key is shown once)."""

from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path

from .admin_views import make_results_view, make_upload_view
from .models import ApiToken, UploadBatch, hash_token


@admin.register(UploadBatch)
class UploadBatchAdmin(admin.ModelAdmin):
    list_display = ["id", "story", "via", "created_by", "created_at", "job_state"]
    list_filter = ["via", "job_state"]
    list_select_related = ["story", "created_by"]

    def get_urls(self) -> list:
        site = self.admin_site
        return [
            path("upload/", site.admin_view(make_upload_view(self)), name="ingest_upload"),
            path(
                "<int:batch_id>/results/",
                site.admin_view(make_results_view(self)),
                name="ingest_upload_results",
            ),
        ] + super().get_urls()

    def add_view(self, request, form_url="", extra_context=None) -> HttpResponse:
        return redirect("admin:ingest_upload")

    def change_view(self, request, object_id, form_url="", extra_context=None) -> HttpResponse:
        return redirect("admin:ingest_upload_results", int(object_id))

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "created_at", "last_used_at"]
    fields = ["user", "name"]
    raw_id_fields = ["user"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            token, key = ApiToken.issue(obj.user, obj.name)
            obj.pk, obj.key_hash = token.pk, hash_token(key)
            self.message_user(
                request,
                f"New API token for {obj.user}: {key} — copy it now; it is not shown again. "
                f"Send it as 'Authorization: Token {key}'.",
                messages.WARNING,
            )
            return
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request, obj=None) -> bool:
        return False
