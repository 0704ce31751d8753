"""The app's pages in two sections, a hidden root page that opens the map at its own address, and
what a page says to someone whose role may not open it. app.py routes with these."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.i18n import t

_PAGES_DIR = Path(__file__).resolve().parents[1] / "pages"

# (section, file stem = url_path, title key, icon, permission needed to open it)
PAGES = (
    ("explore", "map", "nav_map", ":material/map:", "view"),
    ("explore", "briefing", "nav_briefing", ":material/summarize:", "view"),
    ("explore", "crosstabs", "nav_crosstabs", ":material/table_chart:", "view"),
    ("explore", "district", "nav_district", ":material/location_city:", "view"),
    ("explore", "waves", "nav_waves", ":material/timeline:", "view"),
    ("explore", "goals", "nav_goals", ":material/flag:", "view"),
    ("explore", "responses", "nav_responses", ":material/fact_check:", "view"),
    ("staff", "data", "nav_data", ":material/upload_file:", "upload"),
    ("staff", "weighting", "nav_weighting", ":material/balance:", "analyze"),
    ("staff", "curate", "nav_curate", ":material/edit:", "curate"),
    ("staff", "privacy", "nav_privacy", ":material/shield_person:", "review_personal_data"),
    ("staff", "export", "nav_export", ":material/ios_share:", "export_public"),
    ("staff", "audit", "nav_audit", ":material/history:", "audit"),
)
ROOT = ""  # the url_path Streamlit gives the default page, whatever url_path it was declared with


def allowed(workspace) -> set[str]:
    """The pages the signed-in person's role may open."""
    return {name for _, name, _, _, permission in PAGES if workspace.can(permission)}


def sections(allowed: set[str]) -> dict[str, list[st.Page]]:
    """``st.navigation``'s sections. Every page is registered, so any page's address resolves
    (before sign-in too, to reach that page after it); only the ``allowed`` ones are shown."""
    out: dict[str, list[st.Page]] = {}
    for section, name, title, icon, _ in PAGES:
        out.setdefault(t(f"nav_section_{section}"), []).append(st.Page(
            _PAGES_DIR / f"{name}.py", title=t(title), icon=icon, url_path=name,
            visibility="visible" if name in allowed else "hidden"))
    first = next(iter(out.values()))
    first.insert(0, st.Page(_root, title=first[0].title, icon=first[0].icon, url_path="start", default=True,
                            visibility="hidden"))
    return out


def _root() -> None:
    """The app's bare address shows the map under the map's own address.

    Streamlit serves the default page only at "/" (its url_path reads ""), so the map, when it
    was the default page, answered its own address "/map" with "Page not found".
    """
    st.switch_page(_PAGES_DIR / "map.py", query_params=st.query_params.to_dict())


def not_for_this_role(page: st.Page, role: str) -> None:
    """Instead of a page the signed-in role may not open: say so, and where to go instead."""
    st.title(page.title)
    st.warning(t("nav_staff_only", page=page.title, role=t(f"role_{role}")), icon=":material/lock:")
    st.page_link(_PAGES_DIR / "map.py", label=t("nav_to_map"), icon=":material/map:")
