"""Purging a dataset's original texts once the review is done: the originals leave the store's
files, the masked texts and the kinds of findings stay, and the purge is logged."""
from __future__ import annotations

from pathlib import Path

import pytest

from listening.analysis.pipeline import ColumnChoice
from listening.auth.access import LOCAL_STAFF, AccessDenied, User
from listening.cli.main import main
from listening.store import Store
from listening.workspace import Workspace

PHONE, EMAIL, DUPLICATE_PHONE = "090-1234-5678", "hanako.yamada@example.jp", "080-2468-1357"
ATTRIBUTE_PHONE = "070-3141-5926"  # personal data in an attribute (a contact column mapped as one)
CSV = ("id,意見,年代,連絡先\n"
       "1,公園がほしい。子どもが遊べる場所を,30代,\n"
       f"2,バスの本数を増やしてほしい。連絡は{PHONE}へ,40代,\n"
       f"3,図書館の開館時間を延ばしてほしい {EMAIL},50代,{ATTRIBUTE_PHONE}\n"
       f"4,同じ意見です {DUPLICATE_PHONE},60代,\n"
       f"4,同じ意見です {DUPLICATE_PHONE},60代,\n").encode("utf-8")


def store_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


@pytest.fixture()
def imported(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as store:
        result = Workspace(store, LOCAL_STAFF).import_file("d", CSV, "a.csv", ColumnChoice(text=("意見",), id="id",
                                                                                       attributes=("年代", "連絡先")))
        yield store, result.dataset_id, path


def test_purging_removes_every_original_from_the_store_files(imported):
    store, dataset, path = imported
    before = store_bytes(path)
    assert PHONE.encode() in before and EMAIL.encode() in before and ATTRIBUTE_PHONE.encode() in before
    assert store.load_dropped(dataset)["text"].notna().any()
    done = Workspace(store, LOCAL_STAFF).purge_originals(dataset)
    assert done["answers"] == 3 and done["findings"] >= 3 and done["dropped"] >= 1
    files = store_bytes(path)  # the database, its write-ahead log and shared memory
    assert [o for o in (PHONE, EMAIL, DUPLICATE_PHONE, ATTRIBUTE_PHONE) if o.encode() in files] == []
    assert store.originals_left(dataset) == 0


def test_purging_keeps_the_masked_texts_and_the_kinds_of_findings(imported):
    store, dataset, _ = imported
    masked_before = store.load_answers(dataset)["text"].tolist()
    kinds_before = store.list_findings(dataset)["kind"].tolist()
    Workspace(store, LOCAL_STAFF).purge_originals(dataset)
    assert store.load_answers(dataset)["text"].tolist() == masked_before
    findings = store.list_findings(dataset)
    assert findings["kind"].tolist() == kinds_before and (findings["original"] == "").all()
    dropped = store.load_dropped(dataset)
    assert dropped["text"].isna().all() and dropped["reason"].tolist()  # reasons and counts stay
    assert store.originals_left(dataset) == 0  # nothing left that a later masking could read


def test_purging_is_logged_and_only_staff_may_do_it(imported):
    store, dataset, _ = imported
    with pytest.raises(AccessDenied):
        Workspace(store, User("委員", "committee", "password")).purge_originals(dataset)
    Workspace(store, LOCAL_STAFF).purge_originals(dataset)
    log = store.audit_log(dataset)
    assert log["action"].tolist()[-2:] == ["denied", "purge_originals"]
    assert log["detail"].iloc[-1]["answers"] == 3 and log["user"].iloc[-1] == LOCAL_STAFF.name


def test_the_cli_purges_with_yes_and_refuses_without_a_prompt(imported, capsys):
    store, dataset, path = imported
    assert main(["purge-originals", "--dataset", "d", "--db", str(path)]) == 2  # no terminal to ask on
    assert "--yes" in capsys.readouterr().err and store.originals_left(dataset) > 0
    assert main(["purge-originals", "--dataset", "d", "--db", str(path), "--yes"]) == 0
    assert store.originals_left(dataset) == 0
    assert "(cli)" in store.audit_log(dataset)["user"].iloc[-1]
    assert main(["purge-originals", "--dataset", "nope", "--db", str(path), "--yes"]) == 2
