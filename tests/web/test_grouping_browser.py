"""People decide last, in Chromium: merge, split and move, each from the story page (htmx
forms) and from the admin (actions). Every decision is recorded, marks the articles as
placed by a person, and re-indexes the stories it changed through their IndexRun."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import expect

from newscompare.news.models import Article, IndexRun, Story, StoryDecision
from tests.grouping.events import records, write_jsonl

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def grouped(tmp_path, db):
    """The made-up events, grouped automatically (four stories), not indexed yet."""
    feed = tmp_path / "feed.jsonl"
    write_jsonl(feed, records())
    call_command("ingest", str(feed), "--no-index", stdout=io.StringIO(), stderr=io.StringIO())
    assert Story.objects.count() == 4
    User.objects.create_superuser("editor", password="pw")


def story_of(external_id: str) -> Story:
    return Article.objects.get(external_id=external_id).story


def log_in(page, site):
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text("editor")


def assert_indexed(*stories):
    for story in stories:
        assert IndexRun.objects.filter(story=story, state=IndexRun.State.DONE).exists()


def test_an_editor_moves_an_article_from_the_story_page(page, site, grouped):
    chess, strike = story_of("chess-1"), story_of("strike-1")
    log_in(page, site)
    page.goto(f"{site}/stories/{chess.slug}/")
    form = page.locator("#articles-form")
    form.get_by_label("chess-1", exact=False).check()
    form.get_by_label("Move them to").select_option(str(strike.pk))
    form.get_by_role("button", name="Move").click()
    expect(page.locator(".grouping-done")).to_contain_text("Moved 1 article")
    expect(page.locator(".grouping-decisions")).to_contain_text(strike.slug)
    moved = Article.objects.get(external_id="chess-1")
    assert moved.story_id == strike.pk and moved.placement == Article.Placement.PERSON
    decision = StoryDecision.objects.get()
    assert (decision.kind, decision.to_slug, decision.made_by) == ("move", strike.slug, "editor")
    assert_indexed(chess, strike)
    assert page.js_errors == []


def test_an_editor_splits_a_story_from_the_story_page(page, site, grouped):
    strike = story_of("strike-1")
    log_in(page, site)
    page.goto(f"{site}/stories/{strike.slug}/")
    form = page.locator("#articles-form")
    form.get_by_label("strike-2", exact=False).check()
    form.get_by_label("or split them off as").fill("The second walk-out")
    form.get_by_role("button", name="Split off").click()
    expect(page.locator(".grouping-done")).to_contain_text("The second walk-out")
    new = story_of("strike-2")
    assert new.pk != strike.pk and new.title == "The second walk-out"
    assert story_of("strike-1").pk == strike.pk
    assert StoryDecision.objects.get().kind == "split"
    assert_indexed(strike, new)
    page.goto(f"{site}/")
    expect(page.locator("table.stories")).to_contain_text("The second walk-out")


def test_an_editor_merges_two_stories_from_the_story_page(page, site, grouped):
    first, second = story_of("flood-2019-1"), story_of("flood-2020-1")
    log_in(page, site)
    page.goto(f"{site}/stories/{first.slug}/")
    form = page.locator("#merge-form")
    form.get_by_label("Merge another story into this one").select_option(str(second.pk))
    form.get_by_role("button", name="Merge").click()
    expect(page.locator(".grouping-done")).to_contain_text("Merged")
    assert not Story.objects.filter(pk=second.pk).exists()
    assert first.articles.count() == 6
    assert set(first.articles.values_list("placement", flat=True)) == {"person"}
    assert StoryDecision.objects.get().kind == "merge"
    assert_indexed(first)


def test_a_reader_who_is_not_signed_in_sees_no_forms(page, site, grouped):
    page.goto(f"{site}/stories/{story_of('chess-1').slug}/")
    expect(page.locator("#story-grouping")).to_contain_text("Editors who are signed in")
    expect(page.locator("#articles-form")).to_have_count(0)


def run_admin_action(page, site, model, labels, action, **fields):
    page.goto(f"{site}/admin/news/{model}/")
    for label in labels:
        page.locator("#result_list tr", has_text=label).locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    for name, value in fields.items():
        page.fill(f"input[name={name}]", value)
    page.click("button[name=index]")


def test_an_editor_moves_an_article_in_the_admin(page, site, grouped):
    chess, strike = story_of("chess-1"), story_of("strike-1")
    log_in(page, site)
    run_admin_action(page, site, "article", ["chess-1"], "move_selected", story=strike.slug)
    expect(page.locator(".messagelist")).to_contain_text(f"Moved to {strike.slug}")
    assert story_of("chess-1").pk == strike.pk
    assert StoryDecision.objects.get().kind == "move"
    assert_indexed(chess, strike)


def test_an_editor_splits_a_story_in_the_admin(page, site, grouped):
    strike = story_of("strike-1")
    log_in(page, site)
    run_admin_action(page, site, "article", ["strike-2"], "split_selected", title="Round two")
    expect(page.locator(".messagelist")).to_contain_text("Split off into")
    assert story_of("strike-2").title == "Round two"
    assert story_of("strike-1").pk == strike.pk
    assert_indexed(strike, story_of("strike-2"))


def test_an_editor_merges_stories_in_the_admin(page, site, grouped):
    first, second = story_of("flood-2019-1"), story_of("flood-2020-1")
    log_in(page, site)
    run_admin_action(
        page, site, "story", [first.title, second.title], "merge_selected", story=first.slug
    )
    expect(page.locator(".messagelist")).to_contain_text(f"Merged into {first.slug}")
    assert first.articles.count() == 6 and not Story.objects.filter(pk=second.pk).exists()
    assert StoryDecision.objects.get().kind == "merge"
    assert_indexed(first)


def test_the_grouping_forms_fit_a_phone_with_a_long_story_title(browser, site, grouped):
    """A story menu holding a long title once widened the page past a phone's screen."""
    chess, strike = story_of("chess-1"), story_of("strike-1")
    Story.objects.filter(pk=strike.pk).update(title="A very long made-up story title " * 6)
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    try:
        log_in(page, site)
        page.goto(f"{site}/stories/{chess.slug}/")
        expect(page.locator("#merge-form select")).to_contain_text("A very long made-up")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the story page is {width}px wide on a 390px screen"
    finally:
        context.close()
