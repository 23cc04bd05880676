"""Unique claims: what only one article states."""

from .items import AlignedClaim
from .story import Story


def unique_claims(story: Story, claimed: dict, in_claim: set) -> list[AlignedClaim]:
    """What only one article states: each fact no other article shares is a claim of its
    own (so "only 002 gives a troop count" shows even when its sentence is in a wider
    claim), and so is each sentence in no claim at all."""
    out = []
    in_claim = set(in_claim)
    for i in range(story.n):
        for key, vals in story.slots[i].items():
            if (i, key) not in claimed and (len(story.slots[i]) > 1 or i in in_claim):
                out.append(AlignedClaim([i], {i: vals}, key))
                in_claim.add(i)
    return out + [AlignedClaim([i]) for i in range(story.n) if i not in in_claim]
