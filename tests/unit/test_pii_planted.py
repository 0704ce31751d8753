"""The planted personal-data set: every kind, in every form residents write it, is masked."""
from __future__ import annotations

import csv
import importlib.util
import json
from collections import defaultdict
from pathlib import Path

import pytest

from listening.privacy import KINDS, mask_texts

PLANTED = Path(__file__).resolve().parents[1] / "pii_planted"


def _rows() -> list[dict]:
    with (PLANTED / "answers.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_committed_planted_set_is_what_its_generator_writes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("pii_planted_generate", PLANTED / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write(tmp_path)
    for name in ("answers.csv", "notes.md", "notes_secrets.json"):
        assert (tmp_path / name).read_bytes() == (PLANTED / name).read_bytes(), name


@pytest.fixture(scope="module")
def masked_rows() -> list[tuple[dict, str, list]]:
    rows = _rows()
    masked, found = mask_texts([r["text"] for r in rows], [r["language"] for r in rows])
    return list(zip(rows, masked, found))


def test_the_planted_set_covers_every_direct_kind_in_both_languages(masked_rows) -> None:
    kinds = {(r["language"], r["kind"]) for r, _, _ in masked_rows}
    direct = {k for _, k in kinds} - {"quasi", "none"}
    assert direct == set(KINDS)
    assert len(masked_rows) >= 600
    forms = {(r["kind"], r["form"]) for r, _, _ in masked_rows}
    assert len(forms) >= 60


def test_every_planted_identifier_is_masked_and_every_planted_number_stays(masked_rows) -> None:
    missed: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for row, masked, _ in masked_rows:
        secrets, keep = json.loads(row["secrets"]), json.loads(row["keep"])
        if any(s in masked for s in secrets) or any(k not in masked for k in keep):
            missed[(row["language"], row["kind"], row["form"])].append(f"{row['text']} -> {masked}")
    assert not missed, dict(missed)


def test_planted_identifiers_are_found_as_their_own_kind(masked_rows) -> None:
    wrong = [(r["kind"], r["text"], [f.kind for f in found]) for r, _, found in masked_rows
             if r["kind"] in KINDS and r["kind"] not in {f.kind for f in found}]
    assert not wrong
