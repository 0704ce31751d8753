"""Hostile and broken files, imported into a store that already holds a good batch.

Each file either imports cleanly with every answer accounted for, or fails with
its own InputError code and a message in Japanese, Korean and English; nothing
else is ever raised, and a failure leaves the store exactly as it was.
"""
from __future__ import annotations

import hashlib
import re
import time
import unicodedata
from pathlib import PureWindowsPath

import pandas as pd
import pytest

from listening.analysis.pipeline import ColumnChoice, import_file
from listening.i18n import LANGUAGES, STRINGS
from listening.messages import describe_error
from listening.store import Store
from listening.types import InputError

from .corpus import build_corpus, list_cases, main

MESSAGES = {key.removeprefix("error."): entry for key, entry in STRINGS.items() if key.startswith("error.")}

CASES = list_cases()
DATASET = "既存の調査"
GOOD = "ID,意見,年代\r\n1,公園の遊具が古い,30代\r\n2,버스가 너무 적어요,40代\r\n".encode()
# Refused from the zip's directory alone: far quicker than unpacking hundreds of MB.
UNOPENED = {"xlsx_zip_bomb", "xlsx_lying_sizes"}
_CORE = ("pk", "answer_id", "respondent_id", "question", "source", "row", "text", "language",
         "text_hash", "batch_id")
_SCRIPT = {"ja": re.compile(r"[\u3040-\u30ff]"), "ko": re.compile(r"[\uac00-\ud7a3]")}


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    assert [c.name for c in build_corpus(folder)] == [c.name for c in CASES]
    return folder


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("store") / "hostile.db") as s:
        first = import_file(s, DATASET, GOOD, "good.csv",
                            ColumnChoice(text=("意見",), id="ID", attributes=("年代",)))
        yield s, first.batch_id


def _batch_answers(store: Store, batch_id: int) -> pd.DataFrame:
    """The good batch's answers with its own columns (later batches add attribute columns)."""
    answers = store.load_answers(store.dataset_id(DATASET))
    own = [c for c in answers.columns if c in _CORE or c == "年代"]
    return answers.loc[answers["batch_id"] == batch_id, own].reset_index(drop=True)


def test_corpus_is_large_and_covers_both_outcomes():
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)
    assert {c.expected for c in CASES} == {"imports", "error"}
    assert all((c.code is None) == (c.expected == "imports") for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_file_imports_cleanly_or_fails_with_its_code(case, corpus_dir, store, monkeypatch):
    s, good_batch = store
    for var, value in case.env:
        if value is None:
            monkeypatch.delenv(var, raising=False)
        else:
            monkeypatch.setenv(var, value)
    data = (corpus_dir / case.filename).read_bytes()
    counts, good = s.counts(), _batch_answers(s, good_batch)
    columns = ColumnChoice(text=case.text, id=case.id, attributes=case.attributes)
    start = time.perf_counter()
    try:
        result = import_file(s, DATASET, data, case.upload_name or case.filename, columns)
    except InputError as err:  # anything else fails the test as it is
        seconds = time.perf_counter() - start
        assert case.expected == "error", f"refused with {err.code}: {err}"
        assert err.code == case.code, str(err)
        _assert_described(err)
        assert s.counts() == counts
    else:
        seconds = time.perf_counter() - start
        assert case.expected == "imports", f"imported, expected {case.code}"
        _assert_imported(case, result, s)
    pd.testing.assert_frame_equal(_batch_answers(s, good_batch), good)
    assert seconds < (2.0 if case.name in UNOPENED else 15.0)


def _assert_described(err: InputError) -> None:
    assert err.file, "reader errors name the file"
    for lang in LANGUAGES:
        body = MESSAGES[err.code][lang].format(**err.params, message=err.message)
        line = describe_error(err, lang)
        assert line.endswith(body) and err.file in line
        if err.row is not None:
            assert str(err.row) in line
        if lang in _SCRIPT:
            assert _SCRIPT[lang].search(body), body


def _assert_imported(case, result, store: Store) -> None:
    answers = result.answers
    assert answers.n_in == len(answers.kept) + len(answers.dropped)
    batch = store.list_batches(result.dataset_id).set_index("id").loc[result.batch_id]
    assert (batch["n_in"], batch["n_kept"], batch["n_dropped"]) == (
        answers.n_in, len(answers.kept), len(answers.dropped))
    if case.kept is not None:
        assert len(answers.kept) == case.kept
    for reason, n in case.dropped.items():
        assert answers.drop_counts().get(reason) == n
    texts = answers.kept["text"].tolist()
    if case.contains is not None:
        assert any(case.contains in t for t in texts), texts[:5]
    assert not [t for t in texts if any(unicodedata.category(ch) == "Cc" for ch in t)]
    assert result.table.filename == PureWindowsPath(case.upload_name or case.filename).name


def test_the_corpus_is_the_same_bytes_every_time(tmp_path):
    # The three big cases are left out: they take most of the build time.
    small = {c.name for c in CASES} - {"xlsx_zip_bomb", "one_million_rows", "over_default_size_limit"}

    def digests(folder):
        return {c.filename: hashlib.sha256((folder / c.filename).read_bytes()).hexdigest()
                for c in build_corpus(folder, only=small)}

    assert digests(tmp_path / "a") == digests(tmp_path / "b")


def test_command_line_needs_an_output_folder(capsys):
    assert main([]) == 2
    assert "usage" in capsys.readouterr().err
