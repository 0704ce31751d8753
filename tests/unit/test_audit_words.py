"""The audit log as staff read it: actions in the reader's language, details as phrases, local times, no "None"."""
from __future__ import annotations

import ast
from datetime import timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from listening.auth import User
from listening.i18n import STRINGS
from listening.store import Store
from listening.views import audit_in_words, display_zone, local_time, zone_name
from listening.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
STAFF = User("職員", "staff", "password")


def _logged_actions() -> set[str]:
    """Every action name a Workspace writes to the log (literal first argument of self._log)."""
    actions = set()
    for path in (REPO / "listening" / "workspace").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "_log" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                actions.add(node.args[0].value)
    return actions


def test_every_action_the_workspace_logs_and_every_edit_has_words():
    from listening.curation import edits

    actions = _logged_actions() | {name for name in dir(edits) if f"audit_action.{name}" in STRINGS}
    assert {"upload", "analyze", "view_personal_data", "denied", "export"} <= actions
    edit_names = {"rename_cluster", "merge_clusters", "split_cluster", "move_answers", "move_topic",
                  "exclude_answers", "restore_answers", "new_topic"}
    assert [a for a in sorted(actions | edit_names) if f"audit_action.{a}" not in STRINGS] == []


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "audit.db") as opened:
        yield opened


def test_entries_read_in_japanese_and_korean_without_codes_or_none(store):
    store.log("職員", "staff", "view_personal_data", None, 12)
    store.log("委員", "committee", "denied", None, None, permission="audit")
    store.log("職員", "staff", "export", None, 40, run=3, audience="public", language="ko",
              topics=[4, 9, 2], crosstabs=["年代"])
    store.log("職員", "staff", "upload", None, 100, file="10月.csv", batch=1, answers_in=140,
              dropped={"empty": 40, "too_short": 0}, reused=False)
    ja = audit_in_words(store.audit_log(), "ja", zone=timezone.utc)
    assert ja["action"].tolist() == ["個人情報の確認", "権限のない操作（拒否）", "資料の作成", "ファイルの読み込み"]
    assert ja["detail"].tolist() == [
        "", "しようとした操作: 操作記録の閲覧",
        "対象: 公開用、クロス集計: 年代、言語: 한국어、載せた小さな分類: 3 個",  # in the stored (sorted) order
        "ファイルの回答欄: 140、除いた理由: 空欄 40、ファイル: 10月.csv、前と同じ回答: いいえ",
    ]
    ko = audit_in_words(store.audit_log(), "ko", zone=timezone.utc)
    assert ko["action"].tolist()[:2] == ["개인정보 확인", "권한 없는 작업 (거부)"]
    assert ko["detail"][1] == "시도한 작업: 작업 기록 열람"
    for frame in (ja, ko):
        shown = frame.astype(str).to_string()
        assert "None" not in shown and "view_personal_data" not in shown and "args=" not in shown
        assert frame["rows"].isna().tolist() == [False, True, False, False]


def test_times_are_shown_in_the_configured_zone_with_its_name(monkeypatch):
    assert local_time("2026-10-31T15:30:00+00:00", ZoneInfo("Asia/Tokyo")) == "2026-11-01 00:30:00 JST"
    assert local_time("2026-10-31T15:30:00+00:00", ZoneInfo("Asia/Seoul")) == "2026-11-01 00:30:00 KST"
    monkeypatch.setenv("LISTENING_TIMEZONE", "Asia/Tokyo")
    assert zone_name() == "Asia/Tokyo" and local_time("2026-10-31T15:30:00Z").endswith("JST")
    monkeypatch.setenv("LISTENING_TIMEZONE", "Mars/Olympus")  # a typo falls back to the machine's zone
    assert display_zone() is not None and local_time("2026-10-31T15:30:00Z")


def test_an_edit_is_described_by_its_line_of_the_curation_log(copied):
    store, dataset, run = copied
    staff = Workspace(store, STAFF)
    analysis = staff.curated_analysis(run)
    theme = int(analysis.answers["theme"].value_counts().index[0])
    staff.rename_cluster(run, "theme", theme, "交通と移動")
    ja = staff.audit_log_in_words(dataset, "ja").iloc[-1]
    assert ja["action"] == "意見グループの名前を変更"
    assert ja["detail"] == f"大きな分類 {theme} の名前を『交通と移動』に変更"
    ko = staff.audit_log_in_words(dataset, "ko").iloc[-1]
    assert ko["action"] == "의견 그룹 이름 변경" and "'교통" not in ko["detail"] and "큰 분류" in ko["detail"]


def _logged_detail_names() -> set[str]:
    """Every detail name written to the log: keyword arguments of _log/log calls in the library."""
    names = set()
    for path in (REPO / "listening").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in ("_log", "log"):
                names |= {k.arg for k in node.keywords if k.arg}
    return names


def test_every_detail_the_log_holds_is_named_in_words_or_kept_out_as_an_internal_id():
    from listening.views.audit import _HIDDEN

    # Details passed as a dict: a release's, a sign-in's place, a purge's and a re-masking's counts.
    spread = {"release", "digest", "forced", "differences", "cells", "earlier", "address", "answers", "findings",
              "dropped", "changed"}
    names = _logged_detail_names() | spread
    assert {"file", "by", "weighted", "target"} <= names
    assert sorted(n for n in names if n not in _HIDDEN and f"audit_detail.{n}" not in STRINGS) == []
