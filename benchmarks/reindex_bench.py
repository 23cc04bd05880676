"""Re-indexing unchanged text versus the first index (issue 7): how much the embedding
cache saves. Prints timings and the ratio; asserts nothing.

    python benchmarks/reindex_bench.py [PATH ...] [--repeat 3]

PATH defaults to the seed story. Runs on a fresh SQLite database in a temporary directory
(or on DATABASE_URL when set). The model is loaded before timing, so both sides measure
indexing only; the re-index runs after a pipeline version bump, as a real upgrade would."""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "demo" / "seed-syria-2015")])
    parser.add_argument(
        "--repeat", type=int, default=3, help="re-index runs (the median is reported)"
    )
    args = parser.parse_args()

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("NEWSCOMPARE_VAR_DIR", tempfile.mkdtemp(prefix="reindex-bench-"))
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newscompare.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from newscompare import pipeline
    from newscompare.ingest.readers import read_paths
    from newscompare.news import services
    from newscompare.news.models import EmbeddingCache
    from newscompare.pipeline import embed, runner

    call_command("migrate", verbosity=0)
    story = services.get_or_create_story("reindex-bench")
    for record in read_paths(args.paths):
        services.add_article(story, record)
    EmbeddingCache.objects.all().delete()
    embed.load()
    embed.embed_sentences(["warm up the model once"])

    start = time.perf_counter()
    first = runner.index_story_now(story)
    first_s = time.perf_counter() - start

    again = []
    for n in range(args.repeat):
        pipeline.PIPELINE_VERSION += f"+bench{n}"
        start = time.perf_counter()
        result = runner.index_story_now(story)
        again.append(time.perf_counter() - start)
        assert result.encoded == 0
    median = statistics.median(again)
    print(
        f"story: {story.articles.count()} articles, {first.sentences} sentences, {first.claims} "
        f"claims"
    )
    print(f"first index (cold cache, {first.encoded} texts encoded): {first_s:.2f}s")
    print(
        f"re-index, unchanged text (all {result.cached} vectors cached): median {median:.3f}s "
        f"of {', '.join(f'{t:.3f}' for t in again)}"
    )
    print(f"ratio first/re-index: {first_s / median:.1f}x (issue 7 asks for at least 20x)")


if __name__ == "__main__":
    main()
