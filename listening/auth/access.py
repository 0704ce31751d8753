"""Who may do what: two roles, checked by the library calls the pages make.

Staff upload, curate, review personal data, export anything, delete and manage users. Committee
members view and explore and may take the public export; they never see raw text,
dropped rows or internal exports. Hiding buttons is only convenience: the checks in
``listening.workspace`` are what enforce this.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["staff", "committee"]
ROLES: tuple[Role, ...] = ("staff", "committee")

PERMISSIONS: dict[str, frozenset[str]] = {
    "staff": frozenset({
        "view", "upload", "analyze", "curate", "delete", "review_personal_data", "redact",
        "export_public", "export_internal", "audit", "goals", "respond", "users",
    }),
    "committee": frozenset({"view", "export_public"}),
}


@dataclass(frozen=True)
class User:
    """The person acting. ``via``: local (no login configured), password or oidc."""

    name: str
    role: Role
    via: str = "local"

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; roles are {', '.join(ROLES)}")
        if not self.name.strip():
            raise ValueError("a user needs a name")


LOCAL_STAFF = User("staff (local)", "staff", "local")


class AccessDenied(PermissionError):
    """The user's role does not allow the action. ``permission`` names what was missing."""

    def __init__(self, user: User, permission: str) -> None:
        self.user = user
        self.permission = permission
        super().__init__(f"{user.name} ({user.role}) may not {permission.replace('_', ' ')}")


def can(user: User, permission: str) -> bool:
    if permission not in PERMISSIONS["staff"]:
        raise KeyError(f"unknown permission {permission!r}")
    return permission in PERMISSIONS[user.role]


def require(user: User, permission: str) -> None:
    if not can(user, permission):
        raise AccessDenied(user, permission)
