"""The new_topic edit: staff accept a group of new voices as a topic of its own.

One small analysis (120 respondents of the Japanese sample, question 1, 3 themes and
6 topics) is built per module; each test edits its own copy of the SQLite file.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from listening.analysis.pipeline import ColumnChoice, analyze, import_file
from listening.auth.access import AccessDenied, User
from listening.curation import edits as curate
from listening.store import Store
from listening.types import AnalysisSettings
from listening.waves.update import add_to_run
from listening.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = ColumnChoice(text=("問1 暮らしの中で困っていること・課題",), id="回答ID", attributes=("年代",))
SETTINGS = AnalysisSettings(n_themes=3, n_topics=6, random_state=0)


def survey(rows: slice) -> bytes:
    frame = pd.read_csv(ROOT / "sample_data" / "survey_ja.csv", encoding="cp932", dtype=str, keep_default_na=False)
    return frame.iloc[rows].to_csv(index=False).encode("cp932")


@pytest.fixture(scope="module")
def analysed(tmp_path_factory, use_embedder) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("new_topic") / "base.db"
    with Store(path) as store:
        imported = import_file(store, "waves", survey(slice(0, 120)), "wave1.csv", COLUMNS)
        run_id = analyze(store, imported.dataset_id, SETTINGS, embedder=use_embedder).run_id
    return path, run_id


@pytest.fixture()
def store(analysed, tmp_path):
    shutil.copy(analysed[0], tmp_path / "copy.db")
    s = Store(tmp_path / "copy.db")
    yield s
    s.close()


@pytest.fixture()
def run_id(analysed) -> int:
    return analysed[1]


def topics(a) -> pd.DataFrame:
    return a.clusters[a.clusters["level"] == "topic"].set_index("cluster_id")


def voices(a, n: int = 4) -> tuple[list[str], int]:
    """``n`` answers from two different topics, and a theme none of them is in (else any theme)."""
    first, second = (a.answers[a.answers["topic"] == t] for t in topics(a).index[:2])
    picked = pd.concat([first.head(n // 2), second.head(n - n // 2)])
    others = sorted(set(a.answers["theme"]) - set(picked["theme"])) or sorted(set(a.answers["theme"]))
    return picked["answer_id"].astype(str).tolist(), int(others[0])


def test_a_new_topic_takes_the_answers_under_the_chosen_theme_with_the_next_id(store, run_id):
    before = curate.curated_analysis(store, run_id)
    ids, theme = voices(before)
    edit = curate.new_topic(store, run_id, "佐藤", ids, theme, "  空き家の活用 ")
    after = curate.curated_analysis(store, run_id)

    new_id = int(topics(before).index.max()) + 1
    row = topics(after).loc[new_id]
    assert (row["label"], row["auto_label"], bool(row["renamed"]), int(row["parent"])) == \
        ("空き家の活用", "空き家の活用", True, theme)
    assert int(row["size"]) == len(ids) and set(row["representatives"]) <= set(ids)
    moved = after.answers.set_index("answer_id").loc[ids]
    assert (moved["topic"] == new_id).all() and (moved["theme"] == theme).all()
    assert (moved["topic_label"] == "空き家の活用").all()
    # Every other answer stays where it was; topic sizes still add up.
    rest = ~after.answers["answer_id"].isin(ids)
    assert after.answers.loc[rest, "topic"].tolist() == before.answers.loc[~before.answers["answer_id"].isin(ids),
                                                                           "topic"].tolist()
    assert topics(after)["size"].sum() == len(after.answers) == len(before.answers)
    history = curate.edit_history(store, run_id)
    assert history["op"].tolist() == ["new_topic"] and int(history["id"].iloc[0]) == edit
    assert history["description"].iloc[0].startswith("回答 4 件で新しいトピック")
    assert "空き家の活用" in curate.describe_edit("new_topic", store.list_edits(run_id)["payload"].iloc[0], "en")
    assert "새 토픽" in curate.describe_edit("new_topic", store.list_edits(run_id)["payload"].iloc[0], "ko")


def test_undo_returns_exactly_to_the_analysis_before(store, run_id):
    before = curate.curated_analysis(store, run_id)
    ids, theme = voices(before)
    curate.new_topic(store, run_id, "u", ids, theme, "新しい声")
    assert curate.undo(store, run_id, "u") is not None
    again = curate.curated_analysis(store, run_id)
    pd.testing.assert_frame_equal(again.answers, before.answers)
    pd.testing.assert_frame_equal(again.clusters, before.clusters)


def test_later_ids_follow_the_new_topic_and_a_rename_of_it_blocks_its_undo(store, run_id):
    before = curate.curated_analysis(store, run_id)
    ids, theme = voices(before, n=6)
    first = curate.new_topic(store, run_id, "u", ids[:3], theme, "一つ目")
    curate.new_topic(store, run_id, "u", ids[3:], theme, "二つ目")
    new_ids = sorted(set(topics(curate.curated_analysis(store, run_id)).index) - set(topics(before).index))
    top = int(topics(before).index.max())
    assert new_ids == [top + 1, top + 2]
    curate.rename_cluster(store, run_id, "u", "topic", top + 1, "名前を変えた")
    with pytest.raises(ValueError, match="depends on it"):
        curate.undo(store, run_id, "u", first)
    biggest = int(topics(before).sort_values("size").index[-1])
    curate.split_cluster(store, run_id, "u", biggest, 2)
    assert max(topics(curate.curated_analysis(store, run_id)).index) == top + 4


INVALID = {
    "unknown theme": lambda ids, theme: (ids, 99, "x"),
    "empty name": lambda ids, theme: (ids, theme, "  "),
    "unknown answer": lambda ids, theme: (["nope:1"], theme, "x"),
    "no answers": lambda ids, theme: ([], theme, "x"),
}


@pytest.mark.parametrize("name", INVALID)
def test_invalid_new_topics_raise_and_store_nothing(store, run_id, name):
    ids, theme = voices(curate.curated_analysis(store, run_id))
    with pytest.raises(ValueError):
        curate.new_topic(store, run_id, "u", *INVALID[name](ids, theme))
    assert store.list_edits(run_id).empty


def test_excluded_answers_cannot_form_a_new_topic(store, run_id):
    ids, theme = voices(curate.curated_analysis(store, run_id))
    curate.exclude_answers(store, run_id, "u", ids[:1], "重複")
    with pytest.raises(ValueError, match="restore them first"):
        curate.new_topic(store, run_id, "u", ids, theme, "x")
    assert store.list_edits(run_id)["op"].tolist() == ["exclude"]


def test_staff_may_and_committee_may_not_through_the_workspace(store, run_id):
    ids, theme = voices(curate.curated_analysis(store, run_id))
    with pytest.raises(AccessDenied):
        Workspace(store, User("委員", "committee")).new_topic(run_id, ids, theme, "x")
    edit = Workspace(store, User("職員", "staff")).new_topic(run_id, ids, theme, "子育て")
    log = store.audit_log()
    assert log["action"].tolist()[-2:] == ["denied", "new_topic"]
    assert store.list_edits(run_id)["id"].tolist() == [edit]


def test_the_new_topic_is_kept_when_a_batch_is_added(store, run_id, use_embedder):
    before = curate.curated_analysis(store, run_id)
    ids, theme = voices(before)
    curate.new_topic(store, run_id, "u", ids, theme, "新しい声")
    new_id = int(topics(before).index.max()) + 1
    import_file(store, "waves", survey(slice(120, 150)), "wave2.csv", COLUMNS)
    child = add_to_run(store, store.run_dataset(run_id), run_id, embedder=use_embedder)
    t = topics(child)
    assert t.loc[new_id, "label"] == "新しい声" and int(t.loc[new_id, "parent"]) == theme
    answers = child.answers.set_index("answer_id")
    assert (answers.loc[ids, "topic"] == new_id).all()
    assert set(child.answers["topic"]) <= set(t.index)
    assert curate.edit_history(store, child.run_id)["op"].tolist() == ["new_topic"]
