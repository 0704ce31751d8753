"""Run every benchmark in turn, each in its own process, and print their figures.

    python bench/run_all.py                 # embed, cluster and goals quality, speed --n 10000
    python bench/run_all.py --only speed --n 100000

Quality figures are deterministic; speed figures only mean something on an idle machine.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = {
    "embed": "embed_quality.py",
    "cluster": "cluster_quality.py",
    "goals": "goals_quality.py",
    "speed": "speed.py",
    "micro": "micro.py",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", choices=tuple(SCRIPTS),
                        help="run only this benchmark (repeatable; default all, in the order above)")
    parser.add_argument("--n", type=int, default=10_000, help="answers for speed.py (default 10000)")
    args = parser.parse_args(argv)

    failed = []
    started = time.perf_counter()
    for name in args.only or tuple(SCRIPTS):
        command = [sys.executable, str(HERE / SCRIPTS[name])]
        if name == "speed":
            command += ["--n", str(args.n)]
        print(f"\n{'=' * 78}\n$ {' '.join(command[1:])}\n{'=' * 78}", flush=True)
        start = time.perf_counter()
        # Output streams straight through, so long runs show progress as they go.
        code = subprocess.run(command, cwd=HERE.parent).returncode
        print(f"-- {SCRIPTS[name]}: exit {code}, {time.perf_counter() - start:.0f} s", flush=True)
        if code != 0:
            failed.append(name)
    print(f"\nall benchmarks: {time.perf_counter() - started:.0f} s"
          + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
