"""Datasets, batches (one imported file each), answers and dropped rows."""
from __future__ import annotations

import json

import pandas as pd

from listening.types import Answers, RawTable

from .base import now_iso, text_hash


class BatchesMixin:
    # -- datasets and batches --------------------------------------------------
    def dataset_id(self, name: str) -> int | None:
        rows = self._query("SELECT id FROM datasets WHERE name = ?", (name,))
        return rows[0][0] if rows else None

    def dataset_name(self, dataset_id: int) -> str:
        rows = self._query("SELECT name FROM datasets WHERE id = ?", (dataset_id,))
        if not rows:
            raise KeyError(f"no dataset with id {dataset_id}")
        return rows[0][0]

    def list_datasets(self) -> pd.DataFrame:
        """Datasets with their batch and answer counts, newest first."""
        return self._frame(
            """SELECT d.id, d.name, d.created_at,
                      COUNT(DISTINCT b.id) AS batches,
                      COALESCE(SUM(b.n_kept), 0) AS answers
               FROM datasets d LEFT JOIN batches b ON b.dataset_id = d.id
               GROUP BY d.id ORDER BY d.id DESC"""
        )

    def list_batches(self, dataset_id: int) -> pd.DataFrame:
        frame = self._frame(
            """SELECT id, name, filename, kind, encoding, n_in, n_kept, n_dropped,
                      drop_counts, input_hash, columns, created_at,
                      COALESCE(collected_on, substr(created_at, 1, 10)) AS collected_on
               FROM batches WHERE dataset_id = ? ORDER BY id""",
            (dataset_id,),
        )
        frame["drop_counts"] = [json.loads(v) for v in frame["drop_counts"]]
        frame["columns"] = [json.loads(v) for v in frame["columns"]]
        return frame

    def batch_record(self, batch_id: int) -> dict | None:
        """One batch's dataset_id, name, filename, kind, n_kept and collected_on; None when there is none."""
        frame = self._frame(
            """SELECT id, dataset_id, name, filename, kind, n_kept,
                      COALESCE(collected_on, substr(created_at, 1, 10)) AS collected_on
               FROM batches WHERE id = ?""", (batch_id,))
        return None if frame.empty else {k: (v.item() if hasattr(v, "item") else v)
                                         for k, v in frame.iloc[0].to_dict().items()}

    def update_batch(self, batch_id: int, name: str, collected_on: str) -> None:
        """Set a batch's name and survey date (ISO); its answers and the runs that used them stay."""
        with self.transaction() as conn:
            conn.execute("UPDATE batches SET name = ?, collected_on = ? WHERE id = ?", (name, collected_on, batch_id))

    def find_batch(self, dataset_id: int, input_hash: str, columns: dict) -> int | None:
        """The batch that already holds this exact file with these column choices, if any."""
        rows = self._query(
            "SELECT id FROM batches WHERE dataset_id = ? AND input_hash = ? AND columns = ?",
            (dataset_id, input_hash, json.dumps(columns, ensure_ascii=False, sort_keys=True)),
        )
        return rows[0][0] if rows else None

    def add_batch(
        self,
        dataset_name: str,
        table: RawTable,
        answers: Answers,
        columns: dict,
        name: str | None = None,
        findings: pd.DataFrame | None = None,
        collected_on: str | None = None,
        reuse_existing: bool = False,
    ) -> tuple[int, int]:
        """Store a file's answers as a new batch (creating the dataset on first use).

        ``answers.kept`` may carry ``raw_text`` beside the masked ``text`` (and ``raw_attrs``,
        the original attributes as JSON), and ``findings`` (answer_id, kind, start, end,
        original, optional field) what masking found.
        All or nothing: the dataset row, the batch, its answers, findings and dropped
        rows commit together. ``collected_on``: the wave's date (ISO), default the
        import date. ``reuse_existing``: if the dataset already holds this file with
        these columns, return that batch instead of adding it again. Returns
        (dataset_id, batch_id).
        """
        kept = answers.kept
        attrs = list(answers.attributes)
        attr_json = _attrs_json(kept, attrs)
        hashes = [text_hash(t) for t in kept["text"].tolist()]
        created = now_iso()
        with self.transaction() as conn:
            row = conn.execute("SELECT id FROM datasets WHERE name = ?", (dataset_name,)).fetchone()
            if row:
                dataset_id = row[0]
                # Two sessions uploading the same file at once both pass a find_batch made
                # before this transaction; under the write lock the second finds the first's.
                same = conn.execute(
                    "SELECT id FROM batches WHERE dataset_id = ? AND input_hash = ? AND columns = ?",
                    (dataset_id, table.input_hash, json.dumps(columns, ensure_ascii=False, sort_keys=True)),
                ).fetchone() if reuse_existing else None
                if same:
                    return dataset_id, same[0]
            else:
                dataset_id = conn.execute(
                    "INSERT INTO datasets (name, created_at) VALUES (?, ?)", (dataset_name, created)
                ).lastrowid
            batch_id = conn.execute(
                """INSERT INTO batches (dataset_id, name, filename, kind, input_hash, encoding,
                       columns, n_in, n_kept, n_dropped, drop_counts, created_at, collected_on)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    dataset_id,
                    name or table.filename,
                    table.filename,
                    table.kind,
                    table.input_hash,
                    table.encoding,
                    json.dumps(columns, ensure_ascii=False, sort_keys=True),
                    answers.n_in,
                    len(kept),
                    len(answers.dropped),
                    json.dumps(answers.drop_counts(), ensure_ascii=False),
                    created,
                    collected_on or created[:10],
                ),
            ).lastrowid
            conn.executemany(
                """INSERT INTO answers (batch_id, answer_id, respondent_id, question, source, row,
                       text, language, text_hash, attrs, raw_text, raw_attrs)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                zip(
                    [batch_id] * len(kept),
                    kept["answer_id"].astype(str).tolist(),
                    kept["respondent_id"].astype(str).tolist(),
                    kept["question"].astype(str).tolist(),
                    kept["source"].astype(str).tolist(),
                    [int(r) for r in kept["row"].tolist()],
                    kept["text"].tolist(),
                    kept["language"].tolist(),
                    hashes,
                    attr_json,
                    kept["raw_text"].tolist() if "raw_text" in kept else [None] * len(kept),
                    kept["raw_attrs"].tolist() if "raw_attrs" in kept else [None] * len(kept),
                ),
            )
            if findings is not None and len(findings):
                fields = findings["field"].tolist() if "field" in findings else [None] * len(findings)
                conn.executemany(
                    """INSERT INTO findings (answer_pk, kind, start, stop, original, field)
                       SELECT pk, ?, ?, ?, ?, ? FROM answers WHERE batch_id = ? AND answer_id = ?""",
                    zip(findings["kind"].tolist(), [int(v) for v in findings["start"]],
                        [int(v) for v in findings["end"]], findings["original"].tolist(),
                        [_none(f) for f in fields],
                        [batch_id] * len(findings), findings["answer_id"].astype(str).tolist()),
                )
            dropped = answers.dropped
            conn.executemany(
                "INSERT INTO dropped (batch_id, row, respondent_id, question, reason, text) VALUES (?, ?, ?, ?, ?, ?)",
                zip(
                    [batch_id] * len(dropped),
                    [None if pd.isna(r) else int(r) for r in dropped["row"].tolist()],
                    [_none(v) for v in dropped["respondent_id"].tolist()],
                    [_none(v) for v in dropped["question"].tolist()],
                    dropped["reason"].astype(str).tolist(),
                    [_none(v) for v in dropped["text"].tolist()],
                ),
            )
        return dataset_id, batch_id

    def remove_batch(self, batch_id: int) -> None:
        """Delete a batch with its answers, dropped rows and any run that used them."""
        with self.transaction() as conn:
            conn.execute(
                """DELETE FROM runs WHERE id IN (
                       SELECT DISTINCT ra.run_id FROM run_answers ra
                       JOIN answers a ON a.pk = ra.answer_pk WHERE a.batch_id = ?)""",
                (batch_id,),
            )
            conn.execute("DELETE FROM batches WHERE id = ?", (batch_id,))

    def load_answers(self, dataset_id: int) -> pd.DataFrame:
        """All kept answers of a dataset, one column per attribute, in import order."""
        frame = self._frame(
            """SELECT a.pk, a.answer_id, a.respondent_id, a.question, a.source, a.row,
                      a.text, a.language, a.text_hash, a.batch_id, a.attrs
               FROM answers a JOIN batches b ON b.id = a.batch_id
               WHERE b.dataset_id = ? ORDER BY a.pk""",
            (dataset_id,),
        )
        attrs = pd.DataFrame([json.loads(v) for v in frame.pop("attrs")], index=frame.index)
        return pd.concat([frame, attrs], axis=1)

    def attribute_names(self, dataset_id: int) -> list[str]:
        """Attribute columns in the order the batches declared them."""
        names: list[str] = []
        for cols in self.list_batches(dataset_id)["columns"]:
            for name in cols.get("attributes", []):
                if name not in names:
                    names.append(name)
        return names

    def load_dropped(self, dataset_id: int) -> pd.DataFrame:
        return self._frame(
            """SELECT b.name AS batch, d.row, d.respondent_id, d.question, d.reason, d.text
               FROM dropped d JOIN batches b ON b.id = d.batch_id
               WHERE b.dataset_id = ? ORDER BY b.id, d.row""",
            (dataset_id,),
        )


def _none(value):
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _attrs_json(kept: pd.DataFrame, attrs: list[str]) -> list[str]:
    if not attrs:
        return ["{}"] * len(kept)
    values = kept[attrs].astype(object).where(kept[attrs].notna(), None)
    return [
        json.dumps({k: v for k, v in zip(attrs, row) if v is not None}, ensure_ascii=False)
        for row in values.itertuples(index=False, name=None)
    ]
