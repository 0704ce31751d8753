"""Public releases compared: two releases that differ by a few people give those people away.

Each public export is suppressed on its own, but a reader who keeps the previous
one can subtract. If staff exclude one answer and publish again, every printed
count that answer was in (its theme, its district, its age group, the total) drops
by exactly 1, and the two files together say which district and age group the
excluded answer came from. So every public release is recorded (``release_cells``:
each printed count by name, with a digest), and before the next one staff are warned
of each count that differs from an earlier release by 1 to ``min_cell - 1``; they
may release anyway, which the audit log records.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from listening.privacy import TOTAL

from .model import ExportData


@dataclass(frozen=True)
class Difference:
    """One printed count that differs by fewer than ``min_cell`` from an earlier release."""

    cell: str  # "theme: 交通", "topic: 交通 / バスの本数", "地区: 交通 × 北区", "answers" ...
    before: int
    after: int
    release: int  # id of the earlier release
    released_at: str


def release_cells(data: ExportData) -> dict[str, object]:
    """Every count ``data`` prints, by a name that stays the same between releases."""
    cells: dict[str, object] = {"answers": data.meta.get("answers", {}).get("analysed"),
                                "answers published": data.meta.get("answers", {}).get("published")}
    for label, size in zip(data.themes["label"], data.themes["size"]):
        cells[f"theme: {label}"] = size
    for theme, label, size in zip(data.topics["theme_label"], data.topics["label"], data.topics["size"]):
        cells[f"topic: {theme} / {label}"] = size
    for attribute, table in data.crosstabs.items():
        rows = [*table.index[:-1], TOTAL]
        columns = [*table.columns[:-1], TOTAL]
        for r, row in enumerate(table.itertuples(index=False, name=None)):
            for c, value in enumerate(row):
                cells[f"{attribute}: {rows[r]} × {columns[c]}"] = value
    if data.goals is not None:
        for goal, size in zip(data.goals["goal"], data.goals["size"]):
            cells[f"goal: {goal}"] = size
    # Weighted exports print counts of people in their method note too (respondents per population group).
    weighting = data.meta.get("weighting") or {}
    for key, value in weighting.items():
        if key.startswith("n_"):
            cells[f"weighting: {key}"] = value
    for margin in weighting.get("margins", []):
        cells[f"weighting: {margin['attribute']} = {margin['group']}"] = margin["respondents"]
    if data.briefing is not None:
        # The briefing prints the checked counts above (and shares of them); pools of subgroups
        # add sums of their own, recorded by name, and the digest says what it printed.
        from .briefing import briefing_cells

        printed = briefing_cells(data.briefing)
        from listening.views import POOLED

        cells |= {k: v for k, v in printed.items() if k.endswith(f": {POOLED}") and not k.startswith("briefing divide")
                  and not k.startswith("briefing common")}
        cells["briefing"] = release_digest({k: v if isinstance(v, (int, str)) or v is None else round(float(v), 6)
                                            for k, v in printed.items()})
    return {k: (int(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v) for k, v in cells.items()}


def release_digest(cells: dict) -> str:
    """A short fingerprint of what a release printed: equal digests, equal counts."""
    text = json.dumps(cells, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def release_differences(cells: dict, earlier: list[dict], min_cell: int = 5) -> list[Difference]:
    """Counts printed both in ``cells`` and in an earlier release (``Store.list_releases``) whose
    values differ by 1 to ``min_cell - 1``; newest earlier release first."""
    out = []
    for release in reversed(earlier):
        for name, before in release["cells"].items():
            after = cells.get(name)
            if isinstance(before, int) and isinstance(after, int) and 0 < abs(after - before) < min_cell:
                out.append(Difference(name, before, after, int(release["id"]), str(release["created_at"])))
    return out
