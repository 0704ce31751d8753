"""Personal-data masking on adversarial Japanese and Korean answers."""
from __future__ import annotations

from pathlib import Path

import pytest

from listening.ingest.read import read_path
from listening.privacy import spreadsheet_safe
from listening.privacy.detect import Finding, find_personal_data, is_luhn, is_my_number, mask_text, mask_texts

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "survey_ja.csv"

# (text, language, kind, the exact original span that must be masked)
POSITIVE = [
    # email
    ("連絡は taro.yamada@example.co.jp までお願いします", "ja", "email", "taro.yamada@example.co.jp"),
    ("メールｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐに送って", "ja", "email", "ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ"),
    ("문의는 minsu_kim+city@naver.com 으로", "ko", "email", "minsu_kim+city@naver.com"),
    # Japanese phones
    ("電話は090-1234-5678です", "ja", "phone", "090-1234-5678"),
    ("電話は０９０－１２３４－５６７８です", "ja", "phone", "０９０－１２３４－５６７８"),
    ("携帯０８０ー１２３４ー５６７８まで", "ja", "phone", "０８０ー１２３４ー５６７８"),
    ("番号は09012345678です", "ja", "phone", "09012345678"),
    ("市役所0776-20-5111に電話した", "ja", "phone", "0776-20-5111"),
    ("東京03(1234)5678へ", "ja", "phone", "03(1234)5678"),
    ("(03)1234-5678まで", "ja", "phone", "(03)1234-5678"),
    ("フリーダイヤル0120-123-456が便利", "ja", "phone", "0120-123-456"),
    ("海外から+81-90-1234-5678に", "ja", "phone", "+81-90-1234-5678"),
    ("+81 (0)3 1234 5678 が事務所", "ja", "phone", "+81 (0)3 1234 5678"),
    ("自宅 0776 22 1234 です", "ja", "phone", "0776 22 1234"),
    # Korean phones
    ("연락처 010-1234-5678 로 주세요", "ko", "phone", "010-1234-5678"),
    ("01012345678로 문자 주세요", "ko", "phone", "01012345678"),
    ("사무실 02-123-4567 입니다", "ko", "phone", "02-123-4567"),
    ("경기도 031-123-4567 번호", "ko", "phone", "031-123-4567"),
    ("해외에서 +82-10-1234-5678 로", "ko", "phone", "+82-10-1234-5678"),
    ("전화 ０１０－９８７６－５４３２", "ko", "phone", "０１０－９８７６－５４３２"),
    # postal codes
    ("〒910-0005 福井県に住んでいます", "ja", "postal_code", "910-0005"),
    ("〒９１０－０００５", "ja", "postal_code", "９１０－０００５"),
    ("910-0005 福井市大手です", "ja", "postal_code", "910-0005"),
    ("郵便番号：9100005", "ja", "postal_code", "9100005"),
    ("우편번호 04524 로 보내 주세요", "ko", "postal_code", "04524"),
    # Japanese addresses (the prefecture stays: it identifies nobody)
    ("福井県福井市大手3丁目10番1号に住んでいます", "ja", "address", "福井市大手3丁目10番1号"),
    ("福井市大手３丁目１０番１号", "ja", "address", "福井市大手３丁目１０番１号"),
    ("住所は福井市大手2-3-4です", "ja", "address", "福井市大手2-3-4"),
    ("鯖江市本町１－２－３の者です", "ja", "address", "鯖江市本町１－２－３"),
    ("坂井市丸岡町霞町1丁目2-3", "ja", "address", "坂井市丸岡町霞町1丁目2-3"),
    ("越前町厨12番地に実家", "ja", "address", "越前町厨12番地"),
    ("東京都千代田区丸の内1丁目9番2号", "ja", "address", "千代田区丸の内1丁目9番2号"),
    ("明里町5番8号の前", "ja", "address", "明里町5番8号"),
    # Korean addresses
    ("서울특별시 중구 세종대로 110 에 삽니다", "ko", "address", "중구 세종대로 110"),
    ("집은 대전시 유성구 대학로 99 입니다", "ko", "address", "유성구 대학로 99"),
    ("주소: 성남시 분당구 불정로 6", "ko", "address", "성남시 분당구 불정로 6"),
    ("역삼동 123-4번지에 살아요", "ko", "address", "역삼동 123-4번지"),
    ("테헤란로78번길 12 건물", "ko", "address", "테헤란로78번길 12"),
    # My Number, resident registration numbers, cards
    ("マイナンバーは123456789018です", "ja", "my_number", "123456789018"),
    ("個人番号１２３４ ５６７８ ９０１８", "ja", "my_number", "１２３４ ５６７８ ９０１８"),
    ("주민번호 920101-1234567 입니다", "ko", "rrn", "920101-1234567"),
    ("주민등록번호 0304154123456", "ko", "rrn", "0304154123456"),
    ("주민번호 ９２０１０１－２２３４５６７", "ko", "rrn", "９２０１０１－２２３４５６７"),
    ("カード4111 1111 1111 1111で払った", "ja", "card", "4111 1111 1111 1111"),
    ("카드 5500-0000-0000-0004 로 결제", "ko", "card", "5500-0000-0000-0004"),
    ("カード番号４１１１１１１１１１１１１１１１", "ja", "card", "４１１１１１１１１１１１１１１１"),
    # personal URLs
    ("https://www.facebook.com/taro.yamada を見て", "ja", "url", "https://www.facebook.com/taro.yamada"),
    ("インスタ https://instagram.com/hanako_fukui", "ja", "url", "https://instagram.com/hanako_fukui"),
    ("https://x.com/minsu_kim 팔로우", "ko", "url", "https://x.com/minsu_kim"),
    ("ブログ https://ameblo.jp/hanako123/entry-1.html", "ja", "url",
     "https://ameblo.jp/hanako123/entry-1.html"),
    ("http://example.jp/~yamada/ に書いた", "ja", "url", "http://example.jp/~yamada/"),
    ("https://example.com/users/4521 참조", "ko", "url", "https://example.com/users/4521"),
    ("https://www.youtube.com/@fukui_taro", "ja", "url", "https://www.youtube.com/@fukui_taro"),
    # names
    ("田中太郎さんが言っていた", "ja", "name", "田中太郎さん"),
    ("佐藤様に相談した", "ja", "name", "佐藤様"),
    ("山田先生は優しい", "ja", "name", "山田先生"),
    ("福井駅の前で鈴木氏と会った", "ja", "name", "鈴木氏"),
    ("鈴木花子に聞いた", "ja", "name", "鈴木花子"),
    ("ﾀﾞｲｽｹさんの店", "ja", "name", "ﾀﾞｲｽｹさん"),
    ("김민수 씨가 말했어요", "ko", "name", "김민수"),
    ("박지영님 감사합니다", "ko", "name", "박지영"),
    ("이영희 선생님께서 도와주셨다", "ko", "name", "이영희"),
]

