"""Words of the printed report in ja, ko and en, and the number and date formats it uses.

Keys start with ``report_`` so this table can later merge into a shared export
string table without clashes.
"""
from __future__ import annotations

import math
import numbers
import re
from datetime import datetime

from .model import MARKS

URL_MARK = "[URL]"
# Upstream masking replaces only personal URLs; the report promises no address at all,
# so any web address left in a text is shown as a mark (scheme://... or www.host.tld...).
_URL = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]*://|www\.[a-z0-9-]+\.[a-z])[a-z0-9\-._~:/?#@!$&*+,;=%]*")

STRINGS: dict[str, dict[str, str]] = {
    "ja": {
        "report_badge_internal": "内部資料（委員会限り）",
        "report_badge_public": "公開版",
        "report_exported": "作成日：{date}",
        "report_method": "データと分析の方法",
        "report_sources": "データの出所",
        "report_col_file": "ファイル",
        "report_col_kind": "種類",
        "report_col_encoding": "文字コード",
        "report_col_answers_in": "回答",
        "report_col_kept": "有効",
        "report_col_dropped": "取り除いた回答",
        "report_col_imported": "取り込み日時",
        "report_kind_survey": "アンケート",
        "report_kind_hearing": "ヒアリング記録",
        "report_period": "収集期間",
        "report_reason_empty": "空欄",
        "report_reason_no_content": "内容なし（「特になし」など）",
        "report_reason_duplicate_row": "重複した行",
        "report_reason_too_short": "短すぎる断片（ヒアリング記録）",
        "report_mask_email": "メールアドレス",
        "report_mask_phone": "電話番号",
        "report_mask_postal_code": "郵便番号",
        "report_mask_address": "住所",
        "report_mask_my_number": "マイナンバー",
        "report_mask_rrn": "住民登録番号",
        "report_mask_card": "カード番号",
        "report_mask_url": "URL",
        "report_mask_name": "人名",
        "report_mask_manual": "職員が手作業で伏せた箇所",
        "report_model": "分析モデル",
        "report_settings": "設定",
        "report_fingerprint": "データの指紋（フィンガープリント）",
        "report_input_hash": "入力データのハッシュ",
        "report_run_date": "分析の実行日時",
        "report_min_cell": "最小セルサイズ",
        "report_topics_published": "掲載したトピック",
        "report_topics_published_value": "全{total}件中{published}件",
        "report_suppression_internal": "内部資料のため、少ない数も伏せずに表示しています。公開には公開版を作成してください。",
        "report_overview": "テーマの概要",
        "report_col_theme": "テーマ",
        "report_col_keywords": "キーワード",
        "report_col_size": "回答数",
        "report_col_share": "割合",
        "report_col_n_topics": "トピック数",
        "report_bars_title": "テーマごとの回答の割合",
        "report_map": "意見マップ",
        "report_map_note": "点の一つひとつが回答です。内容の似た回答ほど近くに置かれます。縦軸・横軸そのものに意味はありません。",
        "report_map_shown": "{shown}件の回答を表示しています。",
        "report_map_sampled": "回答が多いため、{shown}件を抜き出して表示しています。",
        "report_map_title": "意見マップ：{n}件の回答をテーマ別に色分け",
        "report_map_empty": "表示できる回答がありません。",
        "report_topics": "トピックの詳細",
        "report_topics_none": "掲載するトピックはありません。",
        "report_representatives": "代表的な回答",
        "report_representatives_none": "掲載できる回答がありません。",
        "report_crosstabs": "属性別の集計",
        "report_crosstab_caption": "テーマ × {attribute}（回答数）",
        "report_crosstabs_none": "集計表は選ばれていません。",
        "report_crosstab_note_public": "「{mark}」は{min_cell}人未満の数、「{secondary}」はそれを逆算されないよう、あわせて伏せた数です。",
        "report_crosstab_note_internal": "内部資料のため、すべての数を伏せずに表示しています。",
        "report_total": "合計",
        "report_goals": "ビジョンの目標との対応",
        "report_col_goal": "目標",
        "report_goals_note": "各回答を、目標の名称・説明・回答例との意味の近さで目標に対応づけました（担当者の確認と却下を反映）。1つの回答が複数の目標に対応することがあるため、件数を足しても回答数にはなりません。割合は分析したすべての回答に対する割合です。",
        "report_none": "—",
        "report_lead": "{n}件の回答から、市民の意見をテーマごとにまとめました。データの集め方とまとめ方は、最後の「{method}」で説明しています。",
        "report_kind_files_one": "{kind}（{n}ファイル）",
        "report_kind_files_many": "{kind}（{n}ファイル）",
        "report_list_separator": "、",
        "report_method_collected": "この報告は、{sources}から読み込んだ{n}件の回答をまとめたものです。",
        "report_method_collected_plain": "この報告は、{n}件の回答をまとめたものです。",
        "report_method_period_data": "回答の期間は{period}です（回答に記録された日付によります）。",
        "report_method_period_staff": "回答の期間は{period}です。",
        "report_method_period_unknown": "回答の期間は記録されていないため、分かりません。",
        "report_method_kept": "そのうち{kept}件を有効な回答とし、{dropped}件は次の理由で取り除きました。",
        "report_method_kept_all": "読み込んだ{kept}件すべてを有効な回答としました。",
        "report_n_answers": "{n}件",
        "report_method_excluded": "職員が内容を確認し、{n}件を分析から除外しました。",
        "report_method_analysed": "{analysed}件を分析し、そのうち{published}件の回答をこの報告に掲載しています。",
        "report_method_groups": "回答の文章をコンピューターで読み取り、内容の似た回答どうしを自動的にまとめて、{themes}個のテーマと、その中の{topics}個のトピックに分けました。テーマやトピックの名前は、そのまとまりでよく使われている言葉をもとに付けたもので、職員が手直ししている場合があります。まとまりの大きさは同じような意見の数を表すもので、意見の重要さを表すものではありません。",
        "report_method_topics_published": "このうち{published}個のトピックを詳しく紹介しています（全部で{total}個）。",
        "report_method_masking": "電話番号や住所など、個人を特定できる情報は、分析の前に伏せ字にしました。",
        "report_method_masking_none": "自動の確認では、伏せ字にする個人情報は見つかりませんでした。",
        "report_method_suppression": "回答した人を特定できないよう、{min_cell}人未満にあたる数は表に載せていません。表では次の記号で示しています。",
        "report_mark_primary": "「{mark}」：{min_cell}人未満の数です。",
        "report_mark_secondary": "「{mark}」：「{primary}」の数を合計などから逆算されないよう、あわせて伏せた数です。大きな数のこともあります。",
        "report_method_sizes": "テーマとトピックの回答数は、掲載した回答を数えれば分かるため、少ない場合もそのまま載せています。",
        "report_technical": "技術的な情報（内部資料のみ）",
    },
    "ko": {
        "report_badge_internal": "내부 자료(위원회 한정)",
        "report_badge_public": "공개용",
        "report_exported": "작성일: {date}",
        "report_method": "데이터와 분석 방법",
        "report_sources": "데이터 출처",
        "report_col_file": "파일",
        "report_col_kind": "종류",
        "report_col_encoding": "문자 인코딩",
        "report_col_answers_in": "응답",
        "report_col_kept": "유효",
        "report_col_dropped": "제외한 응답",
        "report_col_imported": "가져온 시각",
        "report_kind_survey": "설문조사",
        "report_kind_hearing": "청취 기록",
        "report_period": "수집 기간",
        "report_reason_empty": "빈칸",
        "report_reason_no_content": "내용 없음(‘없음’ 등)",
        "report_reason_duplicate_row": "중복된 행",
        "report_reason_too_short": "너무 짧은 조각(청취 기록)",
        "report_mask_email": "이메일 주소",
        "report_mask_phone": "전화번호",
        "report_mask_postal_code": "우편번호",
        "report_mask_address": "주소",
        "report_mask_my_number": "마이넘버(일본 개인번호)",
        "report_mask_rrn": "주민등록번호",
        "report_mask_card": "카드 번호",
        "report_mask_url": "URL",
        "report_mask_name": "인명",
        "report_mask_manual": "담당자가 직접 가린 부분",
        "report_model": "분석 모델",
        "report_settings": "설정",
        "report_fingerprint": "데이터 지문(핑거프린트)",
        "report_input_hash": "입력 데이터 해시",
        "report_run_date": "분석 실행 시각",
        "report_min_cell": "최소 셀 크기",
        "report_topics_published": "게재한 토픽",
        "report_topics_published_value": "전체 {total}개 중 {published}개",
        "report_suppression_internal": "내부 자료이므로 적은 수도 가리지 않고 표시했습니다. 공개하려면 공개용을 만드세요.",
        "report_overview": "테마 개요",
        "report_col_theme": "테마",
        "report_col_keywords": "키워드",
        "report_col_size": "응답 수",
        "report_col_share": "비율",
        "report_col_n_topics": "토픽 수",
        "report_bars_title": "테마별 응답 비율",
        "report_map": "의견 지도",
        "report_map_note": "점 하나가 응답 하나입니다. 내용이 비슷한 응답일수록 가까이 놓입니다. 가로축과 세로축 자체에는 의미가 없습니다.",
        "report_map_shown": "응답 {shown}건을 표시했습니다.",
        "report_map_sampled": "응답이 많아 {shown}건을 뽑아 표시했습니다.",
        "report_map_title": "의견 지도: 응답 {n}건을 테마별로 색 구분",
        "report_map_empty": "표시할 수 있는 응답이 없습니다.",
        "report_topics": "토픽 상세",
        "report_topics_none": "게재할 토픽이 없습니다.",
        "report_representatives": "대표 응답",
        "report_representatives_none": "게재할 수 있는 응답이 없습니다.",
        "report_crosstabs": "속성별 집계",
        "report_crosstab_caption": "테마 × {attribute} (응답 수)",
        "report_crosstabs_none": "선택된 집계표가 없습니다.",
        "report_crosstab_note_public": "‘{mark}’는 {min_cell}명 미만인 수, ‘{secondary}’는 그것을 거꾸로 계산할 수 없도록 함께 가린 수입니다.",
        "report_crosstab_note_internal": "내부 자료이므로 모든 수를 가리지 않고 표시했습니다.",
        "report_total": "합계",
        "report_goals": "비전 목표별 응답",
        "report_col_goal": "목표",
        "report_goals_note": "각 응답을 목표의 이름, 설명, 예시와의 의미적 유사도로 목표에 연결했습니다(담당자의 확인과 제외를 반영). 한 응답이 여러 목표에 해당할 수 있으므로 건수를 더해도 응답 수가 되지 않습니다. 비율은 분석한 전체 응답 대비 비율입니다.",
        "report_none": "—",
        "report_lead": "응답 {n}건을 바탕으로 시민의 의견을 테마별로 정리했습니다. 데이터를 모으고 정리한 방법은 마지막 ‘{method}’에서 설명합니다.",
        "report_kind_files_one": "{kind}(파일 {n}개)",
        "report_kind_files_many": "{kind}(파일 {n}개)",
        "report_list_separator": ", ",
        "report_method_collected": "이 보고서는 {sources}에서 읽어 들인 응답 {n}건을 정리한 것입니다.",
        "report_method_collected_plain": "이 보고서는 응답 {n}건을 정리한 것입니다.",
        "report_method_period_data": "응답 기간은 {period}입니다(응답에 기록된 날짜 기준).",
        "report_method_period_staff": "응답 기간은 {period}입니다.",
        "report_method_period_unknown": "응답 기간은 기록되어 있지 않아 알 수 없습니다.",
        "report_method_kept": "그중 {kept}건을 유효한 응답으로 삼고, {dropped}건은 다음과 같은 이유로 제외했습니다.",
        "report_method_kept_all": "읽어 들인 {kept}건 모두를 유효한 응답으로 삼았습니다.",
        "report_n_answers": "{n}건",
        "report_method_excluded": "담당자가 내용을 확인하여 {n}건을 분석에서 제외했습니다.",
        "report_method_analysed": "{analysed}건을 분석했으며, 그중 {published}건의 응답을 이 보고서에 실었습니다.",
        "report_method_groups": "응답 문장을 컴퓨터로 읽어 내용이 비슷한 응답끼리 자동으로 묶고, {themes}개의 테마와 그 안의 {topics}개 토픽으로 나누었습니다. 테마와 토픽의 이름은 각 묶음에서 자주 쓰인 말을 바탕으로 붙인 것이며, 담당자가 고친 경우도 있습니다. 묶음의 크기는 비슷한 의견의 수를 나타낼 뿐, 의견의 중요도를 나타내지는 않습니다.",
        "report_method_topics_published": "그중 {published}개의 토픽을 자세히 소개합니다(전체 {total}개).",
        "report_method_masking": "전화번호나 주소처럼 개인을 알아볼 수 있는 정보는 분석 전에 가림 처리했습니다.",
        "report_method_masking_none": "자동 확인에서는 가림 처리할 개인정보가 발견되지 않았습니다.",
        "report_method_suppression": "응답자를 알아볼 수 없도록 {min_cell}명 미만에 해당하는 수는 표에 싣지 않았습니다. 표에서는 다음 기호로 표시합니다.",
        "report_mark_primary": "‘{mark}’: {min_cell}명 미만인 수입니다.",
        "report_mark_secondary": "‘{mark}’: ‘{primary}’인 수를 합계 등에서 거꾸로 계산할 수 없도록 함께 가린 수입니다. 큰 수일 수도 있습니다.",
        "report_method_sizes": "테마와 토픽의 응답 수는 게재한 응답을 세어 보면 알 수 있으므로, 적은 경우에도 그대로 실었습니다.",
        "report_technical": "기술 정보(내부 자료 한정)",
    },
    "en": {
        "report_badge_internal": "Internal — committee only",
        "report_badge_public": "Public version",
        "report_exported": "Exported {date}",
        "report_method": "Data and method",
        "report_sources": "Data sources",
        "report_col_file": "File",
        "report_col_kind": "Kind",
        "report_col_encoding": "Encoding",
        "report_col_answers_in": "Answers",
        "report_col_kept": "Kept",
        "report_col_dropped": "Dropped",
        "report_col_imported": "Imported",
        "report_kind_survey": "Survey",
        "report_kind_hearing": "Hearing notes",
        "report_period": "Collection period",
        "report_reason_empty": "Blank",
        "report_reason_no_content": "No content (“nothing in particular” etc.)",
        "report_reason_duplicate_row": "Duplicate row",
        "report_reason_too_short": "Fragment too short (hearing notes)",
        "report_mask_email": "Email addresses",
        "report_mask_phone": "Phone numbers",
        "report_mask_postal_code": "Postal codes",
        "report_mask_address": "Addresses",
        "report_mask_my_number": "My Number (Japanese ID)",
        "report_mask_rrn": "Resident registration numbers",
        "report_mask_card": "Card numbers",
        "report_mask_url": "URLs",
        "report_mask_name": "Personal names",
        "report_mask_manual": "Redacted by staff",
        "report_model": "Model",
        "report_settings": "Settings",
        "report_fingerprint": "Data fingerprint",
        "report_input_hash": "Input hash",
        "report_run_date": "Analysis run",
        "report_min_cell": "Minimum cell size",
        "report_topics_published": "Topics published",
        "report_topics_published_value": "{published} of {total}",
        "report_suppression_internal": "This is an internal document: small counts are shown as they are. Make a public version for publication.",
        "report_overview": "Themes at a glance",
        "report_col_theme": "Theme",
        "report_col_keywords": "Keywords",
        "report_col_size": "Answers",
        "report_col_share": "Share",
        "report_col_n_topics": "Topics",
        "report_bars_title": "Share of answers by theme",
        "report_map": "Opinion map",
        "report_map_note": "Each dot is one answer. Answers that say similar things lie close together; the axes themselves have no meaning.",
        "report_map_shown": "Showing {shown} answers.",
        "report_map_sampled": "There are many answers: showing a sample of {shown}.",
        "report_map_title": "Opinion map: {n} answers coloured by theme",
        "report_map_empty": "No answers to show.",
        "report_topics": "Topics in detail",
        "report_topics_none": "No topics are published.",
        "report_representatives": "Representative answers",
        "report_representatives_none": "No answers can be shown.",
        "report_crosstabs": "Themes by respondent attribute",
        "report_crosstab_caption": "Theme × {attribute} (answers)",
        "report_crosstabs_none": "No crosstabs were chosen.",
        "report_crosstab_note_public": "“{mark}” marks a count below {min_cell} people; “{secondary}” a count hidden as well so that it cannot be worked out from the totals.",
        "report_crosstab_note_internal": "Internal document: every count is shown.",
        "report_total": "Total",
        "report_goals": "Answers by vision goal",
        "report_col_goal": "Goal",
        "report_goals_note": "Each answer was matched to the goals whose name, description and example phrases it is closest to in meaning (staff confirmations and rejections applied). An answer can match several goals, so the counts do not add up to the number of answers. Shares are of all analysed answers.",
        "report_none": "—",
        "report_lead": "This report groups what residents said in {n} answers by theme. How the answers were collected and grouped is explained at the end, under “{method}”.",
        "report_kind_files_one": "{kind} ({n} file)",
        "report_kind_files_many": "{kind} ({n} files)",
        "report_list_separator": ", ",
        "report_method_collected": "This report summarises {n} answers read from {sources}.",
        "report_method_collected_plain": "This report summarises {n} answers.",
        "report_method_period_data": "The answers are dated {period} (the dates recorded with them).",
        "report_method_period_staff": "The collection period was {period}.",
        "report_method_period_unknown": "When the answers were collected was not recorded, so it is unknown.",
        "report_method_kept": "Of these, {kept} were usable; {dropped} were set aside for these reasons:",
        "report_method_kept_all": "All {kept} answers read were usable.",
        "report_n_answers": "{n} answers",
        "report_method_excluded": "Staff reviewed the answers and excluded {n} from the analysis.",
        "report_method_analysed": "{analysed} answers were analysed, and {published} of them are printed in this report.",
        "report_method_groups": "A computer read the answers and grouped those that say similar things, first into {themes} themes and within them into {topics} topics. The names of themes and topics come from words often used in each group, and staff may have edited them. The size of a group shows how many answers say something similar, not how important it is.",
        "report_method_topics_published": "{published} of the {total} topics are presented in detail.",
        "report_method_masking": "Information that could identify a person, such as phone numbers or addresses, was masked before the analysis:",
        "report_method_masking_none": "The automatic check found no personal information to mask.",
        "report_method_suppression": "So that no one who answered can be identified, counts that describe fewer than {min_cell} people are not printed. The tables show these marks instead:",
        "report_mark_primary": "“{mark}”: a count of fewer than {min_cell} people.",
        "report_mark_secondary": "“{mark}”: a count hidden as well, so that a “{primary}” cannot be worked out from totals. It may be a large number.",
        "report_method_sizes": "The sizes of themes and topics are printed even when small: anyone can count the printed answers.",
        "report_technical": "Technical details (internal only)",
    },
}


