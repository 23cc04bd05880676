"""A story's claims as a function of its segmented and embedded sentences: wire groups,
alignment, a verdict for each claim, and the order the story shows them in. No queries and
no writes here: the runner reads the articles and fills the caches, news.services writes
the result."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from newscompare.news.records import ClaimRecord

from . import align, rows, segment, syndication, verdict
from .align.clauses import with_clauses
from .align.items import AlignedClaim, Item
from .align.slots import values_in


@dataclass
class StoryClaims:
    groups: dict[int, int]  # article id -> its wire group (copies of one text share one)
    claims: list[ClaimRecord]  # in the order the story shows them


def story_claims(
    articles: list,
    content: list,
    vectors: np.ndarray,
    embed_texts: Callable[[list[str]], np.ndarray],
    nearest: Callable | None = None,
) -> StoryClaims:
    """The claims of a story's articles. `content`: their sentences that are not boilerplate,
    in article order, with their values; `vectors`: one row per content sentence;
    `embed_texts`: vectors for clause texts; `nearest`: the sentence-candidate search
    (align.align_claims'; the runner passes candidates.nearest_pairs)."""
    groups = syndication.wire_groups({a.id: a.text for a in articles})
    claims = align.align_claims(
        *with_clauses(_items(content), vectors, embed_texts), nearest=nearest
    )
    labels = {a.id: a.external_id for a in articles}
    judged = _one_claim_per_dispute(
        _judged(claims, content, groups, labels), content, groups, labels
    )
    judged.sort(key=lambda cj: (*verdict.display_key(cj[1]), cj[0].members[0]))
    placed = rows.one_row_per_fact([_fact(claim, j, content) for claim, j in judged])
    return StoryClaims(
        groups,
        [
            ClaimRecord(
                members=[content[i] for i in claim.members],
                kind=j.kind,
                verdict=j.verdict,
                explanation=row.fact.explanation,
                independent_sources=j.independent_sources,
                member_values=_shown_values(claim, j, content),
                narrows=row.narrows,
            )
            for row in placed
            for claim, j in [row.fact.payload]
        ],
    )


def _items(content: list) -> list[Item]:
    """The content sentences as alignment sees them; an article's first sentence is its
    headline when it looks like one."""
    first = {}
    for s in content:
        first.setdefault(s.article.id, s)
    return [
        Item(
            article=s.article.id,
            values=s.values,
            text=s.text,
            headline=s is first[s.article.id] and segment.looks_like_headline(s.text),
            published=s.article.published_on,
        )
        for s in content
    ]


def _judged(
    claims: list[AlignedClaim], content: list, groups: dict[int, int], labels: dict
) -> list[tuple]:
    """(claim, judgement) for each aligned claim: its members (an article's label, its wire
    group as its source, the values the claim is about) judged by verdict.judge_claim."""
    judged = []
    for claim in claims:
        members = [
            verdict.Member(
                label=labels[content[i].article.id],
                source=groups[content[i].article.id],
                values=content[i].values,
                text=content[i].text,
                focus=claim.focus.get(i),
                published=content[i].article.published_on,
            )
            for i in claim.members
        ]
        judged.append((claim, verdict.judge_claim(members, one_fact=bool(claim.slot))))
    return judged


def _one_claim_per_dispute(judged: list[tuple], content: list, groups: dict, labels: dict) -> list:
    """Nothing shown twice: a claim whose dispute another claim already shows joins it: a quote
    whose dispute is a figure changed inside it that a claim of figures disputes
    (verdict.repeats_dispute), a second dispute between figures of one fact that shares a
    figure with the first (verdict.disputes_one_figure), or between the same two counts of
    one thing told under another concept (verdict.disputes_one_count). Its sentences become
    members of the other claim (about all their values) and the claim is judged again, so
    its card shows each outlet's figure once."""
    out = list(judged)
    for guest in judged:
        if not _names_dispute(guest[1]) or guest not in out:
            continue  # no host to scan for: _repeats holds only for a claim naming a dispute
        host = next((h for h in out if h is not guest and _repeats(guest[1], h[1])), None)
        if host is None:
            continue
        out.remove(guest)
        claim = host[0]
        joined = AlignedClaim(
            members=sorted(set(claim.members) | set(guest[0].members)),
            focus=dict(claim.focus),
            slot=claim.slot,
            through=dict(claim.through),
        )
        out[out.index(host)] = _judged([joined], content, groups, labels)[0]
    return out


def _names_dispute(judgement) -> bool:
    """The claim names one dispute (a conflict that is no span): the only kind _repeats joins."""
    return judgement.conflict is not None and not judgement.conflict.span


def _repeats(guest, host) -> bool:
    """Each test holds only between two claims that name a dispute (_names_dispute)."""
    return (
        verdict.repeats_dispute(guest, host)
        or verdict.disputes_one_figure(guest, host)
        or verdict.disputes_one_count(guest, host)
    )


def _fact(claim: AlignedClaim, judgement, content: list) -> rows.Fact:
    """A judged claim as the rows step sees it: sentences as a reader tells them apart (the
    same text twice in one article is one sentence), each with the values it is about."""
    focus = {}
    for i in claim.members:
        about = claim.focus.get(i)
        focus[(content[i].article.id, content[i].text_hash)] = (
            content[i].values if about is None else about
        )
    return rows.Fact(
        tuple(sorted(focus)),
        judgement.kind,
        judgement.verdict,
        judgement.explanation,
        focus=focus,
        payload=(claim, judgement),
    )


def _shown_values(claim: AlignedClaim, judgement, content: list) -> list | None:
    """The member values a claim stores: each member's own (see _member_values), and in a
    diverging claim the values of the disputed fact marked ``about`` (verdict.mark_disputed),
    so its card and row show that fact's values only."""
    own = _member_values(claim, content)
    if judgement.conflict is None:
        return own
    base = [
        content[i].values if own is None or own[n] is None else own[n]
        for n, i in enumerate(claim.members)
    ]
    return [
        verdict.mark_disputed(values, judgement.conflict, claim.focus.get(i), content[i].text)
        for values, i in zip(base, claim.members, strict=True)
    ]


def _member_values(claim: AlignedClaim, content: list) -> list | None:
    """Per member, the values of the clause it is in the claim through (what the claim is
    about in it; None for a member in it as a whole); None when no member is in it so."""
    if not claim.through:
        return None
    return [
        values_in(content[i].values, claim.through[i]) if i in claim.through else None
        for i in claim.members
    ]
