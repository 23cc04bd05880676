"""Alignment's nearest-neighbour search, in process: each sentence's k most similar sentences
in other articles (candidate_pairs), each clause item's (clause_candidates), and for each kind
of fact the sentences closest to each sentence among those stating that kind
(slot_candidates). Exact, in numpy, in blocks so memory stays linear in the story size.
(pipeline/candidates.py chooses this search or pgvector's, for large stories.)

A sentence's k nearest are the top of one ranking: cosine descending, and between equal
cosines the earlier item first. Wire copies make ties common (a sentence repeated verbatim
has one vector), and a defined order makes the answer one that does not hang on how the
search is cut: so identical vectors are compared once (the product runs over the distinct
vectors, and each item reads its ranking off its vector's), which makes the search grow
with the number of distinct sentences rather than of all sentences squared."""

import numpy as np

TOP_K = 8
BLOCK = 2048
# The distinct-vector search computes about this many similarities at a time (64 MiB).
SEARCH_BLOCK = 2**24


def candidate_pairs(
    vectors: np.ndarray, articles: np.ndarray, k: int = TOP_K
) -> list[tuple[int, int, float]]:
    """(i, j, cosine) for each sentence's k nearest sentences in other articles (positive
    cosines only), i < j, each pair once, in the order first found (sentence by sentence,
    nearest first), with the cosine last computed for it."""
    n = len(vectors)
    if n < 2:
        return []
    i, j, c = nearest_in_other_articles(vectors, articles, np.arange(n), min(k, n - 1))
    return unique_pairs(i, j, c, n)


def clause_candidates(vectors, articles, n, k: int = TOP_K):
    """(i, j, cosine), i < j, for each clause item (rows from n on) and its k most similar
    sentences or clauses in other articles, each pair once."""
    total = len(vectors)
    if total <= n or n < 2:
        return []
    i, j, c = nearest_in_other_articles(vectors, articles, np.arange(n, total), min(k, n - 1))
    return unique_pairs(i, j, c, total)


def nearest_in_other_articles(vectors, articles, rows, k):
    """(i, j, cosine) arrays: for each row i of `rows` (ascending), the first k items j of
    other articles in its ranking (cosine descending, then j ascending) with a positive
    cosine, nearest first."""
    articles, rows = np.asarray(articles), np.asarray(rows, dtype=np.int64)
    distinct, vector_of = _distinct_vectors(vectors)
    by_vector = np.argsort(vector_of, kind="stable")  # items grouped by vector, in order
    starts = np.searchsorted(vector_of[by_vector], np.arange(len(distinct) + 1))
    row_vectors = vector_of[rows]
    wanted = np.unique(row_vectors)
    row_order = np.argsort(row_vectors, kind="stable")
    first_row = np.searchsorted(row_vectors[row_order], np.append(wanted, len(distinct)))
    block = max(1, SEARCH_BLOCK // len(distinct))
    found = []
    for b in range(0, len(wanted), block):
        sims = distinct[wanted[b : b + block]] @ distinct.T
        for w, vector_sims in enumerate(sims):
            sharing = rows[row_order[first_row[b + w] : first_row[b + w + 1]]]
            found.append(_ranked(vector_sims, sharing, articles, by_vector, starts, k))
        del sims
    if not found:
        return (np.zeros(0, np.int64),) * 2 + (np.zeros(0, np.float32),)
    i, j, c = (np.concatenate(parts) for parts in zip(*found, strict=True))
    order = np.argsort(i, kind="stable")
    return i[order], j[order], c[order]


def _distinct_vectors(vectors):
    """(the distinct rows of `vectors`, each row's index among them)."""
    vectors = np.ascontiguousarray(vectors)
    keys = vectors.view(np.dtype((np.void, vectors.dtype.itemsize * vectors.shape[1]))).ravel()
    _, first, vector_of = np.unique(keys, return_index=True, return_inverse=True)
    return vectors[first], vector_of.ravel()


def _ranked(sims, rows, articles, by_vector, starts, k):
    """(i, j, cosine) of the first k items of other articles in the ranking of each row of
    `rows`, which share one vector (`sims`: its cosine with each distinct vector). The
    nearest vectors are taken until every row has k items of other articles among theirs,
    with every vector tied with the last one taken."""
    taken = min(len(sims), 2 * k)
    own = articles[rows]
    while True:
        if taken < len(sims):
            floor = sims[np.argpartition(-sims, taken - 1)[:taken]].min()
            near = np.flatnonzero(sims >= floor)
        else:
            near = np.arange(len(sims))
        cols = np.concatenate([by_vector[starts[u] : starts[u + 1]] for u in near])
        col_sims = np.repeat(sims[near], starts[near + 1] - starts[near])
        order = np.lexsort((cols, -col_sims))
        cols, col_sims = cols[order], col_sims[order]
        other = articles[cols][None, :] != own[:, None]
        if taken >= len(sims) or (other.sum(axis=1) >= k).all():
            break
        taken *= 4
    keep = other & (np.cumsum(other, axis=1) <= k) & (col_sims > 0)[None, :]
    r, p = np.nonzero(keep)
    return rows[r], cols[p], col_sims[p]


def slot_candidates(slots, vectors, articles, k: int = 3, asking=None):
    """{slot key: [(i, j, cosine)]}: for each sentence, its k most similar sentences in other
    articles among those that state a fact of the same kind. Quadratic only within one
    slot's sentences, and done in numpy. With `asking` ({item: the slot keys it states}, for
    items not in `slots`: clause items), the pairs are those items' (i) k closest sentences
    (j) instead."""
    by_key = _stating(slots)
    rows_by_key = by_key if asking is None else _stating(asking.values(), list(asking))
    out = {}
    for key, rows_of_key in rows_by_key.items():
        idx = np.array(by_key.get(key, ()))
        kk = min(k, len(idx) - (asking is None))
        if kk < 1:
            continue
        rows_of_key = np.array(rows_of_key)
        out_i, out_j, out_c = [], [], []
        for start in range(0, len(rows_of_key), BLOCK):  # blocks keep memory linear
            rows = rows_of_key[start : start + BLOCK]
            sims = vectors[rows] @ vectors[idx].T
            sims[articles[rows][:, None] == articles[idx][None, :]] = -1.0
            top, c = _row_top_k(sims, kk)
            keep = c > -1.0
            out_i.append(np.repeat(rows, kk)[keep])
            out_j.append(idx[top[keep]])
            out_c.append(c[keep])
        out[key] = unique_pairs(
            np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_c), len(vectors)
        )
    return out


