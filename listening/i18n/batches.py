"""Strings of a batch's date and name, the import form's target and mapping, the import's accounting,
and the reader errors added with them."""

STRINGS = {
    # ---- a wave's name and date ------------------------------------------------------------
    "batch_name_month": {"ja": "{year}年{month}月", "ko": "{year}년 {month}월", "en": "{month} {year}"},
    "batch_date_from_column": {
        "ja": "調査日は列「{column}」の回答日の中央値です（{first}〜{last}、{n} 件）。",
        "ko": "조사일은 '{column}' 열 응답일의 중앙값입니다({first}~{last}, {n}건).",
        "en": "Survey date: the median answer date in column “{column}” ({first} to {last}, {n} answers).",
    },
    "batch_date_from_filename": {
        "ja": "調査日はファイル名から推定しました。違う場合は直してください。",
        "ko": "조사일은 파일 이름에서 추정했습니다. 다르면 고쳐 주세요.",
        "en": "Survey date taken from the file name. Correct it if it is wrong.",
    },
    "batch_date_today": {
        "ja": "ファイルに回答日の列も日付入りのファイル名もないため、調査日を今日にしています。実際の調査日に直してください。",
        "ko": "파일에 응답일 열도, 날짜가 든 파일 이름도 없어 조사일을 오늘로 두었습니다. 실제 조사일로 고쳐 주세요.",
        "en": "The file has no answer-date column and no date in its name, so the survey date is today. "
              "Change it to the real survey date.",
    },
    "batch_name_placeholder": {
        "ja": "空欄なら「{name}」", "ko": "비워 두면 '{name}'", "en": "Blank: “{name}”",
    },
    "batch_date_label": {"ja": "調査日", "ko": "조사일", "en": "Survey date"},
    "batch_date_help": {
        "ja": "回ごとの比較はこの日付の順に並びます。",
        "ko": "차수별 비교는 이 날짜 순서로 나열됩니다.",
        "en": "The waves page orders batches by this date.",
    },
    "batch_notes_date": {"ja": "ヒアリング記録の日付", "ko": "의견 청취 기록 날짜", "en": "Date of the hearing notes"},
    "batch_out_of_order": {
        "ja": "「{file}」の調査日 {date} は、このデータセットにすでにある回（最新 {latest}）より前か同じ日です。"
              "回ごとの比較は調査日の順に並ぶため、日付が正しいか確かめてください。",
        "ko": "'{file}'의 조사일 {date}은(는) 이 데이터셋에 이미 있는 차수(최신 {latest})보다 이르거나 같은 날입니다. "
              "차수별 비교는 조사일 순서로 나열되므로 날짜가 맞는지 확인해 주세요.",
        "en": "The survey date of “{file}”, {date}, is on or before a wave this dataset already has (latest {latest}). "
              "The waves page orders waves by survey date: check the date.",
    },
    "batch_out_of_order_confirm": {
        "ja": "日付は正しい（前の回をあとから取り込む）",
        "ko": "날짜가 맞습니다(이전 차수를 나중에 가져옴)",
        "en": "The date is right (an earlier wave imported late)",
    },
    # ---- target dataset and mapping ----------------------------------------------------------
    "batch_target_open": {
        "ja": "開いているデータセット「{dataset}」に新しい回として追加します。別のデータセットにするときは下で選んでください。",
        "ko": "열려 있는 데이터셋 '{dataset}'에 새 차수로 추가합니다. 다른 데이터셋으로 하려면 아래에서 고르세요.",
        "en": "Adds a new wave to the open dataset “{dataset}”. Choose another dataset below if that is not what you want.",
    },
    "batch_mapping_reused": {
        "ja": "列の設定は、前回の取り込み「{batch}」と同じにしています。",
        "ko": "열 설정은 지난 가져오기 '{batch}'와 같게 두었습니다.",
        "en": "Columns chosen as in the previous batch “{batch}”.",
    },
    # ---- the import's accounting -------------------------------------------------------------
    "batch_cells": {
        "ja": "{rows} 行 × 自由記述 {questions} 問 = {cells} 件：回答 {kept} 件、空欄 {blank} 件、そのほか除いた {other} 件",
        "ko": "{rows}행 × 자유 응답 {questions}문항 = {cells}건: 응답 {kept}건, 빈칸 {blank}건, 그 밖에 제외 {other}건",
        "en": "{rows} rows × {questions} free-text questions = {cells} cells: {kept} answers, {blank} blank, "
              "{other} dropped for other reasons",
    },
    "batch_cells_help": {
        "ja": "自由記述の設問ごとに1行が1件になります。空欄はどの行にもよくあるため、数を分けて示しています。",
        "ko": "자유 응답 문항마다 한 행이 1건이 됩니다. 빈칸은 어느 행에나 흔하므로 따로 셉니다.",
        "en": "Each row gives one cell per free-text question; blanks are common, so they are counted apart.",
    },
    "batch_to_map": {"ja": "意見マップを見る", "ko": "의견 지도 보기", "en": "Open the opinion map"},
    "batch_importing": {"ja": "取り込んでいます…", "ko": "가져오는 중…", "en": "Importing…"},
    # ---- correcting a batch after import ----------------------------------------------------
    "batch_edit": {"ja": "取り込みの名前と調査日を直す", "ko": "가져오기 이름과 조사일 고치기",
                   "en": "Correct a batch's name and survey date"},
    "batch_edit_help": {
        "ja": "直した内容は監査ログに前後の値とともに記録されます。回答と分析はそのままです。",
        "ko": "고친 내용은 감사 로그에 이전 값과 새 값이 함께 기록됩니다. 응답과 분석은 그대로입니다.",
        "en": "The change goes into the audit log with the old and new values. Answers and analyses stay as they are.",
    },
    "batch_edit_pick": {"ja": "直す取り込み", "ko": "고칠 가져오기", "en": "Batch to correct"},
    "batch_edit_name": {"ja": "名前", "ko": "이름", "en": "Name"},
    "batch_edit_go": {"ja": "保存", "ko": "저장", "en": "Save"},
    "batch_edited": {
        "ja": "取り込み「{old}」を「{name}」（調査日 {date}）に直しました。",
        "ko": "가져오기 '{old}'을(를) '{name}'(조사일 {date})(으)로 고쳤습니다.",
        "en": "Batch “{old}” is now “{name}” (survey date {date}).",
    },
    # ---- the reader: a legacy file with a damaged byte ----------------------------------------
    "error.invalid_bytes": {
        "ja": "ファイルは {encoding} ですが、{line} 行目に {encoding} として読めないバイトがあります"
              "（壊れた文字か、別の文字コードの混入）。その行の文字を直すか消して、CSV（UTF-8）で保存し直してください。",
        "ko": "파일은 {encoding}이지만 {line}번째 줄에 {encoding}(으)로 읽을 수 없는 바이트가 있습니다"
              "(손상된 글자나 다른 인코딩이 섞임). 그 줄의 글자를 고치거나 지운 뒤 CSV(UTF-8)로 다시 저장해 주세요.",
        "en": "The file is {encoding}, but line {line} has bytes that are not valid {encoding} (a damaged "
              "character, or text in another encoding). Fix or delete the characters on that line and save "
              "the file as CSV UTF-8.",
    },
}
