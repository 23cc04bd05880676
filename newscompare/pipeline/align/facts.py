"""Fact claims: one typed fact (a count of one concept, a sum of money, a date, a length of
time, a quote) linked across articles whose sentences are related, each article's best match
only (mutual best), so a sentence that states two facts joins two claims. A fact told in a
clause of a sentence (a relative or coordinated clause) is also matched by that clause's words.
Two sentences whose figures of that kind are apart are never in one fact claim, neither linked
nor chained."""

import numpy as np

from ..same_fact import CONCEPT_CLASSES, same_quote
from .clusters import cluster
from .items import AlignedClaim
from .links import mutual_best
from .neighbours import slot_candidates
from .restatements import with_restatements
from .slots import fact_slots, same_value, values_in
from .story import Apart, Story

FACT_FLOOR = 0.40  # a shared fact links two sentences this related (mutual best per fact)
CONCEPT_FLOOR = 0.30  # ... or this related when it is a count of a named concept (killed, troops)
DATE_FLOOR = 0.58  # dates are everywhere: a date alone needs the sentences closer
SAME_VALUE_EASING = 0.15  # the same figure in two articles is evidence in itself
FACT_CHAIN_FLOOR = 0.20  # every two sentences of one fact claim at least this similar (cosine)
# (lower than links.CHAIN_FLOOR: the shared fact already ties them)


def fact_claims(story: Story) -> tuple[list[AlignedClaim], dict]:
    """Fact claims: per slot key, each article's best match among the sentences that state
    that fact (mutual best), clustered; a member whose stating clause holds no such value
    leaves, a claim of one article is none, and an article's restatements join. Returns the
    claims and (item, slot key) -> the members of the fact claim it is in."""
    items, slots, stated_in = story.items, story.slots, story.stated_in
    stating = {}  # (article, slot key) -> the items of that article stating such a fact
    for i, sl in enumerate(slots):
        for key in sl:
            stating.setdefault((items[i].article, key), []).append(i)
    claims = []
    claimed = {}  # (item, slot key) -> members of the fact claim it is in
    for key, edges in sorted(_fact_edges(story).items()):
        body = story.body(edges)
        for members in cluster(
            mutual_best(body, story.articles),
            items,
            story.vectors,
            FACT_CHAIN_FLOOR,
            Apart(story, (key,), places=True),
        ):
            # A sentence whose clause that states the claim's fact holds no such value is in
            # it by a value of another clause: it leaves.
            members = [i for i in members if stated_in.values_among(i, members, slots[i][key])]
            if len({items[i].article for i in members}) < 2:
                continue
            members = with_restatements(members, key, stating, story)
            claims.append(AlignedClaim(members, {i: slots[i][key] for i in members}, key))
            claimed.update({(i, key): set(members) for i in members})
    return claims, claimed


def _fact_edges(story: Story) -> dict[str, list[tuple]]:
    """Per slot key, the related sentence pairs that both state that fact, with their score:
    a value links only through the clause the two sentences share, the same quote links with
    a bonus, and the same figure eases the floor."""
    slots, stated_in = story.slots, story.stated_in
    by_slot = {key: [] for key in {k for sl in slots for k in sl}}
    for key, pairs in _fact_candidates(story).items():
        for a, b, cosine in pairs:
            # A value links only through the clause the two sentences share: a date in one's
            # main clause is no date of the fact its relative clause shares with the other.
            va = stated_in.values(a, [b], slots[a][key])
            vb = stated_in.values(b, [a], slots[b][key])
            if not va or not vb:
                continue
            s = story.score(a, b, cosine)
            # (The cheap tests first: a pair below the floor even with the easing is no
            # edge, whatever its values.)
            floor = -np.inf if key == "quote" else _fact_floor(key, va + vb)
            if s + SAME_VALUE_EASING < floor or all(
                story.values_apart(a, x, b, y) for x in va for y in vb
            ):
                continue
            if key == "quote":
                if any(same_quote(x, y) for x in va for y in vb):
                    by_slot[key].append((a, b, s + 1.0))
            else:
                # The same figure in two articles is evidence in itself: it counts towards
                # the floor and towards which sentence is an article's best match.
                # (Not for two dates that are each their paper's own day: in a story,
                # most sentences happened "on Friday".)
                if same_value(va, vb) and not (
                    key == "date" and _on_publication_day(va) and _on_publication_day(vb)
                ):
                    s += SAME_VALUE_EASING
                if s >= floor:
                    by_slot[key].append((a, b, s))
    return by_slot


def _fact_candidates(story: Story) -> dict[str, list[tuple]]:
    """{slot key: [(a, b, cosine)]}: the sentences closest to each sentence among those that
    state a fact of that kind (slot_candidates), and those closest to each of its clause items
    that holds such a value, at the clause's cosine when it is the higher: a fact told in a
    relative or coordinated clause (", where the budget is to be voted on Thursday") finds its
    other tellings by the clause's words, which the rest of the sentence drowns. Each pair of
    sentences once."""
    items, n = story.items, story.n
    found = slot_candidates(story.slots, story.vectors, story.articles)
    asking = {
        k: fact_slots(values_in(items[items[k].part_of].values, items[k].span))
        for k in range(n, len(items))
    }
    by_clause = slot_candidates(
        story.slots, story.vectors, story.articles, asking={k: s for k, s in asking.items() if s}
    )
    for key, pairs in by_clause.items():
        best = {(a, b): c for a, b, c in found.get(key, ())}
        for j, k, c in pairs:  # (j a sentence, k a clause item: k > j)
            pair = tuple(sorted((j, items[k].part_of)))
            if best.get(pair, -np.inf) < c:
                best[pair] = c
        found[key] = [(a, b, c) for (a, b), c in best.items()]
    return found


def _fact_floor(key: str, values=()) -> float:
    # (Two starts of a run, "since October" / "since October 23", are dates like any other;
    # a start against a length so far is a fact like a length.)
    if key == "date" or (key == "span" and all(v["type"] == "date" for v in values)):
        return DATE_FLOOR
    if key.startswith("number:") and key[7:] in {c[:5] for c in CONCEPT_CLASSES}:
        return CONCEPT_FLOOR  # "killed", "missing", "troops": the concept itself is strong evidence
    return FACT_FLOOR


def _on_publication_day(dates) -> bool:
    return all(d.get("publication_day") for d in dates)
