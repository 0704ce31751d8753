"""The Data page: upload a survey, confirm the guessed columns, import, analyse; errors leave the store alone."""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from datetime import date
from pathlib import Path

import pytest

from listening.ingest.columns import guess_columns
from listening.ingest.read import read_table
from listening.ingest.select import select_answers
from listening.store import Store
from ui.i18n import fmt_int

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_NAME = "サンプル市 まちづくりアンケート"


@pytest.fixture(scope="module")
def survey_slice() -> bytes:
    """The first 300 answers of the Japanese sample, as Excel in Japan saves CSV (CP932, CRLF)."""
    text = (ROOT / "sample_data" / "survey_ja.csv").read_bytes().decode("cp932")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows[:301])
    return out.getvalue().encode("cp932")


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def table(at, column: str, *others: str):
    """The first table showing these columns (read-only tables carry no key in AppTest)."""
    wanted = {column, *others}
    return next(d.value for d in at.dataframe if wanted <= set(d.value.columns))


def rendered(markdown: str) -> str:
    """Markdown as the reader sees it: the page escapes file names so they stay plain text."""
    return re.sub(r"\\(.)", r"\1", markdown)


def store_counts() -> dict[str, int]:
    with Store(os.environ["LISTENING_DB"]) as store:
        return store.counts()


def test_upload_import_and_analyse_a_cp932_survey(make_app, survey_slice):
    at = make_app()
    at.run()
    at.switch_page("pages/data.py").run()
    assert not at.exception
    at.file_uploader(key="data_upload").set_value(("survey_ja.csv", survey_slice, "text/csv")).run()
    assert not at.exception

    raw = read_table(survey_slice, "survey_ja.csv")
    guess = guess_columns(raw.frame)
    h = hashlib.sha256(survey_slice).hexdigest()[:12]
    assert at.multiselect(key=f"data_text_{h}").value == list(guess.text)
    assert at.selectbox(key=f"data_id_{h}").value == "回答ID"
    assert at.multiselect(key=f"data_attributes_{h}").value == list(guess.attributes)
    assert set(guess.attributes) == {"年代", "性別", "校区", "回答者区分"}
    assert len(at.dataframe[0].value) == 10  # preview of the first rows
    assert at.text_input(key="data_new_name_survey_ja.csv").value == "survey_ja"

    at.button(key="data_import").click().run()
    assert not at.exception
    expected = select_answers(raw, guess.text, guess.id, guess.attributes)
    assert metric(at, "読み込んだ回答") == fmt_int(expected.n_in)
    assert metric(at, "分析に使う回答") == fmt_int(len(expected.kept))
    blank = expected.drop_counts().get("empty", 0)
    assert metric(at, "空欄（回答なし）") == fmt_int(blank)
    assert metric(at, "そのほか除いた回答") == fmt_int(len(expected.dropped) - blank)
    # Every file stored: the uploader starts empty again, so the same file cannot be imported twice by a click.
    assert at.file_uploader(key="data_upload_1").value in (None, [])
    assert not [b for b in at.button if b.key == "data_import"]  # no import form until a file is chosen
    reasons = table(at, "除いた理由", "件数")
    names = {"empty": "空欄", "no_content": "内容なし（「特になし」など）", "duplicate_row": "重複した行"}
    shown = dict(zip(reasons["除いた理由"], reasons["件数"]))
    assert shown == {names[r]: n for r, n in expected.drop_counts().items()}
    assert at.get("download_button")[0].label == "除いた回答をダウンロード（CSV）"
    assert "survey_ja" in set(table(at, "データセット", "取り込み数")["データセット"])

    at.switch_page("pages/map.py").run()
    assert not at.exception
    assert [el for el in at.main if el.type == "vega_lite_chart"], "the map is drawn for the new dataset"
    assert metric(at, "対象の回答") == fmt_int(len(expected.kept))