NEGATIVE = [
    ("2025年6月14日の10:30から説明会がありました", "ja"),
    ("2025-06-14 に参加しました", "ja"),
    ("駐車場が1,000円もするのは高い", "ja"),
    ("3人の子どもを育てています。保育料を50%にしてほしい", "ja"),
    ("3番のバスが1時間に1本しかない", "ja"),
    ("福井県に住んで20年になります", "ja"),
    ("福井市の中心部がさびれている", "ja"),
    ("福井駅の西口を整備してほしい", "ja"),
    ("大手3丁目の交差点が危ない", "ja"),
    ("川辺は低い土地が多く、昔から水害が心配", "ja"),
    ("ひばり公園の遊具が古い", "ja"),
    ("市のホームページ https://www.city.fukui.lg.jp/ は見づらい", "ja"),
    ("人口は約26万人、予算は1234億円", "ja"),
    ("令和7年度の計画で12345678件の応募", "ja"),
    ("서울시청 앞에서 만났다", "ko"),
    ("2025년 6월 14일 오후 3시에 모였어요", "ko"),
    ("버스가 30분에 1대 밖에 없어요", "ko"),
    ("앞으로 3년 안에 공원이 생기면 좋겠어요", "ko"),
    ("주차비가 1,500원 올랐습니다", "ko"),
    ("시의 홈페이지 https://www.seoul.go.kr 가 불편해요", "ko"),
    ("인구가 12345명 늘었다", "ko"),
]


