"""Which Host headers local mode answers: this machine's own names, nothing else.

Without a sign-in the app is staff for whoever reaches it, so it listens on 127.0.0.1
only. That alone does not stop a web page a staff member opens: a name the attacker
controls can be made to resolve to 127.0.0.1 (DNS rebinding), and the browser then
treats the app as the attacker's own site. Such requests still carry the attacker's
name in the Host header, so local mode answers only 127.0.0.1, localhost and [::1],
with or without a port.
"""
from __future__ import annotations

import re

_LOCAL = re.compile(r"(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?", re.IGNORECASE)


def is_local_host(host: str | None) -> bool:
    """Whether a Host header names this machine (127.0.0.1, localhost or [::1], any port)."""
    return bool(host) and _LOCAL.fullmatch(host.strip()) is not None
