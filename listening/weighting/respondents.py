"""From answers to respondents and back: weights belong to people, answers inherit them.

A survey row is one respondent with several answers (問1, 問2 ...); the attributes
come from the row, so they are the same on each of its answers. Respondents are
keyed by batch and respondent id: the same id in two imports (two waves) is two
rows of two files, weighted separately. Hearing notes are group conversations, not
residents with demographics (their id names the note): they are not weighted, and
weighted figures leave them out (counted as n_answers_without_respondent).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from listening.types import InputError


def respondent_keys(answers: pd.DataFrame) -> pd.Series:
    """Per answer: "batch:respondent_id", or NA for an answer without a survey respondent (an answer
    without an id, or from hearing notes, whose id names the note)."""
    if "respondent_id" not in answers.columns:
        return pd.Series(pd.NA, index=answers.index, dtype=object)
    ids = answers["respondent_id"].astype("string").str.strip().fillna("")
    if "batch_id" in answers.columns:
        batch = pd.Series(pd.unique(answers["batch_id"]))
        batch = answers["batch_id"].map(dict(zip(batch, batch.map(_plain)))).astype("string")
    else:
        batch = pd.Series("0", index=answers.index, dtype="string")
    keys = (batch + ":" + ids).astype(object)
    person = (ids != "").to_numpy()
    if "source" in answers.columns:  # a hearing note's id names the note, not a resident
        person &= (answers["source"].astype("string").fillna("") == "survey").to_numpy()
    return keys.where(person, pd.NA)


def _plain(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def respondent_table(answers: pd.DataFrame, attributes: Sequence[str]) -> pd.DataFrame:
    """One row per respondent (index: key from :func:`respondent_keys`) with ``attributes``.

    A respondent's value is the first non-blank one among their answers (they all
    come from one survey row). Answers without a respondent are left out.
    """
    unknown = [a for a in attributes if a not in answers.columns]
    if unknown:
        raise InputError(f"the answers have no attribute {', '.join(unknown)}. They have: "
                         f"{', '.join(map(str, answers.columns))}.", column=unknown[0],
                         code="weighting_unknown_attribute", params={"attribute": unknown[0]})
    keys = respondent_keys(answers)
    has = keys.notna().to_numpy()
    frame = pd.DataFrame({a: answers.loc[has, a].astype("string").str.strip().replace("", pd.NA).astype(object)
                          for a in attributes})
    frame = frame.where(frame.notna(), np.nan)
    frame.index = pd.Index(keys[has].to_numpy(), name="respondent")
    if frame.empty:
        return frame.iloc[:0]
    return frame.groupby(level=0, sort=False).first().reindex(columns=list(attributes))


def answer_weights(answers: pd.DataFrame, weights: pd.Series) -> pd.Series:
    """Each answer's weight: its respondent's (NaN where the answer has no weighted respondent)."""
    keys = respondent_keys(answers)
    return pd.Series(keys.map(weights).to_numpy(dtype=float), index=answers.index, name="weight")
