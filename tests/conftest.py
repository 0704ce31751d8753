"""Shared fixtures: sample-data slices, the bundled embedder and one analysed store.

Analyses are the slow part of the suite (embedding, and UMAP compiling in its worker
process the first time), so one Japanese analysis is built per run and every test that
only reads it shares it. Under pytest-xdist the first worker that needs a shared store
builds it and the others wait for it and copy it (``built_once``). Tests that change a
store work on a copy; a test that must analyse a store of its own may seed that store's
embedding cache from a shared one (``seed_embeddings``), so that only what it tests runs.
"""
from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator

import pandas as pd
import pytest

from listening.analysis.pipeline import Analysis, ColumnChoice, ImportResult, analyze, import_file
from listening.embed import get_embedder
from listening.sample import SAMPLES
from listening.store import Store
from listening.types import AnalysisSettings

REPO = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO / "sample_data"
# The exports as the city office saves them: CP932 (ja) and CP949 (ko).
SAMPLE_ENCODING = {"ja": "cp932", "ko": "cp949"}
JA_NOTES = sorted((SAMPLE_DIR / "hearing_notes").glob("ja_*.md"))[:3]
JA_ROWS = 300


def survey_slice(language: str, n_rows: int) -> bytes:
    """The first ``n_rows`` respondents of the sample survey, as the same kind of CSV bytes.

    Parsed and written again rather than cut at line ends, because quoted cells hold
    line breaks.
    """
    encoding = SAMPLE_ENCODING[language]
    frame = pd.read_csv(SAMPLE_DIR / SAMPLES[language].survey, encoding=encoding, dtype=str,
                        keep_default_na=False)
    return frame.head(n_rows).to_csv(index=False, lineterminator="\r\n").encode(encoding)


@dataclass
class Analysed:
    """A store holding one imported dataset and its first analysis."""

    store: Store
    dataset_id: int
    imports: list[ImportResult]
    analysis: Analysis


def build_ja_store(path: Path, embedder, settings: AnalysisSettings = AnalysisSettings()) -> Analysed:
    """Import the Japanese slice (survey + 3 hearing notes) into a new store at ``path`` and
    analyse it. The caller closes ``result.store``."""
    store = Store(path)
    try:
        spec = SAMPLES["ja"]
        imports = [import_file(store, spec.dataset, survey_slice("ja", JA_ROWS), "survey_ja.csv", spec.columns)]
        for note in JA_NOTES:
            imports.append(import_file(store, spec.dataset, note.read_bytes(), note.name, ColumnChoice()))
        analysis = analyze(store, imports[0].dataset_id, settings, embedder=embedder)
    except BaseException:
        store.close()
        raise
    return Analysed(store, imports[0].dataset_id, imports, analysis)


# Files that keep one worker busy for minutes, handed out first. pytest-xdist (--dist loadfile)
# hands out whole files in order and by default puts the files with the most tests first, which
# left these (few tests each) to the end, running alone while the other worker sat idle.
LONG_FILES = ("browser/test_smoke.py", "trust/test_crash.py", "browser/test_sign_in_and_hosts.py",
              "trust/test_concurrency.py")


def pytest_configure(config):
    if hasattr(config.option, "loadscopereorder"):  # pytest-xdist: keep the order made below
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(config, items):
    def rank(item) -> int:
        path = item.nodeid.split("::", 1)[0].removeprefix("tests/")
        return LONG_FILES.index(path) if path in LONG_FILES else len(LONG_FILES)

    items.sort(key=rank)  # stable: every other file keeps its place


@contextmanager
def built_once(tmp_path_factory, name: str) -> Iterator[tuple[Path, bool]]:
    """``(folder, build)``: a folder every xdist worker of this run shares. Inside the block the
    caller builds into the folder when ``build`` is true (the first worker to arrive); the others
    wait on the lock until that build is done. A build that fails is tried again by the next one."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    folder, done = root / f"shared_{name}", root / f"shared_{name}.done"
    with open(root / f"shared_{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            build = not done.exists()
            if build:
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
            yield folder, build
            if build:
                done.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def seed_embeddings(target: Path, source: Path) -> int:
    """Copy the embedding cache of the store at ``source`` into the store at ``target`` (test
    setup: texts already embedded elsewhere in this run are not embedded again; any other text
    still is). Returns the number of vectors copied."""
    with Store(target):
        pass  # creates the schema in a new store
    conn = sqlite3.connect(target)
    try:
        conn.execute("ATTACH DATABASE ? AS seed", (str(source),))
        with conn:
            before = conn.total_changes
            conn.execute("INSERT OR IGNORE INTO embeddings SELECT * FROM seed.embeddings")
            copied = conn.total_changes - before
        conn.execute("DETACH DATABASE seed")
    finally:
        conn.close()
    return copied


def _full_ja_sample(path: Path) -> None:
    from listening.analysis.pipeline import analyze as analyze_store
    from listening.sample import load_sample

    with Store(path) as store:
        analyze_store(store, load_sample(store, "ja"))
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.fixture(scope="session")
def analysed_db(tmp_path_factory) -> Path:
    """A store holding the whole Japanese sample (survey + hearing notes), analysed once per run;
    tests copy it, never open it."""
    with built_once(tmp_path_factory, "ja_sample") as (folder, build):
        if build:
            _full_ja_sample(folder / "sample.db")
    return folder / "sample.db"


@pytest.fixture(scope="session")
def sample_slice() -> Callable[[str, int], bytes]:
    """``sample_slice(language, n_rows)`` -> CSV bytes of the first respondents."""
    return survey_slice


@pytest.fixture(scope="session")
def use_embedder():
    """The bundled USE model, loaded once for the session."""
    return get_embedder("use-multilingual-v3", threads=1)


@pytest.fixture(scope="session")
def ja_build():
    """``ja_build(path, embedder, settings)``: a fresh analysed Japanese store (caller closes it)."""
    return build_ja_store


@pytest.fixture(scope="session")
def ja_analysed(tmp_path_factory, use_embedder) -> Analysed:
    """One analysed Japanese store for the session (built once per run, then each worker opens its
    own copy with what the build returned); tests must not remove data from it."""
    with built_once(tmp_path_factory, "ja_slice") as (folder, build):
        if build:
            built = build_ja_store(folder / "listening.db", use_embedder)
            built.store.close()  # the last connection folds the write-ahead log into the file
            (folder / "built.pickle").write_bytes(pickle.dumps(replace(built, store=None)))
    path = tmp_path_factory.mktemp("ja_store") / "listening.db"
    shutil.copy(folder / "listening.db", path)
    result = replace(pickle.loads((folder / "built.pickle").read_bytes()), store=Store(path))
    yield result
    result.store.close()


@pytest.fixture()
def copied(ja_analysed, tmp_path):
    """A copy of the session's analysed Japanese store: (store, dataset id, run id); for tests that write."""
    ja_analysed.store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    source = Path(ja_analysed.store._conn.execute("PRAGMA database_list").fetchone()[2])
    shutil.copy(source, tmp_path / "copy.db")
    store = Store(tmp_path / "copy.db")
    yield store, ja_analysed.dataset_id, ja_analysed.analysis.run_id
    store.close()
