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
from urllib.parse import parse_qsl, urlencode, urlsplit

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


def _serve(tmp_path, **env):
    with streamlit_server("app.py", tmp_path / "streamlit.log", LISTENING_DB=str(tmp_path / "browser.db"), **env) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture()
def server(tmp_path):
    yield from _serve(tmp_path, LISTENING_USERS=str(tmp_path / "no-users.toml"))


@pytest.fixture()
def server_with_users(tmp_path):
    from listening.auth.users import set_user

    users = tmp_path / "users.toml"
    set_user("職員", "staff", "staff-password-1", users)
    set_user("委員", "committee", "committee-password-1", users)
    yield from _serve(tmp_path, LISTENING_USERS=str(users))


def _chromium(p):
    return p.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-dev-shm-usage", "--disable-component-update", "--no-first-run"],
    )


def _open(browser, address: str) -> dict:
    """Open an address in a new session; what a person sees once the page has a heading."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(address, wait_until="networkidle")
    page.locator("h1").first.wait_for(timeout=60_000)
    time.sleep(1.5)  # a "Page not found" dialog would have come by now
    seen = {"url": page.url, "h1": page.locator("h1").first.inner_text(), "body": page.inner_text("body"),
            "not_found": page.get_by_text("Page not found").count(),
            "menu": page.locator('[data-testid="stSidebarNav"]').all_inner_texts()}
    page.close()
    return seen


def test_upload_a_survey_and_see_the_map(server, tmp_path):
    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("LISTENING_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    survey = tmp_path / "survey_ja.csv"
    survey.write_bytes(_survey_slice())

    with sync_playwright() as p:
        browser = _chromium(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            # A direct link as a fresh server's first request still goes through the router.
            page.goto(f"{server}/crosstabs", wait_until="networkidle")
            page.get_by_text("言語 / 언어 / Language").first.wait_for(timeout=90_000)
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
            menu = page.locator('[data-testid="stSidebarNav"]').inner_text()

            # Every page opens from its own address (the map's too), with the dataset, analysis and
            # language of the URL, in a new session and without Streamlit's "Page not found".
            query = dict(parse_qsl(urlsplit(url).query), lang="ko")
            direct = {path: _open(browser, f"{server}/{path}?{urlencode(query)}") for path in ("", "map", "crosstabs", "briefing")}

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
    assert "大きな分類" in body
    assert "dataset=" in url and "run=" in url
    assert "大きな分類" in reloaded and "まだ分析されていません" not in reloaded
    assert "閲覧" in menu and "職員用" in menu  # the two sections of the navigation
    for path, heading in (("", "의견 지도"), ("map", "의견 지도"), ("crosstabs", "교차 분석"), ("briefing", "위원회 브리핑")):
        seen = direct[path]
        assert seen["not_found"] == 0, path
        assert seen["h1"] == heading, path
        assert urlsplit(seen["url"]).path == f"/{path or 'map'}"  # the bare address shows the map at /map
        assert dict(parse_qsl(urlsplit(seen["url"]).query)) == query, path
        assert "아직 분석되지 않았습니다" not in seen["body"], path
    assert (shots / "map_page.png").stat().st_size > 20_000
    assert suggested == "public_report.html"
    assert "公開版" in report_text and "意見マップ" in report_text
    assert map_marks > 100
    assert "주요 의견 그룹" in direct["briefing"]["body"]  # the briefing's themes, by name
    assert requests == [report.as_uri()]  # nothing but the file itself


def _sign_in(browser, address: str, name: str, password: str, lang: str) -> dict:
    """Follow a link, see the sign-in form (and no menu), sign in; what each step showed."""
    labels = {"ja": ("ユーザー名", "パスワード"), "ko": ("사용자 이름", "비밀번호")}[lang]
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(address, wait_until="networkidle")
    page.get_by_label(labels[1]).wait_for(timeout=60_000)
    time.sleep(1.5)
    before = {"menu": page.locator('[data-testid="stSidebarNav"]').count(),
              "sidebar": page.locator('[data-testid="stSidebar"]').inner_text(),
              "not_found": page.get_by_text("Page not found").count()}
    page.get_by_label(labels[0]).fill(name)
    page.get_by_label(labels[1]).fill(password)
    page.get_by_label(labels[1]).press("Enter")
    page.locator('[data-testid="stSidebarNav"]').wait_for(timeout=60_000)  # the menu comes with sign-in
    page.locator('[data-testid="stMain"] [data-testid="stVerticalBlock"] > div').nth(1).wait_for(timeout=60_000)
    # Every page, the bare address included (it hands over to /map), ends at its own address; wait for it
    # rather than for a fixed time, which a busy machine overruns.
    page.wait_for_function("() => location.pathname !== '/'", timeout=60_000)
    page.locator("h1").first.wait_for(timeout=60_000)
    # Until the page's script has run, the sign-in form can still be on the screen below the page's title.
    page.get_by_label(labels[1]).wait_for(state="detached", timeout=60_000)
    time.sleep(1.0)
    after = {"url": page.url, "h1": page.locator("h1").all_inner_texts(), "body": page.inner_text("body"),
             "menu": page.locator('[data-testid="stSidebarNav"]').inner_text(),
             "not_found": page.get_by_text("Page not found").count()}
    page.close()
    return {"before": before, "after": after}


def test_sign_in_shows_no_menu_before_and_lands_on_the_linked_page(server_with_users):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _chromium(p)
        try:
            # The fresh server's first request (Streamlit's pages/-folder mode) and later ones.
            first = _sign_in(browser, f"{server_with_users}/audit?lang=ko", "職員", "staff-password-1", "ko")
            later = _sign_in(browser, f"{server_with_users}/export?lang=ja", "職員", "staff-password-1", "ja")
            committee = _sign_in(browser, f"{server_with_users}/data", "委員", "committee-password-1", "ja")
            root = _sign_in(browser, f"{server_with_users}/", "委員", "committee-password-1", "ja")
        finally:
            browser.close()

    for seen in (first, later, committee, root):
        # Before signing in: no page list at all (it used to list the files: app, audit, curate, ...).
        assert seen["before"]["menu"] == 0 and "audit" not in seen["before"]["sidebar"]
        assert seen["before"]["not_found"] == seen["after"]["not_found"] == 0
    assert first["after"]["h1"] == ["작업 기록"] and urlsplit(first["after"]["url"]).path == "/audit"
    assert later["after"]["h1"] == ["エクスポート"] and urlsplit(later["after"]["url"]).path == "/export"
    # The bare address shows the map, at the map's own address.
    assert urlsplit(root["after"]["url"]).path == "/map" and "まだデータがありません" in root["after"]["body"]
    # A staff page a committee member follows a link to says why it does not open.
    assert committee["after"]["h1"] == ["データ"] and urlsplit(committee["after"]["url"]).path == "/data"
    assert "「データ」は職員用のページです。" in committee["after"]["body"]
    assert "データ" not in committee["after"]["menu"] and "意見マップ" in committee["after"]["menu"]
