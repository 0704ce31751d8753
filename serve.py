"""Start the app with `streamlit run serve.py` (what `make run` does).

The same app as `streamlit run app.py`, behind one guard at the server: in local mode
(no sign-in configured) only requests for 127.0.0.1, localhost or [::1] are answered,
so a web page cannot reach the app through a name that resolves to this machine (DNS
rebinding). See ui/host_guard.py.
"""
import streamlit as st
from starlette.middleware import Middleware

from ui.host_guard import LocalNamesOnly

app = st.App("app.py", middleware=[Middleware(LocalNamesOnly)])
