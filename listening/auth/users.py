"""Local user file for offline offices: names, roles and salted scrypt password hashes.

The file is TOML, one table per user, so an administrator can read it::

    [users.tanaka]
    role = "staff"
    password = "scrypt$16384$8$1$<salt>$<hash>"

Only ``python -m listening user ...`` writes it (atomically, mode 600). Passwords are
never stored, logged or compared in plain text.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import tomllib
import unicodedata
from pathlib import Path

from listening import config

from .access import ROLES, User

_N, _R, _P = 2 ** 14, 8, 1  # scrypt cost: ~50 ms and 16 MB per check
MIN_PASSWORD = 10

# Words that make up most guessed passwords: a password that is one of these with digits or
# symbols around it (Password2024!, qwerty12345) is refused. Short on purpose: length and the
# throttle do the rest.
_TRIVIAL_WORDS = frozenset({
    "password", "passw0rd", "pass", "qwerty", "qwertyuiop", "asdfghjkl", "zxcvbnm", "letmein", "welcome",
    "admin", "administrator", "iloveyou", "abc", "abcdef", "abcdefghij", "monkey", "dragon", "master",
    "login", "secret", "changeme", "default", "guest", "user", "test", "staff", "committee", "listening",
    "パスワード", "ぱすわーど", "비밀번호", "비번", "암호",
})
_RUNS = ("0123456789012345678901234567890", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm",
         "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "あいうえおかきくけこさしすせそたちつてと")


def users_path() -> Path:
    """$LISTENING_USERS, else listening_data/users.toml beside the default store (listening.config)."""
    return config.users_file()


def hash_password(password: str, *, n: int = _N, r: int = _R, p: int = _P) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)
    b64 = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return f"scrypt${n}${r}${p}${b64(salt)}${b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt),
                                n=int(n), r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def read_users(path: Path | None = None) -> dict[str, dict]:
    """{name: {"role": ..., "password": hash}}; {} when the file does not exist."""
    path = path or users_path()
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ValueError(f"{path}: not a valid users file ({err})") from err
    users = data.get("users", {})
    for name, entry in users.items():
        if entry.get("role") not in ROLES:
            raise ValueError(f"{path}: user {name!r} has role {entry.get('role')!r}; roles are {', '.join(ROLES)}")
    return users


def write_users(users: dict[str, dict], path: Path | None = None) -> None:
    path = path or users_path()
    if not path.parent.exists():
        os.makedirs(path.parent, mode=0o700, exist_ok=True)
    lines = []
    for name in sorted(users):
        entry = users[name]
        lines.append(f"[users.{json.dumps(name, ensure_ascii=False)}]")
        lines.append(f"role = {json.dumps(entry['role'])}")
        if entry.get("password"):
            lines.append(f"password = {json.dumps(entry['password'])}")
        lines.append("")
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    os.replace(tmp, path)


def check_password(name: str, password: str) -> None:
    """Refuse (ValueError, saying why) a password too short or trivial to guess: a run of one
    character or a few, a keyboard or alphabet run, a common word with digits around it, or
    the user's own name."""
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"passwords need at least {MIN_PASSWORD} characters")
    folded = unicodedata.normalize("NFKC", password).casefold()
    core = folded.strip("0123456789!?#$%&*@._- ")
    own = unicodedata.normalize("NFKC", name).casefold().split("@")[0]
    if len(set(folded)) < 4:
        reason = "it repeats too few characters"
    elif any(folded in run or folded in run[::-1] for run in _RUNS):
        reason = "it is a keyboard or alphabet run"
    elif core in _TRIVIAL_WORDS or not core:
        reason = "it is a common password"
    elif len(own) >= 3 and own in folded:
        reason = "it contains the user name"
    else:
        return
    raise ValueError(f"choose another password: {reason}")


def set_user(name: str, role: str, password: str | None, path: Path | None = None) -> None:
    """Add a user or change one's role/password. OIDC users (emails) need no password."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; roles are {', '.join(ROLES)}")
    if password is not None:
        check_password(name, password)
    users = read_users(path)
    entry = dict(users.get(name, {}))
    entry["role"] = role
    if password is not None:
        entry["password"] = hash_password(password)
    users[name] = entry
    write_users(users, path)


def set_password(name: str, password: str, path: Path | None = None) -> None:
    """A new password for an existing user (the role stays); the same rules as ``set_user``."""
    users = read_users(path)
    if name not in users:
        raise ValueError(f"no user named {name!r}")
    check_password(name, password)
    users[name] = {**users[name], "password": hash_password(password)}
    write_users(users, path)


def remove_user(name: str, path: Path | None = None) -> None:
    users = read_users(path)
    if name not in users:
        raise ValueError(f"no user named {name!r}")
    del users[name]
    write_users(users, path)


# A hash of a random secret nobody knows, made once per process (at import, so the first sign-in
# costs the same as every other): checked for entries without a password and for unknown names,
# so every attempt costs exactly one scrypt run. It never grants anything: see authenticate.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(32))


def authenticate(name: str, password: str, path: Path | None = None) -> User | None:
    """The user if the entry exists, has a password and it matches; None otherwise.

    An entry without a password (an OIDC-only user) can never sign in with a password, and an
    empty password never signs in. Every call runs exactly one scrypt check, so the answer time
    does not tell known names, password-less entries and unknown names apart.
    """
    entry = read_users(path).get(name) or {}
    stored = entry.get("password") or ""
    ok = verify_password(password, stored or _DUMMY_HASH)
    if not (ok and stored and password and entry.get("role")):
        return None
    return User(name, entry["role"], "password")


def oidc_identity(claims) -> str:
    """The name an OIDC sign-in is looked up by: the e-mail, unless the provider says it is not
    verified (anyone could claim a staff address); else the subject id, marked so it can never
    match an e-mail entry. "" when there is neither."""
    email = str(claims.get("email") or "")
    if email and claims.get("email_verified") is not False:
        return email
    sub = str(claims.get("sub") or "")
    return f"sub:{sub}" if sub else ""


def role_of(identity: str, default: str = "committee", path: Path | None = None) -> str:
    """Role of an OIDC identity (email) from the users file; least privilege when not listed."""
    entry = read_users(path).get(identity)
    return entry["role"] if entry else default
