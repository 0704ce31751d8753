"""The SQLite store: schema version, atomic imports, embedding cache, runs, URLs, closing."""
from __future__ import annotations

import dataclasses
import sqlite3

import numpy as np
import pandas as pd
import pytest

from listening.analysis.pipeline import ColumnChoice, read_answers
from listening.ingest.select import select_answers
from listening.store import SCHEMA_VERSION, Store, text_hash
from listening.types import RawTable

# Japanese and Korean attribute names, an attribute left blank on some rows, one answer
# without content and one blank answer, so the round trip covers kept and dropped rows.
MIXED_CSV = (
    "ID,年代,연령대,校区,意見,의견\n"
    "1,30代,30대,東,バスが少なくて通勤が大変,버스가 적어서 출퇴근이 힘들어요\n"
    "2,40代,,西,公園に遊具を増やしてほしい,\n"
    "3,,50대,,特になし,공원이 더 필요해요\n"
    "4,70歳以上,70대 이상,港,避難所の場所がわからない,대피소 위치를 몰라요\n"
).encode("utf-8")
COLUMNS = ColumnChoice(text=("意見", "의견"), id="ID", attributes=("年代", "연령대", "校区"))


@pytest.fixture
def mixed():
    return read_answers(MIXED_CSV, "mixed.csv", COLUMNS)


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "store.db")
    yield s
    s.close()


def _add(store: Store, table, answers, dataset: str = "調査 2025"):
    return store.add_batch(dataset, table, answers, COLUMNS.as_dict(), name="第1回")


def _snapshot(store: Store):
    return store.counts(), store.list_datasets().to_dict("records")


def test_new_store_has_the_schema_version(tmp_path):
    with Store(tmp_path / "a.db") as s:
        assert s.counts() == {t: 0 for t in s.counts()}
    conn = sqlite3.connect(tmp_path / "a.db")
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 1
    finally:
        conn.close()


def test_a_store_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "newer.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ValueError, match="newer version"):
        Store(path)


def test_add_batch_then_load_answers_round_trips_texts_attributes_and_counts(store, mixed):
    table, answers = mixed
    dataset_id, batch_id = _add(store, table, answers)
    loaded = store.load_answers(dataset_id)

    kept = answers.kept.reset_index(drop=True)
    assert len(loaded) == len(kept) == 6
    for column in ("answer_id", "respondent_id", "question", "source", "text", "language"):
        assert loaded[column].astype(str).tolist() == kept[column].astype(str).tolist(), column
    assert loaded["row"].astype(int).tolist() == kept["row"].astype(int).tolist()
    assert loaded["text_hash"].tolist() == [text_hash(t) for t in kept["text"]]
    # Attribute names in Japanese and Korean survive, blanks come back as missing.
    for attr in ("年代", "연령대", "校区"):
        assert loaded[attr].isna().tolist() == kept[attr].isna().tolist(), attr
        assert loaded[attr].dropna().tolist() == kept[attr].dropna().tolist(), attr
    assert store.attribute_names(dataset_id) == ["年代", "연령대", "校区"]
    assert set(loaded["language"]) == {"ja", "ko"}

    batch = store.list_batches(dataset_id).iloc[0]
    assert int(batch["id"]) == batch_id and batch["name"] == "第1回"
    assert (batch["n_in"], batch["n_kept"], batch["n_dropped"]) == (8, 6, 2)
    assert batch["n_in"] == batch["n_kept"] + batch["n_dropped"]
    assert batch["drop_counts"] == answers.drop_counts() == {"empty": 1, "no_content": 1}
    assert batch["columns"]["attributes"] == ["年代", "연령대", "校区"]
    dropped = store.load_dropped(dataset_id)
    assert sorted(dropped["reason"]) == ["empty", "no_content"]
    assert "特になし" in dropped["text"].tolist()

    datasets = store.list_datasets()
    assert datasets["name"].tolist() == ["調査 2025"]
    assert int(datasets["answers"].iloc[0]) == 6 and int(datasets["batches"].iloc[0]) == 1
    assert store.dataset_id("調査 2025") == dataset_id and store.dataset_name(dataset_id) == "調査 2025"
    assert store.find_batch(dataset_id, table.input_hash, COLUMNS.as_dict()) == batch_id


def test_a_second_batch_joins_the_same_dataset(store, mixed):
    table, answers = mixed
    first, _ = _add(store, table, answers)
    second, batch_id = _add(store, table, answers)
    assert first == second
    assert len(store.load_answers(first)) == 12
    assert store.list_batches(first)["id"].tolist()[-1] == batch_id


