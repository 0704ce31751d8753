"""Goals lens: goal files round-trip, scores with the real bundled model, staff decisions that
survive new batches, keyword rules apart from the model, and coverage totals."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from listening.analysis.pipeline import ColumnChoice, import_file
from listening.goals.files import Goal, read_goals, read_indicators, write_goals
from listening.goals.scores import (
    CONFIRMED_SCORE,
    REJECTED_SCORE,
    assign_goals,
    confirmation_indices,
    goal_prototypes,
    goal_scores,
    keyword_matches,
    leaf_goals,
    matched_keywords,
)
from listening.goals.views import NO_GOAL, clusters_by_goals, goal_coverage, uncovered_clusters, unheard_goals
from listening.store import Store, text_hash
from listening.types import InputError
from listening.views.crosstab import MISSING_LABEL, TOTAL_LABEL, filter_answers

JA_GOALS = [
    Goal("v1", "暮らしの安心", "子育てや福祉の安心"),
    Goal("childcare", "子育て支援", "保育園や子育て世帯への支援を充実させる",
         ("保育園を増やしてほしい", "子育ての相談をしたい"), ("保育", "子育て", "育児"), parent="v1"),
    Goal("v2", "まちの基盤"),
    Goal("transport", "公共交通", "バスや電車で移動しやすいまち", ("バスの本数を増やしてほしい",), ("バス",), parent="v2"),
    Goal("parks", "公園と緑", "公園や広場、緑の多い環境", ("公園をきれいにしてほしい",), parent="v2"),
]
KO_GOALS = [
    Goal("k1", "돌봄", "어린이집과 육아 지원", ("어린이집을 늘려 주세요", "육아 상담"), ("어린이집", "육아"), language="ko"),
    Goal("k2", "대중교통", "버스와 지하철 이용 편의", ("버스 배차 간격을 줄여 주세요",), ("버스",), language="ko"),
]
JA_TEXTS = [
    "保育園が足りなくて困っています", "子育て支援をもっと充実してほしい", "育児の相談窓口がほしい",
    "バスの本数を増やしてほしい", "駅までの交通が不便です", "電車の乗り継ぎが悪い",
    "公園をきれいにしてほしい", "緑の多い広場がほしい", "子どもが遊べる公園が少ない", "ラーメンがおいしかった",
]


@pytest.fixture(scope="module")
def ja_vectors(use_embedder):
    return use_embedder.embed(JA_TEXTS)


@pytest.fixture(scope="module")
def ja_prototypes(use_embedder):
    return goal_prototypes(JA_GOALS, use_embedder)


# ---- goal files ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "yaml"])
@pytest.mark.parametrize("goals", [JA_GOALS, KO_GOALS], ids=["ja", "ko"])
def test_goal_sets_round_trip_exactly_through_csv_and_yaml(goals, fmt):
    data = write_goals(goals, fmt)
    assert read_goals(data, f"goals.{fmt}") == goals
    assert read_goals(write_goals(read_goals(data, f"goals.{fmt}"), fmt), f"goals.{fmt}") == goals


def test_a_cp932_csv_with_japanese_headers_names_parents_by_name_and_guesses_language():
    text = ("目標番号,目標,説明,回答例,キーワード,視点\r\n"
            ",暮らし,,,,\r\n"
            "c,子育て支援,保育の充実,\"保育園を増やして\n育休をとりやすく\",保育 OR 子育て|育児,暮らし\r\n")
    goals = read_goals(text.encode("cp932"), "目標.csv")
    assert [g.goal_id for g in goals] == ["g1", "c"]
    assert goals[1] == Goal("c", "子育て支援", "保育の充実", ("保育園を増やして", "育休をとりやすく"),
                            ("保育", "子育て", "育児"), parent="g1", language="ja")


def test_a_cp949_csv_with_korean_headers_is_korean():
    text = "번호,목표,설명,예시,키워드,상위\r\n1,돌봄,어린이집 확충,어린이집 | 육아 휴직,어린이집 OR 육아,\r\n"
    goals = read_goals(text.encode("cp949"), "goals.csv")
    assert goals == [Goal("1", "돌봄", "어린이집 확충", ("어린이집", "육아 휴직"), ("어린이집", "육아"), language="ko")]


def test_nested_yaml_goals_take_their_parent_from_where_they_sit():
    data = "goals:\n  - id: v\n    name: 視点\n    children:\n      - {id: a, name: 目標A, examples: [例1, 例2]}\n"
    goals = read_goals(data.encode("utf-8"), "vision.yml")
    assert goals == [Goal("v", "視点"), Goal("a", "目標A", examples=("例1", "例2"), parent="v")]


@pytest.mark.parametrize("data, name, code", [
    ("説明\r\nabc\r\n", "g.csv", "goals_missing_column"),
    ("id,name\r\na,X\r\na,Y\r\n", "g.csv", "goals_duplicate_id"),
    ("id,name,parent\r\na,X,zzz\r\n", "g.csv", "goals_unknown_parent"),
    ("id,name,parent\r\na,X,b\r\nb,Y,a\r\n", "g.csv", "goals_parent_cycle"),
    ("id,name,language\r\na,X,fr\r\n", "g.csv", "goals_bad_language"),
    ("goals: [unclosed\n", "g.yaml", "goals_bad_yaml"),
    ("just a string\n", "g.yaml", "goals_bad_yaml"),
])
def test_bad_goal_files_raise_input_errors_with_codes(data, name, code):
    with pytest.raises(InputError) as err:
        read_goals(data.encode("utf-8"), name)
    assert err.value.code == code and err.value.file == name


def test_an_example_holding_the_csv_separator_cannot_be_written():
    with pytest.raises(InputError) as err:
        write_goals([Goal("a", "X", examples=("a | b",))])
    assert err.value.code == "goals_bad_separator"


# ---- scores and assignment ----------------------------------------------------------------


def test_scores_are_deterministic_and_parents_score_their_best_child(ja_vectors, use_embedder, ja_prototypes):
    first = goal_scores(ja_vectors, JA_GOALS, use_embedder)
    again = goal_scores(ja_vectors, JA_GOALS, prototypes=ja_prototypes)
    assert first.shape == (len(JA_TEXTS), len(JA_GOALS))
    np.testing.assert_allclose(first, again, rtol=0, atol=1e-6)  # prototypes embedded in another batch
    np.testing.assert_array_equal(first[:, 0], first[:, 1])  # v1 has one child
    np.testing.assert_array_equal(first[:, 2], first[:, 3:].max(axis=1))
    best = [("childcare", "transport", "parks")[j] for j in first[:, [1, 3, 4]].argmax(axis=1)]
    assert best[:3] == ["childcare"] * 3 and best[3] == "transport" and best[6:9] == ["parks"] * 3


def test_a_rejected_answer_never_gets_the_goal_and_a_confirmed_one_always_does(ja_vectors, ja_prototypes):
    knn = np.argsort(-(ja_vectors @ ja_vectors.T), axis=1)[:, 1:4]
    neighbours = (knn, np.take_along_axis(ja_vectors @ ja_vectors.T, knn, axis=1))
    before = assign_goals(goal_scores(ja_vectors, JA_GOALS, prototypes=ja_prototypes, neighbours=neighbours))
    assert before[0, 1] and not before[9, 4]
    scores = goal_scores(ja_vectors, JA_GOALS, prototypes=ja_prototypes, neighbours=neighbours,
                         confirmed={"parks": [9]}, rejected={"childcare": [0]})
    after = assign_goals(scores)
    assert not after[0, 1] and scores[0, 1] == REJECTED_SCORE
    assert after[9, 4] and after[9, 2] and scores[9, 4] == CONFIRMED_SCORE  # the parent follows
    for min_score in (-0.99, 0.0, 0.5, 1.0):  # whatever the threshold
        swept = assign_goals(scores, min_score=min_score)
        assert swept[9, 4] and not swept[0, 1]


def test_rejecting_a_viewpoint_rejects_every_goal_under_it(ja_vectors, ja_prototypes):
    scores = goal_scores(ja_vectors, JA_GOALS, prototypes=ja_prototypes, rejected={"v2": [6]})
    assert (scores[6, 2:] == REJECTED_SCORE).all() and not assign_goals(scores)[6, 2:].any()


def test_assignment_allows_several_goals_or_none():
    scores = np.array([[0.50, 0.49, 0.10], [0.20, 0.10, 0.25], [0.40, 0.30, 0.35]], dtype=np.float32)
    got = assign_goals(scores, min_score=0.3, margin=0.03)
    assert got.tolist() == [[True, True, False], [False, False, False], [True, False, False]]
    with pytest.raises(ValueError):
        assign_goals(scores, min_score=-1.0)


# ---- decisions in the store survive new batches --------------------------------------------


def _survey(rows: list[tuple[str, str, str]]) -> bytes:
    frame = pd.DataFrame(rows, columns=["ID", "地区", "意見"])
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def test_decisions_keyed_by_answer_survive_a_new_batch(tmp_path, use_embedder):
    columns = ColumnChoice(text=("意見",), id="ID", attributes=("地区",))
    first = [(f"r{i}", "東", t) for i, t in enumerate(JA_TEXTS[:6])]
    # The second batch reuses ids r0 and r1 for other answers: the decisions must not move to them.
    second = [("r0", "西", "ラーメンがおいしかった"), ("r1", "西", "駅までの交通が不便です"),
              ("r9", "西", "緑の多い広場がほしい")]
    with Store(tmp_path / "s.db") as store:
        dataset_id = import_file(store, "vision", _survey(first), "a.csv", columns).dataset_id
        store.save_goals(dataset_id, JA_GOALS, "staff")
        answers = store.load_answers(dataset_id)
        store.record_goal_decision(dataset_id, "childcare", answers["answer_id"][:1], answers["text_hash"][:1],
                                   "rejected", "staff")
        store.record_goal_decision(dataset_id, "parks", answers["answer_id"][1:2], answers["text_hash"][1:2],
                                   "confirmed", "staff")
        store.record_goal_decision(dataset_id, "transport", answers["answer_id"][4:5],
                                   answers["text_hash"][4:5], "confirmed", "staff")
        store.record_goal_decision(dataset_id, "transport", answers["answer_id"][4:5],
                                   answers["text_hash"][4:5], "cleared", "staff")
        import_file(store, "vision", _survey(second), "b.csv", columns)
        answers = store.load_answers(dataset_id)
        decisions = store.goal_confirmations(dataset_id)
        assert len(store.goal_confirmations(dataset_id, include_history=True)) == 4
        goals = store.load_goals(dataset_id)
    assert goals == JA_GOALS and len(answers) == 9
    confirmed, rejected = confirmation_indices(answers, decisions)
    assert confirmed == {"parks": [1]} and rejected == {"childcare": [0]}  # not rows 6 and 7 of batch b
    scores = goal_scores(use_embedder.embed(answers["text"].tolist()), goals, use_embedder, confirmed, rejected)
    got = assign_goals(scores)
    assert got[1, 4] and not got[0, 1]


def test_goal_sets_are_versioned_and_indicators_round_trip(tmp_path):
    indicators = read_indicators(
        "goal_id,district,year,indicator,value,unit\r\nchildcare,東,2024,待機児童数,12,人\r\n"
        "childcare,,2024年,保育所数,\"1,234\",か所\r\n".encode("utf-8"), "ind.csv", JA_GOALS)
    with Store(tmp_path / "s.db") as store:
        dataset_id = import_file(store, "vision", _survey([("r1", "東", "バスが少ない")]), "a.csv",
                                 ColumnChoice(text=("意見",), id="ID")).dataset_id
        assert store.load_goals(dataset_id) == []
        first = store.save_goals(dataset_id, JA_GOALS, "a")
        store.save_goals(dataset_id, KO_GOALS, "b")
        assert store.load_goals(dataset_id) == KO_GOALS and store.load_goals(dataset_id, first) == JA_GOALS
        assert store.goal_versions(dataset_id)["n_goals"].tolist() == [5, 2]
        store.save_indicators(dataset_id, indicators, "a")
        pd.testing.assert_frame_equal(store.load_indicators(dataset_id), indicators)
        assert store.analysis_neighbours("space:none") is None


# ---- indicators --------------------------------------------------------------------------


def test_indicator_values_are_numbers_with_their_goal_district_and_year():
    data = "目標ID,地区,年度,指標,値,単位\r\nparks,東,２０２４,公園面積,\"１２.５%\",％\r\nparks,西,,公園面積,-,％\r\n"
    frame = read_indicators(data.encode("cp932"), "指標.csv")
    assert frame.columns.tolist() == ["goal_id", "district", "year", "indicator", "value", "unit"]
    assert frame["value"].iloc[0] == 12.5 and np.isnan(frame["value"].iloc[1])
    assert frame["year"].tolist()[0] == 2024 and frame["year"].isna().tolist() == [False, True]


@pytest.mark.parametrize("body, code, row", [
    ("parks,東,2024,面積,たくさん", "indicators_bad_value", 2),
    ("nope,東,2024,面積,1", "indicators_unknown_goal", 2),
    ("parks,東,2024.5,面積,1", "indicators_bad_year", 2),
])
def test_bad_indicator_rows_are_named(body, code, row):
    data = f"goal_id,district,year,indicator,value\r\n{body}\r\n".encode("utf-8")
    with pytest.raises(InputError) as err:
        read_indicators(data, "i.csv", JA_GOALS)
    assert err.value.code == code and err.value.row == row


def test_a_repeated_indicator_row_is_refused():
    data = "goal_id,indicator,value\r\nparks,面積,1\r\nparks,面積,2\r\n".encode("utf-8")
    with pytest.raises(InputError) as err:
        read_indicators(data, "i.csv")
    assert err.value.code == "indicators_duplicate"


# ---- keyword rules -------------------------------------------------------------------------


def test_keyword_rules_match_exact_terms_apart_from_the_model(ja_vectors, ja_prototypes):
    texts = ["ＢＵＳが来ない", "育児休業", "バスの本数", "保育 と バス", "公園"]
    goals = [*JA_GOALS[:3], Goal("transport", "公共交通", keywords=("バス", "bus"), parent="v2"), JA_GOALS[4]]
    hits = keyword_matches(texts, goals)
    assert hits[:, 1].tolist() == [False, True, False, True, False]
    assert hits[:, 3].tolist() == [True, False, True, True, False]  # NFKC + case folding: ＢＵＳ = bus
    assert (hits[:, 2] == hits[:, 3]).all() and not hits[:, 4].any()  # parks has no rule
    assert matched_keywords("保育 と バス", goals[3]) == ["バス"]
    # A keyword hit does not change the model: scores depend on vectors and prototypes only.
    plain = [Goal(g.goal_id, g.name, g.description, g.examples, (), g.parent) for g in JA_GOALS]
    np.testing.assert_array_equal(goal_scores(ja_vectors, JA_GOALS, prototypes=ja_prototypes),
                                  goal_scores(ja_vectors, plain, prototypes=ja_prototypes))


# ---- views ---------------------------------------------------------------------------------


def _analysed() -> pd.DataFrame:
    return pd.DataFrame({
        "answer_id": [f"a{i}" for i in range(8)],
        "地区": ["東", "東", "西", "西", None, "西", "東", "西"],
        "batch_id": [1, 1, 1, 1, 2, 2, 2, 2],
        "topic": [0, 0, 1, 1, 2, 2, 2, 0],
        "topic_label": ["保育", "保育", "交通", "交通", "食", "食", "食", "保育"],
        "confidence": [0.9, 0.8, 0.7, 0.6, 0.5, 0.9, 0.4, 0.3],
    })


def _assignment() -> np.ndarray:
    # goals: v1, childcare, v2, transport, parks; answers 4-6 touch none, answer 7 touches two goals.
    rows = [[1, 1, 0, 0, 0], [1, 1, 0, 0, 0], [0, 0, 1, 1, 0], [0, 0, 1, 1, 0],
            [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [1, 1, 1, 1, 0]]
    return np.array(rows, dtype=bool)


def test_coverage_totals_equal_the_filtered_answers():
    answers, assignment = _analysed(), _assignment()
    table = goal_coverage(answers, assignment, JA_GOALS).set_index("goal_id")
    assert table.loc[TOTAL_LABEL, "count"] == 8 and table.loc[NO_GOAL, "count"] == 3
    assert table.loc["childcare", "count"] == 3 and table.loc["parks", "count"] == 0
    assert table.loc["transport", "share"] == pytest.approx(3 / 8)
    kept = filter_answers(answers, {"地区": ["西", MISSING_LABEL]})
    rows = kept.index.to_numpy()
    filtered = goal_coverage(kept, assignment[rows], JA_GOALS).set_index("goal_id")
    assert filtered.loc[TOTAL_LABEL, "count"] == len(kept) == 5
    assert filtered.loc[NO_GOAL, "count"] + int(assignment[rows].any(axis=1).sum()) == len(kept)
    for by in ("地区", "batch_id"):
        blocks = goal_coverage(answers, assignment, JA_GOALS, by=by)
        totals = blocks[blocks["goal_id"] == TOTAL_LABEL]
        assert totals["count"].sum() == len(answers)
    by_district = goal_coverage(answers, assignment, JA_GOALS, by="地区")
    assert set(by_district["地区"]) == {"東", "西", MISSING_LABEL}


def test_keyword_counts_sit_beside_model_counts():
    answers = _analysed()
    hits = np.zeros((8, 5), dtype=bool)
    hits[5, 3] = True
    table = goal_coverage(answers, _assignment(), JA_GOALS, keywords=hits).set_index("goal_id")
    assert table.loc["transport", "keyword_count"] == 1 and table.loc["transport", "count"] == 3


def test_clusters_by_goals_unheard_goals_and_uncovered_clusters():
    answers, assignment = _analysed(), _assignment()
    table = clusters_by_goals(answers, assignment, JA_GOALS)
    topic0 = table[table["cluster_id"] == 0].set_index("goal_id")
    assert topic0.loc["childcare", "count"] == 3 and topic0.loc["transport", "count"] == 1
    assert NO_GOAL not in topic0.index and table[table["cluster_id"] == 2]["goal_id"].tolist() == [NO_GOAL]
    quiet = unheard_goals(goal_coverage(answers, assignment, JA_GOALS), min_share=0.1)
    assert quiet["goal_id"].tolist() == ["parks"]
    scores = np.where(assignment, 0.5, 0.1).astype(np.float32)
    scores[4:7, 4] = 0.2
    voices = uncovered_clusters(answers, assignment, JA_GOALS, scores=scores)
    assert voices["cluster_id"].tolist() == [2] and voices["n_uncovered"].tolist() == [3]
    assert voices["representatives"][0] == ["a5", "a4", "a6"]  # most typical (confidence) first
    assert voices["nearest_goal"][0] == "parks"  # a goal, not the viewpoint above it


def test_views_refuse_an_assignment_of_another_shape():
    with pytest.raises(ValueError):
        goal_coverage(_analysed(), _assignment()[:, :3], JA_GOALS)


def test_leaf_goals_are_those_without_children():
    assert [g.goal_id for g in leaf_goals(JA_GOALS)] == ["childcare", "transport", "parks"]


def test_goal_prototypes_go_through_the_store_embedding_cache(tmp_path, use_embedder, ja_prototypes):
    with Store(tmp_path / "s.db") as store:
        cached = goal_prototypes(JA_GOALS, use_embedder, store)
        hashes = [text_hash(t) for t in ("子育て支援", "保育園を増やしてほしい")]
        assert set(store.get_embeddings(use_embedder.model_id, hashes)) == set(hashes)
    np.testing.assert_allclose(cached, ja_prototypes, atol=1e-6)
