"""Text from residents and staff is shown as text: never run as HTML or Markdown on any page."""
from __future__ import annotations

import html
import os

import pytest

from listening.curation.edits import rename_cluster
from listening.store import Store

HOSTILE = "<script>alert(1)</script> **太字** [link](http://example.com) :red[赤] $x^2$"


@pytest.mark.parametrize("page", ["map", "crosstabs", "district", "curate", "export"])
def test_a_hostile_cluster_label_is_shown_literally(make_app, analysed_db, page):
    at = make_app(analysed_db)
    with Store(os.environ["LISTENING_DB"]) as store:
        dataset = int(store.list_datasets()["id"].iloc[0])
        run = store.latest_run(dataset)
        rename_cluster(store, run, "staff", "theme", 0, HOSTILE)
    at.run()
    if page != "map":
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    # Markdown elements (titles, captions, markdown, alerts) may only hold the label escaped.
    for el in [*at.markdown, *at.caption, *at.title, *at.subheader, *at.info, *at.success, *at.warning]:
        body = str(el.value)
        assert "<script>" not in body and "**太字**" not in body and "[link](http" not in body, (page, body)
    shown = []
    for el in at.main:
        if getattr(el, "type", "") == "dataframe":
            frame = el.value
            shown += [str(v) for v in frame.to_numpy().ravel()] + [str(v) for v in frame.index]
            shown += [str(v) for v in frame.columns]
    shown += [str(o) for s in at.selectbox for o in s.options] + [str(o) for m in at.multiselect for o in m.options]
    if page == "export":  # the report holds the label as escaped text
        at.button(key="export_build").click().run()
        report = at.session_state["_export_built"][2]["report.html"].decode("utf-8")
        # (web addresses become [URL] in the report: it links nowhere)
        assert html.escape(HOSTILE.replace("http://example.com", "[URL]")) in report
        assert "<script>alert" not in report
    elif page != "district":
        assert any(HOSTILE in s for s in shown)  # as plain text where it is listed
