"""Two-level clustering, representatives, the kNN graph and the map, on synthetic vectors.

The vectors are seeded Gaussian blobs: what is under test is the engine's contract
(every answer placed, topics nested, counts honoured, seeds reproducible), not the
embedding model, so no model is loaded here.
"""
from __future__ import annotations

import numpy as np
import pytest

from listening.analysis.cluster import (
    THEME_RANGE,
    TOPIC_RANGE,
    cluster_answers,
    clustering_space,
    knn_graph,
    representatives,
)
from listening.analysis.reduce import map_coordinates, map_coordinates_async
from listening.store import Store

WORDS = ["バス", "公園", "空き家", "避難所", "子育て", "버스", "공원", "祭り"]


def blobs(sizes, dim: int = 64, spread: float = 0.35, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors around one random centre per blob, and the blob of each row."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(len(sizes), dim))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    truth = np.repeat(np.arange(len(sizes)), sizes)
    x = centres[truth] + spread * rng.normal(size=(len(truth), dim)) / np.sqrt(dim)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32), truth


def tokens_for(truth: np.ndarray) -> list[list[str]]:
    """Each row says its blob's word, so the lexical part agrees with the vectors."""
    return [[WORDS[t % len(WORDS)], f"語{t}"] for t in truth]


def assert_complete_and_nested(result, n: int) -> None:
    topic, theme, parent = result.topic, result.theme, result.topic_parent
    assert len(topic) == len(theme) == len(result.confidence) == len(result.low_confidence) == n
    assert topic.min() >= 0 and theme.min() >= 0  # no outlier label
    assert result.n_topics == len(parent) == topic.max() + 1
    assert result.n_themes == theme.max() + 1
    assert set(topic.tolist()) == set(range(result.n_topics))  # no empty topic
    assert set(theme.tolist()) == set(range(result.n_themes))
    assert np.array_equal(parent[topic], theme)  # every answer's topic belongs to its theme
    assert np.all(np.isfinite(result.confidence))
    assert result.low_confidence.dtype == bool


SIZES = [100, 80, 70, 60, 50, 40]


@pytest.fixture(scope="module")
def space400():
    x, truth = blobs(SIZES)
    space, joint, knn_i, knn_s = clustering_space(x, tokens_for(truth), random_state=0)
    return space, joint, knn_i, knn_s, truth


@pytest.fixture(scope="module")
def automatic(space400):
    return cluster_answers(space400[0], None, random_state=0)


def test_automatic_counts_are_within_range_and_every_answer_is_placed(space400, automatic):
    truth, result = space400[4], automatic
    assert_complete_and_nested(result, len(truth))
    assert THEME_RANGE[0] <= result.n_themes <= THEME_RANGE[1]
    assert TOPIC_RANGE[0] <= result.n_topics <= TOPIC_RANGE[1]
    assert result.chosen["themes_chosen_by"] == "silhouette"
    assert set(result.chosen["theme_silhouette"]) <= set(range(THEME_RANGE[0], THEME_RANGE[1] + 1))


def test_themes_recover_well_separated_groups(space400):
    space, _, _, _, truth = space400
    result = cluster_answers(space, None, n_themes=6, n_topics=12, random_state=0)
    # Each true group lands in one theme and each theme holds one group.
    pairs = set(zip(truth.tolist(), result.theme.tolist()))
    assert len(pairs) == 6


@pytest.mark.parametrize("n_themes, n_topics", [(3, 9), (5, 5), (6, 20), (2, 30)])
def test_fixed_counts_are_honoured(space400, n_themes, n_topics):
    space = space400[0]
    result = cluster_answers(space, None, n_themes=n_themes, n_topics=n_topics, random_state=0)
    assert_complete_and_nested(result, len(space))
    assert (result.n_themes, result.n_topics) == (n_themes, n_topics)
    assert "themes_chosen_by" not in result.chosen and "topics_chosen_by" not in result.chosen


def test_fixed_topic_count_is_honoured_when_one_theme_dominates():
    # One big theme and three small ones: a naive proportional split gives every small
    # theme a topic on top of the big theme's share and overshoots the requested count.
    x, truth = blobs([400, 10, 10, 10], spread=0.2, seed=3)
    result = cluster_answers(x, None, n_themes=4, n_topics=6, random_state=0)
    assert_complete_and_nested(result, len(x))
    assert (result.n_themes, result.n_topics) == (4, 6)


