"""What a reader with an integer-program solver learns from one public export (issue 15).

The crafted case: 127 residents, four themes, districts 東区 / 西区 / 南区 and 北区, where
only three people live (two wrote about 交通, one about 子育て). The public export has
the theme x district and theme x age tables, topic sizes and every answer with its
district (``--answer-attr 地区``). ``tests/unit/attacker.py`` reads nothing but the
export.json and asks, for each hidden count, the lowest and highest value any
whole-number table agreeing with the whole file allows.
"""
from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from listening.analysis.pipeline import Analysis
from listening.export import SECONDARY, SUPPRESSED, ExportOptions, build_export, write_exports
from listening.export.flat import export_dict
from listening.i18n import t
from tests.unit.attacker import intervals, read_release

FIXTURES = Path(__file__).parent / "fixtures"
THEMES = {0: "交通", 1: "子育て", 2: "医療", 3: "防災"}
TOPICS = {0: (0, "バスの本数"), 1: (0, "駅前の駐輪場"), 2: (1, "保育園"), 3: (1, "学校給食"), 4: (2, "病院"),
          5: (3, "避難所")}
DISTRICTS = ("東区", "西区", "南区", "北区")
# answers per topic and district (東区, 西区, 南区, 北区): 北区 has three people
SPREAD = {0: (12, 9, 7, 2), 1: (6, 5, 5, 0), 2: (10, 8, 6, 1), 3: (6, 5, 5, 0), 4: (9, 7, 6, 0), 5: (7, 6, 5, 0)}
OPTIONS = ExportOptions(audience="public", crosstabs=("地区", "年代"), answer_attributes=("地区",))


