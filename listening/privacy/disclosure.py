"""Statistical disclosure control for published counts and answer attributes.

A count of fewer than ``min_cell`` people is hidden (primary suppression), and so
is whatever else a reader would need to work it back out by subtraction
(complementary suppression). Counts are compared by *people*, not answers: one
person with six answers is still one person.

The rule for complements, applied until nothing changes: in every line (a row or
column of a table, its margin included; a list of parts with its total), if
exactly one member is hidden, also hide the smallest non-zero shown member,
preferring inner cells, then margins, and the grand total only as a last resort.
Lines alone do not catch everything (equations can be combined), so afterwards
the whole system of line equations is solved: any hidden value that the shown
values still pin down gets one more partner, and the line rule runs again. Zeros
are always shown: they are not about anyone.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

TOTAL = "total"
# Shown instead of a hidden count. The same marker as listening.export.model.SUPPRESSED
# (a test holds them equal); defined here so this module does not import the export package.
SUPPRESSED = "<5"

_INNER, _MARGIN, _GRAND = 0, 1, 2
Line = tuple[list[int], int]  # (parts, total): sum(values[parts]) == values[total]


def _hide_partner(values: np.ndarray, hidden: np.ndarray, members: Sequence[int], rank: np.ndarray) -> bool:
    candidates = [m for m in members if not hidden[m] and values[m] > 0]
    if not candidates:
        return False
    hidden[min(candidates, key=lambda m: (rank[m], values[m], m))] = True
    return True


def _apply_line_rule(values: np.ndarray, hidden: np.ndarray, lines: list[Line], rank: np.ndarray) -> None:
    changed = True
    while changed:
        changed = False
        for parts, total in lines:
            members = [*parts, total]
            if int(hidden[members].sum()) == 1:
                changed |= _hide_partner(values, hidden, members, rank)


def recoverable(values: np.ndarray, hidden: np.ndarray, lines: list[Line]) -> np.ndarray:
    """Which hidden values the shown values and the line equations determine exactly.

    A hidden value is determined exactly when its unit vector lies in the row space
    of the equations over the hidden values (then some combination of lines isolates
    it): its squared projection onto an orthonormal basis of that space is 1.
    """
    unknown = np.flatnonzero(hidden)
    out = np.zeros(len(values), dtype=bool)
    if not len(unknown):
        return out
    column = {int(u): i for i, u in enumerate(unknown)}
    rows = []
    for parts, total in lines:
        row = np.zeros(len(unknown))
        for m, sign in [*((p, 1.0) for p in parts), (total, -1.0)]:
            if m in column:
                row[column[m]] += sign
        if row.any():
            rows.append(row)
    if not rows:
        return out
    equations = np.array(rows)
    # Eigenvectors of the small Gram matrix (lines x lines) span the same space as the
    # equations, at a fraction of the cost of decomposing the wide equation matrix.
    # One BLAS thread: these matrices are small, and spare threads spin-wait on a busy machine.
    with threadpool_limits(limits=1):
        strength, vectors = np.linalg.eigh(equations @ equations.T)
        keep = strength > 1e-10 * max(strength.max(), 1.0)
        basis = (vectors[:, keep].T @ equations) / np.sqrt(strength[keep])[:, None]
    # Rounding can only push a free value over the line (one partner too many), never the reverse.
    out[unknown[(basis ** 2).sum(axis=0) > 1 - 1e-6]] = True
    return out


def _protect(values: np.ndarray, people: np.ndarray, lines: list[Line], rank: np.ndarray,
             min_cell: int, forced: np.ndarray | None) -> np.ndarray:
    """Hidden flags for every value: primary, forced, then complements until nothing is recoverable."""
    hidden = (people > 0) & (people < min_cell)
    if forced is not None:
        hidden |= forced
    hidden &= values > 0
    while True:
        _apply_line_rule(values, hidden, lines, rank)
        exposed = np.flatnonzero(recoverable(values, hidden, lines))
        if not len(exposed):
            return hidden
        k = int(exposed[0])
        neighbours = [m for parts, total in lines if k in parts or k == total for m in (*parts, total)]
        if not _hide_partner(values, hidden, neighbours, rank) and \
                not _hide_partner(values, hidden, range(len(values)), rank):
            return hidden  # every non-zero value is hidden already


def _shown(values: np.ndarray, hidden: np.ndarray) -> list:
    return [SUPPRESSED if h else int(v) for v, h in zip(values, hidden)]


def suppress_table(counts: pd.DataFrame, people: pd.DataFrame | None = None, min_cell: int = 5,
                   hidden: pd.DataFrame | np.ndarray | None = None) -> pd.DataFrame:
    """``counts`` with a ``TOTAL`` row and column, small and recoverable counts replaced by SUPPRESSED.

    ``counts``: a wide table of counts without margins. ``people``: distinct people
    behind each cell (same labels; default ``counts``), used to decide what is small.
    When ``people`` also has a ``TOTAL`` row and column they give the distinct people
    of each margin; otherwise a margin's people are the sum of its cells' people.
    ``hidden``: optional booleans shaped like the result (margins included, matched
    by position) for values that must be hidden because another published table
    hides them. The result is object-dtype: Python ints or SUPPRESSED; its last row
    and last column are the totals (matched by position, so a value that happens to
    be called "total" does no harm).
    """
    n_rows, n_cols = counts.shape
    inner = counts.to_numpy(dtype=np.int64)
    if people is None:
        inner_people = inner
        row_people, col_people, grand_people = inner.sum(axis=1), inner.sum(axis=0), inner.sum()
    else:
        has_margins = TOTAL in people.index and TOTAL in people.columns
        inner_people = people.reindex(index=counts.index, columns=counts.columns).fillna(0).to_numpy(np.int64)
        if has_margins:
            row_people = people.loc[counts.index, TOTAL].to_numpy(np.int64)
            col_people = people.loc[TOTAL, counts.columns].to_numpy(np.int64)
            grand_people = int(people.loc[TOTAL, TOTAL])
        else:
            row_people, col_people = inner_people.sum(axis=1), inner_people.sum(axis=0)
            grand_people = inner_people.sum()
    full = np.zeros((n_rows + 1, n_cols + 1), dtype=np.int64)
    full[:n_rows, :n_cols] = inner
    full[:n_rows, n_cols] = inner.sum(axis=1)
    full[n_rows, :n_cols] = inner.sum(axis=0)
    full[n_rows, n_cols] = inner.sum()
    full_people = np.zeros_like(full)
    full_people[:n_rows, :n_cols] = inner_people
    full_people[:n_rows, n_cols] = row_people
    full_people[n_rows, :n_cols] = col_people
    full_people[n_rows, n_cols] = grand_people

    width = n_cols + 1
    at = lambda r, c: r * width + c  # noqa: E731 - flat position of a cell
    lines: list[Line] = []
    for r in range(n_rows + 1):
        lines.append(([at(r, c) for c in range(n_cols)], at(r, n_cols)))
    for c in range(n_cols + 1):
        lines.append(([at(r, c) for r in range(n_rows)], at(n_rows, c)))
    rank = np.full(full.size, _INNER)
    rank[[at(r, n_cols) for r in range(n_rows)] + [at(n_rows, c) for c in range(n_cols)]] = _MARGIN
    rank[at(n_rows, n_cols)] = _GRAND
    forced = None if hidden is None else np.asarray(hidden, dtype=bool).reshape(-1)
    flags = _protect(full.reshape(-1), full_people.reshape(-1), lines, rank, min_cell, forced)
    out = pd.DataFrame(
        np.array(_shown(full.reshape(-1), flags), dtype=object).reshape(full.shape),
        index=pd.Index([*counts.index, TOTAL], name=counts.index.name, dtype=object),
        columns=pd.Index([*counts.columns, TOTAL], name=counts.columns.name, dtype=object),
        dtype=object,
    )
    return out


def suppress_sizes(sizes: pd.Series, total: int, min_cell: int = 5, people: pd.Series | None = None,
                   *, total_people: int | None = None, hidden: Sequence[bool] | None = None) -> pd.Series:
    """Sizes of parts that add up to ``total``, small and recoverable ones replaced by SUPPRESSED.

    Same rules as :func:`suppress_table` on one line. The result has the parts in
    their order plus a last ``TOTAL`` entry: the total is hidden only when it is
    itself small, forced by ``hidden`` (positions of parts, then the total), or the
    only partner left. ``people`` (default ``sizes``) and ``total_people`` (default
    the sum of ``people``, or ``total`` without them) decide what is small.
    """
    values = np.append(sizes.to_numpy(dtype=np.int64), int(total))
    if people is None:
        part_people = values[:-1]
        total_people = int(total) if total_people is None else total_people
    else:
        part_people = people.reindex(sizes.index).fillna(0).to_numpy(np.int64)
        total_people = int(part_people.sum()) if total_people is None else total_people
    n = len(sizes)
    rank = np.full(n + 1, _INNER)
    rank[n] = _GRAND
    forced = None if hidden is None else np.asarray(hidden, dtype=bool)
    flags = _protect(values, np.append(part_people, total_people), [(list(range(n)), n)], rank,
                     min_cell, forced)
    return pd.Series(_shown(values, flags), index=pd.Index([*sizes.index, TOTAL], name=sizes.index.name,
                                                            dtype=object), name=sizes.name, dtype=object)


def k_anonymize(frame: pd.DataFrame, columns: Sequence[str], k: int = 5, person: pd.Series | None = None,
                withheld: str = "(withheld)", context: Sequence[str] = ()) -> pd.DataFrame:
    """``frame`` with the ``columns`` of rare attribute combinations replaced by ``withheld``.

    A combination of values in ``columns`` (missing counts as a value) shown on fewer
    than ``k`` distinct people (``person``, aligned with ``frame``; default: each row
    is a person) is withheld in all ``columns`` at once. The withheld rows then form
    a group of their own, and it must not give away what it hides: while it covers
    fewer than ``k`` people, or all its rows share one original combination (which a
    reader could name as the one missing from the shown values), the smallest shown
    combination is withheld too. Other columns are left as they are.

    ``context``: columns a reader sees anyway (the answer's cluster). They join the
    combination but are never withheld, so counting the published rows by cluster and
    attribute cannot recover a small crosstab cell.
    """
    columns = list(columns)
    key_columns = list(context) + columns
    out = frame.copy()
    if not columns or frame.empty:
        return out
    who = pd.Series(np.arange(len(frame)), index=frame.index) if person is None else person
    who = who.astype(object).where(who.notna(), pd.Series([("row", i) for i in range(len(frame))],
                                                           index=frame.index))
    keys = pd.Series(list(zip(*(frame[c].astype(object).where(frame[c].notna(), None) for c in key_columns))),
                     index=frame.index)
    coverage = pd.DataFrame({"key": keys, "who": who.to_numpy()}).groupby("key", sort=False)["who"].nunique()
    # Smallest first; ties keep first-seen order so the result does not depend on hashing.
    order = coverage.sort_values(kind="stable")
    withheld_keys = set(order.index[order < k])
    if withheld_keys:
        for key, _ in order.items():
            inside = keys.isin(withheld_keys).to_numpy()
            if who[inside].nunique() >= k and len(withheld_keys) > 1:
                break
            withheld_keys.add(key)
    rows = keys.isin(withheld_keys).to_numpy()
    if not rows.any():
        return out
    for column in columns:
        out[column] = out[column].astype(object)
        out.loc[rows, column] = withheld
    return out