def test_binary_file_named_csv_shows_an_error_and_stores_nothing(sample_app):
    at = sample_app
    at.run()
    at.switch_page("pages/data.py").run()
    before = store_counts()
    junk = bytes(range(256)) * 40
    at.file_uploader(key="data_upload").set_value(("回答.csv", junk, "text/csv")).run()
    assert not at.exception
    assert len(at.error) == 1
    assert "「回答.csv」を読み込めませんでした" in rendered(at.error[0].value)
    assert rendered(at.error[0].value).count("回答.csv") == 1, "the file is named once, not again before the reason"
    assert "バイナリ" in at.error[0].value  # the reader's message, in the UI language
    assert not [b for b in at.button if b.key == "data_import"], "nothing to import from an unreadable file"
    assert store_counts() == before
    assert SAMPLE_NAME in set(table(at, "データセット", "取り込み数")["データセット"]), "earlier data is untouched"


def test_hearing_notes_already_in_the_dataset_are_not_added_twice(sample_app):
    at = sample_app
    at.run()
    at.switch_page("pages/data.py").run()
    notes = sorted((ROOT / "sample_data" / "hearing_notes").glob("ja_0[12]_*.md"))
    at.file_uploader(key="data_upload").set_value([(p.name, p.read_bytes(), "text/markdown") for p in notes]).run()
    assert not at.exception
    assert any(c.value.startswith("ヒアリング記録 2 ファイル") for c in at.caption)
    with Store(os.environ["LISTENING_DB"]) as store:
        dataset = store.dataset_id(SAMPLE_NAME)
    at.selectbox(key="data_target").set_value(dataset).run()
    before = store_counts()
    at.button(key="data_import").click().run()
    assert not at.exception
    infos = [rendered(i.value) for i in at.info]
    assert infos[:len(notes)] == [f"「{p.name}」は同じ設定ですでに取り込まれていたため、重複して追加していません。"
                                  for p in notes]
    assert infos[len(notes):] == ["ファイルを選ぶと、ここに中身の先頭と列の設定が表示されます。試すだけならサンプルデータを読み込んでください。"], "every file handled: the uploader is empty again"
    after = store_counts()
    assert after["batches"] == before["batches"] and after["answers"] == before["answers"]
    assert after["runs"] == before["runs"], "the same answers and settings reuse the stored analysis"


def test_dataset_and_batch_lists_show_the_sample(sample_app):
    at = sample_app
    at.run()
    at.switch_page("pages/data.py").run()
    assert not at.exception
    with Store(os.environ["LISTENING_DB"]) as store:
        dataset = store.dataset_id(SAMPLE_NAME)
        batches = store.list_batches(dataset)
    datasets = table(at, "データセット", "取り込み数")
    row = datasets.loc[datasets["データセット"] == SAMPLE_NAME].iloc[0]
    assert row["取り込み数"] == len(batches)
    assert row["回答数"] == batches["n_kept"].sum()
    listed = table(at, "ファイル", "種別")
    assert list(listed["ファイル"]) == batches["filename"].tolist()
    assert list(listed["分析に使う回答"]) == batches["n_kept"].tolist()
    assert set(listed["種別"]) == {"アンケート", "ヒアリング"}
    assert "survey_ja.csv" in set(listed["ファイル"])


def test_rerun_with_a_chosen_number_of_topics(sample_app):
    at = sample_app
    at.run()
    at.switch_page("pages/data.py").run()
    with Store(os.environ["LISTENING_DB"]) as store:
        dataset = store.dataset_id(SAMPLE_NAME)
        first = store.latest_run(dataset)
    at.number_input(key="data_n_topics").set_value(12).run()
    at.button(key="data_rerun_go").click().run()
    assert not at.exception
    with Store(os.environ["LISTENING_DB"]) as store:
        latest = store.latest_run(dataset)
        info, _, clusters = store.load_run(latest)
    assert latest != first
    assert info["settings"]["n_topics"] == 12
    assert (clusters["level"] == "topic").sum() == 12
    at.switch_page("pages/curate.py").run()
    assert any("小さな分類 12・" in c.value for c in at.caption), "the other pages use the new run"