def _stating(slots, items=None) -> dict[str, list[int]]:
    """{slot key: the items (their positions, or `items`) whose slots hold that key}."""
    by_key = {}
    for i, sl in zip(range(len(slots)) if items is None else items, slots, strict=True):
        for key in sl:
            by_key.setdefault(key, []).append(i)
    return by_key


# argpartition returns an 8-byte index for every similarity it is given: it is given about
# this many similarities at a time (whole rows), not a whole (block x n) block.
PARTITION_SIZE = 2**22


def _row_top_k(sims, k):
    """(columns, similarities), both flat, row after row: the k largest similarities of each
    row of `sims`, in the order np.argpartition(-sims, k - 1) puts them. Negates `sims` in
    place (no copy of it) and partitions PARTITION_SIZE similarities' rows at a time (no
    index array as large as it, 32 MiB at most on rows of up to 2**22 similarities); each
    row's result is the one a single call over all rows gives."""
    np.negative(sims, out=sims)
    tops, cs = [], []
    rows = max(1, PARTITION_SIZE // max(1, sims.shape[1]))
    for r in range(0, len(sims), rows):
        part = sims[r : r + rows]
        top = np.argpartition(part, k - 1, axis=1)[:, :k]
        tops.append(top.ravel())
        cs.append(np.take_along_axis(part, top, axis=1).ravel())
        del top
    c = np.concatenate(cs)
    np.negative(c, out=c)
    return np.concatenate(tops), c


def unique_pairs(i, j, c, n):
    """[(a, b, cosine)], a < b, each pair of the parallel arrays i, j once: in the order first
    found, with the cosine last given for it (what a dict assigned pair by pair keeps)."""
    if not len(i):
        return []
    a, b = np.minimum(i, j), np.maximum(i, j)
    keys = a.astype(np.int64) * n + b
    _, first = np.unique(keys, return_index=True)
    _, last_reversed = np.unique(keys[::-1], return_index=True)
    last = len(keys) - 1 - last_reversed
    order = np.argsort(first, kind="stable")
    first, last = first[order], last[order]
    return list(
        zip(a[first].tolist(), b[first].tolist(), c[last].astype(float).tolist(), strict=True)
    )
