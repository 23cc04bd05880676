"""Judge sentence pairs (CONTRACT §3) with the story pipeline's own stages: values,
embeddings, the pair model, the alignment score and the value comparison."""

import numpy as np

from newscompare.lib.dates import parse_published

from . import align, embed, pair_model, values, verdict


def _date(value):
    parsed = parse_published(value) if value else None
    return parsed.date() if parsed else None


def judge_pairs(rows: list[dict]) -> list[dict]:
    """One output dict per input row, same order."""
    texts_a = [str(r.get("a", "")) for r in rows]
    texts_b = [str(r.get("b", "")) for r in rows]
    vectors = embed.embed_sentences(texts_a + texts_b)
    va, vb = vectors[: len(rows)], vectors[len(rows) :]
    cosines = np.einsum("ij,ij->i", va, vb) if len(rows) else []
    probabilities = pair_model.probabilities(list(zip(texts_a, texts_b, strict=True)))
    out = []
    for row, a, b, cos, p in zip(rows, texts_a, texts_b, cosines, probabilities, strict=True):
        values_a = values.extract_values(a, _date(row.get("a_published")))
        values_b = values.extract_values(b, _date(row.get("b_published")))
        same, score = align.same_claim(float(cos), values_a, values_b, a, b, probability=float(p))
        relation = (
            verdict.compare_values(values_a, values_b, text_a=a, text_b=b).relation
            if same
            else "unrelated"
        )
        out.append(
            {
                "id": row.get("id"),
                "same_claim": same,
                "similarity": round(float(score), 4),
                "relation": relation,
            }
        )
    return out
