"""Event claims: sentences linked as wholes (mutual best between two articles above a floor,
or a high score on their own), for what no typed value carries; two-fact sentences matched
again for their other fact, clauses joined to the groups their clause links to, and narrower
groups of clauses. Each member is in through its stating clause and judged on what it states
beyond the fact claims that reach outside the claim; a dispute is shown once, in the widest
claim that shows it. An event claim never chains figures of two times nor events in places the
story tells apart."""

from ..verdict import compare_values
from .clauses import add_clauses, link_clauses, narrower_groups, sentences_of
from .clusters import apart_from, cluster
from .items import AlignedClaim
from .links import CHAIN_FLOOR, MUTUAL_FLOOR, best_two, edge_arrays, mutual_best
from .neighbours import clause_candidates
from .restatements import with_headlines, with_retellings, with_supported
from .slots import in_span, slot_key
from .story import Story

# A sentence link: mutual best above links.MUTUAL_FLOOR,
MARGIN_FLOOR = 0.45  # ... or above this when it beats both runners-up by MARGIN
MARGIN = 0.15
STANDALONE = 0.80  # sentence link on its own
SECOND_FACT_FLOOR = 0.62  # a two-fact sentence matched again for its other fact
QUOTE_ONLY_COSINE = (
    0.65  # tuned on seed-syria-2015 (same result 0.60-0.70; the other stories unchanged)
)


def event_claims(
    story: Story, scored: list[tuple], claims: list[AlignedClaim], claimed: dict
) -> tuple[list[AlignedClaim], set]:
    """Adds the event claims to the fact claims: each event group that is not a fact claim
    again (same sentences, same articles), each member in through its stating clause; then a
    dispute is shown only in its widest claim, sentences linked to enough of a claim's
    articles join it, and headlines join the claims they restate. Returns the claims and the
    items that are in a claim."""
    in_facts = {i for c in claims for i in c.members}
    groups = _event_groups(story, scored, claims)
    claims += _claims_of_groups(story, groups, claims, claimed)
    claims = _without_disputes_shown_wider(claims, story.items)
    _join_supported_and_retold(story, scored, claims, claimed)
    claims += with_headlines(
        claims, story.titles, story.items, story.vectors, story.score, story.other_events
    )
    return claims, in_facts | {i for c in claims for i in c.members}


def _claims_of_groups(
    story: Story, groups: list, fact_claims: list[AlignedClaim], claimed: dict
) -> list[AlignedClaim]:
    """An event claim of each group (clause items replaced by their sentences) that is not a
    fact claim again, each member in through the clause that states what the others state."""
    items, stated_in = story.items, story.stated_in
    facts_of = {}  # sentence -> the fact claims' members sets it is in
    for fs in (set(c.members) for c in fact_claims):
        for i in fs:
            facts_of.setdefault(i, []).append(fs)
    out = []
    for members, through in sentences_of(groups, items):
        # The same sentences as a fact claim (give or take a headline) add nothing; fewer
        # articles than the fact claim is a narrower claim of its own.
        arts = {items[i].article for i in members}
        if not any(
            set(members) <= fs and arts == {items[i].article for i in fs}
            for fs in facts_of.get(members[0], ())
        ):
            through.update(
                {i: stated_in.span_among(i, members) for i in members if i not in through}
            )
            out.append(
                AlignedClaim(
                    members,
                    _event_focus(members, through, items, claimed),
                    through={i: parts for i, parts in through.items() if parts},
                )
            )
    return out


def _join_supported_and_retold(
    story: Story, scored: list[tuple], claims: list[AlignedClaim], claimed: dict
) -> None:
    """Event claims take in the sentences linked to enough of their articles (with_supported)
    and their articles' retellings of their event (with_retellings), each judged on the
    values of its clause that states what the claim's members state."""
    items, stated_in = story.items, story.stated_in
    with_supported(
        claims,
        story.body(scored),
        items,
        story.vectors,
        lambda c, x: _event_focus(
            c.members, {x: stated_in.span_among(x, c.members)}, items, claimed
        )[x],
        story.other_events,
    )
    with_retellings(
        claims,
        story,
        lambda c, x: _event_focus(
            c.members, {x: stated_in.span(x, [i for i in c.members if i != x])}, items, claimed
        )[x],
    )


def _event_focus(members, through, items, claimed) -> dict:
    """{member: the values an event claim judges of it}. A sentence that is in the claim
    through one of its clauses brings only that clause's values (its main clause's date is
    no date of the clause's fact). And an event claim is judged on what its sentences state
    beyond the fact claims that reach outside it (a troop count compared across other
    sentences has its own claim and verdict; one compared only among these sentences is
    this one's)."""
    inside = set(members)

    def own(i, v):
        if through.get(i) and not in_span(v, through[i]):
            return False
        key = slot_key(v)
        return key is None or not claimed.get((i, key), set()) - inside

    return {i: [v for v in items[i].values if own(i, v)] for i in members}


