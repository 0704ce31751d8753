"""A staff member's and a committee member's walk through the app in Chromium, on real monthly files.

Starts ``streamlit run serve.py`` on an empty temporary store, and in headless Chromium:
imports the first Fukui monthly survey export (90 columns, 7 free-text questions, no
district column) on the Data page, adds the next month as a second wave of the open
dataset, then opens the map (and searches a keyword), the crosstabs by question and by
age group, the district profile, the waves, the briefing, the export (builds the public
files) and the audit log, in Japanese and in Korean. Prints the seconds each step took
(what a person waits) and writes a full-page screenshot of each to --shots, to be looked at.

Needs Debian's chromium and fonts-noto-cjk (``make browser-deps``) and the public data
(LISTENING_BENCH_DATA, default ../shared/data).

    .venv/bin/python bench/walkthrough.py --shots /tmp/walk
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import DATA, REPO, format_table, require

MONTHS = ("202501", "202502")
ATTRIBUTES = ("回答エリア", "都道府県", "同行者")  # what staff add to the guessed 性別 and 年代
KEYWORD = "駐車場"
WIDE = {"width": 1400, "height": 2600}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _settle(page, extra: float = 1.5) -> None:
    """Wait until Streamlit has finished the script run (no spinner, no running status)."""
    time.sleep(0.5)
    for _ in range(1200):
        if not page.locator('[data-testid="stStatusWidget"], [data-testid="stSpinner"]').count():
            break
        time.sleep(0.25)
    time.sleep(extra)


def _import(page, base: str, month: str, query: str = "") -> None:
    page.goto(f"{base}/data{query}", wait_until="networkidle")
    page.locator("h1").first.wait_for(timeout=120_000)
    _settle(page)
    page.locator('input[type="file"]').first.set_input_files(str(require(DATA / "fukui_survey" / f"{month}.csv")))
    _settle(page, 3)
    box = page.locator('[data-testid="stMultiSelect"]').nth(1)  # the attribute columns
    for name in ATTRIBUTES:
        if name not in box.inner_text():
            box.locator("input").click()
            box.locator("input").fill(name)
            page.keyboard.press("Enter")
            _settle(page, 1)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="取り込んで分析する").click(timeout=60_000)
    page.get_by_text("取り込みの結果").first.wait_for(timeout=900_000)
    _settle(page, 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shots", default=None, help="folder for the screenshots (default: a temporary folder)")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("needs Debian's chromium and fonts-noto-cjk (make browser-deps)")
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="walk-"))
    shots = Path(args.shots or work / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    port = _port()
    env = dict(os.environ, LISTENING_DB=str(work / "walk.db"), LISTENING_USERS=str(work / "no-users.toml"))
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "serve.py", "--server.headless=true",
                               "--server.address=127.0.0.1", f"--server.port={port}",
                               "--browser.gatherUsageStats=false"], cwd=REPO, env=env,
                              stdout=open(work / "server.log", "wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    rows: list[list] = []
    try:
        for _ in range(120):
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True,
                                        args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
            page = browser.new_page(viewport=WIDE)

            def step(name: str, action) -> None:
                start = time.perf_counter()
                action()
                seconds = time.perf_counter() - start
                page.screenshot(path=str(shots / f"{len(rows) + 1:02d}_{name}.png"), full_page=True)
                text = page.inner_text('[data-testid="stMain"]')
                rows.append([name, f"{seconds:.1f}", "Traceback" in text or "Error" in text])

            step("import_first_month", lambda: _import(page, base, MONTHS[0]))
            query = page.url.split("?", 1)[1] if "?" in page.url else ""
            step("import_second_month_as_a_wave", lambda: _import(page, base, MONTHS[1], f"?{query}"))
            query = page.url.split("?", 1)[1]
            for lang in ("ja", "ko"):
                q = "?" + "&".join(part for part in query.split("&") if not part.startswith("lang=")) + f"&lang={lang}"

                def visit(path: str, then=None) -> None:
                    page.goto(f"{base}/{path}{q}", wait_until="networkidle")
                    page.locator("h1").first.wait_for(timeout=120_000)
                    _settle(page)
                    if then:
                        then()

                def search() -> None:
                    page.locator(".st-key-map_search input").fill(KEYWORD)
                    page.locator(".st-key-map_search input").press("Enter")
                    _settle(page, 2)

                def by_age() -> None:
                    page.locator(".st-key-crosstabs_attribute").click()
                    page.get_by_role("option", name="年代", exact=True).click()
                    _settle(page, 2)

                def build() -> None:
                    page.locator(".st-key-export_build button").click(timeout=60_000)
                    page.locator('[data-testid="stDownloadButton"]').first.wait_for(timeout=600_000)
                    _settle(page, 2)

                step(f"{lang}_map", lambda: visit("map"))
                step(f"{lang}_map_search", search)
                step(f"{lang}_crosstabs_by_question", lambda: visit("crosstabs"))
                step(f"{lang}_crosstabs_by_age", by_age)
                step(f"{lang}_district", lambda: visit("district"))
                step(f"{lang}_waves", lambda: visit("waves"))
                step(f"{lang}_briefing", lambda: visit("briefing"))
                step(f"{lang}_export", lambda: visit("export", build))
                step(f"{lang}_audit", lambda: visit("audit"))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(format_table(["step", "seconds", "error on page"], rows))
    print(f"screenshots: {shots}")
    return 1 if any(r[2] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
