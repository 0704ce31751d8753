"""What is not personal data and masking again: the staff's allow-list, local proper nouns, a new masking
of a dataset's answers, and quasi-identifiers for review (staff only)."""
from __future__ import annotations

import pandas as pd

from listening.privacy import masking_is_current, normalise_term, quasi_identifiers, remask

from .base import WorkspaceBase


class PrivacyRulesMixin(WorkspaceBase):
    def privacy_rules(self, dataset_id: int, include_removed: bool = False) -> pd.DataFrame:
        """The staff's allow-list (list "allow") and local proper nouns (list "noun")."""
        self._require("review_personal_data", dataset_id)
        return self._store.list_privacy_rules(dataset_id, include_removed=include_removed)

    def add_privacy_rule(self, dataset_id: int, rule_list: str, term: str, answer_id: str | None = None,
                         kind: str | None = None) -> int:
        """Mark ``term`` as not personal data ("allow"; with ``answer_id``, only that finding) or
        as a local proper noun ("noun"); applied the next time the dataset is masked."""
        self._require("redact", dataset_id)
        term = term if answer_id is not None else normalise_term(term)
        if not term.strip():
            raise ValueError("an empty term cannot be added")
        rule = self._store.add_privacy_rule(dataset_id, rule_list, term, self.user.name, answer_id, kind)
        self._log("allow_personal_data" if rule_list == "allow" else "add_local_noun", dataset_id, None,
                  rule=rule, term=term, answer_id=answer_id, kind=kind)
        return rule

    def remove_privacy_rule(self, dataset_id: int, rule_id: int) -> None:
        self._require("redact", dataset_id)
        removed = self._store.remove_privacy_rule(dataset_id, rule_id, self.user.name)
        self._log("remove_privacy_rule", dataset_id, None, rule=rule_id,
                  list=None if removed is None else removed["list"], term=None if removed is None else removed["term"])

    def remask(self, dataset_id: int) -> dict[str, int]:
        """Mask every answer of the dataset again with the current detector and rules."""
        self._require("redact", dataset_id)
        counts = remask(self._store, dataset_id)
        self._log("remask", dataset_id, counts["changed"], **counts)
        return counts

    def masking_is_current(self, dataset_id: int) -> bool:
        self._require("review_personal_data", dataset_id)
        return masking_is_current(self._store, dataset_id)

    def quasi_identifiers(self, dataset_id: int) -> pd.DataFrame:
        """Birth dates, roles at named places and the like in the masked answers, for review."""
        self._require("review_personal_data", dataset_id)
        return quasi_identifiers(self._store.load_answers(dataset_id))
