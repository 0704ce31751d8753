"""The part every area of the Workspace shares: the store, the person acting, the role check and the audit entry."""
from __future__ import annotations

from listening.auth import AccessDenied, User, can, require
from listening.store import Store


class WorkspaceBase:
    """The store as one signed-in person may use it.

    The store stays private (``_store``): a page that could reach it could read or write
    around the role checks. Reads need "view" (or what they show: personal data, the
    audit log); writes need the permission of the action and land in the audit log.
    """

    def __init__(self, store: Store, user: User) -> None:
        self._store = store
        self.user = user

    def can(self, permission: str) -> bool:
        return can(self.user, permission)

    def _log(self, action: str, dataset_id: int | None, rows: int | None = None, **detail) -> None:
        self._store.log(self.user.name, self.user.role, action, dataset_id, rows, **detail)

    def _require(self, permission: str, dataset_id: int | None = None) -> None:
        try:
            require(self.user, permission)
        except AccessDenied:
            self._log("denied", dataset_id, None, permission=permission)
            raise

    def _run_dataset(self, run_id: int) -> int:
        return self._store.run_dataset(run_id)
