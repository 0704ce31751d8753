"""Duplicate groups (exact after normalisation, near by the real USE vectors), bursts, count once."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import listening.waves.dedupe as dedupe
from listening.waves.dedupe import (
    coordinated_bursts,
    count_once,
    duplicate_groups,
    duplicate_keys,
    near_pairs,
)

# Known duplicates: punctuation, width, case and spacing variants are exact; a changed
# adverb is near; a changed subject noun is a different opinion.
CRAFTED = [
    "駅前の駐輪場をもっと広くしてほしいです。",     # 0  group A (exact)
    "バスの本数が少なくて、とても不便です。",       # 1  group B (near)
    "駅前の駐輪場を もっと広くしてほしいです!!",    # 2  A: space and !! differ
    "電車の本数が少なくて、とても不便です。",       # 3  other subject: not a duplicate of 1
    "공원에 화장실을 더 많이 설치해 주세요.",        # 4  group C (near)
    "バスの本数が少なくて、かなり不便です",         # 5  B: one adverb differs
    "공원에 화장실을 좀 더 많이 설치해 주세요.",     # 6  C: one word added
    "공원에 벤치를 더 많이 설치해 주세요.",          # 7  other object: not a duplicate of 4
    "ＷｉＦｉを公園に！",                           # 8  group D (exact): full width
    "wifiを公園に",                                # 9  D
    "。。。",                                      # 10 nothing left after normalisation
    "！！！",                                      # 11 nor here: never grouped by text
]


@pytest.fixture(scope="module")
def crafted_vectors(use_embedder) -> np.ndarray:
    return use_embedder.embed(CRAFTED)


def _members(groups: pd.DataFrame) -> dict[int, list[int]]:
    return {int(g): sorted(part["position"].tolist()) for g, part in groups.groupby("group")}


def test_keys_fold_width_case_spacing_and_punctuation():
    keys = duplicate_keys(["ＷｉＦｉを公園に！", "wifi を 公園に", "ラーメン、最高。", "ラーメン最高", "점심 시간!"])
    assert keys == ["wifiを公園に", "wifiを公園に", "ラーメン最高", "ラーメン最高", "점심시간"]


def test_exact_groups_without_vectors():
    groups = duplicate_groups(CRAFTED, None)
    assert list(groups.columns) == list(dedupe.GROUP_COLUMNS)
    assert _members(groups) == {0: [0, 2], 1: [8, 9]}
    assert set(groups["kind"]) == {"exact"}
    assert groups.set_index("position")["representative"].to_dict() == {0: 0, 2: 0, 8: 8, 9: 8}
    assert groups["size"].tolist() == [2, 2, 2, 2]


def test_near_duplicates_found_with_the_real_model(crafted_vectors):
    groups = duplicate_groups(CRAFTED, crafted_vectors, threshold=0.95)
    assert _members(groups) == {0: [0, 2], 1: [1, 5], 2: [4, 6], 3: [8, 9]}
    kinds = groups.drop_duplicates("group").set_index("group")["kind"].to_dict()
    assert kinds == {0: "exact", 1: "near", 2: "near", 3: "exact"}
    near = groups[groups["kind"] == "near"]
    assert (near["similarity"] >= 0.95).all()
    # The answers that differ in what they are about stay apart.
    assert not set(groups["position"]) & {3, 7, 10, 11}


def test_exact_and_near_links_chain_into_one_group(crafted_vectors):
    texts = CRAFTED + ["バスの本数が少なくて,かなり不便です!"]  # exact twin of 5, near to 1
    vectors = np.vstack([crafted_vectors, crafted_vectors[5]])
    groups = duplicate_groups(texts, vectors)
    assert _members(groups)[1] == [1, 5, 12]
    assert set(groups.loc[groups["group"] == 1, "size"]) == {3}
    assert set(groups.loc[groups["group"] == 1, "kind"]) == {"near"}


def test_no_duplicates_gives_an_empty_frame_with_the_columns():
    groups = duplicate_groups(["バス", "公園", "病院"], np.eye(3, dtype=np.float32))
    assert groups.empty and list(groups.columns) == list(dedupe.GROUP_COLUMNS)


def test_vectors_must_match_texts():
    with pytest.raises(ValueError):
        duplicate_groups(["a", "b"], np.ones((3, 4)))


def _planted(n: int, d: int = 128, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(20, d))
    x = centres[rng.integers(0, 20, n)] + 1.5 * rng.normal(size=(n, d))
    copies = rng.choice(n, n // 10, replace=False)
    x[copies] = x[rng.integers(0, n, len(copies))] + rng.normal(0, rng.uniform(0.05, 0.4, (len(copies), 1)), (len(copies), d))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def _all_pairs(units: np.ndarray, threshold: float) -> set[tuple[int, int]]:
    rows, cols = np.nonzero(np.triu(units @ units.T >= threshold, 1))
    return set(zip(rows.tolist(), cols.tolist()))


def test_screened_search_equals_all_pairs():
    units = _planted(1500)
    rows, cols = near_pairs(units, 0.95)
    assert (rows < cols).all()
    truth = _all_pairs(units, 0.95)
    assert len(truth) > 50
    assert set(zip(rows.tolist(), cols.tolist())) == truth


def test_cell_search_for_large_inputs_finds_the_planted_pairs(monkeypatch):
    units = _planted(4000, seed=1)
    monkeypatch.setattr(dedupe, "BRUTE_FORCE_LIMIT", 100)  # take the >20k path on a small input
    rows, cols = near_pairs(units, 0.95)
    found = set(zip(rows.tolist(), cols.tolist()))
    truth = _all_pairs(units, 0.95)
    assert found <= truth  # every reported pair is real
    assert len(found) >= 0.99 * len(truth)


def _burst_fixture():
    # Batch 1: 100 answers, group 0 six times in a row. Batch 2: 1000 answers, group 1
    # five times spread out (0.5 %), group 2 five times within 20 rows, group 3 four times.
    batch = np.array([1] * 100 + [2] * 1000)
    rows = []
    for g, positions in {0: range(10, 16), 1: range(200, 1100, 180), 2: range(500, 520, 4), 3: range(300, 304)}.items():
        positions = list(positions)
        rows += [{"position": p, "group": g, "size": len(positions), "kind": "exact",
                  "representative": positions[0], "similarity": 1.0} for p in positions]
    return pd.DataFrame(rows), batch


def test_bursts_follow_the_documented_rule():
    groups, batch = _burst_fixture()
    bursts = coordinated_bursts(groups, batch, min_size=5, share_of_batch=0.01, window=50)
    assert list(bursts.columns) == list(dedupe.BURST_COLUMNS)
    found = bursts.set_index("group")
    assert set(found.index) == {0, 2}
    assert found.loc[0, "reason"] == "share+consecutive" and found.loc[0, "batch"] == 1
    assert found.loc[0, "share"] == pytest.approx(0.06)
    assert found.loc[2, "reason"] == "consecutive" and found.loc[2, "densest_run"] == 5
    assert (found["concentration"] == 1.0).all()


def test_bursts_use_the_given_order_within_each_batch():
    groups, batch = _burst_fixture()
    # Submission times that scatter group 2 across the batch: no longer consecutive.
    order = np.arange(len(batch), dtype=float)
    order[[500, 504, 508, 512, 516]] = [120, 400, 700, 900, 1090]
    bursts = coordinated_bursts(groups, batch, order=order, min_size=5, share_of_batch=0.01, window=50)
    assert set(bursts["group"]) == {0}


def test_count_once_keeps_each_representative_and_the_rest():
    answers = pd.DataFrame({"text": CRAFTED}, index=[f"a{i}" for i in range(len(CRAFTED))])
    groups = duplicate_groups(CRAFTED, None)
    keep = count_once(answers, groups)
    assert list(keep.index) == list(answers.index)
    assert not keep["a2"] and not keep["a9"]
    assert int(keep.sum()) == len(CRAFTED) - int((groups["size"] - 1).groupby(groups["group"]).first().sum())
    only_first = count_once(answers, groups, only=[0])
    assert not only_first["a2"] and only_first["a9"]
    assert count_once(answers, groups, only=[]).all()
