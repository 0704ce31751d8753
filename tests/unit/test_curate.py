"""Curation edits on a real analysis: each op changes exactly what it should, undo is exact.

The analysis (clustering, UMAP) runs once per module on 250 rows of the Japanese sample
survey (4 themes, 12 topics), with their vectors from the analysed sample's embedding
cache; each test edits its own copy of that SQLite file.
"""
from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from listening.analysis.pipeline import ColumnChoice, analyze, import_file, load_analysis
from listening.curation import edits as curate
from listening.store import Store
from listening.types import AnalysisSettings
from tests.conftest import seed_embeddings

ROOT = Path(__file__).resolve().parents[2]
Q1 = "問1 暮らしの中で困っていること・課題"


@pytest.fixture(scope="module")
def analysed(tmp_path_factory, analysed_db) -> tuple[Path, int]:
    frame = pd.read_csv(ROOT / "sample_data" / "survey_ja.csv", encoding="cp932", dtype=str).head(250)
    data = frame.to_csv(index=False).encode("cp932")
    path = tmp_path_factory.mktemp("curate") / "base.db"
    seed_embeddings(path, analysed_db)  # these answers' vectors: the edits, not the model, are under test
    with Store(path) as store:
        imported = import_file(store, "curate", data, "survey.csv",
                               ColumnChoice(text=(Q1,), id="回答ID", attributes=("年代", "校区")))
        run_id = analyze(store, imported.dataset_id, AnalysisSettings(n_themes=4, n_topics=12, random_state=0)).run_id
    return path, run_id


@pytest.fixture()
def db(analysed, tmp_path) -> Path:
    path = tmp_path / "copy.db"
    shutil.copy(analysed[0], path)
    return path


@pytest.fixture()
def store(db):
    s = Store(db)
    yield s
    s.close()


@pytest.fixture()
def run_id(analysed) -> int:
    return analysed[1]


def topics(a) -> pd.DataFrame:
    return a.clusters[a.clusters["level"] == "topic"].set_index("cluster_id")


def themes(a) -> pd.DataFrame:
    return a.clusters[a.clusters["level"] == "theme"].set_index("cluster_id")


def assert_consistent(a) -> None:
    """Every answer has a topic nested in its theme; sizes, shares and labels agree with the answers."""
    t, th = topics(a), themes(a)
    answers = a.answers
    assert answers["topic"].isin(t.index).all() and answers["theme"].isin(th.index).all()
    assert (answers["theme"].to_numpy() == t.loc[answers["topic"], "parent"].to_numpy()).all()
    assert t["parent"].isin(th.index).all()
    for level, frame in (("topic", t), ("theme", th)):
        sizes = answers[level].value_counts()
        assert sizes.reindex(frame.index).tolist() == frame["size"].tolist()
        assert np.isclose(frame["share"].sum(), 1.0)
        labels = answers[f"{level}_label"].to_numpy()
        assert (labels == frame.loc[answers[level], "label"].to_numpy()).all()
        for cid, row in frame.iterrows():
            members = set(answers.loc[answers[level] == cid, "answer_id"])
            assert set(row["representatives"]) <= members, (level, cid)
            assert len(row["representatives"]) == min(5, len(members))
    info = a.info.answers
    assert info.analysed == len(answers) + len(a.excluded) == info.shown + info.excluded


def assert_same(a, b, info: bool = True) -> None:
    pd.testing.assert_frame_equal(a.answers, b.answers)
    pd.testing.assert_frame_equal(a.clusters, b.clusters)
    pd.testing.assert_frame_equal(a.excluded, b.excluded)
    if info:
        assert a.info == b.info


def two_topics_in_different_themes(a) -> tuple[int, int]:
    t = topics(a)
    first = int(t.index[0])
    other = t[t["parent"] != t.loc[first, "parent"]]
    return first, int(other.index[0])


def test_without_edits_the_curated_analysis_is_the_stored_run(store, run_id):
    base, cur = load_analysis(store, run_id), curate.curated_analysis(store, run_id)
    pd.testing.assert_frame_equal(cur.answers, base.answers)
    pd.testing.assert_frame_equal(cur.clusters.drop(columns=["auto_label", "renamed"]), base.clusters)
    assert (cur.clusters["auto_label"] == cur.clusters["label"]).all() and not cur.clusters["renamed"].any()
    assert list(cur.excluded.columns) == ["answer_id", "text", "pk", "respondent_id", "topic", "reason", "user", "when"]
    assert cur.excluded.empty
    assert cur.info.answers.excluded == 0 and cur.info.curation.to_dict() == {"edits": 0, "skipped": []}
    assert 200 < len(cur.answers) <= 250 and len(topics(cur)) >= 4
    assert_consistent(cur)
    assert curate.edit_history(store, run_id).empty


