"""Proposed fixes for the stages the profile shows slow at 1,000 articles, as drop-in
replacements measured by profile_stage.py (before/after, same inputs, output compared).

They live here, not in newscompare/pipeline/, because those modules belong to the pipeline
quality work: each function below is written to be pasted over its namesake, and keeps its
signature and its result.

- segment._split_line: pysbd costs ~0.5 ms per call plus ~5 us per character, and most news
  lines are one sentence (headline, one-sentence paragraph). A line with no sentence-ending
  punctuation followed by a space has nothing for pysbd to split: take it whole. Lines are
  also cached (wire copies and re-indexes repeat them verbatim).
- syndication.wire_groups: compared every pair of articles in Python (n^2/2 set
  intersections: 500,000 at 1,000 articles). Now a MinHash sketch per article (numpy)
  estimates every pair's containment at once, and only pairs the sketch puts near or above
  the threshold get the exact set comparison, which alone decides, as before.
- align.candidate_pairs / align_sentences: the top-k loop ran per sentence and per neighbour
  in Python, argpartition ran on a negated copy of each block, and pair_score rebuilt the
  entity/type/noun sets of both sentences for every candidate pair. Now top-k selection and
  pair de-duplication are numpy, the sets are built once per sentence, and the best partner
  per (sentence, other article) is a dict pass over pre-scored pairs.
"""
import re
from functools import lru_cache

import numpy as np

from newscompare.pipeline import align, segment, syndication

# ------------------------------------------------------------------ segment

# A line pysbd cannot split or rewrite: no full stop, ?, ! or ellipsis anywhere but one at
# the very end, after a letter, digit or bracket, and no quotation marks (pysbd rewrites the
# ends of quoted sentences, doubled full stops and abbreviations; those lines still go to it).
_ONE_SENTENCE = re.compile(r"[^.!?\u2026\"'\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb`]*[\w)\]][.!?]?")


@lru_cache(maxsize=65536)
def _split_line_cached(line: str) -> tuple:
    stripped = line.strip()
    if stripped and _ONE_SENTENCE.fullmatch(stripped):
        start = line.find(stripped)
        end = start + len(stripped)
        spans, sub_start = [], start
        for m in segment._GLUED_BREAK.finditer(line, start, end):
            spans.append((sub_start, m.end()))
            sub_start = m.end()
        spans.append((sub_start, end))
        return tuple(spans)
    return tuple(_original_split_line(line))


_original_split_line = segment._split_line


def split_line(line: str):
    return list(_split_line_cached(line))


# ------------------------------------------------------------------ syndication

MINHASH_K = 256
_MASK61 = np.uint64((1 << 61) - 1)


