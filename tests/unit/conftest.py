"""Fixtures of the sign-in tests: a users file with a staff member and a committee member, and a store."""
from __future__ import annotations

import pytest

from listening.auth.users import set_user
from listening.store import Store

STAFF_PASSWORD = "長いパスワード1234"
COMMITTEE_PASSWORD = "committee-password-1"


@pytest.fixture()
def users_file(tmp_path):
    """田中 (staff, STAFF_PASSWORD) and 委員 (committee, COMMITTEE_PASSWORD)."""
    path = tmp_path / "users.toml"
    set_user("田中", "staff", STAFF_PASSWORD, path)
    set_user("委員", "committee", COMMITTEE_PASSWORD, path)
    return path


@pytest.fixture()
def sign_in_store(tmp_path):
    """An empty store in its own folder (the sign-in key is made beside it)."""
    with Store(tmp_path / "data" / "s.db") as store:
        yield store
