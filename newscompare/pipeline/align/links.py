"""Which scored pairs link: a pair that is each other's best match between two articles
(mutual best), and by how much it beats the runners-up; the floor of such a link and the
loosest relation two members of one claim keep."""

import numpy as np

MUTUAL_FLOOR = 0.55  # sentence link when the pair is each other's best between two articles
CHAIN_FLOOR = 0.35  # every two sentences of one event claim at least this similar (cosine)


def mutual_best(edges, articles, with_margin=False):
    """Keep the edges (a, b, s) that are the best of a among b's article and of b among a's
    (articles: each item's article). With `with_margin`, also return by how much each beats
    the runner-up (the smaller of the two sides; the runner-up's score counts as -9.0 when
    there is none among the candidates, so any margin is met)."""
    if not edges:
        return []
    a, b, s = edge_arrays(edges)
    best, second = best_two(a, b, s, articles)
    mutual = (best[0::2] == b) & (best[1::2] == a)
    if not with_margin:
        return [edges[e] for e in np.flatnonzero(mutual).tolist()]
    margin = np.minimum(s - second[0::2], s - second[1::2])
    return [
        (*edges[e], m)
        for e, m in zip(np.flatnonzero(mutual).tolist(), margin[mutual].tolist(), strict=True)
    ]


def edge_arrays(edges):
    """The edges (a, b, s) as three arrays: a and b (integers), s (floats)."""
    table = np.array(edges, dtype=float).reshape(-1, 3)
    return table[:, 0].astype(np.int64), table[:, 1].astype(np.int64), table[:, 2]


def best_two(a, b, s, articles):
    """For each edge (a, b, s), in turn a's side and b's side (arrays of 2 x len(edges)): the
    best match of a among b's article (the first edge of the highest score) and the score of
    the runner-up there (-9.0 when there is none); then the same for b among a's article."""
    _, article_code = np.unique(np.asarray(articles), return_inverse=True)
    x = np.column_stack((a, b)).ravel()
    y = np.column_stack((b, a)).ravel()
    score = np.repeat(s, 2)
    key = x * (int(article_code.max()) + 1) + article_code[y]
    order = np.lexsort(
        (np.arange(len(key)), -score, key)
    )  # per key: best first, earliest among ties
    key_sorted = key[order]
    new_key = np.r_[True, key_sorted[1:] != key_sorted[:-1]]
    starts = np.flatnonzero(new_key)
    group = np.empty(len(key), dtype=np.int64)
    group[order] = np.cumsum(new_key) - 1
    sizes = np.diff(np.r_[starts, len(key)])
    runner_up = np.where(sizes >= 2, score[order][np.minimum(starts + 1, len(key) - 1)], -9.0)
    return y[order][starts][group], runner_up[group]
