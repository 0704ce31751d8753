"""Strings of sign-in throttling, the host check of local mode, and purging original texts."""

STRINGS = {
    # -- sign-in locks ----------------------------------------------------------------
    "login_locked_name": {
        "ja": "このユーザー名ではログインの失敗が続いたため、ログインを一時的に止めています。約{minutes}分後にもう一度お試しください。"
              "急ぐ場合は管理者に `python -m listening user unlock` での解除を依頼してください。",
        "ko": "이 사용자 이름으로 로그인 실패가 계속되어 로그인을 잠시 막았습니다. 약 {minutes}분 뒤에 다시 시도해 주세요. "
              "급하면 관리자에게 `python -m listening user unlock`으로 해제해 달라고 요청하세요.",
        "en": "Too many failed sign-ins for this user name: signing in is paused. Try again in about {minutes} "
              "minutes, or ask the administrator to lift the lock with `python -m listening user unlock`.",
    },
    "login_locked_address": {
        "ja": "この端末からのログインの失敗が続いたため、ログインを一時的に止めています。約{minutes}分後にもう一度お試しください。",
        "ko": "이 기기에서 로그인 실패가 계속되어 로그인을 잠시 막았습니다. 약 {minutes}분 뒤에 다시 시도해 주세요.",
        "en": "Too many failed sign-ins from this computer: signing in is paused. Try again in about {minutes} minutes.",
    },
    "login_weak_cookie_secret": {
        "ja": "ログイン設定（.streamlit/secrets.toml の [auth]）の cookie_secret が短すぎるか単純すぎます。管理者は32文字以上のランダムな値"
              "（例：`python -c \"import secrets; print(secrets.token_hex(32))\"`）にしてください。",
        "ko": "로그인 설정(.streamlit/secrets.toml의 [auth])의 cookie_secret이 너무 짧거나 단순합니다. 관리자는 32자 이상의 무작위 값"
              "(예: `python -c \"import secrets; print(secrets.token_hex(32))\"`)으로 바꿔 주세요.",
        "en": "The cookie_secret of the login settings ([auth] in .streamlit/secrets.toml) is too short or too simple. "
              "The administrator must set 32 or more random characters "
              "(e.g. `python -c \"import secrets; print(secrets.token_hex(32))\"`).",
    },
    # -- local mode answers only this machine's own names ---------------------------------
    "host_refused": {
        "ja": "このアドレスでは開けません。ログイン設定のないこのアプリは、このパソコンで http://127.0.0.1 か http://localhost として開いたときだけ表示します。",
        "ko": "이 주소로는 열 수 없습니다. 로그인 설정이 없는 이 앱은 이 컴퓨터에서 http://127.0.0.1 또는 http://localhost로 열 때만 표시됩니다.",
        "en": "This address cannot open the app. Without a login configuration it shows only when opened on this "
              "computer as http://127.0.0.1 or http://localhost.",
    },
    # -- purging original texts (Personal data page) ----------------------------------------
    "purge_title": {"ja": "元の文章を削除する", "ko": "원문 삭제", "en": "Purge the original texts"},
    "purge_help": {
        "ja": "確認が終わったら、このデータセットの個人情報を含む元の文章（マスキング前の回答、検出した個人情報の原文、除いた回答の文章）を削除できます。"
              "マスキング後の回答、分析、検出の種類と件数は残ります。元に戻せません。操作記録に残ります。",
        "ko": "확인이 끝나면 이 데이터셋의 개인정보가 담긴 원문(마스킹 전 응답, 찾아낸 개인정보의 원문, 제외한 응답의 글)을 삭제할 수 있습니다. "
              "마스킹한 응답, 분석, 찾아낸 종류와 건수는 남습니다. 되돌릴 수 없으며 작업 기록에 남습니다.",
        "en": "Once the review is done, delete this dataset's original texts that may hold personal data (answers before "
              "masking, the originals of what masking found, the text of dropped answers). The masked answers, the "
              "analysis and the kinds and counts of findings stay. This cannot be undone and is logged.",
    },
    "purge_left": {
        "ja": "元の文章：{n} 件が残っています。",
        "ko": "원문 {n}건이 남아 있습니다.",
        "en": "{n} original texts are still stored.",
    },
    "purge_confirm": {
        "ja": "元の文章を削除し、二度と見られなくなることを理解しました",
        "ko": "원문을 삭제하면 다시 볼 수 없다는 것을 이해했습니다",
        "en": "I understand the original texts are deleted for good",
    },
    "purge_go": {"ja": "元の文章を削除する", "ko": "원문 삭제하기", "en": "Purge the originals"},
    "purge_done": {
        "ja": "元の文章を削除しました（回答 {answers} 件、検出 {findings} 件、除いた回答 {dropped} 件）。",
        "ko": "원문을 삭제했습니다(응답 {answers}건, 찾아낸 항목 {findings}건, 제외한 응답 {dropped}건).",
        "en": "Original texts purged ({answers} answers, {findings} findings, {dropped} dropped answers).",
    },
    "purge_none_left": {
        "ja": "このデータセットには元の文章が残っていません（削除済み）。",
        "ko": "이 데이터셋에는 원문이 남아 있지 않습니다(삭제됨).",
        "en": "This dataset holds no original texts (purged).",
    },
    "purged_original": {"ja": "（削除済み）", "ko": "(삭제됨)", "en": "(purged)"},
}
