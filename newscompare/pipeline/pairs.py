"""Judge sentence pairs (CONTRACT §3) with the story pipeline's own stages: values,
embeddings, the pair model, the alignment score and the value comparison.

Per pair (`judge_pair`): the value comparison (verdict.compare_values), same claim?
(`same_claim`), a graded similarity (`similarity`, which also reads whether the figures
conflict), and for a pair judged the same claim, agree or diverge. benchmarks/pair_rules.py
calls `judge_pair` on cached cosines and probabilities to measure each rule on the pair files'
tune and check halves.
"""

import numpy as np

from newscompare.lib.dates import parse_published

from . import embed, pair_model, values, verdict
from .align.score import content_words, lexical_overlap, pair_score
from .align.slots import fact_slots

PAIR_SAME = 0.5  # the pair model's probability that decides "same claim"
# adjusted cosine score for "same claim" when both state one kind of fact; tuned on the MSRP
# tune half with the pair model's cross-fitted probabilities (pair_rules.py --crossfit 2)
SAME_CLAIM = 0.55
# similarity(): intercept and weights of similarity_features, least squares on the STS-B news
# dev tune half with the pair model's cross-fitted probabilities (`benchmarks/pair_rules.py
# --similarity --crossfit 2`): the model trained on MSRP's tune half, and 295 tune pairs of
# STS-B are MSRP pairs it trained on, where its own probability is in-sample.
SIMILARITY_FIT = (-3.187, 7.127, 0.344, 0.966, -0.512, 1.418, -1.593, 0.354, -0.295)


def _date(value):
    parsed = parse_published(value) if value else None
    return parsed.date() if parsed else None


def same_claim(
    cosine: float, values_a: list, values_b: list, text_a: str, text_b: str, probability: float
) -> bool:
    """The pair decision without story context.

    The pair model's probability (pair_model.py) decides, with one exception (class: one fact
    with a detail added): the model learned from MSRP that a sentence adding a detail is no
    paraphrase, so when both sentences state the same kind of fact (a count of one concept, a
    sum, a date, a quote) the adjusted cosine score (align.score.pair_score) may also decide."""
    if probability >= PAIR_SAME:
        return True
    if not set(fact_slots(values_a)) & set(fact_slots(values_b)):
        return False
    overlap = lexical_overlap(content_words(text_a), content_words(text_b))
    return pair_score(cosine, values_a, values_b, overlap) >= SAME_CLAIM


def similarity_features(
    cosine: float, probability: float, text_a: str, text_b: str, comparison, n_values: int
) -> list[float]:
    """What `similarity` weighs: 1 (the intercept), the cosine, the pair model's probability,
    the content words both share, whether the figures conflict, the sentences' length (log of
    their mean word count) alone and times the cosine, whether some figures agree and how
    many values both state (log 1 + n). `comparison`: verdict.compare_values of the pair."""
    overlap = lexical_overlap(content_words(text_a), content_words(text_b))
    length = np.log((len(text_a.split()) + len(text_b.split())) / 2 or 1.0)
    return [
        1.0,
        cosine,
        probability,
        overlap,
        float(bool(comparison.conflicts)),
        length,
        length * cosine,
        float(bool(comparison.matches)),
        float(np.log1p(n_values)),
    ]


def similarity(features: list[float]) -> float:
    """How alike the two sentences are, graded from 0 to 1 (CONTRACT §3 'similarity'): an STS
    score (0-5) predicted from `similarity_features` by SIMILARITY_FIT, divided by 5.
    The embedding and the pair model (which reads figures masked) barely see a changed figure,
    and people grading similarity do ("the index rose 0.7 percent" / "rose 1.3 percent" are
    two reports); figures that agree are shared content. The cosine weighs less in long
    sentences: two long sentences on one topic share much of their meaning and still differ
    in what people grade. SIMILARITY_FIT was fitted by least squares on the STS-B news dev
    tune half only (benchmarks/QUALITY.md rounds 10, 12 and 15)."""
    score = float(np.dot(SIMILARITY_FIT, features))
    return min(1.0, max(0.0, score / 5))


def count_values(values: list) -> int:
    """How many values a sentence states, names not counted."""
    return sum(v["type"] != "entity" for v in values)


def judge_pair(row: dict, cosine: float, probability: float, values_a, values_b) -> dict:
    """One output line for one input row, its sentences' cosine, pair-model probability and
    values given."""
    a, b = str(row.get("a", "")), str(row.get("b", ""))
    comparison = verdict.compare_values(values_a, values_b, text_a=a, text_b=b)
    same = same_claim(cosine, values_a, values_b, a, b, probability)
    return {
        "id": row.get("id"),
        "same_claim": same,
        "similarity": round(
            similarity(
                similarity_features(
                    cosine,
                    probability,
                    a,
                    b,
                    comparison,
                    count_values(values_a) + count_values(values_b),
                )
            ),
            4,
        ),
        "relation": comparison.relation if same else "unrelated",
    }


def judge_pairs(rows: list[dict]) -> list[dict]:
    """One output dict per input row, same order."""
    texts_a = [str(r.get("a", "")) for r in rows]
    texts_b = [str(r.get("b", "")) for r in rows]
    vectors = embed.embed_sentences(texts_a + texts_b)
    va, vb = vectors[: len(rows)], vectors[len(rows) :]
    cosines = np.einsum("ij,ij->i", va, vb) if len(rows) else []
    probabilities = pair_model.probabilities(list(zip(texts_a, texts_b, strict=True)))
    return [
        judge_pair(
            row,
            float(cos),
            float(p),
            values.extract_values(a, _date(row.get("a_published"))),
            values.extract_values(b, _date(row.get("b_published"))),
        )
        for row, a, b, cos, p in zip(rows, texts_a, texts_b, cosines, probabilities, strict=True)
    ]
