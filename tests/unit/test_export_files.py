"""Export files read back (openpyxl, csv, json) hold exactly what ExportData holds.

Spreadsheet cells are escaped by ``privacy.spreadsheet_safe``: text that would
start a formula (``= + - @``, tab, CR, also after leading spaces; plain negative
numbers excepted) gets one leading apostrophe. ``unescape`` undoes exactly that.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json

import openpyxl
import pandas as pd
import pytest

from listening.export import (
    MARKS,
    SUPPRESSED,
    ExportOptions,
    build_export,
    write_csv,
    write_exports,
    write_json,
    write_xlsx,
)
from listening.export.flat import plain
from listening.export.words import column_title
from listening.i18n import STRINGS, t
from listening.export.xlsx import MAX_WIDTH, display_width, sheet_name
from listening.privacy.cells import spreadsheet_safe
from tests.unit.test_export_build import ADVERSARIAL, make_analysis

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def unescape(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and spreadsheet_safe(cell[1:]) == cell else cell


def as_text(value) -> str:
    value = plain(value)
    if value is None:
        return ""
    return "\n".join(value) if isinstance(value, list) else str(value)


def _assert_safe(cell: str) -> None:
    head = cell.lstrip(" ")
    if head.startswith(DANGEROUS):
        assert head.lstrip("-").replace(",", "").replace(".", "").isdigit(), repr(cell)


@pytest.fixture(scope="module")
def analysis():
    base = make_analysis()
    answers = base.answers.copy()
    answers.loc[0, "text"] = "制御文字\x01入り " + answers.loc[0, "text"]  # openpyxl refuses \x01
    return dataclasses.replace(base, answers=answers)


@pytest.fixture(scope="module")
def public(analysis):
    return build_export(analysis, ExportOptions(audience="public", crosstabs=("地区", "年代"),
                                                answer_attributes=("地区",)), masking={"phone": 1})


@pytest.fixture(scope="module")
def internal(analysis):
    return build_export(analysis, ExportOptions(crosstabs=("地区",), answer_attributes=("地区", "年代")))


def test_csv_is_excel_ready_and_reads_back_exactly(tmp_path, internal):
    path = write_csv(internal, tmp_path / "answers_bom.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\n") == raw.count(b"\r\n") == len(internal.answers) + 1
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == [column_title("ja", c) for c in internal.answers.columns]
    assert rows[0][:3] == ["回答ID", "テーマID", "テーマ"] and rows[0][-2:] == ["地区", "年代"]
    for cell in (c for row in rows for c in row):
        _assert_safe(cell)
    expected = [[as_text(v) for v in row] for row in internal.answers.itertuples(index=False, name=None)]
    assert [[unescape(c) for c in row] for row in rows[1:]] == expected
    texts = [row[7] for row in rows[1:]]
    assert texts[1:len(ADVERSARIAL)] == ["'+81 90 [電話番号] に連絡ください", "-1", "'@SUM(A1)",
                                         "'\tTAB で始まる回答", "<script>alert(1)</script>",
                                         "'=1+1 주민 의견입니다", "'-5,000円の補助"]


def test_json_holds_everything_unescaped(tmp_path, public):
    data = json.loads(write_json(public, tmp_path / "export.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    assert data["meta"] == plain(public.meta) and data["meta"]["answers"]["published"] == 40
    assert data["options"]["audience"] == "public"
    assert data["themes"] == [{k: plain(v) for k, v in r.items()} for r in public.themes.to_dict("records")]
    assert [r["representatives"] for r in data["topics"]] == public.topics["representatives"].tolist()
    for attribute, table in public.crosstabs.items():
        got = data["crosstabs"][attribute]
        assert got["rows"] == table.index.tolist() and got["columns"] == table.columns.tolist()
        assert got["counts"] == [list(r) for r in table.itertuples(index=False, name=None)]
        assert SUPPRESSED in sum(got["counts"], [])
    assert [a["text"] for a in data["answers"]] == public.answers["text"].tolist()
    assert data["answers"][1]["text"].startswith("+81") and "respondent_id" not in data["answers"][0]
    assert len(data["map_points"]) == len(public.map_points)
    assert "市民アンケート" in (tmp_path / "export.json").read_text(encoding="utf-8")  # not \\u-escaped


def _rows(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_xlsx_sheets_hold_the_export_and_never_a_formula(tmp_path, public):
    path = write_xlsx(public, tmp_path / "summary.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["概要", "トピック", "クロス集計_地区", "クロス集計_年代", "回答"]
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    _assert_safe(cell.value)
        assert all(c.font.bold for c in ws[1] if c.value is not None)
    assert wb["概要"].freeze_panes == "A2" and wb["クロス集計_地区"].freeze_panes == "B2"

    answers = _rows(wb["回答"])
    assert answers[0] == [column_title("ja", c) for c in public.answers.columns]
    expected = [[plain(v) for v in row] for row in public.answers.itertuples(index=False, name=None)]
    got = [[unescape(v) if isinstance(v, str) else v for v in row] for row in answers[1:]]
    expected[0][7] = expected[0][7].replace("\x01", "")
    assert got == expected
    assert isinstance(answers[1][1], int) and answers[1][0] == "A00001"
    assert answers[1][7].startswith("制御文字入り")

    for attribute, table in public.crosstabs.items():
        rows = _rows(wb[f"クロス集計_{attribute}"])
        assert rows[0] == ["テーマ", *table.columns[:-1], "合計"]
        assert [r[0] for r in rows[1:]] == [*table.index[:-1], "合計"]
        assert [r[1:] for r in rows[1:]] == [list(r) for r in table.itertuples(index=False, name=None)]
        cells = [c for row in wb[f"クロス集計_{attribute}"].iter_rows(min_row=2, min_col=2) for c in row]
        assert {c.data_type for c in cells if c.value == SUPPRESSED} == {"s"}
        assert {c.data_type for c in cells if isinstance(c.value, int)} == {"n"}

    topics = _rows(wb["トピック"])
    assert [r[0] for r in topics[1:]] == public.topics["topic_id"].tolist()
    assert [r[5] for r in topics[1:]] == public.topics["size"].tolist()
    assert [unescape(r[7] or "") for r in topics[1:]] == [
        "\n".join(reps).replace("\x01", "") for reps in public.topics["representatives"]]


def test_xlsx_summary_is_the_method_note_and_themes(tmp_path, public):
    wb = openpyxl.load_workbook(write_xlsx(public, tmp_path / "s.xlsx"))
    rows = _rows(wb["概要"])
    note = {r[0]: r[1] for r in rows if r and r[0]}
    assert note["タイトル"] == "市民アンケート2025" and note["公開範囲"] == "公開用"
    assert note["分析した回答"] == 40 and note["掲載した回答"] == 40 and note["秘匿の基準（人数）"] == 5
    assert note["回答期間"] == public.meta["period"]
    assert note["個人情報のマスク件数"] == "phone: 1"
    assert any(SUPPRESSED in str(r[1]) for r in rows if r and r[0] is None)  # the suppression note
    start = next(i for i, r in enumerate(rows) if r and r[0] == "テーマID")
    assert all(c.font.bold for c in wb["概要"][start + 1] if c.value is not None)
    themes = rows[start + 1:start + 1 + len(public.themes)]
    assert [r[3] for r in themes] == public.themes["size"].tolist()
    assert [r[4] for r in themes] == [None if s is None else pytest.approx(s) for s in public.themes["share"]]
    share_cell = wb["概要"].cell(row=start + 2, column=5)
    assert share_cell.number_format == "0.0%"


def test_xlsx_widths_count_wide_characters(tmp_path, internal):
    wb = openpyxl.load_workbook(write_xlsx(internal, tmp_path / "w.xlsx"))
    ws = wb["回答"]
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEFGHIJ"}
    assert widths["C"] == display_width("子育て・教育") + 2 == 14
    assert all(w <= MAX_WIDTH + 2 for w in widths.values())
    assert display_width("교통abc") == 7


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    names = [sheet_name(n, taken) for n in ["クロス集計_[地区]/校区:*?", "クロス集計_[地区]/校区:*?",
                                            "x" * 40, "X" * 40, "'引用'"]]
    assert names[0] == "クロス集計__地区__校区___"
    assert names[1] == "クロス集計__地区__校区___~2"
    assert all(len(n) <= 31 for n in names) and len({n.casefold() for n in names}) == 5
    assert names[4] == "引用"


def test_awkward_attribute_names_become_valid_sheets(tmp_path, analysis):
    long = "お住まいの地区/校区を教えてください[必須]: 該当するもの?"
    renamed = dataclasses.replace(analysis, answers=analysis.answers.rename(columns={"地区": long}))
    data = build_export(renamed, ExportOptions(language="ko", crosstabs=(long, "年代")))
    wb = openpyxl.load_workbook(write_xlsx(data, tmp_path / "k.xlsx"))
    assert wb.sheetnames[0] == "개요" and wb.sheetnames[-1] == "응답"
    assert len(wb.sheetnames[2]) == 31 and not set("[]:*?/\\") & set(wb.sheetnames[2])
    assert _rows(wb[wb.sheetnames[2]])[-1][0] == "합계"


@pytest.mark.parametrize("language", ["ja", "ko", "en"])
def test_every_language_has_every_string(language):
    assert all(language in STRINGS[key] for key in STRINGS if key.startswith(("col.", "meta.", "sheet.")))
    assert t(language, "withheld") == {"ja": "（非公開）", "ko": "(비공개)", "en": "(withheld)"}[language]
    assert t("fr", "total") == "Total"
    with pytest.raises(KeyError):  # a mistyped key fails the tests instead of printing itself in a file
        t("ja", "no.such.key")


def test_write_exports_writes_every_format(tmp_path, public):
    formats = ("xlsx", "csv", "json")
    try:
        import listening.export.report  # noqa: F401 - written by another part of the project
        formats = ("html", *formats)
    except ImportError:
        pass
    paths = write_exports(public, tmp_path / "out", formats)
    names = {"html": "report.html", "xlsx": "summary.xlsx", "csv": "answers_bom.csv", "json": "export.json"}
    assert [p.name for p in paths] == [names[f] for f in formats]
    assert all(p.stat().st_size > 0 for p in paths)
    with pytest.raises(ValueError, match="pdf"):
        write_exports(public, tmp_path / "out", ("pdf",))


def test_public_and_internal_files_agree_on_counts(tmp_path, internal, public):
    """The internal crosstab adds up to every analysed answer; the public one shows a subset of it."""
    table = internal.crosstabs["地区"]
    assert int(table.iloc[:-1, :-1].to_numpy().sum()) == internal.meta["answers"]["analysed"] == 40
    shown = public.crosstabs["地区"]
    same = table.loc[shown.index, shown.columns]
    mask = ~shown.isin(list(MARKS))
    assert (shown[mask].fillna(0) == same[mask].fillna(0)).all().all()
    assert pd.Series(public.answers["地区"]).isin(["東区", "西区", t("ja", "withheld")]).all()
