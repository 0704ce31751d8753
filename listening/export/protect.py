"""The one disclosure check of a public export: every count it prints, protected together.

A public export prints the number of analysed answers, theme sizes, topic sizes and
one theme x attribute table per crosstab. They are linked: topics add up to their
theme, themes to the total, each crosstab row to its theme's size, its columns to
the column totals, and those to the total. All of them form one ``CountSystem``
(``listening.privacy.protect_counts``), so a count hidden in one place is hidden
wherever it appears (a theme's size in the overview and as a crosstab row total is
one count), and the feasible interval of every small count is checked against
everything the release prints at once, not table by table.

The published answers are part of the release too. A reader can count the rows of
each published topic, so its size (and the size of a theme whose topics are all
published) is printed, small or not, instead of a "<5" beside rows that give it away
(``known`` counts). Attributes printed beside the answers add no sum of their own
once every answer whose crosstab cell is hidden, primary or secondary, has them
withheld (``hidden_cells``): the rows then show only values of printed cells, and
the withheld rows of a theme number exactly what its hidden cells add up to, which
the table says already.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from listening.privacy import TOTAL, CountSystem, Protection, protect_counts

_INNER, _MARGIN, _GRAND = 0, 1, 2


@dataclass(frozen=True, eq=False)
class ProtectedCounts:
    """Counts as printed (ints, "<5" or "x") and what the answer rows must withhold."""

    theme_shown: dict[int, object]
    topic_shown: dict[int, object]
    tables: dict[str, pd.DataFrame]  # attribute -> counts with a TOTAL row and column
    hidden_cells: dict[str, set[tuple[int, str]]]  # attribute -> {(theme id, value)} hidden
    system: CountSystem
    protection: Protection
    positions: dict  # ("N",) / ("theme", i) / ("topic", j) / ("cell", attr, i, v) / ("column", attr, v)


def protect_release(answers: pd.DataFrame, person: pd.Series, theme_size: pd.Series, topic_size: pd.Series,
                    topic_theme: dict[int, int], counts: dict[str, tuple[pd.DataFrame, pd.DataFrame]],
                    published: set[int], min_cell: int) -> ProtectedCounts:
    """Protect every count of one public export together (see the module note).

    ``counts``: attribute -> (theme x value answer counts, distinct people with TOTAL
    margins) as build.py computes them; ``published``: ids of the topics whose
    answers the export lists.
    """
    values, people, rank, known, unprinted, lines, at = [], [], [], [], [], [], {}

    def add(key, value, who, level, is_known=False, printed=True) -> int:
        at[key] = len(values)
        values.append(int(value))
        people.append(int(who))
        rank.append(level)
        known.append(is_known)
        unprinted.append(not printed)
        return at[key]

    themes, topics = list(theme_size.index), list(topic_size.index)
    theme_people = person.groupby(answers["theme"].to_numpy()).nunique()
    topic_people = person.groupby(answers["topic"].to_numpy()).nunique()
    grand = add(("N",), len(answers), person.nunique(), _GRAND, True)  # printed in the method note
    for i in themes:
        members = [j for j in topics if topic_theme[j] == i]
        add(("theme", i), theme_size[i], theme_people.get(i, 0), _MARGIN, all(j in published for j in members))
    for j in topics:
        add(("topic", j), topic_size[j], topic_people.get(j, 0), _INNER, j in published, printed=j in published)
    lines.append(([at[("theme", i)] for i in themes], grand))
    for i in themes:
        lines.append(([at[("topic", j)] for j in topics if topic_theme[j] == i], at[("theme", i)]))
    for attribute, (table, who) in counts.items():
        for i in table.index:
            for v in table.columns:
                add(("cell", attribute, i, v), table.at[i, v], who.at[i, v], _INNER)
        for v in table.columns:
            add(("column", attribute, v), table[v].sum(), who.at[TOTAL, v], _MARGIN)
        for i in table.index:
            lines.append(([at[("cell", attribute, i, v)] for v in table.columns], at[("theme", i)]))
        for v in table.columns:
            lines.append(([at[("cell", attribute, i, v)] for i in table.index], at[("column", attribute, v)]))
        lines.append(([at[("column", attribute, v)] for v in table.columns], grand))

    system = CountSystem(np.array(values, dtype=np.int64), np.array(people, dtype=np.int64), lines,
                         np.array(rank), known=np.array(known, dtype=bool),
                         unprinted=np.array(unprinted, dtype=bool))
    protection = protect_counts(system, min_cell)
    shown = protection.marks(system.values)
    tables, hidden_cells = {}, {}
    for attribute, (table, _) in counts.items():
        rows = [*table.index, TOTAL]
        columns = [*table.columns, TOTAL]
        grid = [[shown[at[("cell", attribute, i, v)]] for v in table.columns] + [shown[at[("theme", i)]]]
                for i in table.index]
        grid.append([shown[at[("column", attribute, v)]] for v in table.columns] + [shown[grand]])
        tables[attribute] = pd.DataFrame(grid, index=pd.Index(rows, name=table.index.name, dtype=object),
                                         columns=pd.Index(columns, name=table.columns.name, dtype=object),
                                         dtype=object)
        hidden_cells[attribute] = {(int(i), str(v)) for i in table.index for v in table.columns
                                   if protection.hidden[at[("cell", attribute, i, v)]]}
    return ProtectedCounts(
        theme_shown={i: shown[at[("theme", i)]] for i in themes},
        topic_shown={j: shown[at[("topic", j)]] for j in topics},
        tables=tables, hidden_cells=hidden_cells, system=system, protection=protection, positions=at,
    )
