"""Section 9: bounded cost on hostile text (issue 14).

A 2 MB line with no sentence punctuation used to hang `manage.py ingest` for minutes:
pysbd's time grows with the square of the line it is given and value extraction's with
the length of the sentence. Now segment hands pysbd windows of at most SPLITTER_WINDOW
characters and keeps no sentence over MAX_SENTENCE_CHARS, and ingest refuses a run of more
than MAX_RUN_WITHOUT_BREAK characters without a sentence break before anything is stored.

Measured, all in this process, as ratios:
- growth: the time of segment + value extraction (the indexer's per-article CPU work before
  embedding) at 2n characters over n, for each shape of text. Linear is 2.0; the uncut
  path (the whole line as one sentence into value extraction, as before) is shown for the
  same shapes at smaller sizes as the baseline.
- hostile / prose: the cost per character of each hostile shape over ordinary prose.
- ingest: the time to refuse the 2 MB line, over the time to read a 2 MB prose file.
"""

import random
import time

from benchmarks.common import Results, cpu_load, django_setup, section_main

WORDS = (
    "the council said 14 people and officials in the capital met on Monday with 300 troops "
    "after the floods of 2014 cost $2.5 million"
).split()


def _salad(n: int, rng: random.Random, sep: str = " ") -> str:
    out, size = [], 0
    while size < n:
        w = rng.choice(WORDS)
        out.append(w)
        size += len(w) + len(sep)
    return sep.join(out)[:n]


def shapes(rng):
    """name -> function of n giving a text of about n characters."""
    return {
        "prose": lambda n: " ".join(
            f"{_salad(120, rng).capitalize()}." for _ in range(max(1, n // 122))
        ),
        "no punctuation": lambda n: _salad(n, rng),
        "open quote, no full stop": lambda n: '"' + _salad(n - 1, rng),
        "abbreviations only": lambda n: ("U.S. Gen. Mr. " * (n // 14 + 1))[:n],
        "no spaces": lambda n: "x" * n,
        "numbers only": lambda n: _salad(n, rng, sep=", ").replace("the", "7"),
    }


def _best(fn, repeats):
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def index_work(text: str):
    from newscompare.pipeline import segment, values

    segment._line_spans.cache_clear()
    content = [s.text for s in segment.segment_text(text) if not s.is_boilerplate]
    return values.extract_article_values(content, None)


def uncut_work(text: str):
    """The path before the fix: the whole line to pysbd (unless it is one sentence), and
    each sentence it gives, however long, to value extraction."""
    from newscompare.pipeline import segment, values

    one = segment._ONE_SENTENCE.fullmatch(text.strip())
    sentences = [text] if one else segment._segmenter().segment(text)
    return [values.extract_values(s, None) for s in sentences]


def run(results: Results, quick: bool = False):
    django_setup()
    from newscompare.ingest.readers import read_bytes
    from newscompare.news.records import Rejection

    rng = random.Random(14)
    n = 8_000 if quick else 32_000
    n_uncut = 4_000 if quick else 8_000
    repeats = 2 if quick else 3
    made = shapes(rng)
    index_work(made["prose"](2_000))  # load pysbd and warm the extractor's caches
    uncut_work(made["prose"](500))
    prose_rate = None
    for name, make in made.items():
        small, large = make(n), make(2 * n)
        t_small = _best(lambda s=small: index_work(s), repeats)
        t_large = _best(lambda s=large: index_work(s), repeats)
        rate = t_large / len(large)
        if name == "prose":
            prose_rate = rate
        growth = t_large / t_small
        results.add(
            f"{name}: time at {2 * n:,} / {n:,} chars",
            f"{growth:.2f}x",
            "<= 2.5x (linear is 2.0)",
            growth <= 2.5,
            f"{t_large * 1e6 / len(large):.1f} us/char; {cpu_load()}",
        )
        if name != "prose":
            ratio = rate / prose_rate
            results.add(
                f"{name}: cost per char / prose",
                f"{ratio:.2f}x",
                "<= 5x",
                ratio <= 5,
                "",
            )
            u_small, u_large = make(n_uncut), make(2 * n_uncut)
            u_growth = _best(lambda s=u_large: uncut_work(s), 1) / _best(
                lambda s=u_small: uncut_work(s), 1
            )
            results.add(
                f"{name}: uncut baseline, time at {2 * n_uncut:,} / {n_uncut:,} chars",
                f"{u_growth:.2f}x",
                "",
                None,
                "the whole line to pysbd and each sentence to value extraction, as before the fix",
            )
    line = _salad(2 * 1024 * 1024, rng).encode()
    prose = made["prose"](2 * 1024 * 1024).encode()
    t_refuse = _best(lambda: list(read_bytes("line.txt", line)), repeats)
    t_read = _best(lambda: list(read_bytes("prose.txt", prose)), 1)
    [refused] = list(read_bytes("line.txt", line))
    results.add(
        "ingest: refuse the 2 MB line / read a 2 MB prose file",
        f"{t_refuse / t_read:.3f}x",
        "< 1x and refused",
        t_refuse < t_read and isinstance(refused, Rejection),
        f"{t_refuse * 1000:.0f} ms: {getattr(refused, 'reason', 'NOT refused')[:70]}...",
    )
    results.details["prose_us_per_char"] = prose_rate * 1e6


if __name__ == "__main__":
    section_main("bounded", run)