def _event_groups(story: Story, scored: list[tuple], claims: list[AlignedClaim]) -> list:
    """The event groups: linked sentences clustered, two-fact sentences matched again for
    their other fact, clauses joined to the groups their sentence's clause links to, and
    narrower groups of clauses inside wider ones."""
    items, vectors = story.items, story.vectors
    body = story.body(scored)
    clause_scored = [
        (a, b, story.score(a, b, c))
        for a, b, c in clause_candidates(vectors, story.articles, story.n)
    ]
    groups = cluster(
        _event_links(story, body, claims), items, vectors, CHAIN_FLOOR, story.other_events
    )
    apart = story.other_events
    groups = _add_second_facts(groups, _second_facts(body, items, claims), items, vectors, apart)
    clause_links = link_clauses(body + clause_scored, items)
    groups = add_clauses(groups, clause_links, items, vectors, apart)
    return groups + narrower_groups(
        groups, cluster(clause_links, items, vectors, CHAIN_FLOOR, apart), items
    )


def _event_links(story: Story, body: list[tuple], claims: list[AlignedClaim]) -> list[tuple]:
    """Which body sentence pairs link as wholes: mutual best between two articles above a
    floor (or a lower floor with a margin over both runners-up), or a high score on its own;
    a pair that shares a quote's claim links only when close beyond the quote."""
    links = [
        (a, b, s)
        for a, b, s, margin in mutual_best(body, story.articles, with_margin=True)
        if s >= MUTUAL_FLOOR or (s >= MARGIN_FLOOR and margin >= MARGIN)
    ]
    links += [(a, b, s) for a, b, s in body if s >= STANDALONE]
    # Two sentences that share a quote, and little else, are compared in the quote's claim:
    # linking them again as wholes lets a sentence close to the rest of one of them chain
    # onto the other ("spoke for the first time" + "... said they 'talked about areas'").
    quotes_of = {}  # sentence -> the quote claims it is in
    for n, c in enumerate(claims):
        if c.slot == "quote":
            for i in c.members:
                quotes_of.setdefault(i, set()).add(n)
    vectors = story.vectors
    return [
        (a, b, s)
        for a, b, s in links
        if not (a < b and a in quotes_of and b in quotes_of and quotes_of[a] & quotes_of[b])
        or float(vectors[a] @ vectors[b]) >= QUOTE_ONLY_COSINE
    ]


def _second_facts(edges, items, fact_claims) -> list:
    """Links for the other fact of a sentence stating two: b is a's best match in b's
    article, but b's own best match there is a sentence it already shares a fact claim
    with, so b can be matched again ("troops sent, and a state of emergency declared")."""
    if not edges:
        return []
    best = best_two(*edge_arrays(edges), [it.article for it in items])[0].tolist()
    claims_of = {}  # sentence -> the fact claims it is in (their positions)
    for n, c in enumerate(fact_claims):
        for i in c.members:
            claims_of.setdefault(i, set()).add(n)

    def together(i, j):  # two sentences of one fact claim (no set of every claim's pairs)
        return i != j and not claims_of.get(i, set()).isdisjoint(claims_of.get(j, ()))

    out = []
    for e, (a, b, s) in enumerate(edges):
        if s < SECOND_FACT_FLOOR:
            continue
        a_best, b_best = best[2 * e], best[2 * e + 1]  # a's best in b's article, b's in a's
        for x, y, x_best, y_best in ((a, b, a_best, b_best), (b, a, b_best, a_best)):
            if x_best == y and y_best != x and together(y, y_best):
                out.append((x, y))  # y states two facts; x matches its other one
                break
    return out


def _add_second_facts(groups, pairs, items, vectors, apart=None) -> list[list[int]]:
    """Put each two-fact sentence y also into the group of the sentence x that matches its
    other fact (a sentence may be in several claims; groups otherwise stay disjoint)."""
    groups = [list(g) for g in groups]
    group_of = {i: g for g in groups for i in g}
    for x, y in pairs:
        g = group_of.get(x)
        if g is None:
            g = [x]
            groups.append(g)
            group_of[x] = g
        if y in g or items[y].article in {items[i].article for i in g}:
            continue
        if float((vectors[g] @ vectors[y]).min()) >= CHAIN_FLOOR and not apart_from(y, g, apart):
            g.append(y)
    return [sorted(g) for g in groups if len(g) >= 2]


def _without_disputes_shown_wider(claims, items) -> list[AlignedClaim]:
    """Without the fact claims whose dispute an event claim already shows: all the fact
    claim's sentences are in the event claim, which judges the same values of them and finds
    a conflict between two of them (a date two outlets give differently is disputed once, in
    the widest claim that states it). Fact claims that agree or stand alone stay: they say
    something the wider claim does not."""
    events = [c for c in claims if not c.slot and len(c.members) >= 2]
    events_of = {}  # sentence -> the event claims it is in
    for e in events:
        for i in e.members:
            events_of.setdefault(i, []).append(e)

    def shown_wider(fact):
        for e in events_of.get(fact.members[0], ()):
            if not set(fact.members) <= set(e.members) or not all(
                all(any(v is w for w in e.focus.get(i, ())) for v in fact.focus[i])
                for i in fact.members
            ):
                continue
            # compare_values without lone pairs compares each type of value on its own: a
            # conflict about the fact's values is of their types, so only those are compared.
            types = {v["type"] for i in fact.members for v in fact.focus[i]}
            focus = {i: [v for v in e.focus[i] if v["type"] in types] for i in fact.members}
            for x, a in enumerate(fact.members):
                ids_a = {id(v) for v in fact.focus[a]}
                for b in fact.members[x + 1 :]:
                    cmp = compare_values(focus[a], focus[b], False, items[a].text, items[b].text)
                    if any(id(c.a) in ids_a for c in cmp.conflicts):
                        return True
        return False

    return [c for c in claims if not (c.slot and len(c.members) >= 2 and shown_wider(c))]
