"""Everything the app, the CLI and the benchmarks read from the environment, in one typed table.

Each ``Setting`` names its environment variable, its default and what it is for, in one
line; README.md ("Settings") lists every one of them (tests/unit/test_config.py checks).
Values are read when asked for, not at import, so a test or a restarted server sees the
environment as it is then. A value that does not parse (a typo in a limit) falls back to
the default rather than taking uploads down; an empty value counts as unset.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

_REPO = Path(__file__).resolve().parents[1]


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise ValueError(f"{text} is not a positive number")
    return value


@dataclass(frozen=True)
class Setting:
    """One environment variable: ``name``, ``default`` (as documented), ``description`` (one line)."""

    name: str
    default: object
    description: str
    parse: Callable[[str], object] = str

    def is_set(self) -> bool:
        return bool(os.environ.get(self.name, "").strip())

    def value(self):
        if not self.is_set():
            return self.default
        raw = os.environ[self.name]
        try:
            return self.parse(raw)
        except ValueError:
            return self.default


STORE = Setting("LISTENING_DB", "listening_data/listening.db",
                "the SQLite store the app and the CLI share (a file path or sqlite:///PATH)")
USERS = Setting("LISTENING_USERS", "listening_data/users.toml",
                "the local users file; once it exists the app asks for a sign-in")
MAX_UPLOAD_MB = Setting("LISTENING_MAX_UPLOAD_MB", 200,
                        "the largest file accepted, in megabytes (app uploads and the CLI)", _positive)
MAX_ROWS = Setting("LISTENING_MAX_ROWS", 500_000, "the most data rows one table may have", _positive)
NUMBA_CACHE = Setting("NUMBA_CACHE_DIR", "~/.cache/listening-numba",
                      "where UMAP's compiled code is kept between runs (numba's own variable)")
BENCH_DATA = Setting("LISTENING_BENCH_DATA", "../shared/data",
                     "the public datasets the benchmarks (bench/) read; by default the folder beside the "
                     "repository", Path)
BENCH_CACHE = Setting("LISTENING_BENCH_CACHE", "/tmp/listening-bench-cache",
                      "where the benchmarks keep embeddings between runs", Path)

SETTINGS: tuple[Setting, ...] = (STORE, USERS, MAX_UPLOAD_MB, MAX_ROWS, NUMBA_CACHE, BENCH_DATA, BENCH_CACHE)


def store_path() -> str:
    """The store the app and the CLI share."""
    return str(STORE.value())


def users_file() -> Path:
    return Path(USERS.value())


def max_upload_bytes() -> int:
    return int(float(MAX_UPLOAD_MB.value()) * 1_000_000)


def max_rows() -> int:
    return int(MAX_ROWS.value())


def numba_cache_dir() -> str:
    return os.path.expanduser(str(NUMBA_CACHE.value()))


def use_numba_cache() -> None:
    """Point numba at ``numba_cache_dir`` unless the environment already names a folder."""
    os.environ.setdefault(NUMBA_CACHE.name, numba_cache_dir())


def bench_data_dir() -> Path:
    return Path(BENCH_DATA.value()) if BENCH_DATA.is_set() else _REPO.parent / "shared" / "data"


def bench_cache_dir() -> Path:
    return Path(BENCH_CACHE.value())
