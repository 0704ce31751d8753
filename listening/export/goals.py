"""The goal coverage section of an export: answers per vision goal, protected for the public.

An answer can touch several goals, so goal counts do not add up to a total the
way theme sizes do; still, a viewpoint's count is close to the sum of its goals'
counts, so the public table hides one more goal beside a hidden one in the same
viewpoint (and beside a hidden viewpoint or "no goal" row at the top level), as
the line rule of ``listening.privacy.disclosure`` does for exact sums.
"""
from __future__ import annotations

import pandas as pd

from listening.goals import NO_GOAL
from listening.i18n import t
from listening.views import TOTAL_LABEL

from .model import SECONDARY, SUPPRESSED, ExportOptions

GOAL_COLUMNS = ["goal_id", "goal", "level", "size", "share"]


def goal_section(coverage: pd.DataFrame | None, options: ExportOptions) -> pd.DataFrame | None:
    """``coverage`` (``goals_views.goal_coverage`` of the analysed answers, one block) as published;
    None without coverage or unless ``options.include_goals``.

    Columns ``GOAL_COLUMNS``; goals in their order, then the "no goal" row and the
    total row, named in the report language. Public: counts from 1 to min_cell - 1
    become SUPPRESSED and their partners SECONDARY, with no share; zeros stay (they
    are about no one).
    """
    if coverage is None or not options.include_goals:
        return None
    rows = coverage.reset_index(drop=True)
    counts = rows["count"].astype("int64").tolist()
    total = int(rows.loc[rows["goal_id"] == TOTAL_LABEL, "count"].iloc[0]) if len(rows) else 0
    small = hidden = [False] * len(rows)
    if options.audience == "public":
        small = [0 < c < options.min_cell and g != TOTAL_LABEL for c, g in zip(counts, rows["goal_id"])]
        hidden = list(small)
        _hide_partners(rows, counts, hidden)
    names = {NO_GOAL: t(options.language, "goal.none"), TOTAL_LABEL: t(options.language, "total")}
    public = options.audience == "public"
    return pd.DataFrame({
        "goal_id": rows["goal_id"].astype(str).tolist(),
        "goal": [names.get(g, str(n)) for g, n in zip(rows["goal_id"], rows["name"])],
        "level": rows["depth"].astype("int64").tolist(),
        "size": pd.Series([SUPPRESSED if s else SECONDARY if h else c for c, s, h in zip(counts, small, hidden)],
                          dtype=object if public else "int64"),
        "share": pd.Series([None if h or not total else c / total for c, h in zip(counts, hidden)],
                           dtype=object if public else float),
    }, columns=GOAL_COLUMNS)


def _hide_partners(rows: pd.DataFrame, counts: list[int], hidden: list[bool]) -> None:
    ids = rows["goal_id"].astype(str).tolist()
    parents = [None if pd.isna(p) else str(p) for p in rows["parent"]]
    at = {g: i for i, g in enumerate(ids)}
    lines = [[i for i, p in enumerate(parents) if p == g] + [at[g]] for g in ids
             if g not in (NO_GOAL, TOTAL_LABEL) and g in parents]
    lines.append([i for i, (g, p) in enumerate(zip(ids, parents)) if p is None and g != TOTAL_LABEL])
    changed = True
    while changed:
        changed = False
        for members in lines:
            if sum(hidden[m] for m in members) != 1:
                continue
            shown = [m for m in members if not hidden[m] and counts[m] > 0]
            if shown:
                hidden[min(shown, key=lambda m: (counts[m], m))] = True
                changed = True
