"""The weighting page (staff: population table, mapping, settings, diagnostics), the weighted / unweighted
switch every page that shows shares draws with the captions of weighted tables, and the weighted column and
method-note paragraph of the printed report (``report_weighting_*``)."""
from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nav_weighting": {"ja": "母集団の重み付け", "ko": "모집단 가중", "en": "Weighting"},
    # ---- the switch and the captions of weighted tables (every page that shows shares) ----
    "wt_switch": {"ja": "住民の構成に合わせて重み付け", "ko": "주민 구성에 맞춰 가중", "en": "Weight to the population"},
    "wt_switch_help": {
        "ja": "オンにすると、回答者の{by}の構成を住民の構成に合わせた割合を表示します。件数は回答の数のままです。",
        "ko": "켜면 응답자의 {by} 구성을 주민 구성에 맞춘 비율을 보여 줍니다. 건수는 응답 수 그대로입니다.",
        "en": "When on, shares are weighted so that the respondents' {by} match the residents'. "
              "Counts stay the numbers of answers.",
    },
    "wt_caption": {
        "ja": "重み付けした割合です（{by}を住民の構成に合わせました。住民数：{source}）。有効回答者数 {n_eff} 人（回答者 {n} 人）。",
        "ko": "가중한 비율입니다({by}을(를) 주민 구성에 맞췄습니다. 주민 수: {source}). 유효 응답자 수 {n_eff}명(응답자 {n}명).",
        "en": "Weighted shares ({by} matched to the residents; counts: {source}). Effective number of respondents "
              "{n_eff} (of {n}).",
    },
    "wt_not_weighted_here": {
        "ja": "この表は重み付けしていません（回答の数そのままです）。",
        "ko": "이 표는 가중하지 않았습니다(응답 수 그대로입니다).",
        "en": "This table is not weighted (plain numbers of answers).",
    },
    "wt_failed": {
        "ja": "重み付けできませんでした（{error}）。重み付けなしで表示しています。",
        "ko": "가중할 수 없었습니다({error}). 가중하지 않고 보여 줍니다.",
        "en": "Weighting failed ({error}); the figures shown are unweighted.",
    },
    "wt_unweighted_share": {"ja": "割合（重み付けなし）", "ko": "비율(가중 전)", "en": "Share (unweighted)"},
    "wt_weighted_count": {"ja": "件数（重み付け）", "ko": "건수(가중)", "en": "Count (weighted)"},
    "wt_ct_caption": {
        "ja": "件数と割合は重み付け済みです。検定は重みを考慮した Rao-Scott 補正のカイ二乗検定です"
              "（有効サンプルサイズ {n_eff}、デザイン効果 {deff}）。灰色のセルは重み付け前の回答が 5 件未満です。",
        "ko": "건수와 비율은 가중한 값입니다. 검정은 가중치를 고려한 Rao-Scott 보정 카이제곱 검정입니다"
              "(유효 표본 크기 {n_eff}, 설계 효과 {deff}). 회색 칸은 가중 전 응답이 5건 미만입니다.",
        "en": "Counts and shares are weighted. The test is the Rao-Scott corrected chi-square, which accounts for "
              "the weights (effective sample size {n_eff}, design effect {deff}). Grey cells have fewer than 5 "
              "answers before weighting.",
    },
    "wt_effective_n": {"ja": "有効サンプルサイズ", "ko": "유효 표본 크기", "en": "Effective sample size"},
    "wt_effective_n_help": {
        "ja": "重みのばらつきを考えると、重み付けしない調査の何人分の精度に当たるか（Kish の有効サンプルサイズ）。",
        "ko": "가중치의 편차를 고려할 때 가중하지 않은 조사 몇 명분의 정밀도에 해당하는지(Kish 유효 표본 크기).",
        "en": "How many respondents of an unweighted survey the weighted one is worth (Kish's effective sample size).",
    },
    "wt_waves_caption": {
        "ja": "割合と変化は重み付け済みです。検定は各回の有効回答者数によるもので、Holm 法で補正しています。",
        "ko": "비율과 변화는 가중한 값입니다. 검정은 각 회차의 유효 응답자 수에 따른 것이며 Holm 방법으로 보정했습니다.",
        "en": "Shares and changes are weighted; the tests use each wave's effective number of respondents, "
              "Holm-adjusted.",
    },
    "wt_export_note": {
        "ja": "エクスポートに重み付けした割合と、その方法（住民数の表の出典と時点、有効回答者数など）を加えます。"
              "公開用の表で 5 件未満を伏せるかどうかは、重み付け前の人数で決めます。",
        "ko": "내보내기에 가중한 비율과 그 방법(주민 수 표의 출처와 기준일, 유효 응답자 수 등)을 더합니다. "
              "공개용 표에서 5건 미만을 가릴지는 가중 전 인원으로 정합니다.",
        "en": "The export gains the weighted shares and how they were made (the population table's source and "
              "date, the effective number of respondents ...). Public tables hide cells of fewer than 5 people "
              "counted before weighting.",
    },
    # ---- the weighting page ----
    "wt_intro": {
        "ja": "回答した人の年代・性別・地域の構成は、住民の構成と違うことがあります。住民数の表を読み込むと、"
              "回答者に重みを付けて住民の構成に合わせた割合を、重み付けなしの割合と並べて見られます。",
        "ko": "응답자의 연령·성별·지역 구성은 주민 구성과 다를 수 있습니다. 주민 수 표를 읽어 들이면 응답자에게 "
              "가중치를 주어 주민 구성에 맞춘 비율을 가중 전 비율과 나란히 볼 수 있습니다.",
        "en": "Who answered is not always who lives here: ages, sexes and districts differ. With a table of "
              "resident counts, respondents are weighted so that shares match the population, shown beside the "
              "unweighted shares.",
    },
    "wt_population_heading": {"ja": "住民数の表", "ko": "주민 수 표", "en": "Population table"},
    "wt_population_help": {
        "ja": "校区・年齢・性別などごとの住民数の表（CSV か Excel、縦長でも横長でも可）。住民基本台帳の集計表をそのまま使えます。",
        "ko": "행정동·연령·성별 등별 주민 수 표(CSV 또는 Excel, 세로형·가로형 모두 가능). 주민등록 인구 통계표를 그대로 쓸 수 있습니다.",
        "en": "Resident counts by district, age, sex ... (CSV or Excel, long or wide). A resident register table "
              "works as it is.",
    },
    "wt_file": {"ja": "住民数の表のファイル", "ko": "주민 수 표 파일", "en": "Population table file"},
    "wt_source": {"ja": "出典", "ko": "출처", "en": "Source"},
    "wt_source_help": {
        "ja": "公開資料の方法の説明に載ります（例：住民基本台帳）。",
        "ko": "공개 자료의 방법 설명에 실립니다(예: 주민등록 인구 통계).",
        "en": "Printed in the method note of exports (e.g. resident register).",
    },
    "wt_as_of": {"ja": "時点（空欄なら表から読み取ります）", "ko": "기준일(비우면 표에서 읽습니다)",
                 "en": "As of (blank: read from the table)"},
    "wt_read": {"ja": "読み込む", "ko": "읽어 들이기", "en": "Read the table"},
    "wt_read_done": {
        "ja": "{file} を読み込みました（住民 {residents} 人）。重み付けに使う属性：{by}。",
        "ko": "{file}을(를) 읽어 들였습니다(주민 {residents}명). 가중에 쓸 속성: {by}.",
        "en": "Read {file} ({residents} residents). Attributes to weight by: {by}.",
    },
    "wt_current": {
        "ja": "現在の表：{file}（出典：{source}、{as_of} 現在、住民 {residents} 人）。{user} が {date} に設定。",
        "ko": "현재 표: {file}(출처: {source}, {as_of} 기준, 주민 {residents}명). {user}이(가) {date}에 설정.",
        "en": "Current table: {file} (source: {source}, as of {as_of}, {residents} residents), set by {user} "
              "on {date}.",
    },
    "wt_none": {
        "ja": "まだ住民数の表がありません。読み込むまで、どのページも重み付けなしの割合を表示します。",
        "ko": "아직 주민 수 표가 없습니다. 읽어 들이기 전까지 모든 페이지는 가중 전 비율을 보여 줍니다.",
        "en": "No population table yet: until one is read, every page shows unweighted shares.",
    },
    "wt_unknown": {"ja": "不明", "ko": "알 수 없음", "en": "unknown"},
    "wt_mapping_heading": {"ja": "回答と住民区分の対応", "ko": "응답과 주민 구분의 대응", "en": "Survey values and population groups"},
    "wt_mapping_help": {
        "ja": "同じ「まとめ先」の行どうしが重み付けで対応します（例：70代と80代以上 → 70歳以上）。名前が合うものは推測済みです。"
              "まとめ先を空欄にした回答は対応なしとして扱います。",
        "ko": "같은 '묶음'의 행끼리 가중에서 대응합니다(예: 70대와 80대 이상 → 70세 이상). 이름이 맞는 것은 추정해 두었습니다. "
              "묶음을 비운 응답은 대응 없음으로 처리합니다.",
        "en": "Rows with the same group are weighted together (e.g. 70s and 80+ → 70 and over). Names that match "
              "are guessed; a blank group means not matched.",
    },
    "wt_col_attribute": {"ja": "アンケートの属性", "ko": "설문 속성", "en": "Survey attribute"},
    "wt_col_population_attribute": {"ja": "住民数の表の列", "ko": "주민 수 표의 열", "en": "Population column"},
    "wt_col_side": {"ja": "どちらの値", "ko": "어느 쪽 값", "en": "Side"},
    "wt_col_value": {"ja": "値", "ko": "값", "en": "Value"},
    "wt_col_group": {"ja": "まとめ先", "ko": "묶음", "en": "Group"},
    "wt_col_n": {"ja": "人数", "ko": "인원", "en": "People"},
    "wt_side_survey": {"ja": "アンケート", "ko": "설문", "en": "survey"},
    "wt_side_population": {"ja": "住民数の表", "ko": "주민 수 표", "en": "population"},
    "wt_unmatched_values": {
        "ja": "「{attribute}」で住民区分に対応しない回答：{values}",
        "ko": "'{attribute}'에서 주민 구분에 대응하지 않는 응답: {values}",
        "en": "{attribute}: survey values without a population group: {values}",
    },
    "wt_unmatched_categories": {
        "ja": "「{attribute}」で回答者のいない住民区分（重み付けの対象外）：{values}",
        "ko": "'{attribute}'에서 응답자가 없는 주민 구분(가중 대상 밖): {values}",
        "en": "{attribute}: population groups without respondents (left out of the weighting): {values}",
    },
    "wt_all_matched": {
        "ja": "「{attribute}」はすべての値が対応しています。",
        "ko": "'{attribute}'은(는) 모든 값이 대응합니다.",
        "en": "{attribute}: every value is matched.",
    },
    "wt_n_people": {"ja": "{value}（{n} 人）", "ko": "{value}({n}명)", "en": "{value} ({n})"},
    "wt_settings_heading": {"ja": "重み付けの設定", "ko": "가중 설정", "en": "Settings"},
    "wt_by": {"ja": "合わせる属性", "ko": "맞출 속성", "en": "Weight by"},
    "wt_method": {"ja": "方法", "ko": "방법", "en": "Method"},
    "wt_method_auto": {"ja": "自動（表がそろえば事後層化、なければレーキング）",
                       "ko": "자동(표가 갖춰지면 사후층화, 아니면 레이킹)",
                       "en": "Automatic (post-stratification when the full table allows, else raking)"},
    "wt_method_rake": {"ja": "レーキング", "ko": "레이킹", "en": "Raking"},
    "wt_method_poststratify": {"ja": "事後層化", "ko": "사후층화", "en": "Post-stratification"},
    "wt_trim": {"ja": "重みに上限を設ける", "ko": "가중치 상한 두기", "en": "Cap the weights"},
    "wt_max_ratio": {"ja": "上限（平均の何倍まで）", "ko": "상한(평균의 몇 배까지)", "en": "Cap (times the mean weight)"},
    "wt_max_ratio_help": {
        "ja": "一人の回答が結果を左右しすぎないよう、重みを平均のこの倍数までに抑えます（よく使うのは 5 倍）。",
        "ko": "한 사람의 응답이 결과를 지나치게 좌우하지 않도록 가중치를 평균의 이 배수까지로 제한합니다(흔히 5배).",
        "en": "No respondent's weight goes above this multiple of the mean, so no one answer sways the "
              "figures too much (5 is common).",
    },
    "wt_missing": {"ja": "属性が無回答・対応なしの回答者", "ko": "속성 무응답·대응 없는 응답자",
                   "en": "Respondents with a missing or unmatched attribute"},
    "wt_missing_keep": {"ja": "重み 1 のまま含める", "ko": "가중치 1로 포함", "en": "Keep them with weight 1"},
    "wt_missing_exclude": {"ja": "重み付けした数字から除く", "ko": "가중 수치에서 제외", "en": "Leave them out of weighted figures"},
    "wt_default": {"ja": "このデータセットで最初に表示する割合", "ko": "이 데이터셋에서 처음 보여 줄 비율",
                   "en": "Shares shown first for this dataset"},
    "wt_default_unweighted": {"ja": "重み付けなし", "ko": "가중 전", "en": "Unweighted"},
    "wt_default_weighted": {"ja": "重み付けあり", "ko": "가중 후", "en": "Weighted"},
    "wt_save": {"ja": "設定を保存", "ko": "설정 저장", "en": "Save the settings"},
    "wt_saved": {"ja": "重み付けの設定を保存しました。", "ko": "가중 설정을 저장했습니다.", "en": "Weighting settings saved."},
    "wt_error": {"ja": "保存できませんでした：{error}", "ko": "저장할 수 없었습니다: {error}", "en": "Not saved: {error}"},
    "wt_diagnostics_heading": {"ja": "重みの点検", "ko": "가중치 점검", "en": "Diagnostics"},
    "wt_n_respondents": {"ja": "回答者", "ko": "응답자", "en": "Respondents"},
    "wt_n_weighted": {"ja": "重み付けした回答者", "ko": "가중한 응답자", "en": "Weighted respondents"},
    "wt_design_effect": {"ja": "デザイン効果", "ko": "설계 효과", "en": "Design effect"},
    "wt_design_effect_help": {
        "ja": "重みのばらつきで精度がどれだけ下がるか（1 なら下がらない、2 なら回答者が半分の調査と同じ精度）。",
        "ko": "가중치의 편차로 정밀도가 얼마나 떨어지는지(1이면 그대로, 2이면 응답자가 절반인 조사와 같은 정밀도).",
        "en": "How much the spread of the weights costs in precision (1: nothing; 2: as precise as a survey of "
              "half the respondents).",
    },
    "wt_max_weight": {"ja": "最大の重み", "ko": "최대 가중치", "en": "Largest weight"},
    "wt_n_trimmed": {"ja": "上限で抑えた人", "ko": "상한에 걸린 사람", "en": "Capped"},
    "wt_method_line": {"ja": "方法：{method}。", "ko": "방법: {method}.", "en": "Method: {method}."},
    "wt_missing_line_keep": {
        "ja": "属性が無回答・対応なしの回答者 {n} 人は重み 1 のまま含めています。",
        "ko": "속성 무응답·대응 없는 응답자 {n}명은 가중치 1로 포함했습니다.",
        "en": "{n} respondents with a missing or unmatched attribute keep weight 1.",
    },
    "wt_missing_line_exclude": {
        "ja": "属性が無回答・対応なしの回答者 {n} 人は重み付けした数字から除いています。",
        "ko": "속성 무응답·대응 없는 응답자 {n}명은 가중 수치에서 제외했습니다.",
        "en": "{n} respondents with a missing or unmatched attribute are left out of weighted figures.",
    },
    "wt_hearing_line": {
        "ja": "回答者の属性がない {n} 件（ヒアリング記録など）は、重み付けした数字に含まれません。",
        "ko": "응답자 속성이 없는 {n}건(청취 기록 등)은 가중 수치에 포함되지 않습니다.",
        "en": "{n} answers without a respondent's attributes (hearing notes ...) are not in weighted figures.",
    },
    "wt_cap_limits": {
        "ja": "上限のため、住民の構成との差が最大 {error} ポイント残っています。",
        "ko": "상한 때문에 주민 구성과의 차이가 최대 {error}%p 남아 있습니다.",
        "en": "Because of the cap, shares still differ from the population by up to {error} points.",
    },
    "wt_margins_heading": {"ja": "重み付けの前と後の構成", "ko": "가중 전후의 구성", "en": "Margins before and after"},
    "wt_col_population": {"ja": "住民", "ko": "주민", "en": "Residents"},
    "wt_col_population_share": {"ja": "住民の割合", "ko": "주민 비율", "en": "Population share"},
    "wt_col_respondents": {"ja": "回答者", "ko": "응답자", "en": "Respondents"},
    "wt_col_sample_share": {"ja": "重み付け前", "ko": "가중 전", "en": "Before"},
    "wt_col_weighted_share": {"ja": "重み付け後", "ko": "가중 후", "en": "After"},
    "wt_largest_heading": {"ja": "重みの大きい回答者", "ko": "가중치가 큰 응답자", "en": "Largest weights"},
    "wt_col_respondent": {"ja": "回答者", "ko": "응답자", "en": "Respondent"},
    "wt_col_weight": {"ja": "重み", "ko": "가중치", "en": "Weight"},
    # ---- the printed report of a weighted export ----
    "report_weighting_col_share": {"ja": "重み付けした割合", "ko": "가중 비율", "en": "Weighted share"},
    "report_weighting_method": {
        "ja": "重み付け：回答者の{by}の構成を住民の構成（{sources}）に合わせた「重み付けした割合」を、回答の割合と並べて示しています"
              "（{method}）。重み付けした回答者 {n} 人の有効回答者数は {n_eff} 人、デザイン効果は {deff} です。",
        "ko": "가중: 응답자의 {by} 구성을 주민 구성({sources})에 맞춘 '가중 비율'을 응답 비율과 나란히 보여 줍니다"
              "({method}). 가중한 응답자 {n}명의 유효 응답자 수는 {n_eff}명, 설계 효과는 {deff}입니다.",
        "en": "Weighting: the weighted shares, shown beside the shares of answers, match the respondents' {by} to "
              "the residents' ({sources}; {method}). The {n} weighted respondents are worth {n_eff} unweighted "
              "ones (design effect {deff}).",
    },
    "report_weighting_cap": {
        "ja": "一人の重みは平均の {cap} 倍までに抑えました。5 件未満の表示を伏せるかどうかは、重み付け前の人数で決めています。",
        "ko": "한 사람의 가중치는 평균의 {cap}배까지로 제한했습니다. 5건 미만을 가릴지는 가중 전 인원으로 정했습니다.",
        "en": "No weight is above {cap} times the mean. Cells are hidden by the number of people before weighting.",
    },
    "report_weighting_nocap": {
        "ja": "重みに上限は設けていません。5 件未満の表示を伏せるかどうかは、重み付け前の人数で決めています。",
        "ko": "가중치에 상한을 두지 않았습니다. 5건 미만을 가릴지는 가중 전 인원으로 정했습니다.",
        "en": "The weights are not capped. Cells are hidden by the number of people before weighting.",
    },
    "report_weighting_source": {"ja": "{source}、{as_of} 現在", "ko": "{source}, {as_of} 기준",
                                "en": "{source}, as of {as_of}"},
    "report_weighting_margin": {
        "ja": "{attribute} {group}：住民 {population}、回答者 {sample} → 重み付け後 {weighted}",
        "ko": "{attribute} {group}: 주민 {population}, 응답자 {sample} → 가중 후 {weighted}",
        "en": "{attribute} {group}: residents {population}, respondents {sample} → weighted {weighted}",
    },
}