def test_rename_replaces_the_label_everywhere_and_keeps_the_automatic_one(store, run_id):
    before = curate.curated_analysis(store, run_id)
    auto = topics(before).loc[3, "label"]
    edit = curate.rename_cluster(store, run_id, "佐藤", "topic", 3, "  通学路の安全 ")
    theme = int(topics(before).loc[3, "parent"])
    curate.rename_cluster(store, run_id, "佐藤", "theme", theme, "安全・安心")
    after = curate.curated_analysis(store, run_id)
    row = topics(after).loc[3]
    assert (row["label"], row["auto_label"], row["renamed"]) == ("通学路の安全", auto, True)
    assert themes(after).loc[theme, "renamed"] and themes(after)["renamed"].sum() == 1
    in_topic = after.answers["topic"] == 3
    assert (after.answers.loc[in_topic, "topic_label"] == "通学路の安全").all()
    assert (after.answers.loc[after.answers["theme"] == theme, "theme_label"] == "安全・安心").all()
    # Nothing but the labels changed: same members, keywords and representatives.
    same = ["answer_id", "theme", "topic", "text"]
    pd.testing.assert_frame_equal(after.answers[same], before.answers[same])
    assert (after.answers.loc[~in_topic, "topic_label"] == before.answers.loc[~in_topic, "topic_label"]).all()
    cols = ["size", "keywords", "representatives", "parent"]
    pd.testing.assert_frame_equal(after.clusters[cols], before.clusters[cols])
    history = curate.edit_history(store, run_id)
    first = history.iloc[0]
    assert (first["id"], first["user"], first["op"], first["undone"]) == (edit, "佐藤", "rename", False)
    assert first["description"] == "小さな分類 3 の名前を『通学路の安全』に変更"
    assert datetime.now(timezone.utc) - datetime.fromisoformat(first["when"]) < timedelta(minutes=5)
    assert_consistent(after)


def test_merging_topics_moves_the_answers_and_removes_the_source(store, run_id):
    before = curate.curated_analysis(store, run_id)
    source, target = two_topics_in_different_themes(before)
    curate.merge_clusters(store, run_id, "kim", "topic", source, target)
    after = curate.curated_analysis(store, run_id)
    assert source not in topics(after).index and len(topics(after)) == len(topics(before)) - 1
    moved = before.answers["topic"] == source
    assert (after.answers.loc[moved, "topic"] == target).all()
    assert (after.answers.loc[moved, "theme"] == topics(before).loc[target, "parent"]).all()
    pd.testing.assert_frame_equal(after.answers[~moved], before.answers[~moved])
    assert topics(after).loc[target, "size"] == topics(before).loc[[source, target], "size"].sum()
    assert topics(after).loc[target, "label"] == topics(before).loc[target, "label"]
    # Keywords of the grown topic are recomputed from its members' tokens.
    tokens = store.get_json(before.info.artefacts.tokens)
    member_words = {w for i in np.flatnonzero((after.answers["topic"] == target).to_numpy()) for w in tokens[i]}
    assert set(topics(after).loc[target, "keywords"]) <= member_words
    assert_consistent(after)


def test_merging_themes_reparents_every_topic_of_the_source(store, run_id):
    before = curate.curated_analysis(store, run_id)
    source, target = int(themes(before).index[-1]), int(themes(before).index[0])
    children = topics(before).index[topics(before)["parent"] == source]
    curate.merge_clusters(store, run_id, "kim", "theme", source, target)
    after = curate.curated_analysis(store, run_id)
    assert source not in themes(after).index
    assert (topics(after).loc[children, "parent"] == target).all()
    pd.testing.assert_series_equal(after.answers["topic"], before.answers["topic"])
    assert (after.answers.loc[before.answers["theme"] == source, "theme"] == target).all()
    assert themes(after).loc[target, "size"] == themes(before).loc[[source, target], "size"].sum()
    assert_consistent(after)


