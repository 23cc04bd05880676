"""Wire copies: articles whose texts are near-duplicates (one agency text run by several
outlets). They count once when we say how many independent sources back a claim.

Two articles are copies when most of the word 5-gram shingles of the shorter one occur in
the other. Containment rather than Jaccard, because an outlet often trims or extends the
agency text."""

import re

import numpy as np
from scipy import sparse

VERSION = "synd-1"
SHINGLE = 5
COPY_THRESHOLD = 0.2


def shingles(text: str) -> set[int]:
    words = re.findall(r"\w+", text.casefold())
    return {hash(tuple(words[i : i + SHINGLE])) for i in range(max(0, len(words) - SHINGLE + 1))}


def containment(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def wire_groups(texts: dict[int, str]) -> dict[int, int]:
    """{article key: group key}; copies share the smallest key of their group."""
    keys = sorted(texts)
    sets = [shingles(texts[k]) for k in keys]
    parent = {k: k for k in keys}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b in _copy_pairs(sets):
        ra, rb = find(keys[a]), find(keys[b])
        parent[max(ra, rb)] = min(ra, rb)
    return {k: find(k) for k in keys}


def _copy_pairs(sets: list[set[int]]) -> list[tuple[int, int]]:
    """(i, j), i < j, for every two shingle sets at or above COPY_THRESHOLD containment.

    Exact, without comparing every pair in Python: a sparse article x shingle matrix times
    its transpose counts every pair's shared shingles at once, and only pairs that share
    any shingle appear in it."""
    sizes = np.array([len(s) for s in sets], dtype=np.int64)
    if len(sets) < 2 or not sizes.any():
        return []
    hashes = np.fromiter((h for s in sets for h in s), dtype=np.int64, count=int(sizes.sum()))
    _, columns = np.unique(hashes, return_inverse=True)
    rows = np.repeat(np.arange(len(sets)), sizes)
    m = sparse.csr_matrix(
        (np.ones(len(columns), dtype=np.int32), (rows, columns.ravel())),
        shape=(len(sets), int(columns.max()) + 1),
    )
    shared = sparse.triu(m @ m.T, k=1).tocoo()
    i, j = shared.row, shared.col
    copies = shared.data / np.minimum(sizes[i], sizes[j]) >= COPY_THRESHOLD
    return list(zip(i[copies].tolist(), j[copies].tolist(), strict=True))


def independent_sources(article_keys, groups: dict[int, int]) -> int:
    """How many independent sources stand behind these articles (copies counted once)."""
    return len({groups.get(k, k) for k in article_keys})
