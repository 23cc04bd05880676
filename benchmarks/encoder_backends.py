"""Section 6: the same MiniLM through ONNX Runtime (fp32 and dynamic int8) against torch.
Every backend _backends() lists besides torch is compared with torch in the same run, so an
int8 variant under trial is one more entry there.

Speed: the gold stories' sentences plus a sample of MSRP dev sentences, encoded by each
backend in turn with the same batch size, rounds interleaved, fastest round kept.
Decisions: every gold story is indexed once per backend (the runner, SQLite), and we count
  - alignment decisions that change: over the candidate sentence pairs either backend
    considered (top-k neighbours in other articles), whether the two sit in one claim;
  - verdicts that change: per content sentence, the verdict of the claim holding it;
  - the official scorer (shared/eval/score_story.py): align_f1 and verdict_acc per backend;
  - MSRP dev pair decisions (judge_pairs' same_claim) on the sample.
The rule from the issue: a backend may become the default where it is >= 1.5x faster and
changes < 1% of decisions; an int8 graph (issue 15) where it is >= 2x faster than torch fp32,
changes < 0.5% of decisions and leaves every scorer figure within 0.01.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

from benchmarks.common import (
    CORPUS,
    GOLD,
    Results,
    clear_embedding_cache,
    cpu_load,
    django_setup,
    load_corpus_records,
    section_main,
)

MSRP = CORPUS.parent / "evaldata" / "msrp_dev.jsonl"


def _backends():
    from newscompare.pipeline import embed, onnx_encoder

    embed_sentences = embed.embed_sentences  # bound now: _index_with swaps the module's attribute

    def torch_embed(texts):
        return embed_sentences(texts, using="torch")

    return {
        "torch": torch_embed,
        "onnx": lambda texts: onnx_encoder.embed_sentences(texts, quantized=False),
        "onnx-int8": lambda texts: onnx_encoder.embed_sentences(texts, quantized=True),
    }


def _gold_stories():
    return [
        (p.stem, CORPUS / p.stem) for p in sorted(GOLD.glob("*.json")) if (CORPUS / p.stem).is_dir()
    ]


def _index_with(backend_fn, slug, folder, tag):
    """Index one story with embed.embed_sentences replaced; returns (export dict, decisions)."""
    from newscompare.news import services
    from newscompare.news.models import Sentence
    from newscompare.news.selectors import export_story
    from newscompare.pipeline import embed, runner
    from newscompare.pipeline.align.neighbours import candidate_pairs

    story = services.get_or_create_story(f"{slug}-{tag}")
    for rec in load_corpus_records(folder):
        services.add_article(story, rec)
    clear_embedding_cache()  # every backend computes its own vectors
    original = embed.embed_sentences
    embed.embed_sentences = backend_fn
    try:
        runner.index_story_now(story)
    finally:
        embed.embed_sentences = original
    export = export_story(story)
    # the same sentences in the same order for every backend: key by (article, position)
    rows = list(
        Sentence.objects.filter(article__story=story, is_boilerplate=False)
        .order_by("article__external_id", "position")
        .values_list("id", "article__external_id", "position", "embedding")
    )
    keys = [(a, p) for _, a, p, _ in rows]
    vectors = np.stack([np.frombuffer(e, dtype=np.float32) for *_, e in rows])
    articles = np.array([hash(a) for _, a, _, _ in rows])
    cands = {(keys[i], keys[j]) for i, j, _ in candidate_pairs(vectors, articles)}
    claim_of, verdict_of = {}, {}
    from newscompare.news.models import ClaimMember

    for sid, cid, verdict in ClaimMember.objects.filter(claim__story=story).values_list(
        "sentence_id", "claim_id", "claim__verdict"
    ):
        claim_of.setdefault(sid, set()).add(cid)
        verdict_of.setdefault(sid, set()).add(verdict)
    ids = {(a, p): sid for sid, a, p, _ in rows}
    return (
        export,
        cands,
        {k: claim_of.get(ids[k], set()) for k in keys},
        {k: tuple(sorted(verdict_of.get(ids[k], ()))) for k in keys},
    )


def _score(export, slug):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(export, f)
    scorer = CORPUS.parent / "eval" / "score_story.py"
    out = subprocess.run(
        [sys.executable, str(scorer), f.name, str(GOLD / f"{slug}.json"), "--json"],
        capture_output=True,
        text=True,
    )
    os.unlink(f.name)
    try:
        data = json.loads(out.stdout)
    except ValueError:
        return {}
    found = {}
    for part in data.get("summary", "").split():
        if "=" in part:
            k, v = part.split("=", 1)
            try:
                found[k] = float(v)
            except ValueError:
                found[k] = v  # the story's slug
    return found


def run(results: Results, quick: bool = False):
    django_setup()
    from newscompare.pipeline import embed, pairs, segment

    backends = _backends()
    # speed ------------------------------------------------------------------------------
    texts = []
    for _slug, folder in _gold_stories():
        for rec in load_corpus_records(folder):
            texts += [s.text for s in segment.segment_text(rec.text) if not s.is_boilerplate]
    rows = [json.loads(line) for line in MSRP.read_text().splitlines()[: (100 if quick else 300)]]
    texts += [r["a"] for r in rows] + [r["b"] for r in rows]
    for name, fn in backends.items():  # load, export (first use) and warm every backend first
        t0 = time.perf_counter()
        fn(["warm-up sentence"] * 4)
        results.details[f"{name}_first_use_s"] = round(time.perf_counter() - t0, 2)
    best = {name: float("inf") for name in backends}
    vectors = {}
    for _ in range(1 if quick else 2):
        for name, fn in backends.items():
            t0 = time.perf_counter()
            vectors[name] = fn(texts)
            best[name] = min(best[name], time.perf_counter() - t0)
    print(
        f"  encoded {len(texts)} sentences: "
        + ", ".join(f"{k} {v:.2f}s" for k, v in best.items())
        + f" ({cpu_load()})",
        flush=True,
    )
    # decisions on the gold stories -------------------------------------------------------
    per_backend = {}
    for name, fn in backends.items():
        per_backend[name] = {
            slug: _index_with(fn, slug, folder, name) for slug, folder in _gold_stories()
        }
    # MSRP pair decisions ----------------------------------------------------------------------
    pair_decisions = {}
    for name, fn in backends.items():
        original = embed.embed_sentences
        embed.embed_sentences = fn
        try:
            pair_decisions[name] = [
                (o["same_claim"], o["relation"]) for o in pairs.judge_pairs(rows)
            ]
        finally:
            embed.embed_sentences = original

    base = per_backend["torch"]
    results.details["speed_s"] = best
    for name in [n for n in backends if n != "torch"]:
        speedup = best["torch"] / best[name]
        cos = float(np.min(np.einsum("ij,ij->i", vectors["torch"], vectors[name])))
        align_total = align_changed = verdict_total = verdict_changed = 0
        scores = {}
        for slug in base:
            _, cands_t, claims_t, verd_t = base[slug]
            export_o, cands_o, claims_o, verd_o = per_backend[name][slug]
            for a, b in cands_t | cands_o:
                same_t = bool(claims_t[a] & claims_t[b])
                same_o = bool(claims_o[a] & claims_o[b])
                align_total += 1
                align_changed += same_t != same_o
            for k in verd_t:
                verdict_total += 1
                verdict_changed += verd_t[k] != verd_o[k]
            scores[slug] = (_score(base[slug][0], slug), _score(export_o, slug))
        pd_t, pd_o = pair_decisions["torch"], pair_decisions[name]
        pair_changed = sum(a[0] != b[0] for a, b in zip(pd_t, pd_o, strict=True))
        rel_changed = sum(a[1] != b[1] for a, b in zip(pd_t, pd_o, strict=True))
        align_pct = 100 * align_changed / max(1, align_total)
        verdict_pct = 100 * verdict_changed / max(1, verdict_total)
        pair_pct = 100 * pair_changed / max(1, len(pd_t))
        worst = max(align_pct, verdict_pct, pair_pct)
        # issue 15 holds an int8 graph to a stricter rule: >= 2x, < 0.5%, scores kept to 0.01
        min_speed, max_pct = (2.0, 0.5) if "int8" in name else (1.5, 1.0)
        scores_kept = all(
            abs((t.get(k) or 0) - (o.get(k) or 0)) <= 0.01
            for t, o in scores.values()
            for k in ("align_f1", "verdict_acc")
        )
        scores_kept = scores_kept or "int8" not in name
        ok = speedup >= min_speed and worst < max_pct and scores_kept
        results.add(
            f"{name} speed-up vs torch",
            f"{speedup:.2f}x",
            f">= {min_speed}x",
            speedup >= min_speed,
            f"{len(texts)} sentences, batch {embed.BATCH_SIZE}; min cosine to torch {cos:.4f}",
        )
        results.add(
            f"{name} decisions changed",
            f"align {align_changed}/{align_total} ({align_pct:.1f}%), "
            f"verdicts {verdict_changed}/{verdict_total} ({verdict_pct:.1f}%), MSRP same_claim "
            f"{pair_changed}/{len(pd_t)} ({pair_pct:.1f}%)",
            f"< {max_pct}%" + (", every scorer figure within 0.01" if "int8" in name else ""),
            worst < max_pct and scores_kept,
            f"MSRP relation changed {rel_changed}; scorer torch->{name}: "
            + "; ".join(
                f"{slug} f1 {t.get('align_f1')}->{o.get('align_f1')} verdict "
                f"{t.get('verdict_acc')}->"
                f"{o.get('verdict_acc')}"
                for slug, (t, o) in scores.items()
            ),
        )
        results.add(
            f"{name} as default?",
            "yes" if ok else "no",
            "",
            None,
            "meets both rules"
            if ok
            else "fails "
            + " and ".join(
                x
                for x, bad in (
                    ("speed", speedup < min_speed),
                    ("decisions", worst >= max_pct or not scores_kept),
                )
                if bad
            ),
        )
        results.details[name] = {
            "speedup": speedup,
            "min_cos": cos,
            "align": [align_changed, align_total],
            "verdicts": [verdict_changed, verdict_total],
            "msrp": [pair_changed, len(pd_t)],
            "scores": scores,
        }


if __name__ == "__main__":
    section_main("encoders", run)
