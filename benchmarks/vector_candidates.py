"""Section 8: alignment candidates, in process (numpy, exact) against PostgreSQL with
pgvector (HNSW in a temporary table, pipeline/candidates.py), on synthetic stories of 100
and 1,000 articles. The same vectors go to both: the 1,000-article story's sentences get
their corpus sentence's real MiniLM vector, perturbed where the text was changed, as in the
scaling section (scaling.BorrowedVectors). PostgreSQL 16 with pgvector 0.6.2 comes from the
`pgserver` wheel, on a Unix socket, started for this section; Debian 12's own PostgreSQL 15
has no pgvector package. Reported: each search's wall time and their ratio, pgvector's
steps (copy, index build, search), and the share of the exact pairs pgvector finds.
"""

import os
import shutil
import tempfile
import time

import numpy as np

from benchmarks.common import RssSampler, cpu_load, django_setup, fmt_s, mib, section_main


def story_vectors(n_articles: int, embed):
    """(vectors, article per row) for the content sentences of a synthetic story."""
    from benchmarks.scaling import BorrowedVectors
    from benchmarks.synthetic import make_story
    from newscompare.pipeline import segment

    story = make_story(n_articles)
    texts, articles = [], []
    for number, article in enumerate(story.articles):
        for seg in segment.segment_text(article["text"]):
            if not seg.is_boilerplate:
                texts.append(seg.text)
                articles.append(number)
    return BorrowedVectors(story, embed)(texts), np.array(articles)


def pairs_set(pairs) -> set:
    return {(a, b) for a, b, _ in pairs}


def as_near_as_exact(exact, found, k) -> float:
    """Share of the found pairs as similar as a true k-nearest pair of one of their two
    sentences. Wire copies make many neighbours equally near, and which of the tied ones a
    search keeps is arbitrary: this counts a tied choice as right, plain recall does not.
    (A sentence's k-th nearest cosine is the k-th largest among the exact pairs it is in.)"""
    by_row = {}
    for a, b, c in exact:
        by_row.setdefault(a, []).append(c)
        by_row.setdefault(b, []).append(c)
    kth = {r: sorted(cs, reverse=True)[min(k, len(cs)) - 1] for r, cs in by_row.items()}
    good = sum(1 for a, b, c in found if c >= min(kth.get(a, 1.0), kth.get(b, 1.0)) - 1e-5)
    return good / max(1, len(found))


def run(results, quick: bool = False):
    django_setup()
    import pgserver
    import psycopg

    from newscompare.pipeline import candidates, embed
    from newscompare.pipeline.align.neighbours import TOP_K, candidate_pairs

    sizes = (100,) if quick else (100, 1000)
    if os.environ.get("BENCH_VECTOR_SIZES"):  # e.g. 2000, to find where the two cross
        sizes = tuple(int(x) for x in os.environ["BENCH_VECTOR_SIZES"].split(","))
    folder = tempfile.mkdtemp(prefix="nc-bench-pgvector-")
    server = pgserver.get_server(folder, "stop")
    try:
        with psycopg.connect(server.get_uri(), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
            version = conn.execute("SHOW server_version").fetchone()[0]
            pgv = conn.execute(
                "SELECT extversion FROM pg_extension WHERE extname = 'vector'"
            ).fetchone()[0]
            print(f"  PostgreSQL {version}, pgvector {pgv}", flush=True)
            embed.embed_sentences(["warm-up"])
            sampler = RssSampler()
            for n in sizes:
                vectors, articles = story_vectors(n, embed.embed_sentences)
                sampler.mark()
                t0 = time.perf_counter()
                exact = candidate_pairs(vectors, articles)
                in_process = time.perf_counter() - t0
                peak = sampler.peak() - sampler.current()
                timings = {}
                t0 = time.perf_counter()
                found = candidates.database_pairs(
                    vectors, articles, cursor=conn.cursor(), timings=timings
                )
                database = time.perf_counter() - t0
                recall = len(pairs_set(exact) & pairs_set(found)) / max(1, len(exact))
                near = as_near_as_exact(exact, found, TOP_K)
                steps = ", ".join(f"{step} {fmt_s(s)}" for step, s in timings.items())
                label = f"{n:,} articles ({len(vectors):,} sentences)"
                results.add(
                    f"in-process candidates, {label}",
                    fmt_s(in_process),
                    note=f"peak RSS above the vectors {mib(peak)} MiB",
                )
                results.add(
                    f"pgvector candidates, {label}",
                    fmt_s(database),
                    note=f"{steps}; {cpu_load()}",
                )
                results.add(f"pgvector / in-process time, {label}", f"{database / in_process:.1f}x")
                results.add(
                    f"pgvector recall of the exact pairs, {label}",
                    f"{recall:.4f}",
                    note=f"{len(exact):,} exact pairs, ef_search {candidates.HNSW_EF_SEARCH}",
                )
                results.add(
                    f"pgvector pairs as near as an exact one, {label}",
                    f"{near:.4f}",
                    note="ties between wire copies counted as right",
                )
                results.details[f"vectors_{n}"] = {
                    "sentences": len(vectors),
                    "in_process_s": in_process,
                    "database_s": database,
                    "database_steps_s": timings,
                    "recall": recall,
                    "as_near_as_exact": near,
                    "postgres": version,
                    "pgvector": pgv,
                    "load": os.getloadavg(),
                }
            sampler.stop()
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    section_main("vectors", run)
