"""What went wrong with a user's file, in ja, ko and en: one entry per ``InputError`` code.

Keys are ``error.<code>``; ``listening.messages.describe_error`` puts the place
(file, row, column: the ``error_at.*`` entries) before the message, the way a
person finds the spot in Excel.
"""
from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    # Where in the file, before the message: each part, how parts are joined, and the end mark.
    "error_at.file": {"ja": "「{file}」", "ko": "'{file}'", "en": "{file}"},
    "error_at.row": {"ja": "{row}行目", "ko": "{row}행", "en": "row {row}"},
    "error_at.column": {"ja": "列「{column}」", "ko": "'{column}' 열", "en": "column '{column}'"},
    "error_at.join": {"ja": "、", "ko": ", ", "en": ", "},
    "error_at.end": {"ja": "：", "ko": ": ", "en": ": "},
    # The whole file
    "error.file_too_large": {
        "ja": "ファイルが {size_mb} MB あり、上限の {limit_mb} MB を超えています。複数のファイルに分けてください。",
        "ko": "파일이 {size_mb} MB로 상한 {limit_mb} MB를 넘습니다. 여러 파일로 나누어 주세요.",
        "en": "The file is {size_mb} MB, over the {limit_mb} MB limit. Split it into smaller files.",
    },
    "error.empty_file": {
        "ja": "ファイルが空です。",
        "ko": "파일이 비어 있습니다.",
        "en": "The file is empty.",
    },
    "error.cannot_read_file": {
        "ja": "ファイルを読めません（{detail}）。",
        "ko": "파일을 읽을 수 없습니다({detail}).",
        "en": "Cannot read the file ({detail}).",
    },
    "error.unsupported_type": {
        "ja": "「{ext}」形式は読み込めません。.csv、.tsv、.txt、.md、.xlsx のいずれかにしてください。",
        "ko": "'{ext}' 형식은 읽을 수 없습니다. .csv, .tsv, .txt, .md, .xlsx 중 하나로 저장해 주세요.",
        "en": "Unsupported file type '{ext}'. Use .csv, .tsv, .txt, .md or .xlsx.",
    },
    "error.zip_archive": {
        "ja": "これは {ext} ファイルではなく zip 圧縮ファイルです。展開して、中のファイルを選んでください。",
        "ko": "이것은 {ext} 파일이 아니라 zip 압축 파일입니다. 압축을 풀고 안의 파일을 골라 주세요.",
        "en": "This is a zip archive, not a {ext} file. Unzip it and upload the file inside.",
    },
    "error.too_many_rows": {
        "ja": "{limit:,} 行を超えるデータがあります。ファイルを分けるか、データより下の不要なセルを消してください。",
        "ko": "{limit:,}행을 넘는 데이터가 있습니다. 파일을 나누거나 데이터 아래의 불필요한 셀을 지워 주세요.",
        "en": "The data goes beyond the {limit:,}-row limit. Split the file, or delete stray cells below your data.",
    },
    # Text encodings
    "error.binary_file": {
        "ja": "テキストではなくバイナリファイルです。CSV（UTF-8）か .xlsx で書き出してください。",
        "ko": "텍스트가 아니라 바이너리 파일입니다. CSV(UTF-8)나 .xlsx로 내보내 주세요.",
        "en": "This is a binary file, not text. Export the data as CSV (UTF-8) or .xlsx.",
    },
    "error.not_text": {
        "ja": "文字コードを判別できません（UTF-8・Shift_JIS・EUC-JP・EUC-KR のどれでもなく、{line} 行目に不正なバイトがあります）。CSV（UTF-8）か .xlsx で保存し直してください。",
        "ko": "문자 인코딩을 알 수 없습니다(UTF-8, Shift_JIS, EUC-JP, EUC-KR 어느 것도 아니며 {line}번째 줄에 잘못된 바이트가 있습니다). CSV(UTF-8)나 .xlsx로 다시 저장해 주세요.",
        "en": "The file is not readable text: not UTF-8 (invalid bytes at line {line}), nor Shift_JIS, EUC-JP or EUC-KR. Save it as CSV UTF-8 or .xlsx.",
    },
    "error.decode_failed": {
        "ja": "文字コードを変換できません（{detail}）。CSV（UTF-8）か .xlsx で保存し直してください。",
        "ko": "문자 인코딩을 변환할 수 없습니다({detail}). CSV(UTF-8)나 .xlsx로 다시 저장해 주세요.",
        "en": "The file cannot be decoded ({detail}). Save it as CSV UTF-8 or .xlsx.",
    },
    "error.mixed_encoding": {
        "ja": "{line} 行目までは UTF-8 ですが、そこから別の文字コード（または壊れたバイト）になっています。テキストエディタでファイル全体を UTF-8 で保存し直してください。",
        "ko": "{line}번째 줄까지는 UTF-8이지만 그 뒤로 다른 인코딩(또는 손상된 바이트)이 섞여 있습니다. 텍스트 편집기에서 파일 전체를 UTF-8로 다시 저장해 주세요.",
        "en": "The file is UTF-8 up to line {line}, where another encoding (or damaged bytes) begins. Save the whole file as UTF-8 in a text editor.",
    },
    "error.truncated_file": {
        "ja": "ファイルが文字の途中で切れています（ダウンロードやコピーが途中で止まった可能性があります）。もう一度書き出してください。",
        "ko": "파일이 글자 중간에서 끊겨 있습니다(다운로드나 복사가 중간에 멈췄을 수 있습니다). 다시 내보내 주세요.",
        "en": "The file ends in the middle of a character: it was cut off. Export it again.",
    },
    "error.store_busy": {
        "ja": "ほかの方がデータを保存している最中のため保存できませんでした（{seconds} 秒待ちました）。何も保存されていません。少し待ってからもう一度お試しください。",
        "ko": "다른 사용자가 데이터를 저장하는 중이라 저장하지 못했습니다({seconds}초 기다렸습니다). 아무것도 저장되지 않았습니다. 잠시 후 다시 시도해 주세요.",
        "en": "Another upload or analysis was saving to the data store and did not finish within {seconds} s. Nothing was saved; try again in a minute.",
    },
    "error.unsupported_encoding": {
        "ja": "漢字だけでかなが一つもありません。中国語の文字コード（GBK・Big5 など）の可能性があります。CSV（UTF-8）で保存し直してください。",
        "ko": "한자만 있고 가나가 전혀 없습니다. 중국어 인코딩(GBK, Big5 등)일 수 있습니다. CSV(UTF-8)로 다시 저장해 주세요.",
        "en": "The text has kanji but no kana: it is probably Chinese (GBK, Big5) or another unsupported encoding. Save it as CSV UTF-8.",
    },
    # Delimited text
    "error.csv_parse_error": {
        "ja": "区切り文字のテキストとして読めません（{detail}）。",
        "ko": "구분 문자 텍스트로 읽을 수 없습니다({detail}).",
        "en": "The file cannot be parsed as delimited text ({detail}).",
    },
    "error.unclosed_quote": {
        "ja": "この行で開いた引用符（\"）が閉じられていないため、以降がすべて一つのセルになってしまいます。引用符を閉じるか削除してください。",
        "ko": "이 행에서 연 따옴표(\")가 닫히지 않아 그 뒤가 모두 한 셀이 됩니다. 따옴표를 닫거나 지워 주세요.",
        "en": "A quote (\") opened in this row is never closed, so the rest of the file would become one cell. Close or remove the quote.",
    },
    "error.too_many_fields": {
        "ja": "この行は {fields} 列ありますが、見出しは {width} 列です。セルの中に区切り文字 {delimiter} が引用符なしで入っている可能性があります。",
        "ko": "이 행은 {fields}열인데 머리글은 {width}열입니다. 셀 안에 구분 문자 {delimiter}가 따옴표 없이 들어 있을 수 있습니다.",
        "en": "This row has {fields} fields but the header has {width}. A cell probably contains the delimiter {delimiter} without quotes.",
    },
    "error.no_data_rows": {
        "ja": "見出し行だけで、データの行がありません。",
        "ko": "머리글 행만 있고 데이터 행이 없습니다.",
        "en": "The file has a header row but no data rows.",
    },
    "error.no_notes": {
        "ja": "ヒアリング記録が見つかりません。見出しはありますが、その下に本文がありません。",
        "ko": "청취 기록을 찾을 수 없습니다. 제목은 있지만 그 아래에 본문이 없습니다.",
        "en": "No hearing notes found: the file has headings but no text under them.",
    },
    # Excel
    "error.legacy_excel": {
        "ja": "古い Excel 形式（.xls）かパスワード付きのブックのため読めません。Excel で開いて .xlsx か CSV（UTF-8）で保存してください。",
        "ko": "예전 Excel 형식(.xls)이거나 암호가 걸린 통합 문서라 읽을 수 없습니다. Excel에서 열어 .xlsx나 CSV(UTF-8)로 저장해 주세요.",
        "en": "This is an old Excel .xls file (or a password-protected workbook). Open it in Excel and save as .xlsx or CSV UTF-8.",
    },
    "error.not_a_workbook": {
        "ja": "正しい Excel ブック（.xlsx）ではありません。CSV ファイルなら拡張子を .csv にしてください。",
        "ko": "올바른 Excel 통합 문서(.xlsx)가 아닙니다. CSV 파일이라면 확장자를 .csv로 바꿔 주세요.",
        "en": "This is not a valid Excel workbook (.xlsx). If it is a CSV file, rename it to .csv.",
    },
    "error.workbook_damaged": {
        "ja": "Excel ブックを開けません。壊れているか、途中までしかないか、Excel ファイルではありません（{error}）。Excel で保存し直してください。",
        "ko": "Excel 통합 문서를 열 수 없습니다. 손상되었거나 일부만 있거나 Excel 파일이 아닙니다({error}). Excel에서 다시 저장해 주세요.",
        "en": "The Excel workbook cannot be opened: it is damaged, incomplete or not an Excel file ({error}). Re-save it in Excel.",
    },
    "error.workbook_too_large_unpacked": {
        "ja": "このブックは展開すると {unpacked_mb:,} MB になり、上限の {limit_mb:,} MB を超えます。必要なシートを CSV（UTF-8）で保存してください。",
        "ko": "이 통합 문서는 풀면 {unpacked_mb:,} MB가 되어 상한 {limit_mb:,} MB를 넘습니다. 필요한 시트를 CSV(UTF-8)로 저장해 주세요.",
        "en": "The workbook would unpack to {unpacked_mb:,} MB, over the {limit_mb:,} MB limit. Save the sheet you need as CSV UTF-8.",
    },
    "error.workbook_zip_bomb": {
        "ja": "ブック内の「{part}」が {ratio:,} 倍に膨らむ構造になっています。表計算ファイルではなく圧縮爆弾とみられるため、開いていません。",
        "ko": "통합 문서 안의 '{part}'이(가) {ratio:,}배로 부풀어 오르는 구조입니다. 스프레드시트가 아니라 압축 폭탄으로 보여 열지 않았습니다.",
        "en": "Part '{part}' of the workbook expands {ratio:,} times: this looks like a zip bomb, not a spreadsheet, and was not opened.",
    },
    "error.no_such_sheet": {
        "ja": "「{sheet}」というシートはありません。シート：{sheets}",
        "ko": "'{sheet}' 시트가 없습니다. 시트: {sheets}",
        "en": "There is no sheet '{sheet}'. Sheets: {sheets}.",
    },
    "error.sheet_empty": {
        "ja": "シート「{sheet}」は空です。",
        "ko": "'{sheet}' 시트가 비어 있습니다.",
        "en": "Sheet '{sheet}' is empty.",
    },
    "error.no_sheet_with_data": {
        "ja": "データの入ったシートがありません。",
        "ko": "데이터가 있는 시트가 없습니다.",
        "en": "The workbook has no sheet with data.",
    },
    "error.sheet_too_large": {
        "ja": "シート「{sheet}」は {limit:,} セルを超える範囲に広がっています（右や下の離れたセルに値があるためです）。不要なセルを消すか、必要な列を CSV（UTF-8）で保存してください。",
        "ko": "'{sheet}' 시트가 {limit:,}셀이 넘는 범위에 걸쳐 있습니다(멀리 떨어진 셀에 값이 있기 때문입니다). 불필요한 셀을 지우거나 필요한 열을 CSV(UTF-8)로 저장해 주세요.",
        "en": "Sheet '{sheet}' spans more than {limit:,} cells (a value far to the right or far down stretches it). Delete stray cells, or save the columns you need as CSV UTF-8.",
    },
    "error.sheet_damaged": {
        "ja": "シート「{sheet}」を読めません。ブックが壊れています（{error}）。Excel で保存し直してください。",
        "ko": "'{sheet}' 시트를 읽을 수 없습니다. 통합 문서가 손상되었습니다({error}). Excel에서 다시 저장해 주세요.",
        "en": "Sheet '{sheet}' cannot be read: the workbook is damaged ({error}). Re-save it in Excel.",
    },
    # Column choices and answers
    "error.unknown_language": {
        "ja": "言語「{lang}」は指定できません。{choices} のいずれかにしてください。",
        "ko": "언어 '{lang}'은(는) 지정할 수 없습니다. {choices} 중 하나로 해 주세요.",
        "en": "Unknown language '{lang}': use one of {choices}.",
    },
    "error.no_text_column": {
        "ja": "自由記述の列を一つ以上選んでください。列：{columns}",
        "ko": "자유 응답 열을 하나 이상 골라 주세요. 열: {columns}",
        "en": "Choose at least one free-text column. Columns: {columns}.",
    },
    "error.no_such_column": {
        "ja": "「{names}」という列はありません。列：{columns}",
        "ko": "'{names}' 열이 없습니다. 열: {columns}",
        "en": "No column named '{names}'. Columns: {columns}.",
    },
    "error.attribute_name_clash": {
        "ja": "属性の列名が組み込みの項目名と同じです。ファイルの列名を変えてください。",
        "ko": "속성 열 이름이 기본 항목 이름과 같습니다. 파일에서 열 이름을 바꿔 주세요.",
        "en": "This attribute column has the name of a built-in answer field; rename it in the file.",
    },
    "error.empty_id": {
        "ja": "ID の列に空欄があります（{rows} 行目）。埋めるか、ID 列なしにしてください。",
        "ko": "ID 열에 빈칸이 있습니다({rows}행). 채우거나 ID 열 없이 진행해 주세요.",
        "en": "The ID column has empty cells (rows {rows}). Fill them in or choose no ID column.",
    },
    "error.duplicate_id": {
        "ja": "ID「{id}」が {rows} 行目に重複しています。ID は一意である必要があります。別の列を選ぶか、ID 列なしにしてください。",
        "ko": "ID '{id}'이(가) {rows}행에 중복되어 있습니다. ID는 고유해야 합니다. 다른 열을 고르거나 ID 열 없이 진행해 주세요.",
        "en": "The ID '{id}' appears on rows {rows}; IDs must be unique. Choose another ID column or none.",
    },
    "error.nothing_to_combine": {
        "ja": "まとめる回答がありません。",
        "ko": "합칠 응답이 없습니다.",
        "en": "No answers to combine.",
    },
    "error.same_file_twice": {
        "ja": "回答 ID「{answer_id}」が二つの入力にあります。同じファイルを二度追加していませんか。",
        "ko": "응답 ID '{answer_id}'이(가) 두 입력에 있습니다. 같은 파일을 두 번 추가하지 않았나요?",
        "en": "Answer ID '{answer_id}' occurs in two inputs: was the same file added twice?",
    },
    # Goals and indicators (goals_io)
    "error.goals_unsupported_type": {
        "ja": "「{ext}」ファイルからは目標を読み込めません。.csv、.xlsx、.yaml のいずれかにしてください。",
        "ko": "'{ext}' 파일에서는 목표를 읽을 수 없습니다. .csv, .xlsx, .yaml 중 하나로 해 주세요.",
        "en": "Goals cannot be read from a '{ext}' file: use .csv, .xlsx or .yaml.",
    },
    "error.goals_not_a_table": {
        "ja": "表ではありません。目標を 1 行に 1 つずつ書いた CSV、Excel、YAML ファイルを選んでください。",
        "ko": "표가 아닙니다. 목표를 한 행에 하나씩 적은 CSV, Excel, YAML 파일을 골라 주세요.",
        "en": "This is not a table: upload a CSV, Excel or YAML file with one goal per row.",
    },
    "error.goals_missing_column": {
        "ja": "必要な列（{missing}）がありません。",
        "ko": "필요한 열({missing})이 없습니다.",
        "en": "No column for {missing}.",
    },
    "error.goals_bad_yaml": {
        "ja": "YAML として読めないか、目標のリスト（goals: の下に id と name を持つ項目）になっていません。",
        "ko": "YAML로 읽을 수 없거나 목표 목록(goals: 아래에 id와 name이 있는 항목)이 아닙니다.",
        "en": "This is not valid YAML, or not a list of goals (a 'goals:' list of entries with id and name).",
    },
    "error.goals_empty": {
        "ja": "目標がありません。目標名のある行を一つ以上加えてください。",
        "ko": "목표가 없습니다. 목표 이름이 있는 행을 하나 이상 추가해 주세요.",
        "en": "No goals found: add at least one row with a goal name.",
    },
    "error.goals_missing_id": {
        "ja": "目標「{name}」に ID がありません。",
        "ko": "목표 '{name}'에 ID가 없습니다.",
        "en": "The goal '{name}' has no id.",
    },
    "error.goals_missing_name": {
        "ja": "目標「{goal}」に名前がありません。",
        "ko": "목표 '{goal}'에 이름이 없습니다.",
        "en": "The goal '{goal}' has no name.",
    },
    "error.goals_duplicate_id": {
        "ja": "目標 ID「{goal}」が複数回使われています。",
        "ko": "목표 ID '{goal}'이(가) 여러 번 쓰였습니다.",
        "en": "The goal id '{goal}' is used more than once.",
    },
    "error.goals_bad_language": {
        "ja": "目標「{goal}」の言語が「{language}」です。ja か ko にしてください。",
        "ko": "목표 '{goal}'의 언어가 '{language}'입니다. ja나 ko로 해 주세요.",
        "en": "The goal '{goal}' has language '{language}': use ja or ko.",
    },
    "error.goals_unknown_parent": {
        "ja": "目標「{goal}」の親「{parent}」がファイルにありません。",
        "ko": "목표 '{goal}'의 상위 목표 '{parent}'이(가) 파일에 없습니다.",
        "en": "The goal '{goal}' names a parent '{parent}' that is not in the file.",
    },
    "error.goals_bad_separator": {
        "ja": "目標「{goal}」の例文かキーワードに「|」か改行が入っています。別々の項目に分けてください。",
        "ko": "목표 '{goal}'의 예문이나 키워드에 '|'나 줄바꿈이 있습니다. 따로따로 나누어 주세요.",
        "en": "An example or keyword of '{goal}' contains '|' or a line break: split it into separate entries.",
    },
    "error.goals_parent_cycle": {
        "ja": "目標「{goal}」の親をたどると元に戻ってしまいます（循環しています）。",
        "ko": "목표 '{goal}'의 상위 목표를 따라가면 제자리로 돌아옵니다(순환합니다).",
        "en": "The parents of '{goal}' go round in a circle.",
    },
    "error.indicators_not_a_table": {
        "ja": "表ではありません。指標の値を 1 行に 1 つずつ書いた CSV か Excel ファイルを選んでください。",
        "ko": "표가 아닙니다. 지표 값을 한 행에 하나씩 적은 CSV나 Excel 파일을 골라 주세요.",
        "en": "This is not a table: upload a CSV or Excel file with one indicator value per row.",
    },
    "error.indicators_missing_column": {
        "ja": "必要な列（{missing}）がありません。",
        "ko": "필요한 열({missing})이 없습니다.",
        "en": "No column for {missing}.",
    },
    "error.indicators_missing_key": {
        "ja": "どの行にも目標 ID と指標名が必要です。",
        "ko": "모든 행에 목표 ID와 지표 이름이 필요합니다.",
        "en": "Every row needs a goal id and an indicator name.",
    },
    "error.indicators_unknown_goal": {
        "ja": "目標 ID「{goal}」は目標の一覧にありません。",
        "ko": "목표 ID '{goal}'은(는) 목표 목록에 없습니다.",
        "en": "The goal id '{goal}' is not one of the goals.",
    },
    "error.indicators_bad_value": {
        "ja": "値「{value}」は数値ではありません。",
        "ko": "값 '{value}'은(는) 숫자가 아닙니다.",
        "en": "The value '{value}' is not a number.",
    },
    "error.indicators_bad_year": {
        "ja": "年「{year}」は整数ではありません。",
        "ko": "연도 '{year}'은(는) 정수가 아닙니다.",
        "en": "The year '{year}' is not a whole number.",
    },
    "error.indicators_duplicate": {
        "ja": "目標「{goal}」の指標「{indicator}」が、同じ地区・同じ年で 2 回出てきます。1 行にしてください。",
        "ko": "목표 '{goal}'의 지표 '{indicator}'이(가) 같은 지역, 같은 연도로 두 번 나옵니다. 한 행만 남겨 주세요.",
        "en": "'{indicator}' of goal '{goal}' appears twice for the same district and year. Keep one row each.",
    },
    # Raised without a code (checks outside the readers): the English detail, introduced.
    "error.input_error": {
        "ja": "入力を確認してください（{message}）",
        "ko": "입력을 확인해 주세요({message})",
        "en": "{message}",
    },
}
