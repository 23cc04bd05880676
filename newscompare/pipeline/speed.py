"""Time the pure stages on a list of articles, to check that value extraction and alignment
stay cheap next to the embeddings (the issue's budget: at most 15% of embedding time)."""

import time

from . import align, embed, segment, syndication, values, verdict
from .align.clauses import clause_items
from .align.items import Item


def _best_of(repeats, fn):
    best, result = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def time_stages(articles: list[dict], repeats: int = 3) -> dict:
    """articles: dicts with "text" and optional "published" (ISO date). Returns seconds per
    stage."""
    from newscompare.lib.dates import parse_published

    published = [
        parse_published(a["published"]).date() if a.get("published") else None for a in articles
    ]
    embed.load()  # loading the model is a one-off per process, not per story
    t_segment, segments = _best_of(
        repeats, lambda: [segment.segment_text(a["text"]) for a in articles]
    )
    content = [(k, s) for k, segs in enumerate(segments) for s in segs if not s.is_boilerplate]

    def extract():
        # Cold caches each time: a story's names are new to the process that indexes it.
        values.entity_key.cache_clear()
        values._foreign_month.cache_clear()
        values._values_of.cache_clear()
        return [values.extract_values(s.text, published[k]) for k, s in content]

    t_values, vals = _best_of(repeats, extract)
    items = [
        Item(article=k, values=v, text=s.text) for (k, s), v in zip(content, vals, strict=True)
    ]
    clauses = clause_items(items)
    t_embed, vectors = _best_of(
        2, lambda: embed.embed_sentences([s.text for _, s in content] + [c.text for c in clauses])
    )

    t_align, _ = _best_of(repeats, lambda: _align_and_judge(articles, content, vals, vectors))
    return {
        "sentences": len(content),
        "segment": t_segment,
        "values": t_values,
        "embed": t_embed,
        "align": t_align,
        "ratio": (t_values + t_align) / t_embed if t_embed else 0.0,
    }


def _align_and_judge(articles: list[dict], content: list, vals: list, vectors) -> list:
    """The align and verdict stages as the runner runs them (wire groups, clause items,
    align_claims, judge_claim): what time_stages times as "align"."""
    groups = syndication.wire_groups({k: a["text"] for k, a in enumerate(articles)})
    items = [
        Item(article=k, values=v, text=s.text) for (k, s), v in zip(content, vals, strict=True)
    ]
    claims = align.align_claims(items + clause_items(items), vectors)
    return [
        verdict.judge_claim(
            [
                verdict.Member(
                    label=str(content[i][0]),
                    source=groups[content[i][0]],
                    values=vals[i],
                    text=content[i][1].text,
                    focus=claim.focus.get(i),
                )
                for i in claim.members
            ],
            one_fact=bool(claim.slot),
        )
        for claim in claims
    ]