@pytest.mark.parametrize("existing_dataset", [False, True])
def test_an_insert_failing_mid_import_leaves_the_store_as_it_was(store, mixed, existing_dataset):
    table, answers = mixed
    if existing_dataset:
        _add(store, table, answers)
    before = _snapshot(store)
    # The dataset and batch rows are written before the answers; the bad row value
    # fails on the 4th answer, so only a rollback can undo the first writes.
    rows = answers.kept["row"].astype(object).tolist()
    rows[3] = "not a row number"
    broken = dataclasses.replace(answers, kept=answers.kept.assign(row=rows))
    with pytest.raises(ValueError):
        _add(store, table, broken)
    assert _snapshot(store) == before
    # The failed transaction is closed: the store keeps working.
    dataset_id, _ = _add(store, table, answers)
    assert len(store.load_answers(dataset_id)) == (12 if existing_dataset else 6)


def test_a_unique_violation_leaves_the_store_as_it_was(store, mixed):
    table, answers = mixed
    _add(store, table, answers, dataset="既存")
    before = _snapshot(store)
    ids = answers.kept["answer_id"].tolist()
    ids[-1] = ids[0]  # (batch, answer_id) must be unique
    duplicated = dataclasses.replace(answers, kept=answers.kept.assign(answer_id=ids))
    with pytest.raises(sqlite3.IntegrityError):
        _add(store, table, duplicated, dataset="新しいデータ")
    assert _snapshot(store) == before
    assert store.dataset_id("新しいデータ") is None


def test_remove_batch_deletes_its_answers_dropped_rows_and_runs(store, mixed):
    table, answers = mixed
    dataset_id, first = _add(store, table, answers)
    _, second = _add(store, table, answers)
    _save_small_run(store, dataset_id)
    store.remove_batch(second)
    counts = store.counts()
    assert counts["batches"] == 1 and counts["answers"] == 6 and counts["dropped"] == 2
    # The run used answers of the removed batch, so it is gone with its rows.
    assert counts["runs"] == counts["run_answers"] == counts["run_clusters"] == 0
    assert store.list_batches(dataset_id)["id"].tolist() == [first]
    store.remove_batch(first)
    assert store.load_answers(dataset_id).empty and store.load_dropped(dataset_id).empty


def test_embedding_cache_round_trips_float32_and_keeps_models_apart(store):
    rng = np.random.default_rng(0)
    hashes = [text_hash(t) for t in ("バス", "公園", "버스")]
    use = rng.normal(size=(3, 512)).astype(np.float32)
    other = rng.normal(size=(3, 384))  # float64 in, float32 stored
    store.put_embeddings("use-multilingual-v3", hashes, use)
    store.put_embeddings("st:other", hashes[:2], other[:2])

    got = store.get_embeddings("use-multilingual-v3", hashes + ["missing"])
    assert set(got) == set(hashes)
    for i, h in enumerate(hashes):
        assert got[h].dtype == np.float32 and np.array_equal(got[h], use[i])
    got_other = store.get_embeddings("st:other", hashes)
    assert set(got_other) == set(hashes[:2])
    assert np.array_equal(got_other[hashes[0]], other[0].astype(np.float32))
    assert store.get_embeddings("never-used", hashes) == {}
    # Writing a text again replaces its vector instead of adding a row.
    store.put_embeddings("use-multilingual-v3", hashes[:1], use[1:2])
    assert np.array_equal(store.get_embeddings("use-multilingual-v3", hashes[:1])[hashes[0]], use[1])
    assert store.counts()["embeddings"] == 5


def test_embedding_cache_handles_more_hashes_than_one_query_allows(store):
    hashes = [text_hash(str(i)) for i in range(2000)]
    vectors = np.arange(2000 * 4, dtype=np.float32).reshape(2000, 4)
    store.put_embeddings("m", hashes, vectors)
    got = store.get_embeddings("m", hashes)
    assert len(got) == 2000 and np.array_equal(got[hashes[1999]], vectors[1999])


def _save_small_run(store: Store, dataset_id: int) -> tuple[int, pd.DataFrame, pd.DataFrame]:
    answers = store.load_answers(dataset_id)
    n = len(answers)
    assignments = pd.DataFrame({
        "pk": answers["pk"], "theme": np.arange(n) % 2, "topic": np.arange(n) % 3,
        "x": np.linspace(-1, 1, n), "y": np.linspace(1, -1, n),
        "confidence": np.linspace(0, 0.5, n), "low_confidence": np.arange(n) % 2 == 0,
    })
    clusters = pd.DataFrame({
        "level": ["theme", "theme", "topic", "topic", "topic"],
        "cluster_id": [0, 1, 0, 1, 2],
        "parent": pd.array([None, None, 0, 1, 0], dtype="Int64"),
        "size": [3, 3, 2, 2, 2],
        "label": ["交通 / バス", "공원 / 놀이터", "バス", "공원", "避難所"],
        "keywords": [["交通", "バス"], ["공원", "놀이터"], ["バス"], ["공원"], ["避難所"]],
        "representatives": [answers["answer_id"].tolist()[:2]] * 5,
    })
    run_id = store.save_run(dataset_id, "fp-1", {"n_topics": 3, "random_state": 0},
                            {"dataset": store.dataset_name(dataset_id), "note": "日本語 한국어"},
                            assignments, clusters)
    return run_id, assignments, clusters


