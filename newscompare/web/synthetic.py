"""Synthetic stories of any size, written straight to the database with bulk_create (no
model, no pipeline), for the dashboard's query-count tests and its render benchmark."""

from django.utils import timezone

from newscompare.news.models import Article, Claim, ClaimMember, IndexRun, Outlet, Sentence, Story
from newscompare.news.verdicts import Verdict

KINDS = ["date", "number", "quote", "event", "duration", "other"]
VALUES = {
    "date": [
        {"type": "date", "text": "March 2014", "normalized": "2014-03"},
        {"type": "date", "text": "April 2014", "normalized": "2014-04"},
    ],
    "number": [
        {"type": "number", "text": "240,000", "normalized": "240000", "value": 240000.0},
        {"type": "number", "text": "250,000", "normalized": "250000", "value": 250000.0},
    ],
    "quote": [
        {
            "type": "quote",
            "text": "we seek common ground",
            "normalized": "we seek common ground",
            "speaker": "Kerry",
        },
        {
            "type": "quote",
            "text": "we seek common ground",
            "normalized": "we seek common ground",
            "speaker": "Carter",
        },
    ],
    "duration": [
        {"type": "duration", "text": "18 months", "normalized": "18 month", "seconds": 46656000.0},
        {"type": "duration", "text": "two years", "normalized": "2 year", "seconds": 63072000.0},
    ],
    "event": [{"type": "entity", "text": "Moscow", "normalized": "moscow"}] * 2,
    "other": [],
}


def build_story(slug: str, n_articles: int, n_claims: int, members_per_claim: int = 4) -> Story:
    """A story of n_articles articles (one outlet each, every fifth a wire copy of the one
    before) and n_claims claims: one in ten diverges, four agree, five are unique."""
    story = Story.objects.create(slug=slug, title=f"Synthetic story {slug}")
    articles = _articles(story, slug, n_articles)
    plan = _plan(n_claims, n_articles, members_per_claim)
    by_key = _sentences(articles, plan)
    claims = _claims(story, plan, min(members_per_claim, n_articles))
    _members(claims, articles, plan, by_key)
    IndexRun.objects.create(
        story=story,
        state=IndexRun.State.DONE,
        progress_done=len(by_key),
        progress_total=len(by_key),
        finished_at=timezone.now(),
    )
    return story


def _articles(story: Story, slug: str, n_articles: int) -> list[Article]:
    outlets = Outlet.objects.bulk_create(
        [Outlet(name=f"{slug} outlet {i:03d}") for i in range(n_articles)]
    )
    published = timezone.now()
    return Article.objects.bulk_create(
        [
            Article(
                story=story,
                outlet=outlets[i],
                external_id=f"{i:03d}",
                title=f"Article {i} of {slug}",
                url=f"https://example.org/{slug}/{i}",
                published_at=published,
                published_on=published.date(),
                text="",
                text_hash=f"{slug}-{i}",
                wire_group=i - 1 if i % 5 == 4 else i,
            )
            for i in range(n_articles)
        ]
    )


def _plan(n_claims: int, n_articles: int, members_per_claim: int) -> list[tuple]:
    """(claim index, article index, kind, verdict, value) for every claim member."""
    plan = []
    for c in range(n_claims):
        verdict = (
            Verdict.DIVERGE if c % 10 == 0 else Verdict.AGREE if c % 10 < 5 else Verdict.UNIQUE
        )
        kind = KINDS[c % len(KINDS)] if verdict != Verdict.DIVERGE else KINDS[c // 10 % 4]
        width = 1 if verdict == Verdict.UNIQUE else min(members_per_claim, n_articles)
        for j in range(width):
            a = (c * 7 + j) % n_articles
            value = (
                VALUES[kind][j % 2 if verdict == Verdict.DIVERGE else 0] if VALUES[kind] else None
            )
            plan.append((c, a, kind, verdict, value))
    return plan


def _sentences(articles: list[Article], plan: list[tuple]) -> dict:
    """One sentence per claim member, in each article's order; the articles' texts are their
    sentences. Returns {(article id, position): sentence}."""
    per_article = {}
    for c, a, *_ in plan:
        per_article.setdefault(a, []).append(c)
    sentences, texts = [], {}
    for a, claim_ids in per_article.items():
        parts, pos = [], 0
        for position, c in enumerate(claim_ids):
            text = f"Sentence {position} of article {a} states claim {c}, reported in March 2014."
            sentences.append(
                Sentence(
                    article=articles[a],
                    position=position,
                    char_start=pos,
                    char_end=pos + len(text),
                    text=text,
                )
            )
            parts.append(text)
            pos += len(text) + 1
        texts[a] = " ".join(parts)
    for a, article in enumerate(articles):
        article.text = texts.get(a, "Nothing here.")
    Article.objects.bulk_update(articles, ["text"], batch_size=500)
    sentences = Sentence.objects.bulk_create(sentences, batch_size=1000)
    return {(s.article_id, s.position): s for s in sentences}


def _claims(story: Story, plan: list[tuple], sources: int) -> list[Claim]:
    return Claim.objects.bulk_create(
        [
            Claim(
                story=story,
                position=c,
                kind=kind,
                verdict=verdict,
                pipeline_version="synthetic",
                explanation=(
                    f"{c} says one thing; another says something else"
                    if verdict == Verdict.DIVERGE
                    else f"Claim {c} is {verdict}."
                ),
                independent_sources=1 if verdict == Verdict.UNIQUE else sources,
            )
            for c, kind, verdict in dict.fromkeys(
                (c, kind, verdict) for c, _, kind, verdict, _ in plan
            )
        ],
        batch_size=1000,
    )


def _members(claims: list[Claim], articles: list[Article], plan: list[tuple], by_key: dict):
    next_position = {}
    members = []
    for c, a, _kind, _verdict, value in plan:
        position = next_position.get(a, 0)
        next_position[a] = position + 1
        members.append(
            ClaimMember(
                claim=claims[c],
                sentence=by_key[(articles[a].id, position)],
                values=[value] if value else [],
            )
        )
    ClaimMember.objects.bulk_create(members, batch_size=1000)
