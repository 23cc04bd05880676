"""Canonical JSON of align_claims' output on fixed inputs, to prove that a change to the align
package leaves its output byte-identical.

Inputs: the three gold corpora (shared/corpus/*/articles.jsonl), the ECB+ topic
shared/evaldata/ecbplus_dev/t1_mixed.jsonl, and the synthetic 1,000-article story of the
scaling benchmark (vectors borrowed as there, see scaling.BorrowedVectors). Items are built
as the runner builds them (first sentence a headline when it looks like one, the article's
publication day, clause items after the sentences). The items and vectors are cached
(--inputs, a pickle) so later runs time and compare align alone.

    python benchmarks/align_identity.py --inputs /tmp/align-inputs.pkl --out /tmp/before.json
    python benchmarks/align_identity.py --inputs /tmp/align-inputs.pkl --out /tmp/after.json
    cmp /tmp/before.json /tmp/after.json
"""

import argparse
import datetime as dt
import json
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"
ECB_TOPIC = SHARED / "evaldata" / "ecbplus_dev" / "t1_mixed.jsonl"


def _rows(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _published(row: dict):
    try:
        return dt.date.fromisoformat(row.get("published", "")[:10])
    except ValueError:
        return None


def build_items(rows: list[dict], embed_fn):
    """(items + clause items, vectors) for one story's article rows, as the runner builds them."""
    from newscompare.pipeline import segment, values
    from newscompare.pipeline.align.clauses import with_clauses
    from newscompare.pipeline.align.items import Item

    items, texts = [], []
    for k, row in enumerate(rows):
        published = _published(row)
        first = True
        for s in segment.segment_text(row["text"]):
            if s.is_boilerplate:
                continue
            items.append(
                Item(
                    article=k,
                    values=values.extract_values(s.text, published),
                    text=s.text,
                    headline=first and segment.looks_like_headline(s.text),
                    published=published,
                )
            )
            texts.append(s.text)
            first = False
    return with_clauses(items, embed_fn(texts), embed_fn)


def build_inputs() -> dict:
    """{name: (items, vectors)} for the four inputs."""
    from benchmarks.scaling import BorrowedVectors
    from benchmarks.synthetic import make_story
    from newscompare.pipeline import embed

    inputs = {}
    for folder in sorted((SHARED / "corpus").iterdir()):
        if (folder / "articles.jsonl").is_file():
            inputs[folder.name] = build_items(
                _rows(folder / "articles.jsonl"), embed.embed_sentences
            )
    inputs["ecbplus-t1_mixed"] = build_items(_rows(ECB_TOPIC), embed.embed_sentences)
    story = make_story(1000)
    inputs["synthetic-1000"] = build_items(
        story.articles, BorrowedVectors(story, embed.embed_sentences)
    )
    return inputs


def canonical(claims) -> list:
    """The claims as plain JSON: members, slot and focus values, in align_claims' order."""
    return [
        {
            "members": list(c.members),
            "slot": c.slot,
            "focus": [[i, c.focus[i]] for i in sorted(c.focus)],
        }
        for c in claims
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--inputs", type=Path, help="pickle of the built inputs (built and written when missing)"
    )
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--only", help="one input by name")
    args = parser.parse_args()

    from benchmarks.common import django_setup

    django_setup()
    from newscompare.pipeline import align

    if args.inputs and args.inputs.is_file():
        inputs = pickle.loads(args.inputs.read_bytes())
    else:
        inputs = build_inputs()
        if args.inputs:
            args.inputs.write_bytes(pickle.dumps(inputs))
    out = {}
    for name, (items, vectors) in inputs.items():
        if args.only and name != args.only:
            continue
        t0 = time.perf_counter()
        claims = align.align_claims(items, vectors)
        print(
            f"{name}: {len(items)} items, {len(claims)} claims, align "
            f"{time.perf_counter() - t0:.2f} s",
            flush=True,
        )
        out[name] = canonical(claims)
    args.out.write_text(json.dumps(out, sort_keys=True, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
