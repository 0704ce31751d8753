"""Which rows a response table publishes, the checks it must pass first, and the printed cells.

Every writer (docx, xlsx, html) renders :func:`table_frame` and :func:`appendix_frame`, so the
three files show the same rows, counts and numbers.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .model import COLUMN_TITLES, COLUMNS, STATUS_WORDS, ResponseRow, ResponseTable

_SAME = {"ja": "（ほか同趣旨 {n}件）", "ko": "(외 같은 취지 {n}건)", "en": " (+{n} of the same content)"}
_COUNT = {"ja": "{n}件", "ko": "{n}건", "en": "{n}"}

CHECK_WORDS = {
    "no_response": {"ja": "番号 {number} に市の考え方がありません", "ko": "번호 {number}에 검토 의견이 없습니다",
                    "en": "row {number} has no response"},
    "not_approved": {"ja": "番号 {number} は承認されていないため公開版に含まれません",
                     "ko": "번호 {number}는 승인되지 않아 공개본에서 빠집니다",
                     "en": "row {number} is not approved and is left out of the public version"},
    "changed": {"ja": "番号 {number} は回答後に該当する意見が変わりました。内容を確認して承認し直してください",
                "ko": "번호 {number}는 검토 의견을 쓴 뒤 해당 의견이 바뀌었습니다. 확인 후 다시 승인하세요",
                "en": "the opinions of row {number} changed after its response was written: check it and "
                      "approve it again"},
    "orphan": {"ja": "分析の変更で行 {key} がなくなりました。書いた内容は保存されています: 別の行に移してください",
               "ko": "분석이 바뀌어 행 {key}가 없어졌습니다. 쓴 내용은 보존되어 있으니 다른 행으로 옮기세요",
               "en": "row {key} no longer exists after an analysis change; what was written is kept: "
                     "move it to another row"},
    "unplaced": {"ja": "意見 {numbers} がどの行にも入っていません", "ko": "의견 {numbers}이(가) 어느 행에도 없습니다",
                 "en": "opinions {numbers} are in no row"},
    "twice": {"ja": "意見 {numbers} が複数の行に入っています", "ko": "의견 {numbers}이(가) 여러 행에 있습니다",
              "en": "opinions {numbers} are in more than one row"},
    "no_rows": {"ja": "公開できる行がありません", "ko": "공개할 행이 없습니다", "en": "there are no rows to publish"},
}


@dataclass(frozen=True)
class Check:
    """One finding of :func:`check_table`. ``error``s stop a public export; warnings are shown."""

    code: str
    error: bool
    params: dict

    def text(self, lang: str) -> str:
        words = CHECK_WORDS[self.code]
        return words.get(lang, words["en"]).format(**self.params)


def published_rows(table: ResponseTable, public: bool, include_drafts: bool = False) -> list[ResponseRow]:
    """The rows a version shows: internal shows all; public shows approved rows (all when staff say so)."""
    if not public or include_drafts:
        return list(table.rows)
    return [r for r in table.rows if r.approved]


def check_table(table: ResponseTable, public: bool, include_drafts: bool = False) -> list[Check]:
    """Consistency before an export: every opinion in exactly one row (or excluded with a reason),
    a response in every published row, changed and orphaned responses pointed out."""
    checks: list[Check] = []
    placed: dict[str, int] = {}
    for r in table.rows:
        for a in r.answer_ids:
            placed[a] = placed.get(a, 0) + 1
    ops = table.opinions
    unplaced = ops[~ops["excluded"] & ~ops["answer_id"].isin(placed)]
    if len(unplaced):
        checks.append(Check("unplaced", True, {"numbers": format_numbers(unplaced["number"].tolist())}))
    twice = ops[ops["answer_id"].map(lambda a: placed.get(a, 0) > 1)]
    if len(twice):
        checks.append(Check("twice", True, {"numbers": format_numbers(twice["number"].tolist())}))
    shown = published_rows(table, public, include_drafts)
    for r in table.rows:
        if r.changed:
            checks.append(Check("changed", public and r in shown, {"number": r.number}))
        elif public and not include_drafts and not r.approved:
            checks.append(Check("not_approved", False, {"number": r.number}))
    for r in shown:
        if public and not r.answered:
            checks.append(Check("no_response", True, {"number": r.number}))
    for o in table.orphans:
        checks.append(Check("orphan", False, {"key": o.key}))
    if public and not shown:
        checks.append(Check("no_rows", True, {}))
    return checks


def format_numbers(numbers) -> str:
    """1, 3-5, 9: opinion numbers with runs written as ranges."""
    numbers = sorted(int(n) for n in numbers)
    parts, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            parts.append(str(start) if start == n else f"{start}-{n}" if n > start + 1 else f"{start}, {n}")
            start = None
    return ", ".join(parts)


def count_text(row: ResponseRow, lang: str) -> str:
    text = _COUNT[lang].format(n=row.count)
    return text + (_SAME[lang].format(n=row.n_same) if row.n_same else "")


def table_frame(table: ResponseTable, rows: list[ResponseRow], with_status: bool = False) -> pd.DataFrame:
    """The printed table: one row per response row, columns titled in the table's language."""
    lang = table.language
    titles = COLUMN_TITLES[lang]
    data = {
        "number": [r.number for r in rows],
        "item": [r.item for r in rows],
        "summary": [r.shown_summary for r in rows],
        "count": [count_text(r, lang) for r in rows],
        "answer_numbers": [format_numbers(r.answer_numbers) for r in rows],
        "response": [r.response for r in rows],
        "disposition": [r.disposition for r in rows],
        "location": [r.location for r in rows],
    }
    frame = pd.DataFrame({titles[c]: data[c] for c in COLUMNS})
    if with_status:
        words = STATUS_WORDS[lang]
        frame[titles["status"]] = [words.get(r.status, r.status) for r in rows]
    return frame


