"""Purging a dataset's original texts once the staff's review is done.

What goes: ``answers.raw_text`` and ``raw_attrs`` (the text and attribute values before masking;
replaced by the masked ones, so nothing that reads them can ever get an original back), the originals of the masking's
findings (their kinds and positions stay, so the counts per kind still add up) and the
text of dropped rows (their reasons and counts stay). The masked answers, the analysis,
the staff's edits and redactions are untouched.

SQLite keeps deleted content in free pages and in the write-ahead log until they are
reused; the purge runs with ``secure_delete`` on (freed content is overwritten with
zeros) and checkpoints the log afterwards, so the originals do not linger in the files.
"""
from __future__ import annotations


class PurgeMixin:
    def originals_left(self, dataset_id: int) -> int:
        """How many original texts the dataset still holds (answers, findings and dropped rows)."""
        return int(self._query(
            """SELECT
                 (SELECT COUNT(*) FROM answers a JOIN batches b ON b.id = a.batch_id
                  WHERE b.dataset_id = ? AND ((a.raw_text IS NOT NULL AND a.raw_text != a.text)
                                          OR (a.raw_attrs IS NOT NULL AND a.raw_attrs != a.attrs)))
               + (SELECT COUNT(*) FROM findings f JOIN answers a ON a.pk = f.answer_pk
                  JOIN batches b ON b.id = a.batch_id WHERE b.dataset_id = ? AND f.original != '')
               + (SELECT COUNT(*) FROM dropped d JOIN batches b ON b.id = d.batch_id
                  WHERE b.dataset_id = ? AND d.text IS NOT NULL)""",
            (dataset_id, dataset_id, dataset_id),
        )[0][0])

    def purge_originals(self, dataset_id: int) -> dict[str, int]:
        """Remove the dataset's original texts; {"answers", "findings", "dropped"}: rows changed."""
        batches = "SELECT id FROM batches WHERE dataset_id = ?"
        with self._lock:
            before = self._conn.execute("PRAGMA secure_delete").fetchone()[0]
            self._conn.execute("PRAGMA secure_delete = ON")
            try:
                with self.transaction() as conn:
                    answers = conn.execute(
                        f"""UPDATE answers SET raw_text = text, raw_attrs = attrs WHERE batch_id IN ({batches})
                            AND ((raw_text IS NOT NULL AND raw_text != text)
                                 OR (raw_attrs IS NOT NULL AND raw_attrs != attrs))""", (dataset_id,),
                    ).rowcount
                    findings = conn.execute(
                        f"""UPDATE findings SET original = '' WHERE original != '' AND answer_pk IN
                            (SELECT pk FROM answers WHERE batch_id IN ({batches}))""", (dataset_id,),
                    ).rowcount
                    dropped = conn.execute(
                        f"UPDATE dropped SET text = NULL WHERE text IS NOT NULL AND batch_id IN ({batches})",
                        (dataset_id,),
                    ).rowcount
            finally:
                self._conn.execute(f"PRAGMA secure_delete = {int(before)}")
            if self.path != ":memory:":
                # Copy the zeroed pages into the main file and empty the log, where the
                # earlier versions of those pages still sit (best effort while others read).
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return {"answers": answers, "findings": findings, "dropped": dropped}
