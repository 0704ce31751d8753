"""What changed between survey waves, in one or two sentences a reader takes in first.

Built from :func:`listening.waves.wave_table`: only changes that stay significant after
its Holm correction are named, the latest wave first, the largest change first.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from listening import i18n


def wave_sentences(table: pd.DataFrame, lang: str, names: Mapping | None = None, by: str | None = None,
                   limit: int = 2) -> list[str]:
    """Up to ``limit`` sentences in ``lang`` on the significant changes of ``table``.

    ``names`` maps batch ids to how waves are shown; ``by`` is the attribute the
    table was split by (its value starts the sentence). With no significant change,
    one sentence says so. User text (labels, names) is kept as it is: escape it where
    Markdown renders.
    """
    names = dict(names or {})
    if table.empty or not table["significant"].any():
        return [i18n.t(lang, "plain_wave_nothing")]
    order = list(dict.fromkeys(table["batch"]))
    rows = table.loc[table["significant"]].assign(
        _wave=lambda f: f["batch"].map(order.index), _size=lambda f: f["change"].abs())
    rows = rows.sort_values(["_wave", "_size"], ascending=[False, False], kind="stable")
    sentences = []
    for _, row in rows.head(limit).iterrows():
        previous = order[order.index(row["batch"]) - 1]
        sentence = i18n.t(
            lang, "plain_wave_up" if row["change"] > 0 else "plain_wave_down", label=row["label"],
            previous=names.get(previous, str(previous)), wave=names.get(row["batch"], str(row["batch"])),
            before=f"{row['previous_share'] * 100:.1f}%", after=f"{row['share'] * 100:.1f}%")
        if by:
            sentence = i18n.t(lang, "plain_wave_group", value=row[by], sentence=sentence)
        sentences.append(sentence)
    return sentences
