"""Alignment's nearest-neighbour search, in process: each sentence's k most similar sentences
in other articles (candidate_pairs), each clause item's (clause_candidates), and for each kind
of fact the sentences closest to each sentence among those stating that kind
(slot_candidates). Exact, in numpy, in row blocks so memory stays linear in the story size.
(pipeline/candidates.py chooses this search or pgvector's, for large stories.)"""

import numpy as np

TOP_K = 8
BLOCK = 2048


def candidate_pairs(
    vectors: np.ndarray, articles: np.ndarray, k: int = TOP_K
) -> list[tuple[int, int, float]]:
    """(i, j, cosine) for each sentence's k nearest sentences in other articles, i < j, each
    pair once (in the order first found, with the cosine last computed for it). Top-k and
    de-duplication run in numpy, in row blocks of at most 2**26 similarities (memory stays
    linear in the story size)."""
    n = len(vectors)
    if n < 2:
        return []
    k = min(k, n - 1)
    articles = np.asarray(articles)
    block = max(256, 2**26 // n)
    columns = _article_columns(articles)
    out_i, out_j, out_c = [], [], []
    for start in range(0, n, block):
        stop = min(start + block, n)
        sims = vectors[start:stop] @ vectors.T
        _mask_own_article(sims, articles[start:stop], columns)
        top, c = _row_top_k(sims, k)
        i = np.repeat(np.arange(start, stop), k)
        keep = c > 0
        out_i.append(i[keep])
        out_j.append(top[keep])
        out_c.append(c[keep])
        del sims, top, c
    return unique_pairs(np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_c), n)


def clause_candidates(vectors, articles, n, k: int = TOP_K):
    """(i, j, cosine), i < j, for each clause item (rows from n on) and its k most similar
    sentences or clauses in other articles, each pair once."""
    total = len(vectors)
    if total <= n or n < 2:
        return []
    k = min(k, n - 1)
    block = max(256, 2**26 // total)  # row blocks keep memory linear in the story size
    columns = _article_columns(articles)
    out_i, out_j, out_c = [], [], []
    for start in range(n, total, block):
        stop = min(start + block, total)
        sims = vectors[start:stop] @ vectors.T
        _mask_own_article(sims, articles[start:stop], columns)
        top, c = _row_top_k(sims, k)
        keep = c > 0
        out_i.append(np.repeat(np.arange(start, stop), k)[keep])
        out_j.append(top[keep])
        out_c.append(c[keep])
        del sims, top, c
    return unique_pairs(np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_c), total)


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


def _article_columns(articles) -> dict:
    """{article: the indices of its items (an array)}."""
    columns = {}
    for i, article in enumerate(np.asarray(articles).tolist()):
        columns.setdefault(article, []).append(i)
    return {article: np.array(ix) for article, ix in columns.items()}


def _mask_own_article(sims, row_articles, columns):
    """Set to -1.0 the similarity of each row (an item of row_articles) with every column of
    its own article (columns: _article_columns), one article's rows at a time (no
    (rows x columns) mask of the whole block)."""
    rows = {}
    for r, article in enumerate(np.asarray(row_articles).tolist()):
        rows.setdefault(article, []).append(r)
    for article, ix in rows.items():
        sims[np.ix_(ix, columns[article])] = -1.0


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
