"""The curation log in words: one readable line per edit, in Japanese, Korean or English."""
from __future__ import annotations

import numpy as np
import pandas as pd

from listening.i18n import LANGUAGES, STRINGS, t
from listening.store import Store


def describe_edit(op: str, payload: dict, lang: str = "ja") -> str:
    """One line saying what an edit did, in ja, ko or en (the words: ``listening.i18n.edits``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    if f"edit.{op}" not in STRINGS:
        return op
    sep = t(lang, "edit_words.sep")
    ids = payload.get("answer_ids", [])
    shown = (t(lang, "edit_words.answers_few", ids=sep.join(ids)) if len(ids) <= 3
             else t(lang, "edit_words.answers_many", n=len(ids)))
    level = f"edit_words.{payload.get('level', '')}"
    values = {**payload, "lv": t(lang, level) if level in STRINGS else "", "answers": shown,
              "new": sep.join(sorted(payload.get("new", {}), key=int))}
    try:
        return t(lang, f"edit.{op}", **values)
    except (KeyError, IndexError):
        return op


def edit_history(store: Store, run_id: int, lang: str = "ja") -> pd.DataFrame:
    """Every edit of a run, oldest first: id, when, user, op, description, undone, undone_at, undone_by."""
    edits = store.list_edits(run_id)
    return pd.DataFrame({
        "id": edits["id"].astype(np.int64),
        "when": edits["created_at"],
        "user": edits["user"],
        "op": edits["op"],
        "description": [describe_edit(op, p, lang) for op, p in zip(edits["op"], edits["payload"])],
        "undone": edits["undone_at"].notna().astype(bool),
        "undone_at": edits["undone_at"],
        "undone_by": edits["undone_by"],
    })