def test_same_seed_gives_identical_results_from_a_fresh_or_a_stored_space(space400, automatic, tmp_path):
    # The pipeline re-clusters from the space it cached in the store: same seed, same result,
    # confidences included, whichever way the space arrived.
    with Store(tmp_path / "cache.db") as store:
        store.put_arrays("space", points=space400[0])
        stored = store.get_arrays("space")["points"]
    first, again = automatic, cluster_answers(stored, None, random_state=0)
    assert np.array_equal(first.theme, again.theme)
    assert np.array_equal(first.topic, again.topic)
    assert np.array_equal(first.topic_parent, again.topic_parent)
    assert np.array_equal(first.confidence, again.confidence)
    assert np.array_equal(first.low_confidence, again.low_confidence)
    assert first.chosen == again.chosen
    x, truth = blobs(SIZES)
    rebuilt = clustering_space(x, tokens_for(truth), random_state=0)[0]
    assert np.array_equal(rebuilt, space400[0])


@pytest.mark.parametrize("n", [1, 2, 5, 30])
@pytest.mark.parametrize("fixed", [None, (3, 10)])
def test_tiny_inputs_do_not_crash(n, fixed):
    x, truth = blobs([n], seed=n)
    space, joint, knn_i, knn_s = clustering_space(x, tokens_for(truth), random_state=0)
    assert len(space) == n and np.all(np.isfinite(space))
    assert knn_i.shape == knn_s.shape == (n, min(15, n - 1))
    n_themes, n_topics = fixed or (None, None)
    result = cluster_answers(space, None, n_themes=n_themes, n_topics=n_topics, random_state=0)
    assert_complete_and_nested(result, n)
    assert result.n_themes <= n and result.n_topics <= n
    reps = representatives(x, result.topic, n=5)
    assert sorted(reps) == list(range(result.n_topics))


def test_empty_input_gives_an_empty_result():
    result = cluster_answers(np.zeros((0, 8), dtype=np.float32))
    assert len(result.topic) == len(result.theme) == 0 and result.n_topics == result.n_themes == 0


def test_representatives_are_distinct_central_members_of_their_cluster():
    x, truth = blobs([40, 25, 3, 1], seed=5)
    reps = representatives(x, truth, n=5)
    assert sorted(reps) == [0, 1, 2, 3]
    for c, rows in reps.items():
        members = np.flatnonzero(truth == c)
        assert len(rows) == min(5, len(members))
        assert len(set(rows)) == len(rows)
        assert set(rows) <= set(members.tolist())
        centre = x[members].mean(axis=0)
        assert rows[0] == members[np.argmax(x[members] @ (centre / np.linalg.norm(centre)))]


@pytest.mark.parametrize("chunk", [None, 7])
def test_knn_graph_matches_brute_force_and_excludes_self(chunk):
    x, _ = blobs([60], dim=8, spread=3.0, seed=11)
    indices, sims = knn_graph(x, n_neighbors=5, chunk=chunk)
    assert indices.shape == sims.shape == (60, 5)
    full = x @ x.T
    np.fill_diagonal(full, -np.inf)
    expected = np.argsort(-full, axis=1, kind="stable")[:, :5]
    for i in range(60):
        assert i not in indices[i]
        assert indices[i].tolist() == expected[i].tolist()
        assert np.allclose(sims[i], full[i, indices[i]], atol=1e-6)
        assert np.all(np.diff(sims[i]) <= 1e-7)


def test_knn_graph_of_one_row_has_no_neighbours():
    indices, sims = knn_graph(np.ones((1, 4), dtype=np.float32))
    assert indices.shape == sims.shape == (1, 0)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_map_of_a_handful_of_answers_is_a_plain_projection(n):
    x, truth = blobs([n], seed=n)
    _, joint, knn_i, knn_s = clustering_space(x, tokens_for(truth))
    xy = map_coordinates(joint, knn_i, knn_s, random_state=0)
    assert xy.shape == (n, 2) and np.all(np.isfinite(xy)) and np.abs(xy).max() <= 1.0
    assert np.array_equal(xy, map_coordinates(joint, knn_i, knn_s, random_state=0))


@pytest.mark.parametrize("n", [5, 30, 200])
def test_map_coordinates_are_seeded_finite_and_scaled(n):
    # map_coordinates runs in the long-lived worker process the pipeline uses, so its
    # one-off numba compilation is shared with the pipeline tests instead of paid twice.
    x, truth = blobs([n // 2, n - n // 2], seed=n)
    _, joint, knn_i, knn_s = clustering_space(x, tokens_for(truth))
    first = map_coordinates_async(joint, knn_i, knn_s, random_state=3).result()
    again = map_coordinates_async(joint, knn_i, knn_s, random_state=3).result()
    assert first.shape == (n, 2) and first.dtype == np.float32
    assert np.all(np.isfinite(first))
    assert np.abs(first).max() <= 1.0 and np.isclose(np.abs(first).max(), 1.0)
    assert np.array_equal(first, again)
