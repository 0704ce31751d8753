"""A sign-in that survives reloads and opened links: a signed, expiring token the browser keeps.

Design (password mode only; OIDC has Streamlit's own cookie, local mode needs none):

- On a successful sign-in the server makes a random session id (256 bits) and stores
  only its SHA-256 in the store with the user name and an expiry (8 hours: a working day).
- The browser gets ``<id>.<expiry>.<signature>``, the signature an HMAC-SHA256 over id and
  expiry with a server-side secret: 32 random bytes in ``sign_in.key`` beside the store,
  mode 600, made on first use. There is no default secret: if the file cannot be made
  or read, nobody is remembered (sign-in still works for the open tab).
- A token counts only while all of these hold: the signature matches, it has not
  expired, the store issued it and nobody revoked it, and the users file still lists
  the user (the role is read from the file on every check, so a changed role applies
  at once). A copied store without the key cannot mint tokens; the key without the
  store cannot either.
- Signing out revokes the token in the store, so a copy of the cookie is useless after
  sign-out; ``user passwd`` and ``user remove`` revoke every sign-in of that user.

The app (``ui/auth.py``) keeps the token in a cookie (``SameSite=Strict``, path ``/``) and
checks it on every run.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path

from .access import User
from .users import read_users

SESSION_S = 8 * 3600.0
SECRET_FILE = "sign_in.key"
_MEMORY_SECRET = secrets.token_bytes(32)  # an in-memory store lives as long as this process


def is_weak_secret(value) -> bool:
    """A configured secret (e.g. OIDC's cookie_secret) too short or too plain to keep cookies
    from being forged: under 32 characters, or fewer than 10 different ones ("x" * 32)."""
    text = value if isinstance(value, str) else ""
    return len(text) < 32 or len(set(text)) < 10


def secret_path(store_path: str) -> Path:
    return Path(store_path).expanduser().parent / SECRET_FILE


def server_secret(store_path: str) -> bytes:
    """The signing key beside the store: 32 random bytes, created (mode 600) on first use."""
    if store_path == ":memory:":
        return _MEMORY_SECRET
    path = secret_path(store_path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
    else:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_hex(32))
    key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    if len(key) < 32:
        raise ValueError(f"{path}: the sign-in key is damaged; delete it (everyone signs in again)")
    return key


def _sign(key: bytes, session_id: str, expires: int) -> str:
    return hmac.new(key, f"{session_id}.{expires}".encode("ascii"), hashlib.sha256).hexdigest()


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("ascii")).hexdigest()


def issue(store, user: User, now: float | None = None) -> str:
    """A new token for ``user``; the store records its hash and expiry."""
    now = time.time() if now is None else now
    session_id = secrets.token_urlsafe(32)
    expires = int(now + SESSION_S)
    store.add_sign_in_session(_hash(session_id), user.name, now, expires)
    return f"{session_id}.{expires}.{_sign(server_secret(store.path), session_id, expires)}"


def _parse(store, token: str, now: float) -> str | None:
    """The session id of a well-signed, unexpired token; None otherwise."""
    try:
        session_id, expires_text, signature = token.split(".")
        expires = int(expires_text)
        session_id.encode("ascii")
    except (ValueError, AttributeError, UnicodeEncodeError):
        return None
    if not hmac.compare_digest(_sign(server_secret(store.path), session_id, expires), signature):
        return None
    return session_id if expires > now else None


def resume(store, token: str, users_file: Path | None = None, now: float | None = None) -> User | None:
    """The user a token stands for, with the role the users file gives now; None if it does not hold."""
    now = time.time() if now is None else now
    session_id = _parse(store, token or "", now)
    if session_id is None:
        return None
    row = store.sign_in_session(_hash(session_id))
    if row is None:
        return None
    name, expires_at, revoked_at = row
    if revoked_at is not None or expires_at <= now:
        return None
    entry = read_users(users_file).get(name)
    if not entry or not entry.get("password"):
        return None
    return User(name, entry["role"], "password")


def revoke(store, token: str, now: float | None = None) -> bool:
    """End the sign-in a token stands for (sign-out). Whether it was still valid."""
    now = time.time() if now is None else now
    session_id = _parse(store, token or "", now)
    return session_id is not None and store.revoke_sign_in_session(_hash(session_id), now)


def expires_in(token: str, now: float | None = None) -> int:
    """Seconds a token has left (for the cookie's Max-Age); 0 for a malformed one."""
    now = time.time() if now is None else now
    try:
        return max(0, int(token.split(".")[1]) - int(now))
    except (IndexError, ValueError):
        return 0
