"""What a response table is: its rows, the words of its columns, and what staff may edit.

The table answers one question the city must publish after a public comment: what did people say,
and what does the city make of it (Japan: 提出された意見の概要と市の考え方; Korea: 의견 요지 /
반영 여부 / 검토 의견). One row per opinion type, a topic of the curated analysis by default.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Fields staff write, row by row. Everything else in a row is derived from the curated analysis.
EDITABLE = ("summary", "response", "disposition", "location", "status")
STATUSES = ("draft", "approved")

# The disposition lists cities use by default; staff may replace the list per dataset.
DEFAULT_DISPOSITIONS = {
    "ja": ("反映する", "一部反映する", "既に盛り込み済み", "今後の参考とする", "その他"),
    "ko": ("수용", "일부 수용", "기반영", "향후 참고", "기타"),
    "en": ("Adopted", "Partly adopted", "Already in the plan", "Noted for the future", "Other"),
}

# Column titles of the published table, in the order cities print them.
COLUMNS = ("number", "item", "summary", "count", "answer_numbers", "response", "disposition", "location")
COLUMN_TITLES = {
    "ja": {"number": "番号", "item": "項目", "summary": "意見の概要", "count": "件数",
           "answer_numbers": "該当意見番号", "response": "市の考え方", "disposition": "対応区分",
           "location": "修正箇所", "status": "状態", "row_key": "行キー"},
    "ko": {"number": "번호", "item": "항목", "summary": "의견 요지", "count": "건수",
           "answer_numbers": "해당 의견 번호", "response": "검토 의견", "disposition": "반영 여부",
           "location": "수정 사항", "status": "상태", "row_key": "행 키"},
    "en": {"number": "No.", "item": "Item", "summary": "Summary of opinions", "count": "Count",
           "answer_numbers": "Opinion numbers", "response": "The city's response", "disposition": "Disposition",
           "location": "Change in the plan", "status": "Status", "row_key": "Row key"},
}
STATUS_WORDS = {
    "ja": {"draft": "下書き", "approved": "承認済み"},
    "ko": {"draft": "초안", "approved": "승인"},
    "en": {"draft": "draft", "approved": "approved"},
}


@dataclass(frozen=True)
class ResponseRow:
    """One opinion type and what the city says about it.

    ``count``: distinct respondents whose answers are in the row; ``n_same``: further answers
    counted once as duplicates of the row's answers (printed "ほか同趣旨 N件"). ``answer_numbers``:
    the public numbers of the row's answers, in order. ``prefill``: the summary made from the
    group's name and its representative answer, shown until staff write their own.
    ``changed``: the row's answers are no longer those the response was written for (a
    re-analysis, a new batch or a move), so it needs another look before it is published.
    """

    key: str
    number: int
    theme: int
    topic: int
    item: str
    prefill: str
    count: int
    n_same: int
    answer_ids: tuple[str, ...]
    answer_numbers: tuple[int, ...]
    summary: str = ""
    response: str = ""
    disposition: str = ""
    location: str = ""
    status: str = "draft"
    changed: bool = False
    edited_by: str = ""
    edited_at: str = ""

    @property
    def shown_summary(self) -> str:
        return self.summary or self.prefill

    @property
    def answered(self) -> bool:
        return bool(self.response.strip())

    @property
    def approved(self) -> bool:
        return self.status == "approved" and not self.changed


@dataclass(frozen=True)
class Orphan:
    """Responses written for a row that the current analysis no longer has: kept, never dropped."""

    key: str
    values: dict
    edited_by: str
    edited_at: str


@dataclass(frozen=True)
class ResponseTable:
    """The response table of one dataset, from its latest curated analysis.

    ``opinions``: every opinion received in order (number, answer_id, text, row key or "" when
    excluded, excluded reason): the appendix that lets the summary stand for the full text.
    """

    dataset_id: int
    run_id: int
    language: str
    rows: tuple[ResponseRow, ...]
    opinions: "object"  # pd.DataFrame: number, answer_id, text, row, excluded, reason
    dispositions: tuple[str, ...]
    orphans: tuple[Orphan, ...] = ()
    n_respondents: int = 0
    title: str = ""
    issues: tuple[str, ...] = field(default_factory=tuple)

    def progress(self) -> dict[str, int]:
        """rows, answered, approved, changed: the line staff read at the top of the page."""
        return {
            "rows": len(self.rows),
            "answered": sum(r.answered for r in self.rows),
            "approved": sum(r.approved for r in self.rows),
            "changed": sum(r.changed for r in self.rows),
        }

    def row(self, key: str) -> ResponseRow:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(f"no response row {key!r}")
