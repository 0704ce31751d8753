"""Password sign-in accepts only an entry's own password: every combination of entry and input."""
from __future__ import annotations

import pytest

from listening.auth import users as users_module
from listening.auth.access import User
from listening.auth.users import authenticate, set_user, verify_password

PASSWORD = "長いパスワード1234"
# The literal the timing dummy was once made from: it must never open any entry.
OLD_DUMMY = "not a password"


@pytest.fixture()
def users_file(tmp_path):
    path = tmp_path / "users.toml"
    set_user("田中", "staff", PASSWORD, path)
    set_user("oidc-staff@city.example", "staff", None, path)  # OIDC only: no password
    set_user("委員", "committee", "committee-password-1", path)
    return path


@pytest.mark.parametrize("name, password, expected", [
    ("田中", PASSWORD, User("田中", "staff", "password")),
    ("田中", "wrong password!", None),
    ("田中", "", None),
    ("田中", OLD_DUMMY, None),
    ("委員", "committee-password-1", User("委員", "committee", "password")),
    ("委員", PASSWORD, None),  # another entry's password
    ("oidc-staff@city.example", OLD_DUMMY, None),
    ("oidc-staff@city.example", "", None),
    ("oidc-staff@city.example", PASSWORD, None),
    ("nobody", OLD_DUMMY, None),
    ("nobody", PASSWORD, None),
    ("nobody", "", None),
    ("", "", None),
])
def test_only_an_entrys_own_password_signs_it_in(users_file, name, password, expected):
    assert authenticate(name, password, users_file) == expected


def test_the_timing_dummy_is_a_random_secret_no_literal_matches():
    assert not verify_password(OLD_DUMMY, users_module._DUMMY_HASH)
    assert not verify_password("", users_module._DUMMY_HASH)


def test_every_attempt_costs_one_scrypt_run(users_file, monkeypatch):
    calls = []
    real = users_module.verify_password
    monkeypatch.setattr(users_module, "verify_password", lambda *a: calls.append(1) or real(*a))
    scrypt_calls = []
    real_scrypt = users_module.hashlib.scrypt
    monkeypatch.setattr(users_module.hashlib, "scrypt", lambda *a, **k: scrypt_calls.append(1) or real_scrypt(*a, **k))
    for name, password in [("田中", PASSWORD), ("田中", "x"), ("oidc-staff@city.example", "x"), ("nobody", "x"),
                           ("nobody", "")]:
        scrypt_calls.clear()
        authenticate(name, password, users_file)
        assert len(scrypt_calls) == 1, (name, password)


@pytest.mark.parametrize("claims, identity", [
    ({"email": "tanaka@city.example", "email_verified": True, "sub": "1"}, "tanaka@city.example"),
    ({"email": "tanaka@city.example", "sub": "1"}, "tanaka@city.example"),  # providers that do not say
    ({"email": "tanaka@city.example", "email_verified": False, "sub": "1"}, "sub:1"),  # claimed, not proven
    ({"sub": "tanaka@city.example"}, "sub:tanaka@city.example"),  # a subject id never passes for an e-mail
    ({}, ""),
])
def test_an_oidc_sign_in_is_known_by_its_verified_email_only(claims, identity):
    from listening.auth import oidc_identity

    assert oidc_identity(claims) == identity


def test_an_unverified_staff_address_gets_no_staff_role(users_file):
    from listening.auth import oidc_identity, role_of

    claims = {"email": "oidc-staff@city.example", "email_verified": False, "sub": "x"}
    assert role_of(oidc_identity(claims), path=users_file) == "committee"
