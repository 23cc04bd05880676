"""Section 7: profile the slowest stage around the model on a large story, and measure the
proposed fixes (benchmarks/patches.py) against the code as it is, on the same inputs.

Stages run here without the database, exactly as the runner calls them, on a synthetic
story (1,000 articles; 300 with --quick). pyinstrument profiles whichever non-model stage is
slowest; its call tree is written to benchmarks/out/profile-<stage>.txt. Each patched stage
must give the same output as the original: the row says so, or the figure does not count.
"""
import datetime as dt
import json
import time
from pathlib import Path

from benchmarks.common import CORPUS, ROOT, Results, cpu_load, fmt_s, section_main

OUT = ROOT / "benchmarks" / "out"


def _timed(fn, *args):
    t0 = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - t0


def run(results: Results, quick: bool = False):
    from benchmarks import patches
    from benchmarks.scaling import BorrowedVectors
    from benchmarks.synthetic import make_story
    from newscompare.pipeline import align, embed, segment, syndication, values

    n = 300 if quick else 1000
    story = make_story(n)
    texts = {i: a["text"] for i, a in enumerate(story.articles)}
    published = {i: dt.date.fromisoformat(a["published"][:10]) for i, a in enumerate(story.articles)}

    def run_segment():
        return {i: segment.segment_text(t) for i, t in texts.items()}

    segs, t_segment = _timed(run_segment)
    content = [(i, s.text) for i, ss in segs.items() for s in ss if not s.is_boilerplate]
    vals, t_values = _timed(lambda: [values.extract_values(t, published[i]) for i, t in content])
    vectors = BorrowedVectors(story, embed.embed_sentences)([t for _, t in content])
    items = [align.Item(article=i, values=v) for (i, _), v in zip(content, vals)]
    groups, t_synd = _timed(syndication.wire_groups, texts)
    claims, t_align = _timed(align.align_sentences, items, vectors)
    before = {"segment": t_segment, "values": t_values, "syndication": t_synd, "align": t_align}
    slowest = max(before, key=before.get)
    print(f"  {n} articles, {len(content)} sentences: " + ", ".join(f"{k} {v:.2f}s" for k, v in before.items())
          + f" ({cpu_load()})", flush=True)

    # profile the slowest stage
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.002)
    profiler.start()
    {"segment": lambda: [segment.segment_text(t) for t in list(texts.values())[: max(50, n // 5)]],
     "values": lambda: [values.extract_values(t, published[i]) for i, t in content[: len(content) // 5]],
     "syndication": lambda: syndication.wire_groups(texts),
     "align": lambda: align.align_sentences(items, vectors)}[slowest]()
    profiler.stop()
    OUT.mkdir(parents=True, exist_ok=True)
    report = profiler.output_text(unicode=False, color=False)
    (OUT / f"profile-{slowest}.txt").write_text(report)
    results.details["profile"] = report[:4000]
    results.add("slowest stage besides the model", f"{slowest} {fmt_s(before[slowest])}", note=(
        f"{n}-article story, {len(content)} sentences; profile in benchmarks/out/profile-{slowest}.txt; "
        + "; ".join(f"{k} {fmt_s(v)}" for k, v in before.items())))

    # the fixes, same inputs, output compared
    segment._split_line, original_split = patches.split_line, segment._split_line
    try:
        patches._split_line_cached.cache_clear()
        segs2, t_segment2 = _timed(run_segment)
        # the line cache helps synthetic stories more than real ones (their lines repeat):
        # also time real, distinct texts (ECB+ dev articles, every corpus story) without it
        real = _real_texts()[: 100 if quick else 300]
        patches._split_line_cached.cache_clear()
        _, t_real_patched = _timed(lambda: [segment.segment_text(t) for t in real])
    finally:
        segment._split_line = original_split
    real_segs, t_real = _timed(lambda: [segment.segment_text(t) for t in real])
    segment._split_line = patches.split_line
    patches._split_line_cached.cache_clear()
    real_segs2 = [segment.segment_text(t) for t in real]
    segment._split_line = original_split
    same_seg = segs2 == segs and real_segs2 == real_segs
    groups2, t_synd2 = _timed(patches.wire_groups, texts)
    claims2, t_align2 = _timed(patches.align_sentences, items, vectors)
    rows = [("segment", t_segment, t_segment2, same_seg,
             f"real distinct texts ({len(real)} ECB+/corpus articles): {fmt_s(t_real)} -> {fmt_s(t_real_patched)}"),
            ("syndication", t_synd, t_synd2, groups2 == groups, ""),
            ("align", t_align, t_align2, claims2 == claims, "")]
    for name, b, a, same, note in rows:
        results.add(f"fix {name}: before -> after", f"{fmt_s(b)} -> {fmt_s(a)} ({b / a:.1f}x)", "same output",
                    same, ("identical output" if same else "OUTPUT DIFFERS") + (f"; {note}" if note else ""))
    results.details["before"] = before
    results.details["after"] = {"segment": t_segment2, "syndication": t_synd2, "align": t_align2}


def _real_texts():
    texts = []
    for f in sorted((CORPUS.parent / "evaldata" / "ecbplus_dev").glob("t*.jsonl")) + \
            sorted(CORPUS.glob("*/articles.jsonl")):
        texts += [json.loads(line)["text"] for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    return list(dict.fromkeys(texts))


if __name__ == "__main__":
    section_main("profile", run)
