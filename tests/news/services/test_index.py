"""The domain's writes for a story's index (services/index.py: replace_index) and reviewers'
decisions carried over to it (services/reviews.py: review_claim), on claims made up here: no
pipeline runs."""

import pytest

from newscompare.lib.texthash import normalized_text_hash
from newscompare.news import services
from newscompare.news.models import Claim, ClaimReview, Sentence
from newscompare.news.records import ArticleRecord, ClaimRecord
from newscompare.news.verdicts import Verdict

pytestmark = pytest.mark.django_db

TEXTS = {
    "a1": "The ferry carried 120 passengers. It left the harbour at dawn.",
    "a2": "The ferry carried 140 passengers. Rain fell all morning.",
}


def story_with_articles():
    story = services.get_or_create_story("made-up-ferry")
    for key, text in TEXTS.items():
        services.add_article(story, ArticleRecord(source=key, external_id=key, text=text))
    return story, list(story.articles.order_by("id"))


def sentences_of(articles) -> list[Sentence]:
    out = []
    for article in articles:
        for position, text in enumerate(article.text.split(". ")):
            s = Sentence(article=article, position=position, char_start=0, char_end=len(text))
            s.text, s.values, s.text_hash = text, [], normalized_text_hash(text)
            out.append(s)
    return out


def index(story, articles, verdict: Verdict, with_third: bool = False):
    sentences = sentences_of(articles)
    carried = [s for s in sentences if s.position == 0]
    claims = [ClaimRecord(carried, "number", verdict, f"{verdict} on the count", 2)]
    if with_third:
        claims.append(ClaimRecord([sentences[1]], "event", Verdict.UNIQUE, "only a1", 1))
    groups = {a.id: a.id for a in articles}
    return services.replace_index(
        story, None, articles, sentences, groups, claims, "test-version", "test-model"
    )


def test_replace_index_writes_claims_in_order_with_their_members():
    story, articles = story_with_articles()
    index(story, articles, Verdict.DIVERGE, with_third=True)
    claims = list(Claim.objects.filter(story=story).order_by("position"))
    assert [c.verdict for c in claims] == [Verdict.DIVERGE, Verdict.UNIQUE]
    assert claims[0].members.count() == 2 and claims[0].member_key
    assert {a.pipeline_version for a in story.articles.all()} == {"test-version"}


def test_a_second_index_records_what_changed():
    story, articles = story_with_articles()
    index(story, articles, Verdict.DIVERGE, with_third=True)
    diff = index(story, articles, Verdict.AGREE)
    assert [c["previous_verdict"] for c in diff.verdict_changed] == [Verdict.DIVERGE]
    assert len(diff.removed) == 1 and not diff.added


def test_a_confirmed_verdict_that_changes_is_flagged_for_another_look():
    story, articles = story_with_articles()
    index(story, articles, Verdict.DIVERGE)
    claim = Claim.objects.get(story=story)
    services.review_claim(claim, ClaimReview.Decision.CONFIRM, "", "checked", "rita")
    index(story, articles, Verdict.AGREE)
    review = ClaimReview.objects.get(story=story)
    assert review.claim == Claim.objects.get(story=story)
    assert review.needs_another_look and "changed from diverge to agree" in review.flag_reason
