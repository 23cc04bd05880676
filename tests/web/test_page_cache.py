"""The dashboard's page cache never shows a page older than the data: after every kind of
write (a new article, an index, a new version of an article, a reviewer's decision, a merge,
a move, a split, an edit or a deletion in the admin) the next request shows the change.
Every page is read warm first (twice, so the second answer came from the cache), by a
visitor who is not signed in: the one who gets whole pages from the cache. Writes go
through the real paths (services, the grouping and review views, the admin) and indexes
through the real pipeline, inline."""

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from newscompare.news import services
from newscompare.news.models import Article, Claim, Story
from newscompare.news.records import ArticleRecord
from newscompare.pipeline.tasks import enqueue_index

pytestmark = pytest.mark.django_db

FERRY = [  # made up: a ferry that ran aground
    (
        "f1",
        "Harbour Echo",
        "Ferry aground off Quillon Point",
        "The ferry Morwen Star ran aground off Quillon Point on Tuesday with 140 passengers "
        "aboard. Coastguard officer Ilse Varga said nobody was hurt.",
    ),
    (
        "f2",
        "Coastal Daily",
        "Passengers taken off stranded Morwen Star",
        "All 140 passengers of the Morwen Star were taken ashore after the ferry ran aground "
        "near Quillon Point on Tuesday, coastguard officer Ilse Varga said.",
    ),
]
CHOIR = [  # made up: a choir contest
    (
        "c1",
        "Valley Times",
        "Ashgrove choir wins the Lanton contest",
        "The Ashgrove Singers won the Lanton choir contest on Saturday, beating 22 other "
        "choirs. Conductor Perrin Adeyemi thanked the town of Ashgrove.",
    ),
    (
        "c2",
        "Lanton Post",
        "Ashgrove Singers take the Lanton title",
        "Conductor Perrin Adeyemi led the Ashgrove Singers to victory over 22 choirs at the "
        "Lanton contest on Saturday.",
    ),
]


def add(story, ext, outlet, title, text):
    record = ArticleRecord(
        source=ext, external_id=ext, text=text, outlet=outlet, title=title, published="2025-03-04"
    )
    result = services.add_article(story, record)
    assert result.status == "accepted", result.message
    return result.article


def indexed_story(slug, articles) -> Story:
    story = services.get_or_create_story(slug, title=slug.replace("-", " ").title())
    for row in articles:
        add(story, *row)
    enqueue_index(story)  # inline on the embedded default
    return story


def warm(*paths) -> None:
    """Read each page twice as a visitor who is not signed in: the second came from the cache."""
    visitor = Client()
    for path in paths:
        for _ in range(2):
            assert visitor.get(path).status_code == 200


def seen(path) -> str:
    response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode()


def page(story) -> str:
    return reverse("story", args=[story.slug])


LIST = reverse("story_list")


@pytest.fixture
def ferry():
    return indexed_story("ferry-aground", FERRY)


@pytest.fixture
def choir():
    return indexed_story("choir-contest", CHOIR)


def signed_in(*permissions) -> Client:
    user = User.objects.create_user("editor", password="not-used")
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client = Client()
    client.force_login(user)
    return client


def claims_shown(html: str) -> int:
    return int(re.search(r"(\d+) claims?\b", html).group(1))


def test_a_new_article_shows_at_once_and_its_claims_after_its_index(ferry):
    warm(LIST, page(ferry))
    assert "2 articles from" in seen(page(ferry))
    add(
        ferry,
        "f3",
        "Island Herald",
        "Tug frees the Morwen Star",
        "A salvage tug named Brannock pulled the Morwen Star off the rocks on Wednesday. "
        "Its captain, Odile Marsh, said the hull was intact.",
    )
    assert "3 articles from" in seen(page(ferry))
    before = claims_shown(seen(page(ferry)))  # not indexed yet: the claims of two articles
    enqueue_index(ferry)
    after = claims_shown(seen(page(ferry)))
    assert after == Claim.objects.filter(story=ferry).count() != before


def test_a_new_version_of_an_article_shows_once_indexed(ferry):
    warm(LIST, page(ferry))
    assert "150" not in seen(page(ferry))
    title, text = FERRY[0][2], FERRY[0][3].replace("140 passengers", "150 passengers")
    result = services.add_article(
        ferry, ArticleRecord(source="f1", external_id="f1", text=text, title=title)
    )
    assert "version 2" in result.message
    enqueue_index(ferry)
    assert '<strong class="side-value">150</strong>' in seen(page(ferry))  # now a dispute