def test_split_topic_partitions_its_members_into_new_ids_deterministically(store, run_id):
    before = curate.curated_analysis(store, run_id)
    big = int(topics(before)["size"].idxmax())
    top = int(topics(before).index.max())
    edit = curate.split_cluster(store, run_id, "kim", big, n_parts=2)
    after = curate.curated_analysis(store, run_id)
    members = before.answers["topic"] == big
    parts = after.answers.loc[members, "topic"]
    assert set(parts) == {top + 1, top + 2} and big not in topics(after).index
    assert (topics(after).loc[[top + 1, top + 2], "parent"] == topics(before).loc[big, "parent"]).all()
    pd.testing.assert_frame_equal(after.answers[~members], before.answers[~members])
    new = topics(after).loc[[top + 1, top + 2]]
    assert new["label"].str.len().gt(0).all() and not new["renamed"].any()
    assert all(new["keywords"].map(len) > 0)
    payload = store.list_edits(run_id)["payload"].iloc[0]
    assert set(payload["assignment"]) == set(before.answers.loc[members, "answer_id"])
    assert set(payload["new"]) == {str(top + 1), str(top + 2)}
    assert_consistent(after)
    # The same split again gives the same parts, ids and labels.
    assert curate.undo(store, run_id, "kim") == edit
    curate.split_cluster(store, run_id, "kim", big, n_parts=2)
    assert store.list_edits(run_id)["payload"].iloc[1] == payload
    assert_same(curate.curated_analysis(store, run_id), after)


def test_split_theme_keeps_its_topics_whole(store, run_id):
    before = curate.curated_analysis(store, run_id)
    per_theme = topics(before).groupby("parent").size()
    theme = int(per_theme[per_theme >= 2].index[0])
    top = int(themes(before).index.max())
    curate.split_cluster(store, run_id, "kim", theme, n_parts=2, level="theme")
    after = curate.curated_analysis(store, run_id)
    assert theme not in themes(after).index
    pd.testing.assert_series_equal(after.answers["topic"], before.answers["topic"])
    children = topics(before).index[topics(before)["parent"] == theme]
    new_parents = topics(after).loc[children, "parent"]
    assert set(new_parents) == {top + 1, top + 2}
    inside = before.answers["theme"] == theme
    pd.testing.assert_frame_equal(after.answers[~inside], before.answers[~inside])
    assert_consistent(after)


def test_move_answers_and_move_topic(store, run_id):
    before = curate.curated_analysis(store, run_id)
    source, target = two_topics_in_different_themes(before)
    ids = before.answers.loc[before.answers["topic"] == source, "answer_id"].head(3).tolist()
    curate.move_answers(store, run_id, "lee", ids, target)
    after = curate.curated_analysis(store, run_id)
    moved = before.answers["answer_id"].isin(ids)
    assert (after.answers.loc[moved, "topic"] == target).all()
    assert (after.answers.loc[moved, "theme"] == topics(before).loc[target, "parent"]).all()
    pd.testing.assert_frame_equal(after.answers[~moved], before.answers[~moved])
    assert topics(after).loc[target, "size"] == topics(before).loc[target, "size"] + 3
    assert_consistent(after)

    old_theme = int(topics(after).loc[source, "parent"])
    new_theme = int(themes(after).index[themes(after).index != old_theme][0])
    curate.move_topic(store, run_id, "lee", source, new_theme)
    moved_topic = curate.curated_analysis(store, run_id)
    assert topics(moved_topic).loc[source, "parent"] == new_theme
    assert (moved_topic.answers.loc[moved_topic.answers["topic"] == source, "theme"] == new_theme).all()
    assert_consistent(moved_topic)
    assert curate.edit_history(store, run_id, "en")["description"].iloc[0].startswith(f"Moved answers {ids[0]}, ")


