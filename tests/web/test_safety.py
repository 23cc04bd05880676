"""Untrusted article text, titles and outlet names are shown literally and never run."""

import io
import json

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from newscompare.news.models import Article, Claim, Story

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PWN = "window.__pwned = (window.__pwned || 0) + 1"
SCRIPT = f"<script>{PWN}</script>"
IMG = f'<img src=x onerror="{PWN}">'
LINK = f'<a href="javascript:{PWN}">click me</a>'
ENTITIES = "Fish &amp; Chips &lt;b&gt;bold&lt;/b&gt; &#x27;quoted&#x27; &copy;"

HOSTILE = [
    {
        "id": "x1",
        "outlet": f"Evil {IMG} News",
        "title": f"Talks begin {SCRIPT} in Geneva",
        "url": f"javascript:{PWN}",
        "published": "2015-09-18",
        "text": f"Diplomats gathered in a Geneva hotel on Friday {SCRIPT} after a long freeze. "
        f"Contacts between the two militaries were cut in March 2014 over Ukraine {IMG}. "
        f"The ministers met for two hours, a spokesman said {LINK}. "
        f"The venue served {ENTITIES} to all delegates.",
    },
    {
        "id": "x2",
        "outlet": f"{SCRIPT}Wire & Co",
        "title": f"Geneva talks {IMG}",
        "url": "https://example.org/x2",
        "published": "2015-09-18",
        "text": f"Negotiators sat down together in Switzerland {LINK}, reporters were told. "
        f"Direct military contacts had been broken off in April 2014, after the Crimea "
        f"annexation {SCRIPT}. "
        f"Lunch was {ENTITIES} and nobody complained. "
        f"Protesters outside held signs {IMG} for an hour.",
    },
    {
        "id": "x3",
        "outlet": "Plain Outlet",
        "title": "Geneva talks start",
        "url": "https://example.org/x3",
        "published": "2015-09-18",
        "text": "The first round of talks opened in Geneva. "
        "Military-to-military contacts were suspended in March 2014 because of Ukraine. "
        "Weather in the city was mild.",
    },
]


@pytest.fixture
def hostile_story(site, tmp_path):
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in HOSTILE), encoding="utf-8")
    call_command("ingest", str(path), story="hostile", stdout=io.StringIO(), stderr=io.StringIO())
    story = Story.objects.get(slug="hostile")
    story.title = f"Hostile {SCRIPT} &amp; story"  # titles are editable in the admin
    story.save()
    return story


def hostile_pages(site, story):
    yield f"{site}/"
    yield f"{site}/?q=Evil"
    yield f"{site}/stories/{story.slug}/"
    yield f"{site}/stories/{story.slug}/?outlet=Plain+Outlet"
    for claim in Claim.objects.filter(story=story):
        yield f"{site}/stories/{story.slug}/claims/{claim.id}/"
    for article in Article.objects.filter(story=story):
        yield f"{site}/stories/{story.slug}/articles/{article.id}/"


def test_it_shows_hostile_text_literally_and_runs_none_of_it(page, site, hostile_story):
    assert hostile_story.claims.exists()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    visited = 0
    for url in hostile_pages(site, hostile_story):
        page.goto(url)
        visited += 1
        assert page.evaluate("window.__pwned") is None, url
        # The only scripts are our own htmx; no injected element made it into the page.
        assert page.locator("main script").count() == 0, url
        assert page.locator("main img").count() == 0, url
        assert page.locator("a[href^='javascript:' i]").count() == 0, url
        assert page.locator("[onerror]").count() == 0, url
        # The story title is on every page, character for character.
        assert hostile_story.title in page.locator("main").inner_text(), url
    assert visited > 6
    assert dialogs == []
    assert page.js_errors == []


def test_it_shows_outlet_names_and_sentences_literally_on_the_story_page(page, site, hostile_story):
    page.goto(f"{site}/stories/{hostile_story.slug}/")
    expect(page.locator("table.matrix thead")).to_contain_text(f"Evil {IMG} News")
    expect(page.locator("table.matrix thead")).to_contain_text(f"{SCRIPT}Wire & Co")
    expect(
        page.locator("form.filters select[name=outlet] option", has_text="Evil")
    ).to_have_attribute("value", f"Evil {IMG} News")
    headlines = " ".join(page.locator("table.matrix .headline").all_inner_texts())
    assert "<script>" in headlines or "<img" in headlines or "javascript:" in headlines
    # Filtering by a hostile outlet name works and is reflected safely in the address.
    page.locator("form.filters select[name=outlet]").select_option(f"{SCRIPT}Wire & Co")
    expect(page.locator("thead th.chosen")).to_contain_text("Wire & Co")
    page.reload()
    expect(page.locator("form.filters select[name=outlet]")).to_have_value(f"{SCRIPT}Wire & Co")
    assert page.evaluate("window.__pwned") is None


def test_it_shows_article_text_titles_and_entities_as_written(page, site, hostile_story):
    article = Article.objects.get(story=hostile_story, external_id="x1")
    page.goto(f"{site}/stories/{hostile_story.slug}/articles/{article.id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Talks begin {SCRIPT} in Geneva")
    expect(page.locator(".meta")).to_contain_text(f"Evil {IMG} News")
    text = page.locator(".article-text")
    expect(text).to_contain_text(SCRIPT)
    expect(text).to_contain_text(IMG)
    expect(text).to_contain_text(LINK)
    expect(text).to_contain_text(ENTITIES)  # entities stay as typed, not decoded
    # A javascript: source URL is never stored (ingest keeps only http(s) addresses),
    # so there is neither a link nor a URL to show.
    expect(page.locator(".meta a")).to_have_count(0)
    expect(page.locator(".meta .url")).to_have_count(0)
    assert page.evaluate("window.__pwned") is None


def test_it_sends_the_csrf_token_with_htmx_requests(page, site, hostile_story):
    page.goto(f"{site}/stories/{hostile_story.slug}/")
    headers = json.loads(page.locator("body").get_attribute("hx-headers"))
    assert len(headers["X-CSRFToken"]) >= 32
    with page.expect_request(lambda r: "/claims?" in r.url) as fragment:
        page.locator("form.filters select[name=verdict]").select_option("unique")
    assert fragment.value.headers["x-csrftoken"] == headers["X-CSRFToken"]
    assert fragment.value.headers["hx-request"] == "true"
