"""Personal data: what masking found, dropped rows with their raw text, terms redacted by hand, and purging the
original texts once the review is done (staff only)."""
from __future__ import annotations

import pandas as pd

from .base import WorkspaceBase


class PrivacyMixin(WorkspaceBase):
    def findings(self, dataset_id: int, log: bool = True) -> pd.DataFrame:
        """What masking found, originals included: staff only; ``log`` records the look
        (a page logs its first view, not every rerun)."""
        self._require("review_personal_data", dataset_id)
        found = self._store.list_findings(dataset_id)
        if log:
            self._log("view_personal_data", dataset_id, len(found))
        return found

    def dropped_rows(self, dataset_id: int) -> pd.DataFrame:
        """Dropped rows keep their raw text: staff only."""
        self._require("review_personal_data", dataset_id)
        return self._store.load_dropped(dataset_id)

    def redactions(self, dataset_id: int) -> pd.DataFrame:
        """The terms redacted by hand and in force (id, term, user, created_at): a term may itself be
        a name, so staff only."""
        self._require("review_personal_data", dataset_id)
        return self._store.list_redactions(dataset_id)

    def add_redaction(self, dataset_id: int, term: str) -> int:
        self._require("redact", dataset_id)
        redaction = self._store.add_redaction(dataset_id, term, self.user.name)
        self._log("redact", dataset_id, None, redaction=redaction, term=term)
        return redaction

    def remove_redaction(self, dataset_id: int, redaction_id: int) -> None:
        self._require("redact", dataset_id)
        self._store.remove_redaction(redaction_id, self.user.name)
        self._log("unredact", dataset_id, None, redaction=redaction_id)

    def originals_left(self, dataset_id: int) -> int:
        """How many original texts (before masking) the dataset still holds: staff only."""
        self._require("review_personal_data", dataset_id)
        return self._store.originals_left(dataset_id)

    def purge_originals(self, dataset_id: int) -> dict[str, int]:
        """Delete the dataset's original texts once the review is done, keeping the masked texts
        and the kinds of findings (``listening.store.purge``); logged with what went."""
        self._require("delete", dataset_id)
        done = self._store.purge_originals(dataset_id)
        self._log("purge_originals", dataset_id, done["answers"], **done)
        return done
