"""Placing a new batch on an existing analysis, new voices, proposals, and matching clusters."""
from __future__ import annotations

import numpy as np
import pytest

from listening.analysis.cluster import cluster_answers, clustering_space
from listening.waves.match import cluster_centroids, match_clusters, relabel, share_kept
from listening.waves.place import new_voice_threshold, place_answers, propose_clusters, typical_spread


def _blobs(n: int, centres: np.ndarray, spread: float = 0.6, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, len(centres), n)
    x = centres[labels] + spread * rng.normal(size=(n, centres.shape[1]))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32), labels


@pytest.fixture(scope="module")
def analysed():
    """600 answers from 6 gaussian blobs in 512-d, clustered as the pipeline does."""
    centres = np.random.default_rng(42).normal(size=(6, 512))
    vectors, blob = _blobs(600, centres)
    points, _, knn_i, knn_s = clustering_space(vectors, None)
    result = cluster_answers(points, n_themes=3, n_topics=6)
    xy = points[:, :2] / np.abs(points[:, :2]).max()
    space = {"points": points, "sample": np.arange(0, 600, 2), "knn_i": knn_i, "knn_s": knn_s}
    return {"centres": centres, "vectors": vectors, "blob": blob, "space": space, "result": result, "xy": xy}


def _place(a, new_vectors, **kwargs):
    r = a["result"]
    return place_answers(new_vectors, None, a["space"], a["vectors"], r.theme, r.topic, r.topic_parent, a["xy"], **kwargs)


def test_new_answers_join_the_topic_of_their_kind_and_nothing_old_changes(analysed):
    a = analysed
    before = {k: np.copy(v) for k, v in a["space"].items()}
    topic_before, xy_before = a["result"].topic.copy(), a["xy"].copy()
    new, blob = _blobs(200, a["centres"], seed=1)
    placed = _place(a, new)
    topic_of_blob = {b: np.bincount(a["result"].topic[a["blob"] == b]).argmax() for b in range(6)}
    expected = np.array([topic_of_blob[b] for b in blob])
    assert (placed.topic == expected).mean() >= 0.95
    assert (placed.theme == a["result"].topic_parent[placed.topic]).all()  # topics still nest
    assert all(np.array_equal(before[k], a["space"][k]) for k in before)
    assert np.array_equal(topic_before, a["result"].topic) and np.array_equal(xy_before, a["xy"])
    # On the map, each new answer lands among the earlier answers of its topic.
    for t in np.unique(placed.topic):
        old_xy = a["xy"][a["result"].topic == t]
        inside = (placed.x[placed.topic == t] >= old_xy[:, 0].min() - 1e-6) & (placed.x[placed.topic == t] <= old_xy[:, 0].max() + 1e-6)
        assert inside.mean() >= 0.95
    assert placed.points.shape == (200, a["space"]["points"].shape[1])
    assert placed.knn_i.shape == (200, 15) and (np.diff(placed.knn_s, axis=1) <= 1e-6).all()


def test_placement_of_an_answer_does_not_depend_on_its_batch(analysed):
    new, _ = _blobs(50, analysed["centres"], seed=2)
    together = _place(analysed, new)
    alone = _place(analysed, new[7:8])
    assert alone.topic[0] == together.topic[7]
    assert alone.x[0] == pytest.approx(together.x[7]) and alone.y[0] == pytest.approx(together.y[7])


def test_answers_unlike_every_cluster_are_new_voices(analysed):
    same, _ = _blobs(200, analysed["centres"], seed=3)
    elsewhere = np.random.default_rng(7).normal(size=(1, 512))
    far, _ = _blobs(40, elsewhere, seed=4)
    placed = _place(analysed, np.vstack([same, far]))
    assert placed.new_voice[200:].all()
    assert placed.new_voice[:200].mean() <= 0.1
    assert placed.similarity[200:].max() < placed.thresholds["similarity"] <= placed.similarity[:200].max()


def test_new_voice_threshold_is_a_quantile_of_distances_to_own_topic(analysed):
    points, topic = analysed["space"]["points"], analysed["result"].topic
    ids, centres = cluster_centroids(points, topic, unit=False)
    own = np.linalg.norm(points - centres[np.searchsorted(ids, topic)], axis=1)
    assert new_voice_threshold(points, topic) == pytest.approx(np.quantile(own, 0.95), rel=1e-5)
    assert new_voice_threshold(points, topic, quantile=0.5) < new_voice_threshold(points, topic)