@pytest.mark.parametrize(("text", "language", "kind", "original"), POSITIVE)
def test_finds_and_masks_each_kind(text: str, language: str, kind: str, original: str) -> None:
    findings = find_personal_data(text, language)
    hits = [f for f in findings if f.kind == kind]
    assert [f.original for f in hits] == [original], findings
    for f in findings:
        assert text[f.start:f.end] == f.original
    masked, _ = mask_text(text, language)
    assert original not in masked
    assert find_personal_data(masked, language) == []  # masking is idempotent


@pytest.mark.parametrize(("text", "language"), NEGATIVE)
def test_leaves_opinion_content_untouched(text: str, language: str) -> None:
    assert find_personal_data(text, language) == []
    assert mask_text(text, language) == (text, [])


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("田中太郎さんの電話は090-1234-5678です", "ja", "［氏名］の電話は［電話番号］です"),
    ("〒910-0005 福井県福井市大手3丁目10番1号", "ja", "〒［郵便番号］ 福井県［住所］"),
    ("김민수 씨 010-1234-5678", "ko", "[이름] 씨 [전화번호]"),
    ("우편번호 04524 서울특별시 중구 세종대로 110", "ko", "우편번호 [우편번호] 서울특별시 [주소]"),
    ("call 090-1234-5678 or mail a@b.jp", "en", "call [PHONE] or mail [EMAIL]"),
    ("メール a@b.jp", "auto", "メール ［メール］"),
    ("메일 a@b.kr", "auto", "메일 [이메일]"),
])
def test_placeholders_follow_language(text: str, language: str, expected: str) -> None:
    assert mask_text(text, language)[0] == expected


def test_mixed_text_keeps_order_and_exact_spans() -> None:
    text = ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ、携帯０９０ー１２３４ー５６７８、"
            "カード4111-1111-1111-1111、2025年に3人で参加")
    findings = find_personal_data(text, "ja")
    assert [f.kind for f in findings] == ["email", "phone", "card"]
    assert all(text[f.start:f.end] == f.original for f in findings)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    masked, _ = mask_text(text, "ja")
    assert masked == "［メール］、携帯［電話番号］、カード［カード番号］、2025年に3人で参加"


def test_names_off_keeps_names_but_masks_the_rest() -> None:
    text = "田中太郎さん 090-1234-5678"
    assert mask_text(text, "ja", names=False)[0] == "田中太郎さん ［電話番号］"


def test_invalid_check_digits_are_not_ids() -> None:
    assert is_my_number("123456789018") and not is_my_number("123456789012")
    assert is_luhn("4111111111111111") and not is_luhn("4111111111111112")
    assert find_personal_data("番号123456789012", "ja") == []
    assert find_personal_data("カード4111 1111 1111 1112", "ja") == []
    assert find_personal_data("코드 921301-1234567", "ko") == []  # month 13 is no birth date


def test_finding_is_frozen() -> None:
    f = Finding("email", 0, 3, "a@b")
    with pytest.raises(AttributeError):
        f.kind = "url"  # type: ignore[misc]


