"""Plain words: the audit log's actions and details, the map's one-line explanation, and the
other sentences that replaced codes, jargon or English in the ja/ko interface (issues 12 and 17)."""

_ACTIONS = {
    # action code: (ja, ko, en) - what the person did, as the audit log lists it
    "upload": ("ファイルの読み込み", "파일 불러오기", "Uploaded a file"),
    "analyze": ("分析", "분석", "Analysed"),
    "reanalyze": ("分析のやり直し", "다시 분석", "Analysed again"),
    "add_to_analysis": ("新しい回答を分析に追加", "새 응답을 분석에 추가", "Added new answers to the analysis"),
    "delete_batch": ("読み込んだ回答の削除", "불러온 응답 삭제", "Deleted an uploaded batch"),
    "rename_cluster": ("意見グループの名前を変更", "의견 그룹 이름 변경", "Renamed an opinion group"),
    "merge_clusters": ("意見グループの統合", "의견 그룹 병합", "Merged opinion groups"),
    "split_cluster": ("意見グループの分割", "의견 그룹 분할", "Split an opinion group"),
    "move_answers": ("回答の移動", "응답 이동", "Moved answers"),
    "move_topic": ("小さな分類の移動", "작은 분류 이동", "Moved a narrow group"),
    "exclude_answers": ("回答の除外", "응답 제외", "Excluded answers"),
    "restore_answers": ("除外の取り消し", "제외 취소", "Restored answers"),
    "new_topic": ("新しい小さな分類の作成", "새 작은 분류 만들기", "Made a new narrow group"),
    "undo": ("編集の取り消し", "편집 취소", "Undid an edit"),
    "export": ("資料の作成", "자료 만들기", "Built export files"),
    "export_goals": ("目標の章を資料に追加", "목표 장을 자료에 추가", "Added the goals section to the files"),
    "release": ("公開資料の記録", "공개 자료 기록", "Recorded a public release"),
    "view_personal_data": ("個人情報の確認", "개인정보 확인", "Looked at personal data"),
    "redact": ("語句を伏せる", "어구 가리기", "Hid a term"),
    "unredact": ("伏せた語句を戻す", "가린 어구 되돌리기", "Unhid a term"),
    "goals_saved": ("目標の保存", "목표 저장", "Saved the goals"),
    "goal_decision": ("目標への当てはめの判断", "목표 해당 여부 판단", "Decided answers for a goal"),
    "indicators_saved": ("指標の読み込み", "지표 불러오기", "Uploaded indicators"),
    "denied": ("権限のない操作（拒否）", "권한 없는 작업 (거부)", "Refused: no permission"),
    "correct_batch": ("読み込みの名前・調査日の修正", "불러온 응답의 이름·조사일 수정", "Corrected a batch's name or date"),
    "briefing": ("委員会向けまとめの作成", "위원회 브리핑 만들기", "Built the committee briefing"),
    "add_privacy_rule": ("個人情報の扱いの追加（対象外・地域の固有名詞）", "개인정보 처리 규칙 추가(제외·지역 고유명사)",
                         "Added a personal-data rule (not personal, local proper noun)"),
    "remove_privacy_rule": ("個人情報の扱いの取り消し", "개인정보 처리 규칙 취소", "Removed a personal-data rule"),
    "remask": ("個人情報の伏せ字のやり直し", "개인정보 가림 처리 다시 하기", "Masked personal data again"),
    "set_population": ("人口の表の読み込み", "인구 표 불러오기", "Uploaded a population table"),
    "set_weighting": ("重み付けの設定", "가중치 설정", "Set the weighting"),
    "response_edit": ("意見への対応の編集", "의견 처리 결과 편집", "Edited a response row"),
    "response_order": ("意見への対応の並べ替え", "의견 처리 결과 순서 변경", "Reordered the response rows"),
    "response_settings": ("意見への対応の表題・区分の設定", "의견 처리 결과 제목·구분 설정",
                          "Set the response table's title and dispositions"),
    "response_attach": ("行から外れた対応のつなぎ直し", "떨어져 나간 답변 다시 연결", "Re-attached an orphaned response"),
    "response_undo": ("意見への対応の編集の取り消し", "의견 처리 결과 편집 취소", "Undid a response edit"),
    "response_import": ("意見への対応の読み込み（Excel）", "의견 처리 결과 불러오기(Excel)",
                        "Imported responses from a workbook"),
    "response_export": ("意見への対応の書き出し", "의견 처리 결과 내보내기", "Exported the response table"),
    "purge_originals": ("元の文章（伏せ字前）の削除", "원문(가림 처리 전) 삭제", "Purged the original texts"),
    "user_add": ("利用者の追加・変更", "사용자 추가·변경", "Added or changed a user"),
    "user_passwd": ("パスワードの再設定", "비밀번호 재설정", "Reset a password"),
    "user_remove": ("利用者の削除", "사용자 삭제", "Removed a user"),
    "user_unlock": ("ログイン制限の解除", "로그인 잠금 해제", "Lifted a sign-in lock"),
    "sign_in": ("ログイン", "로그인", "Signed in"),
    "sign_in_failed": ("ログインの失敗", "로그인 실패", "Failed sign-in"),
    "sign_in_locked": ("ログインの一時停止（失敗の繰り返し）", "로그인 일시 잠금(실패 반복)", "Sign-in locked after repeated failures"),
    "sign_out": ("ログアウト", "로그아웃", "Signed out"),
}

