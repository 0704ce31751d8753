"""Shared resources and the app state that survives page switches and browser reloads.

Only ids live in session state, under keys no widget owns (widget keys vanish when
the widget is not drawn: Streamlit issue #5813). The router mirrors them into the
URL (?dataset=…&run=…&lang=…) so a reload restores the same view.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from listening.analysis import Analysis
from listening.cli import default_db
from listening.workspace import SignInGate, Workspace, open_store

_DATASET = "_dataset_id"
_RUN = "_run_id"
_LANG = "_ui_language"


@st.cache_resource
def _connection():
    """The one store connection every session shares (thread-safe: one connection, one lock).
    Pages reach it only through ``workspace()``."""
    return open_store(default_db())


def close_store() -> None:
    """Close the shared connection (the next ``workspace()`` after a cache clear opens a new one)."""
    _connection().close()


@st.cache_data(show_spinner=False, max_entries=16)
def analysis(run_id: int, edit_version: str = "") -> Analysis:
    """The run with staff edits applied, every opinion group under its name in words (the keyword
    label kept as ``keyword_label``); ``edit_version`` changes whenever an edit is made or undone."""
    from listening.views import named

    return named(workspace().curated_analysis(run_id))


def edit_version(run_id: int) -> str:
    """Changes whenever what a run shows changes (edits, redactions, masking, the run itself)."""
    return workspace().run_version(run_id)


@st.cache_data(show_spinner=False, max_entries=32)
def search_hits(run_id: int, edit_version: str, query: str) -> "pd.Series":
    """Which answers of the run match the search words (cached: 0.5 s on 100k answers)."""
    from listening.views import search_mask

    return search_mask(analysis(run_id, edit_version).answers, query)


def current_analysis() -> Analysis | None:
    run = run_id()
    if run is None:
        return None
    return analysis(run, edit_version(run))


def restore_from_url() -> None:
    """On a new session (browser reload), take ids and language from the URL."""
    params = st.query_params
    for key, param in ((_DATASET, "dataset"), (_RUN, "run")):
        if key not in st.session_state and param in params:
            try:
                st.session_state[key] = int(params[param])
            except ValueError:
                pass
    if _LANG not in st.session_state and params.get("lang") in ("ja", "ko", "en"):
        st.session_state[_LANG] = params["lang"]


def mirror_to_url() -> None:
    wanted = {"lang": st.session_state.get(_LANG, "ja")}
    if st.session_state.get(_DATASET) is not None:
        wanted["dataset"] = str(st.session_state[_DATASET])
    if st.session_state.get(_RUN) is not None:
        wanted["run"] = str(st.session_state[_RUN])
    for key, value in wanted.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value


def dataset_id() -> int | None:
    return st.session_state.get(_DATASET)


def select_dataset(value: int | None) -> None:
    if value != st.session_state.get(_DATASET):
        st.session_state[_DATASET] = value
        st.session_state[_RUN] = workspace().latest_run(value) if value is not None else None


def run_id() -> int | None:
    """The analysis being explored: the chosen one, else the dataset's latest."""
    dataset = dataset_id()
    if dataset is None:
        return None
    run = st.session_state.get(_RUN)
    if run is None:
        run = workspace().latest_run(dataset)
        st.session_state[_RUN] = run
    return run


def select_run(value: int | None) -> None:
    st.session_state[_RUN] = value


_ROUTED = "_routed_once"


def ensure_routed() -> None:
    """Every page calls this first.

    A fresh server that gets a direct link (/crosstabs?dataset=…) as its first request
    runs the page alone in Streamlit's old pages/-folder mode, without app.py: no
    sidebar, no language, no state restored from the URL. Streamlit stays in that mode
    until app.py's st.navigation runs, so leave it and rerun through app.py; the page
    keeps its url_path, so the rerun lands on the same page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory and not st.session_state.get(_ROUTED):
        PagesManager.uses_pages_directory = False
        st.rerun()


def mark_routed() -> None:
    """app.py calls this: the session has been through the router (sidebar, URL state)."""
    st.session_state[_ROUTED] = True


def user():
    """The signed-in person (listening.auth.access.User); app.py has already made sure there is one."""
    from ui.auth import current_user

    return current_user()


def workspace() -> Workspace:
    """The store as the signed-in user may use it: role checks on every read and write, the audit log."""
    return Workspace(_connection(), user())


def sign_in_gate() -> SignInGate:
    """Signing in, resuming a browser's sign-in and signing out, against the shared store (before there is a
    user to make a Workspace for)."""
    return SignInGate(_connection())


@st.cache_data(show_spinner=False, max_entries=8)
def goal_view(run_id: int, edit_version: str, goals_key: tuple):
    """The goals lens of a run (scores for every answer: 0.4 s on the sample), cached by versions."""
    return workspace().goal_view(analysis(run_id, edit_version))


def current_goal_view(analysis):
    ws = workspace()
    return goal_view(analysis.run_id, ws.run_version(analysis.run_id), ws.goals_version(analysis.dataset_id))


@st.cache_data(show_spinner=False, max_entries=8)
def briefing(run_id: int, edit_version: str, goals_key: tuple, language: str, by: tuple[str, ...], who: str,
             weighting_setting: int | None = None):
    """The internal committee briefing of a run in ``language``, comparing subgroups of ``by``
    (listening.briefing.Briefing), cached by versions and by who asked (the role check runs once each);
    weighted to the population under the dataset's weighting ``weighting_setting`` when given."""
    from listening.briefing import BriefingOptions

    ws = workspace()
    run = analysis(run_id, edit_version)
    weighting = ws.weights_for(run) if weighting_setting is not None else None
    return ws.briefing(run, BriefingOptions(language=language, by=by), weighting=weighting)


def current_briefing(analysis, by: tuple[str, ...], weighting_setting: int | None = None):
    from ui.i18n import current

    ws = workspace()
    return briefing(analysis.run_id, ws.run_version(analysis.run_id), ws.goals_version(analysis.dataset_id),
                    current(), by, f"{ws.user.name}:{ws.user.role}", weighting_setting)
