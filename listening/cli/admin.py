"""CLI for administrators: the users file (``user``) and the audit log (``audit``)."""
from __future__ import annotations

import getpass
import sys
from pathlib import Path

from listening.auth import ROLES, User, read_users, remove_user, set_user, users_path
from listening.privacy import write_csv_file
from listening.workspace import open_workspace


def cli_user() -> User:
    """Who runs the command, for the audit log: the operating-system account, as staff."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return User(f"{name} (cli)", "staff", "cli")


def add_admin_commands(sub, db_help: str) -> None:
    u = sub.add_parser("user", help="manage the local users file (names, roles, passwords) for the app's sign-in",
                       description="Add, change, list or remove app users. With a users file the app asks for a "
                                   "name and password; staff upload, curate and export, committee members view "
                                   "and take public exports. OIDC users are listed by email without a password.")
    u.add_argument("action", choices=("add", "list", "remove"), help="add (or change), list, or remove a user")
    u.add_argument("name", nargs="?", help="user name (or email for OIDC sign-in)")
    u.add_argument("--role", choices=ROLES, default="committee", help="staff or committee (default committee)")
    u.add_argument("--password-stdin", action="store_true",
                   help="read the password from standard input instead of prompting (for scripts)")
    u.add_argument("--no-password", action="store_true", help="no password: the user signs in with OIDC only")
    u.add_argument("--file", metavar="PATH", help=f"users file (default $LISTENING_USERS or {users_path()})")

    a = sub.add_parser("audit", help="print or save the audit log (who uploaded, edited, exported, deleted)",
                       description="The audit log of the store: every upload, analysis, edit, redaction, export, "
                                   "deletion and look at personal data, oldest first.")
    a.add_argument("--dataset", metavar="NAME", help="only this dataset")
    a.add_argument("--out", metavar="FILE", help="write a CSV (UTF-8 with BOM) instead of printing")
    a.add_argument("--db", default=None, metavar="PATH", help=db_help)


def user_command(args) -> int:
    path = Path(args.file) if args.file else None
    if args.action == "list":
        for name, entry in sorted(read_users(path).items()):
            print(f"{name}\t{entry['role']}\t{'password' if entry.get('password') else 'oidc only'}")
        return 0
    if not args.name:
        raise ValueError(f"`user {args.action}` needs a user name")
    if args.action == "remove":
        remove_user(args.name, path)
        print(f"removed {args.name}")
        return 0
    password = None
    if not args.no_password:
        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass(f"password for {args.name}: ")
            if getpass.getpass("again: ") != password:
                raise ValueError("the two passwords differ")
    set_user(args.name, args.role, password, path)
    print(f"{args.name}: {args.role}" + ("" if password else " (OIDC only)"))
    return 0


def audit_command(args, db: str) -> int:
    with open_workspace(db, cli_user()) as ws:
        dataset_id = None
        if args.dataset:
            dataset_id = ws.dataset_id(args.dataset)
            if dataset_id is None:
                raise ValueError(f"no dataset named {args.dataset!r} in the store")
        log = ws.audit_log(dataset_id)
    log["detail"] = log["detail"].map(str)
    if args.out:
        write_csv_file(args.out, log)
        print(f"{len(log)} entries -> {args.out}")
    else:
        for row in log.itertuples():
            print(f"{row.at}\t{row.user}\t{row.role}\t{row.action}\t{row.rows if row.rows == row.rows else ''}\t{row.detail}")
    return 0
