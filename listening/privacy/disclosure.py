"""Statistical disclosure control for published counts and answer attributes.

A count of fewer than ``min_cell`` people is hidden and marked ``<5`` (primary
suppression); whatever else a reader would need to work it out is hidden too and
marked ``x`` (secondary suppression: the count itself may be large). Counts are
compared by *people*, not answers: one person with six answers is still one person.

Everything a release prints is checked together as one :class:`CountSystem`: every
count, and every sum that links counts (a table's rows and columns with their
totals, topics adding up to their theme, themes to the total). Counts a reader can
work out anyway (``known``: topic sizes, by counting the published answers) are
printed and never relied on to hide anything. Four steps, each only hiding more:

1. the line rule: in every line (a list of parts with its total) with exactly one
   hidden member, also hide the smallest non-zero shown member, preferring inner
   cells, then margins, the grand total last; until nothing changes;
2. exact recovery: lines can be combined, so the whole system is solved, and any
   hidden value it still pins down gets one more partner (then step 1 again);
3. intervals (:mod:`listening.privacy.intervals`): each small count's feasible
   interval, given every printed count and what the other marks say, must include
   0 or span ``min_cell``; where it does not, the few counts (zeros included) that
   let it be 0 are hidden as well. Where the other marks make that impossible (a
   total whose parts are all ``<5``), the printed counts alone must allow 0;
4. read with its own mark as well (``<5``: 1 to ``min_cell - 1``), a small count must
   still have two possible values; if hiding more cannot give it a second one, it is
   printed ``x`` instead of ``<5``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from .intervals import incidence, protect_interval, protected, varies

TOTAL = "total"
# Shown instead of a small count, and instead of a count hidden only to protect small ones.
# The same markers as listening.export.model (a test holds them equal); defined here so
# this module does not import the export package.
SUPPRESSED = "<5"
SECONDARY = "x"

_INNER, _MARGIN, _GRAND = 0, 1, 2
Line = tuple[list[int], int]  # (parts, total): sum(values[parts]) == values[total]


def _hide_partner(values: np.ndarray, hidden: np.ndarray, members: Sequence[int], rank: np.ndarray,
                  fixed: np.ndarray) -> bool:
    candidates = [m for m in members if not hidden[m] and not fixed[m] and values[m] > 0]
    if not candidates:
        return False
    hidden[min(candidates, key=lambda m: (rank[m], values[m], m))] = True
    return True


def _apply_line_rule(values: np.ndarray, hidden: np.ndarray, lines: list[Line], rank: np.ndarray,
                     fixed: np.ndarray, small: np.ndarray) -> None:
    changed = True
    while changed:
        changed = False
        for parts, total in lines:
            members = [*parts, total]
            alone = [m for m in members if hidden[m]]
            if len(alone) == 1 and small[alone[0]]:
                changed |= _hide_partner(values, hidden, members, rank, fixed)


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


@dataclass(frozen=True, eq=False)
class CountSystem:
    """Every count one release prints and the sums that link them.

    ``values``: the counts (answers); ``people``: distinct people behind each, which
    decide what is small; ``lines``: (parts, total) positions with
    ``sum(values[parts]) == values[total]``; ``rank``: which partner to prefer
    (0 inner cell, 1 margin, 2 grand total); ``known``: counts a reader can work out
    from the release anyway (always printed, even when small); ``forced``: counts
    to hide whatever their size.
    """

    values: np.ndarray
    people: np.ndarray
    lines: list[Line]
    rank: np.ndarray
    known: np.ndarray | None = None
    forced: np.ndarray | None = None
    unprinted: np.ndarray | None = None


@dataclass(frozen=True, eq=False)
class Protection:
    """What :func:`protect_counts` hides: ``primary`` (small), ``hidden`` (small or a partner);
    ``marked``: the small counts printed ``<5`` (every other hidden count is printed ``x``);
    ``unmet``: small counts whose interval the printed counts narrow whatever else is
    hidden (e.g. a table with one column, whose cells equal the printed row totals).

    A small count is printed ``x`` rather than ``<5`` only where its mark and the others
    would pin it, and nothing else can be hidden to prevent that: four ``<5`` in a row
    whose printed total is 16 would each be 4.
    """

    primary: np.ndarray
    hidden: np.ndarray
    unmet: np.ndarray
    marked: np.ndarray

    def marks(self, values: Sequence[int]) -> list:
        """Each count as printed: an int, ``SUPPRESSED`` or ``SECONDARY``."""
        return [SUPPRESSED if m else SECONDARY if h else int(v)
                for v, m, h in zip(values, self.marked, self.hidden)]


def protect_counts(system: CountSystem, min_cell: int = 5) -> Protection:
    """Hide small counts and what would give them away, over the whole release (see the module note)."""
    values = np.asarray(system.values, dtype=np.int64)
    people = np.asarray(system.people, dtype=np.int64)
    n, lines, rank = len(values), system.lines, system.rank
    known = np.zeros(n, dtype=bool) if system.known is None else np.asarray(system.known, dtype=bool)
    primary = (people > 0) & (people < min_cell) & (values > 0) & ~known
    hidden = primary.copy()
    if system.forced is not None:
        hidden |= np.asarray(system.forced, dtype=bool) & (values > 0) & ~known
    guarded = hidden.copy()  # small or forced: none may be the only hidden count of a sum
    if system.unprinted is not None:
        hidden |= np.asarray(system.unprinted, dtype=bool) & ~known
    # Values the known counts alone determine stay determined whatever else is hidden.
    pinned = recoverable(values, ~known, lines) if known.any() else np.zeros(n, dtype=bool)
    by_cell = incidence(lines, n)
    cost = 1.0 + rank + values / (values.max() + 1.0)
    unmet = primary & pinned
    _hide_recoverable(values, hidden, lines, rank, known, pinned, guarded, guarded & ~primary)
    # Hiding more only widens intervals: each small count is checked (and fixed) once.
    for cell in np.flatnonzero(primary & ~pinned):
        more = _widen(values, hidden, primary, lines, int(cell), cost, known, min_cell, by_cell)
        if more is None:
            unmet[cell] = True
        else:
            hidden |= more
    # Read with its own mark too, no small count may be pinned (a row of "<5" adding up to a
    # printed 16 makes each 4): give the reader a second value, else print it "x".
    marked = primary.copy()
    for cell in np.flatnonzero(primary & ~pinned & ~unmet):
        if varies(values, hidden, marked, lines, int(cell), min_cell, by_cell):
            continue
        target = int(values[cell]) - 1 if values[cell] > 1 else int(values[cell]) + 1
        more = protect_interval(values, hidden, marked, lines, int(cell), cost, known, min_cell, target=target,
                                by_cell=by_cell)
        if more is not None and varies(values, hidden | more, marked, lines, int(cell), min_cell, by_cell):
            hidden |= more
        else:
            marked[cell] = False
    return Protection(primary=primary, hidden=hidden, unmet=unmet, marked=marked)


def _widen(values, hidden, primary, lines, cell, cost, known, min_cell, by_cell) -> np.ndarray | None:
    """Counts to hide so that small ``cell`` is protected (none if it is; None if it cannot be).

    First with what the other marks say; where they make it impossible (a total whose
    parts are all ``<5``, a row of ``<5`` adding up to a printed size), at least the
    table without the marks must allow 0.
    """
    for marks in (True, False):
        if protected(values, hidden, primary, lines, cell, min_cell, marks=marks, by_cell=by_cell):
            return np.zeros(len(values), dtype=bool)
        more = protect_interval(values, hidden, primary, lines, cell, cost, known, min_cell, marks=marks,
                                by_cell=by_cell)
        if more is not None:
            return more
    return None


def _hide_recoverable(values, hidden, lines, rank, fixed, pinned, guarded, exact) -> None:
    """Steps 1 and 2: the line rule for the ``guarded`` counts, then one more partner for each
    ``exact`` count (forced, not small) the system pins down. Small counts get more than that
    from step 3, which finds the partners that actually widen their interval; a partner that
    can be worked out gives nothing away, as step 3 reads every printed count anyway."""
    left = np.zeros(len(values), dtype=bool)  # no partner beside them
    while True:
        _apply_line_rule(values, hidden, lines, rank, fixed, guarded)
        exposed = np.flatnonzero(recoverable(values, hidden, lines) & exact & ~pinned & ~left) \
            if exact.any() else []
        if not len(exposed):
            return
        k = int(exposed[0])
        neighbours = [m for parts, total in lines if k in parts or k == total for m in (*parts, total)]
        if not _hide_partner(values, hidden, neighbours, rank, fixed):
            left[k] = True


def suppress_table(counts: pd.DataFrame, people: pd.DataFrame | None = None, min_cell: int = 5,
                   hidden: pd.DataFrame | np.ndarray | None = None) -> pd.DataFrame:
    """``counts`` with a ``TOTAL`` row and column, small counts replaced by SUPPRESSED and the counts
    that would give them away by SECONDARY (one table as a :class:`CountSystem`).

    ``counts``: a wide table of counts without margins. ``people``: distinct people
    behind each cell (same labels; default ``counts``), used to decide what is small.
    When ``people`` also has a ``TOTAL`` row and column they give the distinct people
    of each margin; otherwise a margin's people are the sum of its cells' people.
    ``hidden``: optional booleans shaped like the result (margins included, matched
    by position) for values that must be hidden because another published table
    hides them. The result is object-dtype: ints, SUPPRESSED or SECONDARY; its last row
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
    values = full.reshape(-1)
    result = protect_counts(CountSystem(values, full_people.reshape(-1), lines, rank, forced=forced), min_cell)
    out = pd.DataFrame(
        np.array(result.marks(values), dtype=object).reshape(full.shape),
        index=pd.Index([*counts.index, TOTAL], name=counts.index.name, dtype=object),
        columns=pd.Index([*counts.columns, TOTAL], name=counts.columns.name, dtype=object),
        dtype=object,
    )
    return out


