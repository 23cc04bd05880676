"""Rows a reader sees per story, and the one-fact-one-row rules, read from story exports.

    python benchmarks/fact_rows.py EXPORT.json [EXPORT.json ...]
    python benchmarks/fact_rows.py DIR          # every *.export.json in it (make eval --keep DIR)

For each export: claims, rows (claims that narrow no other: the matrix's rows), and how
often each rule is broken among the rows: two rows with the same members; a row whose
members all sit inside another row's; a unique row that repeats a sentence of a claim other
outlets share. Exit status 1 when any rule is broken.
"""

import itertools
import json
import sys
from pathlib import Path


def members(claim: dict) -> frozenset:
    return frozenset((m["article"], m["text"]) for m in claim["members"])


def check(export: dict) -> dict:
    claims = export["claims"]
    rows = [c for c in claims if not c.get("narrows")]
    sets = [members(c) for c in rows]
    shared = set().union(*(members(c) for c in claims if c["verdict"] != "unique"))
    return {
        "claims": len(claims),
        "rows": len(rows),
        "nested": len(claims) - len(rows),
        "same_members": sum(a == b for a, b in itertools.combinations(sets, 2)),
        "inside_another": sum(
            any(a < b for j, b in enumerate(sets) if j != i) for i, a in enumerate(sets)
        ),
        "unique_repeats": sum(
            1 for c, s in zip(rows, sets, strict=True) if c["verdict"] == "unique" and s & shared
        ),
    }


def main(argv: list[str]) -> int:
    paths = []
    for arg in argv or ["."]:
        p = Path(arg)
        paths += sorted(p.glob("*.export.json")) if p.is_dir() else [p]
    broken = 0
    print("| story | claims | rows | nested | same members | inside another | unique repeats |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for path in paths:
        export = json.loads(path.read_text(encoding="utf-8"))
        r = check(export)
        broken += r["same_members"] + r["inside_another"] + r["unique_repeats"]
        print(
            f"| {export.get('story', path.stem)} | {r['claims']} | {r['rows']} | {r['nested']} "
            f"| {r['same_members']} | {r['inside_another']} | {r['unique_repeats']} |"
        )
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
