"""The dashboard in headless Chromium over a live server, on the seed story indexed by
the real pipeline. Expectations come from the database, not from fixed strings, so
they hold whatever values and explanations the pipeline produces."""

import csv
import io
import json
import re

import pytest
from playwright.sync_api import expect

from newscompare.news.models import Article, Claim, ClaimMember, IndexRun
from newscompare.news.selectors import disputed_facts
from newscompare.pipeline.timeline import export_story, export_story_csv
from newscompare.web import present
from newscompare.web.synthetic import build_story

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def story_url(site, story, query=""):
    return f"{site}/stories/{story.slug}/{query}"


def matrix_rows(page):
    """The matrix's rows (one per fact), without the narrower claims nested in them."""
    return page.locator("#claims table.matrix tbody tr:not(.nested)")


def test_it_goes_from_the_story_list_to_the_story_page(page, site, seed_story):
    page.goto(site + "/")
    row = page.locator("table.stories tbody tr", has_text=str(seed_story))
    n_articles = seed_story.articles.count()
    expect(row.locator("td").first).to_have_text(str(n_articles))
    expect(row).to_contain_text("done")

    page.get_by_label("Search titles and outlets").fill("Bloomberg")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"\?q=Bloomberg$"))
    expect(page.locator("table.stories tbody tr", has_text=str(seed_story))).to_have_count(1)

    page.get_by_role("link", name=str(seed_story)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(str(seed_story))
    disputes = disputed_facts(seed_story)
    expect(page.locator(".dispute")).to_have_count(min(disputes.count(), 10))
    labels = present.article_labels(seed_story.articles.select_related("outlet"))
    for claim in disputes[:10]:
        explained = present.named(claim.explanation, labels)
        expect(page.locator(".dispute", has_text=explained)).to_have_count(1)
    rows = seed_story.claims.filter(narrows__isnull=True).count()
    expect(matrix_rows(page)).to_have_count(min(rows, 25))
    expect(page.locator("table.matrix thead th.outlet-col")).to_have_count(n_articles)
    expect(page.locator(".omission").first).to_contain_text("leaves out")
    assert page.js_errors == []


def test_it_shows_each_side_of_a_disputed_fact_with_its_outlets(page, site, seed_story):
    claim = Claim.objects.filter(story=seed_story, verdict="diverge").order_by("position").first()
    page.goto(story_url(site, seed_story))
    dispute = page.locator(".dispute").first
    expect(dispute.locator("h3")).to_contain_text("?")
    for m in claim.members.select_related("sentence__article__outlet"):
        typed = [v for v in m.values if v["type"] not in ("entity",)]
        if typed and claim.kind == "date":
            side = dispute.locator(".sides li", has_text=m.sentence.article.external_id)
            expect(side).to_contain_text(m.sentence.article.outlet_name)


@pytest.mark.parametrize(
    "field,value_of",
    [
        ("verdict", lambda story: "diverge"),
        ("kind", lambda story: story.claims.order_by("position").first().kind),
        (
            "outlet",
            lambda story: (
                Article.objects.filter(story=story, outlet__isnull=False)
                .order_by("external_id")
                .first()
                .outlet.name
            ),
        ),
    ],
    ids=["verdict", "kind", "outlet"],
)
def test_it_filters_the_matrix_and_keeps_the_filter_in_the_address(
    page, site, seed_story, field, value_of
):
    value = value_of(seed_story)
    claims = seed_story.claims.all()
    if field == "outlet":
        expected = claims.filter(members__sentence__article__outlet__name=value).distinct().count()
    else:
        expected = claims.filter(**{field: value}).count()
    page.goto(story_url(site, seed_story))
    with page.expect_response(lambda r: "/claims?" in r.url) as fragment:
        page.locator(f"form.filters select[name={field}]").select_option(value)
    assert fragment.value.status == 200
    expect(page).to_have_url(re.compile(rf"/stories/{seed_story.slug}/\?{field}="))
    expect(page.locator("#matrix-count")).to_contain_text(f"{expected} claim")
    expect(matrix_rows(page)).to_have_count(min(expected, 25))
    if field != "outlet":
        for attr in matrix_rows(page).evaluate_all(f"rows => rows.map(r => r.dataset.{field})"):
            assert attr == value
    else:
        expect(page.locator("thead th.chosen")).to_contain_text(value)
        # Each row has a filled cell in the chosen outlet's column.
        column = page.locator("thead th").evaluate_all(
            "ths => ths.findIndex(th => th.classList.contains('chosen'))"
        )
        states = matrix_rows(page).evaluate_all(
            f"rows => rows.map(r => r.children[{column}].className)"
        )
        assert all("missing" not in s for s in states)

    # The address can be shared: a fresh load shows the same filtered view.
    shared = page.url
    page.goto(shared)
    expect(page.locator(f"form.filters select[name={field}]")).to_have_value(value)
    expect(page.locator("#matrix-count")).to_contain_text(f"{expected} claim")
    assert page.js_errors == []


def test_it_lists_what_each_outlet_leaves_out(page, site, seed_story):
    page.goto(story_url(site, seed_story))
    first = page.locator(".omission").first
    expect(first).to_be_visible()
    count = int(re.search(r"leaves out (\d+)", first.locator("h3").inner_text()).group(1))
    outlet = first.locator("h3").inner_text().split(" leaves out")[0].rsplit(" ", 1)[0].strip()
    first.get_by_role("link", name=re.compile("leaves out")).click()
    expect(page).to_have_url(re.compile(r"\?omitted_by="))
    expect(page.locator("form.filters select[name=omitted_by]")).to_have_value(outlet)
    expect(page.locator("#matrix-count")).to_contain_text(f"{count} claim")
    # none of the listed claims has a cell from that outlet
    column = page.locator("thead th").evaluate_all(
        "ths => ths.findIndex(th => th.classList.contains('chosen'))"
    )
    states = matrix_rows(page).evaluate_all(
        f"rows => rows.map(r => r.children[{column}].className)"
    )
    assert states and all("missing" in s for s in states)


def test_it_shows_a_claim_in_context_with_the_differing_values(page, site, seed_story):
    claim = Claim.objects.filter(story=seed_story, verdict="diverge").order_by("position").first()
    page.goto(story_url(site, seed_story))
    page.locator(".dispute h3 a").first.click()
    expect(page).to_have_url(re.compile(rf"/claims/{claim.id}/$"))
    labels = present.article_labels(seed_story.articles.select_related("outlet"))
    expect(page.locator(".explanation.lead")).to_have_text(present.named(claim.explanation, labels))
    expect(page.locator(".sources-line")).to_contain_text(
        f"{claim.independent_sources} independent source"
    )
    members = list(claim.members.select_related("sentence__article"))
    expect(page.locator(".reading")).to_have_count(len({m.sentence.article_id for m in members}))
    for m in members:
        card = page.locator(
            ".reading", has=page.locator("h3", has_text=m.sentence.article.external_id)
        )
        # as a reader sees it: whitespace collapsed, without the screen-reader labels of
        # marked values
        shown = [
            " ".join(t.replace("differing value:", "").split())
            for t in card.locator(".member").all_inner_texts()
        ]
        assert " ".join(m.sentence.text.split()) in shown
    expect(page.locator("mark.differs").first).to_be_visible()
    # the sentence before or after is shown for context
    expect(page.locator(".reading .context").first).to_be_visible()


def test_it_names_the_wire_copies_behind_a_claim(page, site, seed_story):
    groups = {}
    for a in seed_story.articles.all():
        groups.setdefault(a.wire_group, []).append(a)
    copies = next(g for g in groups.values() if len(g) > 1)
    claim = (
        Claim.objects.filter(story=seed_story, members__sentence__article=copies[0])
        .filter(members__sentence__article=copies[1])
        .order_by("position")
        .first()
    )
    page.goto(f"{site}/stories/{seed_story.slug}/claims/{claim.id}/")
    wire = page.locator(".wire")
    expect(wire).to_contain_text("Wire copies of one text")
    for a in copies:
        expect(wire).to_contain_text(a.external_id)


def test_it_shows_an_article_with_its_claim_sentences_linked(page, site, seed_story):
    article = seed_story.articles.order_by("external_id").last()
    claim_sentences = (
        ClaimMember.objects.filter(sentence__article=article).values("sentence").distinct().count()
    )
    page.goto(f"{site}/stories/{seed_story.slug}/articles/{article.id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title or "(untitled article)")
    links = page.locator(".article-text a.claim-sentence")
    expect(links).to_have_count(claim_sentences)
    first_text = links.first.inner_text()
    links.first.click()
    expect(page).to_have_url(re.compile(r"/claims/\d+/$"))
    expect(page.locator(".reading .member", has_text=first_text.strip()[:50])).not_to_have_count(0)


def test_it_downloads_the_exports(page, site, seed_story):
    page.goto(story_url(site, seed_story))
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV").click()
    with page.expect_download() as json_download:
        page.get_by_role("link", name="JSON").click()
    assert csv_download.value.suggested_filename == f"{seed_story.slug}.csv"
    csv_text = csv_download.value.path().read_bytes().decode("utf-8")
    assert csv_text == export_story_csv(seed_story)
    assert (
        len(list(csv.DictReader(io.StringIO(csv_text))))
        == ClaimMember.objects.filter(claim__story=seed_story).count()
    )
    assert json.load(open(json_download.value.path(), encoding="utf-8")) == export_story(seed_story)


def test_it_shows_indexing_progress_until_done(page, site):
    story = build_story("progress-bar", 3, 6)
    run = IndexRun.objects.create(
        story=story, state=IndexRun.State.RUNNING, progress_done=2, progress_total=8
    )
    page.goto(story_url(site, story))
    expect(page.locator("#progress progress")).to_have_attribute("value", "25")

    run.progress_done = 6
    run.save()
    expect(page.locator("#progress")).to_contain_text("6 of 8 sentences")
    expect(page.locator("#progress progress")).to_have_attribute("value", "75")

    with page.expect_response(lambda r: r.url.endswith("/progress") and r.status == 286):
        run.progress_done, run.state = 8, IndexRun.State.DONE
        run.save()
    expect(page.locator("#progress")).to_contain_text("Indexing finished")
    expect(page.locator("#progress")).not_to_have_attribute("hx-trigger", re.compile(".*"))
    page.get_by_role("link", name="Show the new claims").click()
    expect(page.locator("#progress")).to_contain_text("Indexed")


def test_it_shows_why_indexing_failed(page, site):
    story = build_story("progress-failed", 3, 6)
    run = IndexRun.objects.create(
        story=story, state=IndexRun.State.RUNNING, progress_done=1, progress_total=8
    )
    page.goto(story_url(site, story))
    expect(page.locator("#progress progress")).to_be_visible()
    with page.expect_response(lambda r: r.url.endswith("/progress") and r.status == 286):
        run.state, run.error = IndexRun.State.FAILED, "OSError: <model> files missing"
        run.save()
    expect(page.locator("#progress")).to_contain_text(
        "Indexing failed: OSError: <model> files missing"
    )


def test_it_reads_without_javascript(browser, site, seed_story, request):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    try:
        page.goto(story_url(site, seed_story))
        page.locator("form.filters select[name=verdict]").select_option("agree")
        page.get_by_role("button", name="Filter").click()
        expect(page).to_have_url(re.compile(r"\?verdict=agree"))
        expected = seed_story.claims.filter(verdict="agree").count()
        expect(page.locator("#matrix-count")).to_contain_text(f"{expected} claim")
        page.locator("a.claim-link").first.click()
        expect(page).to_have_url(re.compile(r"/claims/\d+/$"))
        page.locator(".reading h3 a").first.click()
        expect(page.locator(".article-text")).to_be_visible()
        page.go_back()
        page.go_back()
        if seed_story.claims.filter(narrows__isnull=True).count() > 25:
            page.goto(story_url(site, seed_story))
            page.get_by_role("link", name="Next claims →").click()
            expect(page).to_have_url(re.compile(r"\?page=2#claims$"))
            expect(page.locator("#matrix-count")).to_contain_text("page 2 of")
    finally:
        from tests.conftest import OUTPUT

        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / f"{request.node.name}.png"), full_page=True)
        context.close()


