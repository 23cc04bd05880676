"""Database writes of an index: how many queries `services.replace_index` sends and how long
it takes, for a first index and a re-index (the old sentences and claims deleted first), on
SQLite and on a fresh PostgreSQL database.

The story is synthetic (benchmarks/synthetic.py) and its vectors are made up: each corpus
sentence gets a fixed random unit vector and a mutated copy a nudged one, so claims form
across articles as they do with the model, without running it. Only the writes are measured.

    python -m benchmarks.db_writes [--articles 100] [--out FILE]
"""

import argparse
import hashlib
import json
import sys
import time

import numpy as np

from benchmarks.common import cpu_load, django_setup, fresh_postgres

DIM = 384


class MadeUpVectors:
    """embed.embed_sentences' stand-in: a vector per base sentence, nudged for its copies."""

    def __init__(self, story):
        self.base_of = story.base_of

    def __call__(self, texts):
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            base = self.base_of.get(text)
            seed = base if base is not None else _hash_seed(text)
            v = np.random.default_rng(seed).normal(size=DIM).astype(np.float32)
            if base is not None:
                v += np.random.default_rng(_hash_seed(text)).normal(0, 0.1, DIM).astype(np.float32)
            out[i] = v / np.linalg.norm(v)
        return out


def _hash_seed(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


def measure(n_articles: int) -> dict:
    """Index a synthetic story twice (first index, then a re-index of changed inputs) and
    return the queries, wall seconds and this process's CPU seconds of replace_index in each
    (the CPU figure leaves out the database server's work, and most of a busy machine's noise)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from benchmarks.synthetic import as_records, make_story
    from newscompare.news import services
    from newscompare.news.models import Claim, ClaimMember, Sentence, Story
    from newscompare.pipeline import embed, runner

    data = make_story(n_articles)
    story = services.get_or_create_story(f"db-writes-{n_articles}")
    for rec in as_records(data):
        services.add_article(story, rec)
    original_embed, original_replace = embed.embed_sentences, services.replace_index
    seen = []

    def counted(*args, **kwargs):
        with CaptureQueriesContext(connection) as ctx:
            t0, c0 = time.perf_counter(), time.process_time()
            diff = original_replace(*args, **kwargs)
            seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        kinds = {}
        for q in ctx.captured_queries:
            word = q["sql"].lstrip().split(" ", 1)[0].upper()
            kinds[word] = kinds.get(word, 0) + 1
        seen.append(
            {"queries": len(ctx.captured_queries), "seconds": seconds, "cpu": cpu, "kinds": kinds}
        )
        return diff

    embed.embed_sentences, services.replace_index = MadeUpVectors(data), counted
    try:
        runner.index_story_now(story)
        Story.objects.filter(pk=story.pk).update(index_key="")  # inputs "changed": rewrite
        runner.index_story_now(story)
    finally:
        embed.embed_sentences, services.replace_index = original_embed, original_replace
    return {
        "articles": n_articles,
        "sentences": Sentence.objects.filter(article__story=story).count(),
        "claims": Claim.objects.filter(story=story).count(),
        "members": ClaimMember.objects.filter(claim__story=story).count(),
        "first": seen[0],
        "again": seen[1],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--out", help="write the figures as JSON here")
    args = parser.parse_args(argv)
    if args.database == "postgres":
        with fresh_postgres() as url:
            django_setup(database_url=url)
            figures = measure(args.articles)
    else:
        django_setup()
        figures = measure(args.articles)
    figures["database"], figures["load"] = args.database, cpu_load()
    for phase in ("first", "again"):
        f = figures[phase]
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(f["kinds"].items()))
        print(
            f"{args.database} {figures['articles']} articles, {figures['sentences']} sentences, "
            f"{figures['claims']} claims, {figures['members']} members; {phase} index: "
            f"{f['queries']} queries ({kinds}), {f['seconds']:.2f} s wall, {f['cpu']:.2f} s CPU "
            f"in this process ({figures['load']})"
        )
    if args.out:
        with open(args.out, "w") as fh:
            json.dump(figures, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
