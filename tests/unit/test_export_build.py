"""build_export: what internal and public exports contain, checked against the analysis."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from listening.analysis import RunInfo
from listening.analysis.pipeline import Analysis
from listening.export import SUPPRESSED, ExportOptions, build_export
from listening.privacy.disclosure import recoverable
from listening.types import InputError

# (theme, topic, respondent, 地区, 年代, 回答日, text); respondents R01-R06 answer twice.
ADVERSARIAL = [
    '=HYPERLINK("http://x","click")', "+81 90 [電話番号] に連絡ください", "-1", "@SUM(A1)",
    "\tTAB で始まる回答", "<script>alert(1)</script>", "=1+1 주민 의견입니다", "-5,000円の補助",
]
THEMES = {0: "交通・バス", 1: "子育て・教育", 2: "의료・병원", 3: "その他"}
TOPICS = {0: (0, "バスの本数"), 1: (0, "駅前の駐輪場"), 2: (1, "保育園の待機"),
          3: (1, "학교 급식"), 4: (2, "병원 대기 시간"), 5: (3, "ごみ出し")}
TOPIC_SIZES = {0: 10, 1: 6, 2: 9, 3: 4, 4: 9, 5: 2}
DISTRICTS = ["東区"] * 17 + ["西区"] * 13 + ["北区"] * 3 + ["南区"] * 1  # R01-R34; 南区: one person


def make_analysis(excluded: bool = True) -> Analysis:
    rows, k = [], 0
    respondents = [f"R{i:02d}" for i in range(1, 35)] + [f"R{i:02d}" for i in range(1, 7)]
    for topic, size in TOPIC_SIZES.items():
        theme = TOPICS[topic][0]
        for _ in range(size):
            who = respondents[k]
            n = int(who[1:])
            text = ADVERSARIAL[k] if k < len(ADVERSARIAL) else f"{TOPICS[topic][1]}についての意見 {k} 번"
            rows.append({
                "pk": k + 1, "answer_id": f"{who}:{2 if k >= 34 else 1}", "respondent_id": who,
                "question": "問1" if k < 34 else "問2", "source": "survey", "text": text,
                "language": "ko" if theme == 2 else "ja", "theme": theme, "topic": topic,
                "theme_label": THEMES[theme], "topic_label": TOPICS[topic][1],
                "x": float(k % 7), "y": float(k // 7), "confidence": 1.0 - k / 100,
                "地区": DISTRICTS[n - 1], "年代": ["20代", "30代", "40代", None][n % 4],
                "回答日": [f"2025/4/{1 + n % 20}", f"2025년 4월 {1 + n % 20}일", f"2025年4月{1 + n % 20}日"][n % 3],
            })
            k += 1
    answers = pd.DataFrame(rows)
    clusters = []
    for i, label in THEMES.items():
        members = answers[answers["theme"] == i]
        clusters.append({"level": "theme", "cluster_id": i, "parent": None, "size": len(members),
                         "label": label, "keywords": [label[:2], "意見"],
                         "representatives": members["answer_id"].tolist()[:3]})
    for j, (theme, label) in TOPICS.items():
        members = answers[answers["topic"] == j]
        clusters.append({"level": "topic", "cluster_id": j, "parent": theme, "size": len(members),
                         "label": label, "keywords": [label, "요청"],
                         "representatives": ["GONE:1", *members["answer_id"].tolist()[:6]]})
    clusters = pd.DataFrame(clusters)
    clusters["parent"] = clusters["parent"].astype("Int64")
    clusters["share"] = clusters["size"] / len(answers)
    info = {
        "dataset": "市民アンケート2025", "input_hash": "abc123", "fingerprint": "fp42", "model": "use-m3",
        "settings": {"n_themes": 4, "random_state": 0}, "created_at": "2025-05-01T00:00:00+00:00",
        "inputs": [{"batch": 1, "file": "survey.csv", "kind": "survey", "encoding": "cp932",
                    "answers_in": 45, "kept": 41, "dropped": 4, "dropped_by_reason": {"empty": 3, "no_content": 1},
                    "imported_at": "2025-04-30T09:00:00+00:00"}],
        "answers": {"in": 45, "kept": 41, "dropped": 4, "dropped_by_reason": {"empty": 3, "no_content": 1},
                    "analysed": 41},
    }
    gone = pd.DataFrame({"answer_id": ["GONE:1"], "text": ["除外した回答"], "reason": ["spam"],
                         "user": ["staff"], "when": ["2025-05-01"]}) if excluded else None
    return Analysis(1, 1, answers, clusters, RunInfo.from_dict(info), ("地区", "年代", "回答日"), gone)


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return make_analysis()


def test_internal_counts_match_the_analysis(analysis):
    data = build_export(analysis, ExportOptions(crosstabs=("地区", "年代"), answer_attributes=("地区",)))
    answers = analysis.answers
    assert data.themes["size"].sum() == len(answers) == 40
    assert dict(zip(data.themes["theme_id"], data.themes["size"])) == answers["theme"].value_counts().to_dict()
    assert data.themes["theme_id"].tolist() == [0, 1, 2, 3]  # largest first
    assert data.themes["n_topics"].tolist() == [2, 2, 1, 1]
    assert data.topics["topic_id"].tolist() == [0, 1, 2, 3, 4, 5]
    assert data.topics["size"].tolist() == [10, 6, 9, 4, 9, 2]
    for attribute in ("地区", "年代"):
        table = data.crosstabs[attribute]
        assert table.index.name == "theme" and table.columns.name == attribute
        assert table.index[-1] == "total" and table.columns[-1] == "total"
        assert int(table.iloc[:-1, :-1].to_numpy().sum()) == len(answers)
        assert int(table.iat[-1, -1]) == len(answers)
        assert (table.iloc[:-1, -1] == table.iloc[:-1, :-1].sum(axis=1)).all()
    assert data.crosstabs["地区"].columns.tolist() == ["北区", "南区", "東区", "西区", "total"]
    assert data.crosstabs["年代"].columns.tolist()[-2:] == ["(無回答)", "total"]
    expected = pd.crosstab(answers["theme_label"], answers["地区"], margins=True, margins_name="total")
    table = data.crosstabs["地区"]
    assert (table == expected.loc[table.index, table.columns]).all().all()
    assert data.answers["answer_id"].tolist() == answers["answer_id"].tolist()
    assert data.answers["text"].tolist() == answers["text"].tolist()
    assert data.answers["地区"].tolist() == answers["地区"].tolist()


def test_questions_can_be_crosstabbed(analysis):
    table = build_export(analysis, ExportOptions(crosstabs=("question",))).crosstabs["question"]
    assert table.columns.tolist() == ["問1", "問2", "total"]
    assert table.loc["total"].tolist() == [34, 6, 40]


def test_meta_is_the_method_note(analysis):
    data = build_export(analysis, ExportOptions(), masking={"phone": 2, "manual": 1})
    meta = data.meta
    assert meta["title"] == meta["dataset"] == "市民アンケート2025"
    assert meta["answers"] == {"in": 45, "kept": 41, "dropped": 4, "dropped_by_reason": {"empty": 3, "no_content": 1},
                               "analysed": 40, "excluded": 1, "published": 40}
    assert meta["masking"] == {"phone": 2, "manual": 1}
    assert meta["period"] == "2025-04-01 – 2025-04-20"  # from the 回答日 attribute, any of its spellings
    assert (meta["n_themes"], meta["n_topics"], meta["topics_published"], meta["topics_total"]) == (4, 6, 6, 6)
    assert meta["sources"][0]["file"] == "survey.csv" and meta["sources"][0]["encoding"] == "cp932"
    assert meta["fingerprint"] == "fp42" and meta["model"] == "use-m3" and meta["settings"]["n_themes"] == 4
    assert pd.Timestamp(meta["created_at"]).tzinfo is not None


def test_period_falls_back_to_import_dates_and_staff_wording():
    plain = make_analysis()
    plain = dataclasses.replace(plain, answers=plain.answers.drop(columns="回答日"), attributes=("地区", "年代"))
    assert build_export(plain).meta["period"] == "2025-04-30 – 2025-04-30"
    assert build_export(plain, ExportOptions(period="2025年4月")).meta["period"] == "2025年4月"


def test_representatives_are_masked_texts_of_members_in_order(analysis):
    data = build_export(analysis, ExportOptions(n_representatives=3))
    texts = dict(zip(analysis.answers["answer_id"], analysis.answers["text"]))
    for row in data.topics.itertuples():
        ids = [a for a in analysis.clusters.query("level == 'topic' and cluster_id == @row.topic_id")
               ["representatives"].iloc[0] if a in texts][:3]
        assert row.representatives == [texts[a] for a in ids]
    assert "除外した回答" not in sum(data.topics["representatives"], [])


def test_public_suppresses_small_counts_consistently(analysis):
    data = build_export(analysis, ExportOptions(audience="public", crosstabs=("地区",)))
    themes = dict(zip(data.themes["label"], data.themes["size"]))
    assert themes["その他"] == SUPPRESSED  # 2 people
    # Theme sizes add up to the analysed total, so a lone hidden size would be recoverable.
    assert sum(v == SUPPRESSED for v in themes.values()) >= 2
    assert data.themes["label"].tolist()[-2:] == [k for k, v in themes.items() if v == SUPPRESSED][-2:]
    assert all(s is None for s, v in zip(data.themes["share"], data.themes["size"]) if v == SUPPRESSED)
    topics = dict(zip(data.topics["label"], data.topics["size"]))
    assert topics["학교 급식"] == SUPPRESSED and topics["保育園の待機"] == SUPPRESSED  # 4 and its partner
    assert topics["ごみ出し"] == SUPPRESSED
    table = data.crosstabs["地区"]
    assert table.at["子育て・教育", "total"] == 13 or themes["子育て・教育"] == SUPPRESSED
    for label, size in themes.items():  # every place that shows a theme's size agrees
        assert table.at[label, "total"] == size
    assert table.iat[-1, -1] == 40
    assert (table.loc[:, "南区"].drop("total") == 0).sum() + (table.loc[:, "南区"] == SUPPRESSED).sum() == 5
    truth = build_export(analysis, ExportOptions(crosstabs=("地区",))).crosstabs["地区"].loc[table.index, table.columns]
    hidden = table.to_numpy() == SUPPRESSED
    assert hidden.any() and (truth.to_numpy()[hidden] > 0).all()  # zeros are never hidden
    assert (table.to_numpy()[~hidden] == truth.to_numpy()[~hidden]).all()


def test_public_tables_leave_no_hidden_count_recoverable(analysis):
    data = build_export(analysis, ExportOptions(audience="public", crosstabs=("地区", "年代")))
    internal = build_export(analysis, ExportOptions(crosstabs=("地区", "年代")))
    for attribute, table in data.crosstabs.items():
        truth = internal.crosstabs[attribute].loc[table.index, table.columns].to_numpy().astype(int)
        hidden = (table.to_numpy() == SUPPRESSED)
        shown = table.to_numpy()[~hidden].astype(int)
        assert (shown == truth[~hidden]).all()
        r, c = truth.shape
        lines = [([i * c + j for j in range(c - 1)], i * c + c - 1) for i in range(r)]
        lines += [([i * c + j for i in range(r - 1)], (r - 1) * c + j) for j in range(c)]
        assert not recoverable(truth.reshape(-1), hidden.reshape(-1), lines).any()


def test_public_answers_have_fresh_ids_and_k_anonymous_attributes(analysis):
    options = ExportOptions(audience="public", language="ko", answer_attributes=("地区", "年代"))
    data = build_export(analysis, options)
    answers = data.answers
    assert answers["answer_id"].tolist() == [f"A{k:05d}" for k in range(1, 41)]
    assert "respondent_id" not in answers.columns
    assert not set(answers.columns) & {"pk", "x", "y", "row"}
    assert answers["text"].tolist() == analysis.answers["text"].tolist()  # the same order here
    withheld = answers["地区"] == "(비공개)"
    assert (answers["年代"][withheld] == "(비공개)").all()
    assert not answers["地区"].isin(["南区", "北区"]).any()
    who = analysis.answers["respondent_id"].to_numpy()
    shown = answers[~withheld]
    for _, group in shown.groupby(["地区", "年代"], dropna=False):
        assert len(set(who[group.index])) >= 5
    assert len(set(who[withheld.to_numpy()])) >= 5


def test_chosen_topics_limit_details_but_not_overview(analysis):
    data = build_export(analysis, ExportOptions(topics=(4, 0), crosstabs=("地区",)))
    assert data.topics["topic_id"].tolist() == [0, 4]  # theme order, not the order asked
    assert set(data.answers["topic_id"]) == {0, 4} and len(data.answers) == 19
    assert data.themes["size"].sum() == 40 and data.crosstabs["地区"].iat[-1, -1] == 40
    assert set(data.map_points["theme_id"]) == {0, 2} and len(data.map_points) == 19
    assert data.meta["topics_published"] == 2 and data.meta["answers"]["published"] == 19


def test_map_points_are_capped():
    data = build_export(make_analysis(), ExportOptions(max_map_points=25))
    assert len(data.map_points) == 25
    assert list(data.map_points.columns) == ["x", "y", "theme_id", "theme_label"]


def test_bad_options_are_reported():
    with pytest.raises(InputError, match="unknown attribute"):
        build_export(make_analysis(), ExportOptions(crosstabs=("性別",)))
    with pytest.raises(InputError, match="question"):
        build_export(make_analysis(), ExportOptions(answer_attributes=("question",)))  # already a column
    with pytest.raises(InputError, match="99"):
        build_export(make_analysis(), ExportOptions(topics=(99,)))


def test_excluded_none_reads_the_count_from_info():
    plain = make_analysis(excluded=False)
    assert build_export(plain).meta["answers"]["excluded"] == 0