_PERMISSIONS = {
    # permission code: (ja, ko, en) - what a refused person tried to do
    "view": ("閲覧", "열람", "viewing"),
    "upload": ("ファイルの読み込み", "파일 불러오기", "uploading"),
    "analyze": ("分析", "분석", "analysing"),
    "curate": ("意見グループの編集", "의견 그룹 편집", "editing opinion groups"),
    "delete": ("削除", "삭제", "deleting"),
    "review_personal_data": ("個人情報の確認", "개인정보 확인", "looking at personal data"),
    "redact": ("語句を伏せる", "어구 가리기", "hiding terms"),
    "export_public": ("公開用資料の作成", "공개용 자료 만들기", "building public files"),
    "export_internal": ("委員会向け資料の作成", "위원회용 자료 만들기", "building committee files"),
    "audit": ("操作記録の閲覧", "작업 기록 열람", "reading the audit log"),
    "goals": ("目標の編集", "목표 편집", "editing goals"),
}

_DETAILS = {
    # detail name: (ja, ko, en) - the label before a value in the audit log's details
    "file": ("ファイル", "파일", "file"),
    "name": ("名前", "이름", "name"),
    "sample": ("サンプル", "샘플", "sample"),
    "answers_in": ("ファイルの回答欄", "파일의 응답 칸", "answer cells in the file"),
    "dropped": ("除いた理由", "제외 사유", "left out"),
    "reused": ("前と同じ回答", "이전과 같은 응답", "same as before"),
    "audience": ("対象", "대상", "for"),
    "language": ("言語", "언어", "language"),
    "topics": ("載せた小さな分類", "실은 작은 분류", "narrow groups included"),
    "crosstabs": ("クロス集計", "교차표", "crosstabs"),
    "version": ("版", "판", "version"),
    "goals": ("目標", "목표", "goals"),
    "goal": ("目標", "목표", "goal"),
    "state": ("判断", "판단", "decision"),
    "term": ("語句", "어구", "term"),
    "redaction": ("伏せた語句の番号", "가린 어구 번호", "hidden term no."),
    "permission": ("しようとした操作", "시도한 작업", "tried"),
    "batches": ("追加した回答のまとまり", "추가한 응답 묶음", "batches added"),
    "new_voices": ("新しい声", "새로운 목소리", "new voices"),
    "kept_share": ("同じ小さな分類に残った回答", "같은 작은 분류에 남은 응답", "answers kept in their narrow group"),
    "labels_carried": ("引き継いだ名前", "이어받은 이름", "names carried over"),
}


def _table(prefix: str, rows: dict[str, tuple[str, str, str]]) -> dict[str, dict[str, str]]:
    return {f"{prefix}.{code}": dict(zip(("ja", "ko", "en"), words)) for code, words in rows.items()}


STRINGS: dict[str, dict[str, str]] = {
    **_table("audit_action", _ACTIONS),
    **_table("audit_permission", _PERMISSIONS),
    **_table("audit_detail", _DETAILS),
    # The header fields of hearing notes, which the notes reader names in English (title, group, date)
    "plain_note_field.title": {"ja": "記録の題名", "ko": "기록 제목", "en": "Note title"},
    "plain_note_field.group": {"ja": "団体・グループ", "ko": "단체·그룹", "en": "Group"},
    "plain_note_field.date": {"ja": "実施日", "ko": "실시일", "en": "Date"},
    "plain_yes": {"ja": "はい", "ko": "예", "en": "yes"},
    "plain_no": {"ja": "いいえ", "ko": "아니요", "en": "no"},
    "plain_n_items": {"ja": "{n} 個", "ko": "{n}개", "en": "{n}"},
    "plain_audience.public": {"ja": "公開用", "ko": "공개용", "en": "public"},
    "plain_audience.internal": {"ja": "委員会向け", "ko": "위원회용", "en": "committee"},
    "plain_audit_zone": {
        "ja": "日時は {zone} の時刻です（変えるには環境変数 LISTENING_TIMEZONE に Asia/Tokyo などを設定）。",
        "ko": "일시는 {zone} 시각입니다 (바꾸려면 환경 변수 LISTENING_TIMEZONE에 Asia/Seoul 등을 설정).",
        "en": "Times are in {zone} (set the environment variable LISTENING_TIMEZONE, e.g. Asia/Tokyo, to change it).",
    },
    "plain_map_explainer": {
        "ja": "点は1件の回答です。近い点ほど似た意見で、色は意見グループを表します。",
        "ko": "점 하나가 응답 1건입니다. 가까운 점일수록 비슷한 의견이고, 색은 의견 그룹을 나타냅니다.",
        "en": "Each dot is one answer. The closer two dots, the more alike the opinions; colours show the opinion groups.",
    },
    "plain_export_intro_public": {
        "ja": "パブリックコメント用の公開資料を作ります。個人情報は伏せ、5人未満の集計は「<5」と表示します。",
        "ko": "공개 의견 수렴용 공개 자료를 만듭니다. 개인정보는 가리고, 5명 미만 집계는 '<5'로 표시합니다.",
        "en": "Build the files the city publishes for public comment. They hide personal data and show groups of fewer than 5 people as “<5”.",
    },
}
