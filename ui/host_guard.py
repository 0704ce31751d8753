"""Server-side half of the local-mode host check: refuse foreign Host headers before Streamlit.

``serve.py`` puts this ASGI middleware in front of the whole app (``st.App``), so in local
mode (no users file, no OIDC) a request for any name other than 127.0.0.1, localhost or
[::1] gets 403 and a WebSocket handshake is refused, for every path: the page, the
session's WebSocket, media and upload endpoints alike. The check inside the script
(``ui.auth.current_user``) stays as the second half, for ``streamlit run app.py``.
With a sign-in configured every name is answered: the app may be served on the network
under any name, and a rebound name gets no cookie of the real one.
"""
from __future__ import annotations

from listening.auth import is_local_host
from ui.auth import mode  # imported with serve.py, before the server answers: not on the event loop later

_REFUSED = ("This address cannot open the app: without a login configuration it answers only "
            "http://127.0.0.1 and http://localhost on this computer.\n").encode("ascii")


class LocalNamesOnly:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] in ("http", "websocket") and not is_local_host(_host(scope)) and _local_mode():
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})  # before accept: the handshake gets 403
            else:
                await send({"type": "http.response.start", "status": 403,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                        (b"content-length", str(len(_REFUSED)).encode())]})
                await send({"type": "http.response.body", "body": _REFUSED})
            return
        await self.app(scope, receive, send)


def _host(scope) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == b"host":
            return value.decode("latin-1")
    return None


def _local_mode() -> bool:
    return mode() == "local"
