"""Survey waves end to end: a batch joins the analysis without disturbing it, and leaves it exactly."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from listening.analysis.pipeline import ColumnChoice, analyze, import_file
from listening.curation.edits import curated_analysis, exclude_answers, merge_clusters, rename_cluster
from listening.sample import SAMPLES
from listening.store import Store
from listening.types import AnalysisSettings
from listening.waves.update import add_to_run, new_answers, reanalysis_report, reanalyze

COLUMNS = SAMPLES["ja"].columns
SETTINGS = AnalysisSettings(n_themes=4, n_topics=10)
# Tables that hold the state of a dataset (caches and the audit log are not state).
STATE_TABLES = ("datasets", "batches", "answers", "dropped", "findings", "runs", "run_answers", "run_clusters",
                "edits", "redactions")


def snapshot(path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in STATE_TABLES}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def first_wave(tmp_path_factory, sample_slice, use_embedder):
    """A store with a first wave (240 respondents) analysed, closed so that it copies whole; its
    analysis; and the bytes of a second wave (the next 120)."""
    frame = pd.read_csv(pd.io.common.BytesIO(sample_slice("ja", 360)), encoding="cp932", dtype=str,
                        keep_default_na=False)
    first = frame.head(240).to_csv(index=False).encode("cp932")
    second = frame.tail(120).to_csv(index=False).encode("cp932")
    path = tmp_path_factory.mktemp("waves") / "s.db"
    with Store(path) as store:
        imported = import_file(store, "waves", first, "wave1.csv", COLUMNS, collected_on="2025-05-01")
        run = analyze(store, imported.dataset_id, SETTINGS, embedder=use_embedder)
    return path, imported.dataset_id, run, second


@pytest.fixture()
def waves(first_wave, tmp_path):
    """The first wave's store, copied for one test: (store, dataset id, its analysis, second wave's bytes)."""
    path, dataset_id, run, second = first_wave
    shutil.copy(path, tmp_path / "s.db")
    store = Store(tmp_path / "s.db")
    yield store, dataset_id, run, second
    store.close()


def test_a_new_batch_keeps_every_earlier_cluster_position_and_label(waves, use_embedder):
    store, dataset_id, run, second = waves
    topics = run.clusters[run.clusters["level"] == "topic"].sort_values("size")
    rename_cluster(store, run.run_id, "staff", "topic", int(topics.iloc[-1]["cluster_id"]), "委員会が付けた名前")
    merge_clusters(store, run.run_id, "staff", "topic", int(topics.iloc[0]["cluster_id"]),
                   int(topics.iloc[1]["cluster_id"]))
    exclude_answers(store, run.run_id, "staff", [run.answers["answer_id"].iloc[0]], "重複")
    before = curated_analysis(store, run.run_id)

    batch = import_file(store, "waves", second, "wave2.csv", COLUMNS, collected_on="2025-06-01")
    assert len(new_answers(store, dataset_id, run.run_id)) == len(batch.answers.kept) > 0
    after = add_to_run(store, dataset_id, run.run_id, embedder=use_embedder)

    assert after.run_id != run.run_id and after.info.parent_run == run.run_id
    assert len(after.answers) == len(before.answers) + len(batch.answers.kept)
    old = after.answers.set_index("answer_id").loc[before.answers["answer_id"]]
    for column in ("theme", "topic", "x", "y", "topic_label", "theme_label"):
        assert old[column].tolist() == before.answers[column].tolist(), column
    assert "委員会が付けた名前" in set(after.clusters["label"])
    assert after.info.answers.excluded == 1
    # New answers sit in clusters that exist after curation, near the answers they resemble.
    added = after.answers[~after.answers["answer_id"].isin(before.answers["answer_id"])]
    assert set(added["topic"]) <= set(before.answers["topic"])
    assert after.info.update.added == len(added)
    assert set(after.info.update.new_voices) <= set(added["answer_id"])
    # Placing the same batch again is the same run.
    assert add_to_run(store, dataset_id, run.run_id, embedder=use_embedder).run_id == after.run_id


def test_a_batch_that_lands_while_a_batch_is_placed_waits_for_the_next_placement(waves, tmp_path, use_embedder):
    store, dataset_id, run, second = waves
    batch = import_file(store, "waves", second, "wave2.csv", COLUMNS)
    note = sorted((Path(__file__).resolve().parents[2] / "sample_data" / "hearing_notes").glob("ja_*.md"))[0]
    landed = []

    def another_session_imports(step: str, done: float) -> None:
        if step == "embed" and not landed:
            with Store(tmp_path / "s.db") as other:
                landed.append(import_file(other, "waves", note.read_bytes(), note.name, ColumnChoice()))

    after = add_to_run(store, dataset_id, run.run_id, embedder=use_embedder, progress=another_session_imports)
    assert landed and len(store.list_batches(dataset_id)) == 3
    assert [item.file for item in after.info.inputs] == ["wave1.csv", "wave2.csv"]
    assert after.info.update.batches == [batch.batch_id] and after.info.update.added == len(batch.answers.kept)
    assert after.info.answers.analysed == len(after.answers) == len(run.answers) + len(batch.answers.kept)
    # Placement keeps its own timings (its steps), not those of the analysis it extends.
    assert {"embed", "place"} <= set(after.info.timings) and "neighbours" not in after.info.timings
    later = add_to_run(store, dataset_id, after.run_id, embedder=use_embedder)
    assert later.info.update.batches == [landed[0].batch_id]


def test_removing_the_batch_returns_the_store_to_its_state_before(waves, use_embedder):
    store, dataset_id, run, second = waves
    rename_cluster(store, run.run_id, "staff", "theme", 0, "まちの安全")
    before = snapshot(store.path)
    batch = import_file(store, "waves", second, "wave2.csv", COLUMNS)
    child = add_to_run(store, dataset_id, run.run_id, embedder=use_embedder)
    rename_cluster(store, child.run_id, "staff", "theme", 1, "after the batch")
    assert snapshot(store.path) != before
    store.remove_batch(batch.batch_id)
    assert snapshot(store.path) == before
    assert store.latest_run(dataset_id) == run.run_id


def test_a_reanalysis_matches_clusters_to_the_previous_run_and_keeps_staff_labels(waves, use_embedder):
    store, dataset_id, run, second = waves
    biggest = int(run.clusters[run.clusters["level"] == "topic"].sort_values("size").iloc[-1]["cluster_id"])
    rename_cluster(store, run.run_id, "staff", "topic", biggest, "子育ての声")
    import_file(store, "waves", second, "wave2.csv", COLUMNS)
    result = reanalyze(store, dataset_id, run.run_id, SETTINGS, embedder=use_embedder)
    assert result.analysis.run_id != run.run_id
    assert result.labels_carried >= 1 or "子育ての声" not in set(result.analysis.clusters["label"])
    report = reanalysis_report(result)
    assert set(report["kind"]) <= {"matched", "split", "merged", "appeared", "vanished"}
    assert 0.0 <= result.kept_share <= 1.0
    # Same data, same seed: the same clusters under the same ids (100 % kept).
    again = reanalyze(store, dataset_id, result.analysis.run_id, SETTINGS, embedder=use_embedder)
    assert again.analysis.run_id == result.analysis.run_id and again.kept_share == 1.0
    assert np.array_equal(again.analysis.answers["topic"].to_numpy(), result.analysis.answers["topic"].to_numpy())


def test_a_split_made_before_a_batch_cannot_be_undone_on_the_run_that_placed_the_batch(waves, use_embedder):
    from listening.curation.edits import split_cluster, undo

    store, dataset_id, run, second = waves
    biggest = int(run.clusters[run.clusters["level"] == "topic"].sort_values("size").iloc[-1]["cluster_id"])
    inherited = split_cluster(store, run.run_id, "staff", biggest, 2)
    import_file(store, "waves", second, "wave2.csv", COLUMNS)
    child = add_to_run(store, dataset_id, run.run_id, embedder=use_embedder)
    copied = int(store.list_edits(child.run_id)["id"].iloc[-1])
    with pytest.raises(ValueError, match="before the latest batch"):
        undo(store, child.run_id, "staff", copied)
    later = rename_cluster(store, child.run_id, "staff", "theme", 0, "後から付けた名前")
    assert undo(store, child.run_id, "staff") == later  # edits made after the batch undo as usual
    assert len(curated_analysis(store, child.run_id).answers) == len(child.answers)
    assert undo(store, run.run_id, "staff") == inherited  # the earlier run is untouched by this
