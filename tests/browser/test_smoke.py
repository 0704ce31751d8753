"""One real-browser smoke test: streamlit run + headless Chromium.

Upload a sample survey on the Data page, import and analyse it, open the opinion
map and take screenshots. Needs Debian's `chromium` and `fonts-noto-cjk`, which
`make test` installs; the screenshots land in $LISTENING_SCREENSHOTS (default: the
test's tmp folder) so a person can look at them.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import time
from pathlib import Path

import pytest

from tests.browser.conftest import streamlit_server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium (make test installs it with fonts-noto-cjk)"
)


def _survey_slice(rows: int = 200) -> bytes:
    """The first respondents of the sample survey, still a CP932 export with CRLF."""
    text = (ROOT / "sample_data" / "survey_ja.csv").read_bytes().decode("cp932")
    records = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(records[: rows + 1])
    return out.getvalue().encode("cp932")


@pytest.fixture()
def server(tmp_path):
    with streamlit_server("app.py", tmp_path / "streamlit.log", LISTENING_DB=str(tmp_path / "browser.db")) as port:
        yield f"http://127.0.0.1:{port}"


def test_upload_a_survey_and_see_the_map(server, tmp_path):
    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("LISTENING_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    survey = tmp_path / "survey_ja.csv"
    survey.write_bytes(_survey_slice())

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-dev-shm-usage", "--disable-component-update", "--no-first-run"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            # A direct link as a fresh server's first request still goes through the router.
            page.goto(f"{server}/crosstabs", wait_until="networkidle")
            page.get_by_text("言語 / 언어 / Language").first.wait_for(timeout=30_000)
            page.goto(f"{server}/data", wait_until="networkidle")
            page.locator('input[type="file"]').first.set_input_files(str(survey))
            page.get_by_role("button", name="取り込んで分析する").click(timeout=60_000)
            page.get_by_text("取り込みの結果").first.wait_for(timeout=240_000)
            page.screenshot(path=str(shots / "data_page.png"), full_page=True)

            page.get_by_role("link", name="意見マップ").first.click()
            page.locator(".vega-embed canvas, .vega-embed svg").first.wait_for(timeout=60_000)
            time.sleep(1.0)  # let the chart finish drawing before the picture
            page.screenshot(path=str(shots / "map_page.png"), full_page=True)
            body = page.inner_text("body")
            url = page.url

            # A reload (a new session) lands on the same dataset and analysis via the URL.
            again = browser.new_page(viewport={"width": 1400, "height": 1000})
            again.goto(url, wait_until="networkidle")
            again.locator(".vega-embed canvas, .vega-embed svg").first.wait_for(timeout=60_000)
            reloaded = again.inner_text("body")

            # The public report: build it, download it, and it opens offline with the map inside.
            page.get_by_role("link", name="エクスポート").first.click()
            page.get_by_role("button", name="資料を作る").click(timeout=60_000)
            with page.expect_download(timeout=120_000) as download:
                page.get_by_role("button", name="報告書（HTML）").click(timeout=120_000)
            report = tmp_path / "report.html"
            download.value.save_as(report)
            suggested = download.value.suggested_filename
            page.screenshot(path=str(shots / "export_page.png"), full_page=True)
            offline = browser.new_context(offline=True).new_page()
            requests = []
            offline.on("request", lambda r: requests.append(r.url))
            offline.goto(report.as_uri())
            report_text = offline.inner_text("body")
            map_marks = offline.locator("#map svg path").count()
        finally:
            browser.close()

    assert "意見マップ" in body
    assert "テーマ" in body
    assert "dataset=" in url and "run=" in url
    assert "テーマ" in reloaded and "まだ分析されていません" not in reloaded
    assert (shots / "map_page.png").stat().st_size > 20_000
    assert suggested == "public_report.html"
    assert "公開版" in report_text and "意見マップ" in report_text
    assert map_marks > 100
    assert requests == [report.as_uri()]  # nothing but the file itself