def t(language: str, key: str, **values) -> str:
    """The report string ``key`` in ``language`` (English if the language is unknown)."""
    text = STRINGS.get(language, STRINGS["en"])[key]
    return text.format(**values) if values else text


def label_or_code(language: str, prefix: str, code: object) -> str:
    """The localised name of a code (a drop reason, a source kind), or the code itself."""
    return STRINGS.get(language, STRINGS["en"]).get(f"{prefix}{code}", str(code))


def mask_urls(text: str) -> str:
    """``text`` with every web address (http://, https://, ftp://, www.…) replaced by ``URL_MARK``."""
    return _URL.sub(URL_MARK, text)


def fmt_count(value: object) -> str:
    """An int with thousands separators; a suppression mark as it is; missing as a dash."""
    if isinstance(value, str):
        return value if value in MARKS else value.strip() or "—"
    if value is None or isinstance(value, bool):
        return "—"
    if isinstance(value, numbers.Real) and math.isfinite(float(value)):
        return f"{int(round(float(value))):,}"
    return "—"


def fmt_share(value: object) -> str:
    """A 0-1 share as a percentage with one decimal; text as it is; missing as a dash."""
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, bool) or not isinstance(value, numbers.Real):
        return "—"
    if not math.isfinite(float(value)):
        return "—"
    return f"{float(value) * 100:.1f}%"


def fmt_datetime(value: object, with_time: bool = True) -> str:
    """An ISO timestamp as "YYYY-MM-DD HH:MM", with its zone if it has one (or the date alone)."""
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if not with_time:
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%d %H:%M %Z" if moment.tzinfo else "%Y-%m-%d %H:%M").strip()
