"""Server time of the app's pages on a large analysis (AppTest, no browser).

Builds a synthetic survey of --n answers (default 10,000; see speed.py), analyses it
once into a temporary store, then times what a committee member does: open each
page, change a map filter, search, switch the crosstab attribute. Target: every
interaction after the first page load under 1 s of server time.

    .venv/bin/python bench/app_speed.py --n 10000
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, format_table
from speed import write_survey

TARGET_S = 1.0


def timed_run(at) -> float:
    start = time.perf_counter()
    at.run()
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="answers in the synthetic survey")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from streamlit.testing.v1 import AppTest

    from listening.analysis import ColumnChoice, analyze, import_file
    from listening.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        survey = Path(tmp) / "survey.csv"
        write_survey(survey, args.n, seed=0)
        db = Path(tmp) / "app.db"
        start = time.perf_counter()
        with Store(db) as store:
            imported = import_file(store, "bench", survey.read_bytes(), survey.name,
                                   ColumnChoice(("回答",), None, ("年代", "性別", "校区")))
            analyze(store, imported.dataset_id)
        print(f"{args.n} answers analysed in {time.perf_counter() - start:.1f} s (setup, not timed below)")
        os.environ["LISTENING_DB"] = str(db)
        os.chdir(REPO)
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
        rows = []

        def measure(what: str, action=None) -> None:
            if action is not None:
                action()
            seconds = timed_run(at)
            rows.append([what, f"{seconds:.2f}", "ok" if seconds <= TARGET_S else "slow"])

        measure("open the map page (first load: reads the run)")
        measure("map again (cached)")
        measure("map: filter 年代 = 30代", lambda: at.multiselect(key="map_attr_年代").set_value(["30代"]))
        measure("map: keyword search バス", lambda: at.text_input(key="map_search").set_value("バス"))
        for page in ("crosstabs", "district", "curate", "data", "map"):
            measure(f"switch to {page}", lambda page=page: at.switch_page(f"pages/{page}.py"))
        print(format_table(["interaction", "server s", f"≤ {TARGET_S:.0f} s"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