def test_exclude_and_restore_round_trip_with_row_accounting(store, run_id):
    before = curate.curated_analysis(store, run_id)
    rep = topics(before).iloc[0]["representatives"][0]  # its topic must find another example
    other = before.answers["answer_id"].iloc[-1]
    curate.exclude_answers(store, run_id, "sato", [rep, other], "個人が特定できる内容")
    after = curate.curated_analysis(store, run_id)
    assert len(after.answers) == len(before.answers) - 2 and not after.answers["answer_id"].isin([rep, other]).any()
    ex = after.excluded.set_index("answer_id")
    assert set(ex.index) == {rep, other} and (ex["reason"] == "個人が特定できる内容").all() and (ex["user"] == "sato").all()
    assert ex.loc[rep, "text"] == before.answers.set_index("answer_id").loc[rep, "text"]
    assert after.info.answers.excluded == 2
    assert all(rep not in r for r in after.clusters["representatives"])
    assert_consistent(after)
    curate.restore_answers(store, run_id, "sato", [rep, other])
    assert_same(curate.curated_analysis(store, run_id), before, info=False)
    descriptions = curate.edit_history(store, run_id, "ko")["description"].tolist()
    assert descriptions == [f"제외: 응답 {rep}, {other} (사유: 個人が特定できる内容)", f"제외 취소: 응답 {rep}, {other}"]


def test_undo_restores_each_previous_state_exactly(store, run_id):
    states = [curate.curated_analysis(store, run_id)]
    source, target = two_topics_in_different_themes(states[0])
    curate.rename_cluster(store, run_id, "a", "topic", target, "バスの本数")
    states.append(curate.curated_analysis(store, run_id))
    curate.merge_clusters(store, run_id, "a", "topic", source, target)
    curate.exclude_answers(store, run_id, "a", [states[0].answers["answer_id"].iloc[0]], "重複")
    assert curate.undo(store, run_id, "b") is not None
    curate.undo(store, run_id, "b")
    assert_same(curate.curated_analysis(store, run_id), states[1])
    curate.undo(store, run_id, "b")
    assert_same(curate.curated_analysis(store, run_id), states[0])
    assert curate.undo(store, run_id, "b") is None
    history = curate.edit_history(store, run_id)
    assert history["undone"].all() and (history["undone_by"] == "b").all() and history["undone_at"].notna().all()
    assert history["op"].tolist() == ["rename", "merge", "exclude"]


def test_an_edit_a_later_one_builds_on_cannot_be_undone_first(store, run_id):
    base = curate.curated_analysis(store, run_id)
    big = int(topics(base)["size"].idxmax())
    split = curate.split_cluster(store, run_id, "a", big)
    rename = curate.rename_cluster(store, run_id, "a", "topic", int(topics(base).index.max()) + 1, "新しい名前")
    counts = store.counts()
    with pytest.raises(ValueError, match=f"undo edit {rename} first"):
        curate.undo(store, run_id, "a", split)
    assert store.counts() == counts and curate.edit_history(store, run_id)["undone"].sum() == 0
    assert curate.undo(store, run_id, "a", rename) == rename
    assert curate.undo(store, run_id, "a", split) == split
    assert_same(curate.curated_analysis(store, run_id), base)


def test_an_earlier_independent_edit_can_be_undone_alone(store, run_id):
    base = curate.curated_analysis(store, run_id)
    first = curate.rename_cluster(store, run_id, "a", "topic", 0, "一つ目")
    curate.rename_cluster(store, run_id, "a", "topic", 1, "二つ目")
    curate.undo(store, run_id, "a", first)
    labels = topics(curate.curated_analysis(store, run_id))["label"]
    assert labels[0] == topics(base).loc[0, "label"] and labels[1] == "二つ目"


INVALID = {
    "empty name": lambda s, r, a: curate.rename_cluster(s, r, "u", "topic", 0, "   "),
    "unknown topic": lambda s, r, a: curate.rename_cluster(s, r, "u", "topic", 999, "x"),
    "unknown level": lambda s, r, a: curate.rename_cluster(s, r, "u", "cluster", 0, "x"),
    "no user": lambda s, r, a: curate.rename_cluster(s, r, " ", "topic", 0, "x"),
    "merge into itself": lambda s, r, a: curate.merge_clusters(s, r, "u", "topic", 1, 1),
    "merge unknown theme": lambda s, r, a: curate.merge_clusters(s, r, "u", "theme", 0, 99),
    "split into one": lambda s, r, a: curate.split_cluster(s, r, "u", 0, n_parts=1),
    "split too small": lambda s, r, a: curate.split_cluster(
        s, r, "u", 0, n_parts=int(topics(a).loc[0, "size"]) + 1),
    "split unknown": lambda s, r, a: curate.split_cluster(s, r, "u", 999),
    "move unknown answer": lambda s, r, a: curate.move_answers(s, r, "u", ["nope:1"], 0),
    "move to unknown topic": lambda s, r, a: curate.move_answers(s, r, "u", [a.answers["answer_id"][0]], 999),
    "move nowhere": lambda s, r, a: curate.move_answers(
        s, r, "u", [a.answers["answer_id"][0]], int(a.answers["topic"][0])),
    "move no answers": lambda s, r, a: curate.move_answers(s, r, "u", [], 0),
    "topic to its theme": lambda s, r, a: curate.move_topic(s, r, "u", 0, int(topics(a).loc[0, "parent"])),
    "exclude without reason": lambda s, r, a: curate.exclude_answers(s, r, "u", [a.answers["answer_id"][0]], ""),
    "exclude unknown": lambda s, r, a: curate.exclude_answers(s, r, "u", ["nope:1"], "spam"),
    "restore included": lambda s, r, a: curate.restore_answers(s, r, "u", [a.answers["answer_id"][0]]),
    "undo unknown edit": lambda s, r, a: curate.undo(s, r, "u", 12345),
}


