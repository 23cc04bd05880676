"""What joins a claim after its links, because it says the claim's fact or event again: an
article's restatement of a fact claim's value, its retelling of an event claim's event, a
sentence that members of enough outlets link to (supported), and headlines (with decks),
which restate their article's body."""

import numpy as np

from .clusters import apart_from, cluster
from .items import AlignedClaim
from .links import CHAIN_FLOOR, MUTUAL_FLOOR, mutual_best
from .neighbours import candidate_pairs
from .slots import same_value
from .story import Story

RESTATEMENT = 0.60  # a second sentence of one article restating the claim's fact and value
# (this close to some member: its own article's or another outlet's telling of the fact)
SUPPORTED = 3  # articles of an event claim whose members a sentence links to (ECB+ 1-11)
HEADLINE_RESTATES = 0.50  # a headline restates body sentences this similar (ECB+ topics 1-11)


def with_restatements(members, key, stating, story: Story) -> list[int]:
    """Add the other sentences of the claim's articles that restate its fact with the same
    value: the headline, or a later sentence repeating the figure and close (RESTATEMENT) to
    some member. Not only to its own article's member: an article tells a toll twice in other
    words ("a firebomb attack killed three people" / "police said two women and one man
    died"), and the second telling is often the one another outlet's sentence echoes."""
    items, slots, vectors = story.items, story.slots, story.vectors
    inside = set(members)
    same = {  # the article's other sentences stating the claim's value: headlines join at once
        i
        for rep in members
        for i in stating.get((items[rep].article, key), ())
        if i not in inside and same_value(slots[i][key], slots[rep][key])
    }
    out = [i for i in same if items[i].headline]
    rest = sorted(same - set(out)) if key != "date" else []
    if rest:  # (one product: a claim of a large story has many members)
        closest = (vectors[rest] @ vectors[members].T).max(axis=1)
        out += [i for i, c in zip(rest, closest.tolist(), strict=True) if c >= RESTATEMENT]
    return sorted(set(members) | set(out))


def with_retellings(claims, story: Story, focus) -> None:
    """An event claim takes in a body sentence that is in no event claim yet and tells its
    event again in an article already in it: close (RESTATEMENT) to that article's member and
    to the members of other articles, SUPPORTED articles in all, and apart from no member. An
    article tells its event more than once ("has died" / "died early Thursday in her sleep"),
    and each telling has its echoes in other outlets. (A sentence already in an event claim
    stays where the links put it: taken in again, it chained other events' sentences on tune.
    One in fact claims only is free: that it shares a figure with other outlets says nothing
    of which event it tells, "died in her sleep at 91" is both the age's claim and a telling
    of the death.) The sentence is judged on `focus(claim, sentence)`, as with_supported's."""
    items, vectors = story.items, story.vectors
    taken = {i for c in claims if not c.slot for i in c.members}
    free = {}  # article -> its body sentences in no event claim
    for i in range(story.n):
        if i not in taken and not story.headlines[i]:
            free.setdefault(items[i].article, []).append(i)
    for c in claims:
        members = [i for i in c.members if i < story.n and not story.headlines[i]]
        arts = {items[i].article for i in members}
        if c.slot or len(arts) < 2:
            continue
        candidates = [x for a in sorted(arts) for x in free.get(a, ()) if x not in c.members]
        if not candidates:
            continue
        sims = (vectors[candidates] @ vectors[members].T).tolist()
        added = []
        for x, row in zip(candidates, sims, strict=True):
            close = {
                items[m].article for m, s in zip(members, row, strict=True) if s >= RESTATEMENT
            }
            if (
                items[x].article in close
                and len(close) >= SUPPORTED
                and not apart_from(x, c.members, story.other_events)
            ):
                added.append(x)
        c.members = sorted(c.members + added)
        for x in added:
            c.focus[x] = focus(c, x)


