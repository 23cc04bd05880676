"""Align a tiny story the way the runner does (sentences and their clauses), with the real
MiniLM."""

import datetime as dt

from newscompare.pipeline import align, embed, segment, verdict
from newscompare.pipeline.align.clauses import with_clauses
from newscompare.pipeline.align.items import Item
from newscompare.pipeline.values import extract_article_values

PUBLISHED = dt.date(2020, 3, 4)


def claims_of(articles: list[list[str]]) -> list[tuple[set, str]]:
    """The claims of a story given as sentences per article: (members as a set of (article,
    sentence), slot) each."""
    items, keys = _items(articles)
    aligned = align.align_claims(
        *with_clauses(items, embed.embed_sentences([s for _, s in keys]), embed.embed_sentences)
    )
    return [({keys[i] for i in c.members}, c.slot) for c in aligned]


def judged_claims_of(articles: list[list[str]]) -> list[tuple[set, object]]:
    """The claims of a story as claims_of aligns them, each with compare's judgement (every
    article its own source): (members as a set of (article, sentence), ClaimJudgement)."""
    items, keys = _items(articles)
    aligned = align.align_claims(
        *with_clauses(items, embed.embed_sentences([s for _, s in keys]), embed.embed_sentences)
    )
    out = []
    for c in aligned:
        members = [
            verdict.Member(
                label=str(items[i].article),
                source=items[i].article,
                values=items[i].values,
                text=items[i].text,
                focus=c.focus.get(i),
            )
            for i in c.members
        ]
        out.append(({keys[i] for i in c.members}, verdict.judge_claim(members, bool(c.slot))))
    return out


def _items(articles: list[list[str]]) -> tuple[list, list]:
    """Alignment items of the story's sentences as the runner makes them (an article's first
    sentence is its headline when it looks like one), and (article, sentence) for each."""
    items, keys = [], []
    for a, sentences in enumerate(articles):
        values = extract_article_values(sentences, PUBLISHED)
        for k, (s, vals) in enumerate(zip(sentences, values, strict=True)):
            headline = k == 0 and segment.looks_like_headline(s)
            items.append(
                Item(article=a, values=vals, text=s, headline=headline, published=PUBLISHED)
            )
            keys.append((a, s))
    return items, keys
