"""POST /api/stories/<slug>/articles: token auth, the same formats and the same per-item
results as the admin page, as JSON."""

import shutil
import tracemalloc
import uuid

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile

from newscompare.ingest.models import ApiToken
from newscompare.news.models import Article, Story

from .helpers import counts, fixture

URL = "/api/stories/api-story/articles"


def staff_with_upload_permission(username="script"):
    user = User.objects.create_user(username, password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_uploadbatch"))
    return user


@pytest.fixture
def token(db):
    return ApiToken.issue(staff_with_upload_permission(), "tests")[1]


def auth(key):
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def test_it_needs_a_token(client, db):
    response = client.post(URL, {"files": [fixture("german.txt")]})
    assert response.status_code == 401
    assert response.json() == {
        "error": "a valid API token is required (header 'Authorization: Token <key>')"
    }
    response = client.post(URL, {"files": [fixture("german.txt")]}, **auth("nc_wrong"))
    assert response.status_code == 401
    assert Article.objects.count() == 0


def test_it_refuses_a_token_whose_user_may_not_upload(client, db):
    key = ApiToken.issue(User.objects.create_user("reader", password="x"))[1]
    response = client.post(URL, {"files": [fixture("german.txt")]}, **auth(key))
    assert (response.status_code, response.json()) == (
        403,
        {"error": "this token's user may not upload articles"},
    )


def test_it_answers_with_every_items_result(client, token):
    before = counts()
    response = client.post(
        URL,
        {
            "files": [fixture("malformed-lines.jsonl"), fixture("png-renamed.txt")],
            "urls": "http://10.0.0.5/x",
        },
        **auth(token),
    )
    assert response.status_code == 202  # a URL was left for the background job
    body = response.json()
    assert body["story"] == "api-story"
    assert body["items"][:3] == [
        {
            "source": "malformed-lines.jsonl line 1",
            "kind": "file",
            "status": "accepted",
            "message": "stored as article good-1",
            "article": "good-1",
        },
        {
            "source": "malformed-lines.jsonl line 2",
            "kind": "file",
            "status": "rejected",
            "message": "not valid JSON (Expecting ',' delimiter: column 44)",
            "article": None,
        },
        {
            "source": "malformed-lines.jsonl line 3",
            "kind": "file",
            "status": "rejected",
            "message": "expected a JSON object with a 'text' or 'html' field",
            "article": None,
        },
    ]
    assert body["items"][-2:] == [
        {
            "source": "png-renamed.txt",
            "kind": "file",
            "status": "rejected",
            "message": "the file is a PNG image, not an article",
            "article": None,
        },
        {
            "source": "http://10.0.0.5/x",
            "kind": "url",
            "status": "pending",
            "message": "waiting to be fetched",
            "article": None,
        },
    ]
    assert counts()[0] == before[0] + 1
    # The job ran once the response was out (embedded default); the results URL has the rest.
    later = client.get(body["results_url"], **auth(token)).json()
    assert later["job"] == "done"
    assert later["indexing"]["state"] == "done"
    assert later["items"][-1] == {
        "source": "http://10.0.0.5/x",
        "kind": "url",
        "status": "rejected",
        "message": "the address 10.0.0.5 is a private address; only public internet "
        "addresses are fetched",
        "article": None,
    }


def test_it_refuses_an_empty_request_and_other_methods(client, token):
    response = client.post(URL, {}, **auth(token))
    assert (response.status_code, response.json()) == (
        400,
        {"error": "send at least one file (field 'files') or URL (field 'urls')"},
    )
    assert not Story.objects.exists()
    response = client.post(
        "/api/stories/%21%21/articles", {"files": [fixture("german.txt")]}, **auth(token)
    )
    assert (response.status_code, response.json()) == (
        400,
        {"error": "'!!' is not a usable story name (use letters, digits and dashes)"},
    )
    assert client.get(URL, **auth(token)).status_code == 405


def test_it_refuses_an_upload_over_the_limit_without_reading_it(client, token, settings):
    settings.INGEST_MAX_UPLOAD_BYTES = 1024
    response = client.post(
        URL, {"files": [SimpleUploadedFile("a.txt", b"x" * 4096)]}, **auth(token)
    )
    assert response.status_code == 413
    assert response.json() == {
        "error": "the upload is larger than the 1 KB limit for one upload; nothing was "
        "stored (send fewer or smaller files at a time)"
    }
    assert Article.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_50_mb_file_is_refused_without_being_held_in_memory(live_server, tmp_path):
    """Over real HTTP, streamed from disk: the 50 MB file is read off the wire and dropped
    past the 10 MB per-file cap; the process never holds more than a few MB of it."""
    import urllib3

    key = ApiToken.issue(staff_with_upload_permission("streamer"))[1]
    big = tmp_path / "huge.txt"
    with big.open("wb") as f:
        line = b"All work and no play makes a very large file. " * 20 + b"\n"
        while f.tell() < 50 * 1024 * 1024:
            f.write(line)
    boundary = uuid.uuid4().hex
    body = tmp_path / "body"
    with body.open("wb") as out, big.open("rb") as src:
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="huge.txt"\r\n'
            f"Content-Type: text/plain\r\n\r\n".encode()
        )
        shutil.copyfileobj(src, out)
        out.write(f"\r\n--{boundary}--\r\n".encode())
    before = counts()
    tracemalloc.start()
    try:
        with body.open("rb") as stream:
            response = urllib3.request(
                "POST",
                f"{live_server.url}/api/stories/big-files/articles",
                body=stream,
                headers={
                    "Content-Type": f"multipart/form-data; boundary={boundary}",
                    "Content-Length": str(body.stat().st_size),
                    "Authorization": f"Token {key}",
                    "Connection": "close",
                },
                timeout=urllib3.Timeout(connect=5, read=120),
            )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status == 200
    assert response.json()["items"] == [
        {
            "source": "huge.txt",
            "kind": "file",
            "status": "rejected",
            "message": "the file is larger than the 10 MB limit per file",
            "article": None,
        }
    ]
    assert counts() == before
    assert peak < 8 * 1024 * 1024, f"peak traced memory {peak / 1e6:.1f} MB"


def test_a_token_made_in_the_admin_is_shown_once_and_works(admin_client, client, admin_user):
    response = admin_client.post(
        "/admin/ingest/apitoken/add/",
        {"user": admin_user.pk, "name": "nightly import"},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"] if str(m).startswith("New API token")]
    assert shown[0].startswith(f"New API token for {admin_user}: nc_")
    key = shown[0].split(": ", 1)[1].split(" ")[0]
    assert not ApiToken.objects.filter(key_hash=key).exists()  # only its hash is stored
    response = client.post(
        "/api/stories/nightly/articles", {"files": [fixture("german.txt")]}, **auth(key)
    )
    assert response.status_code == 200
    assert response.json()["counts"]["accepted"] == 1


def test_the_api_token_command_prints_a_working_key_and_refuses_users_who_may_not_upload(
    client, db
):
    import io

    from django.core.management import CommandError, call_command

    staff_with_upload_permission("cron")
    out = io.StringIO()
    call_command("api_token", "cron", "--name", "nightly", stdout=out)
    key = out.getvalue().strip()
    assert client.post(URL, {"files": [fixture("german.txt")]}, **auth(key)).status_code == 200
    User.objects.create_user("visitor", password="x")
    with pytest.raises(CommandError, match="visitor may not upload articles"):
        call_command("api_token", "visitor")
