"""Who may do what: roles and permissions, the local users file with scrypt hashes."""

from .access import LOCAL_STAFF, PERMISSIONS, ROLES, AccessDenied, User, can, require
from .users import authenticate, read_users, remove_user, role_of, set_user, users_path

__all__ = [
    "AccessDenied",
    "authenticate",
    "can",
    "LOCAL_STAFF",
    "PERMISSIONS",
    "read_users",
    "remove_user",
    "require",
    "role_of",
    "ROLES",
    "set_user",
    "User",
    "users_path",
]
