"""Group sentences from different articles that state the same fact into claims.

Candidates come from embedding similarity (top-k neighbours per sentence, computed in
blocks so memory stays linear in the story size). Each candidate pair gets a score that
adds to the cosine what the embedding misses: shared named entities, shared value types,
the same counted noun, and subtracts for entities only one side names. A pair is linked
when it is the mutual best between its two articles above a floor, or scores above a
higher bar on its own. Linked sentences form claims; a sentence no other article states
is a claim of its own (a "unique" claim).
"""
from dataclasses import dataclass

import numpy as np

VERSION = "align-1"

TOP_K = 8
BLOCK = 2048
MUTUAL_FLOOR = 0.62
STANDALONE = 0.78
SAME_CLAIM = 0.70     # the pair decision used by judge_pairs (no story context)


@dataclass
class Item:
    """One sentence as alignment sees it."""
    article: int
    values: list


def _entity_keys(values):
    return {v["normalized"] for v in values if v["type"] == "entity" and v["normalized"]}


def _value_types(values):
    return {v["type"] for v in values if v["type"] != "entity"}


def _nouns(values):
    return {v.get("noun", "")[:4] for v in values if v["type"] == "number" and v.get("noun")}


def pair_score(cosine: float, values_a: list, values_b: list) -> float:
    """Cosine adjusted by what both sentences name and quantify."""
    score = cosine
    ea, eb = _entity_keys(values_a), _entity_keys(values_b)
    if ea and eb:
        shared = len(ea & eb) / min(len(ea), len(eb))
        score += 0.08 * shared
        only = len(ea ^ eb) / len(ea | eb)
        score -= 0.04 * only
    ta, tb = _value_types(values_a), _value_types(values_b)
    if ta & tb:
        score += 0.03 * len(ta & tb)
    na, nb = _nouns(values_a), _nouns(values_b)
    if na & nb:
        score += 0.05
    return score


def candidate_pairs(vectors: np.ndarray, articles: np.ndarray, k: int = TOP_K):
    """(i, j, cosine) for each sentence's k nearest sentences in other articles, i < j."""
    n = len(vectors)
    pairs = {}
    if n < 2:
        return []
    k = min(k, n - 1)
    for start in range(0, n, BLOCK):
        sims = vectors[start:start + BLOCK] @ vectors.T
        rows = np.arange(start, min(start + BLOCK, n))
        same_article = articles[rows][:, None] == articles[None, :]
        sims[same_article] = -1.0
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        for r, i in enumerate(rows):
            for j in top[r]:
                c = float(sims[r, j])
                if c <= 0:
                    continue
                a, b = (int(i), int(j)) if i < j else (int(j), int(i))
                pairs[(a, b)] = c
    return [(a, b, c) for (a, b), c in pairs.items()]


def align_sentences(items: list[Item], vectors: np.ndarray) -> list[list[int]]:
    """Claims as lists of item indices (each sorted); every item is in exactly one claim."""
    n = len(items)
    articles = np.array([it.article for it in items])
    scored = [(a, b, pair_score(c, items[a].values, items[b].values))
              for a, b, c in candidate_pairs(vectors, articles)]
    # best partner of each sentence in each other article
    best = {}
    for a, b, s in scored:
        for x, y in ((a, b), (b, a)):
            key = (x, items[y].article)
            if s > best.get(key, (None, -9))[1]:
                best[key] = (y, s)
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, s in sorted(scored, key=lambda t: -t[2]):
        mutual = best[(a, items[b].article)][0] == b and best[(b, items[a].article)][0] == a
        if s >= STANDALONE or (mutual and s >= MUTUAL_FLOOR):
            parent[find(a)] = find(b)
    groups = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def same_claim(cosine: float, values_a: list, values_b: list) -> tuple[bool, float]:
    """The pair decision without story context: (same claim?, adjusted score)."""
    score = pair_score(cosine, values_a, values_b)
    return score >= SAME_CLAIM, score
