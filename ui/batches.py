"""The Data page's import form and batch list pieces: where a file goes, its columns, date and name, the
import's accounting, and correcting a batch afterwards.

The decisions are the library's (listening.ingest: date suggestion, default name, mapping
carried over, wave order; the Workspace: storing and correcting); this module draws them.
"""
from __future__ import annotations

from datetime import date
from pathlib import PurePath

import streamlit as st

from listening.analysis import ColumnChoice
from listening.ingest import batch_name_for, carry_mapping, guess_columns, suggest_wave_date, waves_not_before
from ui import i18n, state, waves
from ui.i18n import fmt_date, fmt_int, t
from ui.text import escape_markdown

NEW_DATASET = -1
NO_ID = ""
PREVIEW_ROWS = 10
# Non-widget key: widget keys vanish when the Data page is not drawn (Streamlit #5813).
_MAPPING = "_data_mapping"  # file content hash -> the column choice and date suggestion made for it


def _seed(key: str, value) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def target_dataset(first_name: str) -> tuple[str, int | None]:
    """(name, id or None when new) of the dataset to import into. The open dataset by default, so
    next month's file becomes a new wave of it; a new dataset is a deliberate choice."""
    datasets = state.workspace().datasets()
    names = dict(zip(datasets["id"].astype(int).tolist(), datasets["name"].tolist()))
    options = [*names, NEW_DATASET]
    open_id = state.dataset_id()
    _seed("data_target", open_id if open_id in names else NEW_DATASET)
    if st.session_state["data_target"] not in options:  # the dataset was removed meanwhile
        st.session_state["data_target"] = NEW_DATASET
    picked = st.selectbox(t("data_target"), options, key="data_target",
                          format_func=lambda d: t("data_new_dataset") if d == NEW_DATASET else names[d])
    if picked != NEW_DATASET:
        if picked == open_id:
            st.caption(t("batch_target_open", dataset=escape_markdown(names[picked])))
        return names[picked], picked
    key = f"data_new_name_{first_name}"
    _seed(key, PurePath(first_name).stem)
    return st.text_input(t("data_new_name"), key=key).strip(), None


def previous_mapping(dataset_id: int | None) -> tuple[str, dict] | None:
    """(name, column choice) of the dataset's latest survey batch; None for a new dataset."""
    if dataset_id is None:
        return None
    batches = state.workspace().batches(dataset_id)
    surveys = batches[batches["kind"] == "survey"]
    if surveys.empty:
        return None
    last = surveys.iloc[-1]
    return str(last["name"]), dict(last["columns"])


def column_choice(f, table, lang: str, previous: tuple[str, dict] | None) -> tuple[ColumnChoice, str, date]:
    """Column, date and name widgets for one survey file: preselected from the user's last choice for
    this file, else the previous batch's mapping, else the guess. Returns (columns, batch name, date)."""
    saved = st.session_state.setdefault(_MAPPING, {})
    h = table.input_hash[:12]
    columns = [str(c) for c in table.frame.columns]
    if h not in saved:
        guess = guess_columns(table.frame)
        carried = carry_mapping(previous[1], columns) if previous else None
        choice = carried or {"text": list(guess.text), "id": guess.id, "attributes": list(guess.attributes)}
        dates = [c for c, role in guess.roles.items() if role == "date"]
        saved[h] = {"text": choice["text"], "id": choice["id"] or NO_ID, "attributes": choice["attributes"],
                    "batch": "", "reused": previous[0] if carried else None,
                    "suggested": suggest_wave_date(table.frame, f.name, dates[0] if dates else None)}
    choice = saved[h]
    for name in ("text", "id", "attributes", "batch"):
        _seed(f"data_{name}_{h}", choice[name])
    _seed(f"data_date_{h}", choice["suggested"].date)
    st.caption(t("data_preview", file=escape_markdown(f.name), n=fmt_int(min(PREVIEW_ROWS, len(table.frame))),
                 total=fmt_int(len(table.frame)), encoding=escape_markdown(table.encoding or "xlsx")))
    st.dataframe(table.frame.head(PREVIEW_ROWS), hide_index=True)
    if choice["reused"]:
        st.caption(t("batch_mapping_reused", batch=escape_markdown(choice["reused"])))
    choice["text"] = st.multiselect(t("data_text_columns"), columns, key=f"data_text_{h}", placeholder=t("data_choose"))
    choice["id"] = st.selectbox(t("data_id_column"), [NO_ID, *columns], key=f"data_id_{h}",
                                format_func=lambda c: c or t("data_no_id"))
    choice["attributes"] = st.multiselect(t("data_attributes"), columns, key=f"data_attributes_{h}",
                                          placeholder=t("data_choose"))
    left, right = st.columns(2)
    when = left.date_input(t("batch_date_label"), key=f"data_date_{h}", help=t("batch_date_help")) \
        or choice["suggested"].date
    default_name = batch_name_for(when, i18n.current())
    choice["batch"] = right.text_input(t("data_batch_name"), key=f"data_batch_{h}",
                                       placeholder=t("batch_name_placeholder", name=default_name))
    _date_note(choice["suggested"])
    columns_chosen = ColumnChoice(text=tuple(choice["text"]), id=choice["id"] or None,
                                  attributes=tuple(choice["attributes"]), lang=lang)
    return columns_chosen, choice["batch"].strip() or default_name, when


