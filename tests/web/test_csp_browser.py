"""Chromium loads our pages under the Content-Security-Policy with no violation: every
script and style comes from our own static files, and htmx adds no inline style."""

import pytest
from django.contrib.auth.models import Permission, User
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Runs before any page script (through the DevTools protocol, which the CSP does not
# govern) and records every violation the browser reports.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def watch(page) -> list[str]:
    """Console errors and warnings that mention the policy, as a reader's console shows them."""
    messages = []
    page.on(
        "console",
        lambda m: (
            messages.append(m.text)
            if m.type in ("error", "warning") and "Content Security Policy" in m.text
            else None
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)
    return messages


def load(page, url) -> dict:
    response = page.goto(url)
    assert response.ok, url
    page.wait_for_load_state("networkidle")
    return response.headers


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations")


def test_the_story_and_claim_pages_load_under_the_policy_with_no_violation(page, site, seed_story):
    console = watch(page)
    headers = load(page, f"{site}/stories/{seed_story.slug}/")
    assert "script-src 'self'" in headers["content-security-policy"]
    expect(page.locator("h1")).to_contain_text(str(seed_story))
    assert page.evaluate("typeof htmx") == "object", "htmx loaded from our static files"
    assert page.evaluate("document.querySelectorAll('style').length") == 0

    # htmx swaps a filtered claims table in: still nothing inline
    page.locator("form.filters select[name=verdict]").select_option("agree")
    expected = seed_story.claims.filter(verdict="agree").count()
    expect(page.locator("#matrix-count")).to_contain_text(f"{expected} claim")
    claim = seed_story.claims.order_by("id").first()
    load(page, f"{site}/stories/{seed_story.slug}/claims/{claim.id}/")
    load(page, f"{site}/")
    assert violations(page) == [] and console == []

    # the watch works: an inline script is reported
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = '1';"
        " document.head.appendChild(s); }"
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert violations(page)[0].startswith("script-src")


def test_the_upload_page_loads_under_the_policy_with_no_violation(page, site, db):
    user = User.objects.create_user("editor", password="pw-editor-1", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_uploadbatch", "view_uploadbatch"])
    )
    console = watch(page)
    load(page, f"{site}/admin/login/?next=/admin/ingest/uploadbatch/upload/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-editor-1")
    page.click("input[type=submit]")
    expect(page.locator("h1")).to_have_text("Upload articles")
    page.wait_for_load_state("networkidle")

    # the size check before sending runs from static/js/upload.js
    page.evaluate("document.getElementById('upload-form').dataset.maxUploadBytes = '10'")
    page.fill("#id_new_story", "too-big")
    page.set_input_files(
        "#id_files", {"name": "a.txt", "mimeType": "text/plain", "buffer": b"x" * 100}
    )
    page.click("input[type=submit][value=Upload]")
    expect(page.locator("#too-large")).to_be_visible()
    assert violations(page) == [] and console == []


def test_the_admin_pages_staff_use_load_under_the_policy_with_no_violation(page, site, db):
    User.objects.create_superuser("chief", password="pw-chief-1")
    console = watch(page)
    load(page, f"{site}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw-chief-1")
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
    for path in (
        "/admin/",
        "/admin/ingest/uploadbatch/",
        "/admin/ingest/apitoken/",
        "/admin/ingest/apitoken/add/",
        "/admin/news/story/",
    ):
        load(page, site + path)
        assert violations(page) == [] and console == [], path
