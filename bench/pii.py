"""Personal data: recall per kind on the planted set, every kind in every public file, and
precision on the real Fukui answers, before (the detector of ``--before-ref``) and after.

1. Planted set (tests/pii_planted/answers.csv, 690 ja/ko answers written by this project,
   every direct kind in several forms, plus quasi-identifiers and answers that must stay):
   per kind and language, the share of answers whose identifier no longer appears after
   masking, and every form below 100 %.
2. The real public export: ``python -m listening analyze`` on the planted answers and the
   planted hearing notes (names and phones in titles and header lines), then
   ``python -m listening export --public``; every planted identifier is looked for in
   answers_bom.csv, summary.xlsx (every cell), export.json and report.html.
3. The Fukui visitor survey (../shared/data/fukui_survey/, free-text answers): what each
   detector finds there, each finding labelled by hand in bench/pii_fukui_labels.csv
   (person / public_figure / not_person); precision, and the false positives with counts.

    python bench/pii.py
    python bench/pii.py --skip-export --before-ref 07499df
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from common import REPO, fukui_answers, format_table

PLANTED = REPO / "tests" / "pii_planted"
LABELS = Path(__file__).resolve().parent / "pii_fukui_labels.csv"
BASE_REF = "07499df"  # the last commit before this work: main's detector


def load_before(ref: str):
    """The masking module as it was at ``ref`` (its own file, importing today's tokenizer)."""
    source = subprocess.run(["git", "-C", str(REPO), "show", f"{ref}:listening/privacy/detect.py"],
                            capture_output=True, text=True, check=True).stdout
    path = Path(tempfile.mkdtemp()) / "detect_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("detect_before", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def planted_rows() -> list[dict]:
    with (PLANTED / "answers.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def planted_recall(rows: list[dict], detectors: dict) -> None:
    print("\n## 1. Planted set: identifiers gone after masking, per kind (answers)")
    texts, langs = [r["text"] for r in rows], [r["language"] for r in rows]
    results = {}
    for name, mask_texts in detectors.items():
        mask_texts(["田中さんに電話", "김민수 씨에게 전화"], ["ja", "ko"])  # load both analysers before timing
        start = time.perf_counter()
        masked, _ = mask_texts(texts, langs)
        print(f"{name}: {len(texts)} answers masked in {time.perf_counter() - start:.1f} s")
        results[name] = masked
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[(r["kind"], r["language"])].append(i)
    table = []
    for (kind, lang), idx in sorted(groups.items()):
        row = [kind, lang, len(idx)]
        for name in detectors:
            ok = sum(_clean(rows[i], results[name][i]) for i in idx)
            row.append(f"{ok}/{len(idx)} ({ok / len(idx):.0%})")
        table.append(row)
    print(format_table(["kind", "lang", "answers", *detectors], table))
    print("(quasi: the name after a role is masked, the birth date and the role at a place stay for review;"
          " none: answers that must stay exactly as written)")
    last = list(detectors)[-1]
    below = Counter((rows[i]["kind"], rows[i]["language"], rows[i]["form"]) for i in range(len(rows))
                    if not _clean(rows[i], results[last][i]))
    print(f"forms below 100 % with {last}: " + (", ".join(f"{k} {lg} {f} ({n})" for (k, lg, f), n in below.items())
                                                   or "none"))


def _clean(row: dict, masked: str) -> bool:
    secrets, keep = json.loads(row["secrets"]), json.loads(row["keep"])
    if row["kind"] == "none":
        return masked == row["text"]
    return not any(s in masked for s in secrets) and all(k in masked for k in keep)


def _leaks(secrets: list[str], text: str) -> bool:
    """Any secret in ``text``, in either width (the store keeps text NFKC-normalised), as a whole
    token: a 5-digit postal code inside a map coordinate or a hash is no leak."""
    for secret in secrets:
        for variant in {secret, unicodedata.normalize("NFKC", secret)}:
            if re.search(rf"(?<![0-9A-Za-z.]){re.escape(variant)}(?![0-9A-Za-z])", text):
                return True
    return False


def public_files(rows: list[dict], work: Path) -> None:
    import openpyxl

    print("\n## 2. The real public export (python -m listening analyze, then export --public)")
    db, out, public = work / "pii.db", work / "internal", work / "public"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    analyze = [sys.executable, "-m", "listening", "analyze", str(PLANTED / "answers.csv"), str(PLANTED / "notes.md"),
               "--text", "text", "--id", "id", "--attr", "年代", "--attr", "地区", "--dataset", "planted",
               "--out", str(out), "--db", str(db)]
    export = [sys.executable, "-m", "listening", "export", "--dataset", "planted", "--public", "--out", str(public),
              "--db", str(db)]
    for command in (analyze, export):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
        print(f"{' '.join(command[2:4])}: exit {done.returncode} in {time.perf_counter() - start:.0f} s")
        if done.returncode:
            print(done.stderr[-2000:])
            return
    files = {
        "answers_bom.csv": (public / "answers_bom.csv").read_text(encoding="utf-8-sig"),
        "summary.xlsx": "\n".join(str(c.value) for sheet in openpyxl.load_workbook(public / "summary.xlsx").worksheets
                                  for row in sheet.iter_rows() for c in row if c.value is not None),
        "export.json": json.dumps(json.loads((public / "export.json").read_text(encoding="utf-8")), ensure_ascii=False),
        "report.html": (public / "report.html").read_text(encoding="utf-8"),
    }
    kinds: dict[str, list[list[str]]] = defaultdict(list)
    for r in rows:
        if json.loads(r["secrets"]):
            kinds[r["kind"]].append(json.loads(r["secrets"]))
    kinds["note headers (attributes)"] = [[s] for s in json.loads((PLANTED / "notes_secrets.json").read_text("utf-8"))]
    table = []
    for kind, secret_lists in sorted(kinds.items()):
        leaks = {name: sum(_leaks(secrets, text) for secrets in secret_lists) for name, text in files.items()}
        masked_everywhere = sum(not any(_leaks(secrets, text) for text in files.values()) for secrets in secret_lists)
        table.append([kind, len(secret_lists), f"{masked_everywhere}/{len(secret_lists)}",
                      *[leaks[name] for name in files]])
    print(format_table(["kind", "planted", "masked in all files", *[f"leaks {n}" for n in files]], table))
    kept = sum(all(k in files["answers_bom.csv"] for k in json.loads(r["keep"])) for r in rows if r["kind"] != "quasi")
    print(f"numbers that must stay (3番のバス, 2025年4月, 1,000円, 第2小学校, 국도 3호선 ...) still in answers_bom.csv: "
          f"{kept}/{sum(r['kind'] != 'quasi' for r in rows)} answers")


def fukui_precision(detectors: dict) -> None:
    print("\n## 3. Fukui visitor survey: precision of what is found (hand-labelled)")
    answers, n_in, files = fukui_answers()
    texts, langs = answers["text"].tolist(), answers["language"].tolist()
    labels = {}
    with LABELS.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            labels[(r["kind"], r["original"])] = (r["label"], r["note"])
    print(f"{len(texts)} free-text answers ({', '.join(files)}; {n_in} cells read)")
    summary, lists = [], {}
    for name, mask_texts in detectors.items():
        start = time.perf_counter()
        _, found = mask_texts(texts, langs)
        seconds = time.perf_counter() - start
        counts = Counter((f.kind, f.original) for items in found for f in items)
        by_label = Counter()
        for key, n in counts.items():
            by_label[labels.get(key, ("unlabelled", ""))[0]] += n
        total = sum(counts.values())
        summary.append([name, total, by_label["person"], by_label["public_figure"], by_label["not_person"],
                        by_label["unlabelled"], _ratio(by_label["person"], total - by_label["unlabelled"]),
                        _ratio(by_label["person"] + by_label["public_figure"], total - by_label["unlabelled"]),
                        f"{len(texts) / seconds:.0f}/s"])
        lists[name] = counts
    print(format_table(["detector", "findings", "person", "public figure", "not a person", "unlabelled",
                        "precision", "precision (public figures count)", "speed"], summary))
    for name, counts in lists.items():
        print(f"\nfalse positives with {name} (not a person, or a public figure), with counts:")
        rows = [[kind, original, n, *labels.get((kind, original), ("unlabelled", "label it in " + LABELS.name))]
                for (kind, original), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
                if labels.get((kind, original), ("unlabelled",))[0] != "person"]
        print(format_table(["kind", "found", "count", "label", "note"], rows) if rows else "none")


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before-ref", default=BASE_REF, help="git revision of the detector to compare with")
    parser.add_argument("--skip-export", action="store_true", help="skip the analysis and the public export")
    parser.add_argument("--skip-fukui", action="store_true", help="skip the real answers")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from listening.privacy import mask_texts

    print(f"load average {os.getloadavg()[0]:.1f} (2 cores shared)")
    before = load_before(args.before_ref)
    detectors = {f"before ({args.before_ref})": before.mask_texts, "after": mask_texts}
    rows = planted_rows()
    planted_recall(rows, detectors)
    if not args.skip_export:
        with tempfile.TemporaryDirectory() as work:
            public_files(rows, Path(work))
    if not args.skip_fukui:
        fukui_precision(detectors)


if __name__ == "__main__":
    main()
