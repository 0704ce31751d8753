"""CLI for administrators: the users file (``user``), the audit log (``audit``) and purging
original texts (``purge-originals``).

The command line is for the machine's administrator: whoever can run it can read the
store and the users file anyway, so every command acts as staff. Its audit entries name
the operating-system account of the process (from its user id, not ``$LOGNAME``/``$USER``,
which the caller sets) and the machine.
"""
from __future__ import annotations

import getpass
import os
import socket
import sys
from pathlib import Path

from listening.auth import ROLES, User, read_users, users_path
from listening.privacy import write_csv_file
from listening.workspace import open_workspace

from .stored import dataset_named


def os_account() -> str:
    """The account this process runs as, from its user id (the environment can say anything)."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except ImportError:  # Windows: the logon name of the process token
        return os.getlogin()
    except KeyError:  # a uid without a passwd entry (containers)
        return f"uid {os.getuid()}"


def cli_user() -> User:
    """Who runs the command, for the audit log: ``account@host (cli)``, acting as staff."""
    return User(f"{os_account()}@{socket.gethostname()} (cli)", "staff", "cli")


def add_admin_commands(sub, db_help: str) -> None:
    u = sub.add_parser("user", help="manage the local users file (names, roles, passwords) for the app's sign-in",
                       description="Add, change, list or remove app users. With a users file the app asks for a "
                                   "name and password; staff upload, curate and export, committee members view "
                                   "and take public exports. OIDC users are listed by email without a password.")
    u.add_argument("action", choices=("add", "passwd", "unlock", "list", "remove"),
                   help="add (or change), passwd (new password, role kept; ends the user's sign-ins and lifts a "
                        "lock), unlock (lift a sign-in lock after failed attempts), list, or remove a user")
    u.add_argument("name", nargs="?", help="user name (or email for OIDC sign-in)")
    u.add_argument("--role", choices=ROLES, default="committee", help="staff or committee (default committee)")
    u.add_argument("--password-stdin", action="store_true",
                   help="read the password from standard input instead of prompting (for scripts)")
    u.add_argument("--no-password", action="store_true", help="no password: the user signs in with OIDC only")
    u.add_argument("--file", metavar="PATH", help=f"users file (default $LISTENING_USERS or {users_path()})")
    u.add_argument("--db", default=None, metavar="PATH",
                   help=db_help + "; changes are logged there, sign-ins ended and locks lifted")

    a = sub.add_parser("audit", help="print or save the audit log (who uploaded, edited, exported, deleted)",
                       description="The audit log of the store: every upload, analysis, edit, redaction, export, "
                                   "deletion and look at personal data, oldest first.")
    a.add_argument("--dataset", metavar="NAME", help="only this dataset")
    a.add_argument("--out", metavar="FILE", help="write a CSV (UTF-8 with BOM) instead of printing")
    a.add_argument("--db", default=None, metavar="PATH", help=db_help)

    p = sub.add_parser("purge-originals", help="delete a dataset's original texts once the review is done (logged)",
                       description="Delete the original texts of a dataset: answers before masking, the originals "
                                   "of what masking found and the text of dropped answers. The masked answers, the "
                                   "analysis and the kinds of findings stay. Cannot be undone; logged.")
    p.add_argument("--dataset", required=True, metavar="NAME", help="dataset name in the store (see `datasets`)")
    p.add_argument("--yes", action="store_true", help="do not ask to type the dataset name (for scripts)")
    p.add_argument("--db", default=None, metavar="PATH", help=db_help)


def _read_password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass(f"password for {args.name}: ")  # no echo
    if getpass.getpass("again: ") != password:
        raise ValueError("the two passwords differ")
    return password


def user_command(args, db: str) -> int:
    path = Path(args.file) if args.file else None
    if args.action == "list":
        for name, entry in sorted(read_users(path).items()):
            print(f"{name}\t{entry['role']}\t{'password' if entry.get('password') else 'oidc only'}")
        return 0
    if not args.name:
        raise ValueError(f"`user {args.action}` needs a user name")
    if args.action == "passwd" and args.name not in read_users(path):
        raise ValueError(f"no user named {args.name!r}")
    asks = args.action == "passwd" or (args.action == "add" and not args.no_password)
    password = _read_password(args) if asks else None
    with open_workspace(db, cli_user()) as ws:
        if args.action == "unlock":
            had = ws.unlock_user(args.name)
            print(f"{args.name}: " + ("sign-in lock lifted" if had else "had no failed sign-ins"))
        elif args.action == "remove":
            ws.remove_user(args.name, path)
            print(f"removed {args.name}")
        elif args.action == "passwd":
            ended = ws.change_password(args.name, password, path)
            print(f"{args.name}: new password set; {ended} open sign-in(s) ended")
        else:
            ws.add_user(args.name, args.role, password, path)
            print(f"{args.name}: {args.role}" + ("" if password else " (OIDC only)"))
    return 0


def purge_command(args, db: str) -> int:
    with open_workspace(db, cli_user()) as ws:
        dataset_id = dataset_named(ws, args.dataset)
        if not args.yes:
            if not sys.stdin.isatty():
                raise ValueError("purging cannot be undone: add --yes to run it without a prompt")
            typed = input(f"This deletes the original texts of {args.dataset!r} for good. Type its name to go on: ")
            if typed.strip() != args.dataset:
                print("nothing deleted")
                return 1
        done = ws.purge_originals(dataset_id)
    print(f"{args.dataset}: original texts purged ({done['answers']} answers, {done['findings']} findings, "
          f"{done['dropped']} dropped rows)")
    return 0


def audit_command(args, db: str) -> int:
    with open_workspace(db, cli_user()) as ws:
        dataset_id = dataset_named(ws, args.dataset) if args.dataset else None
        log = ws.audit_log(dataset_id)
    log["detail"] = log["detail"].map(str)
    if args.out:
        write_csv_file(args.out, log)
        print(f"{len(log)} entries -> {args.out}")
    else:
        for row in log.itertuples():
            print(f"{row.at}\t{row.user}\t{row.role}\t{row.action}\t{row.rows if row.rows == row.rows else ''}\t{row.detail}")
    return 0
