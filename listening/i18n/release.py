"""Strings of the Export page about public releases: the comparison with earlier releases and the period."""

STRINGS = {
    "export_period_staff": {
        "ja": "回答期間（回答に日付の列がないとき）",
        "ko": "응답 기간 (응답에 날짜 열이 없을 때)",
        "en": "Collection period (when the answers carry no date)",
    },
    "export_period_help": {
        "ja": "回答に日付の列（回答日など）があれば、期間はその日付から作ります。ないときはここに書いた期間を使い、どちらもなければ資料には「分かりません」と書きます。取り込んだ日は使いません。",
        "ko": "응답에 날짜 열(응답일 등)이 있으면 기간은 그 날짜로 만듭니다. 없으면 여기에 쓴 기간을 쓰고, 둘 다 없으면 자료에 ‘알 수 없음’이라고 씁니다. 가져온 날짜는 쓰지 않습니다.",
        "en": "When the answers carry a date (a column such as 回答日), the period comes from those dates. Otherwise "
              "what you write here is used, and with neither the files say it is unknown. The import date is never used.",
    },
    "export_release_warning": {
        "ja": "この公開版は、{dates} に公開したものと比べて、{n} か所の数が{min_cell}人未満しか違いません。2つを見比べると、その間に変わった少数の人（除外した回答の地区や年代など）が分かってしまうおそれがあります。公開する前に下の表を確認してください。",
        "ko": "이 공개용 자료는 {dates}에 공개한 자료와 비교해 {n}곳의 수가 {min_cell}명 미만만큼만 다릅니다. 두 자료를 비교하면 그 사이에 바뀐 소수의 사람(제외한 응답의 지역이나 연령대 등)이 드러날 수 있습니다. 공개하기 전에 아래 표를 확인하세요.",
        "en": "This public release differs from the one published on {dates} by fewer than {min_cell} in {n} printed "
              "counts. Anyone holding both can subtract them and learn about the few people who changed (for example "
              "the district and age group of an excluded answer). Check the table below before releasing.",
    },
    "export_release_cell": {"ja": "集計", "ko": "집계", "en": "Count"},
    "export_release_before": {"ja": "前回の公開", "ko": "이전 공개", "en": "Earlier release"},
    "export_release_after": {"ja": "今回", "ko": "이번", "en": "This release"},
    "export_release_anyway": {
        "ja": "それでも公開する（監査ログに記録されます）",
        "ko": "그래도 공개하기 (감사 로그에 기록됩니다)",
        "en": "Release anyway (recorded in the audit log)",
    },
    "export_released_anyway": {
        "ja": "違いを確認したうえで公開版を作りました。監査ログに記録しました。",
        "ko": "차이를 확인한 뒤 공개용 자료를 만들었습니다. 감사 로그에 기록했습니다.",
        "en": "Released after reviewing the differences; the audit log records it.",
    },
}
