"""The one string catalogue: every key in ja, ko and en, no area dropped or clashing, no key missing."""
from __future__ import annotations

import ast
import string
from pathlib import Path
from types import ModuleType

import pytest

from listening import i18n
from listening.i18n import LANGUAGES, STRINGS, t

ROOT = Path(__file__).resolve().parents[2]


def _fields(text: str) -> set[str]:
    return {f.split(":")[0].split("!")[0] for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_key_has_japanese_korean_and_english_text():
    assert len(STRINGS) > 600
    for key, entry in STRINGS.items():
        assert set(entry) == set(LANGUAGES), key
        assert all(isinstance(text, str) and text for text in entry.values()), key


def test_every_language_of_a_key_fills_the_same_placeholders():
    for key, entry in STRINGS.items():
        assert len({frozenset(_fields(text)) for text in entry.values()}) == 1, key


def test_every_area_file_is_merged_so_none_is_dropped():
    files = {p.stem for p in (ROOT / "listening" / "i18n").glob("*.py") if not p.stem.startswith("_")}
    assert {area.__name__.rsplit(".", 1)[1] for area in i18n.AREAS} == files
    for area in i18n.AREAS:
        assert area.STRINGS and all(STRINGS[key] == entry for key, entry in area.STRINGS.items()), area.__name__
    assert len(STRINGS) == sum(len(area.STRINGS) for area in i18n.AREAS)


def test_app_report_files_and_errors_share_one_catalogue():
    assert t("ja", "nav_map") == "意見マップ"  # a page title
    assert t("ko", "report_badge_public") == "공개용"  # the printed report
    assert t("en", "sheet.crosstab", attribute="Age") == "By Age"  # a workbook sheet
    assert t("ja", "error.empty_file") == "ファイルが空です。"  # a file error
    assert t("en", "edit_words.answers_many", n=4) == "4 answers"  # the curation log


def test_two_areas_with_one_key_stop_the_import():
    first, second = ModuleType("listening.i18n.first"), ModuleType("listening.i18n.second")
    first.STRINGS = {"same": {"ja": "あ", "ko": "아", "en": "a"}}
    second.STRINGS = {"same": {"ja": "い", "ko": "이", "en": "i"}}
    with pytest.raises(KeyError, match="second.*same"):
        i18n._merge((first, second))


def test_an_unknown_language_reads_english_and_an_unknown_key_raises():
    assert t("fr", "nav_map") == "Opinion map"
    with pytest.raises(KeyError):
        t("ja", "nav_no_such_page")


def _literal_keys(path: Path) -> list[tuple[str, int]]:
    """Keys passed as a literal to t(...): t("key") in the app, t(lang, "key") in the library."""
    keys = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "t":
            for arg in node.args[:2]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value not in LANGUAGES:
                    keys.append((arg.value, node.lineno))
    return keys


def test_every_key_the_code_asks_for_is_in_the_catalogue():
    files = [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("listening/**/*.py")]
    asked = [(f"{path.relative_to(ROOT)}:{line}", key) for path in files for key, line in _literal_keys(path)]
    assert len(asked) > 500
    assert [(where, key) for where, key in asked if key not in STRINGS] == []
