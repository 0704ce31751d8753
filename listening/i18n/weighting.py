"""Weighting to the population: what went wrong with a resident-count table, the value mapping or the
weighting settings, in ja, ko and en (``error.<code>`` of the InputErrors ``listening.weighting`` raises)."""
from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "error.population_not_table": {
        "ja": "表ではありません。住民数の表を CSV か Excel で選んでください。",
        "ko": "표가 아닙니다. 주민 수 표를 CSV 또는 Excel로 골라 주세요.",
        "en": "This is not a table. Upload a CSV or Excel file of resident counts.",
    },
    "error.population_no_counts": {
        "ja": "人数の列が見つかりません。人口・人数など数字の列を入れてください。",
        "ko": "인원 열을 찾을 수 없습니다. 인구·인원 등 숫자 열을 넣어 주세요.",
        "en": "No column of counts was found: the table needs a column of numbers (population, residents).",
    },
    "error.population_no_attributes": {
        "ja": "数字はありますが、誰の人数か（校区・年齢・性別など）の列がありません。",
        "ko": "숫자는 있지만 누구의 인원인지(행정동·연령·성별 등) 나타내는 열이 없습니다.",
        "en": "The table has counts but no column saying whose (district, age, sex ...).",
    },
    "error.population_no_column": {
        "ja": "「{column}」という列はありません。",
        "ko": "'{column}' 열이 없습니다.",
        "en": "There is no column named '{column}'.",
    },
    "error.population_bad_count": {
        "ja": "「{value}」は人数として読めません。数字にしてください。",
        "ko": "'{value}'은(는) 인원으로 읽을 수 없습니다. 숫자로 바꿔 주세요.",
        "en": "'{value}' is not a number of residents. Use a number.",
    },
    "error.population_negative": {
        "ja": "人数にマイナスの値があります。",
        "ko": "인원에 음수 값이 있습니다.",
        "en": "A count is negative.",
    },
    "error.population_empty": {
        "ja": "表の人数がすべて 0 か空欄です。",
        "ko": "표의 인원이 모두 0이거나 비어 있습니다.",
        "en": "The table holds no residents (every count is 0 or blank).",
    },
    "error.population_no_attribute": {
        "ja": "住民数の表に「{attribute}」の列がありません（ある列：{available}）。",
        "ko": "주민 수 표에 '{attribute}' 열이 없습니다(있는 열: {available}).",
        "en": "The population table has no column '{attribute}' (it has: {available}).",
    },
    "error.weighting_unknown_attribute": {
        "ja": "アンケートに「{attribute}」という属性がありません。",
        "ko": "설문에 '{attribute}' 속성이 없습니다.",
        "en": "The survey has no attribute '{attribute}'.",
    },
    "error.weighting_no_match": {
        "ja": "アンケートの「{attribute}」に合う列が住民数の表にありません（ある列：{available}）。使う列を指定してください。",
        "ko": "설문의 '{attribute}'에 맞는 열이 주민 수 표에 없습니다(있는 열: {available}). 사용할 열을 지정해 주세요.",
        "en": "No column of the population table matches the survey attribute '{attribute}' ({available}). "
              "Name the column to use.",
    },
    "error.weighting_nothing_matched": {
        "ja": "「{attribute}」の回答がどの人口区分にも対応していません。対応表を確認してください。",
        "ko": "'{attribute}' 응답이 어떤 인구 구분에도 대응하지 않습니다. 대응표를 확인해 주세요.",
        "en": "No respondent matches any population group of '{attribute}': check the mapping.",
    },
    "error.weighting_nothing_matched_any": {
        "ja": "アンケートのどの属性も住民数の表（列：{available}）に対応しません。",
        "ko": "설문의 어떤 속성도 주민 수 표(열: {available})에 대응하지 않습니다.",
        "en": "No survey attribute matches the population table (its columns: {available}).",
    },
    "error.weighting_unmapped": {
        "ja": "対応表に「{attribute}」の行がありません。",
        "ko": "대응표에 '{attribute}' 행이 없습니다.",
        "en": "The mapping has no rows for '{attribute}'.",
    },
    "error.weighting_mapping_columns": {
        "ja": "対応表に列 {columns} がありません。",
        "ko": "대응표에 {columns} 열이 없습니다.",
        "en": "The mapping table lacks the column(s) {columns}.",
    },
    "error.weighting_mapping_side": {
        "ja": "対応表の side 列に {sides} があります。survey か population にしてください。",
        "ko": "대응표의 side 열에 {sides}이(가) 있습니다. survey 또는 population으로 해 주세요.",
        "en": "The mapping's side column holds {sides}: use survey or population.",
    },
    "error.weighting_no_attribute": {
        "ja": "ウェイトに使う属性を 1 つ以上選んでください。",
        "ko": "가중치에 쓸 속성을 하나 이상 골라 주세요.",
        "en": "Choose at least one attribute to weight by.",
    },
    "error.weighting_bad_cap": {
        "ja": "ウェイトの上限は平均の 1 倍より大きくしてください。",
        "ko": "가중치 상한은 평균의 1배보다 커야 합니다.",
        "en": "The weight cap must be above 1 (times the mean weight).",
    },
    "error.weighting_bad_method": {
        "ja": "ウェイトの方法「{method}」はありません（auto、rake、poststratify）。",
        "ko": "가중 방법 '{method}'은(는) 없습니다(auto, rake, poststratify).",
        "en": "Unknown weighting method '{method}': use auto, rake or poststratify.",
    },
    "error.weighting_bad_missing": {
        "ja": "属性が無回答の人の扱い「{missing}」はありません（keep か exclude）。",
        "ko": "속성 무응답자 처리 '{missing}'은(는) 없습니다(keep 또는 exclude).",
        "en": "Unknown rule for missing attributes '{missing}': use keep or exclude.",
    },
    "error.weighting_no_cross": {
        "ja": "事後層化には {attributes} のすべての組み合わせの人数が 1 つの表に必要です。レーキングを使ってください。",
        "ko": "사후층화에는 {attributes}의 모든 조합 인원이 한 표에 필요합니다. 레이킹을 사용해 주세요.",
        "en": "Post-stratification needs one population table with every combination of {attributes}; use raking.",
    },
    "error.weighting_empty_cells": {
        "ja": "人口の組み合わせのうち {cells} 区分に回答者がいないため、事後層化できません。レーキングを使ってください。",
        "ko": "인구 조합 중 {cells}개 구분에 응답자가 없어 사후층화를 할 수 없습니다. 레이킹을 사용해 주세요.",
        "en": "{cells} cells of the population cross table have no respondent: post-stratification is not possible; "
              "use raking.",
    },
    "error.weights_misaligned": {
        "ja": "ウェイトが {weights} 件、回答が {answers} 件で、数が合いません。",
        "ko": "가중치 {weights}개와 응답 {answers}개의 수가 맞지 않습니다.",
        "en": "There are {weights} weights for {answers} answers.",
    },
    "error.weights_negative": {
        "ja": "マイナスのウェイトがあります。",
        "ko": "음수 가중치가 있습니다.",
        "en": "A weight is negative.",
    },
    "error.weighting_not_set": {
        "ja": "このデータセットには住民数（母集団）の表がまだありません。",
        "ko": "이 데이터셋에는 아직 주민 수(모집단) 표가 없습니다.",
        "en": "No population margins are set for this dataset.",
    },
}