APPENDIX_TITLES = {
    "ja": ("意見番号", "意見の全文", "行"), "ko": ("의견 번호", "의견 전문", "행"), "en": ("No.", "Full text", "Row"),
}


def appendix_frame(table: ResponseTable, rows: list[ResponseRow], public: bool) -> pd.DataFrame:
    """Every opinion of the published rows in full (masked), by number: what makes a summary lawful.

    The internal version lists every opinion, excluded ones with their reason.
    """
    number_of = {r.key: r.number for r in rows}
    ops = table.opinions
    keep = ops["row"].isin(number_of) if public else pd.Series(True, index=ops.index)
    shown = ops[keep]
    no, text, row = APPENDIX_TITLES[table.language]
    frame = pd.DataFrame({no: shown["number"].to_numpy(), text: shown["text"].to_numpy(),
                          row: [number_of.get(k, "") for k in shown["row"]]})
    if not public:
        frame["reason"] = shown["reason"].to_numpy()
    return frame


DOCUMENT_WORDS = {
    "title": {"ja": "提出された意見の概要と市の考え方", "ko": "제출된 의견 요지와 검토 결과",
              "en": "Opinions received and the city's responses"},
    "facts": {"ja": "意見の提出者数：{people}人　意見の件数：{opinions}件　掲載した項目：{rows}件",
              "ko": "의견 제출자 수: {people}명 · 의견 수: {opinions}건 · 수록 항목: {rows}건",
              "en": "People who commented: {people} · Opinions: {opinions} · Rows: {rows}"},
    "note": {"ja": "意見は趣旨ごとにまとめて概要を示しています。個人を特定できる情報は伏せています。全文は別紙のとおりです。",
             "ko": "의견은 취지별로 묶어 요지를 적었습니다. 개인을 알아볼 수 있는 정보는 가렸습니다. 전문은 별첨과 같습니다.",
             "en": "Opinions are grouped by their content and summarised; personal details are masked. The full "
                   "text of every opinion follows in the appendix."},
    "internal": {"ja": "【内部資料】", "ko": "[내부 자료]", "en": "[Internal]"},
    "draft": {"ja": "承認前の行を含みます", "ko": "승인 전 행을 포함합니다", "en": "Includes rows not yet approved"},
    "appendix": {"ja": "別紙　提出された意見の全文", "ko": "별첨: 제출된 의견 전문", "en": "Appendix: the full text of every opinion"},
    "page": {"ja": "ページ", "ko": "쪽", "en": "Page"},
}


def document_words(table: ResponseTable, rows: list[ResponseRow], public: bool, include_drafts: bool) -> dict:
    """Title, facts line, note and appendix heading of a printed table, in the table's language."""
    lang = table.language
    word = {k: v[lang] for k, v in DOCUMENT_WORDS.items()}
    in_rows = {a for r in rows for a in r.answer_ids}
    opinions = len(in_rows) if public else len(table.opinions)
    return {
        "title": table.title or word["title"],
        "facts": word["facts"].format(people=f"{table.n_respondents:,}", opinions=f"{opinions:,}",
                                      rows=f"{len(rows):,}"),
        "note": word["note"],
        "banner": " ".join(filter(None, ("" if public else word["internal"],
                                         word["draft"] if any(not r.approved for r in rows) else ""))),
        "appendix": word["appendix"],
        "page": word["page"],
    }
