"""python manage.py judge_pairs IN.jsonl --output OUT.jsonl  (CONTRACT §3)"""

import json
import re

from django.core.management.base import BaseCommand, CommandError

from newscompare.ingest.readers import BadRow, JsonNumber, json_kind, load_json
from newscompare.lib.progress import progress
from newscompare.pipeline.pairs import judge_pairs
from newscompare.pipeline.segment import MAX_SENTENCE_CHARS

# Pairs judged per progress step: big enough that the encoder's batches stay full.
PAIRS_PER_STEP = 512


def read_pairs(path: str) -> list[dict]:
    """The pairs of a .jsonl file; a bad line stops with its number and why, since the
    output must have one line for each input line."""
    rows = []
    try:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    rows.append(pair_row(load_json(line, one_line=True)))
                except BadRow as exc:
                    raise CommandError(f"{path} line {number}: {exc}") from None
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise CommandError(f"cannot read {path}: not UTF-8 (byte {exc.start})") from None
    return rows


def pair_row(row) -> dict:
    """One input line checked field by field (CONTRACT §3); raises BadRow. The sentences
    are strings of at most segment.MAX_SENTENCE_CHARS characters (no sentence the story
    pipeline makes is longer, and value extraction's cost grows with the length), the
    dates strings, the id a string or a whole number."""
    if not isinstance(row, dict):
        raise BadRow("expected a JSON object with 'a' and 'b' sentences")
    for key in ("a", "b"):
        value = row.get(key, "")
        if not isinstance(value, str) or isinstance(value, JsonNumber):
            raise BadRow(f"'{key}' must be a string, not {json_kind(value)}")
        if len(value) > MAX_SENTENCE_CHARS:
            raise BadRow(
                f"'{key}' has {len(value):,} characters; a sentence has at most "
                f"{MAX_SENTENCE_CHARS:,}"
            )
    for key in ("a_published", "b_published"):
        value = row.get(key)
        if value is not None and (not isinstance(value, str) or isinstance(value, JsonNumber)):
            raise BadRow(f"'{key}' must be a date written as a string, not {json_kind(value)}")
    pair_id = row.get("id")
    if isinstance(pair_id, JsonNumber):
        if not re.fullmatch(r"-?[0-9]{1,40}", pair_id):
            raise BadRow(
                f"'id' must be a string or a whole number of at most 40 digits, not "
                f"{pair_id[:20]}{'...' if len(pair_id) > 20 else ''}"
            )
        pair_id = int(pair_id)
    return {**row, "id": pair_id}


class Command(BaseCommand):
    help = "Judge sentence pairs: same claim?, similarity, agree/diverge/unrelated."

    def add_arguments(self, parser) -> None:
        parser.add_argument("input")
        parser.add_argument("--output", required=True)

    def handle(self, *args, **opts) -> None:
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