def suppress_sizes(sizes: pd.Series, total: int, min_cell: int = 5, people: pd.Series | None = None,
                   *, total_people: int | None = None, hidden: Sequence[bool] | None = None) -> pd.Series:
    """Sizes of parts that add up to ``total``, small ones replaced by SUPPRESSED, their partners by SECONDARY.

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
    system = CountSystem(values, np.append(part_people, total_people), [(list(range(n)), n)], rank, forced=forced)
    index = pd.Index([*sizes.index, TOTAL], name=sizes.index.name, dtype=object)
    return pd.Series(protect_counts(system, min_cell).marks(values), index=index, name=sizes.name, dtype=object)


def k_anonymize(frame: pd.DataFrame, columns: Sequence[str], k: int = 5, person: pd.Series | None = None,
                withheld: str = "(withheld)", context: Sequence[str] = (),
                withhold: Sequence[bool] | None = None) -> pd.DataFrame:
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
    combination = keys.map(lambda key: key[len(context):])  # what is withheld, without the context
    coverage = pd.DataFrame({"key": keys, "who": who.to_numpy()}).groupby("key", sort=False)["who"].nunique()
    # Smallest first; ties keep first-seen order so the result does not depend on hashing.
    order = coverage.sort_values(kind="stable")
    withheld_keys = set(order.index[order < k])
    forced = np.zeros(len(frame), dtype=bool) if withhold is None else np.asarray(withhold, dtype=bool)
    if withheld_keys or forced.any():
        for key, _ in order.items():
            inside = keys.isin(withheld_keys).to_numpy() | forced
            if who[inside].nunique() >= k and combination[inside].nunique() > 1:
                break
            withheld_keys.add(key)
    rows = keys.isin(withheld_keys).to_numpy() | forced
    if not rows.any():
        return out
    for column in columns:
        out[column] = out[column].astype(object)
        out.loc[rows, column] = withheld
    return out
