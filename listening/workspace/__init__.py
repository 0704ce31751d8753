"""The front door: what a signed-in person can do with the store, reads included; every call checks the role and
every change is audited.

Pages, ``ui/`` and the CLI act through a ``Workspace`` instead of calling the store, the
pipeline and the curation functions directly, so the role is enforced where the work
happens (not only by hiding buttons), every upload, edit, export and deletion lands in
the audit log with who, when, what and how many rows, and a change to the store
touches this package only. One module per area: data (datasets, batches, runs),
curation (typed edits), privacy, privacy rules (allow-list, local nouns, masking again), exports (and the
audit log), goals, waves, briefing, weighting, responses (the public-comment response table), accounts (users
and sign-in: ``SignInGate`` serves the sign-in screen, before there is a user to make a Workspace for).

The app opens one shared connection with :func:`open_store` and makes a ``Workspace``
per signed-in user; the CLI opens both at once with :func:`open_workspace`.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from listening.auth import User
from listening.store import Store, StoreBusy

from .accounts import AccountsMixin, SignInGate
from .briefing import BriefingMixin
from .curation import CurationMixin
from .data import DataMixin
from .exports import ExportsMixin
from .goals import GoalsMixin
from .privacy import PrivacyMixin
from .privacy_rules import PrivacyRulesMixin
from .responses import ResponseFile, ResponsesMixin, ResponsesNotReady
from .waves import WavesMixin
from .weighting import WeightingMixin


class Workspace(DataMixin, CurationMixin, PrivacyMixin, PrivacyRulesMixin, ExportsMixin, GoalsMixin, WavesMixin,
                BriefingMixin, WeightingMixin, ResponsesMixin, AccountsMixin):
    """The store as ``user`` may use it: role-checked reads and writes, changes in the audit log."""


def open_store(path: str | Path) -> Store:
    """The store at ``path`` (created or migrated as needed), for a caller that keeps one connection and
    hands it to a Workspace per user. It is safe to share between threads; close it when done."""
    return Store(path)


@contextmanager
def open_workspace(path: str | Path, user: User) -> Iterator[Workspace]:
    """``with open_workspace(path, user) as ws:`` the store at ``path`` as ``user`` may use it, closed on exit."""
    with Store(path) as store:
        yield Workspace(store, user)


__all__ = ["open_store", "open_workspace", "ResponseFile", "ResponsesNotReady", "SignInGate", "StoreBusy",
           "Workspace"]
