"""Router: shared sidebar and page navigation. Pages live in pages/, one task each."""
import streamlit as st

from ui import i18n, state, widgets

st.set_page_config(page_title="listening", page_icon=":material/forum:", layout="wide")
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
    st.Page("pages/map.py", title=i18n.t("nav_map"), icon=":material/map:", url_path="map", default=True),
    st.Page("pages/crosstabs.py", title=i18n.t("nav_crosstabs"), icon=":material/table_chart:", url_path="crosstabs"),
    st.Page("pages/district.py", title=i18n.t("nav_district"), icon=":material/location_city:", url_path="district"),
    st.Page("pages/data.py", title=i18n.t("nav_data"), icon=":material/upload_file:", url_path="data"),
    st.Page("pages/curate.py", title=i18n.t("nav_curate"), icon=":material/edit:", url_path="curate"),
]
page = st.navigation(pages)
state.mirror_to_url()
state.mark_routed()
page.run()
