"""Dashboard views through Django's test client: query counts that do not grow with the
story, htmx fragments and headers, pages that work without JavaScript."""

import json
import re

import pytest
from django.urls import reverse

from newscompare.news.models import Article, Claim, IndexRun, Story
from newscompare.pipeline.timeline import export_story, export_story_csv
from newscompare.web.synthetic import build_story

pytestmark = pytest.mark.django_db

SIZES = {"small": (5, 20), "large": (40, 400)}


@pytest.fixture(params=list(SIZES))
def story(request):
    n_articles, n_claims = SIZES[request.param]
    return build_story(f"synthetic-{request.param}", n_articles, n_claims)


def first_diverging(story):
    return Claim.objects.filter(story=story, verdict="diverge").order_by("position").first()


# Each view's query count is a constant, the same for both story sizes. The story list,
# story page and claims fragment cache their rendered parts (the list and the story page,
# for a visitor who is not signed in, the whole page): the first request (cold) renders
# them, a repeat (warm) only checks the data they were made from is unchanged.
VIEW_QUERIES = [
    # name, queries cold, queries warm (None: not cached), url, headers
    ("story list", 3, 1, lambda s: reverse("story_list"), {}),
    ("story list search", 3, 1, lambda s: reverse("story_list") + "?q=outlet", {}),
    # the story page loads the claims nested in its rows: one more query when there are some;
    # and its latest run and people's decisions on the story (cached in the whole page only)
    ("story page", 13, 1, lambda s: reverse("story", args=[s.slug]), {}),
    (
        "story page filtered",
        12,
        1,
        lambda s: (
            reverse("story", args=[s.slug])
            + "?verdict=agree&kind=date&outlet="
            + s.articles.order_by("id").first().outlet.name
        ),
        {},
    ),
    (
        "story page left out by",
        12,
        1,
        lambda s: (
            reverse("story", args=[s.slug])
            + "?omitted_by="
            + s.articles.order_by("id").first().outlet.name
        ),
        {},
    ),
    (
        "claims fragment",
        5,
        1,
        lambda s: reverse("story_claims", args=[s.slug]) + "?verdict=diverge",
        {"HTTP_HX_REQUEST": "true"},
    ),
    ("claim page", 6, None, lambda s: reverse("claim", args=[s.slug, first_diverging(s).id]), {}),
    (
        "article page",
        4,
        None,
        lambda s: reverse("article", args=[s.slug, s.articles.order_by("id").last().id]),
        {},
    ),
    (
        "progress",
        2,
        None,
        lambda s: reverse("story_progress", args=[s.slug]),
        {"HTTP_HX_REQUEST": "true"},
    ),
    ("export json", 5, None, lambda s: reverse("story_export", args=[s.slug, "json"]), {}),
    ("export csv", 5, None, lambda s: reverse("story_export", args=[s.slug, "csv"]), {}),
    (
        "story timeline",
        4,  # plus one for the claims' names when some moved (the synthetic story has none)
        1,
        lambda s: reverse("story_timeline", args=[s.slug]),
        {"HTTP_HX_REQUEST": "true"},
    ),
]


@pytest.mark.parametrize(
    "name,cold,warm,url,headers", VIEW_QUERIES, ids=[v[0] for v in VIEW_QUERIES]
)
def test_it_runs_a_constant_number_of_queries(
    client, story, django_assert_num_queries, name, cold, warm, url, headers
):
    address = url(story)
    with django_assert_num_queries(cold):
        first = client.get(address, **headers)
    assert first.status_code in (200, 286)
    with django_assert_num_queries(warm if warm is not None else cold):
        again = client.get(address, **headers)
    assert without_csrf_token(again.content) == without_csrf_token(first.content)


def test_a_cached_page_carries_each_visitors_own_csrf_token(story):
    from django.middleware.csrf import _unmask_cipher_token
    from django.test import Client

    secrets = set()
    for visitor in (Client(), Client()):
        response = visitor.get(reverse("story", args=[story.slug]))
        token = re.search(rb'"X-CSRFToken": "([^"]*)"', response.content).group(1).decode()
        assert _unmask_cipher_token(token) == response.cookies["csrftoken"].value
        secrets.add(response.cookies["csrftoken"].value)
    assert len(secrets) == 2


