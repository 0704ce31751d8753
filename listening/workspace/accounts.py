"""Sign-in and the users who may sign in: the part of the front door used before anyone is signed in
(``SignInGate``), and staff changing users from the command line (``AccountsMixin``).

The sign-in policy (throttling, tokens, passwords) lives in ``listening.auth``; this module only hands
it the store, so the app's ``ui/`` and the CLI never hold the store themselves. Every change is
audited: sign-ins, failures and locks by ``listening.auth.sign_in``; users added, removed, given a new
password or unlocked here, with the sign-ins each change ended.
"""
from __future__ import annotations

import time
from pathlib import Path

from listening.auth import SignIn, User, remove_user, resume, set_password, set_user, sign_in, sign_out, unlock
from listening.store import Store

from .base import WorkspaceBase


class SignInGate:
    """Signing in, resuming a browser's sign-in and signing out, against the shared store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def sign_in(self, name: str, password: str, address: str | None = None) -> SignIn:
        return sign_in(self._store, name, password, address)

    def resume(self, token: str | None) -> User | None:
        return resume(self._store, token)

    def sign_out(self, user: User, token: str | None) -> None:
        sign_out(self._store, user, token)


class AccountsMixin(WorkspaceBase):
    def add_user(self, name: str, role: str, password: str | None, users_file: Path | None = None) -> int:
        """Add a user to the users file or change one's role and password (None: OIDC only); a new
        password ends the user's open sign-ins. How many ended."""
        self._require("users")
        set_user(name, role, password, users_file)
        ended = self._store.revoke_user_sign_ins(name, time.time()) if password else 0
        self._log("user_add", None, target=name, new_role=role, password=password is not None, sign_ins_ended=ended)
        return ended

    def change_password(self, name: str, password: str, users_file: Path | None = None) -> int:
        """A new password, the role kept: ends the user's open sign-ins and lifts a lock. How many ended."""
        self._require("users")
        set_password(name, password, users_file)
        ended = self._store.revoke_user_sign_ins(name, time.time())
        unlock(self._store, name)
        self._log("user_passwd", None, target=name, sign_ins_ended=ended)
        return ended

    def remove_user(self, name: str, users_file: Path | None = None) -> int:
        """Remove a user from the users file and end their open sign-ins. How many ended."""
        self._require("users")
        remove_user(name, users_file)
        ended = self._store.revoke_user_sign_ins(name, time.time())
        self._log("user_remove", None, target=name, sign_ins_ended=ended)
        return ended

    def unlock_user(self, name: str) -> bool:
        """Lift a sign-in lock after failed attempts; whether the name had any failures."""
        self._require("users")
        had = unlock(self._store, name)
        self._log("user_unlock", None, target=name, had_failures=had)
        return had