def with_supported(claims, edges, items, vectors, focus, apart=None) -> None:
    """An event claim takes in a sentence of an article it does not have yet that links
    (MUTUAL_FLOOR) to its members of at least SUPPORTED articles and is at least loosely
    related to every member (CHAIN_FLOOR): several outlets' sentences of the claim are each
    the match of that one (each sentence links to at most one per article, so wider claims
    otherwise split). Repeated while a claim grows; one sentence per article, the closest.
    It is judged on `focus(claim, sentence)`: the values of its clause that states the claim's
    fact."""
    linked = {}
    for a, b, s in edges:
        if s >= MUTUAL_FLOOR:
            linked.setdefault(a, set()).add(b)
            linked.setdefault(b, set()).add(a)
    for c in claims:
        if c.slot or len({items[i].article for i in c.members}) < 2:
            continue
        while True:
            members, arts = set(c.members), {items[i].article for i in c.members}
            best = {}  # article -> (mean similarity to the members, sentence)
            for x in {x for i in c.members for x in linked.get(i, ())} - members:
                if items[x].article in arts:
                    continue
                # (A member in the claim through a clause supports no sentence as a whole.)
                support = {items[i].article for i in linked[x] & members if i not in c.through}
                sims = vectors[c.members] @ vectors[x]
                if (
                    len(support) >= SUPPORTED
                    and float(sims.min()) >= CHAIN_FLOOR
                    and not apart_from(x, c.members, apart)
                ):
                    best[items[x].article] = max(
                        best.get(items[x].article, (-1.0, x)), (float(sims.mean()), x)
                    )
            if not best:
                break
            for _, x in best.values():
                c.members = sorted(c.members + [x])
            for _, x in best.values():
                c.focus[x] = focus(c, x)


def with_headlines(claims, titles, items, vectors, score, apart=None) -> list[AlignedClaim]:
    """A headline restates its article's body. It joins the claims of the body sentences of its
    article it is similar to (at least HEADLINE_RESTATES, and at least loosely related to every
    member of the claim), judged on nothing of its own (its figures are its body's).
    Headlines that join no claim so are linked with each other as sentences are (mutual best
    between two articles above MUTUAL_FLOOR); returns the claims those links make."""
    wide = [c for c in claims if len({items[i].article for i in c.members}) > 1]
    body = {}
    for i, it in enumerate(items):
        if not it.headline and it.part_of is None:
            body.setdefault(it.article, []).append(i)
    claims_of = {}  # sentence -> the wide claims it is in
    for n, c in enumerate(wide):
        for i in c.members:
            claims_of.setdefault(i, []).append(n)
    alone = []
    for h in titles:
        own = body.get(items[h].article, [])
        sims = vectors[own] @ vectors[h] if own else np.array([])
        restated = [i for i, x in zip(own, sims.tolist(), strict=True) if x >= HEADLINE_RESTATES]
        joined = False
        for n in sorted({n for i in restated for n in claims_of.get(i, ())}):
            c = wide[n]
            if (
                h not in c.members
                and float((vectors[_body(c.members, items)] @ vectors[h]).min()) >= CHAIN_FLOOR
                and not apart_from(h, c.members, apart)
            ):
                c.members = sorted(c.members + [h])
                c.focus[h] = []
                joined = True
        if not joined:
            alone.append(h)
    edges = []
    if len(alone) >= 2:
        arts = np.array([items[h].article for h in alone])
        edges = [
            (alone[a], alone[b], score(alone[a], alone[b], cosine))
            for a, b, cosine in candidate_pairs(vectors[alone], arts)
        ]
    links = [
        (a, b, s)
        for a, b, s in mutual_best(edges, [it.article for it in items])
        if s >= MUTUAL_FLOOR
    ]
    return [
        AlignedClaim(g, {i: list(items[i].values) for i in g})
        for g in cluster(links, items, vectors, CHAIN_FLOOR, apart)
    ]


def _body(members, items) -> list[int]:
    """The members that are no headline (a headline is compared with what it restates)."""
    return [i for i in members if not items[i].headline] or list(members)
