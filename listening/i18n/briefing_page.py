"""The Briefing page's words (委員会向けまとめ): the page reuses the briefing's own words
(listening/i18n/briefing.py, keys ``briefing.*``) for everything the printed briefing says too."""
from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nav_briefing": {"ja": "委員会向けまとめ", "ko": "위원회 브리핑", "en": "Briefing"},
    "brief_intro": {
        "ja": "会議の前に読むためのまとめです。主な意見グループ、どの区分にも共通する関心、区分によって意見が分かれる点を、回答の原文とともに示します。",
        "ko": "회의 전에 읽기 위한 요약입니다. 주요 의견 그룹, 모든 구분에 공통된 관심사, 구분에 따라 의견이 갈리는 점을 응답 원문과 함께 보여 줍니다.",
        "en": "A summary to read before a meeting: the main opinion groups, what every subgroup raises, "
              "and where subgroups differ, each with residents' own words.",
    },
    "brief_by": {"ja": "比べる属性", "ko": "비교할 속성", "en": "Compare by"},
    "brief_by_help": {
        "ja": "年代や地区など、共通の関心と意見が分かれる点を比べる属性を選びます。",
        "ko": "연령대나 지역 등 공통 관심사와 의견이 갈리는 점을 비교할 속성을 고릅니다.",
        "en": "Attributes such as age group or district across which common ground and divides are compared.",
    },
    "brief_download": {
        "ja": "印刷用（A4）をダウンロード",
        "ko": "인쇄용(A4) 내려받기",
        "en": "Download the printable version (A4)",
    },
    "brief_print_hint": {
        "ja": "ダウンロードしたファイルをブラウザで開き、印刷してください（A4・回答IDつきの内部資料です）。",
        "ko": "내려받은 파일을 브라우저에서 열어 인쇄하십시오(A4, 응답 ID가 포함된 내부 자료입니다).",
        "en": "Open the downloaded file in a browser and print it (A4; an internal document with answer ids).",
    },
    "brief_no_attributes": {
        "ja": "比べる属性がありません。共通の関心と意見が分かれる点は、年代や地区などの列があるデータで表示されます。",
        "ko": "비교할 속성이 없습니다. 공통 관심사와 의견이 갈리는 점은 연령대나 지역 같은 열이 있는 데이터에서 표시됩니다.",
        "en": "There is no attribute to compare by. Common ground and divides appear for data with columns "
              "such as age group or district.",
    },
    "export_download_briefing": {
        "ja": "委員会向けまとめ（A4, HTML）", "ko": "위원회 브리핑(A4, HTML)", "en": "Committee briefing (A4, HTML)",
    },
}
