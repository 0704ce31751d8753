"""Data: upload surveys and hearing notes, choose their columns, import and analyse; list what is stored."""
from collections import Counter

import pandas as pd
import streamlit as st

from listening.analysis import ColumnChoice
from listening.ingest import read_table
from listening.messages import describe_error
from listening.privacy import csv_bytes
from listening.types import DROP_REASONS, AnalysisSettings, InputError
from listening.waves import change_table
from ui import batches, i18n, state, waves, widgets
from ui.i18n import STRINGS, fmt_date, fmt_int, t
from ui.text import escape_markdown

state.ensure_routed()

LANGS = ["auto", "ja", "ko"]
# Non-widget keys: widget keys vanish when the Data page is not drawn (Streamlit #5813).
_READ = "_data_read"  # uploaded file id -> RawTable, or the error text: files are read once
_RESULT = "_data_result"  # accounting of the last import, shown after the rerun
_UPLOAD_ROUND = "_data_upload_round"  # a new uploader (empty) after each import that stored every file
_REANALYSIS = "_data_reanalysis"  # report of the last full re-analysis
_FLASH = "_data_flash"  # what the last removal did
ANALYSIS_STEPS = ["load", "embed", "wait_background", "neighbours", "space", "cluster", "label", "map", "save"]
PLACE_STEPS = ["embed", "place"]



def _reason(code: str) -> str:
    return t(f"reason_{code}") if f"reason_{code}" in STRINGS else code


def _read(files) -> list:
    """(uploaded file, RawTable) for every file that could be read; the others show an error."""
    cache = st.session_state.setdefault(_READ, {})
    for stale in set(cache) - {f.file_id for f in files}:
        del cache[stale]
    tables = []
    for f in files:
        if f.file_id not in cache:
            try:
                cache[f.file_id] = read_table(f.getvalue(), f.name)
            except InputError as err:
                cache[f.file_id] = err
        item = cache[f.file_id]
        if isinstance(item, InputError):  # described now, in the language chosen now
            st.error(t("data_read_error", file=escape_markdown(f.name),
                       error=escape_markdown(describe_error(item, i18n.current(), with_file=False))))
        else:
            tables.append((f, item))
    return tables


def _under_status(work, steps: list[str]):
    """``work(progress)`` under st.status with a progress bar over ``steps``."""
    with st.status(t("analysing"), expanded=True) as status:
        bar = st.progress(0.0)

        def report(step: str, done: float) -> None:
            if step in steps:
                text = t("data_step_place") if step == "place" else i18n.step_name(step)
                bar.progress(min(1.0, (steps.index(step) + done) / len(steps)), text=text)

        result = work(report)
        status.update(label=t("done"), state="complete", expanded=False)
    return result


def _place_or_analyse(report: dict, previous: int | None) -> None:
    """New answers go on the dataset's latest map (earlier work kept); a new dataset is analysed."""
    dataset_id = report["dataset_id"]
    if previous is None:
        widgets.run_analysis(dataset_id)
        return
    if state.workspace().new_answers(dataset_id, previous).empty:
        return  # every file was there already: nothing changes
    placed = _under_status(lambda progress: state.workspace().add_to_run(dataset_id, previous, progress=progress),
                           PLACE_STEPS)
    state.select_run(placed.run_id)
    update = placed.info.update
    report["placed"] = {"added": update.added if update else 0, "new_voices": len(update.new_voices) if update else 0}


def _import_and_analyse(items: list, dataset: str) -> None:
    """Store every file as a batch (each all or nothing), place or analyse, keep the accounting.
    ``items``: (uploaded file, columns, batch name, survey date)."""
    report = {"dataset_id": None, "files": [], "errors": []}
    existing = state.workspace().dataset_id(dataset)
    previous = state.workspace().latest_run(existing) if existing is not None else None
    with st.status(t("batch_importing"), expanded=True) as status:
        bar = st.progress(0.0)
        for i, (f, columns, batch, when) in enumerate(items):
            bar.progress(i / len(items), text=f.name)
            try:
                result = state.workspace().import_file(dataset, f.getvalue(), f.name, columns, batch_name=batch,
                                                       collected_on=when.isoformat())
            except InputError as err:
                report["errors"].append(t("data_import_error", file=escape_markdown(f.name), error=escape_markdown(
                    describe_error(err, i18n.current(), with_file=False))))
                continue
            report["dataset_id"] = result.dataset_id
            report["files"].append({"file": f.name, "n_in": result.answers.n_in, "kept": len(result.answers.kept),
                                    "dropped": len(result.answers.dropped), "reused": result.reused,
                                    "reasons": result.answers.drop_counts(), "questions": len(columns.text),
                                    "rows": len(result.table.frame)})
        status.update(label=t("done"), state="complete", expanded=False)
    st.session_state[_RESULT] = report
    if report["files"] and not report["errors"]:  # all stored: a fresh, empty uploader (no second import by mistake)
        st.session_state[_UPLOAD_ROUND] = st.session_state.get(_UPLOAD_ROUND, 0) + 1
    if report["dataset_id"] is not None:
        state.select_dataset(report["dataset_id"])
        st.session_state.pop("data_target", None)  # the next file defaults to this dataset
        try:
            _place_or_analyse(report, previous)
        except ValueError as err:
            report["errors"].append(t("data_analysis_error", error=escape_markdown(err)))
    st.rerun()


