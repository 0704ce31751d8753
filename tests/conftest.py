"""Shared fixtures: sample-data slices, the bundled embedder and one analysed store.

Analyses are the slow part of the suite (embedding, and UMAP compiling in its worker
process the first time), so one Japanese analysis is built per session and every
test that only reads it shares it. Tests that change a store build their own.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

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
    """One analysed Japanese store for the whole session; tests must not remove data from it."""
    result = build_ja_store(tmp_path_factory.mktemp("ja_store") / "listening.db", use_embedder)
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
