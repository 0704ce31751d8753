"""Strings of the Personal data page's review tools: not personal data, local proper nouns, masking
again, quasi-identifiers, and the kinds of personal data added with them."""

STRINGS = {
    "pii_bank_account": {"ja": "口座番号", "ko": "계좌번호", "en": "Bank account"},
    "pii_car_plate": {"ja": "車のナンバー", "ko": "차량 번호", "en": "Number plate"},
    "pii_account": {"ja": "SNS などのアカウント", "ko": "SNS 등의 계정", "en": "Online account"},
    "privacy_intro_more": {
        "ja": "口座番号・車のナンバー・SNS などのアカウント、ヒアリング記録の見出しや「代表者」などの属性の値も伏せます。",
        "ko": "계좌번호·차량 번호·SNS 등의 계정, 기록의 제목이나 '대표자' 같은 속성 값도 가립니다.",
        "en": "Bank accounts, number plates, online accounts, and attribute values such as note titles or a “representative” "
              "field are masked too.",
    },
    "privacy_where": {"ja": "場所", "ko": "위치", "en": "Where"},
    "privacy_in_text": {"ja": "回答", "ko": "응답", "en": "Answer"},
    "privacy_in_attribute": {"ja": "属性「{name}」", "ko": "속성 '{name}'", "en": "Attribute “{name}”"},
    "privacy_pick_hint": {
        "ja": "表の行を選ぶと、その項目を「個人情報ではない」と登録できます。",
        "ko": "표에서 행을 고르면 그 항목을 '개인정보가 아님'으로 등록할 수 있습니다.",
        "en": "Select a row of the table to mark that item as not personal data.",
    },
    "privacy_mark_finding": {
        "ja": "この回答のこの項目は個人情報ではない", "ko": "이 응답의 이 항목은 개인정보가 아님",
        "en": "Not personal data in this answer",
    },
    "privacy_mark_term": {
        "ja": "この語句はどこでも個人情報ではない", "ko": "이 말은 어디서나 개인정보가 아님",
        "en": "Not personal data anywhere",
    },
    "privacy_mark_noun": {
        "ja": "地域の固有名詞として登録（人名として伏せない）", "ko": "지역 고유명사로 등록 (이름으로 가리지 않음)",
        "en": "Add as a local proper noun (never a person's name)",
    },
    "privacy_rules": {"ja": "個人情報ではないもの・地域の固有名詞", "ko": "개인정보가 아닌 것·지역 고유명사",
                      "en": "Not personal data, and local proper nouns"},
    "privacy_rules_help": {
        "ja": "施設名・地名・ご当地キャラなど、人名と誤って伏せられる語を登録します。登録と取り消しは記録に残り、次に伏せ字処理をやり直したときに反映されます。",
        "ko": "시설 이름·지명·지역 캐릭터 등 이름으로 잘못 가려지는 말을 등록합니다. 등록과 취소는 기록에 남고, 가림 처리를 다시 할 때 반영됩니다.",
        "en": "Add facility, place and mascot names that were masked as if they were people. Each addition and removal is logged "
              "and takes effect the next time the answers are masked again.",
    },
    "privacy_noun_input": {"ja": "地域の固有名詞（施設・地名・キャラクター名など）", "ko": "지역 고유명사 (시설·지명·캐릭터 이름 등)",
                           "en": "Local proper noun (facility, place, mascot ...)"},
    "privacy_noun_add": {"ja": "登録する", "ko": "등록", "en": "Add"},
    "privacy_rule_list": {"ja": "登録の種類", "ko": "등록 종류", "en": "List"},
    "privacy_rule_allow": {"ja": "個人情報ではない", "ko": "개인정보가 아님", "en": "Not personal data"},
    "privacy_rule_noun": {"ja": "地域の固有名詞", "ko": "지역 고유명사", "en": "Local proper noun"},
    "privacy_rule_scope": {"ja": "範囲", "ko": "범위", "en": "Scope"},
    "privacy_rule_everywhere": {"ja": "データ全体", "ko": "데이터 전체", "en": "Everywhere"},
    "privacy_rule_one_answer": {"ja": "回答 {answer_id} のみ", "ko": "응답 {answer_id}만", "en": "Answer {answer_id} only"},
    "privacy_rules_none": {"ja": "まだ登録はありません。", "ko": "아직 등록된 것이 없습니다.", "en": "Nothing added yet."},
    "privacy_rule_remove": {"ja": "選んだ登録を取り消す", "ko": "고른 등록 취소", "en": "Undo the selected entry"},
    "privacy_rule_added": {
        "ja": "「{term}」を登録しました。伏せ字処理をやり直すと反映されます。",
        "ko": "'{term}'을(를) 등록했습니다. 가림 처리를 다시 하면 반영됩니다.",
        "en": "“{term}” was added. It takes effect when the answers are masked again.",
    },
    "privacy_rule_removed": {
        "ja": "「{term}」の登録を取り消しました。伏せ字処理をやり直すと反映されます。",
        "ko": "'{term}' 등록을 취소했습니다. 가림 처리를 다시 하면 반영됩니다.",
        "en": "“{term}” was removed. It takes effect when the answers are masked again.",
    },
    "privacy_stale": {
        "ja": "登録の変更（または伏せ字のしくみの更新）がまだ回答に反映されていません。やり直すと、地図・集計・資料の文が新しい伏せ字になります。",
        "ko": "등록 변경(또는 가림 기능의 갱신)이 아직 응답에 반영되지 않았습니다. 다시 하면 지도·집계·자료의 문장이 새로 가려집니다.",
        "en": "Changes to these lists (or an update of the masking) are not applied to the answers yet. Masking again updates "
              "the text on the map, in tables and in exports.",
    },
    "privacy_remask": {"ja": "伏せ字処理をやり直す", "ko": "가림 처리 다시 하기", "en": "Mask the answers again"},
    "privacy_remasked": {
        "ja": "伏せ字処理をやり直しました。文が変わった回答：{changed} 件、伏せた項目：{findings} 件。",
        "ko": "가림 처리를 다시 했습니다. 문장이 바뀐 응답: {changed}건, 가린 항목: {findings}건.",
        "en": "The answers were masked again: {changed} answers changed, {findings} items are masked.",
    },
    "privacy_quasi": {"ja": "確認してほしい間接的な情報（自動では伏せません）", "ko": "확인이 필요한 간접 정보 (자동으로 가리지 않음)",
                      "en": "Indirect identifiers to review (not masked automatically)"},
    "privacy_quasi_help": {
        "ja": "生年月日、名前の分かる学校・団体の役職、年齢と町名の組み合わせは、それだけで本人が分かることがあります。必要なら語句を伏せるか、回答を除外してください。",
        "ko": "생년월일, 이름이 알려진 학교·단체의 직책, 나이와 동네 이름의 조합은 그것만으로 본인을 알 수 있을 때가 있습니다. 필요하면 말을 가리거나 응답을 제외하세요.",
        "en": "A birth date, a role at a named school or group, or an age with a neighbourhood can point at one person. "
              "Redact a term or exclude the answer where needed.",
    },
    "privacy_quasi_none": {"ja": "見つかりませんでした。", "ko": "찾지 못했습니다.", "en": "None found."},
    "privacy_quasi_found": {"ja": "該当する語句", "ko": "해당하는 말", "en": "Found"},
    "privacy_quasi_excerpt": {"ja": "前後の文", "ko": "앞뒤 문장", "en": "In context"},
    "quasi_birth_date": {"ja": "生年月日", "ko": "생년월일", "en": "Birth date"},
    "quasi_role_at_place": {"ja": "名前の分かる所の役職", "ko": "알려진 곳의 직책", "en": "Role at a named place"},
    "quasi_age_and_place": {"ja": "年齢と町名", "ko": "나이와 동네", "en": "Age and neighbourhood"},
}
