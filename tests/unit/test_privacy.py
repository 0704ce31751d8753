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
