"""Router: sign-in, shared sidebar and the pages in two sections, those the user's role may open. Pages live in pages/."""
import streamlit as st

from listening.messages import describe_error
from listening.workspace import StoreBusy
from ui import auth, i18n, navigation, state, widgets

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
allowed = navigation.allowed(state.workspace()) if user is not None else set()
# Called before the sign-in form: no menu until someone signs in, and the address asked for is
# still the page after signing in (a deep link lands where it points).
# expanded: every page listed (13 for staff); folded, Streamlit hides all after the tenth behind "View more".
page = st.navigation(navigation.sections(allowed), position="sidebar" if user is not None else "hidden",
                     expanded=True)
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

state.mirror_to_url()
state.mark_routed()
try:
    if page.url_path in allowed or page.url_path == navigation.ROOT:
        page.run()
    else:  # e.g. a committee member following a link to a staff page
        navigation.not_for_this_role(page, user.role)
except StoreBusy as busy:  # another session was saving: nothing was saved, a retry is safe
    st.warning(describe_error(busy, i18n.current()), icon=":material/hourglass_top:")
