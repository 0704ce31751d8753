"""Sign-in throttling that holds across sessions and restarts: failures per name and per address.

Every password attempt is counted *before* the password is checked, in one store
transaction per attempt, for the user name typed and for the client's address; a
correct password then takes its count back. So any number of parallel browser
sessions gets no more guesses than one, and restarting the app resets nothing
(the counters live in the store).

- A name is locked for 15 minutes after 5 failures in a row, an address after 20
  (a shared office address carries everyone's typos). Each further round of failures
  locks twice as long, at most a day. While locked, no password is checked, the right
  one included: the person sees when to try again, and staff can lift the lock with
  ``python -m listening user unlock NAME`` (``user passwd`` lifts it too).
- A counter that saw no failure for a day starts again from zero.
- Names are counted whether or not they exist, so a lock says nothing about which
  names are real. Counters are keyed by a hash of the name or address, never the text
  (people type passwords into the name field).
"""
from __future__ import annotations

import hashlib
import math
import time
import unicodedata
from dataclasses import dataclass

LIMITS = {"name": 5, "address": 20}  # failures in a row before a lock
LOCK_S = 15 * 60.0
MAX_LOCK_S = 24 * 3600.0
FORGET_AFTER_S = 24 * 3600.0


@dataclass(frozen=True)
class Attempt:
    """Whether a password may be checked now. Refused: ``scope`` ("name" or "address") is locked
    until ``until``. Allowed: ``locks`` names the scopes this attempt's count locks (until
    ``until``) if the password turns out wrong."""

    allowed: bool
    scope: str | None = None
    until: float = 0.0
    locks: tuple[str, ...] = ()
    keys: tuple[tuple[str, str], ...] = ()

    def wait_minutes(self, now: float | None = None) -> int:
        """Whole minutes until the lock ends, at least 1."""
        return max(1, math.ceil((self.until - (time.time() if now is None else now)) / 60))


def key_of(scope: str, value: str) -> tuple[str, str]:
    """(scope, sha256) of a name (NFKC, case-folded, trimmed) or an address."""
    if scope == "name":
        value = unicodedata.normalize("NFKC", value).strip().casefold()
    return scope, hashlib.sha256(f"{scope}\0{value}".encode("utf-8")).hexdigest()


def lock_seconds(failures: int, limit: int) -> float:
    """How long the ``failures``-th failure in a row locks: 0 between rounds, else 15 min doubling."""
    if failures < limit or failures % limit:
        return 0.0
    return min(LOCK_S * 2 ** (failures // limit - 1), MAX_LOCK_S)


def begin_attempt(store, name: str, address: str | None, now: float | None = None) -> Attempt:
    """Count one attempt for ``name`` and ``address`` unless either is locked (then count nothing)."""
    now = time.time() if now is None else now
    keys = (key_of("name", name), key_of("address", address or "local"))

    def change(current):
        for key in keys:
            _, _, until = current[key]
            if until > now:
                return {}, Attempt(False, key[0], until)
        updates, locks, until = {}, [], 0.0
        for key in keys:
            failures, last_at, _ = current[key]
            if now - last_at > FORGET_AFTER_S:
                failures = 0
            failures += 1
            lock = lock_seconds(failures, LIMITS[key[0]])
            if lock:
                locks.append(key[0])
                until = max(until, now + lock)
            updates[key] = (failures, now, now + lock if lock else 0.0)
        return updates, Attempt(True, until=until, locks=tuple(locks), keys=keys)

    return store.update_sign_in_counters(keys, change)


def end_attempt(store, attempt: Attempt, succeeded: bool) -> None:
    """After the check: a success clears the name's failures and takes back the address's count."""
    if not (attempt.allowed and succeeded):
        return
    name_key, address_key = attempt.keys

    def change(current):
        failures, last_at, _ = current[address_key]
        return {name_key: (0, 0.0, 0.0), address_key: (max(failures - 1, 0), last_at, 0.0)}, None

    store.update_sign_in_counters(attempt.keys, change)


def unlock(store, name: str) -> bool:
    """Lift a name's lock and forget its failures (staff, from the command line). Whether it had any."""
    key = key_of("name", name)

    def change(current):
        return {key: (0, 0.0, 0.0)}, current[key][0] > 0

    return store.update_sign_in_counters([key], change)
