"""Password sign-in as the app does it: throttled, audited, remembered by a signed token.

``sign_in`` counts the attempt (``throttle``), checks the password with one scrypt run
whatever the name (``users.authenticate``), logs failures and locks in the audit log and,
on success, issues a browser token (``sessions``). Failed attempts on names that are not in
the users file are logged as "(unknown name)": people type passwords into the name field.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from . import sessions
from .access import User
from .throttle import begin_attempt, end_attempt
from .users import authenticate, read_users

UNKNOWN_NAME = "(unknown name)"


@dataclass(frozen=True)
class SignIn:
    """``status``: ok, failed or locked (``scope`` "name" or "address" until ``until``, unix s).
    ``token``: for the browser to keep (None if no token could be made)."""

    status: str
    user: User | None = None
    scope: str | None = None
    until: float = 0.0
    token: str | None = None


def sign_in(store, name: str, password: str, address: str | None = None, users_file: Path | None = None,
            now: float | None = None) -> SignIn:
    now = time.time() if now is None else now
    attempt = begin_attempt(store, name, address, now)
    if not attempt.allowed:
        return SignIn("locked", scope=attempt.scope, until=attempt.until)
    user = authenticate(name, password, users_file)
    end_attempt(store, attempt, user is not None)
    where = {"address": address or "local"}
    if user is not None:
        store.log(user.name, user.role, "sign_in", **where)
        try:
            token = sessions.issue(store, user, now)
        except (OSError, ValueError):  # no key can be made: this tab stays signed in, nothing is remembered
            token = None
        return SignIn("ok", user, token=token)
    entry = read_users(users_file).get(name)
    who, role = (name, entry["role"]) if entry else (UNKNOWN_NAME, "-")
    store.log(who, role, "sign_in_failed", **where)
    for scope in attempt.locks:
        store.log(who, role, "sign_in_locked", scope=scope, minutes=round((attempt.until - now) / 60), **where)
    if attempt.locks:
        return SignIn("locked", scope=attempt.locks[0], until=attempt.until)
    return SignIn("failed")


def resume(store, token: str | None, users_file: Path | None = None, now: float | None = None) -> User | None:
    """The user a browser's token stands for, if it still holds (see ``sessions``)."""
    if not token:
        return None
    try:
        return sessions.resume(store, token, users_file, now)
    except (OSError, ValueError):
        return None


def sign_out(store, user: User, token: str | None, now: float | None = None) -> None:
    """End the sign-in: the token is revoked in the store (a copy of the cookie is useless)."""
    revoked = False
    if token:
        try:
            revoked = sessions.revoke(store, token, now)
        except (OSError, ValueError):
            pass
    store.log(user.name, user.role, "sign_out", token_revoked=revoked)
