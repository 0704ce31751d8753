"""All UI strings, in Japanese first, then Korean and English."""
from __future__ import annotations

import streamlit as st

LANGUAGES = {"ja": "日本語", "ko": "한국어", "en": "English"}

_STRINGS = {
    "app_title": {"ja": "ブロードリスニング", "ko": "브로드 리스닝", "en": "Broad listening"},
    "language": {"ja": "表示言語", "ko": "표시 언어", "en": "Language"},
    "overview": {"ja": "概要", "ko": "개요", "en": "Overview"},
    "dataset": {"ja": "データセット", "ko": "데이터셋", "en": "Dataset"},
    "no_dataset": {
        "ja": "まだデータがありません。サンプルデータを読み込んで試せます。",
        "ko": "아직 데이터가 없습니다. 샘플 데이터를 불러와 사용해 보세요.",
        "en": "No data yet. Load the sample data to try it out.",
    },
    "load_sample": {"ja": "サンプルデータを読み込む", "ko": "샘플 데이터 불러오기", "en": "Load the sample data"},
    "analysing": {"ja": "分析しています…", "ko": "분석 중…", "en": "Analysing…"},
    "done": {"ja": "分析が終わりました", "ko": "분석이 끝났습니다", "en": "Analysis finished"},
    "answers": {"ja": "回答数", "ko": "응답 수", "en": "Answers"},
    "themes": {"ja": "テーマ", "ko": "테마", "en": "Themes"},
    "topics": {"ja": "トピック", "ko": "토픽", "en": "Topics"},
    "dropped": {"ja": "除外", "ko": "제외", "en": "Dropped"},
    "map": {"ja": "意見マップ", "ko": "의견 지도", "en": "Opinion map"},
    "label": {"ja": "ラベル", "ko": "라벨", "en": "Label"},
    "size": {"ja": "件数", "ko": "건수", "en": "Size"},
    "share": {"ja": "割合", "ko": "비율", "en": "Share"},
    "keywords": {"ja": "キーワード", "ko": "키워드", "en": "Keywords"},
    "examples": {"ja": "代表的な回答", "ko": "대표 응답", "en": "Representative answers"},
    "text": {"ja": "回答", "ko": "응답", "en": "Answer"},
    "local_mode": {
        "ja": "ローカルの単一ユーザー（職員）として動作しています。",
        "ko": "로컬 단일 사용자(직원)로 실행 중입니다.",
        "en": "Running as a single local staff user.",
    },
    "step": {
        "ja": {"load": "読み込み", "embed": "ベクトル化", "wait_background": "形態素解析", "space": "類似度計算",
               "cluster": "クラスタリング", "label": "ラベル付け", "map": "マップ作成", "save": "保存"},
        "ko": {"load": "불러오기", "embed": "벡터화", "wait_background": "형태소 분석", "space": "유사도 계산",
               "cluster": "클러스터링", "label": "라벨링", "map": "지도 생성", "save": "저장"},
        "en": {"load": "Loading", "embed": "Embedding", "wait_background": "Tokenising", "space": "Similarity",
               "cluster": "Clustering", "label": "Labelling", "map": "Map layout", "save": "Saving"},
    },
}

_STATE_KEY = "_ui_language"


def current() -> str:
    return st.session_state.get(_STATE_KEY, "ja")


def set_language(code: str) -> None:
    st.session_state[_STATE_KEY] = code


def t(key: str) -> str:
    entry = _STRINGS[key]
    return entry.get(current(), entry["ja"])


def step_name(step: str) -> str:
    return _STRINGS["step"].get(current(), _STRINGS["step"]["ja"]).get(step, step)
