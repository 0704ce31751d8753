"""Password guessing against the sign-in, each try from a fresh browser session (AppTest, no browser).

Before the store-backed throttle, failures were slowed per session only: 15 tries, each in a
new session, were all answered in 0.13-0.24 s and every one checked a password. This prints,
for each try, the server time, the answer and whether a password was checked at all, then
the same after a restart (a new process opening the same store), and the right password
from a new session while the name is locked.

    .venv/bin/python bench/sign_in.py [--tries 15]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, format_table

USER, PASSWORD = "tanaka", "a long passphrase 2025"


def attempt(password: str) -> tuple[float, str, str]:
    """One try from a new session: (server seconds, answer, audit action it left)."""
    from streamlit.testing.v1 import AppTest

    from listening.store import Store
    from ui.i18n import STRINGS

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.session_state["_ui_language"] = "en"
    at.run()
    at.text_input(key="login_name").set_value(USER)
    at.text_input(key="login_password").set_value(password)
    start = time.perf_counter()
    at.button[0].click().run()
    seconds = time.perf_counter() - start
    errors = [e.value for e in at.error]
    if not errors:
        answer = "signed in"
    elif errors[0] == STRINGS["login_failed"]["en"]:
        answer = "wrong password"
    else:
        answer = "locked: " + errors[0].split(".")[0].lower()
    with Store(os.environ["LISTENING_DB"]) as store:
        log = store.audit_log()
    return seconds, answer, str(log["action"].iloc[-1]) if len(log) else ""


def run_series(tries: int, label: str, first: int = 1) -> list[tuple]:
    rows = []
    for i in range(tries):
        before = _checked()
        seconds, answer, _ = attempt("wrong guess number %d" % i)
        rows.append((label, first + i, round(seconds, 3), answer, "yes" if _checked() > before else "no"))
    return rows


def _checked() -> int:
    """Passwords checked so far: every check leaves sign_in or sign_in_failed in the audit log."""
    from listening.store import Store

    with Store(os.environ["LISTENING_DB"]) as store:
        actions = store.audit_log()["action"]
    return int(actions.isin(["sign_in", "sign_in_failed"]).sum())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tries", type=int, default=15, help="wrong guesses, each in a new session (default 15)")
    parser.add_argument("--child", choices=("first", "restart"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        sys.path.insert(0, str(REPO))
        os.chdir(REPO)
        rows = run_series(args.tries if args.child == "first" else 3, args.child,
                          1 if args.child == "first" else args.tries + 1)
        if args.child == "restart":
            before = _checked()
            seconds, answer, _ = attempt(PASSWORD)
            rows.append(("restart", "right password", round(seconds, 3), answer, "yes" if _checked() > before else "no"))
        for row in rows:
            print("\t".join(map(str, row)))
        return 0

    sys.path.insert(0, str(REPO))
    from listening.auth import set_user

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, LISTENING_DB=str(Path(tmp) / "s.db"), LISTENING_USERS=str(Path(tmp) / "users.toml"))
        set_user(USER, "staff", PASSWORD, Path(env["LISTENING_USERS"]))
        rows = []
        for child in ("first", "restart"):  # two processes: the second is the app after a restart
            out = subprocess.run([sys.executable, __file__, "--child", child, "--tries", str(args.tries)],
                                 env=env, capture_output=True, text=True, check=True).stdout
            rows += [line.split("\t") for line in out.strip().splitlines()]
    print(f"load average {os.getloadavg()[0]:.2f}; each try is a new session")
    print(format_table(["process", "try", "server s", "answer", "password checked"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
