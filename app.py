"""Router: shared sidebar and page navigation. Pages live in pages/."""
import streamlit as st

from ui import i18n

st.set_page_config(page_title="listening", page_icon="💬", layout="wide")

with st.sidebar:
    codes = list(i18n.LANGUAGES)
    chosen = st.selectbox(
        "言語 / 언어 / Language", codes, index=codes.index(i18n.current()),
        format_func=i18n.LANGUAGES.get, key="language_picker",
    )
    i18n.set_language(chosen)
    st.caption(i18n.t("local_mode"))

page = st.navigation([st.Page("pages/overview.py", title=i18n.t("overview"), url_path="overview", default=True)])
page.run()
