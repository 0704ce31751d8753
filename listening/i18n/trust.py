"""Strings of sign-in, roles and the audit log page."""

STRINGS = {
    # -- sign-in and roles -------------------------------------------------------
    "login_name": {"ja": "ユーザー名", "ko": "사용자 이름", "en": "User name"},
    "login_password": {"ja": "パスワード", "ko": "비밀번호", "en": "Password"},
    "login_go": {"ja": "ログイン", "ko": "로그인", "en": "Sign in"},
    "login_oidc": {"ja": "市のアカウントでログイン", "ko": "시 계정으로 로그인", "en": "Sign in with the city account"},
    "login_failed": {"ja": "ユーザー名かパスワードが違います。", "ko": "사용자 이름이나 비밀번호가 다릅니다.", "en": "Wrong user name or password."},
    "login_users_broken": {
        "ja": "ユーザー設定ファイルを読めません。管理者に連絡してください：{error}",
        "ko": "사용자 설정 파일을 읽을 수 없습니다. 관리자에게 문의하세요: {error}",
        "en": "The users file cannot be read; ask the administrator: {error}",
    },
    "signed_in_as": {"ja": "ログイン中：{name}（{role}）", "ko": "로그인: {name} ({role})", "en": "Signed in: {name} ({role})"},
    "login_needed_on_network": {
        "ja": "ログインの設定がないまま、ネットワークに公開しようとしています。管理者は `python -m listening user add` で利用者を登録するか、server.address を 127.0.0.1 に戻してください。",
        "ko": "로그인 설정 없이 네트워크에 공개하려고 합니다. 관리자는 `python -m listening user add`로 사용자를 등록하거나 server.address를 127.0.0.1로 되돌려 주세요.",
        "en": "No login is configured but the app is served on the network. Add users with `python -m listening user add`, or set server.address back to 127.0.0.1.",
    },
    "logout": {"ja": "ログアウト", "ko": "로그아웃", "en": "Sign out"},
    "role_staff": {"ja": "職員", "ko": "직원", "en": "staff"},
    "role_committee": {"ja": "委員", "ko": "위원", "en": "committee"},
    "access_denied": {
        "ja": "この操作は{role}の権限ではできません。",
        "ko": "이 작업은 {role} 권한으로 할 수 없습니다.",
        "en": "The {role} role may not do this.",
    },
    # -- audit page -----------------------------------------------------------------
    "nav_audit": {"ja": "操作記録", "ko": "작업 기록", "en": "Audit log"},
    "audit_intro": {
        "ja": "取り込み・分析・編集・伏せ字・エクスポート・削除・個人情報の閲覧をすべて記録しています。",
        "ko": "가져오기·분석·편집·가림·내보내기·삭제·개인정보 열람을 모두 기록합니다.",
        "en": "Every upload, analysis, edit, redaction, export, deletion and look at personal data is recorded.",
    },
    "audit_all": {"ja": "すべてのデータセット", "ko": "모든 데이터 세트", "en": "All datasets"},
    "audit_when": {"ja": "日時", "ko": "일시", "en": "When"},
    "audit_user": {"ja": "誰が", "ko": "누가", "en": "Who"},
    "audit_role": {"ja": "権限", "ko": "권한", "en": "Role"},
    "audit_action": {"ja": "操作", "ko": "작업", "en": "Action"},
    "audit_rows": {"ja": "件数", "ko": "건수", "en": "Rows"},
    "audit_detail": {"ja": "内容", "ko": "내용", "en": "Details"},
    "audit_download": {"ja": "操作記録をダウンロード（CSV）", "ko": "작업 기록 내려받기 (CSV)", "en": "Download the audit log (CSV)"},
    "audit_empty": {"ja": "まだ記録はありません。", "ko": "아직 기록이 없습니다.", "en": "Nothing recorded yet."},
}
