"""The analysis end to end on slices of the sample data, with the real model and tokenizers."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from listening.analysis.pipeline import ColumnChoice, analyze, import_file, load_analysis
from listening.sample import SAMPLES
from listening.store import Store
from listening.text.tokens import tokenize_texts
from listening.types import AnalysisSettings, ClusteringSettings, InputError
from listening.views.crosstab import TOTAL_LABEL, crosstab, crosstab_frame

JA_ROWS = 300  # respondents in the shared Japanese store (tests/conftest.py)
KO_ROWS = 40
HANGUL_WORD = re.compile(r"^[\uac00-\ud7a3]+$")


def _state(store: Store):
    return store.counts(), store.list_datasets().to_dict("records")


def test_row_accounting_holds_for_a_survey_plus_hearing_notes(ja_analysed):
    info, imports = ja_analysed.analysis.info, ja_analysed.imports
    survey = imports[0].answers
    # Every respondent brings one candidate answer per question, blank or not.
    assert survey.n_in == JA_ROWS * 2
    assert [i.table.kind for i in imports] == ["survey", "hearing", "hearing", "hearing"]
    totals = info.answers
    assert totals.n_in == sum(i.answers.n_in for i in imports)
    assert totals.n_in == totals.kept + totals.dropped
    assert totals.dropped == sum(totals.dropped_by_reason.values())
    assert totals.kept == totals.analysed == len(ja_analysed.analysis.answers)
    # The sample slice has blanks, no-content answers and repeated rows: each counted.
    assert {"empty", "no_content", "duplicate_row"} <= set(totals.dropped_by_reason)
    for item, imported in zip(info.inputs, imports):
        assert item.answers_in == item.kept + item.dropped == imported.answers.n_in
        assert item.kept == len(imported.answers.kept)
        assert item.dropped_by_reason == imported.answers.drop_counts()
        assert sum(item.dropped_by_reason.values()) == item.dropped
    answers = ja_analysed.analysis.answers
    assert (answers["source"] == "hearing").sum() == sum(len(i.answers.kept) for i in imports[1:]) > 0
    assert answers["answer_id"].is_unique


def test_every_answer_has_a_theme_and_a_topic_nested_in_it(ja_analysed):
    analysis = ja_analysed.analysis
    answers, clusters = analysis.answers, analysis.clusters
    themes, topics = clusters[clusters.level == "theme"], clusters[clusters.level == "topic"]
    assert answers["theme"].min() >= 0 and answers["topic"].min() >= 0
    assert len(themes) == analysis.info.clusters.n_themes and len(topics) == analysis.info.clusters.n_topics
    assert 4 <= len(themes) <= 10 and 10 <= len(topics) <= 40
    parent = topics.set_index("cluster_id")["parent"].astype(int)
    assert (answers["topic"].map(parent) == answers["theme"]).all()
    ids_by_cluster = answers.groupby("topic")["answer_id"].agg(set)
    for level, frame in (("theme", themes), ("topic", topics)):
        sizes = answers[level].value_counts()
        members = answers.groupby(level)["answer_id"].agg(set)
        for row in frame.itertuples():
            assert row.size == sizes[row.cluster_id]
            assert 1 <= len(row.representatives) <= 5
            assert set(row.representatives) <= members[row.cluster_id]
            assert row.label and row.label == answers.loc[answers[level] == row.cluster_id, f"{level}_label"].iloc[0]
        assert frame["size"].sum() == len(answers)
    assert len(ids_by_cluster) == len(topics)
    xy = answers[["x", "y"]].to_numpy()
    assert np.all(np.isfinite(xy)) and np.abs(xy).max() <= 1.0


def test_same_settings_return_the_stored_run(ja_analysed, use_embedder):
    store, first = ja_analysed.store, ja_analysed.analysis
    before = store.counts()
    again = analyze(store, ja_analysed.dataset_id, AnalysisSettings(), embedder=use_embedder)
    assert again.run_id == first.run_id
    assert store.counts() == before
    key = ["answer_id", "theme", "topic", "theme_label", "topic_label"]
    pd.testing.assert_frame_equal(again.answers[key], first.answers[key])
    assert np.allclose(again.answers[["x", "y"]], first.answers[["x", "y"]])
    loaded = load_analysis(store, first.run_id)
    assert loaded.answers["topic"].tolist() == first.answers["topic"].tolist()
    # Survey attributes first, then the hearing notes' header fields (group, date ...).
    assert loaded.attributes == first.attributes
    assert first.attributes[:4] == ("年代", "性別", "校区", "回答者区分") and "group" in first.attributes


def test_another_topic_count_is_a_new_run_that_embeds_nothing(ja_analysed, use_embedder):
    store, first = ja_analysed.store, ja_analysed.analysis
    embeddings = store.counts()["embeddings"]
    other = analyze(store, ja_analysed.dataset_id, AnalysisSettings(n_themes=4, n_topics=12), embedder=use_embedder)
    assert other.run_id != first.run_id
    assert other.info.embedded_now == 0 and store.counts()["embeddings"] == embeddings
    assert first.info.embedded_now == embeddings > 0
    assert (other.info.clusters.n_themes, other.info.clusters.n_topics) == (4, 12)
    assert sorted(other.answers["topic"].unique()) == list(range(12))
    assert sorted(other.answers["theme"].unique()) == list(range(4))
    topics = other.clusters[other.clusters.level == "topic"]
    assert len(topics) == 12
    assert (other.answers["topic"].map(topics.set_index("cluster_id")["parent"].astype(int))
            == other.answers["theme"]).all()
    # The map depends on the data, not on the cluster counts: it is reused as is.
    assert np.array_equal(other.answers[["x", "y"]].to_numpy(), first.answers[["x", "y"]].to_numpy())


def test_same_data_and_seed_give_identical_clusters_in_another_store(ja_analysed, ja_build, use_embedder, tmp_path):
    second = ja_build(tmp_path / "again.db", use_embedder)
    try:
        a, b = ja_analysed.analysis, second.analysis
        assert b.info.embedded_now > 0  # really recomputed, not read from a cache
        key = ["answer_id", "theme", "topic", "x", "y"]
        pd.testing.assert_frame_equal(a.answers[key], b.answers[key])
        cols = ["level", "cluster_id", "size", "label", "keywords", "representatives"]
        pd.testing.assert_frame_equal(a.clusters[cols], b.clusters[cols])
    finally:
        second.store.close()


def test_japanese_keywords_are_words_of_their_own_cluster(ja_analysed):
    answers, clusters = ja_analysed.analysis.answers, ja_analysed.analysis.clusters
    tokens = tokenize_texts(answers["text"].tolist(), answers["language"].tolist())
    for row in clusters.itertuples():
        members = np.flatnonzero(answers[row.level].to_numpy() == row.cluster_id)
        vocabulary = {t for i in members for t in tokens[i]}
        assert row.keywords, (row.level, row.cluster_id)
        for word in row.keywords:
            assert word in vocabulary, (row.level, row.cluster_id, word)
            assert not re.search(r"\s", word)
            assert len(word) <= 15  # a word, not a sentence


def test_crosstab_totals_equal_the_analysed_answers(ja_analysed):
    answers = ja_analysed.analysis.answers
    for attribute in (*ja_analysed.analysis.attributes, "question", "source"):
        for level in ("theme", "topic"):
            ct = crosstab(answers, level, attribute)
            assert ct.n == int(ct.counts.to_numpy().sum()) == len(answers), (level, attribute)
            frame = crosstab_frame(ct)
            grand = frame[(frame.cluster == TOTAL_LABEL) & (frame.value == TOTAL_LABEL)]
            assert grand["count"].tolist() == [len(answers)]


def test_importing_the_same_file_twice_reuses_the_batch(tmp_path, sample_slice):
    spec = SAMPLES["ja"]
    data = sample_slice("ja", 20)
    with Store(tmp_path / "twice.db") as store:
        first = import_file(store, spec.dataset, data, "survey.csv", spec.columns)
        after_first = _state(store)
        again = import_file(store, spec.dataset, data, "survey.csv", spec.columns)
        assert (first.reused, again.reused) == (False, True)
        assert again.batch_id == first.batch_id and again.dataset_id == first.dataset_id
        assert _state(store) == after_first
        # Other column choices over the same bytes are a different batch.
        fewer = replace(spec.columns, attributes=("年代",))
        third = import_file(store, spec.dataset, data, "survey.csv", fewer)
        assert not third.reused and third.batch_id != first.batch_id


def test_an_input_error_leaves_the_store_unchanged(tmp_path, sample_slice):
    spec = SAMPLES["ja"]
    data = sample_slice("ja", 20)
    with Store(tmp_path / "errors.db") as store:
        import_file(store, spec.dataset, data, "survey.csv", spec.columns)
        before = _state(store)
        missing = replace(spec.columns, text=("問3 存在しない質問",))
        with pytest.raises(InputError, match="問3 存在しない質問"):
            import_file(store, spec.dataset, data, "survey.csv", missing)
        with pytest.raises(InputError):
            import_file(store, "新しいデータ", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.csv", spec.columns)
        assert _state(store) == before
        assert store.dataset_id("新しいデータ") is None


def test_a_handful_of_answers_still_gets_themes_topics_and_a_map(tmp_path, use_embedder):
    csv = "ID,意見\n1,バスの本数を増やしてほしい\n2,公園のトイレがきれいになってほしい\n3,特になし\n".encode("cp932")
    with Store(tmp_path / "tiny.db") as store:
        imported = import_file(store, "小さな調査", csv, "tiny.csv", ColumnChoice(text=("意見",), id="ID"))
        analysis = analyze(store, imported.dataset_id, embedder=use_embedder)
    answers = analysis.answers
    assert len(answers) == 2 and analysis.info.answers.dropped_by_reason == {"no_content": 1}
    assert answers["theme"].min() >= 0 and answers["topic"].min() >= 0
    assert np.all(np.isfinite(answers[["x", "y"]].to_numpy()))


def test_a_batch_that_lands_during_an_analysis_is_neither_analysed_nor_listed(tmp_path, sample_slice, use_embedder):
    spec = SAMPLES["ja"]
    note = sorted((Path(__file__).resolve().parents[2] / "sample_data" / "hearing_notes").glob("ja_*.md"))[0]
    landed = []

    def another_session_imports(step: str, done: float) -> None:
        if step == "embed" and not landed:  # the analysis has read its answers and is embedding them
            with Store(tmp_path / "race.db") as other:
                landed.append(import_file(other, spec.dataset, note.read_bytes(), note.name, ColumnChoice()))

    with Store(tmp_path / "race.db") as store:
        first = import_file(store, spec.dataset, sample_slice("ja", 40), "survey.csv", spec.columns)
        analysis = analyze(store, first.dataset_id, embedder=use_embedder, progress=another_session_imports)
        stored, _, _ = store.load_run(analysis.run_id)
        assert landed and len(store.list_batches(first.dataset_id)) == 2
    assert [item.file for item in analysis.info.inputs] == ["survey.csv"]
    assert [item["file"] for item in stored["inputs"]] == ["survey.csv"]
    counts = analysis.info.answers
    assert (counts.n_in, counts.kept) == (first.answers.n_in, len(first.answers.kept))
    assert counts.analysed == counts.kept == len(analysis.answers) == stored["answers"]["analysed"]


def test_a_changed_clustering_setting_is_a_new_run_that_reuses_vectors_and_tokens(ja_analysed, use_embedder):
    store, first = ja_analysed.store, ja_analysed.analysis
    tuned = AnalysisSettings(clustering=ClusteringSettings(smooth_steps=2, theme_range=(3, 6)))
    embeddings, artefacts = store.counts()["embeddings"], store.counts()["artefacts"]
    other = analyze(store, ja_analysed.dataset_id, tuned, embedder=use_embedder)
    assert other.run_id != first.run_id and other.info.fingerprint != first.info.fingerprint
    assert other.info.embedded_now == 0 and store.counts()["embeddings"] == embeddings
    assert other.info.settings == tuned and store.load_run(other.run_id)[0]["settings"]["clustering"] == {
        "theme_range": [3, 6], "smooth_steps": 2}
    # Tokens and the map do not depend on smoothing: only the clustering space is new.
    assert other.info.artefacts.tokens == first.info.artefacts.tokens
    assert other.info.artefacts.map == first.info.artefacts.map
    assert other.info.artefacts.space != first.info.artefacts.space
    assert store.counts()["artefacts"] == artefacts + 1
    assert 3 <= other.info.clusters.n_themes <= 6
    assert analyze(store, ja_analysed.dataset_id, tuned, embedder=use_embedder).run_id == other.run_id


def test_a_dataset_without_answers_is_a_clear_error(tmp_path, use_embedder):
    csv = "ID,意見\n1,特になし\n2,\n".encode("utf-8")
    with Store(tmp_path / "empty.db") as store:
        imported = import_file(store, "空", csv, "empty.csv", ColumnChoice(text=("意見",), id="ID"))
        with pytest.raises(ValueError, match="no answers"):
            analyze(store, imported.dataset_id, embedder=use_embedder)


@pytest.fixture(scope="module")
def ko_analysis(tmp_path_factory, sample_slice, use_embedder):
    spec = SAMPLES["ko"]
    with Store(tmp_path_factory.mktemp("ko") / "ko.db") as store:
        imported = import_file(store, spec.dataset, sample_slice("ko", KO_ROWS), "survey_ko.csv", spec.columns)
        yield analyze(store, imported.dataset_id, embedder=use_embedder)


def test_korean_keywords_are_hangul_words(ko_analysis):
    answers = ko_analysis.answers
    assert set(answers["language"]) == {"ko"}
    info = ko_analysis.info.answers
    assert info.n_in == KO_ROWS * 2 == info.kept + info.dropped
    for row in ko_analysis.clusters.itertuples():
        assert row.keywords, (row.level, row.cluster_id)
        for word in row.keywords:
            assert HANGUL_WORD.match(word), word
            assert len(word) <= 10
    ct = crosstab(answers, "theme", "연령대")
    assert ct.n == len(answers)
