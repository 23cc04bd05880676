"""Sections 1 and 2: pipeline overhead over the bare model, and re-index of unchanged text.

In one process, on a throwaway SQLite database: for each story (the seed story and every
story in shared/corpus), index it end to end through the runner (the job's own code path),
then time the bare model (the configured backend's encode) on exactly the sentences the
runner embedded, with the same batch size; then run the same index job again on the
unchanged story (a re-index). The figures are ratios inside this run, so a busy machine
moves both sides alike. Rounds are repeated on fresh copies of the stories and the fastest
round is kept for each figure.
"""

import statistics
import time

from benchmarks.common import (
    Results,
    StageTimer,
    clear_embedding_cache,
    corpus_stories,
    cpu_load,
    django_setup,
    fmt_s,
    section_main,
)

OWN_TARGET = 1.10  # issue 15: index time / the model time inside it


def _install_timers(timer: StageTimer, captured: list, cache: dict):
    """Time every stage; the embed stage also records the texts it was given and their vectors."""
    from newscompare.pipeline import embed

    model_embed = embed.embed_sentences

    def capturing(texts):
        captured.extend(texts)
        vectors = model_embed(texts)
        cache.update(zip(texts, vectors, strict=True))
        return vectors

    timer.wrap_stages({"embed": capturing})


def bare_encode(texts, batch_size):
    """The floor: the configured backend's model alone on the same texts with the same batch
    size."""
    from newscompare.pipeline import embed, onnx_encoder

    t = time.perf_counter()
    if embed.backend() == "onnx":
        onnx_encoder.get_encoder().encode(list(texts), batch_size=batch_size)
    else:
        embed.get_model().encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
    return time.perf_counter() - t


def index_once(story, timer):
    from newscompare.pipeline import leases, runner

    t0 = time.perf_counter()
    run = leases.start_run(story)
    runner.run_index(run)
    return time.perf_counter() - t0


def run(results: Results, quick: bool = False):
    django_setup()
    from newscompare import pipeline
    from newscompare.news import services
    from newscompare.pipeline import embed

    rounds = 1 if quick else 3
    t0 = time.perf_counter()
    embed.load()
    results.details["model_load_s"] = time.perf_counter() - t0
    bare_encode(["warm-up sentence for the benchmark"] * 8, embed.BATCH_SIZE)

    stories = corpus_stories()
    records = {}
    from benchmarks.common import load_corpus_records

    for slug, folder in stories:
        records[slug] = [r for r in load_corpus_records(folder) if hasattr(r, "text")]

    per_round = []
    for rnd in range(rounds):
        totals = {
            "index": 0.0,
            "bare": 0.0,
            "reindex": 0.0,
            "reindex_cached": 0.0,
            "sentences": 0,
            "articles": 0,
        }
        stage_sum = {}
        for slug, _ in stories:
            story = services.get_or_create_story(f"{slug}-r{rnd}")
            for rec in records[slug]:
                services.add_article(story, rec)
            clear_embedding_cache()
            timer, captured, cache = StageTimer(), [], {}
            _install_timers(timer, captured, cache)
            try:
                t_index = index_once(story, timer)
            finally:
                timer.unwrap()
            t_bare = bare_encode(captured, embed.BATCH_SIZE)
            t_reindex = index_once(story, None)
            # a stage's VERSION bumped: everything is computed again, vectors from the cache
            bumped = pipeline.PIPELINE_VERSION
            pipeline.PIPELINE_VERSION = f"{bumped}+bench-r{rnd}"
            try:
                t_reindex_cached = index_once(story, None)
            finally:
                pipeline.PIPELINE_VERSION = bumped
            totals["index"] += t_index
            totals["bare"] += t_bare
            totals["reindex"] += t_reindex
            totals["reindex_cached"] += t_reindex_cached
            totals["sentences"] += len(captured)
            totals["articles"] += len(records[slug])
            totals["embed_in_index"] = totals.get("embed_in_index", 0.0) + timer.seconds.get(
                "embed", 0.0
            )
            for k, v in timer.seconds.items():
                stage_sum[k] = stage_sum.get(k, 0.0) + v
            stage_sum["db+other"] = (
                stage_sum.get("db+other", 0.0) + t_index - sum(timer.seconds.values())
            )
        totals["stages"] = stage_sum
        per_round.append(totals)
        print(
            f"  round {rnd + 1}: index {totals['index']:.2f}s, bare encode {totals['bare']:.2f}s, "
            f"re-index {totals['reindex']:.2f}s ({cpu_load()})",
            flush=True,
        )

    # Two views of the same question. index/bare compares two timed runs; on a busy machine
    # either can catch a burst of someone else's work, so the median over rounds is given with
    # its spread. index/own-model divides the index run by the model time inside that same run:
    # no second measurement, so no cross-run noise; it is the figure the target is judged on,
    # while the runner's embed time against the bare encode shows the runner does not slow the
    # model down (batching, padding).
    ratios = sorted(r["index"] / max(1e-9, r["bare"]) for r in per_round)
    ratio = statistics.median(ratios)
    own = statistics.median(r["index"] / max(1e-9, r["embed_in_index"]) for r in per_round)
    in_runner = statistics.median(r["embed_in_index"] / max(1e-9, r["bare"]) for r in per_round)
    best = min(per_round, key=lambda r: r["index"])
    stage_txt = ", ".join(
        f"{k} {fmt_s(v)}" for k, v in sorted(best["stages"].items(), key=lambda kv: -kv[1])
    )
    results.details.update({"rounds": per_round, "stories": [s for s, _ in stories]})
    results.add(
        "index / model time inside it",
        f"{own:.2f}x",
        f"<= {OWN_TARGET}",
        own <= OWN_TARGET,
        f"{len(stories)} stories, {best['articles']} articles, {best['sentences']} sentences, "
        f"median of "
        f"{len(per_round)} rounds; fastest round: index {fmt_s(best['index'])}, stages: "
        f"{stage_txt}",
    )
    results.add(
        "index / bare model.encode (same sentences, batch)",
        f"{ratio:.2f}x",
        "<= 1.15",
        ratio <= 1.15,
        f"median of {len(per_round)} rounds, range {ratios[0]:.2f}-{ratios[-1]:.2f}x; the "
        f"runner's embed "
        f"calls took {in_runner:.2f}x the bare encode (differences are batching plus machine "
        f"noise)",
    )
    speedup = statistics.median(r["index"] / max(1e-9, r["reindex"]) for r in per_round)
    results.add(
        "re-index unchanged / first index",
        f"{speedup:.1f}x faster",
        ">= 30x",
        speedup >= 30,
        f"median of {len(per_round)} rounds; fastest re-index "
        f"{fmt_s(min(r['reindex'] for r in per_round))}"
        f" vs first index {fmt_s(min(r['index'] for r in per_round))}",
    )
    cached = statistics.median(r["index"] / max(1e-9, r["reindex_cached"]) for r in per_round)
    results.add(
        "re-index after a stage VERSION bump / first index",
        f"{cached:.1f}x faster",
        "",
        None,
        f"re-index {fmt_s(min(r['reindex_cached'] for r in per_round))}: every stage runs again "
        "and the claims are rewritten; the vectors come from the cache (the model is unchanged)",
    )
    results.details["model_load"] = fmt_s(results.details["model_load_s"])


if __name__ == "__main__":
    section_main("overhead", run)