def test_words_break_ties_between_equally_close_sentences():
    rng = np.random.default_rng(0)
    base = rng.normal(size=(1, 16))
    others = rng.normal(size=(8, 16))
    old_vectors = np.vstack([base, base, others]).astype(np.float32)  # rows 0 and 1 are equally close
    old_tokens = [["バス", "本数"], ["公園", "遊具"]] + [["バス", "本数"], ["公園", "遊具"]] * 4
    space = {"points": rng.normal(size=(10, 4)).astype(np.float32)}
    args = (space, old_vectors, np.zeros(10, int), np.arange(10) % 2, np.array([0, 0]), rng.normal(size=(10, 2)))
    without = place_answers(base, None, *args, n_neighbors=3)
    with_words = place_answers(base, [["公園", "遊具"]], *args, old_tokens=old_tokens, n_neighbors=3)
    assert without.knn_i[0, 0] == 0
    assert with_words.knn_i[0, 0] == 1
    assert with_words.knn_s[0, 0] > with_words.knn_s[0, 1]


SUBJECTS = {
    "bus": ["バスの本数を増やしてほしい", "駅へのバスが一時間に一本しかない", "バス停に屋根とベンチがほしい",
            "夜遅くのバスがなくて帰れない", "버스 배차 간격이 너무 길어요", "버스 노선을 늘려 주세요"],
    "park": ["公園に子どもの遊具を増やしてほしい", "近くに子どもが遊べる公園がない", "公園のトイレをきれいにしてほしい",
             "公園の芝生広場を広げてほしい", "아이들이 놀 수 있는 공원이 부족해요", "공원 놀이터를 새로 만들어 주세요"],
    "garbage": ["ゴミの分別が複雑でわかりにくい", "ゴミ収集の回数を増やしてほしい", "粗大ゴミの出し方がわからない",
                "ゴミ捨て場がカラスに荒らされる", "쓰레기 분리수거 방법이 너무 복잡해요", "음식물 쓰레기 수거를 자주 해 주세요"],
}
NEW = {"bus": ["バスの便がもっと多いと助かる", "버스가 더 자주 왔으면 좋겠어요"],
       "park": ["子どもを遊ばせる公園がほしい", "공원에 놀이기구가 더 있으면 좋겠어요"],
       "garbage": ["ゴミの出し方をもっと簡単にしてほしい", "쓰레기 수거 요일을 늘려 주세요"]}


def test_real_ja_ko_answers_are_placed_in_the_topic_of_their_subject(use_embedder):
    texts = [t for items in SUBJECTS.values() for t in items]
    subject = np.repeat(list(SUBJECTS), [len(v) for v in SUBJECTS.values()])
    vectors = use_embedder.embed(texts)
    points, _, knn_i, knn_s = clustering_space(vectors, None, n_neighbors=5)
    result = cluster_answers(points, n_themes=3, n_topics=3)
    topic_of = {s: np.bincount(result.topic[subject == s]).argmax() for s in SUBJECTS}
    assert len(set(topic_of.values())) == 3  # the clustering itself tells the subjects apart
    new_texts = [t for items in NEW.values() for t in items]
    placed = place_answers(use_embedder.embed(new_texts), None, {"points": points}, vectors, result.theme,
                           result.topic, result.topic_parent, points[:, :2], n_neighbors=5)
    expected = [topic_of[s] for s, items in NEW.items() for _ in items]
    assert placed.topic.tolist() == expected


def test_proposals_gather_new_voices_that_belong_together(analysed):
    spread = typical_spread(analysed["vectors"], analysed["result"].topic)
    rng = np.random.default_rng(11)
    one, _ = _blobs(40, rng.normal(size=(1, 512)), seed=5)
    two, _ = _blobs(25, rng.normal(size=(1, 512)), seed=6)
    few, _ = _blobs(5, rng.normal(size=(1, 512)), seed=7)
    scattered = rng.normal(size=(15, 512))
    voices = np.vstack([one, two, few, scattered])
    proposals = propose_clusters(voices, spread, min_size=10)
    assert proposals.sizes.tolist() == [40, 25]
    assert set(proposals.members(0)) == set(range(40)) and set(proposals.members(1)) == set(range(40, 65))
    assert (proposals.labels[65:] == -1).all()
    sampled = propose_clusters(voices, spread, min_size=10, max_points=50)  # the rest join by distance
    assert sampled.labels[:65].tolist() == proposals.labels[:65].tolist()
    assert len(propose_clusters(scattered, spread, min_size=3).sizes) == 0


