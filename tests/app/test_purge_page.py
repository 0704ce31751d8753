"""Personal data page: staff purge a dataset's original texts after confirming; the review list then
shows the kinds of findings without their originals."""
from __future__ import annotations

import os

from listening.store import Store
from ui.i18n import STRINGS


def test_staff_purge_the_originals_only_after_confirming(sample_app):
    at = sample_app
    at.run()
    at.switch_page("pages/privacy.py").run()
    assert not at.exception
    go = at.button(key="purge_go_0")
    assert go.disabled  # nothing happens before the box is ticked
    at.checkbox(key="purge_confirm_0").check().run()
    at.button(key="purge_go_0").click().run()
    assert not at.exception
    assert at.success[0].value.startswith(STRINGS["purge_done"]["ja"].split("（")[0])
    review = next(d.value for d in at.dataframe if "元の文字列" in d.value.columns)
    assert set(review["元の文字列"]) == {STRINGS["purged_original"]["ja"]} and len(review) > 0
    assert any(i.value == STRINGS["purge_none_left"]["ja"] for i in at.info)
    with Store(os.environ["LISTENING_DB"]) as store:
        dataset = int(store.list_datasets()["id"].iloc[0])
        assert store.originals_left(dataset) == 0
        assert store.audit_log(dataset)["action"].tolist()[-1] == "purge_originals"