@pytest.mark.parametrize("name", INVALID)
def test_invalid_edits_raise_and_store_nothing(store, run_id, name):
    analysis = curate.curated_analysis(store, run_id)
    counts = store.counts()
    with pytest.raises(ValueError):
        INVALID[name](store, run_id, analysis)
    assert store.counts() == counts


def test_a_topic_left_with_one_answer_cannot_be_split(store, run_id):
    a = curate.curated_analysis(store, run_id)
    source, target = two_topics_in_different_themes(a)
    ids = a.answers.loc[a.answers["topic"] == source, "answer_id"].tolist()
    curate.move_answers(store, run_id, "u", ids[1:], target)
    assert topics(curate.curated_analysis(store, run_id)).loc[source, "size"] == 1
    counts = store.counts()
    with pytest.raises(ValueError, match="too few to split"):
        curate.split_cluster(store, run_id, "u", source)
    assert store.counts() == counts


def test_excluded_answers_cannot_be_moved_or_excluded_twice(store, run_id):
    a = curate.curated_analysis(store, run_id)
    answer = a.answers["answer_id"][0]
    curate.exclude_answers(store, run_id, "u", [answer], "spam")
    counts = store.counts()
    with pytest.raises(ValueError, match="restore them first"):
        curate.move_answers(store, run_id, "u", [answer], int(topics(a).index[-1]))
    with pytest.raises(ValueError, match="already excluded"):
        curate.exclude_answers(store, run_id, "u", [answer], "spam")
    assert store.counts() == counts


def test_edits_survive_reopening_the_store(db, run_id):
    with Store(db) as store:
        first = curate.curated_analysis(store, run_id)
        source, target = two_topics_in_different_themes(first)
        curate.rename_cluster(store, run_id, "a", "topic", target, "公園の遊具")
        curate.merge_clusters(store, run_id, "a", "topic", source, target)
        curate.exclude_answers(store, run_id, "a", [first.answers["answer_id"][5]], "いたずら")
        edited = curate.curated_analysis(store, run_id)
        history = curate.edit_history(store, run_id)
    with Store(db) as reopened:
        assert_same(curate.curated_analysis(reopened, run_id), edited)
        pd.testing.assert_frame_equal(curate.edit_history(reopened, run_id), history)
    assert edited.info.curation.edits == 3


def test_history_describes_each_edit_in_three_languages(store, run_id):
    a = curate.curated_analysis(store, run_id)
    source, target = two_topics_in_different_themes(a)
    curate.merge_clusters(store, run_id, "a", "topic", source, target)
    label = lambda i: topics(a).loc[i, "label"]  # noqa: E731
    assert curate.edit_history(store, run_id, "ja")["description"][0] == (
        f"小さな分類 {source}（{label(source)}）を小さな分類 {target}（{label(target)}）に統合")
    assert curate.edit_history(store, run_id, "ko")["description"][0] == (
        f"병합: 작은 분류 {source} ({label(source)}) → 작은 분류 {target} ({label(target)})")
    assert curate.edit_history(store, run_id, "en")["description"][0] == (
        f"Merged narrow group {source} ({label(source)}) into narrow group {target} ({label(target)})")
    with pytest.raises(ValueError):
        curate.edit_history(store, run_id, "fr")