@pytest.mark.parametrize(("value", "expected"), [
    ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("-2+3", "'-2+3"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    (" =1", "' =1"),
    ("\n=HYPERLINK(1)", "'\n=HYPERLINK(1)"),
    ("-3", "-3"),
    ("-3.5", "-3.5"),
    ("-1,000", "-1,000"),
    (-3, "-3"),
    (12, "12"),
    (None, ""),
    ("", ""),
    ("バスの本数を増やしてほしい", "バスの本数を増やしてほしい"),
    ("3-4人で参加", "3-4人で参加"),
    ("버스가 부족해요", "버스가 부족해요"),
])
def test_spreadsheet_safe(value: object, expected: str) -> None:
    assert spreadsheet_safe(value) == expected


def test_mask_texts_matches_single_calls_on_the_sample() -> None:
    frame = read_path(SAMPLE).frame
    columns = [c for c in frame.columns if str(c).startswith("問")]
    texts = [t for c in columns for t in frame[c].dropna().tolist()][:2000]
    assert len(texts) == 2000
    texts[0] = texts[0] + " 田中太郎さん 090-1234-5678"
    masked, findings = mask_texts(texts, ["ja"] * len(texts))
    assert len(masked) == len(findings) == 2000
    assert masked[0].endswith(" ［氏名］ ［電話番号］")
    for i in (0, 1, 999):
        assert (masked[i], findings[i]) == mask_text(texts[i], "ja")
    # Answers without findings come back as they were; the sample volunteers a little
    # personal data every 97th respondent, and exactly that is masked.
    assert all(m == t for m, t, f in zip(masked, texts, findings) if not f)
    assert 5 <= sum(1 for f in findings[1:] if f) <= 40


def test_mask_texts_needs_one_language_per_text() -> None:
    with pytest.raises(ValueError):
        mask_texts(["a", "b"], ["ja"])


# ---- forms residents write that reached public files before (issue 16) -----------------

MORE_POSITIVE = [
    # names: hiragana, katakana, the other script, roles, whole Korean names
    ("やまださんに聞きました", "ja", "name", "やまださん"),
    ("近所のやまもとだいすけさんも同じ意見です", "ja", "name", "やまもとだいすけさん"),
    ("ゆみこちゃんと公園に行った", "ja", "name", "ゆみこちゃん"),
    ("イシカワさんの店", "ja", "name", "イシカワさん"),
    ("近所の김민수 씨も困っています", "ja", "name", "김민수"),
    ("최성호님が草刈りをしてくれた", "ja", "name", "최성호"),
    ("어제 田中 씨와 이야기했어요", "ko", "name", "田中"),
    ("다나카 씨가 도와줬어요", "ko", "name", "다나카"),
    ("自治会長の高橋が反対している", "ja", "name", "高橋"),
    ("民生委員の佐藤によれば", "ja", "name", "佐藤"),
    ("통장 최성호가 공원 청소를 했다", "ko", "name", "최성호"),
    ("옆집 박민수 씨가 말했어요", "ko", "name", "박민수"),
    ("옆집 윤서연님도 같은 생각이에요", "ko", "name", "윤서연"),
    ("先日中村くんと話しました", "ja", "name", "中村くん"),
    # addresses: kanji numerals, rooms, Korean apartments
    ("福井市大手一丁目一番に住んでいます", "ja", "address", "福井市大手一丁目一番"),
    ("鯖江市本町三丁目五番地の二", "ja", "address", "鯖江市本町三丁目五番地の二"),
    ("コーポ山田201号室です", "ja", "address", "コーポ山田201号室"),
    ("県営ヤマ団地3棟205号室に住む", "ja", "address", "県営ヤマ団地3棟205号室"),
    ("햇살아파트 101동 1203호에 살아요", "ko", "address", "햇살아파트 101동 1203호"),
    # numbers
    ("주민번호 900101 - 1234567 입니다", "ko", "rrn", "900101 - 1234567"),
    ("口座番号は1234567です", "ja", "bank_account", "1234567"),
    ("福井銀行 本店 普通 7654321", "ja", "bank_account", "7654321"),
    ("계좌번호 110-123-456789 로 보내 주세요", "ko", "bank_account", "110-123-456789"),
    ("車は福井 500 さ 12-34 です", "ja", "car_plate", "福井 500 さ 12-34"),
    ("제 차는 12가 3456 입니다", "ko", "car_plate", "12가 3456"),
    ("携帯は090.1357.2468です", "ja", "phone", "090.1357.2468"),
    ("電話は〇九〇ー一二三四ー五六七八まで", "ja", "phone", "〇九〇ー一二三四ー五六七八"),
    ("공일공 일이삼사 오육칠팔로 연락 주세요", "ko", "phone", "공일공 일이삼사 오육칠팔"),
    ("06236 서울특별시 강남구 테헤란로 152", "ko", "postal_code", "06236"),
    ("マイナンバーは123456789012です", "ja", "my_number", "123456789012"),
    # accounts and e-mails without the usual form
    ("インスタ instagram.com/hana_fukui を見て", "ja", "url", "instagram.com/hana_fukui"),
    ("ブログ minsu0412.tistory.com 에 썼어요", "ko", "url", "minsu0412.tistory.com"),
    ("LINE ID: hana_0412 で連絡ください", "ja", "account", "hana_0412"),
    ("インスタ @hana_fukui をフォロー", "ja", "account", "@hana_fukui"),
    ("카톡 아이디 minsu0412 로 연락", "ko", "account", "minsu0412"),
    ("メールは hanako at example dot com まで", "ja", "email", "hanako at example dot com"),
    ("hanako アットマーク example.co.jp に送って", "ja", "email", "hanako アットマーク example.co.jp"),
    ("minsu 골뱅이 naver.com 으로", "ko", "email", "minsu 골뱅이 naver.com"),
    ("taro(at)example.jp です", "ja", "email", "taro(at)example.jp"),
]

# Real tourism answers named places, facilities and mascots, not people; numbers that are content.
FALSE_POSITIVES_THAT_STAY = [
    ("一乗谷朝倉氏遺跡と博物館が思った以上に良かった", "ja"),
    ("朝倉氏の歴史を詳しく知ることができた", "ja"),
    ("朝倉氏関連のグッズが充実していた", "ja"),
    ("子供がさばトラななちゃんが好きなのでグッズを増やして", "ja"),
    ("越前武生駅前に平和堂などあると嬉しい", "ja"),
    ("紫ゆかりの館で紫式部について知ることができた", "ja"),
    ("大野ゆかりの酢や酒を使ったレストランがあるとよい", "ja"),
    ("雪の為、ガオガオ広場が休みだった", "ja"),
    ("カイリュー公園の設置をしてほしい", "ja"),
    ("ふくい鮮市場で海鮮を味わった", "ja"),
    ("グランディア芳泉さんの宿泊は3度目です", "ja"),
    ("スタッフ仲居さんの優しい対応", "ja"),
    ("ホテルの仲居さんの対応が親切", "ja"),
    ("永平寺さんも荘厳な雰囲気でした", "ja"),
    ("冬季で五重塔や九頭竜殿が見れなかった", "ja"),
    ("みなさんのおかげで楽しめました", "ja"),
    ("おばあちゃんと一緒に来ました", "ja"),
    ("お疲れ様でした、ご馳走様でした", "ja"),
    ("3番のバスが1時間に1本しかない", "ja"),
    ("2025年4月に来ました。駐車場が1,000円でした", "ja"),
    ("第2小学校の通学路が暗い", "ja"),
    ("国道8号と国道27号が混む", "ja"),
    ("会議室は201号室でした", "ja"),
    ("국도 3호선이 너무 막혀요", "ko"),
    ("1호선 지하철이 붐벼요", "ko"),
    ("사장님이 친절하셨어요", "ko"),
    ("선생님들께 감사드립니다", "ko"),
    ("아저씨가 길을 알려줬어요", "ko"),
    ("마음씨 좋은 분들이 많아요", "ko"),
    ("100명도 1000원도 아니에요", "ko"),
]


@pytest.mark.parametrize(("text", "language", "kind", "original"), MORE_POSITIVE)
def test_finds_every_form_residents_write(text: str, language: str, kind: str, original: str) -> None:
    findings = find_personal_data(text, language)
    assert [f.original for f in findings if f.kind == kind] == [original], findings
    masked, _ = mask_text(text, language)
    assert original not in masked
    assert find_personal_data(masked, language) == []  # masking is idempotent, placeholders are never data


@pytest.mark.parametrize(("text", "language"), FALSE_POSITIVES_THAT_STAY)
def test_places_facilities_mascots_and_counts_stay(text: str, language: str) -> None:
    assert find_personal_data(text, language) == []


def test_a_korean_name_is_masked_whole_never_keeping_the_surname() -> None:
    for text in ("박민수 씨가 왔어요", "옆집 박민수씨도", "近所の박민수 씨も"):
        masked, _ = mask_text(text, "auto")
        assert "박" not in masked and "민수" not in masked, masked


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("어제 田中 씨와 이야기했어요", "ja", "어제 [이름] 씨와 이야기했어요"),  # the words around it are Korean
    ("近所の김민수 씨も困っています", "ko", "近所の［氏名］ 씨も困っています"),
    ("電話は090-1234-5678。연락은 010-1234-5678로", "auto", "電話は［電話番号］。연락은 [전화번호]로"),
])
def test_placeholder_follows_the_language_around_it(text: str, language: str, expected: str) -> None:
    assert mask_text(text, language)[0] == expected


