"""JSON upload endpoint for scripts: POST /api/stories/<slug>/articles with
`Authorization: Token <key>` (made in the admin under API tokens), multipart/form-data
with any number of files (field `files`) and/or `urls` (one a line, or repeated). The
same code as the admin page stores them; the answer lists every item's result.
GET /api/uploads/<id> gives the same answer later, with the URLs' results once fetched.

Plain Django rather than Django REST framework: two small views, one token model and the
upload service the admin page already uses; DRF would add a dependency, a second way to
parse uploads and an authtoken app that stores keys unhashed."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from newscompare.news import services

from . import upload_handler
from .models import ApiToken, UploadBatch, UploadItem
from .uploads import receive_upload

UPLOAD_PERMISSION = "ingest.add_uploadbatch"


def _error(message: str, status: int) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Token realm="newscompare"'
    return response


def _token_user(request):
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() not in ("token", "bearer") or not key.strip():
        return None
    return ApiToken.user_for_key(key.strip())


def _authorised(request):
    """The token's user, or an error response."""
    user = _token_user(request)
    if user is None:
        return _error("a valid API token is required (header 'Authorization: Token <key>')", 401)
    if not (user.is_staff and user.has_perm(UPLOAD_PERMISSION)):
        return _error("this token's user may not upload articles", 403)
    return user


def _run_state(run) -> dict | None:
    return {"state": run.state, "percent": run.percent} if run else None


def batch_json(request, batch: UploadBatch) -> dict:
    items = batch.items.select_related("article__story").order_by("position")
    counts = batch.counts()
    stories = batch.stories()
    run = batch.index_run or (
        stories[0].index_runs.order_by("-created_at").first() if len(stories) == 1 else None
    )
    return {
        "upload": batch.id,
        "story": batch.story.slug if batch.story_id else None,
        "story_url": (
            request.build_absolute_uri(batch.story.get_absolute_url()) if batch.story_id else None
        ),
        "stories": [
            {
                "story": s.slug,
                "title": s.title,
                "url": request.build_absolute_uri(s.get_absolute_url()),
                "indexing": _run_state(s.index_runs.order_by("-created_at").first()),
            }
            for s in stories
        ],
        "results_url": request.build_absolute_uri(reverse("api_upload_results", args=[batch.id])),
        "job": batch.job_state,
        "indexing": {"state": run.state, "percent": run.percent} if run else None,
        "counts": counts,
        "items": [
            {
                "source": i.source,
                "kind": i.kind,
                "status": i.status,
                "message": i.message,
                "article": i.article.external_id if i.article_id else None,
                # Each article's story, when grouping chose them.
                **(
                    {}
                    if batch.story_id
                    else {"story": i.article.story.slug if i.article_id else None}
                ),
            }
            for i in items
        ],
    }


@csrf_exempt  # token-authenticated, no cookies: CSRF does not apply
def story_articles(request, slug=None) -> HttpResponse:
    """Upload into the story `slug`, or (POST /api/articles) into the stories grouping
    finds for each article."""
    if request.method != "POST":
        return _error("use POST to upload articles", 405)
    handler = upload_handler.install(request)
    user = _authorised(request)
    if not hasattr(user, "pk"):
        return user
    if upload_handler.declared_too_large(request):
        return _error(upload_handler.upload_too_large_message(), 413)
    try:
        files = upload_handler.uploaded_files(request)
        urls = "\n".join(request.POST.getlist("urls"))
    except TooManyFilesSent:
        return _error(upload_handler.too_many_files_message(), 400)
    except (RequestDataTooBig, TooManyFieldsSent):
        return _error("the form data is too large; nothing was stored", 413)
    if handler.upload_too_large:
        return _error(upload_handler.upload_too_large_message(), 413)
    if not files and not urls.strip():
        return _error("send at least one file (field 'files') or URL (field 'urls')", 400)
    try:
        # Only now: a refused request creates no story.
        story = services.get_or_create_story(slug) if slug is not None else None
    except ValueError as exc:
        return _error(str(exc), 400)
    batch = receive_upload(story, files, urls, user=user, via=UploadBatch.Via.API)
    pending = batch.items.filter(status=UploadItem.Status.PENDING).exists()
    return JsonResponse(batch_json(request, batch), status=202 if pending else 200)


def upload_results(request, batch_id) -> HttpResponse:
    user = _authorised(request)
    if not hasattr(user, "pk"):
        return user
    batch = UploadBatch.objects.select_related("story").filter(pk=batch_id).first()
    if batch is None:
        return _error("no such upload", 404)
    return JsonResponse(batch_json(request, batch))
