"""Survey waves in the app: a second batch lands on the existing map, the Waves page compares the
batches, proposes its new voices as a topic and finds its duplicates, staff accept the topic and
count a group once, and removing the batch undoes all of it."""
from __future__ import annotations

import hashlib
import os
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from listening.auth.users import set_user
from listening.curation.edits import curated_analysis
from listening.store import Store
from ui.i18n import STRINGS

ROOT = Path(__file__).resolve().parents[2]
WAVE_DATE = date.today() + timedelta(days=30)  # after the sample, dated by its answers
WAVE_NAME = f"{WAVE_DATE.year}年{WAVE_DATE.month}月"  # the default name of a wave: its month
SAMPLE_NAME = "サンプル市 まちづくりアンケート"
Q1, Q2 = "問1 暮らしの中で困っていること・課題", "問2 これからのまちに望むこと・アイデア"
ATTRIBUTES = ["年代", "性別", "校区", "回答者区分"]
BURST = "駅前の駐輪場が足りないので、もっと増やしてほしい"
N_BURST = 8
# A subject the sample never mentions: new voices that gather into a proposed topic.
DRONES = ["ドローンで荷物を届ける実験をしてほしい", "山間部へのドローン配送を試してほしい", "ドローンの飛行ルールを市で決めてほしい",
          "ドローン宅配があれば買い物が楽になる", "ドローン配達の実証実験に参加したい", "薬をドローンで運んでもらえると助かる",
          "ドローンの操縦講習会を開いてほしい", "ドローンが飛ぶ音がうるさくないか心配", "ドローン配送の拠点を公民館に置いてはどうか",
          "災害時にドローンで物資を運べるようにしてほしい", "ドローンで高齢者に弁当を届けてほしい", "ドローンを使った見回りをしてほしい"]
STATE = ("datasets", "batches", "answers", "dropped", "runs", "run_answers", "run_clusters", "edits")


@pytest.fixture(autouse=True)
def fresh_wave_caches():
    """Each test's store is a new copy with the same run ids: cached views must not leak across."""
    from ui import waves

    waves.clear()
    yield
    waves.clear()


@pytest.fixture(scope="module")
def second_wave() -> bytes:
    """A later wave in the sample's layout (CP932, CRLF): 20 respondents repeat answers of the first
    wave word for word, 8 send the same sentence one after another, 30 write their own and 12 write
    about drones."""
    frame = pd.read_csv(ROOT / "sample_data" / "survey_ja.csv", encoding="cp932", dtype=str, keep_default_na=False)
    repeats = frame.head(20).copy()
    burst = frame.iloc[[20] * N_BURST].copy()
    burst[Q1], burst[Q2] = BURST, ""
    drones = frame.iloc[200:200 + len(DRONES)].copy()
    drones[Q1], drones[Q2] = DRONES, ""
    wave = pd.concat([repeats, burst, frame.iloc[100:130], drones], ignore_index=True)
    wave["回答ID"] = [f"W2-{i:04d}" for i in range(len(wave))]
    wave["回答日"] = "2025-07-01"
    return wave.to_csv(index=False, lineterminator="\r\n").encode("cp932")


def state_counts() -> dict:
    with Store(os.environ["LISTENING_DB"]) as store:
        counts = {t: store._query(f"SELECT COUNT(*) FROM {t}")[0][0] for t in STATE}
        dataset = store.dataset_id(SAMPLE_NAME)
        return counts | {"latest_run": store.latest_run(dataset)}


def table(at, *columns: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


def upload(at, data: bytes) -> None:
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="data_upload").set_value(("survey_wave2.csv", data, "text/csv")).run()
    h = hashlib.sha256(data).hexdigest()[:12]
    at.multiselect(key=f"data_text_{h}").set_value([Q1, Q2])
    at.selectbox(key=f"data_id_{h}").set_value("回答ID")
    at.multiselect(key=f"data_attributes_{h}").set_value(ATTRIBUTES)
    with Store(os.environ["LISTENING_DB"]) as store:
        dataset = store.dataset_id(SAMPLE_NAME)
    at.selectbox(key="data_target").set_value(dataset)
    at.date_input(key=f"data_date_{h}").set_value(WAVE_DATE).run()
    at.button(key="data_import").click().run()
    assert not at.exception, [e.value for e in at.exception]


