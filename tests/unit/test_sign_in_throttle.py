"""Sign-in throttling holds across sessions, processes and restarts: counted in the store, per name
and per address, with a lock after repeated failures, audited."""
from __future__ import annotations

import threading

import pytest

from listening.auth import UNKNOWN_NAME, sign_in, unlock
from listening.auth import throttle
from listening.auth import users as users_module
from listening.store import Store
from tests.unit.conftest import STAFF_PASSWORD as PASSWORD

T0 = 1_800_000_000.0  # a fixed clock: every test says when each attempt happens


@pytest.fixture()
def store(sign_in_store):
    return sign_in_store


def fail(store, users_file, n, name="田中", address="10.0.0.5", start=T0, step=1.0):
    return [sign_in(store, name, "wrong password!", address, users_file, now=start + i * step) for i in range(n)]


def test_five_failures_lock_the_name_and_then_even_the_right_password_is_refused(store, users_file):
    results = fail(store, users_file, 5)
    assert [r.status for r in results] == ["failed"] * 4 + ["locked"]
    assert results[-1].scope == "name" and results[-1].until == pytest.approx(T0 + 4 + 15 * 60)
    right = sign_in(store, "田中", PASSWORD, "10.0.0.5", users_file, now=T0 + 60)
    assert right.status == "locked" and right.user is None and right.token is None
    after = sign_in(store, "田中", PASSWORD, "10.0.0.5", users_file, now=T0 + 4 + 15 * 60 + 1)
    assert after.status == "ok" and after.user.role == "staff"


def test_the_lock_holds_for_a_fresh_store_connection_as_after_a_restart(tmp_path, users_file):
    with Store(tmp_path / "s.db") as first:
        fail(first, users_file, 5)
    with Store(tmp_path / "s.db") as restarted:  # a new process opening the same store
        assert sign_in(restarted, "田中", PASSWORD, "10.0.0.5", users_file, now=T0 + 30).status == "locked"


def test_another_address_does_not_reset_the_names_lock(store, users_file):
    fail(store, users_file, 5, address="10.0.0.5")
    assert sign_in(store, "田中", PASSWORD, "10.0.0.99", users_file, now=T0 + 10).status == "locked"


def test_a_success_clears_the_names_failures(store, users_file):
    fail(store, users_file, 4)
    assert sign_in(store, "田中", PASSWORD, "10.0.0.5", users_file, now=T0 + 10).status == "ok"
    # Four more failures do not lock: the count started again.
    assert [r.status for r in fail(store, users_file, 4, start=T0 + 20)] == ["failed"] * 4


def test_further_rounds_lock_twice_as_long_up_to_a_day(store, users_file):
    first = fail(store, users_file, 5)[-1]
    second = fail(store, users_file, 5, start=first.until + 1)[-1]
    assert second.status == "locked"
    assert second.until - (first.until + 5) == pytest.approx(30 * 60)
    assert throttle.lock_seconds(5 * 20, 5) == throttle.MAX_LOCK_S


def test_an_address_spraying_many_names_is_locked_after_twenty_failures(store, users_file):
    results = [sign_in(store, f"name{i}", "wrong password!", "10.0.0.7", users_file, now=T0 + i) for i in range(20)]
    assert [r.status for r in results[:19]] == ["failed"] * 19
    assert results[19].status == "locked" and results[19].scope == "address"
    # Even a real user from that address waits; from another address the same user signs in.
    assert sign_in(store, "委員", "committee-password-1", "10.0.0.7", users_file, now=T0 + 30).scope == "address"
    assert sign_in(store, "委員", "committee-password-1", "10.0.0.8", users_file, now=T0 + 30).status == "ok"


def test_unknown_names_are_locked_exactly_like_known_ones(store, users_file):
    known = [r.status for r in fail(store, users_file, 6, name="田中", address="10.0.0.1")]
    unknown = [r.status for r in fail(store, users_file, 6, name="nobody", address="10.0.0.2")]
    assert known == unknown == ["failed"] * 4 + ["locked", "locked"]