def test_it_reaches_claims_by_keyboard(page, site, seed_story):
    page.goto(story_url(site, seed_story))
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('claim-link')"):
            break
    else:
        pytest.fail("no claim row reachable with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))


def test_it_pages_through_the_matrix_with_htmx(page, site):
    story = build_story("paging", 6, 80)
    page.goto(story_url(site, story))
    expect(page.locator("#matrix-count")).to_contain_text("80 rows, one per fact")
    expect(page.locator("#matrix-count")).to_contain_text("page 1 of 4")
    with page.expect_response(lambda r: "/claims?" in r.url):
        page.get_by_role("link", name="Next claims →").click()
    expect(page).to_have_url(re.compile(r"/stories/paging/\?page=2$"))
    expect(page.locator("#matrix-count")).to_contain_text("page 2 of 4")
    first_row = Claim.objects.filter(story=story).order_by("position")[25]
    expect(matrix_rows(page).first.locator("a.claim-link")).to_have_attribute(
        "href", f"/stories/paging/claims/{first_row.id}/"
    )
    page.go_back()
    expect(page.locator("#matrix-count")).to_contain_text("page 1 of 4")


def test_it_keeps_keyboard_focus_when_paging_the_matrix(page, site):
    build_story("paging-keys", 6, 60)
    page.goto(f"{site}/stories/paging-keys/")
    page.get_by_role("link", name="Next claims →").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#matrix-count")).to_contain_text("page 2 of 3")
    expect(page.locator("#matrix-count")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("role", "region")  # the scrollable matrix
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text(re.compile("outlet 000"))


def test_a_phone_reads_the_list_and_the_story_without_the_page_scrolling_sideways(
    browser, site, seed_story
):
    """Wide tables scroll inside themselves; the page (and its header) keeps the screen's
    width. The matrix's screen-reader words once escaped its scroller and widened the page."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    try:
        for url in (site + "/", story_url(site, seed_story)):
            page.goto(url)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{url} is {width}px wide on a 390px screen"
    finally:
        context.close()


def test_a_disputed_fact_explains_itself_with_outlet_names(page, site, seed_story):
    articles = list(Article.objects.filter(story=seed_story).select_related("outlet"))
    labels = present.article_labels(articles)
    claim = disputed_facts(seed_story).first()
    page.goto(story_url(site, seed_story))
    explanation = page.locator(".dispute .explanation").first
    expect(explanation).to_contain_text(present.named(claim.explanation, labels))
    named_ids = [
        a.external_id for a in articles if a.outlet_id and a.outlet_name in labels.values()
    ]
    assert any(i in claim.explanation for i in named_ids)
    for i in named_ids:
        assert not re.search(rf"(^|; )\b{re.escape(i)} say", explanation.inner_text())