def test_the_story_page_shows_new_claims_once_an_index_finishes(client, story):
    from django.utils import timezone

    address = reverse("story", args=[story.slug])
    client.get(address)
    Claim.objects.filter(story=story).update(verdict=Claim.Verdict.UNIQUE)
    IndexRun.objects.create(story=story, state=IndexRun.State.DONE, finished_at=timezone.now())
    response = client.get(address)
    assert response.context["counts"]["verdict"] == {
        "unique": Claim.objects.filter(story=story).count()
    }


def test_the_story_list_shows_a_new_story_at_once(client, story):
    client.get(reverse("story_list"))
    build_story("newcomer", 3, 5)
    assert "Synthetic story newcomer" in client.get(reverse("story_list")).content.decode()


def without_csrf_token(html: bytes) -> bytes:
    """The page minus its CSRF token, which Django masks afresh on every response."""
    return re.sub(rb'"X-CSRFToken": "[^"]*"', b"", html)


def test_it_lists_stories_with_their_figures(client):
    build_story("figures", 10, 30)
    response = client.get(reverse("story_list"))
    row = response.content.decode()
    assert "Synthetic story figures" in row
    story = response.context["page"].object_list[0]
    # Every fifth article is a wire copy of the one before: 10 articles, 8 independent sources.
    assert (story.n_articles, story.n_outlets, story.n_sources) == (10, 10, 8)
    assert (story.n_diverge, story.n_agree, story.n_unique) == (3, 12, 15)
    assert story.run_state == "done" and story.last_indexed is not None


def test_the_story_page_counts_no_outlet_for_articles_without_one(client):
    """The summary counts outlets as the story list does: an article of unknown outlet is
    not one more outlet called "unknown"."""
    story = build_story("no-outlet", 4, 8)
    first, second = story.articles.order_by("external_id")[:2]
    Article.objects.filter(pk__in=[first.pk, second.pk]).update(outlet=None)
    summary = re.sub(r"\s+", " ", client.get(reverse("story", args=[story.slug])).content.decode())
    assert "4 articles from 2 outlets (2 of unknown outlet)," in summary
    story = build_story("no-outlet-at-all", 4, 8)
    story.articles.update(outlet=None)
    summary = re.sub(r"\s+", " ", client.get(reverse("story", args=[story.slug])).content.decode())
    assert "4 articles (outlet unknown)," in summary


def test_it_searches_titles_and_outlets(client):
    build_story("alpha", 3, 5)
    build_story("beta", 3, 5)
    by_title = client.get(reverse("story_list"), {"q": "story alpha"}).context["page"].object_list
    by_outlet = (
        client.get(reverse("story_list"), {"q": "beta outlet 002"}).context["page"].object_list
    )
    assert [s.slug for s in by_title] == ["alpha"]
    assert [s.slug for s in by_outlet] == ["beta"]


def test_it_paginates_the_story_list(client):
    for i in range(23):
        Story.objects.create(slug=f"story-{i:02d}")
    first = client.get(reverse("story_list"))
    second = client.get(reverse("story_list"), {"page": 2})
    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == Story.objects.count() - 20
    assert 'href="?page=2"' in first.content.decode()