def test_typical_spread_is_the_median_mean_pairwise_cosine_distance():
    rng = np.random.default_rng(0)
    vectors, labels = rng.normal(size=(60, 8)), rng.integers(0, 3, 60)
    units = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    by_hand = []
    for c in range(3):
        sims = units[labels == c] @ units[labels == c].T
        n = len(sims)
        by_hand.append(1 - (sims.sum() - n) / (n * (n - 1)))
    assert typical_spread(vectors, labels) == pytest.approx(np.median(by_hand))


def _labelled(n_per: int = 50, k: int = 6, seed: int = 0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(k, 32)) * 3
    labels = np.repeat(np.arange(k), n_per)
    return centres[labels] + rng.normal(size=(len(labels), 32)), labels


def test_a_relabelled_clustering_is_matched_back():
    x, old = _labelled()
    perm = np.array([3, 5, 0, 1, 4, 2])
    new = perm[old]
    _, old_c = cluster_centroids(x, old)
    _, new_c = cluster_centroids(x, new)
    for matching in (match_clusters(old_c, new_c, old, new), match_clusters(old_c, new_c)):
        assert matching.mapping == {int(perm[o]): o for o in range(6)}
        assert np.array_equal(relabel(new, matching), old)
        assert share_kept(old, new, matching) == 1.0
        assert set(matching.changes["kind"]) == {"matched"}


def test_splits_merges_appearances_and_vanishings_are_reported():
    x, old = _labelled(n_per=40)
    new = old.copy()
    new[np.flatnonzero(old == 0)[20:]] = 10  # old 0 splits into new 0 and 10
    new[old == 2] = 1  # old 1 and 2 merge into new 1
    old_members, new_members = np.concatenate([old, [-1] * 30]), np.concatenate([new, [11] * 30])  # 11: only new answers
    new_members[old_members == 5] = -1  # old 5's answers are gone from the new run
    x = np.vstack([x, np.random.default_rng(1).normal(size=(30, 32)) + 20])
    old_ids, old_c = cluster_centroids(x[old_members >= 0], old_members[old_members >= 0])
    new_ids, new_c = cluster_centroids(x[new_members >= 0], new_members[new_members >= 0])
    m = match_clusters(old_c, new_c, old_members, new_members, old_ids=old_ids, new_ids=new_ids)
    assert m.splits == {0: [0, 10]}
    assert m.merges == {1: [1, 2]}
    assert m.appeared == [11] and m.vanished == [5]
    assert m.mapping[0] == 0 and m.mapping[1] in (1, 2) and 10 not in m.mapping
    kinds = m.changes.groupby("kind").size().to_dict()
    assert kinds == {"matched": 4, "split": 2, "merged": 2, "appeared": 1, "vanished": 1}
    relabelled = relabel(new_members, m)
    assert relabelled[new_members == 10][0] == 6  # a fresh id above every old one (0-5)
    assert relabelled[new_members == 11][0] == 7
    assert (relabelled[new_members == -1] == -1).all()
    assert relabel(new_members, m, first_free=40)[new_members == 10][0] == 40


def test_sparse_curated_ids_are_kept():
    x, labels = _labelled(k=3)
    old = np.array([0, 3, 7])[labels]
    ids, cents = cluster_centroids(x, old)
    assert ids.tolist() == [0, 3, 7]
    m = match_clusters(cents, cents[::-1], old, np.array([2, 1, 0])[labels], old_ids=ids, new_ids=np.arange(3))
    assert m.mapping == {2: 0, 1: 3, 0: 7}


def test_kmeans_with_another_seed_keeps_answers_in_the_matched_cluster(analysed):
    points, vectors = analysed["space"]["points"], analysed["vectors"]
    # Six themes of one topic each: with three, which blobs share a theme is itself
    # a coin toss that moves whole topics, whatever the matching does.
    first = cluster_answers(points, n_themes=6, n_topics=6, random_state=0).topic
    second = cluster_answers(points, n_themes=6, n_topics=6, random_state=5).topic
    _, c1 = cluster_centroids(vectors, first)
    _, c2 = cluster_centroids(vectors, second)
    assert share_kept(first, second, match_clusters(c1, c2, first, second)) >= 0.95
