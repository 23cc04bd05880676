"""How related two sentences are: the cosine of their embeddings, plus what the embedding
misses: the content words they share, shared named entities (spelling variants and acronyms
included), the same counted concept, the same quote; minus for figures that count different
things ("30 missing" / "30 treated in hospital")."""

import re

from ..same_fact import same_quote
from ..values import acronyms, entity_keys
from .slots import fact_slots

ACRONYM_MATCH = 0.15  # "Regional Security Council" in one sentence, "RSC" in the other
LEXICAL_WEIGHT = (
    0.5  # fitted on msrp_dev against cosine alone (best-threshold accuracy 0.738 -> 0.752)
)
LEXICAL_CENTER = 0.3  # overlap up to this (two sentences on one story) adds nothing

_STOPWORDS = frozenset(
    (
        "the a an of to in and or for on at by with from that this these those is was were are be"
        " been has have had it its as said says will would not but he she they we his her their"
        " who which also than more about"
    ).split()
)


_WORD = re.compile(r"\w+")


def content_words(text: str) -> frozenset:
    return frozenset(_WORD.findall(text.lower())) - _STOPWORDS


def lexical_overlap(words_a: frozenset, words_b: frozenset) -> float:
    """Jaccard overlap of content words: what a paraphrase keeps that the embedding blurs."""
    if not words_a or not words_b:
        return 0.0
    shared = len(words_a & words_b)
    return shared / (len(words_a) + len(words_b) - shared)  # the union's size, not the union


def pair_score(
    cosine: float, values_a: list, values_b: list, overlap: float | None = None
) -> float:
    """Cosine adjusted by the words both sentences share and by what both name, count and
    quote. `overlap`: lexical_overlap of the two texts, when known."""
    return feature_score(
        cosine,
        entity_keys(values_a),
        entity_keys(values_b),
        fact_slots(values_a),
        fact_slots(values_b),
        overlap,
        acronyms(values_a),
        acronyms(values_b),
    )


def feature_score(
    cosine, ea, eb, sa, sb, overlap, acr_a=(set(), set()), acr_b=(set(), set())
) -> float:
    """pair_score on features computed once per sentence (entity keys, fact slots, acronyms)."""
    score = cosine
    if overlap is not None:
        score += LEXICAL_WEIGHT * max(0.0, overlap - LEXICAL_CENTER)
    if ea and eb:
        common = len(ea & eb)
        union = len(ea) + len(eb) - common  # sizes, not the sets (the same integers)
        score += 0.08 * (common / min(len(ea), len(eb)))
        score -= 0.04 * (union - common) / union
    if acr_a[0] & acr_b[1] or acr_a[1] & acr_b[0]:
        # One names an organisation in full, the other by its acronym: the embedding
        # cannot see that they are the same body.
        score += ACRONYM_MATCH
    counts_a = {k for k in sa if k.startswith("number:")}
    counts_b = {k for k in sb if k.startswith("number:")}
    if counts_a & counts_b:
        score += 0.06
    elif counts_a and counts_b:
        score -= 0.08  # both count something, never the same thing: different facts
    for t in ("money", "percent", "duration", "date", "span"):
        if t in sa and t in sb:
            score += 0.03
    qa, qb = sa.get("quote", []), sb.get("quote", [])
    if qa and qb:
        # Two different remarks, even by one speaker on one occasion, are two claims.
        score += 0.12 if any(same_quote(x, y) for x in qa for y in qb) else -0.06
    return score
