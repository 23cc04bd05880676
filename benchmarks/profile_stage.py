"""Section 7: profile the slowest stage around the model on a large story.

Stages run here without the database, exactly as the runner calls them, on a synthetic
story (1,000 articles; 300 with --quick). pyinstrument profiles whichever non-model stage is
slowest; its call tree is written to benchmarks/out/profile-<stage>.txt. (The segment and
syndication fixes this section once measured as patches are in the stages now; a fix for
align, written against older align code, is left to the align work.)
"""

import datetime as dt
import time

from benchmarks.common import ROOT, Results, cpu_load, fmt_s, section_main

OUT = ROOT / "benchmarks" / "out"


def _timed(fn, *args):
    t0 = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - t0


def run(results: Results, quick: bool = False):
    from benchmarks.scaling import BorrowedVectors
    from benchmarks.synthetic import make_story
    from newscompare.pipeline import align, embed, segment, syndication, values
    from newscompare.pipeline.align.clauses import with_clauses
    from newscompare.pipeline.align.items import Item

    n = 300 if quick else 1000
    story = make_story(n)
    texts = {i: a["text"] for i, a in enumerate(story.articles)}
    published = {  # ECB+ sources carry no publication date
        i: dt.date.fromisoformat(a["published"][:10]) if a["published"] else None
        for i, a in enumerate(story.articles)
    }

    segment._line_spans.cache_clear()
    values._values_of.cache_clear()
    segs, t_segment = _timed(lambda: {i: segment.segment_text(t) for i, t in texts.items()})
    content = [(i, s.text) for i, ss in segs.items() for s in ss if not s.is_boilerplate]
    vals, t_values = _timed(lambda: [values.extract_values(t, published[i]) for i, t in content])
    embed_texts = BorrowedVectors(story, embed.embed_sentences)
    items = [Item(article=i, values=v, text=t) for (i, t), v in zip(content, vals, strict=True)]
    items, vectors = with_clauses(items, embed_texts([t for _, t in content]), embed_texts)
    groups, t_synd = _timed(syndication.wire_groups, texts)
    claims, t_align = _timed(align.align_claims, items, vectors)
    before = {"segment": t_segment, "values": t_values, "syndication": t_synd, "align": t_align}
    slowest = max(before, key=before.get)
    print(
        f"  {n} articles, {len(content)} sentences: "
        + ", ".join(f"{k} {v:.2f}s" for k, v in before.items())
        + f" ({cpu_load()})",
        flush=True,
    )

    # profile the slowest stage
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.002)
    profiler.start()
    {
        "segment": lambda: [
            segment.segment_text(t) for t in list(texts.values())[: max(50, n // 5)]
        ],
        "values": lambda: [
            values.extract_values(t, published[i]) for i, t in content[: len(content) // 5]
        ],
        "syndication": lambda: syndication.wire_groups(texts),
        "align": lambda: align.align_claims(items, vectors),
    }[slowest]()
    profiler.stop()
    OUT.mkdir(parents=True, exist_ok=True)
    report = profiler.output_text(unicode=False, color=False)
    (OUT / f"profile-{slowest}.txt").write_text(report)
    results.details["profile"] = report[:4000]
    results.add(
        "slowest stage besides the model",
        f"{slowest} {fmt_s(before[slowest])}",
        note=(
            f"{n}-article story, {len(content)} sentences; profile in "
            f"benchmarks/out/profile-{slowest}.txt; "
            + "; ".join(f"{k} {fmt_s(v)}" for k, v in before.items())
        ),
    )

    results.details["before"] = before


if __name__ == "__main__":
    section_main("profile", run)