def crafted(spread=SPREAD, themes=THEMES, topics=TOPICS, inputs=()) -> Analysis:
    rows, k = [], 0
    for topic, counts in spread.items():
        theme = topics[topic][0]
        for district, n in zip(DISTRICTS, counts):
            for _ in range(n):
                k += 1
                rows.append({"pk": k, "answer_id": f"R{k:03d}:1", "respondent_id": f"R{k:03d}", "question": "問1",
                             "source": "survey", "text": f"{topics[topic][1]}について {k}", "language": "ja",
                             "theme": theme, "topic": topic, "theme_label": themes[theme],
                             "topic_label": topics[topic][1], "x": float(k % 7), "y": float(k // 7),
                             "confidence": 1.0, "地区": district, "年代": ["20代", "30代", "40代", "50代"][k % 4]})
    answers = pd.DataFrame(rows)
    clusters = []
    for level, items in (("theme", {i: (None, label) for i, label in themes.items()}), ("topic", topics)):
        for cid, (parent, label) in items.items():
            members = answers[answers[level] == cid]
            clusters.append({"level": level, "cluster_id": cid, "parent": parent, "size": len(members),
                             "label": label, "keywords": [label], "representatives": members["answer_id"].tolist()[:3]})
    clusters = pd.DataFrame(clusters)
    clusters["parent"] = clusters["parent"].astype("Int64")
    clusters["share"] = clusters["size"] / len(answers)
    info = {"dataset": "district", "answers": {"in": len(answers), "kept": len(answers), "dropped": 0},
            "inputs": list(inputs)}
    return Analysis(1, 1, answers, clusters, info, ("地区", "年代"), None)


def released(analysis: Analysis, options: ExportOptions = OPTIONS) -> dict:
    return json.loads(json.dumps(export_dict(build_export(analysis, options)), ensure_ascii=False))


def small_count_intervals(export: dict, marks: bool = True, own_mark: bool = False) -> dict:
    """Interval of every "<5" in every crosstab, read with all other marks (or none) and its own or not."""
    out = {}
    for attribute, table in export["crosstabs"].items():
        program = read_release(export, marks)
        label_theme = {th["label"]: th["theme_id"] for th in export["themes"]}
        for r, label in enumerate(table["rows"]):
            for c, value in enumerate(table["columns"]):
                if table["counts"][r][c] != SUPPRESSED or c == len(table["columns"]) - 1:
                    continue  # theme sizes (the last column) are printed in this export
                name = ("M", attribute, value) if r == len(table["rows"]) - 1 else \
                    ("C", attribute, label_theme[label], value)
                out[(attribute, label, value)] = program.interval(name, own_mark=own_mark)
    return out


def test_before_a_solver_narrowed_the_three_person_district():
    before = json.loads((FIXTURES / "district_before.json").read_text(encoding="utf-8"))
    # Published as "<5" everywhere, with the topic sizes "<5" beside countable answers.
    assert before["crosstabs"]["地区"]["counts"][0][:2] == [SUPPRESSED, SUPPRESSED]
    # Then a "<5" could also be a large partner: the reader only knows it is at least 1.
    reader = intervals(before, "地区", "北区", small=None)
    table_only = intervals(before, "地区", "北区", marks=False)
    print(f"\nbefore: every mark read: 北区 {reader}; table only: {table_only}")
    assert (reader["交通"], reader["子育て"], reader["total"]) == ((1, 2), (1, 1), (2, 3))
    assert (table_only["交通"], table_only["子育て"], table_only["total"]) == ((0, 2), (0, 1), (0, 3))


def test_after_every_small_count_could_be_nobody_and_the_marks_say_all_there_is():
    started = time.perf_counter()
    export = released(crafted())
    elapsed = time.perf_counter() - started
    table = export["crosstabs"]["地区"]
    assert [row[table["columns"].index("北区")] for row in table["counts"]] == [SUPPRESSED, SUPPRESSED, 0, 0,
                                                                              SUPPRESSED]
    reader = intervals(export, "地区", "北区")
    table_only = intervals(export, "地区", "北区", marks=False)
    print(f"\nafter ({elapsed:.2f} s to build): every mark read: 北区 {reader}; table only: {table_only}")
    # Each cell is 1-3 and the total 2-4: exactly what two "<5" cells in a "<5" column say by themselves.
    assert (reader["交通"], reader["子育て"], reader["total"]) == ((1, 3), (1, 3), (2, 4))
    assert all(low == 0 for label, (low, _) in table_only.items())
    for where, (low, high) in small_count_intervals(export).items():
        total = where[1] == "total"
        assert low == 0 or high - low >= 5 or total, (where, low, high)
        # A total is at least 1 when one of its parts is "<5"; it must still not be pinned.
        assert high > low or not total, (where, low, high)


def test_a_small_count_beside_zeros_gets_them_hidden_too():
    # After a staff split, a theme holds only the three people of 北区: zeros beside their "<5"
    # would say the three are all of them.
    spread = {**{k: (a, b, c, 0) for k, (a, b, c, _) in SPREAD.items()}, 6: (0, 0, 0, 3)}
    export = released(crafted(spread, {**THEMES, 4: "雪かき"}, {**TOPICS, 6: (4, "除雪の順番")}))
    table = export["crosstabs"]["地区"]
    row = table["counts"][table["rows"].index("雪かき")]
    assert row[-1] == 3  # its size: the three answers are printed
    assert row[table["columns"].index("北区")] == SUPPRESSED
    assert SECONDARY in row[:-1] and row.count(0) < 3  # a zero beside it is hidden as "x"
    assert intervals(export, "地区", "北区", own_mark=False)["雪かき"][0] == 0
    assert all(low == 0 for low, _ in (v for k, v in small_count_intervals(export).items() if k[2] != "total"
                                       and k[1] != "total"))


def test_answers_show_no_attribute_of_a_hidden_cell():
    data = build_export(crafted(), OPTIONS)
    table = data.crosstabs["地区"]
    withheld = t("ja", "withheld")
    shown = data.answers[data.answers["地区"] != withheld]
    for (theme, district), group in shown.groupby(["theme_label", "地区"]):
        assert isinstance(table.at[theme, district], int), (theme, district)
        assert table.at[theme, district] >= len(group)
    assert (data.answers["地区"] == "北区").sum() == 0 and (data.answers["地区"] == "南区").sum() < 34
    # Counted by topic, the printed districts never show fewer than 5 people.
    assert shown.groupby(["topic_id", "地区"]).size().min() >= 5


def test_partner_cells_are_marked_x_in_every_file(tmp_path):
    data = build_export(crafted(), OPTIONS)
    paths = {p.name: p for p in write_exports(data, tmp_path)}
    cells = data.crosstabs["地区"].to_numpy()
    assert SECONDARY in cells and SUPPRESSED in cells
    report = paths["report.html"].read_text(encoding="utf-8")
    assert '<td class="num suppressed partner">x</td>' in report and "&lt;5</td>" in report
    assert t("ja", "meta.secondary_note", secondary=SECONDARY, suppressed=SUPPRESSED) not in report
    export = json.loads(paths["export.json"].read_text(encoding="utf-8"))
    assert export["crosstabs"]["地区"]["counts"] == [list(r) for r in cells.tolist()]
    book = openpyxl.load_workbook(paths["summary.xlsx"])
    sheet = [[c.value for c in row] for row in book["クロス集計_地区"].iter_rows()]
    assert [r[1:] for r in sheet[1:]] == [list(r) for r in cells.tolist()]
    notes = [r[1] for r in book["概要"].iter_rows(values_only=True) if r and r[0] is None and r[1]]
    assert t("ja", "meta.secondary_note", secondary=SECONDARY, suppressed=SUPPRESSED) in notes
    rows = list(csv.reader(io.StringIO(paths["answers_bom.csv"].read_text(encoding="utf-8-sig"))))
    district = rows[0].index("地区")
    assert {r[district] for r in rows[1:]} <= {"東区", "西区", "南区", t("ja", "withheld")}


def test_the_public_files_name_no_input_file(tmp_path):
    inputs = [{"file": "住民アンケート_原本.csv", "kind": "survey", "encoding": "cp932", "answers_in": 127,
               "kept": 127, "dropped": 0, "imported_at": "2026-05-01T09:00:00+00:00"},
              {"file": "ヒアリング_田中様宅.md", "kind": "hearing", "encoding": "utf-8", "answers_in": 0, "kept": 0,
               "dropped": 0, "imported_at": "2026-05-02T09:00:00+00:00"}]
    analysis = crafted(inputs=inputs)
    analysis = Analysis(1, 1, analysis.answers, analysis.clusters, {**analysis.info, "dataset": "住民アンケート_原本"},
                        analysis.attributes, None)
    public = write_exports(build_export(analysis, OPTIONS), tmp_path / "public")
    internal = write_exports(build_export(analysis, ExportOptions(crosstabs=("地区",))), tmp_path / "internal")

    def everything(paths) -> str:
        text = ""
        for path in paths:
            if path.suffix == ".xlsx":
                book = openpyxl.load_workbook(path)
                text += "".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row)
            else:
                text += path.read_text(encoding="utf-8-sig")
        return text

    for name in ("住民アンケート_原本", "ヒアリング_田中様宅", "2026-05-01T09"):
        assert name not in everything(public), name
        assert name in everything(internal), name