def test_a_second_wave_is_placed_compared_counted_once_and_removed(sample_app, second_wave):
    at = sample_app
    at.run()
    before = state_counts()
    upload(at, second_wave)

    placed = next(s.value for s in at.success if "配置しました" in s.value)
    with Store(os.environ["LISTENING_DB"]) as store:
        dataset = store.dataset_id(SAMPLE_NAME)
        batches = store.list_batches(dataset)
        run = store.latest_run(dataset)
        info, _, _ = store.load_run(run)
    new_batch = batches.iloc[-1]
    assert (new_batch["name"], new_batch["collected_on"]) == (WAVE_NAME, WAVE_DATE.isoformat())
    assert info["parent_run"] == before["latest_run"], "placed on the existing analysis, not analysed again"
    added = info["update"]["added"]
    assert added == new_batch["n_kept"] and f"新しい回答 {added} 件" in placed
    assert f"{len(info['update']['new_voices'])} 件" in placed
    listed = table(at, "ファイル", "調査日")
    assert listed["調査日"].iloc[-1] == f"{WAVE_DATE.year}年{WAVE_DATE.month}月{WAVE_DATE.day}日"

    at.switch_page("pages/map.py").run()
    at.multiselect(key="map_batches").set_value([int(new_batch["id"])]).run()
    assert not at.exception
    assert next(m.value for m in at.metric if m.label == "対象の回答") == str(added)
    at.multiselect(key="map_batches").set_value([]).run()

    at.switch_page("pages/waves.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == STRINGS["nav_waves"]["ja"]
    shares = table(at, "回（取り込み）", "割合", "前回との差（ポイント）")
    assert shares["回（取り込み）"].nunique() == 2
    per_wave = shares.groupby("回（取り込み）", sort=False)["件数"].sum()
    assert per_wave.iloc[-1] == added and per_wave.index[-1].startswith(WAVE_NAME)
    latest = shares[shares["回（取り込み）"] == per_wave.index[-1]]
    assert latest["前回との差（ポイント）"].notna().all(), "the new wave is compared with the one before"
    assert any(el.type == "vega_lite_chart" for el in at.main)
    # The page leads with what changed in words; the test figures sit in the details.
    lead = next(m.value for m in at.markdown if m.value.startswith("- ")).replace("\\", "")
    if not shares["偶然を超える変化"].any():
        assert lead == "- " + STRINGS["plain_wave_nothing"]["ja"]
    else:
        assert "の意見は" in lead and ("に増えました" in lead or "に減りました" in lead)
    details = next(e for e in at.expander if e.label == STRINGS["plain_details"]["ja"])
    assert any("前回との差（ポイント）" in d.value.columns for d in details.dataframe)
    assert next(m.value for m in at.metric if m.label == "追加した回答") == str(added)

    assert set(DRONES) <= set(table(at, "回答", "小さな分類", "近い回答との類似度")["回答"])
    assert set(next(d.value for d in at.dataframe if set(d.value.columns) == {"回答", "小さな分類"})["回答"]) == set(DRONES)
    name = next(w for w in at.text_input if str(w.key).startswith("waves_name_"))
    name.set_value("ドローン配送").run()
    next(b for b in at.button if str(b.key).startswith("waves_accept_")).click().run()
    assert not at.exception
    assert "ドローン配送" in at.success[0].value
    with Store(os.environ["LISTENING_DB"]) as store:
        topics = curated_analysis(store, run).answers.groupby("topic_label")["text"].agg(set)
    assert topics["ドローン配送"] == set(DRONES)
    assert not [w for w in at.text_input if str(w.key).startswith("waves_name_")], "an accepted proposal is gone"

    groups = table(at, "グループ", "代表の回答", "種類")
    burst = groups[groups["代表の回答"] == BURST]
    assert len(burst) == 1 and int(burst["件数"].iloc[0]) == N_BURST and burst["種類"].iloc[0] == "完全一致"
    flagged = table(at, "グループ", "理由", "その回に占める割合")
    assert int(burst["グループ"].iloc[0]) in set(flagged["グループ"].astype(int))
    assert WAVE_NAME in flagged.loc[flagged["グループ"] == burst["グループ"].iloc[0], "回（取り込み）"].iloc[0]
    repeated = groups[groups["取り込み"].str.contains(WAVE_NAME) & groups["取り込み"].str.contains("、")]
    assert len(repeated) >= 15, "answers repeated from the first wave are grouped across the waves"

    picker = next(s for s in at.selectbox if str(s.key).startswith("waves_group_"))
    picker.set_value(int(burst["グループ"].iloc[0])).run()
    at.button(key="waves_count_once").click().run()
    assert not at.exception
    with Store(os.environ["LISTENING_DB"]) as store:
        curated = curated_analysis(store, run)
    excluded = curated.excluded
    assert len(excluded) == N_BURST - 1 and set(excluded["reason"]) == {"重複"} and set(excluded["text"]) == {BURST}
    assert (curated.answers["text"] == BURST).sum() == 1
    groups = table(at, "グループ", "代表の回答", "種類")
    assert BURST not in set(groups["代表の回答"]), "a group counted once is no longer a group"

    at.switch_page("pages/data.py").run()
    assert at.selectbox(key="data_remove_pick").value == int(new_batch["id"]), "the latest batch is offered first"
    at.selectbox(key="data_remove_pick").set_value(int(new_batch["id"])).run()
    assert at.button(key="data_remove_go").disabled
    at.checkbox(key=f"data_remove_confirm_{int(new_batch['id'])}").check().run()
    at.button(key="data_remove_go").click().run()
    assert not at.exception
    assert any("前の状態に戻りました" in s.value for s in at.success)
    assert state_counts() == before

    at.switch_page("pages/waves.py").run()
    assert not at.exception
    assert any(i.value == STRINGS["waves_no_update"]["ja"] for i in at.info)


@pytest.fixture()
def committee(tmp_path, monkeypatch):
    path = tmp_path / "users.toml"
    set_user("委員", "committee", "committee-password-1", path)
    monkeypatch.setenv("LISTENING_USERS", str(path))


def test_committee_sees_the_waves_page_read_only(make_app, analysed_db, committee):
    at = make_app(analysed_db)
    at.run()
    at.text_input(key="login_name").set_value("委員")
    at.text_input(key="login_password").set_value("committee-password-1")
    at.button[0].click().run()
    at.switch_page("pages/waves.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert table(at, "回（取り込み）", "割合")["回（取り込み）"].nunique() == 1
    assert any(i.value == STRINGS["waves_need_two"]["ja"] for i in at.info)
    assert table(at, "グループ", "代表の回答", "種類") is not None
    keys = {str(w.key) for w in list(at.button) + list(at.selectbox)}
    assert "waves_count_once" not in keys and not any(k.startswith("waves_group_") for k in keys)
    at.radio(key="waves_level").set_value("topic")
    at.selectbox(key="waves_by").set_value("年代").run()
    assert not at.exception
    by_age = table(at, "回（取り込み）", "年代", "小さな分類")
    cells = by_age.groupby("年代")
    assert (cells["件数"].sum() == cells["その回の回答数"].first()).all(), "each age group's shares add up to it"
    with Store(os.environ["LISTENING_DB"]) as store:
        dataset = store.dataset_id(SAMPLE_NAME)
        answers = curated_analysis(store, store.latest_run(dataset)).answers
        survey = int(store.list_batches(dataset).query("kind == 'survey'")["id"].iloc[0])
    assert cells["件数"].sum().sum() == int((answers["batch_id"] == survey).sum())
    assert any(el.type == "vega_lite_chart" for el in at.main)


@pytest.mark.parametrize("lang", ["ja", "ko", "en"])
def test_the_waves_page_renders_in_every_language(make_app, analysed_db, lang):
    at = make_app(analysed_db, lang=lang)
    at.run()
    at.switch_page("pages/waves.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert at.title[0].value == STRINGS["nav_waves"][lang]
    assert any(el.type == "vega_lite_chart" for el in at.main)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_waves_page_on_an_empty_store_says_what_to_do(make_app, lang):
    at = make_app(lang=lang)
    at.run()
    at.switch_page("pages/waves.py").run()
    assert not at.exception
    assert [i.value for i in at.info] == [STRINGS["no_dataset"][lang]]
