"""Charts and the timeline in headless Chromium: the numbers a reader reads off the seed
story's charts are the export's, and a story ingested in two rounds shows an outlet's
correction in order, drawn against time. Expectations come from the export, never from
fixed figures."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from newscompare.news.models import Story
from newscompare.pipeline.timeline import export_story
from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FERRY = ROOT / "demo" / "ferry-corrections"


def console_errors(page) -> list:
    """Errors the page logs, but for the favicon the site does not have."""
    errors = []

    def note(message):
        if message.type == "error" and "favicon" not in (message.location or {}).get("url", ""):
            errors.append(message.text)

    page.on("console", note)
    return errors


def omitted(export: dict, outlet: str) -> int:
    """Claims two or more other outlets, and two or more independent sources, carry and
    `outlet` does not: the omission rule, recomputed from the export alone."""
    source = {}
    for a in export["articles"]:
        group = sorted([a["id"], *a["syndicated_with"]])[0]
        source[a["id"]] = group
    n = 0
    for claim in export["claims"]:
        outlets = {m["outlet"] for m in claim["members"]}
        sources = {source[m["article"]] for m in claim["members"]}
        if outlet not in outlets and len(outlets) >= 2 and len(sources) >= 2:
            n += 1
    return n


def test_the_charts_show_the_exports_numbers(page, site, seed_story):
    errors = console_errors(page)
    page.goto(f"{site}/stories/{seed_story.slug}/")
    export = export_story(seed_story)
    by_verdict = Counter(c["verdict"] for c in export["claims"])

    chart = page.locator(".verdict-chart")
    expect(chart.locator("svg")).to_be_visible()
    total = sum(by_verdict.values())
    for verdict in ("diverge", "agree", "unique"):
        key = chart.locator(f".verdict-legend [data-verdict={verdict}]")
        expect(key.locator(".count")).to_have_text(str(by_verdict[verdict]))
        expect(key).to_contain_text(verdict)  # a word beside every colour
        if by_verdict[verdict]:
            width = float(chart.locator(f"rect.seg.{verdict}").get_attribute("width"))
            assert width == pytest.approx(1000 * by_verdict[verdict] / total, abs=0.1)

    rows = page.locator(".coverage-chart .coverage-row")
    outlets = {m["outlet"] for c in export["claims"] for m in c["members"]}
    expect(rows).to_have_count(len({a["outlet"] for a in export["articles"]}))
    for outlet in outlets:
        row = page.locator(f'.coverage-row[data-outlet="{outlet}"]')
        stated = sum(1 for c in export["claims"] if outlet in {m["outlet"] for m in c["members"]})
        expect(row.locator(".stated-n")).to_have_text(str(stated))
        expect(row.locator(".left-out-n")).to_have_text(str(omitted(export, outlet)))
    assert page.js_errors == [] and errors == []


@pytest.fixture
def ferry_story(_seed_committed, db):
    """The made-up ferry story, ingested in two rounds: the Harbour Post corrects its toll."""
    for part in ("round1.jsonl", "round2.jsonl"):
        call_command(
            "ingest",
            str(FERRY / part),
            story="ferry-corrections",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    return Story.objects.get(slug="ferry-corrections")


def test_the_timeline_shows_a_correction_in_order_and_draws_it(page, site, ferry_story):
    errors = console_errors(page)
    page.goto(f"{site}/stories/{ferry_story.slug}/")
    export = export_story(ferry_story)
    corrected = [
        c for c in export["claims"] if any(e["change"] == "correction" for e in c["timeline"])
    ]
    assert corrected, "round 2 corrects a figure"
    expect(page.locator("#timeline")).to_be_visible(timeout=20_000)  # loaded by htmx
    moments = page.locator("#timeline .moment")
    for claim in corrected:  # every claim an outlet corrected is among the moments
        expect(moments.locator(f'h3 a[href$="/claims/{claim["id"]}/"]')).to_have_count(1)
    toll = next(c for c in corrected if c["verdict"] == "diverge")
    card = moments.filter(has=page.locator(f'a[href$="/claims/{toll["id"]}/"]'))
    shown = [" ".join(t.split()) for t in card.locator(".reports li").all_inner_texts()]
    assert len(shown) == len(toll["timeline"])
    for text, event in zip(shown, toll["timeline"], strict=True):
        assert event["outlet"] in text and event["value"] in text
        assert ("corrects" in text) == (event["change"] == "correction")
    expect(card.locator(".time-note")).to_contain_text(toll["time_note"])
    dispute = page.locator(".dispute", has=page.locator(f'a[href$="/claims/{toll["id"]}/"]'))
    expect(dispute.locator(".time-note")).to_contain_text(toll["time_note"])  # a moving story
    points = card.locator(".timeline-chart g.point")
    expect(points).to_have_count(len(toll["timeline"]))
    drawn = [float(v) for v in points.evaluate_all("ps => ps.map(p => p.dataset.value)")]
    reported = [
        float(v["value"])
        for e in toll["timeline"]
        for m in toll["members"]
        if m["article"] == e["article"]
        for v in m["values"]
        if v["type"] == "number" and v["text"] == e["value"]
    ]
    assert sorted(drawn) == sorted(reported + [_old_number(toll)])
    assert page.js_errors == [] and errors == []

    # The claim page shows the older version's sentence and what changed.
    card.get_by_role("link").first.click()
    reading = page.locator(".reading", has=page.locator("h3", has_text="Harbour Post"))
    reading.locator("details.earlier summary").click()
    expect(reading.locator("details.earlier del")).to_contain_text("12")
    expect(reading.locator("details.earlier ins")).to_contain_text("31")


def _old_number(claim) -> float:
    """The figure a correction replaced, read from its label ("At least 12" -> 12)."""
    replaced = next(e["replaced"] for e in claim["timeline"] if e["change"] == "correction")
    return float("".join(ch for ch in replaced if ch.isdigit() or ch == "."))
