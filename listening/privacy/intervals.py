"""How far a reader can narrow a hidden count, and hiding more until it is not far enough.

A reader who has every count a release prints can set up the same sums the
release obeys (rows add up to their totals, topics to their theme ...) and ask an
integer-program solver for the smallest and largest value a hidden count can take
in any whole-number table that agrees with everything printed. The published
marks help them: a ``<5`` is at least 1 (zeros are printed or marked ``x``) and at
most ``min_cell - 1`` people, an ``x`` is any count. That range is the *feasible
interval* of the hidden count.

A count hidden because it is small is protected when its interval, computed with
what every *other* mark says, includes 0 (the release cannot tell it from nobody)
or spans at least ``min_cell``. When it does not, :func:`protect_interval` finds a
table that agrees with everything printed except a few more counts, in which the
small count is 0; hiding the counts that differ makes that table a possible one, so
the interval reaches 0. Hiding more only ever widens an interval, so each small
count is fixed once and stays fixed.

Both programs work on one connected part of the system at a time (counts linked
through sums of hidden or hideable counts); printed counts are constants.
Measured on this machine: a 40 x 20 table with its margins, about 3 s in all
(bench/disclosure.py).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix, csr_matrix, hstack

Line = tuple[list[int], int]  # (parts, total): sum(values[parts]) == values[total]


class Links(list):
    """For each count, the sums it is in; ``matrix``: every sum as a row (+1 parts, -1 total)."""

    matrix: csr_matrix


def incidence(lines: Sequence[Line], n: int) -> Links:
    by_cell = Links([] for _ in range(n))
    rows, cols, data = [], [], []
    for i, (parts, total) in enumerate(lines):
        for m, sign in [*((p, 1.0) for p in parts), (total, -1.0)]:
            by_cell[m].append(i)
            rows.append(i)
            cols.append(m)
            data.append(sign)
    by_cell.matrix = coo_matrix((data, (rows, cols)), shape=(len(lines), n)).tocsr()
    return by_cell


def _component(start: int, free: np.ndarray, lines: Sequence[Line], by_cell: list[list[int]],
               hops: int | None = None) -> tuple[list[int], list[int]]:
    """Cells reachable from ``start`` through lines (at most ``hops`` lines away), stepping only
    on ``free`` cells; and the lines that hold them."""
    seen, frontier, used, step = {start}, [start], set(), 0
    while frontier and (hops is None or step < hops):
        step += 1
        reached = []
        for m in frontier:
            for i in by_cell[m]:
                if i in used:
                    continue
                used.add(i)
                parts, total = lines[i]
                for other in (*parts, total):
                    if free[other] and other not in seen:
                        seen.add(other)
                        reached.append(other)
        frontier = reached
    if hops is not None and hops >= 2:
        # A far count helps only if it closes a cycle: it shares two or more sums with nearer ones.
        near = {start} | {o for i in by_cell[start] for o in (*lines[i][0], lines[i][1]) if free[o]}
        near_lines = {i for m in near for i in by_cell[m]}
        seen = {m for m in seen if m in near or sum(i in near_lines for i in by_cell[m]) >= 2}
    used = {i for m in seen for i in by_cell[m]}
    return sorted(seen), sorted(used)


def _equations(cells: list[int], used: list[int], links: Links, values: np.ndarray,
               width: int = 1) -> tuple[csr_matrix, np.ndarray]:
    """Line equations over ``cells`` (each repeated ``width`` times with alternating signs for
    +/- parts), with the printed members moved to the right-hand side."""
    rows = links.matrix[used]
    inside = np.zeros(rows.shape[1], dtype=bool)
    inside[cells] = True
    rhs = -(rows[:, ~inside] @ values[~inside].astype(float))
    block = rows[:, cells]
    if width == 2:
        block = hstack([block, -block]).tocsr()[:, np.ravel(np.column_stack([np.arange(len(cells)),
                                                                             np.arange(len(cells)) + len(cells)]))]
    return block.tocsr(), np.asarray(rhs, dtype=float).reshape(-1)


def _mark_bounds(cells: list[int], values: np.ndarray, primary: np.ndarray, target: int,
                 min_cell: int, ceiling: float, own: bool = False) -> tuple[np.ndarray, np.ndarray]:
    low = np.zeros(len(cells))
    high = np.full(len(cells), ceiling)
    for k, m in enumerate(cells):
        if (m != target or own) and primary[m]:
            low[k] = 1.0
            high[k] = max(float(min_cell - 1), float(values[m]))
    return low, high


def feasible_interval(values: np.ndarray, hidden: np.ndarray, primary: np.ndarray, lines: Sequence[Line],
                      cell: int, min_cell: int = 5, *, marks: bool = True, own: bool = False, high: bool = True,
                      by_cell: list[list[int]] | None = None, hops: int | None = None) -> tuple[int, int | None]:
    """(lowest, highest) whole value hidden ``cell`` can take given every printed count.

    ``marks``: use what the marks say about the *other* hidden counts (a ``<5`` is
    1 to ``min_cell - 1``, or its true value when more answers than people make it
    larger); without them every hidden count is any value from 0. ``own``: also what
    the mark of ``cell`` itself says (the reader's whole view). ``high=False``
    skips the upper end (None). ``hops``: let only the hidden counts at most that many
    sums away from ``cell`` vary, the rest held at their true values: a narrower
    interval than the reader's, found much faster (when it reaches 0, so does theirs).
    """
    values = np.asarray(values, dtype=np.int64)
    by_cell = by_cell if by_cell is not None else incidence(lines, len(values))
    cells, used = _component(cell, hidden, lines, by_cell, hops)
    a, b = _equations(cells, used, by_cell, values)
    ceiling = float(values.max())
    if marks:
        low, up = _mark_bounds(cells, values, primary, cell, min_cell, ceiling, own)
    else:
        low, up = np.zeros(len(cells)), np.full(len(cells), ceiling)
    k = cells.index(cell)
    constraints = [LinearConstraint(a.tocsr(), b, b)] if len(used) else []
    ends = []
    for sign in (1.0, -1.0) if high else (1.0,):
        goal = np.zeros(len(cells))
        goal[k] = sign
        ends.append(int(round(sign * _solve(goal, constraints, Bounds(low, up)).fun)))
    return ends[0], (ends[1] if high else None)


def _solve(goal: np.ndarray, constraints: list, bounds: Bounds):
    """The whole-number optimum: the linear program first, whose corner is whole for the sums of
    a table with its margins; the integer program only when it is not."""
    res = milp(goal, constraints=constraints, integrality=np.zeros(len(goal)), bounds=bounds)
    if res.status == 0 and np.allclose(res.x, np.round(res.x), atol=1e-7):
        return res
    res = milp(goal, constraints=constraints, integrality=np.ones(len(goal)), bounds=bounds)
    if res.status != 0:  # the true table is always feasible; only a solver failure gets here
        raise RuntimeError(f"the integer program found no table: {res.message}")
    return res


def _sign(m: int, line: Line) -> int:
    return 1 if m in line[0] else -1


def _rectangle(values, hidden, primary, lines, cell, min_cell, by_cell, marks, delta: int | None = None) -> bool:
    """Whether four hidden counts (``cell`` and three others, each in exactly two sums) can trade
    ``delta`` (default ``values[cell]``: all of it) among themselves, ``cell`` giving it up: the
    cheapest proof that a small count could be nobody (or another value), found without a solver."""
    delta = int(values[cell]) if delta is None else delta
    if len(by_cell[cell]) != 2:
        return False

    def fits(m: int, change: int) -> bool:
        low, high = (1, max(min_cell - 1, int(values[m]))) if marks and primary[m] else (0, None)
        return values[m] + change >= low and (high is None or values[m] + change <= high)

    def partners(line_index: int, m: int, change: int):
        """(other member, its change, its other sum) that keep sum ``line_index`` balanced."""
        line = lines[line_index]
        for other in (*line[0], line[1]):
            if other == m or not hidden[other] or len(by_cell[other]) != 2:
                continue
            d = _sign(m, line) * _sign(other, line) * -change
            if fits(other, d):
                yield other, d, next(i for i in by_cell[other] if i != line_index)

    first, second = by_cell[cell]
    across = {}
    for q, dq, q_line in partners(second, cell, -delta):
        across.setdefault(q_line, []).append((q, dq))
    for p, dp, p_line in partners(first, cell, -delta):
        for s_cell, ds, s_line in partners(p_line, p, dp):
            for q, dq in across.get(s_line, []):
                # the fourth count balances the third sum too
                if q not in (p, s_cell) and s_cell != cell and len({first, second, p_line, s_line}) == 4 \
                        and _sign(q, lines[s_line]) * dq + _sign(s_cell, lines[s_line]) * ds == 0:
                    return True
    return False


def protected(values, hidden, primary, lines, cell: int, min_cell: int = 5, *, marks: bool = True,
              by_cell=None) -> bool:
    """Whether small hidden ``cell`` is protected: its interval reaches 0 or spans ``min_cell``.

    Tried first by trading among four hidden counts, then with only the nearby hidden
    counts free (a small program that settles most of the rest), then with the whole
    connected part.
    """
    values = np.asarray(values, dtype=np.int64)
    by_cell = by_cell if by_cell is not None else incidence(lines, len(values))
    if _rectangle(values, hidden, primary, lines, cell, min_cell, by_cell, marks):
        return True
    for hops in (2, None):
        low, _ = feasible_interval(values, hidden, primary, lines, cell, min_cell, marks=marks, high=False,
                                   by_cell=by_cell, hops=hops)
        if low == 0:
            return True
    low, high = feasible_interval(values, hidden, primary, lines, cell, min_cell, marks=marks, by_cell=by_cell)
    return high - low >= min_cell


def varies(values, hidden, primary, lines, cell: int, min_cell: int = 5, by_cell=None) -> bool:
    """Whether small hidden ``cell`` can take two values given everything printed, its own mark
    included: the reader cannot tell its exact count."""
    values = np.asarray(values, dtype=np.int64)
    by_cell = by_cell if by_cell is not None else incidence(lines, len(values))
    step = 1 if values[cell] > 1 else -1  # give one up, or take one more
    if _rectangle(values, hidden, primary, lines, cell, min_cell, by_cell, True, delta=step) and \
            1 <= values[cell] - step <= max(min_cell - 1, int(values[cell])):
        return True
    for hops in (2, None):  # nearby counts first: a second value there is a second value anyway
        low, high = feasible_interval(values, hidden, primary, lines, cell, min_cell, own=True, by_cell=by_cell,
                                      hops=hops)
        if low < high:
            return True
    return False


def protect_interval(values: np.ndarray, hidden: np.ndarray, primary: np.ndarray, lines: Sequence[Line],
                     cell: int, cost: np.ndarray, fixed: np.ndarray, min_cell: int = 5, *, marks: bool = True,
                     target: int = 0, by_cell: list[list[int]] | None = None) -> np.ndarray | None:
    """Counts to hide besides ``hidden`` so that small ``cell`` could be ``target`` (None: no such set).

    Finds a change ``d`` to the table (whole numbers, every line still adding up, no
    count below 0, other ``<5`` counts kept within what their mark says, ``fixed``
    counts unchanged) that takes ``cell`` to 0, at the least ``cost`` per unit moved
    through counts not hidden yet. The counts it changes are the ones to hide.
    ``marks=False`` lets other ``<5`` counts go to 0 too (the table-only interval).
    ``target``: the value to reach instead of 0 (other marks always kept then).
    """
    values = np.asarray(values, dtype=np.int64)
    by_cell = by_cell if by_cell is not None else incidence(lines, len(values))
    cells, used = _component(cell, ~fixed, lines, by_cell)
    a, b = _equations(cells, used, by_cell, np.zeros_like(values), width=2)  # d = up - down; lines stay balanced
    n = len(cells)
    low, up = np.zeros(2 * n), np.zeros(2 * n)
    for k, m in enumerate(cells):
        v = float(values[m])
        up[2 * k] = float(values.max())  # up
        up[2 * k + 1] = v  # down: never below 0
        if m == cell:
            change = float(target) - v
            low[2 * k] = up[2 * k] = max(change, 0.0)
            low[2 * k + 1] = up[2 * k + 1] = max(-change, 0.0)
        elif primary[m] and marks:
            up[2 * k] = max(float(min_cell - 1), v) - v
            up[2 * k + 1] = v - 1.0
    goal = np.repeat([0.0 if hidden[m] else float(cost[m]) for m in cells], 2) + 1e-6
    constraints = [LinearConstraint(a.tocsr(), b, b)] if len(used) else []
    res = milp(goal, constraints=constraints, integrality=np.zeros(2 * n), bounds=Bounds(low, up))
    if res.status != 0:
        return None  # no table takes the count to 0 (a linear program finds none, an integer one neither)
    if not np.allclose(res.x, np.round(res.x), atol=1e-7):
        res = milp(goal, constraints=constraints, integrality=np.ones(2 * n), bounds=Bounds(low, up))
        if res.status != 0:
            return None
    moved = np.round(res.x).reshape(n, 2).sum(axis=1) > 0
    out = np.zeros(len(values), dtype=bool)
    out[[m for m, k in zip(cells, moved) if k]] = True
    return out & ~hidden


__all__ = ["feasible_interval", "incidence", "protect_interval", "protected", "varies"]
