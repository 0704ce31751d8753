"""Personal data through the data flow: note headers as attributes, the staff's allow-list and
local nouns, masking again, redactions on attribute values, keywords, and the public files."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from listening.analysis import Analysis, ColumnChoice, RunInfo, analyze, import_file
from listening.auth import LOCAL_STAFF
from listening.curation.edits import curated_analysis, rename_cluster
from listening.privacy import (
    DETECT_VERSION,
    PLACEHOLDERS,
    REDACTED,
    apply_redactions,
    mask_stored,
    masked_fragments,
    masking_rules,
)
from listening.store import Store
from listening.types import AnalysisSettings
from listening.views import free_form_note_fields, suggested_attributes
from listening.workspace import Workspace

PLANTED = Path(__file__).resolve().parents[1] / "pii_planted"
BIDI = "\u202e\u2066\u200f"

SURVEY = (
    "id,意見,地区\n"
    "1,オハナさんが頑張っているのでまた来たい。連絡は090-1234-5678まで,東\n"
    "2,オハナさんのお店がよかった,西\n"
    "3,隣の田中さんも困っています,東\n"
    "4,道が暗い,西\n"
)


@pytest.fixture()
def store(tmp_path: Path):
    with Store(tmp_path / "s.db") as s:
        yield s


def _texts(store: Store, dataset_id: int) -> list[str]:
    return store.load_answers(dataset_id)["text"].tolist()


def test_note_titles_and_headers_are_masked_as_attributes_and_never_suggested_as_crosstabs(store):
    notes = (PLANTED / "notes.md").read_bytes()
    secrets = json.loads((PLANTED / "notes_secrets.json").read_text(encoding="utf-8"))
    imported = import_file(store, "notes", notes, "notes.md", ColumnChoice())
    answers = store.load_answers(imported.dataset_id)
    attributes = store.attribute_names(imported.dataset_id)
    shown = json.dumps(answers[attributes].astype(str).to_dict("list"), ensure_ascii=False)
    assert not [s for s in secrets if s in shown]
    assert answers["代表者"].str.fullmatch("［氏名］").all()
    findings = store.list_findings(imported.dataset_id)
    assert set(findings["field"].dropna()) == {"title", "代表者", "連絡先"}
    assert set(findings.loc[findings["field"] == "連絡先", "kind"]) == {"phone"}
    # what staff see stays: the original values are kept for review
    raw = store._query("SELECT raw_attrs FROM answers ORDER BY pk LIMIT 1")[0][0]
    assert json.loads(raw)["連絡先"] in secrets
    # free-form note fields are never a default crosstab or answer attribute; the group is
    assert set(free_form_note_fields(answers, attributes)) == {"title", "date", "代表者", "連絡先"} & set(attributes)
    assert suggested_attributes(answers, attributes) == ["group"]


def test_allow_list_and_local_nouns_round_trip_logged_and_undoable(store):
    ws = Workspace(store, LOCAL_STAFF)
    imported = ws.import_file("d", SURVEY.encode("utf-8"), "a.csv", ColumnChoice(text=("意見",), id="id",
                                                                                   attributes=("地区",)))
    ds = imported.dataset_id
    assert ws.masking_is_current(ds)
    assert [t.startswith("［氏名］") for t in _texts(store, ds)[:2]] == [True, True]

    # One finding: only answer 1's オハナさん is not personal data.
    rule = ws.add_privacy_rule(ds, "allow", "オハナさん", answer_id="1:2", kind="name")
    assert not ws.masking_is_current(ds)
    assert _texts(store, ds)[0].startswith("［氏名］")  # applied on the next masking, not before
    counts = ws.remask(ds)
    assert counts["changed"] == 1 and ws.masking_is_current(ds)
    texts = _texts(store, ds)
    assert texts[0].startswith("オハナさん") and "［電話番号］" in texts[0]
    assert texts[1].startswith("［氏名］")

    # A local proper noun: never a person anywhere in the dataset.
    noun = ws.add_privacy_rule(ds, "noun", "オハナ")
    assert mask_stored(store, ds) == 4  # an analysis masks again first when the rules changed
    assert [t.startswith("オハナさん") for t in _texts(store, ds)[:2]] == [True, True]
    assert "［氏名］" in _texts(store, ds)[2]  # 田中さん stays masked

    # Undo both: masked again.
    ws.remove_privacy_rule(ds, noun)
    ws.remove_privacy_rule(ds, rule)
    ws.remask(ds)
    assert [t.startswith("［氏名］") for t in _texts(store, ds)[:2]] == [True, True]
    history = ws.privacy_rules(ds, include_removed=True)
    assert history["removed_by"].tolist() == [LOCAL_STAFF.name] * 2
    actions = ws.audit_log(ds)["action"].tolist()
    for action in ("allow_personal_data", "add_local_noun", "remove_privacy_rule", "remask"):
        assert action in actions
    assert masking_rules(store, ds).fingerprint() == masking_rules(store, ds).fingerprint()


def test_removing_a_batch_removes_its_original_texts_attributes_and_findings(store):
    ws = Workspace(store, LOCAL_STAFF)
    notes = ws.import_file("d", (PLANTED / "notes.md").read_bytes(), "notes.md", ColumnChoice())
    kept = ws.import_file("d", SURVEY.encode("utf-8"), "a.csv", ColumnChoice(text=("意見",), id="id"))
    originals = "SELECT count(*) FROM answers WHERE batch_id = ? AND (raw_text IS NOT NULL OR raw_attrs IS NOT NULL)"
    assert store._query(originals, (notes.batch_id,))[0][0] > 0
    ws.remove_batch(notes.batch_id)
    assert store._query(originals, (notes.batch_id,))[0][0] == 0
    assert store._query("SELECT count(*) FROM answers WHERE raw_attrs LIKE '%連絡先%'")[0][0] == 0
    assert set(store.list_findings(notes.dataset_id)["field"].dropna()) == set()  # only the survey's remain
    assert store._query(originals, (kept.batch_id,))[0][0] == 4


def test_a_stored_dataset_is_masked_again_when_the_detector_changes(store):
    imported = import_file(store, "d", SURVEY.encode("utf-8"), "a.csv", ColumnChoice(text=("意見",), id="id"))
    ds = imported.dataset_id
    assert mask_stored(store, ds) == 0  # just masked with this detector
    # Answers stored by an older version: text as typed, no original, an older detector.
    with store.transaction() as conn:
        conn.execute("UPDATE answers SET text = raw_text, raw_text = NULL, raw_attrs = NULL")
        conn.execute("DELETE FROM findings")
    store.set_masking_state(ds, DETECT_VERSION - 1, masking_rules(store, ds).fingerprint())
    assert "090-1234-5678" in _texts(store, ds)[0]
    assert mask_stored(store, ds) == 4
    assert "090-1234-5678" not in _texts(store, ds)[0]
    assert store._query("SELECT raw_text FROM answers ORDER BY pk")[0][0].endswith("090-1234-5678まで")
    assert store.list_findings(ds)["kind"].tolist() == ["name", "phone", "name", "name"]


def test_manual_redactions_reach_attribute_values_and_fragments_leave_keywords():
    answers = pd.DataFrame({
        "answer_id": ["a", "b"], "text": ["バスが少ない", "公園がほしい"], "language": ["ja", "ja"],
        "theme": [0, 0], "topic": [0, 1], "theme_label": ["バス / taro", "バス / taro"],
        "topic_label": ["バス", "公園"], "代表者": ["ひだまり会 山田", "みらい会"],
    })
    clusters = pd.DataFrame({
        "level": ["theme", "topic", "topic"], "cluster_id": [0, 0, 1], "label": ["バス / taro", "バス", "公園"],
        "keywords": [["バス", "taro", "公園"], ["バス"], ["公園", "太郎"]],
    })
    analysis = Analysis(run_id=1, dataset_id=1, answers=answers, clusters=clusters, info=RunInfo(), attributes=("代表者",))
    fragments = masked_fragments(pd.DataFrame({"kind": ["email", "name", "phone"],
                                               "original": ["taro.k@example.jp", "山田太郎さん", "090-1234-5678"]}))
    view = apply_redactions(analysis, ["ひだまり会"], fragments)
    assert view.answers["代表者"].tolist() == [f"{REDACTED['ja']} 山田", "みらい会"]
    assert view.clusters["keywords"].tolist() == [["バス", "公園"], ["バス"], ["公園"]]
    assert view.clusters["label"].tolist()[0] == f"バス / {REDACTED['ja']}"
    assert "example" in fragments and "taro" in fragments and "090" not in fragments


SMALL = [
    "バスの本数が少なくて通勤に困る", "駅前のバス停に屋根がほしい", "路線バスが夜早く終わってしまう",
    "コミュニティバスを増やしてほしい", "バスの時刻表が分かりにくい", "公園の遊具が古くて危ない",
    "公園にトイレを作ってほしい", "子どもが遊べる公園が足りない", "公園の草が伸び放題です",
    "公園のベンチを増やしてほしい", "保育園に入れなくて困っている", "保育料をもっと下げてほしい",
    "学童保育の時間を延ばしてほしい", "子育て支援センターが遠い", "一時保育の枠が足りない",
]
PII = ["田中太郎さんに相談した。", "連絡は090-1234-5678まで。", "taro.k@example.jp に送ってください。",
       "김민수 씨도 같은 생각です。", "やまださんも言っていた。"]


@pytest.fixture(scope="module")
def small_analysis(tmp_path_factory, use_embedder):
    """A small analysed dataset whose answers carry names, phones and e-mails, and a file name and a
    staff label with bidirectional controls and a formula start."""
    path = tmp_path_factory.mktemp("pii_small") / "s.db"
    rows = [(i, text + (PII[i % len(PII)] if i % 2 else ""), "東西"[i % 2])
            for i, text in enumerate(SMALL * 4)]
    buf = io.StringIO()
    csv.writer(buf).writerows([("id", "意見", "地区"), *rows])
    store = Store(path)
    imported = import_file(store, "small", buf.getvalue().encode("utf-8"), f"回答{BIDI}vsc.csv",
                           ColumnChoice(text=("意見",), id="id", attributes=("地区",)))
    analysis = analyze(store, imported.dataset_id, AnalysisSettings(n_themes=2, n_topics=3), embedder=use_embedder)
    topic = int(analysis.clusters.loc[analysis.clusters["level"] == "topic", "cluster_id"].iloc[0])
    rename_cluster(store, analysis.run_id, "staff", "topic", topic, f"＝HYPERLINK(\"http://x\"){BIDI}バス")
    yield store, analysis
    store.close()


def test_placeholders_and_fragments_of_masked_items_never_become_keywords(small_analysis):
    store, analysis = small_analysis
    view = curated_analysis(store, analysis.run_id)
    words = [w for ws in view.clusters["keywords"] for w in ws] + view.clusters["label"].tolist()
    marks = {m.strip("［］[]") for table in PLACEHOLDERS.values() for m in table.values()}
    assert not [w for w in words if any(m in w for m in marks)], words
    assert not [w for w in words if any(f in str(w).casefold() for f in ("taro", "太郎", "田中", "민수"))], words
    assert any("バス" in w for w in words)  # content words are still there


def test_public_files_carry_no_bidi_control_and_quote_full_width_formulas(small_analysis, tmp_path):
    from listening.export import ExportOptions, write_exports

    store, analysis = small_analysis
    ws = Workspace(store, LOCAL_STAFF)
    data = ws.export(curated_analysis(store, analysis.run_id), ExportOptions(audience="public", crosstabs=("地区",)))
    paths = {p.name: p for p in write_exports(data, tmp_path)}
    html = paths["report.html"].read_text(encoding="utf-8")
    assert not any(c in html for c in BIDI + "\u202a\u202b\u202c\u202d\u2067\u2068\u2069\u200e\u061c")
    assert "HYPERLINK" in html
    book = openpyxl.load_workbook(paths["summary.xlsx"])
    cells = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.startswith("'＝HYPERLINK") for c in cells)
    text = paths["answers_bom.csv"].read_text(encoding="utf-8-sig")
    assert text.count("＝HYPERLINK") == text.count("'＝HYPERLINK")
    for original in store.list_findings(analysis.dataset_id)["original"]:
        for path in paths.values():
            assert original not in path.read_bytes().decode("utf-8", errors="ignore"), (original, path.name)


def test_a_person_field_is_masked_whole_unless_staff_said_otherwise():
    from listening.privacy import MaskRules, mask_answers

    kept = pd.DataFrame({"answer_id": ["a", "b", "c"], "text": ["バス", "公園", "道"], "language": ["ja"] * 3,
                         "代表者": ["石川大輔", "ひだまり会", None], "参加者": ["12名", "田中、佐藤", "5"]})
    masked, found = mask_answers(kept, ["代表者", "参加者"])
    assert masked["代表者"].tolist()[:2] == ["［氏名］", "［氏名］"] and pd.isna(masked["代表者"].iloc[2])
    assert masked["参加者"].tolist() == ["12名", "［氏名］、［氏名］", "5"]  # counts stay
    assert json.loads(masked["raw_attrs"].iloc[0]) == {"代表者": "石川大輔", "参加者": "12名"}
    masked, _ = mask_answers(kept, ["代表者"], MaskRules(allow=("ひだまり会",)))
    assert masked["代表者"].tolist()[:2] == ["［氏名］", "ひだまり会"]
