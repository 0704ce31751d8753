"""Privacy and Export pages: staff see what was masked, redact a term everywhere, build public files."""
from __future__ import annotations

import io
import os

import openpyxl

from listening.curation.edits import curated_analysis
from listening.store import Store
from listening.views import named
from ui.i18n import STRINGS


def stored_view():
    with Store(os.environ["LISTENING_DB"]) as store:
        dataset = int(store.list_datasets()["id"].iloc[0])
        # Groups under their names in words, as the pages and the report print them.
        return named(curated_analysis(store, store.latest_run(dataset))), store.list_findings(dataset)


def open_page(at, page: str):
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_privacy_page_lists_masked_items_and_a_redaction_reaches_the_map(sample_app):
    at = open_page(sample_app, "privacy")
    review = next(d.value for d in at.dataframe if "元の文字列" in d.value.columns)
    _, findings = stored_view()
    assert len(review) == len(findings) > 0
    assert set(review["元の文字列"]) == set(findings["original"])
    assert not any(o in t for o, t in zip(review["元の文字列"], review["伏せた後の回答"]))

    at.text_input(key="privacy_term_0").set_value("コミュニティバス")
    at.button[0].click().run()  # the form's submit button
    assert not at.exception
    assert "コミュニティバス" in at.success[0].value
    view, _ = stored_view()
    assert not view.answers["text"].str.contains("コミュニティバス").any()
    assert view.answers["text"].str.contains("［非公開］").any()

    # The committee's search no longer finds the redacted word.
    at.switch_page("pages/map.py").run()
    at.text_input(key="map_search").set_value("コミュニティバス").run()
    assert not at.exception
    assert not any("コミュニティバス" in str(d.value.to_string()) for d in at.dataframe)

    at.switch_page("pages/privacy.py").run()
    terms = next(d.value for d in at.dataframe if "語句" in d.value.columns)
    assert terms["語句"].tolist() == ["コミュニティバス"]


def test_export_page_builds_public_files_that_match_the_analysis(sample_app):
    at = open_page(sample_app, "export")
    assert at.radio(key="export_audience").value == "public"
    at.button(key="export_build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert at.success and "公開用" in at.success[0].value
    downloads = at.get("download_button")
    assert len(downloads) == 5  # report, workbook, csv, json and the committee briefing
    assert "briefing.html" in at.session_state["_export_built"][2]

    view, findings = stored_view()
    files = at.session_state["_export_built"][2]
    book = openpyxl.load_workbook(io.BytesIO(files["summary.xlsx"]))
    texts = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for original in findings["original"]:
        assert not any(original in t for t in texts)
    html = files["report.html"].decode("utf-8")
    assert "<script" not in html.lower()
    for label in view.clusters.loc[view.clusters["level"] == "theme", "label"]:
        assert label.replace("&", "&amp;") in html
    assert files["answers_bom.csv"].startswith(b"\xef\xbb\xbf")


def test_internal_export_warns_and_is_marked_internal(sample_app):
    at = open_page(sample_app, "export")
    at.radio(key="export_audience").set_value("internal").run()
    assert STRINGS["export_internal_warning"]["ja"] in [w.value for w in at.warning]
    at.button(key="export_build").click().run()
    assert not at.exception
    assert "委員会向け" in at.success[0].value
    # Changing a setting after building asks for a rebuild instead of offering stale files.
    at.selectbox(key="export_language").set_value("ko").run()
    assert STRINGS["export_stale"]["ja"] in [i.value for i in at.info]


def test_privacy_page_marks_a_local_noun_masks_again_and_lists_quasi_identifiers(sample_app):
    at = open_page(sample_app, "privacy")
    _, findings = stored_view()
    name = findings[findings["kind"] == "name"]["original"].iloc[0]
    term = name.removesuffix("さん").removesuffix("様")
    assert not any(i.value == STRINGS["privacy_stale"]["ja"] for i in at.info)

    at.text_input(key="privacy_noun_0").set_value(term)
    next(b for b in at.button if b.label == STRINGS["privacy_noun_add"]["ja"]).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert term in at.success[0].value
    assert any(i.value == STRINGS["privacy_stale"]["ja"] for i in at.info)
    rules = next(d.value for d in at.dataframe if STRINGS["privacy_rule_list"]["ja"] in d.value.columns)
    assert rules[STRINGS["privacy_term"]["ja"]].tolist() == [term]

    at.button(key="privacy_remask").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not any(i.value == STRINGS["privacy_stale"]["ja"] for i in at.info)
    view, after = stored_view()
    assert name not in set(after["original"])
    assert view.answers["text"].str.contains(term, regex=False).any()  # the map shows it now
    headings = [h.value for h in at.subheader]
    assert STRINGS["privacy_quasi"]["ja"] in headings and STRINGS["privacy_rules"]["ja"] in headings


def test_a_second_public_release_that_differs_by_one_answer_waits_for_confirmation(sample_app):
    from listening.auth import User
    from listening.workspace import Workspace

    at = open_page(sample_app, "export")
    at.button(key="export_build").click().run()
    assert not at.exception and at.success and len(at.get("download_button")) == 5  # the first release (with the briefing)
    with Store(os.environ["LISTENING_DB"]) as store:
        dataset = int(store.list_datasets()["id"].iloc[0])
        run = store.latest_run(dataset)
        answer = curated_analysis(store, run).answers["answer_id"].iloc[0]
        Workspace(store, User("職員", "staff", "password")).exclude_answers(run, [answer], "取り下げ")

    at.run()
    at.button(key="export_build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    warning = STRINGS["export_release_warning"]["ja"].split("{")[0]
    assert any(w.value.startswith(warning) for w in at.warning)
    assert not at.get("download_button")  # nothing to download before the staff decide
    table = next(d.value for d in at.dataframe if "前回の公開" in d.value.columns)
    assert ((table["前回の公開"] - table["今回"]).abs().between(1, 4)).all()

    at.button(key="export_release_anyway").click().run()
    assert not at.exception
    assert len(at.get("download_button")) == 5
    with Store(os.environ["LISTENING_DB"]) as store:
        releases = store.list_releases(dataset)
        log = store.audit_log(dataset)
    assert [r["forced"] for r in releases] == [False, True]
    assert log[log["action"] == "release"]["detail"].iloc[-1]["forced"] is True