def _date_note(suggested) -> None:
    if suggested.source == "column":
        st.caption(t("batch_date_from_column", column=escape_markdown(suggested.column),
                     first=fmt_date(suggested.first), last=fmt_date(suggested.last), n=fmt_int(suggested.n_dates)))
    elif suggested.source == "filename":
        st.caption(t("batch_date_from_filename"))
    else:
        st.warning(t("batch_date_today"), icon=":material/event:")


def notes_date(notes: list) -> date:
    """One survey date for the hearing-note files of this upload: from their names when they agree."""
    found = {suggest_wave_date(None, f.name).date for f, _ in notes}
    suggested = suggest_wave_date(None, notes[0][0].name) if len(found) == 1 else None
    _seed("data_wave_date", suggested.date if suggested else date.today())
    return st.date_input(t("batch_notes_date"), key="data_wave_date", help=t("batch_date_help")) or date.today()


def order_confirmed(dataset_id: int | None, dated: list[tuple[str, date]]) -> bool:
    """Warn for each survey file dated on or before a wave the dataset already has; True when there
    is none or staff confirm the dates are right (an earlier wave imported late)."""
    if dataset_id is None:
        return True
    batches = state.workspace().batches(dataset_id)
    stored = batches.loc[batches["kind"] == "survey", "collected_on"].tolist()
    late = [(name, when, later[0]) for name, when in dated if (later := waves_not_before(stored, when))]
    for name, when, latest in late:
        st.warning(t("batch_out_of_order", file=escape_markdown(name), date=fmt_date(when), latest=fmt_date(latest)),
                   icon=":material/event_busy:")
    return not late or st.checkbox(t("batch_out_of_order_confirm"), key="data_order_confirm")


def cells_line(item: dict) -> str | None:
    """"1,814 rows × 7 questions = 12,698 cells: …" for a survey file (notes have no questions)."""
    if not item.get("questions"):
        return None
    blank = int(item["reasons"].get("empty", 0))
    return t("batch_cells", rows=fmt_int(item["rows"]), questions=fmt_int(item["questions"]),
             cells=fmt_int(item["n_in"]), kept=fmt_int(item["kept"]), blank=fmt_int(blank),
             other=fmt_int(item["dropped"] - blank))


def correct_batch_section(dataset: int) -> str | None:
    """Staff correct a batch's name and survey date after import (audit-logged with old and new);
    returns what was done, for the page to show after its rerun."""
    ws = state.workspace()
    if not ws.can("upload"):
        return None
    batches = ws.batches(dataset)
    if batches.empty:
        return None
    names = waves.batch_names(dataset)
    with st.expander(t("batch_edit")):
        st.caption(t("batch_edit_help"))
        batch = st.selectbox(t("batch_edit_pick"), list(names), format_func=names.get, key="data_edit_pick")
        row = batches[batches["id"] == batch].iloc[0]
        left, right = st.columns(2)
        name = left.text_input(t("batch_edit_name"), value=str(row["name"]), key=f"data_edit_name_{batch}")
        when = right.date_input(t("batch_date_label"), value=date.fromisoformat(str(row["collected_on"])[:10]),
                                key=f"data_edit_date_{batch}")
        if st.button(t("batch_edit_go"), key="data_edit_go", disabled=not name.strip()):
            now = ws.correct_batch(int(batch), name=name, collected_on=when.isoformat())
            waves.clear()
            return t("batch_edited", old=escape_markdown(row["name"]), name=escape_markdown(now["name"]),
                     date=fmt_date(now["collected_on"]))
    return None


def to_map_link() -> None:
    st.page_link("pages/map.py", label=t("batch_to_map"), icon=":material/map:")


__all__ = ["NEW_DATASET", "cells_line", "column_choice", "correct_batch_section", "notes_date", "order_confirmed",
           "previous_mapping", "target_dataset", "to_map_link"]