def _dropped_download(dataset_id: int, key: str) -> None:
    # Built on click, off the script thread: no Streamlit calls (t()) inside, so names are captured here.
    headers = {"batch": t("data_col_batch"), "row": t("data_col_row"), "respondent_id": t("data_col_respondent"),
               "question": t("question"), "reason": t("data_reason"), "text": t("text")}
    reasons = {code: _reason(code) for code in DROP_REASONS}
    ws = state.workspace()

    def dropped_csv() -> bytes:
        frame = ws.dropped_rows(dataset_id)
        frame["reason"] = frame["reason"].map(lambda r: reasons.get(r, r))
        # UTF-8 with a BOM: Excel in Japan and Korea otherwise reads it as CP932 / CP949.
        return csv_bytes(frame.rename(columns=headers))

    st.download_button(t("data_download_dropped"), dropped_csv, file_name=f"dropped_{dataset_id}.csv",
                       mime="text/csv", key=key, icon=":material/download:")


def _show_result(report: dict) -> None:
    st.subheader(t("data_result"))
    for error in report["errors"]:
        st.error(error)
    for item in report["files"]:
        if item["reused"]:
            st.info(t("data_reused", file=escape_markdown(item["file"])))
    if "placed" in report:
        st.success(t("data_placed", n=fmt_int(report["placed"]["added"]), m=fmt_int(report["placed"]["new_voices"])))
    if not report["files"]:
        return
    n_in, kept, dropped = (sum(i[k] for i in report["files"]) for k in ("n_in", "kept", "dropped"))
    blank = sum(int(i["reasons"].get("empty", 0)) for i in report["files"])
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("data_n_in"), fmt_int(n_in))
    c2.metric(t("data_n_kept"), fmt_int(kept))
    # A multi-question survey is mostly blank cells (rows x questions): blank apart from the rest dropped.
    c3.metric(t("data_n_blank"), fmt_int(blank))
    c4.metric(t("data_n_other_dropped"), fmt_int(dropped - blank))
    for item in report["files"]:
        line = batches.cells_line(item)
        if line:
            st.markdown(f"**{escape_markdown(item['file'])}**: {line}", help=t("batch_cells_help"))
    if report["dataset_id"] is not None and state.run_id() is not None:
        batches.to_map_link()
    reasons = Counter()
    for item in report["files"]:
        reasons.update(item["reasons"])
    if not reasons:
        st.caption(t("data_no_dropped"))
        return
    table = pd.DataFrame({t("data_reason"): [_reason(r) for r in reasons],
                          t("data_count"): [int(n) for n in reasons.values()]})
    st.dataframe(table, hide_index=True, key="data_reasons", width="content")
    _dropped_download(report["dataset_id"], "data_download_result")


def _show_datasets() -> None:
    ws = state.workspace()
    st.subheader(t("data_datasets"))
    datasets = ws.datasets()
    if datasets.empty:
        st.info(t("data_no_datasets"))
        return
    st.dataframe(pd.DataFrame({
        t("dataset"): datasets["name"], t("data_col_batches"): datasets["batches"],
        t("answers"): datasets["answers"], t("data_col_created"): datasets["created_at"].map(fmt_date),
    }), hide_index=True, key="data_datasets_table")
    kinds = {"survey": t("source_survey"), "hearing": t("source_hearing")}
    stored = pd.concat([ws.batches(d).assign(dataset=n)
                        for d, n in zip(datasets["id"].tolist(), datasets["name"].tolist())], ignore_index=True)
    st.caption(t("data_batches"))
    st.dataframe(pd.DataFrame({
        t("dataset"): stored["dataset"], t("data_col_batch"): stored["name"],
        t("data_col_file"): stored["filename"], t("source"): stored["kind"].map(lambda k: kinds.get(k, k)),
        t("data_col_encoding"): stored["encoding"], t("data_n_in"): stored["n_in"],
        t("data_n_kept"): stored["n_kept"], t("data_n_dropped"): stored["n_dropped"],
        t("data_col_wave_date"): stored["collected_on"].map(fmt_date),
        t("data_col_imported"): stored["created_at"].map(fmt_date),
    }), hide_index=True, key="data_batches_table")
    if state.dataset_id() is not None:
        done = batches.correct_batch_section(state.dataset_id())
        if done:
            st.session_state[_FLASH] = done
            st.rerun()
    _remove_batch_section()


