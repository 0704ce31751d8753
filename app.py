"""Router: sign-in, shared sidebar and the pages the user's role may open. Pages live in pages/."""
import streamlit as st

from listening.messages import describe_error
from listening.workspace import StoreBusy
from ui import auth, i18n, state, widgets

st.set_page_config(page_title="listening", page_icon=":material/forum:", layout="wide")
state.restore_from_url()

with st.sidebar:
    codes = list(i18n.LANGUAGES)
    chosen = st.selectbox(
        "言語 / 언어 / Language", codes, index=codes.index(i18n.current()),
        format_func=i18n.LANGUAGES.get, key="language_picker",
    )
    i18n.set_language(chosen)

user = auth.current_user()
if user is None:
    auth.sign_in_form()  # stops here until someone signs in

with st.sidebar:
    widgets.dataset_picker()
    if user.via == "local":
        st.caption(i18n.t("local_mode"))
    else:
        st.caption(i18n.t("signed_in_as", name=user.name, role=i18n.t(f"role_{user.role}")))
        st.button(i18n.t("logout"), on_click=auth.sign_out, key="logout")
        auth.remember_sign_in()

# (file, title key, icon, permission needed to see it)
PAGES = [
    ("map", "nav_map", ":material/map:", "view"),
    ("crosstabs", "nav_crosstabs", ":material/table_chart:", "view"),
    ("district", "nav_district", ":material/location_city:", "view"),
    ("waves", "nav_waves", ":material/timeline:", "view"),
    ("goals", "nav_goals", ":material/flag:", "view"),
    ("data", "nav_data", ":material/upload_file:", "upload"),
    ("curate", "nav_curate", ":material/edit:", "curate"),
    ("privacy", "nav_privacy", ":material/shield_person:", "review_personal_data"),
    ("export", "nav_export", ":material/ios_share:", "export_public"),
    ("audit", "nav_audit", ":material/history:", "audit"),
]
ws = state.workspace()
page = st.navigation([
    st.Page(f"pages/{name}.py", title=i18n.t(title), icon=icon, url_path=name, default=name == "map")
    for name, title, icon, permission in PAGES if ws.can(permission)
])
state.mirror_to_url()
state.mark_routed()
try:
    page.run()
except StoreBusy as busy:  # another session was saving: nothing was saved, a retry is safe
    st.warning(describe_error(busy, i18n.current()), icon=":material/hourglass_top:")
