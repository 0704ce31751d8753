"""An analysis as people read it: every opinion group under its name in words.

The stored ``label`` is the group's keywords ("駐車場 / 少ない / 道") or a staff rename;
``name`` (listening.analysis.naming) is a phrase from its answers, names per language side
by side for a group holding both (バスの本数｜버스 노선), and the rename where staff renamed it.
``named`` makes the name the label every view draws (map legend, crosstab rows, profiles,
waves, pickers), keeps the keyword label as ``keyword_label`` to show beside it, and leaves
ids, sizes and texts as they are.
"""
from __future__ import annotations

import dataclasses

import pandas as pd

from listening.analysis import Analysis

LEVELS = ("theme", "topic")


def group_names(clusters: pd.DataFrame, level: str) -> dict[int, str]:
    """{cluster id: name shown} of one level: the name in words, else the stored label."""
    rows = clusters[clusters["level"] == level]
    names = rows["name"] if "name" in rows.columns else pd.Series([None] * len(rows), index=rows.index)
    return {int(c): (str(n) if isinstance(n, str) and n.strip() else str(lab))
            for c, n, lab in zip(rows["cluster_id"], names, rows["label"])}


def named(analysis: Analysis) -> Analysis:
    """``analysis`` with each group's name as its label (clusters ``label`` and the answers'
    ``theme_label``/``topic_label``); the keyword label moves to ``keyword_label``."""
    clusters = analysis.clusters.copy()
    if "keyword_label" in clusters.columns:  # named already
        return analysis
    clusters["keyword_label"] = clusters["label"].astype(str)
    answers = analysis.answers.copy()
    for level in LEVELS:
        names = group_names(analysis.clusters, level)
        at = (clusters["level"] == level).to_numpy()
        clusters.loc[at, "label"] = [names[int(c)] for c in clusters.loc[at, "cluster_id"]]
        if level in answers.columns:
            answers[f"{level}_label"] = answers[level].astype(int).map(names).fillna(
                answers.get(f"{level}_label", pd.Series(index=answers.index, dtype=object)))
    return dataclasses.replace(analysis, answers=answers, clusters=clusters)