def test_a_reviewers_decision_shows_at_once(ferry):
    claim = Claim.objects.filter(story=ferry).order_by("position").first()
    review_url = reverse("claim_review", args=[claim.pk])
    warm(LIST, page(ferry), review_url)
    before = seen(page(ferry))
    reviewer = signed_in("add_claimreview")
    reviewer.post(review_url, {"decision": "confirm", "note": "checked against the log book"})
    assert "checked against the log book" in seen(review_url)
    # The story page shows no reviews: the same page (but the visitor's own token).
    assert without_token(seen(page(ferry))) == without_token(before)


def without_token(html: str) -> str:
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", html)


def test_a_merge_shows_on_the_list_and_both_pages(ferry, choir):
    warm(LIST, page(ferry), page(choir))
    editor = signed_in("add_storydecision")
    grouping = reverse("story_grouping", args=[ferry.slug])
    assert editor.post(grouping, {"merge": "1", "other": choir.pk}).status_code == 200
    assert "4 articles from" in seen(page(ferry))
    assert Client().get(page(choir)).status_code == 404
    assert choir.title not in seen(LIST)


def test_a_move_shows_on_both_pages(ferry, choir):
    warm(LIST, page(ferry), page(choir))
    editor = signed_in("add_storydecision")
    moved = Article.objects.get(story=choir, external_id="c2")
    grouping = reverse("story_grouping", args=[choir.slug])
    response = editor.post(
        grouping, {"action": "move", "articles": [moved.pk], "to_story": ferry.pk}
    )
    assert response.status_code == 200
    assert "3 articles from" in seen(page(ferry))
    assert "1 article from" in seen(page(choir))


def test_a_split_shows_the_new_story_on_the_list(ferry):
    warm(LIST, page(ferry))
    editor = signed_in("add_storydecision")
    split = Article.objects.get(story=ferry, external_id="f2")
    grouping = reverse("story_grouping", args=[ferry.slug])
    response = editor.post(
        grouping, {"action": "split", "articles": [split.pk], "title": "Stranded passengers"}
    )
    assert response.status_code == 200
    assert "Stranded passengers" in seen(LIST)
    assert "1 article from" in seen(page(ferry))


def test_an_edit_and_a_deletion_in_the_admin_show_at_once(ferry):
    warm(LIST, page(ferry))
    admin = User.objects.create_superuser("admin", password="not-used")
    client = Client()
    client.force_login(admin)
    article = Article.objects.get(story=ferry, external_id="f1")  # not the newest row
    delete = reverse("admin:news_article_delete", args=[article.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert "1 article from" in seen(page(ferry))
    assert articles_listed(ferry) == 1
    change = reverse("admin:news_story_change", args=[ferry.pk])
    form = client.get(change).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data["title"] = "Ferry refloated at Quillon Point"
    assert client.post(change, data).status_code == 302
    assert "Ferry refloated at Quillon Point" in seen(LIST)


def test_an_outlet_renamed_in_the_admin_shows_at_once(ferry):
    warm(LIST, page(ferry))
    admin = User.objects.create_superuser("admin", password="not-used")
    client = Client()
    client.force_login(admin)
    outlet = Article.objects.get(story=ferry, external_id="f1").outlet
    change = reverse("admin:news_outlet_change", args=[outlet.pk])
    assert client.post(change, {"name": "Harbour Echo Weekly"}).status_code == 302
    assert "Harbour Echo Weekly" in seen(page(ferry))


def test_a_claim_deleted_in_the_admin_leaves_the_page_at_once(ferry):
    warm(LIST, page(ferry))
    before = claims_shown(seen(page(ferry)))
    admin = User.objects.create_superuser("admin", password="not-used")
    client = Client()
    client.force_login(admin)
    claim = Claim.objects.filter(story=ferry).order_by("-position").first()
    delete = reverse("admin:news_claim_delete", args=[claim.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert claims_shown(seen(page(ferry))) == before - 1


def articles_listed(story) -> int:
    """The articles column of the story's row in the story list."""
    row = seen(LIST).split(f'href="{page(story)}"', 1)[1].split("</tr>", 1)[0]
    return int(re.search(r'<td class="num">(\d+)</td>', row).group(1))


def test_a_signed_in_visitor_never_gets_a_page_cached_for_others(ferry):
    warm(LIST, page(ferry))
    editor = signed_in()
    for path in (LIST, page(ferry)):
        assert "editor" in editor.get(path).content.decode()  # their name, and Log out
        assert "Log out" not in seen(path)
