"""Who may do what: roles and permissions, the local users file with scrypt hashes, sign-in
(throttled, remembered by a signed token) and the hosts local mode answers."""

from .access import LOCAL_STAFF, PERMISSIONS, ROLES, AccessDenied, User, can, require
from .hosts import is_local_host
from .sessions import SESSION_S, expires_in, is_weak_secret
from .signin import UNKNOWN_NAME, SignIn, resume, sign_in, sign_out
from .throttle import unlock
from .users import (authenticate, check_password, oidc_identity, read_users, remove_user, role_of, set_password,
                    set_user, users_path)

__all__ = [
    "AccessDenied",
    "authenticate",
    "can",
    "check_password",
    "expires_in",
    "is_local_host",
    "is_weak_secret",
    "LOCAL_STAFF",
    "oidc_identity",
    "PERMISSIONS",
    "read_users",
    "remove_user",
    "require",
    "resume",
    "role_of",
    "ROLES",
    "SESSION_S",
    "set_password",
    "set_user",
    "sign_in",
    "sign_out",
    "SignIn",
    "UNKNOWN_NAME",
    "unlock",
    "User",
    "users_path",
]
