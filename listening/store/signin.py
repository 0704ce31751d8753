"""Sign-in state shared by every session and process: failure counters and browser sign-ins.

The policy (how many failures lock, for how long) lives in ``listening.auth``; this mixin
only reads and writes the rows atomically, so two sessions guessing at once cannot both
slip past a limit, and a restart of the app does not reset anything.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Counter = tuple[int, float, float]  # failures, last failure (unix s), locked until (unix s, 0 = not locked)


class SignInMixin:
    # -- failure counters, per (scope, key): scope "name" or "address", key a hash -----------------
    def update_sign_in_counters(
        self, keys: Sequence[tuple[str, str]],
        change: Callable[[dict[tuple[str, str], Counter]], tuple[dict[tuple[str, str], Counter], Any]],
    ) -> Any:
        """Read the counters of ``keys``, let ``change`` decide, write its counters; one transaction.

        ``change`` gets {key: (failures, last_at, locked_until)} (zeros for a key never seen) and
        returns (new counters for the keys it changes, result); a counter of (0, 0, 0) is deleted.
        Returns the result.
        """
        with self.transaction() as conn:
            current: dict[tuple[str, str], Counter] = {}
            for scope, key in keys:
                row = conn.execute(
                    "SELECT failures, last_at, locked_until FROM sign_in_failures WHERE scope = ? AND key = ?",
                    (scope, key),
                ).fetchone()
                current[(scope, key)] = (int(row[0]), float(row[1]), float(row[2])) if row else (0, 0.0, 0.0)
            updates, result = change(current)
            for (scope, key), (failures, last_at, locked_until) in updates.items():
                if failures <= 0 and locked_until <= 0:
                    conn.execute("DELETE FROM sign_in_failures WHERE scope = ? AND key = ?", (scope, key))
                else:
                    conn.execute(
                        """INSERT INTO sign_in_failures (scope, key, failures, last_at, locked_until)
                           VALUES (?, ?, ?, ?, ?) ON CONFLICT (scope, key) DO UPDATE SET
                           failures = excluded.failures, last_at = excluded.last_at,
                           locked_until = excluded.locked_until""",
                        (scope, key, int(failures), float(last_at), float(locked_until)),
                    )
            return result

    # -- browser sign-ins (the cookie holds the id; the store only its hash) ---------------------
    def add_sign_in_session(self, session_hash: str, user: str, created_at: float, expires_at: float) -> None:
        with self.transaction() as conn:
            # Rows that ended a day ago are of no use to anyone: keep the table small.
            conn.execute("DELETE FROM sign_in_sessions WHERE expires_at < ?", (created_at - 86400,))
            conn.execute(
                "INSERT INTO sign_in_sessions (id, user, created_at, expires_at) VALUES (?, ?, ?, ?)",
                (session_hash, user, created_at, expires_at),
            )

    def sign_in_session(self, session_hash: str) -> tuple[str, float, float | None] | None:
        """(user, expires_at, revoked_at) of a browser sign-in, None if the store never issued it."""
        rows = self._query("SELECT user, expires_at, revoked_at FROM sign_in_sessions WHERE id = ?", (session_hash,))
        return (rows[0][0], float(rows[0][1]), rows[0][2]) if rows else None

    def revoke_sign_in_session(self, session_hash: str, at: float) -> bool:
        with self.transaction() as conn:
            return conn.execute(
                "UPDATE sign_in_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", (at, session_hash)
            ).rowcount > 0

    def revoke_user_sign_ins(self, user: str, at: float) -> int:
        """End every browser sign-in of ``user`` (after a password reset or removal); how many ended."""
        with self.transaction() as conn:
            return conn.execute(
                "UPDATE sign_in_sessions SET revoked_at = ? WHERE user = ? AND revoked_at IS NULL AND expires_at > ?",
                (at, user, at),
            ).rowcount
