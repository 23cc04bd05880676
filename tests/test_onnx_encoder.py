"""The ONNX Runtime backend gives the same sentence vectors as sentence-transformers."""

import numpy as np
import pytest

from newscompare.pipeline import embed, onnx_encoder

SENTENCES = [
    "Russia and the United States on Friday launched military talks on the Syrian conflict.",
    "The call lasted one hour.",
    "A dam on the Sarva river gave way in the early hours of Tuesday, killing 14 people, "
    "officials said.",
    "",
    "Short.",
]


@pytest.fixture(scope="module")
def onnx_dir(tmp_path_factory):
    import os

    old = os.environ.get("NEWSCOMPARE_ONNX_DIR")
    path = tmp_path_factory.mktemp("onnx")
    os.environ["NEWSCOMPARE_ONNX_DIR"] = str(path)
    onnx_encoder._encoders.clear()
    yield path
    onnx_encoder._encoders.clear()
    if old is None:
        os.environ.pop("NEWSCOMPARE_ONNX_DIR", None)
    else:
        os.environ["NEWSCOMPARE_ONNX_DIR"] = old


@pytest.mark.slow
def test_it_matches_torch_vectors(onnx_dir):
    expected = embed.embed_sentences(SENTENCES, using="torch")
    got = onnx_encoder.embed_sentences(SENTENCES)
    assert got.shape == expected.shape == (len(SENTENCES), 384)
    assert got.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert np.min(np.einsum("ij,ij->i", got, expected)) > 0.9999
    assert list(onnx_dir.rglob("model.onnx")), "the export is cached under NEWSCOMPARE_ONNX_DIR"


@pytest.mark.slow
def test_it_keeps_the_callers_order_across_batches(onnx_dir):
    texts = [f"Sentence number {i} says that {'very ' * (i % 7)}much happened." for i in range(70)]
    encoder = onnx_encoder.get_encoder()
    together = encoder.encode(texts, batch_size=16)
    alone = np.stack([encoder.encode([t])[0] for t in texts[:5]])
    assert np.min(np.einsum("ij,ij->i", together[:5], alone)) > 0.9999


@pytest.mark.slow
def test_it_quantizes_to_int8_close_to_torch(onnx_dir):
    expected = embed.embed_sentences(SENTENCES, using="torch")
    got = onnx_encoder.embed_sentences(SENTENCES, quantized=True)
    assert np.min(np.einsum("ij,ij->i", got, expected)) > 0.95


@pytest.mark.slow
def test_it_returns_no_rows_for_no_texts(onnx_dir):
    assert onnx_encoder.get_encoder().encode([]).shape == (0, 384)


def test_the_backend_is_picked_by_environment_variable(monkeypatch):
    monkeypatch.delenv("NEWSCOMPARE_ENCODER", raising=False)
    assert embed.backend() == embed.DEFAULT_BACKEND
    monkeypatch.setenv("NEWSCOMPARE_ENCODER", "onnx")
    assert embed.backend() == "onnx"
    monkeypatch.setenv("NEWSCOMPARE_ENCODER", "tensorflow")
    with pytest.raises(ValueError):
        embed.backend()
