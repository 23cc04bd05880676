"""The upload page in headless Chromium: a staff user uploads good and bad files and reads
the per-file table; people who are not staff never see the page."""

import re

import pytest
from django.contrib.auth.models import Permission, User
from playwright.sync_api import expect

from newscompare.news.models import Article

from .helpers import BAD_INPUTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_user(username, staff):
    user = User.objects.create_user(username, password="pw-" + username, is_staff=staff)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_uploadbatch", "view_uploadbatch"])
    )
    return user


def on_disk(name):
    return {
        "name": name,
        "mimeType": "application/octet-stream",
        "buffer": (BAD_INPUTS / name).read_bytes(),
    }


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/?next=/admin/ingest/uploadbatch/upload/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.click("input[type=submit]")


def test_a_staff_user_uploads_good_and_bad_files_and_reads_each_result(page, live_server):
    make_user("editor", staff=True)
    log_in(page, live_server, "editor")
    expect(page.locator("h1")).to_have_text("Upload articles")
    page.fill("#id_new_story", "browser-story")
    page.set_input_files(
        "#id_files",
        [
            *(
                on_disk(name)
                for name in [
                    "german.txt",
                    "png-renamed.txt",
                    "malformed-lines.jsonl",
                    "scripts-and-iframes.html",
                ]
            ),
            {
                "name": "<img src=x onerror=alert(1)>.txt",
                "mimeType": "text/plain",
                "buffer": b"The museum reopened on Saturday after a two-year renovation, its"
                b" director said.",
            },
        ],
    )
    page.fill("#id_urls", "http://169.254.169.254/latest/meta-data/\nftp://example.org/a.txt")
    page.click("input[type=submit][value=Upload]")

    table = page.locator("#upload-items")
    expect(table).to_be_visible()
    expect(page.locator("#upload-summary")).to_contain_text("4 accepted, 0 skipped, 9 rejected")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(13)
    expect(rows.nth(0)).to_contain_text("german.txt")
    expect(rows.nth(0)).to_contain_text("stored as article german; language: de (not English)")
    expect(rows.nth(1)).to_contain_text("the file is a PNG image, not an article")
    expect(rows.nth(3)).to_contain_text("not valid JSON (Expecting ',' delimiter: column 44)")
    expect(rows.nth(9)).to_contain_text("scripts-and-iframes.html")
    expect(rows.nth(10).locator(".item-source")).to_have_text(
        "<img src=x onerror=alert(1)>.txt"
    )  # text, not markup
    expect(table.locator("img")).to_have_count(0)
    expect(rows.nth(11)).to_contain_text(
        "the address 169.254.169.254 is a link-local address; only public "
        "internet addresses are fetched"
    )
    expect(rows.nth(12)).to_contain_text("only http and https addresses are fetched, not 'ftp:'")
    expect(page.locator("#index-status")).to_have_text(
        re.compile(r"Indexing: (queued|running|done)")
    )
    expect(page.locator("#index-status")).to_have_text("Indexing: done.", timeout=120_000)
    expect(page.locator("#story-link")).to_have_attribute("href", "/stories/browser-story/")
    assert Article.objects.filter(story__slug="browser-story").count() == 4
    assert page.js_errors == []


def test_someone_who_is_not_staff_cannot_reach_the_upload_page(page, live_server):
    make_user("reader", staff=False)
    page.goto(f"{live_server.url}/admin/ingest/uploadbatch/upload/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/admin/ingest/uploadbatch/upload/$"))
    log_in(page, live_server, "reader")
    expect(page.locator(".errornote")).to_contain_text("staff account")
    expect(page.locator("#upload-form")).to_have_count(0)
    page.goto(f"{live_server.url}/admin/ingest/uploadbatch/upload/")
    expect(page.locator("#upload-form")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/admin/login/"))


def test_the_page_says_an_upload_is_too_large_before_sending_it(page, live_server, settings):
    settings.INGEST_MAX_UPLOAD_BYTES = 1000
    make_user("editor", staff=True)
    log_in(page, live_server, "editor")
    page.fill("#id_new_story", "too-large")
    page.set_input_files(
        "#id_files", [{"name": "big.txt", "mimeType": "text/plain", "buffer": b"x" * 2000}]
    )
    page.click("input[type=submit][value=Upload]")
    expect(page.locator("#too-large")).to_have_text(
        "The upload is larger than the 1000 bytes limit for one upload; nothing was stored (send "
        "fewer or smaller "
        "files at a time)."
    )
    expect(page).to_have_url(re.compile(r"/admin/ingest/uploadbatch/upload/$"))
    assert not Article.objects.exists()
