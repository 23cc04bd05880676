"""Align a tiny story the way the runner does (sentences and their clauses), with the real MiniLM."""

import datetime as dt

from newscompare.pipeline import align, embed
from newscompare.pipeline.values import extract_article_values

PUBLISHED = dt.date(2020, 3, 4)


def claims_of(articles: list[list[str]]) -> list[tuple[set, str]]:
    """The claims of a story given as sentences per article: (members as a set of (article,
    sentence), slot) each."""
    items, keys = [], []
    for a, sentences in enumerate(articles):
        for s, vals in zip(sentences, extract_article_values(sentences, PUBLISHED)):
            items.append(align.Item(article=a, values=vals, text=s))
            keys.append((a, s))
    aligned = align.align_claims(
        *align.with_clauses(
            items, embed.embed_sentences([s for _, s in keys]), embed.embed_sentences
        )
    )
    return [({keys[i] for i in c.members}, c.slot) for c in aligned]
