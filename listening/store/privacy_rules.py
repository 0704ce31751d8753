"""What staff decided about personal data (not personal data, local proper nouns), and masking again.

An allow-list entry says a term (anywhere in the dataset) or one finding (one answer)
is not personal data; a local proper noun is a place, facility or mascot that is
never a person's name. Entries are never deleted: removing one stamps who and when,
so the decision stays in the record and can be undone. They take effect the next time
the dataset is masked (``listening.privacy.remask``), which ``masking_state`` records.
"""
from __future__ import annotations


from datetime import datetime, timezone

import pandas as pd

from .base import now_iso, text_hash

RULE_LISTS = ("allow", "noun")


class PrivacyRulesMixin:
    # -- the staff's lists -------------------------------------------------------
    def add_privacy_rule(self, dataset_id: int, rule_list: str, term: str, user: str,
                         answer_id: str | None = None, kind: str | None = None) -> int:
        if rule_list not in RULE_LISTS:
            raise ValueError(f"unknown list {rule_list!r}: use one of {', '.join(RULE_LISTS)}")
        with self.transaction() as conn:
            return conn.execute(
                """INSERT INTO privacy_rules (dataset_id, list, term, answer_id, kind, user, created_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?)""",
                (dataset_id, rule_list, term, answer_id, kind, user, now_iso()),
            ).lastrowid

    def remove_privacy_rule(self, dataset_id: int, rule_id: int, user: str) -> dict | None:
        """Stamp a rule of the dataset as removed; returns the rule as it was, or None if the
        dataset has no such active rule."""
        with self.transaction() as conn:
            row = conn.execute(
                """SELECT id, dataset_id, list, term, answer_id, kind FROM privacy_rules
                   WHERE id = ? AND dataset_id = ? AND removed_at IS NULL""",
                (rule_id, dataset_id),
            ).fetchone()
            if row is None:
                return None
            conn.execute("UPDATE privacy_rules SET removed_at = ?, removed_by = ? WHERE id = ?",
                         (now_iso(), user, rule_id))
        return dict(zip(("id", "dataset_id", "list", "term", "answer_id", "kind"), row))

    def list_privacy_rules(self, dataset_id: int, include_removed: bool = False) -> pd.DataFrame:
        """id, list, term, answer_id, kind, user, created_at, removed_at, removed_by; oldest first."""
        frame = self._frame(
            """SELECT id, list, term, answer_id, kind, user, created_at, removed_at, removed_by
               FROM privacy_rules WHERE dataset_id = ? ORDER BY id""",
            (dataset_id,),
        )
        if not include_removed:
            frame = frame[frame["removed_at"].isna()].reset_index(drop=True)
        return frame

    # -- masking again -------------------------------------------------------------
    def masking_state(self, dataset_id: int) -> tuple[int, str] | None:
        """(detector version, rules fingerprint) the dataset was last masked with, or None."""
        rows = self._query("SELECT detector, rules FROM masking_state WHERE dataset_id = ?", (dataset_id,))
        return (int(rows[0][0]), str(rows[0][1])) if rows else None

    def set_masking_state(self, dataset_id: int, detector: int, rules: str) -> None:
        # Microseconds: the stamp also keys caches of what pages show, and two maskings may share a second.
        masked_at = datetime.now(timezone.utc).isoformat(timespec="microseconds")
        with self.transaction() as conn:
            conn.execute(
                """INSERT INTO masking_state (dataset_id, detector, rules, masked_at) VALUES (?, ?, ?, ?)
                   ON CONFLICT(dataset_id) DO UPDATE SET detector = excluded.detector, rules = excluded.rules,
                   masked_at = excluded.masked_at""",
                (dataset_id, detector, rules, masked_at),
            )

    def masking_version(self, dataset_id: int) -> str:
        """Changes whenever the dataset is masked again (for caches of what pages show)."""
        rows = self._query("SELECT masked_at FROM masking_state WHERE dataset_id = ?", (dataset_id,))
        return str(rows[0][0]) if rows else ""

    def masking_sources(self, dataset_id: int) -> pd.DataFrame:
        """What masking reads, per answer: pk, answer_id, language, the original text and
        attributes (None where none was kept: stored before masking) and the current ones."""
        frame = self._frame(
            """SELECT a.pk, a.answer_id, a.language, a.raw_text, a.raw_attrs, a.text, a.attrs
               FROM answers a JOIN batches b ON b.id = a.batch_id
               WHERE b.dataset_id = ? ORDER BY a.pk""",
            (dataset_id,),
        )
        return frame

    def save_remasking(self, dataset_id: int, changed: pd.DataFrame, raw: pd.DataFrame,
                       findings: pd.DataFrame) -> None:
        """Masked text and attributes for ``changed`` answers (pk, text, attrs as JSON), the
        originals for ``raw`` ones (pk, raw_text, raw_attrs), and every finding of the dataset
        replaced by ``findings`` (answer_pk, kind, start, end, original, field); one transaction."""
        with self.transaction() as conn:
            conn.executemany(
                "UPDATE answers SET text = ?, text_hash = ?, attrs = ? WHERE pk = ?",
                zip(changed["text"].tolist(), [text_hash(t) for t in changed["text"].tolist()],
                    changed["attrs"].tolist(), [int(p) for p in changed["pk"]]),
            )
            conn.executemany(
                "UPDATE answers SET raw_text = ?, raw_attrs = ? WHERE pk = ?",
                zip(raw["raw_text"].tolist(), raw["raw_attrs"].tolist(), [int(p) for p in raw["pk"]]),
            )
            conn.execute(
                """DELETE FROM findings WHERE answer_pk IN (
                       SELECT a.pk FROM answers a JOIN batches b ON b.id = a.batch_id WHERE b.dataset_id = ?)""",
                (dataset_id,),
            )
            _insert_findings(conn, findings)


def _insert_findings(conn, findings: pd.DataFrame) -> None:
    if findings is None or not len(findings):
        return
    fields = findings["field"].tolist() if "field" in findings else [None] * len(findings)
    conn.executemany(
        "INSERT INTO findings (answer_pk, kind, start, stop, original, field) VALUES (?, ?, ?, ?, ?, ?)",
        zip([int(p) for p in findings["answer_pk"]], findings["kind"].tolist(),
            [int(v) for v in findings["start"]], [int(v) for v in findings["end"]],
            findings["original"].tolist(), [None if f is None or pd.isna(f) else str(f) for f in fields]),
    )
