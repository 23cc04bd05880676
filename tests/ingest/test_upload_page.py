"""The admin upload page without a browser: who may use it, what the form asks for, and
the results fragment htmx polls."""

import pytest
from django.contrib.auth.models import Permission, User

from newscompare.ingest.models import UploadBatch
from newscompare.news.models import Story

from .helpers import UPLOAD_URL, fixture, upload

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_the_admin_login(client):
    response = client.get(UPLOAD_URL)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={UPLOAD_URL}"


def test_it_refuses_staff_without_the_upload_permission(client):
    client.force_login(User.objects.create_user("staff", password="x", is_staff=True))
    assert client.get(UPLOAD_URL).status_code == 403
    assert (
        client.post(UPLOAD_URL, {"new_story": "x", "files": [fixture("german.txt")]}).status_code
        == 403
    )
    assert not Story.objects.exists()


def test_it_lets_staff_with_the_upload_permission_in(client):
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_uploadbatch"))
    client.force_login(user)
    assert client.get(UPLOAD_URL).status_code == 200


def test_the_admin_add_button_opens_the_upload_page(admin_client):
    response = admin_client.get("/admin/ingest/uploadbatch/add/")
    assert response["Location"] == "/admin/ingest/uploadbatch/upload/"


@pytest.mark.parametrize(
    "data,message",
    [
        # No story is fine (grouping places the articles), but there must be articles.
        ({"files": []}, "Add at least one file or URL."),
        ({"new_story": "a", "story": "1"}, "Choose an existing story or name a new one, not both."),
        (
            {"new_story": "!!!"},
            "&#x27;!!!&#x27; is not a usable story name (use letters, digits and dashes)",
        ),
        ({"new_story": "fine"}, "Add at least one file or URL."),
    ],
)
def test_it_explains_what_the_form_is_missing(admin_client, data, message):
    Story.objects.create(slug="existing")
    data = {**data, "story": Story.objects.get().pk} if "story" in data else data
    response = admin_client.post(UPLOAD_URL, data)
    assert response.status_code in (200, 400)
    assert message in response.content.decode()
    assert list(Story.objects.values_list("slug", flat=True)) == ["existing"]  # nothing created


def test_it_uploads_into_an_existing_story(admin_client):
    story = Story.objects.create(slug="existing")
    response = admin_client.post(UPLOAD_URL, {"story": story.pk, "files": [fixture("german.txt")]})
    assert response.status_code == 302
    assert story.articles.get().external_id == "german"


def test_the_results_fragment_stops_htmx_polling_once_everything_is_done(admin_client):
    upload(admin_client, [fixture("png-renamed.txt")])
    batch = UploadBatch.objects.get()
    response = admin_client.get(
        f"/admin/ingest/uploadbatch/{batch.id}/results/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 286
    assert "the file is a PNG image, not an article" in response.content.decode()
    assert "hx-trigger" not in response.content.decode()
