"""Settings from the environment: one typed table, each documented in the README, read nowhere else."""
from __future__ import annotations

import re
from pathlib import Path

from listening import config
from listening.auth import users_path
from listening.cli import default_db
from listening.ingest.read import max_table_rows, max_upload_bytes

REPO = Path(__file__).resolve().parents[2]


def _readme_settings() -> dict[str, tuple[str, str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([A-Z_]+)` \| `([^`]*)` \| (.+?) \|$", section, flags=re.M)
    return {name: (default, description) for name, default, description in rows}


def test_every_setting_is_documented_in_the_readme_with_its_default_and_description():
    documented = _readme_settings()
    assert set(documented) == {s.name for s in config.SETTINGS}, "README Settings and listening/config.py differ"
    for setting in config.SETTINGS:
        default, description = documented[setting.name]
        assert default == str(setting.default), setting.name
        assert description == setting.description, setting.name


def test_nothing_outside_the_config_module_reads_the_environment():
    reads = re.compile(r"os\.environ\.get\(|os\.getenv\(|os\.environ\[")
    offenders = []
    for folder in ("listening", "ui", "pages"):
        for path in sorted((REPO / folder).rglob("*.py")):
            if path != REPO / "listening" / "config.py" and reads.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(REPO)))
    if reads.search((REPO / "app.py").read_text(encoding="utf-8")):
        offenders.append("app.py")
    assert offenders == []


def test_store_users_and_limits_come_from_the_environment(monkeypatch, tmp_path):
    for setting in config.SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)
    assert default_db() == "listening_data/listening.db"
    assert users_path() == Path("listening_data/users.toml")
    assert (max_upload_bytes(), max_table_rows()) == (200_000_000, 500_000)
    monkeypatch.setenv("LISTENING_DB", str(tmp_path / "a.db"))
    monkeypatch.setenv("LISTENING_USERS", str(tmp_path / "u.toml"))
    monkeypatch.setenv("LISTENING_MAX_UPLOAD_MB", "1.5")
    monkeypatch.setenv("LISTENING_MAX_ROWS", "1000")
    assert default_db() == str(tmp_path / "a.db") and users_path() == tmp_path / "u.toml"
    assert (max_upload_bytes(), max_table_rows()) == (1_500_000, 1000)


def test_an_empty_or_mistyped_value_falls_back_to_the_default(monkeypatch):
    monkeypatch.setenv("LISTENING_DB", "  ")
    monkeypatch.setenv("LISTENING_MAX_ROWS", "many")
    assert default_db() == config.STORE.default and max_table_rows() == config.MAX_ROWS.default


def test_the_benchmark_data_is_beside_the_repository_unless_set(monkeypatch, tmp_path):
    monkeypatch.delenv("LISTENING_BENCH_DATA", raising=False)
    assert config.bench_data_dir() == REPO.parent / "shared" / "data"
    monkeypatch.setenv("LISTENING_BENCH_DATA", str(tmp_path))
    assert config.bench_data_dir() == tmp_path


def test_numba_keeps_a_cache_folder_the_environment_names(monkeypatch, tmp_path):
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    config.use_numba_cache()
    import os

    assert os.environ["NUMBA_CACHE_DIR"] == str(Path.home() / ".cache" / "listening-numba")
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path))
    config.use_numba_cache()
    assert os.environ["NUMBA_CACHE_DIR"] == str(tmp_path)
