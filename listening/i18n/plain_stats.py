"""Strings of statistics in plain words (crosstabs, waves), readable answers and keyword results on the map,
and the district profile's choice of a district column."""

STRINGS = {
    # ---- what stands out, in sentences ---------------------------------------------------
    "plain_ct_standout": {
        "ja": "{attribute}が「{value}」の回答では、「{label}」の意見が全体の{ratio}倍です（{share}、全体では{overall}、{n}件）。",
        "ko": "{attribute} '{value}' 응답에서는 '{label}' 의견이 전체의 {ratio}배입니다({share}, 전체 {overall}, {n}건).",
        "en": "Among answers with {attribute} “{value}”, “{label}” comes up {ratio} times as often as overall "
              "({share} against {overall}; {n} answers).",
    },
    "plain_ct_nothing": {
        "ja": "{attribute}による目立った違いはありません。どの組み合わせも、偶然で説明できる範囲を超えて多くはありません。",
        "ko": "{attribute}에 따른 뚜렷한 차이는 없습니다. 어떤 조합도 우연으로 설명되는 범위를 넘어 많지 않습니다.",
        "en": "Nothing stands out by {attribute}: no group raises any opinion more often than chance would explain.",
    },
    "plain_ct_no_test": {
        "ja": "比べるには、意見のまとまりと属性の値がそれぞれ2つ以上必要です。",
        "ko": "비교하려면 의견 묶음과 속성 값이 각각 2개 이상 필요합니다.",
        "en": "A comparison needs at least two opinion groups and two attribute values.",
    },
    "plain_ct_how": {
        "ja": "30件以上の回答があるグループで、5件以上の組み合わせのうち、多重比較の補正（Holm法）後も偶然とは言えない偏りだけを文にしています。",
        "ko": "응답이 30건 이상인 그룹의 5건 이상 조합 가운데, 다중 비교 보정(Holm 방법) 후에도 우연으로 보기 어려운 차이만 문장으로 보여 줍니다.",
        "en": "Only groups of 30 or more answers and combinations of 5 or more are named, and only where the "
              "difference stays beyond chance after correcting for many comparisons (Holm).",
    },
    "plain_details": {"ja": "数値の詳細（検定・残差）", "ko": "수치 상세(검정·잔차)", "en": "Figures in detail (tests, residuals)"},
    "plain_total": {"ja": "合計", "ko": "합계", "en": "Total"},
    "plain_wave_up": {
        "ja": "「{label}」の意見は{previous}の{before}から{wave}の{after}に増えました。",
        "ko": "'{label}' 의견은 {previous} {before}에서 {wave} {after}(으)로 늘었습니다.",
        "en": "“{label}” rose from {before} in {previous} to {after} in {wave}.",
    },
    "plain_wave_down": {
        "ja": "「{label}」の意見は{previous}の{before}から{wave}の{after}に減りました。",
        "ko": "'{label}' 의견은 {previous} {before}에서 {wave} {after}(으)로 줄었습니다.",
        "en": "“{label}” fell from {before} in {previous} to {after} in {wave}.",
    },
    "plain_wave_group": {"ja": "{value}：{sentence}", "ko": "{value}: {sentence}", "en": "{value}: {sentence}"},
    "plain_wave_nothing": {
        "ja": "前の回から、偶然で説明できる範囲を超えて増えたり減ったりした意見はありません。",
        "ko": "이전 차수와 비교해 우연으로 설명되는 범위를 넘어 늘거나 준 의견은 없습니다.",
        "en": "No opinion rose or fell from one wave to the next by more than chance would explain.",
    },
    # ---- readable answers and keyword results on the map ---------------------------------
    "plain_search_heading": {"ja": "「{query}」を含む回答", "ko": "'{query}'이(가) 들어간 응답", "en": "Answers containing “{query}”"},
    "plain_search_summary": {
        "ja": "{n} 件の回答、{groups} 個のまとまりにあります。多いまとまりから順に表示します。",
        "ko": "응답 {n}건, {groups}개 묶음에 있습니다. 많은 묶음부터 보여 줍니다.",
        "en": "{n} answers in {groups} groups, the group with the most matches first.",
    },
    "plain_search_page": {"ja": "検索結果のページ", "ko": "검색 결과 페이지", "en": "Results page"},
    "plain_search_none": {
        "ja": "絞り込んだ回答に、この言葉を含むものはありません。",
        "ko": "걸러 낸 응답 가운데 이 말이 들어간 응답이 없습니다.",
        "en": "No answer in the current filter contains these words.",
    },
    "plain_map_labels": {
        "ja": "地図上の名前は大きい {n} 個のまとまりだけに付けています。ほかは凡例と点の上のヒントで確かめられます。",
        "ko": "지도 위 이름은 큰 묶음 {n}개에만 붙였습니다. 나머지는 범례와 점 위 도움말로 확인할 수 있습니다.",
        "en": "Names are drawn for the {n} largest groups only; the legend and each point's tooltip name the rest.",
    },
    # ---- district profile without a district column --------------------------------------
    "plain_district_none": {
        "ja": "このデータには地区（校区・地域など）を表す属性が見当たりません。地区として使う列を選んでください。",
        "ko": "이 데이터에는 지역(행정동·지역 등)을 나타내는 속성이 보이지 않습니다. 지역으로 쓸 열을 고르세요.",
        "en": "This dataset has no attribute that looks like a district (school district, area ...). "
              "Choose the column to use as districts.",
    },
    "plain_district_likely": {
        "ja": "地区として使えそうな列：{columns}",
        "ko": "지역으로 쓸 수 있을 것 같은 열: {columns}",
        "en": "Columns that look like districts: {columns}",
    },
    "plain_district_choose": {"ja": "列を選ぶ", "ko": "열 고르기", "en": "Choose a column"},
}