def _minhash(hashes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    # (a * x + b) with uint64 wrap-around, then the top 32 bits: a fast universal hash family
    h = (hashes[None, :] * a[:, None] + b[:, None]) >> np.uint64(32)
    return h.min(axis=1).astype(np.uint32)


def wire_groups(texts: dict[int, str]) -> dict[int, int]:
    """Same contract and result as syndication.wire_groups."""
    keys = sorted(texts)
    sets = {k: syndication.shingles(texts[k]) for k in keys}
    parent = {k: k for k in keys}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    n = len(keys)
    if n < 2:
        return {k: k for k in keys}
    rng = np.random.default_rng(20240501)
    a = rng.integers(1, 2**63, MINHASH_K, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, MINHASH_K, dtype=np.uint64)
    sizes = np.array([len(sets[k]) for k in keys], dtype=np.float64)
    sig = np.zeros((n, MINHASH_K), dtype=np.uint32)
    empty = np.zeros(n, dtype=bool)
    for i, k in enumerate(keys):
        if sets[k]:
            sig[i] = _minhash(np.fromiter(sets[k], dtype=np.int64, count=len(sets[k])).view(np.uint64), a, b)
        else:
            empty[i] = True
    floor = syndication.COPY_THRESHOLD / 2
    block = max(1, 2**24 // (n * MINHASH_K))
    for start in range(0, n, block):
        rows = slice(start, min(n, start + block))
        jac = (sig[rows, None, :] == sig[None, :, :]).mean(axis=2)        # (block, n) estimated Jaccard
        inter = jac * (sizes[rows, None] + sizes[None, :]) / (1 + jac)
        est = inter / np.maximum(1, np.minimum(sizes[rows, None], sizes[None, :]))
        ii, jj = np.nonzero(est >= floor)
        for i, j in zip((ii + start).tolist(), jj.tolist()):
            if j <= i or empty[i] or empty[j]:
                continue
            ka, kb = keys[i], keys[j]
            ra, rb = find(ka), find(kb)
            if ra == rb:
                continue
            if syndication.containment(sets[ka], sets[kb]) >= syndication.COPY_THRESHOLD:
                parent[max(ra, rb)] = min(ra, rb)
    return {k: find(k) for k in keys}


# ------------------------------------------------------------------ align

def candidate_pairs(vectors: np.ndarray, articles: np.ndarray, k: int = align.TOP_K):
    """Same contract as align.candidate_pairs: (i, j, cosine) with i < j, each pair once."""
    n = len(vectors)
    if n < 2:
        return []
    k = min(k, n - 1)
    articles = np.asarray(articles)
    out_a, out_b, out_c = [], [], []
    for start in range(0, n, align.BLOCK):
        stop = min(start + align.BLOCK, n)
        sims = vectors[start:stop] @ vectors.T
        sims[articles[start:stop, None] == articles[None, :]] = -1.0
        top = np.argpartition(sims, n - k, axis=1)[:, n - k:]
        c = np.take_along_axis(sims, top, axis=1)
        i = np.repeat(np.arange(start, stop), k)
        j, c = top.ravel(), c.ravel()
        keep = c > 0
        i, j, c = i[keep], j[keep], c[keep]
        out_a.append(np.minimum(i, j))
        out_b.append(np.maximum(i, j))
        out_c.append(c)
    a, b, c = np.concatenate(out_a), np.concatenate(out_b), np.concatenate(out_c)
    _, first = np.unique(a.astype(np.int64) * n + b, return_index=True)
    first.sort()  # first-seen order, as the dict it replaces kept
    return list(zip(a[first].tolist(), b[first].tolist(), c[first].astype(float).tolist()))


def _features(values):
    return (align._entity_keys(values), align._value_types(values), align._nouns(values))


def _score(cosine, fa, fb):
    score = cosine
    ea, eb = fa[0], fb[0]
    if ea and eb:
        score += 0.08 * (len(ea & eb) / min(len(ea), len(eb)))
        score -= 0.04 * (len(ea ^ eb) / len(ea | eb))
    shared_types = fa[1] & fb[1]
    if shared_types:
        score += 0.03 * len(shared_types)
    if fa[2] & fb[2]:
        score += 0.05
    return score


def align_sentences(items: list, vectors: np.ndarray) -> list[list[int]]:
    """Same contract and result as align.align_sentences."""
    n = len(items)
    article_of = [it.article for it in items]
    feats = [_features(it.values) for it in items]
    scored = [(a, b, _score(c, feats[a], feats[b]))
              for a, b, c in candidate_pairs(vectors, np.array(article_of))]
    best = {}
    for a, b, s in scored:
        key = (a, article_of[b])
        if s > best.get(key, (None, -9))[1]:
            best[key] = (b, s)
        key = (b, article_of[a])
        if s > best.get(key, (None, -9))[1]:
            best[key] = (a, s)
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, s in sorted(scored, key=lambda t: -t[2]):
        if s >= align.STANDALONE or (s >= align.MUTUAL_FLOOR and best[(a, article_of[b])][0] == b
                                     and best[(b, article_of[a])][0] == a):
            parent[find(a)] = find(b)
    groups = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


PATCHES = {
    "segment": (segment, "_split_line", split_line),
    "syndication": (syndication, "wire_groups", wire_groups),
    "align": (align, "align_sentences", align_sentences),
}