@pytest.fixture(scope="module")
def july_wave() -> bytes:
    """60 answers of the sample in its layout (CP932, CRLF), answered 1-5 July 2025."""
    text = (ROOT / "sample_data" / "survey_ja.csv").read_bytes().decode("cp932")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[400:460]
    day = header.index("回答日")
    for i, row in enumerate(body):
        row[day] = f"2025-07-0{1 + i % 5}"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *body])
    return out.getvalue().encode("cp932")


def test_next_months_file_becomes_a_dated_wave_of_the_open_dataset(sample_app, july_wave):
    at = sample_app
    at.run()
    at.switch_page("pages/data.py").run()
    with Store(os.environ["LISTENING_DB"]) as store:
        dataset = store.dataset_id(SAMPLE_NAME)
        before = store.list_batches(dataset)
    at.file_uploader(key="data_upload").set_value(("export.csv", july_wave, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    h = hashlib.sha256(july_wave).hexdigest()[:12]

    assert at.selectbox(key="data_target").value == dataset, "the open dataset, not a new one"
    first = before[before["kind"] == "survey"].iloc[0]
    assert at.multiselect(key=f"data_text_{h}").value == first["columns"]["text"]
    assert at.selectbox(key=f"data_id_{h}").value == first["columns"]["id"]
    assert any("前回の取り込み「survey_ja.csv」と同じ" in rendered(c.value) for c in at.caption)
    assert at.date_input(key=f"data_date_{h}").value == date(2025, 7, 3), "the median answer date"
    assert any("列「回答日」の回答日の中央値" in rendered(c.value) for c in at.caption)
    assert at.text_input(key=f"data_batch_{h}").placeholder == "空欄なら「2025年7月」"

    at.date_input(key=f"data_date_{h}").set_value(date(2025, 1, 10)).run()
    assert any("2025年1月10日" in w.value and "より前か同じ日" in w.value for w in at.warning)
    assert at.button(key="data_import").disabled, "an out-of-order wave needs a confirmation"
    at.checkbox(key="data_order_confirm").check().run()
    assert not at.button(key="data_import").disabled
    at.date_input(key=f"data_date_{h}").set_value(date(2025, 7, 3)).run()
    assert not any("より前か同じ日" in w.value for w in at.warning)

    at.button(key="data_import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    with Store(os.environ["LISTENING_DB"]) as store:
        after = store.list_batches(dataset)
    assert len(after) == len(before) + 1
    new = after.iloc[-1]
    assert (new["name"], new["collected_on"]) == ("2025年7月", "2025-07-03")
    line = next(m.value for m in at.markdown if "行 × 自由記述 2 問" in m.value)
    blank = new["drop_counts"].get("empty", 0)
    assert f"60 行 × 自由記述 2 問 = 120 件：回答 {new['n_kept']} 件、空欄 {blank} 件" in line
    assert any(link.label == "意見マップを見る" for link in at.get("page_link"))
    kinds = [el.type for el in at.main]
    assert kinds.index("subheader") < kinds.index("file_uploader"), "the outcome is shown above the form"

    names = dict(zip(after["id"].astype(int), after["name"]))
    batch = int(new["id"])
    at.selectbox(key="data_edit_pick").set_value(batch).run()
    at.text_input(key=f"data_edit_name_{batch}").set_value("2025年7月（速報）")
    at.date_input(key=f"data_edit_date_{batch}").set_value(date(2025, 7, 31)).run()
    at.button(key="data_edit_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    with Store(os.environ["LISTENING_DB"]) as store:
        fixed = store.list_batches(dataset).set_index("id").loc[batch]
        log = store.audit_log(dataset)
    assert (fixed["name"], fixed["collected_on"]) == ("2025年7月（速報）", "2025-07-31")
    assert any("2025年7月（速報）" in s.value for s in at.success)
    entry = str(log[log["action"] == "correct_batch"].iloc[-1].to_dict())
    assert names[batch] in entry and "2025-07-03" in entry and "2025-07-31" in entry, "old and new values logged"
