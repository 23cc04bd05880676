"""python manage.py judge_pairs IN.jsonl --output OUT.jsonl  (CONTRACT §3)"""

import json

from django.core.management.base import BaseCommand, CommandError

from newscompare.lib.progress import progress
from newscompare.pipeline.pairs import judge_pairs

# Pairs judged per progress step: big enough that the encoder's batches stay full.
PAIRS_PER_STEP = 512


def read_pairs(path: str) -> list[dict]:
    """The JSON objects of a .jsonl file; a bad line stops with its number."""
    rows = []
    try:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except ValueError as exc:
                    raise CommandError(
                        f"{path} line {number}: not valid JSON ({exc.msg})"
                    ) from None
                if not isinstance(row, dict):
                    raise CommandError(f"{path} line {number}: expected a JSON object")
                rows.append(row)
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
    return rows


class Command(BaseCommand):
    help = "Judge sentence pairs: same claim?, similarity, agree/diverge/unrelated."

    def add_arguments(self, parser):
        parser.add_argument("input")
        parser.add_argument("--output", required=True)

    def handle(self, *args, **opts):
        rows = read_pairs(opts["input"])
        with (
            open(opts["output"], "w", encoding="utf-8") as out,
            progress(total=len(rows), desc="judge_pairs", unit="pair") as bar,
        ):
            for start in range(0, len(rows), PAIRS_PER_STEP):
                chunk = rows[start : start + PAIRS_PER_STEP]
                for result in judge_pairs(chunk):
                    out.write(json.dumps(result) + "\n")
                bar.update(len(chunk))
        self.stdout.write(f"judged {len(rows)} pairs into {opts['output']}")
