"""Storing articles (services/articles.py): a batch at once stores what one after another
would, on records made up here."""

import pytest

from newscompare.news import services
from newscompare.news.records import ArticleRecord

pytestmark = pytest.mark.django_db


def _outcomes(results) -> list[tuple]:
    return [(r.status, r.message.split(" in story ")[0]) for r in results]


def _stored(story) -> list[tuple]:
    rows = story.articles.order_by("external_id")
    return [
        (a.external_id, a.text, a.version, a.outlet.name if a.outlet else "", a.placement)
        for a in rows
    ]


def test_adding_many_articles_at_once_is_adding_them_one_after_another():
    # Made-up records covering each path: new, rejected, a repeat of an earlier record's
    # text and of its id (a new version), a new version of a stored article, NULs in the
    # outlet, two stories.
    def records(tag):
        return [
            ArticleRecord(
                source="1", external_id="m1", text="Gulls took the pier.", outlet="Bay\x00 Post"
            ),
            ArticleRecord(source="2", external_id="m2", text=""),
            ArticleRecord(source="3", external_id="m3", text="Gulls took the pier."),
            ArticleRecord(source="4", external_id="m1", text="Gulls took the whole pier."),
            ArticleRecord(source="5", external_id="old", text="The pier reopened at noon."),
            ArticleRecord(
                source="6", external_id="m6", text="A second pier closed.", outlet="Bay Post"
            ),
        ]

    outcomes, stored = [], []
    for many in (False, True):
        a = services.get_or_create_story(f"made-up-pier-{many}")
        b = services.get_or_create_story(f"made-up-harbour-{many}")
        services.add_article(b, ArticleRecord(source="0", external_id="old", text="The pier shut."))
        items = [(a if i < 4 else b, r) for i, r in enumerate(records(many))]
        if many:
            results = services.add_articles(items)
        else:
            results = [services.add_article(story, r) for story, r in items]
        outcomes.append(_outcomes(results))
        stored.append((_stored(a), _stored(b)))
    assert outcomes[0] == outcomes[1]
    assert stored[0] == stored[1]
    assert [s for s, _ in outcomes[1]] == [
        "accepted",
        "rejected",
        "skipped",
        "accepted",
        "accepted",
        "accepted",
    ]
    assert [v for _, _, v, _, _ in stored[1][0] + stored[1][1]] == [2, 1, 2]