@pytest.mark.parametrize("seed", range(4))
def test_random_releases_protect_every_small_crosstab_cell(seed):
    rng = np.random.default_rng(seed)
    spread = {k: tuple(int(v) for v in rng.choice([0, 1, 2, 3, 6, 9], size=4)) for k in TOPICS}
    export = released(crafted(spread))
    for where, (low, high) in small_count_intervals(export, marks=False).items():
        assert low == 0 or high - low >= 5, (where, low, high)  # the tables cannot tell it from nobody
    for where, (low, high) in small_count_intervals(export, own_mark=True).items():
        # Reading every mark, its own too ("<5" = 1-4), the reader is still left with two values or more.
        assert high > low, (where, low, high)


def test_a_small_count_the_marks_would_pin_is_printed_x():
    # 防災 has 16 answers, 4 from each age group: four "<5" adding up to a printed 16 would each be 4.
    export = released(crafted({**SPREAD, 5: (4, 4, 4, 4)}))
    table = export["crosstabs"]["年代"]
    row = table["counts"][table["rows"].index("防災")]
    assert row[-1] == 16 and SECONDARY in row[:-1] and row.count(SUPPRESSED) == 3
    for where, (low, high) in small_count_intervals(export, own_mark=True).items():
        assert high > low, (where, low, high)
