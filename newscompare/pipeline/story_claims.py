"""A story's claims as a function of its segmented and embedded sentences: wire groups,
alignment, a verdict for each claim, and the order the story shows them in. No queries and
no writes here: the runner reads the articles and fills the caches, news.services writes
the result."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from newscompare.news.records import ClaimRecord

from . import align, segment, syndication, verdict


@dataclass
class StoryClaims:
    groups: dict[int, int]  # article id -> its wire group (copies of one text share one)
    claims: list[ClaimRecord]  # in the order the story shows them


def story_claims(
    articles: list,
    content: list,
    vectors: np.ndarray,
    embed_texts: Callable[[list[str]], np.ndarray],
) -> StoryClaims:
    """The claims of a story's articles. `content`: their sentences that are not boilerplate,
    in article order, with their values; `vectors`: one row per content sentence;
    `embed_texts`: vectors for clause texts."""
    groups = syndication.wire_groups({a.id: a.text for a in articles})
    claims = align.align_claims(*align.with_clauses(_items(content), vectors, embed_texts))
    labels = {a.id: a.external_id for a in articles}
    judged = [
        (
            claim,
            verdict.judge_claim(
                _members(claim, content, labels, groups), one_fact=bool(claim.slot)
            ),
        )
        for claim in claims
    ]
    judged.sort(key=lambda cj: (*verdict.display_key(cj[1]), cj[0].members[0]))
    return StoryClaims(
        groups,
        [
            ClaimRecord(
                members=[content[i] for i in claim.members],
                kind=j.kind,
                verdict=j.verdict,
                explanation=j.explanation,
                independent_sources=j.independent_sources,
                member_values=_member_values(claim, content),
            )
            for claim, j in judged
        ],
    )


def _items(content: list) -> list[align.Item]:
    """Alignment items of the sentences; an article's first sentence is its headline when it
    reads like one."""
    first = {}
    for s in content:
        first.setdefault(s.article.id, s)
    return [
        align.Item(
            article=s.article.id,
            values=s.values,
            text=s.text,
            headline=s is first[s.article.id] and segment.looks_like_headline(s.text),
        )
        for s in content
    ]


def _members(claim: align.AlignedClaim, content: list, labels: dict, groups: dict) -> list:
    """The claim's members as the verdict reads them: outlet label, source (wire copies
    share one), values, text and the values the claim is about."""
    return [
        verdict.Member(
            label=labels[content[i].article.id],
            source=groups[content[i].article.id],
            values=content[i].values,
            text=content[i].text,
            focus=claim.focus.get(i),
        )
        for i in claim.members
    ]


def _member_values(claim: align.AlignedClaim, content: list) -> list | None:
    """Per member, the values of the clause it is in the claim through (what the claim is
    about in it; None for a member in it as a whole); None when no member is in it so."""
    if not claim.through:
        return None
    return [
        align.values_in(content[i].values, claim.through[i]) if i in claim.through else None
        for i in claim.members
    ]