def test_my_number_after_a_cue_is_masked_even_with_a_wrong_check_digit() -> None:
    assert not is_my_number("123456789012")
    assert [f.kind for f in find_personal_data("マイナンバーは1234 5678 9012です", "ja")] == ["my_number"]
    assert find_personal_data("整理番号123456789012", "ja") == []  # no cue, no check digit: a count


def test_allowed_terms_and_local_nouns_are_not_masked() -> None:
    text = "オハナさんが頑張っていて、田中さんも来た"
    assert [f.original for f in find_personal_data(text, "ja")] == ["オハナさん", "田中さん"]
    assert [f.original for f in find_personal_data(text, "ja", allow=["オハナ"])] == ["田中さん"]
    assert [f.original for f in find_personal_data(text, "ja", nouns=["オハナ"])] == ["田中さん"]
    # a local noun protects names only: a phone stays masked even if listed
    assert [f.kind for f in find_personal_data("0776-20-5111", "ja", nouns=["0776-20-5111"])] == ["phone"]
    assert find_personal_data("0776-20-5111", "ja", allow=["0776-20-5111"]) == []


def test_quasi_identifiers_are_listed_not_masked() -> None:
    from listening.privacy import find_quasi_identifiers

    text = "1985年4月12日生まれ、東町小学校の校長の田中です。72歳で港町在住です。"
    kinds = [k for k, _, _ in find_quasi_identifiers(text)]
    assert kinds == ["birth_date", "role_at_place", "age_and_place"]
    masked, findings = mask_text(text, "ja")
    assert [f.original for f in findings] == ["田中"]  # the surname after the role is direct
    assert "1985年4月12日生まれ" in masked and "東町小学校の校長" in masked
    assert [k for k, _, _ in find_quasi_identifiers("1985년 4월 12일생이고 햇살초등학교 교장입니다")] == [
        "birth_date", "role_at_place"]


@pytest.mark.parametrize(("value", "expected"), [
    ("＝HYPERLINK(\"http://evil.example\")", "'＝HYPERLINK(\"http://evil.example\")"),
    ("＋cmd", "'＋cmd"), ("－A1", "'－A1"), ("＠SUM(A1)", "'＠SUM(A1)"), ("﹦1+1", "'﹦1+1"),
    ("　＝1", "'　＝1"), ("－３", "－３"), ("＝", "'＝"),
])
def test_full_width_formula_starts_are_quoted(value: str, expected: str) -> None:
    assert spreadsheet_safe(value) == expected


@pytest.mark.parametrize("text", [
    "이번 주 회장 선거가 있어요", "재무담당 최고책임자가 말했다", "우리집 대표 음식은 김치예요", "서울대 교수 연구팀",
    "제주도 대표 관광지", "농군 패션으로 8연패 끊은 LG", "팀 켈러 목사 한국교회 문제", "손태승 우리금융회장 코로나에 대응",
])
def test_korean_words_after_roles_and_titles_are_not_names(text: str) -> None:
    assert [f.original for f in find_personal_data(text, "ko") if f.original not in ("손태승",)] == []
