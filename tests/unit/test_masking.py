"""Masking in the data flow: at import, in the analysis, and staff redactions in every view."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from listening.analysis.pipeline import ColumnChoice, import_file
from listening.curation.edits import curated_analysis, rename_cluster
from listening.privacy import (
    REDACTED,
    apply_redactions,
    count_matches,
    mask_answers,
    masking_counts,
    redact_texts,
)

PII_CSV = (
    "id,意見,年代\n"
    "1,公園を増やしてほしい。連絡は090-1234-5678まで,30代\n"
    "2,返事は hanako@example.jp へ。バスが少ない,40代\n"
    "3,隣の佐藤さんも困っています,50代\n"
    "4,道が暗い,60代\n"
)
KO_CSV = "id,의견\n1,연락은 010-9876-5432로 주세요. 공원이 필요합니다\n2,옆집 김철수 씨도 같은 생각입니다\n"


def test_import_masks_text_keeps_the_original_for_staff_and_lists_findings(tmp_path):
    from listening.store import Store

    with Store(tmp_path / "s.db") as store:
        imported = import_file(store, "d", PII_CSV.encode("cp932"), "a.csv",
                               ColumnChoice(text=("意見",), id="id", attributes=("年代",)))
        answers = store.load_answers(imported.dataset_id)
        assert answers["text"].tolist() == [
            "公園を増やしてほしい。連絡は［電話番号］まで", "返事は ［メール］ へ。バスが少ない",
            "隣の［氏名］も困っています", "道が暗い"]
        findings = store.list_findings(imported.dataset_id)
        assert findings["kind"].tolist() == ["phone", "email", "name"]
        assert findings["original"].tolist() == ["090-1234-5678", "hanako@example.jp", "佐藤さん"]
        assert findings["answer_id"].tolist() == ["1:2", "2:2", "3:2"]  # respondent:column
        raw = store._query("SELECT raw_text FROM answers ORDER BY pk")
        assert raw[0][0] == "公園を増やしてほしい。連絡は090-1234-5678まで"
        # the embedding cache key is the masked text: personal data never reaches the model
        assert "090-1234-5678" not in "".join(answers["text"])

        ko = import_file(store, "k", KO_CSV.encode("cp949"), "k.csv", ColumnChoice(text=("의견",), id="id"))
        assert store.load_answers(ko.dataset_id)["text"].tolist() == [
            "연락은 [전화번호]로 주세요. 공원이 필요합니다", "옆집 [이름] 씨도 같은 생각입니다"]
        assert masking_counts(store, ko.dataset_id) == {"name": 1, "phone": 1, "manual": 0}


def test_mask_answers_accounts_for_every_row():
    kept = pd.DataFrame({"answer_id": ["a", "b"], "text": ["mail me: a@b.jp", "none here"],
                         "language": ["other", "other"]})
    masked, findings = mask_answers(kept)
    assert len(masked) == len(kept)
    assert masked["raw_text"].tolist() == kept["text"].tolist()
    assert findings.to_dict("records") == [
        {"answer_id": "a", "kind": "email", "start": 9, "end": 15, "original": "a@b.jp", "field": None}]


def test_redact_texts_is_literal_case_insensitive_and_longest_first():
    texts = ["Call Tanaka-san or TANAKA", "山田太郎さんと山田", "[x](http://y) *z*"]
    out = redact_texts(texts, ["other", "ja", "other"], ["tanaka", "山田太郎", "山田", "*z*"])
    assert out == ["Call [REDACTED]-san or [REDACTED]", "［非公開］さんと［非公開］", "[x](http://y) [REDACTED]"]
    # a term that is part of a placeholder would eat the placeholder: ignored
    assert redact_texts(["［非公開］です"], ["ja"], ["非公開"]) == ["［非公開］です"]
    assert count_matches(texts, "tanaka") == 1
    assert count_matches(texts, "  ") == 0


@pytest.fixture()
def analysed_copy(copied, ja_analysed):
    """The session's analysed Japanese slice, on a writable copy of its store."""
    return replace(ja_analysed, store=copied[0])


def test_every_view_hides_personal_data_and_manual_redactions(analysed_copy):
    store, run_id = analysed_copy.store, analysed_copy.analysis.run_id
    dataset_id = analysed_copy.dataset_id
    findings = store.list_findings(dataset_id)
    assert len(findings) >= 2  # the sample slice volunteers a phone number and a name
    view = curated_analysis(store, run_id)
    shown = "\n".join(view.answers["text"])
    for original in findings["original"]:
        assert original not in shown

    # Staff redact a word that is in texts, in an automatic label and in a label they typed.
    topic = view.clusters[view.clusters["level"] == "topic"].iloc[0]
    term = topic["keywords"][0]
    rename_cluster(store, run_id, "staff", "topic", int(topic["cluster_id"]), f"{term}について")
    before = count_matches(view.answers["text"].tolist(), term)
    assert before > 0
    redaction = store.add_redaction(dataset_id, term, "staff")
    view = curated_analysis(store, run_id)
    everything = [*view.answers["text"], *view.answers["topic_label"], *view.answers["theme_label"],
                  *view.clusters["label"], *(w for ws in view.clusters["keywords"] for w in ws)]
    assert not any(term in s for s in everything)
    assert sum(REDACTED["ja"] in t for t in view.answers["text"]) >= before
    assert len(view.answers) == len(analysed_copy.analysis.answers)  # redaction hides words, not rows
    assert masking_counts(store, dataset_id)["manual"] == 1

    store.remove_redaction(redaction, "staff")
    assert store.list_redactions(dataset_id).empty
    assert store.list_redactions(dataset_id, include_removed=True)["removed_by"].tolist() == ["staff"]
    view = curated_analysis(store, run_id)
    assert count_matches(view.answers["text"].tolist(), term) == before


def test_apply_redactions_without_terms_returns_the_same_analysis(ja_analysed):
    assert apply_redactions(ja_analysed.analysis, []) is ja_analysed.analysis
