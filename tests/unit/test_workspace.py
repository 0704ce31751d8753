"""The front door: pages, ui/ and the CLI reach the store only through a Workspace, whose reads are role-checked
and whose typed edits are audited as the one generic edit was; read from the source, then tried on a store."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from listening.auth import AccessDenied, User
from listening.curation import curated_analysis
from listening.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
FRONT = [REPO / "app.py", *sorted((REPO / "pages").glob("*.py")), *sorted((REPO / "ui").rglob("*.py")),
         *sorted((REPO / "listening" / "cli").glob("*.py"))]
WORKSPACE = REPO / "listening" / "workspace"
# The app's one shared connection is opened here and handed to a Workspace per user; nowhere else.
CONNECTION = REPO / "ui" / "state.py"
STAFF, COMMITTEE = User("職員", "staff", "password"), User("委員", "committee", "password")


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _store_uses(path: Path) -> list[str]:
    """Each place the file imports the store package, names the Store class, reaches a ``store`` attribute
    (``state.store()``, ``ws.store``, ``ws._store``) or opens a connection of its own."""
    found = []
    for node in ast.walk(_tree(path)):
        where = f"{path.name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ImportFrom) and node.module and (
                node.module.startswith("listening.store")
                or (node.module == "listening" and any(a.name == "store" for a in node.names))):
            found.append(f"{where} imports {node.module}")
        elif isinstance(node, ast.Import) and any(a.name.startswith("listening.store") for a in node.names):
            found.append(f"{where} imports listening.store")
        elif isinstance(node, ast.Name) and node.id == "Store":
            found.append(f"{where} uses Store")
        elif isinstance(node, ast.Attribute) and node.attr in ("store", "_store"):
            found.append(f"{where} reaches .{node.attr}")
        elif isinstance(node, ast.Name) and node.id == "open_store" and path != CONNECTION:
            found.append(f"{where} opens a store of its own")
    return found


def _private_workspace_names() -> set[str]:
    """The _-prefixed methods and attributes the Workspace classes define."""
    names = set()
    for path in WORKSPACE.glob("*.py"):
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("_") and not node.name.startswith("__"):
                names.add(node.name)
            elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"
                  and node.attr.startswith("_") and not node.attr.startswith("__")):
                names.add(node.attr)
    return names


def test_pages_ui_and_the_cli_never_import_or_touch_the_store():
    assert len(FRONT) > 20  # the folders were found
    found = [use for path in FRONT for use in _store_uses(path)]
    assert found == []


def test_the_check_would_see_a_page_reaching_the_store(tmp_path):
    page = tmp_path / "page.py"
    page.write_text("from listening.store import Store\nfrom listening.workspace import open_store\n"
                    "from ui import state\nrows = state.store().counts()\nws = state.workspace()\n"
                    "ws._store.counts()\nStore(open_store)\n", encoding="utf-8")
    found = sorted(f.split(" ", 1)[1] for f in _store_uses(page))
    assert found == ["imports listening.store", "opens a store of its own", "reaches ._store", "reaches .store",
                     "uses Store"]


def test_no_code_outside_the_workspace_uses_its_private_methods():
    private = _private_workspace_names()
    assert {"_require", "_log", "_store"} <= private
    files = [p for folder in ("listening", "pages", "ui", "tests", "bench") for p in (REPO / folder).rglob("*.py")
             if WORKSPACE not in p.parents]
    found = []
    for path in [REPO / "app.py", *files]:
        for node in ast.walk(_tree(path)):
            if (isinstance(node, ast.Attribute) and node.attr in private
                    and not (isinstance(node.value, ast.Name) and node.value.id == "self")):
                found.append(f"{path.relative_to(REPO)}:{node.lineno} .{node.attr}")
    assert found == []


def test_the_workspace_hands_out_no_store():
    assert not any(name in ("store", "connection") for name in dir(Workspace))


# ---- on a real store ----------------------------------------------------------------------------


def test_committee_members_read_the_analysis_but_not_what_only_staff_may_see(copied):
    store, dataset, run = copied
    committee = Workspace(store, COMMITTEE)
    assert committee.datasets()["id"].tolist() == [dataset]
    assert committee.batches(dataset).equals(store.list_batches(dataset))
    assert committee.latest_run(dataset) == store.latest_run(dataset) >= run  # the session store may hold more runs
    assert committee.curated_analysis(run).answers.equals(curated_analysis(store, run).answers)
    assert "description" in committee.edit_history(run).columns and isinstance(committee.goals(dataset), list)
    for look in (committee.redactions, committee.findings, committee.dropped_rows, committee.audit_log):
        with pytest.raises(AccessDenied):
            look(dataset)
    log = store.audit_log()
    assert log["action"].tolist() == ["denied"] * 4  # reads are not logged, refusals are
    assert log["detail"].map(lambda d: d["permission"]).tolist() == ["review_personal_data"] * 3 + ["audit"]


def test_typed_edits_check_the_role_and_are_logged_as_the_generic_edit_was(copied):
    store, dataset, run = copied
    staff, committee = Workspace(store, STAFF), Workspace(store, COMMITTEE)
    analysis = staff.curated_analysis(run)
    topic = int(analysis.answers["topic"].value_counts().index[0])
    with pytest.raises(AccessDenied):
        committee.rename_cluster(run, "topic", topic, "名前")
    renamed = staff.rename_cluster(run, "topic", topic, "公園と遊び場")
    ids = analysis.answers.loc[analysis.answers["topic"] == topic, "answer_id"].astype(str).tolist()[:2]
    staff.exclude_answers(run, ids, "重複")
    staff.restore_answers(run, ids)
    split = staff.split_cluster(run, topic, 2)
    assert staff.undo(run) == split
    log = store.audit_log(dataset)
    assert log["action"].tolist() == ["denied", "rename_cluster", "exclude_answers", "restore_answers",
                                      "split_cluster", "undo"]
    assert log["detail"][1] == {"run": run, "edit": renamed, "args": ["topic", topic, "公園と遊び場"]}
    assert log["rows"].tolist()[2:4] == [2, 2] and log["detail"][2]["args"] == [ids, "重複"]
    assert log["detail"][4]["args"] == [topic, 2]  # the level only when it is not the default
    assert staff.edit_history(run)["op"].tolist() == ["rename", "exclude", "restore", "split"]
    assert staff.edits(run)["op"].tolist() == ["rename", "exclude", "restore"]  # undone: left out
