"""build_export: what internal and public exports contain, checked against the analysis."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from listening.analysis.pipeline import Analysis
from listening.export import MARKS, SECONDARY, SUPPRESSED, ExportOptions, build_export
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
    return Analysis(1, 1, answers, clusters, info, ("地区", "年代", "回答日"), gone)


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
    assert meta["period_source"] == "data"
    assert (meta["n_themes"], meta["n_topics"], meta["topics_published"], meta["topics_total"]) == (4, 6, 6, 6)
    assert meta["sources"][0]["file"] == "survey.csv" and meta["sources"][0]["encoding"] == "cp932"
    assert meta["fingerprint"] == "fp42" and meta["model"] == "use-m3" and meta["settings"]["n_themes"] == 4
    assert pd.Timestamp(meta["created_at"]).tzinfo is not None


def test_public_meta_names_no_file_and_keeps_no_technical_settings(analysis):
    meta = build_export(analysis, ExportOptions(audience="public")).meta
    assert [set(s) for s in meta["sources"]] == [{"kind", "encoding", "answers_in", "kept", "dropped"}]
    assert not {"fingerprint", "input_hash", "settings"} & set(meta)
    assert "survey.csv" not in str(meta) and meta["answers"]["published"] == 40
    # A dataset named after its file (the CLI's default) is a file name too.
    named = dataclasses.replace(analysis, info={**analysis.info, "dataset": "survey"})
    public = build_export(named, ExportOptions(audience="public")).meta
    assert public["dataset"] is None and public["title"] == "市民の意見のまとめ"
    assert build_export(named, ExportOptions(audience="public", title="2025年 市民アンケート")).meta["title"] == \
        "2025年 市民アンケート"
    assert build_export(named).meta["dataset"] == "survey"  # staff keep it


def test_period_comes_from_the_dates_then_the_staff_then_is_unknown():
    dated = make_analysis()
    # A date attribute wins over what staff type: it is what the answers say.
    assert build_export(dated, ExportOptions(period="2025年春")).meta["period"] == "2025-04-01 – 2025-04-20"
    plain = dataclasses.replace(dated, answers=dated.answers.drop(columns="回答日"), attributes=("地区", "年代"))
    unknown = build_export(plain).meta
    assert (unknown["period"], unknown["period_source"]) == (None, None)  # never the import date
    staff = build_export(plain, ExportOptions(period=" 2025年4月 ")).meta
    assert (staff["period"], staff["period_source"]) == ("2025年4月", "staff")
    # A date column with any name, when staff map it.
    mapped = dataclasses.replace(dated, answers=dated.answers.rename(columns={"回答日": "受付"}),
                                 attributes=("地区", "年代", "受付"))
    assert build_export(mapped).meta["period"] is None
    meta = build_export(mapped, ExportOptions(date_attribute="受付")).meta
    assert (meta["period"], meta["period_source"]) == ("2025-04-01 – 2025-04-20", "data")
    with pytest.raises(InputError, match="なし"):
        build_export(mapped, ExportOptions(date_attribute="なし"))


def test_representatives_are_masked_texts_of_members_in_order(analysis):
    data = build_export(analysis, ExportOptions(n_representatives=3))
    texts = dict(zip(analysis.answers["answer_id"], analysis.answers["text"]))
    for row in data.topics.itertuples():
        ids = [a for a in analysis.clusters.query("level == 'topic' and cluster_id == @row.topic_id")
               ["representatives"].iloc[0] if a in texts][:3]
        assert row.representatives == [texts[a] for a in ids]
    assert "除外した回答" not in sum(data.topics["representatives"], [])


def _marked(value) -> bool:
    return isinstance(value, str) and value in MARKS


def test_public_prints_cluster_sizes_a_reader_can_count_and_agrees_everywhere(analysis):
    data = build_export(analysis, ExportOptions(audience="public", crosstabs=("地区",)))
    themes = dict(zip(data.themes["label"], data.themes["size"]))
    # その他 holds 2 answers, all printed: a "<5" beside them would hide nothing.
    assert themes["その他"] == 2 and data.themes["share"].tolist()[-1] == pytest.approx(2 / 40)
    topics = dict(zip(data.topics["label"], data.topics["size"]))
    assert topics["학교 급식"] == 4 and topics["ごみ出し"] == 2
    assert (data.answers["topic_label"] == "ごみ出し").sum() == 2
    table = data.crosstabs["地区"]
    for label, size in themes.items():  # every place that shows a theme's size agrees
        assert table.at[label, "total"] == size
    assert table.iat[-1, -1] == 40
    truth = build_export(analysis, ExportOptions(crosstabs=("地区",))).crosstabs["地区"].loc[table.index, table.columns]
    cells = table.to_numpy()
    small, partner = cells == SUPPRESSED, cells == SECONDARY
    assert small.any() and (truth.to_numpy()[small] > 0).all()  # a "<5" is never a zero
    few = (truth.to_numpy() > 0) & (truth.to_numpy() < 5)
    few[:, -1] = False  # the row totals are theme sizes, printed
    assert small[few].all()
    assert (cells[~(small | partner)] == truth.to_numpy()[~(small | partner)]).all()
    assert table.loc[:, "南区"].tolist()[-1] == SUPPRESSED  # one person


def test_unpublished_small_topics_are_hidden_with_their_theme(analysis):
    data = build_export(analysis, ExportOptions(audience="public", topics=(0, 1, 2, 4), crosstabs=("地区",)))
    assert sorted(data.topics["topic_id"]) == [0, 1, 2, 4]
    assert all(isinstance(v, int) for v in data.topics["size"])  # their answers are printed
    themes = dict(zip(data.themes["label"], data.themes["size"]))
    assert themes["その他"] == SUPPRESSED  # only topic 5, left out: 2 people
    # 子育て・教育 = 保育園の待機 (9, printed) + 학교 급식 (4, left out): its size would give 4 away.
    assert themes["子育て・教育"] == SECONDARY
    table = data.crosstabs["地区"]
    assert all(table.at[label, "total"] == size for label, size in themes.items())


def test_public_tables_leave_no_small_count_recoverable(analysis):
    data = build_export(analysis, ExportOptions(audience="public", crosstabs=("地区", "年代")))
    internal = build_export(analysis, ExportOptions(crosstabs=("地区", "年代")))
    for attribute, table in data.crosstabs.items():
        truth = internal.crosstabs[attribute].loc[table.index, table.columns].to_numpy().astype(int)
        hidden = np.isin(table.to_numpy(), list(MARKS))
        shown = table.to_numpy()[~hidden].astype(int)
        assert (shown == truth[~hidden]).all()
        r, c = truth.shape
        lines = [([i * c + j for j in range(c - 1)], i * c + c - 1) for i in range(r)]
        lines += [([i * c + j for i in range(r - 1)], (r - 1) * c + j) for j in range(c)]
        exposed = recoverable(truth.reshape(-1), hidden.reshape(-1), lines)
        assert not (exposed & (table.to_numpy() == SUPPRESSED).reshape(-1)).any()


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
