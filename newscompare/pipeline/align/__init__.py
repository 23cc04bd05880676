"""Group sentences from different articles that state the same fact into claims.

Candidates come from embedding similarity (top-k neighbours per sentence, computed in
blocks so memory stays linear in the story size). Each candidate pair gets a score that
adds to the cosine what the embedding misses: shared named entities (spelling variants
and acronyms included), the same counted concept, the same quote, and subtracts for
figures that count different things ("30 missing" / "30 treated in hospital").

Claims are built at two grains:
- fact claims: one typed fact (a count of one concept, a sum of money, a date, a length
  of time, a quote) linked across articles whose sentences are related, each article's
  best match only (mutual best), so a sentence that states two facts joins two claims;
- event claims: sentences linked as wholes (mutual best between two articles above a
  floor, or a high score on their own), for what no typed value carries.
A sentence no other article states becomes a claim of its own (a "unique" claim).
A sentence whose clause states a fact of its own (", which were cut off over the dispute,",
", and set up an air base") also joins the claim of that fact when two other articles state
it, or forms with other clauses a narrower claim inside a wider one.
A sentence is in a claim through the clause that states the claim's fact (the clause more
similar to the other members than the whole sentence is): it brings that clause's values only,
so a date of its main clause is never compared with a fact its relative clause shares. A
dispute is shown once, in the widest claim that shows it.
Two sentences that share a kind of figure bound apart (same_fact.bound_apart: of different
things or parties; same_fact.of_other_times: of a past event and of this week's news) are
never in one fact claim, neither linked directly nor chained through a third sentence; an
event claim never chains figures of two times (sentences of one event often carry incidental
figures of one kind that count different things: "fifth coach fired this season" / "9-14").
Two sentences that put their events in places the story tells apart (places.places_apart: "checked
into the Harlow Clinic" / "checked into a clinic in Dunmore") are never in one claim, fact or
event, neither linked nor chained, nor joined later as a headline, a supported sentence, a
second fact or a clause.

The modules, in the order align_claims uses them:
- items.py: what alignment takes and gives (Item, AlignedClaim);
- story.py: what each item of a story states, read once (titles, fact slots, words, names,
  places), and whether two items are apart (different facts of one kind, other events);
  slots.py (fact slots, values inside a clause, the same value), score.py (the pair score)
  and clauses.py (the clauses that state a fact of their own) serve it;
- neighbours.py: the nearest-neighbour candidates, in process (candidates.py chooses
  pgvector's search for large stories);
- links.py (mutual best, the link floors) and clusters.py (groups from links);
- facts.py: fact claims; events.py: event claims; restatements.py: what joins a claim
  after its links (headlines, restatements, retellings, supported sentences); unique.py:
  what one article alone states.
"""

import numpy as np

from .events import event_claims
from .facts import fact_claims
from .items import AlignedClaim, Item
from .neighbours import candidate_pairs
from .story import read_story
from .unique import unique_claims

VERSION = "align-16"  # align-15: a fact told in a clause is matched by the clause's words too;
# 16: tied candidates go to the earlier sentence (neighbours.py)


def align_claims(items: list[Item], vectors: np.ndarray, nearest=None) -> list[AlignedClaim]:
    """Fact claims, event claims and unique claims over the items of one story. Clause items
    (clause_items, after the sentences) link like sentences; in the claims they join, their
    sentence stands in their place. `nearest` finds the sentence candidates, with
    candidate_pairs' arguments and answer (the runner passes candidates.nearest_pairs, which
    searches in PostgreSQL with pgvector for large stories).

    The steps, each deciding one thing: read_story (what each item states), fact_claims (which
    sentences share a typed fact), event_claims (which sentences state one event as wholes,
    and which headlines and linked sentences join them), unique_claims (what one article
    alone states)."""
    story = read_story(items, vectors)
    scored = [
        (a, b, story.score(a, b, c))
        for a, b, c in (nearest or candidate_pairs)(vectors[: story.n], story.articles[: story.n])
    ]
    claims, claimed = fact_claims(story)
    claims, in_claim = event_claims(story, scored, claims, claimed)
    claims += unique_claims(story, claimed, in_claim)
    return sorted(claims, key=lambda c: (c.members[0], c.slot))