def test_runs_save_and_load(store, mixed):
    table, answers = mixed
    dataset_id, _ = _add(store, table, answers)
    assert store.latest_run(dataset_id) is None
    run_id, assignments, clusters = _save_small_run(store, dataset_id)

    info, got_assign, got_clusters = store.load_run(run_id)
    assert info["note"] == "日本語 한국어"
    expected = assignments.sort_values("pk").reset_index(drop=True)
    for column in ("pk", "theme", "topic"):
        assert got_assign[column].tolist() == expected[column].tolist()
    for column in ("x", "y", "confidence"):
        assert np.allclose(got_assign[column], expected[column])
    assert got_assign["low_confidence"].dtype == bool
    assert got_assign["low_confidence"].tolist() == expected["low_confidence"].tolist()
    assert got_clusters["label"].tolist() == clusters["label"].tolist()
    assert got_clusters["keywords"].tolist() == clusters["keywords"].tolist()
    assert got_clusters["representatives"].tolist() == clusters["representatives"].tolist()
    assert got_clusters["parent"].isna().tolist() == [True, True, False, False, False]
    assert got_clusters["parent"].dropna().astype(int).tolist() == [0, 1, 0]

    assert store.find_run(dataset_id, "fp-1") == run_id == store.latest_run(dataset_id)
    assert store.find_run(dataset_id, "other") is None
    with pytest.raises(KeyError):
        store.load_run(run_id + 100)


def test_arrays_and_json_artefacts_round_trip_without_pickle(store):
    xy = np.arange(10, dtype=np.float32).reshape(5, 2)
    store.put_arrays("map:1", xy=xy, ids=np.arange(5))
    got = store.get_arrays("map:1")
    assert np.array_equal(got["xy"], xy) and got["xy"].dtype == np.float32
    assert store.get_arrays("absent") is None
    store.put_json("tokens:1", [["バス", "少ない"], ["버스"]])
    assert store.get_json("tokens:1") == [["バス", "少ない"], ["버스"]]
    assert store.get_json("absent") is None


@pytest.mark.parametrize("url", ["postgresql://user@localhost/listening", "mysql://db/x"])
def test_a_server_url_gives_a_clear_error(url):
    with pytest.raises(ValueError, match="not supported"):
        Store(url)


def test_sqlite_urls_open_files(tmp_path, monkeypatch):
    absolute = tmp_path / "abs" / "x.db"
    with Store(f"sqlite:///{absolute}") as s:
        assert s.counts()["datasets"] == 0
    assert absolute.is_file()
    monkeypatch.chdir(tmp_path)
    with Store("sqlite:///relative/y.db") as s:
        s.put_json("k", 1)
    assert (tmp_path / "relative" / "y.db").is_file()
    with Store(tmp_path / "relative" / "y.db") as s:
        assert s.get_json("k") == 1
    with Store("sqlite://") as memory:
        assert memory.path == ":memory:" and memory.counts()["runs"] == 0


def test_close_releases_the_file(tmp_path, mixed):
    path = tmp_path / "closing.db"
    store = Store(path)
    table, answers = mixed
    _add(store, table, answers)
    store.close()
    # WAL side files disappear only when the last connection is closed.
    assert not (tmp_path / "closing.db-wal").exists()
    with pytest.raises(sqlite3.ProgrammingError):
        store.counts()
    other = sqlite3.connect(path, timeout=0)
    try:
        other.execute("BEGIN EXCLUSIVE")
        assert other.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 6
        other.execute("ROLLBACK")
    finally:
        other.close()
    path.unlink()
    assert not path.exists()


def test_a_version_1_store_gains_the_edits_table_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.db"
    with Store(path) as store:
        store.put_json("kept", {"a": 1})
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE edits")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.get_json("kept") == {"a": 1}
        assert store.list_edits(1).empty
        assert store.counts()["edits"] == 0
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_a_version_2_store_gains_raw_text_and_masks_its_answers_on_the_next_analysis(tmp_path):
    from listening.privacy.masking import mask_stored

    path = tmp_path / "v2.db"
    with Store(path) as store:
        table = RawTable(pd.DataFrame({"q": ["連絡は090-1234-5678まで", "公園がほしい"]}), "a.csv", "survey", "h")
        answers = select_answers(table, ["q"])
        dataset_id, _ = store.add_batch("d", table, answers, {"text": ["q"]})
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE answers DROP COLUMN raw_text")
    conn.execute("DROP TABLE findings")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.load_answers(dataset_id)["text"].tolist()[0] == "連絡は090-1234-5678まで"
        assert mask_stored(store, dataset_id) == 2
        assert store.load_answers(dataset_id)["text"].tolist() == ["連絡は［電話番号］まで", "公園がほしい"]
        assert store.list_findings(dataset_id)["original"].tolist() == ["090-1234-5678"]
        assert mask_stored(store, dataset_id) == 0  # done once
