"""Router: shared sidebar and page navigation. Pages live in pages/, one task each."""
import streamlit as st

from ui import i18n, state, widgets

st.set_page_config(page_title="listening", page_icon="💬", layout="wide")
state.restore_from_url()

with st.sidebar:
    codes = list(i18n.LANGUAGES)
    chosen = st.selectbox(
        "言語 / 언어 / Language", codes, index=codes.index(i18n.current()),
        format_func=i18n.LANGUAGES.get, key="language_picker",
    )
    i18n.set_language(chosen)
    widgets.dataset_picker()
    st.caption(i18n.t("local_mode"))

pages = [
    st.Page("pages/map.py", title=i18n.t("nav_map"), icon="🗺️", url_path="map", default=True),
    st.Page("pages/crosstabs.py", title=i18n.t("nav_crosstabs"), icon="📊", url_path="crosstabs"),
    st.Page("pages/district.py", title=i18n.t("nav_district"), icon="🏘️", url_path="district"),
    st.Page("pages/data.py", title=i18n.t("nav_data"), icon="📥", url_path="data"),
    st.Page("pages/curate.py", title=i18n.t("nav_curate"), icon="✏️", url_path="curate"),
]
page = st.navigation(pages)
state.mirror_to_url()
page.run()