def _remove_batch_section() -> None:
    dataset = state.dataset_id()
    if dataset is None or not state.workspace().can("delete"):
        return
    names = waves.batch_names(dataset)
    if not names:
        return
    with st.expander(t("data_remove")):
        st.caption(t("data_remove_help"))
        batch = st.selectbox(t("data_remove_pick"), list(names), format_func=names.get, index=len(names) - 1,
                             key="data_remove_pick")
        sure = st.checkbox(t("data_remove_confirm"), key=f"data_remove_confirm_{batch}")
        if st.button(t("data_remove_go"), key="data_remove_go", disabled=not sure):
            state.workspace().remove_batch(batch)
            # Runs that used the batch are gone, and SQLite may give their ids to the next runs.
            state.analysis.clear()
            state.search_hits.clear()
            waves.clear()
            state.select_run(state.workspace().latest_run(dataset))
            st.session_state.pop(_RESULT, None)
            st.session_state[_FLASH] = t("data_removed", batch=escape_markdown(names[batch]))
            st.rerun()


def _rerun_section() -> None:
    dataset = state.dataset_id()
    if dataset is None:
        return
    with st.expander(t("data_rerun")):
        st.caption(t("data_rerun_help", dataset=escape_markdown(state.workspace().dataset_name(dataset))))
        c1, c2, c3 = st.columns(3)
        n_themes = c1.number_input(t("data_n_themes"), min_value=2, max_value=30, value=None, step=1,
                                   placeholder=t("data_auto"), key="data_n_themes")
        n_topics = c2.number_input(t("data_n_topics"), min_value=2, max_value=200, value=None, step=1,
                                   placeholder=t("data_auto"), key="data_n_topics")
        seed = c3.number_input(t("data_seed"), min_value=0, max_value=2**31 - 1, value=0, step=1, key="data_seed")
        go = st.button(t("data_rerun_go"), key="data_rerun_go")
    if go:  # outside the expander: st.status is an expander, and expanders cannot nest
        settings = AnalysisSettings(n_themes=None if n_themes is None else int(n_themes),
                                    n_topics=None if n_topics is None else int(n_topics), random_state=int(seed))
        try:
            _reanalyse(dataset, settings)
        except ValueError as err:
            st.error(t("data_analysis_error", error=escape_markdown(err)))
            return
        st.rerun()
    if st.session_state.get(_REANALYSIS, {}).get("dataset") == dataset:
        waves.show_reanalysis(st.session_state[_REANALYSIS])


def _reanalyse(dataset: int, settings: AnalysisSettings) -> None:
    """A full re-analysis, matched to the analysis being explored (or a first one)."""
    previous = state.run_id()
    if previous is None:
        widgets.run_analysis(dataset, settings)
        return
    before = state.analysis(previous, state.edit_version(previous))
    result = _under_status(lambda progress: state.workspace().reanalyze(dataset, previous, settings, progress=progress),
                           ANALYSIS_STEPS)
    state.select_run(result.analysis.run_id)
    st.session_state[_REANALYSIS] = {"dataset": dataset, "kept_share": result.kept_share,
                                     "labels_carried": result.labels_carried,
                                     "changes": change_table(result, before)}


st.title(t("nav_data"))
st.caption(t("data_intro"))
top = st.container()  # progress and the import's outcome, where the reader is looking
if st.button(t("load_sample"), key="data_load_sample", icon=":material/science:"):
    with top:
        widgets.load_sample_and_analyse()
    st.rerun()
with top:
    if _FLASH in st.session_state:
        st.success(st.session_state.pop(_FLASH))
    if _RESULT in st.session_state:
        _show_result(st.session_state[_RESULT])

# No type=: with one, the browser refuses other files in English ("image/png files are not allowed");
# without, our reader refuses them in the reader's language (error.unsupported_type) and says what to use.
_round = st.session_state.get(_UPLOAD_ROUND, 0)
uploaded = st.file_uploader(t("data_upload"), accept_multiple_files=True,
                            key="data_upload" if not _round else f"data_upload_{_round}", help=t("data_upload_help")) or []
readable = _read(uploaded)
if not uploaded:
    st.info(t("data_nothing_uploaded"))
elif readable:
    dataset_name, target = batches.target_dataset(readable[0][0].name)
    previous = batches.previous_mapping(target)
    lang = st.radio(t("data_language"), LANGS, key="data_lang", horizontal=True,
                    format_func=lambda code: t(f"data_lang_{code}"))
    items, problems = [], []
    notes = [(f, table) for f, table in readable if table.kind == "hearing"]
    for f, table in readable:
        if table.kind == "survey":
            with st.container(border=True):
                columns, batch, when = batches.column_choice(f, table, lang, previous)
            if not columns.text:
                problems.append(t("data_text_needed", file=escape_markdown(f.name)))
            items.append((f, columns, batch, when))
    if notes:
        st.caption(t("data_notes_found", files=fmt_int(len(notes)), notes=fmt_int(sum(len(n.frame) for _, n in notes))))
        when = batches.notes_date(notes)
        items += [(f, ColumnChoice(lang=lang), f.name, when) for f, _ in notes]
    if not dataset_name:
        problems.append(t("data_name_needed"))
    for problem in problems:
        st.warning(problem)
    in_order = batches.order_confirmed(target, [(f.name, when) for f, columns, _, when in items if columns.text])
    if st.button(t("data_import"), type="primary", key="data_import", disabled=bool(problems) or not in_order):
        with top:
            _import_and_analyse(items, dataset_name)

_show_datasets()
_rerun_section()