def test_it_swaps_the_claims_fragment_and_pushes_the_page_url(client):
    story = build_story("filters", 5, 100)
    response = client.get(
        reverse("story_claims", args=[story.slug]),
        {"verdict": "agree", "page": 2},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="claims"')
    assert "<html" not in html
    assert response["HX-Push-Url"] == f"/stories/{story.slug}/?verdict=agree&page=2"
    assert {row.claim.verdict for row in response.context["rows"]} == {"agree"}


def test_it_sends_a_plain_request_for_the_fragment_to_the_full_page(client):
    story = build_story("plain", 5, 10)
    response = client.get(reverse("story_claims", args=[story.slug]), {"kind": "date"})
    assert response.status_code == 302
    assert response["Location"] == f"/stories/{story.slug}/?kind=date"


def test_it_ignores_unknown_filter_values(client):
    story = build_story("unknown-filters", 5, 10)
    response = client.get(
        reverse("story", args=[story.slug]),
        {"verdict": "<b>", "outlet": "nobody", "omitted_by": "<script>"},
    )
    assert response.context["filters"] == {
        "verdict": "",
        "kind": "",
        "outlet": "",
        "omitted_by": "",
    }
    assert response.context["page"].paginator.count == 10


def test_it_polls_progress_until_the_run_ends(client):
    story = build_story("progress", 3, 5)
    run = IndexRun.objects.create(
        story=story, state=IndexRun.State.RUNNING, progress_done=3, progress_total=12
    )
    url = reverse("story_progress", args=[story.slug])
    running = client.get(url, HTTP_HX_REQUEST="true")
    assert running.status_code == 200
    assert 'hx-trigger="every 1s"' in running.content.decode()
    assert 'value="25"' in running.content.decode()

    run.state, run.error = IndexRun.State.FAILED, "RuntimeError: <b>disk full</b>"
    run.save()
    failed = client.get(url, HTTP_HX_REQUEST="true")
    assert failed.status_code == 286
    assert "hx-trigger" not in failed.content.decode()
    assert "RuntimeError: &lt;b&gt;disk full&lt;/b&gt;" in failed.content.decode()


def test_it_exports_the_same_files_as_the_export_command(client):
    story = build_story("export", 5, 12)
    as_json = client.get(reverse("story_export", args=[story.slug, "json"]))
    as_csv = client.get(reverse("story_export", args=[story.slug, "csv"]))
    assert json.loads(as_json.content) == export_story(story)
    assert as_csv.content.decode() == export_story_csv(story)
    assert as_csv["Content-Disposition"] == 'attachment; filename="export.csv"'
    assert client.get(reverse("story_export", args=[story.slug, "xml"])).status_code == 404


def test_it_returns_404_for_a_claim_of_another_story(client):
    one, other = build_story("one", 3, 4), build_story("other", 3, 4)
    claim = Claim.objects.filter(story=other).first()
    assert client.get(reverse("claim", args=[one.slug, claim.id])).status_code == 404


def test_it_shows_each_storys_indexing_state_in_the_list(client):
    running = build_story("running", 3, 4)
    IndexRun.objects.create(
        story=running, state=IndexRun.State.RUNNING, progress_done=5, progress_total=20
    )
    failed = build_story("failed", 3, 4)
    IndexRun.objects.create(
        story=failed, state=IndexRun.State.FAILED, error="ValueError: <no text>"
    )
    html = client.get(reverse("story_list")).content.decode()
    assert '<progress max="20" value="5">' in html
    assert 'failed: <span class="error">ValueError: &lt;no text&gt;</span>' in html


def test_it_shows_a_story_that_has_no_articles_yet(client):
    story = Story.objects.create(slug="empty", title="Nothing yet")
    for url in (reverse("story", args=[story.slug]), reverse("story_list")):
        assert client.get(url).status_code == 200
    html = client.get(reverse("story", args=[story.slug])).content.decode()
    assert "No claims yet" in html


def test_a_missing_story_gets_a_page_with_the_way_back(client):
    response = client.get(reverse("story", args=["no-such-story-made-up"]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Not found</h1>" in page and f'href="{reverse("story_list")}"' in page


def test_it_shows_an_outlets_own_wording_beside_it_on_a_dispute_card(client):
    story = build_story("wording", 6, 20)
    claim = first_diverging(story)
    members = list(claim.members.select_related("sentence"))
    by_value = {}
    for m in members:
        typed = [v for v in m.values if v.get("type") == "date"]
        if typed:
            by_value.setdefault(typed[0].get("normalized"), []).append(m)
    shared = next(ms for ms in by_value.values() if len(ms) > 1)
    # a hedged wording first, as one outlet wrote it: the side still reads as the value
    reworded, written = shared[0], next(v["text"] for v in shared[1].values if v["type"] == "date")
    reworded.values = [
        dict(v, text="about " + v["text"]) if v.get("type") == "date" else v
        for v in reworded.values
    ]
    reworded.save(update_fields=["values"])
    page = client.get(reverse("claim", args=[story.slug, claim.id])).content.decode()
    assert f'<strong class="side-value">{written}</strong>' in page
    assert f'<q class="wording">about {written}</q>' in page
