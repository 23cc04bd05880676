"""Wire copies: articles whose texts are near-duplicates (one agency text run by several
outlets). They count once when we say how many independent sources back a claim.

Two articles are copies when most of the word 5-gram shingles of the shorter one occur in
the other. Containment rather than Jaccard, because an outlet often trims or extends the
agency text."""
import re

VERSION = "synd-1"
SHINGLE = 5
COPY_THRESHOLD = 0.2


def shingles(text: str) -> set[int]:
    words = re.findall(r"\w+", text.casefold())
    return {hash(tuple(words[i:i + SHINGLE])) for i in range(max(0, len(words) - SHINGLE + 1))}


def containment(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def wire_groups(texts: dict[int, str]) -> dict[int, int]:
    """{article key: group key}; copies share the smallest key of their group."""
    keys = sorted(texts)
    sets = {k: shingles(texts[k]) for k in keys}
    parent = {k: k for k in keys}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if containment(sets[a], sets[b]) >= COPY_THRESHOLD:
                ra, rb = find(a), find(b)
                parent[max(ra, rb)] = min(ra, rb)
    return {k: find(k) for k in keys}


def independent_sources(article_keys, groups: dict[int, int]) -> int:
    """How many independent sources stand behind these articles (copies counted once)."""
    return len({groups.get(k, k) for k in article_keys})
