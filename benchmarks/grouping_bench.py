"""Story grouping at scale: 10,000 synthetic articles in a few hundred stories, placed batch
after batch through the real path (pipeline/placement.py: profiles from the database,
grouping.assign, articles, fingerprints and profiles written, titles refreshed), on a
throwaway SQLite database.

Time is measured after embeddings: fingerprint_texts, the one step that runs the encoder,
is replaced by synthetic fingerprints (each story a centre in vector space, its own names,
figures and year; articles scattered around it), so the figure is grouping's own cost.
Growth compares 1,000 and 10,000 articles made the same way (as x of linear: 1.0 means
ten times the articles took ten times as long). Peak memory is the process's RSS."""

import time

import numpy as np

from benchmarks.common import Results, RssSampler, cpu_load, django_setup, mib, section_main

BATCH = 500
STORIES = 300


def synthetic(n_articles: int, n_stories: int, seed: int = 7):
    """(records, fingerprints) for n articles over n stories, stories interleaved."""
    from newscompare.news.records import ArticleRecord
    from newscompare.pipeline import grouping

    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n_stories, grouping.DIM)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    common = [f"common{i}" for i in range(40)]
    records, fps = [], []
    for i in range(n_articles):
        s = int(rng.integers(n_stories))
        vecs = centres[s] + 0.9 * rng.normal(size=(2, grouping.DIM)).astype(np.float32) / 20
        names = [f"s{s}name{k}" for k in rng.choice(8, size=4, replace=False)]
        names += list(rng.choice(common, size=2))
        fp = grouping.Fingerprint(
            lead=grouping._unit(vecs[0]),
            mean=grouping._unit(vecs[1]),
            entities=grouping.Counter(names),
            lead_entities=grouping.Counter(names[:2]),
            figures=grouping.Counter([f"number:{s * 7 % 101}", f"number:{i % 13}"]),
            years=frozenset({str(1990 + s % 30)}),
        )
        records.append(
            ArticleRecord(
                source=f"synthetic line {i + 1}",
                external_id=f"a{i}",
                text=f"Synthetic article {i} about event {s}.",
                title=f"Event {s}: report {i}",
            )
        )
        fps.append((s, fp))
    return records, fps


def place_all(records, fps) -> tuple[float, dict]:
    """Seconds to place every record batch after batch, and {record index: story id}."""
    from newscompare.news.models import Article, Story
    from newscompare.pipeline import placement

    Story.objects.all().delete()
    by_text = {r.text: fp for r, (_, fp) in zip(records, fps, strict=True)}
    real = placement.fingerprint_texts
    placement.fingerprint_texts = lambda texts, keys=None: [by_text[t] for t in texts]
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        for start in range(0, len(records), BATCH):
            placement.ingest_unsorted(records[start : start + BATCH])
        seconds = time.perf_counter() - t0
        place_all.cpu = time.process_time() - c0
    finally:
        placement.fingerprint_texts = real
    where = dict(Article.objects.values_list("external_id", "story_id"))
    return seconds, {int(k[1:]): v for k, v in where.items()}


def purity(fps, where) -> tuple[float, float]:
    """(share of articles in a story whose majority event is theirs, stories per event)."""
    from collections import Counter

    by_story: dict = {}
    for i, (s, _) in enumerate(fps):
        by_story.setdefault(where[i], []).append(s)
    right = sum(Counter(members).most_common(1)[0][1] for members in by_story.values())
    events = len({s for s, _ in fps})
    return right / len(fps), len(by_story) / events


def run(results: Results, quick: bool = False):
    django_setup()
    small, large = (200, 2_000) if quick else (1_000, 10_000)
    sampler = RssSampler()
    load_before = cpu_load()
    t_small, _ = place_all(*synthetic(small, STORIES))
    cpu_small = place_all.cpu
    sampler.mark()
    records, fps = synthetic(large, STORIES)
    t_large, where = place_all(records, fps)
    peak = sampler.peak()
    sampler.stop()
    growth = (t_large / t_small) / (large / small)
    cpu_growth = (place_all.cpu / cpu_small) / (large / small)
    pure, split = purity(fps, where)
    note = (
        f"batches of {BATCH}, {STORIES} stories; {place_all.cpu:.1f} s of CPU in this "
        f"process; load {load_before}"
    )
    results.add(
        f"place {large:,} articles after embeddings",
        f"{t_large:.1f} s",
        "< 60 s",
        t_large < 60,
        note,
    )
    results.add(
        f"growth {small:,} -> {large:,} articles",
        f"{growth:.2f}x of linear",
        "near 1",
        growth < 1.5,
        f"{t_small:.1f} s for {small:,}; CPU in this process {cpu_small:.1f} -> "
        f"{place_all.cpu:.1f} s, {cpu_growth:.2f}x of linear (wall time on a loaded "
        "machine varies more)",
    )
    results.add("peak memory (RSS)", f"{mib(peak):.0f} MiB", "", None, "whole process")
    results.add(
        "articles in their event's story",
        f"{pure:.3f}",
        "",
        None,
        f"{split:.2f} stories per event",
    )


if __name__ == "__main__":
    section_main("grouping", run)