def test_name_variants_share_one_counter(store, users_file):
    for i, variant in enumerate(["Tanaka", "tanaka", " TANAKA ", "ｔａｎａｋａ", "tanaka"]):
        last = sign_in(store, variant, "x", "10.0.0.5", users_file, now=T0 + i)
    assert last.status == "locked"


def test_a_quiet_day_forgets_old_failures(store, users_file):
    fail(store, users_file, 4)
    later = T0 + throttle.FORGET_AFTER_S + 10
    assert [r.status for r in fail(store, users_file, 4, start=later)] == ["failed"] * 4


def test_parallel_guessers_with_their_own_connections_get_no_more_guesses_than_one(tmp_path, users_file,
                                                                                    monkeypatch):
    """Twenty connections (as twenty processes would have) guessing at once: five passwords checked."""
    import listening.auth.signin as signin_module

    checked = []
    real = signin_module.authenticate
    monkeypatch.setattr(signin_module, "authenticate", lambda *a, **k: checked.append(1) or real(*a, **k))
    stores = [Store(tmp_path / "shared.db") for _ in range(20)]
    results, start = [], threading.Barrier(20)

    def guess(own):
        start.wait()
        results.append(sign_in(own, "田中", "wrong password!", "10.0.0.5", users_file, now=T0))

    threads = [threading.Thread(target=guess, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.close()
    assert len(checked) == 5
    assert [r.status for r in results].count("locked") == 16  # 15 refused unchecked + the 5th failure


def test_failures_and_locks_are_in_the_audit_log_without_unknown_names(store, users_file):
    fail(store, users_file, 5, name="田中")
    sign_in(store, "my-secret-password", "x", "10.0.0.9", users_file, now=T0 + 100)  # a password in the name field
    sign_in(store, "委員", "committee-password-1", "10.0.0.9", users_file, now=T0 + 101)
    log = store.audit_log()
    failed = log[log["action"] == "sign_in_failed"]
    assert failed["user"].tolist() == ["田中"] * 5 + [UNKNOWN_NAME]
    assert (failed["detail"].map(lambda d: d["address"]) == ["10.0.0.5"] * 5 + ["10.0.0.9"]).all()
    locked = log[log["action"] == "sign_in_locked"]
    assert locked["user"].tolist() == ["田中"] and locked["detail"].iloc[0]["scope"] == "name"
    assert locked["detail"].iloc[0]["minutes"] == 15
    assert log[log["action"] == "sign_in"]["user"].tolist() == ["委員"]
    assert "my-secret-password" not in log.to_string()


def test_counters_keep_no_name_or_address_in_clear(store, users_file, tmp_path):
    fail(store, users_file, 2, name="山田太郎", address="192.168.1.23")
    rows = store._query("SELECT scope, key FROM sign_in_failures")
    assert {scope for scope, _ in rows} == {"name", "address"}
    assert not any("山田" in key or "192.168" in key for _, key in rows)


def test_staff_can_lift_a_lock(store, users_file):
    fail(store, users_file, 5)
    assert unlock(store, "田中") is True
    assert sign_in(store, "田中", PASSWORD, "10.0.0.5", users_file, now=T0 + 10).status == "ok"
    assert unlock(store, "田中") is False


def test_known_and_unknown_names_cost_one_scrypt_run_each_through_the_whole_sign_in(store, users_file, monkeypatch):
    runs = []
    real = users_module.hashlib.scrypt
    monkeypatch.setattr(users_module.hashlib, "scrypt", lambda *a, **k: runs.append(1) or real(*a, **k))
    for i, name in enumerate(["田中", "nobody", "委員"]):
        runs.clear()
        sign_in(store, name, "wrong password!", f"10.0.1.{i}", users_file, now=T0)
        assert len(runs) == 1, name
