"""Analysis runs (assignments and cluster summaries) and the append-only curation edits."""
from __future__ import annotations

import json

import pandas as pd

from .base import now_iso


def _words(row) -> tuple:
    """(name, names JSON, summary_id, summary) of a cluster row; NULLs for a table without them."""
    names = getattr(row, "names", None)
    return (
        _text_or_none(getattr(row, "name", None)),
        json.dumps(names, ensure_ascii=False, sort_keys=True) if isinstance(names, dict) else None,
        _text_or_none(getattr(row, "summary_id", None)),
        _text_or_none(getattr(row, "summary", None)),
    )


def _text_or_none(value) -> str | None:
    return value if isinstance(value, str) else None


class RunsMixin:
    # -- analysis runs ---------------------------------------------------------
    def save_run(
        self,
        dataset_id: int,
        fingerprint: str,
        settings: dict,
        info: dict,
        assignments: pd.DataFrame,
        clusters: pd.DataFrame,
    ) -> int:
        """Store one analysis: per-answer assignments and per-cluster summaries, atomically."""
        with self.transaction() as conn:
            run_id = conn.execute(
                "INSERT INTO runs (dataset_id, fingerprint, settings, info, created_at) VALUES (?, ?, ?, ?, ?)",
                (
                    dataset_id,
                    fingerprint,
                    json.dumps(settings, ensure_ascii=False, sort_keys=True),
                    json.dumps(info, ensure_ascii=False),
                    now_iso(),
                ),
            ).lastrowid
            a = assignments
            conn.executemany(
                """INSERT INTO run_answers (run_id, answer_pk, theme, topic, x, y, confidence, low_confidence)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                zip(
                    [run_id] * len(a),
                    a["pk"].astype(int).tolist(),
                    a["theme"].astype(int).tolist(),
                    a["topic"].astype(int).tolist(),
                    a["x"].astype(float).tolist(),
                    a["y"].astype(float).tolist(),
                    a["confidence"].astype(float).tolist(),
                    a["low_confidence"].astype(int).tolist(),
                ),
            )
            conn.executemany(
                """INSERT INTO run_clusters (run_id, level, cluster_id, parent, size, label, keywords, representatives,
                                             name, names, summary_id, summary)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    (
                        run_id,
                        r.level,
                        int(r.cluster_id),
                        None if pd.isna(r.parent) else int(r.parent),
                        int(r.size),
                        r.label,
                        json.dumps(list(r.keywords), ensure_ascii=False),
                        json.dumps([str(v) for v in r.representatives], ensure_ascii=False),
                        *_words(r),
                    )
                    for r in clusters.itertuples(index=False)
                ),
            )
        return run_id

    def find_run(self, dataset_id: int, fingerprint: str) -> int | None:
        rows = self._query(
            "SELECT id FROM runs WHERE dataset_id = ? AND fingerprint = ? ORDER BY id DESC LIMIT 1",
            (dataset_id, fingerprint),
        )
        return rows[0][0] if rows else None

    def latest_run(self, dataset_id: int) -> int | None:
        rows = self._query(
            "SELECT id FROM runs WHERE dataset_id = ? ORDER BY id DESC LIMIT 1", (dataset_id,)
        )
        return rows[0][0] if rows else None

    def run_stamp(self, run_id: int) -> str:
        """fingerprint@created_at: tells two runs apart even when SQLite reuses an id."""
        rows = self._query("SELECT fingerprint, created_at FROM runs WHERE id = ?", (run_id,))
        if not rows:
            raise KeyError(f"no analysis run with id {run_id}")
        return f"{rows[0][0]}@{rows[0][1]}"

    def run_dataset(self, run_id: int) -> int:
        rows = self._query("SELECT dataset_id FROM runs WHERE id = ?", (run_id,))
        if not rows:
            raise KeyError(f"no analysis run with id {run_id}")
        return int(rows[0][0])

    def load_run(self, run_id: int) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
        """(info, assignments keyed by answer pk, clusters) of a stored run."""
        rows = self._query("SELECT info FROM runs WHERE id = ?", (run_id,))
        if not rows:
            raise KeyError(f"no analysis run with id {run_id}")
        info = json.loads(rows[0][0])
        assignments = self._frame(
            """SELECT answer_pk AS pk, theme, topic, x, y, confidence, low_confidence
               FROM run_answers WHERE run_id = ? ORDER BY answer_pk""",
            (run_id,),
        )
        assignments["low_confidence"] = assignments["low_confidence"].astype(bool)
        clusters = self._frame(
            """SELECT level, cluster_id, parent, size, label, keywords, representatives, name, names, summary_id, summary
               FROM run_clusters WHERE run_id = ?
               ORDER BY CASE level WHEN 'theme' THEN 0 ELSE 1 END, cluster_id""",
            (run_id,),
        )
        clusters["keywords"] = [json.loads(v) for v in clusters["keywords"]]
        clusters["representatives"] = [json.loads(v) for v in clusters["representatives"]]
        # Runs stored before names existed hold NULL: listening.analysis fills them in on load.
        clusters["names"] = [json.loads(v) if isinstance(v, str) else {} for v in clusters["names"]]
        clusters["parent"] = clusters["parent"].astype("Int64")
        return info, assignments, clusters

    def update_run_info(self, run_id: int, extra: dict) -> None:
        with self.transaction() as conn:
            info = json.loads(conn.execute("SELECT info FROM runs WHERE id = ?", (run_id,)).fetchone()[0])
            conn.execute("UPDATE runs SET info = ? WHERE id = ?",
                         (json.dumps(info | extra, ensure_ascii=False), run_id))

    def relabel_run(self, run_id: int, topics: dict[int, int], themes: dict[int, int]) -> None:
        """Give a run's clusters other ids (old -> new, for every id), in one transaction."""
        with self.transaction() as conn:
            rows = conn.execute("SELECT answer_pk, theme, topic FROM run_answers WHERE run_id = ?", (run_id,)).fetchall()
            conn.executemany("UPDATE run_answers SET theme = ?, topic = ? WHERE run_id = ? AND answer_pk = ?",
                             [(themes[th], topics[tp], run_id, pk) for pk, th, tp in rows])
            clusters = conn.execute(
                "SELECT level, cluster_id, parent, size, label, keywords, representatives, name, names, summary_id, "
                "summary FROM run_clusters WHERE run_id = ?", (run_id,)).fetchall()
            conn.execute("DELETE FROM run_clusters WHERE run_id = ?", (run_id,))
            conn.executemany(
                """INSERT INTO run_clusters (run_id, level, cluster_id, parent, size, label, keywords, representatives,
                                             name, names, summary_id, summary)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [(run_id, level, (themes if level == "theme" else topics)[cid],
                  None if parent is None else themes[parent], size, label, kw, reps, *words)
                 for level, cid, parent, size, label, kw, reps, *words in clusters])

    # -- curation edits (append-only; undo marks, never deletes) -------------
    def copy_edits(self, from_run: int, to_run: int) -> int:
        """The active edits of one run onto another, with their authors and times (a run
        that extends another keeps its curation)."""
        with self.transaction() as conn:
            return conn.execute(
                """INSERT INTO edits (run_id, user, op, payload, created_at)
                   SELECT ?, user, op, payload, created_at FROM edits
                   WHERE run_id = ? AND undone_at IS NULL ORDER BY id""",
                (to_run, from_run)).rowcount
    def add_edit(self, run_id: int, user: str, op: str, payload: dict) -> int:
        with self.transaction() as conn:
            return conn.execute(
                "INSERT INTO edits (run_id, user, op, payload, created_at) VALUES (?, ?, ?, ?, ?)",
                (run_id, user, op, json.dumps(payload, ensure_ascii=False, sort_keys=True), now_iso()),
            ).lastrowid

    def list_edits(self, run_id: int, include_undone: bool = True) -> pd.DataFrame:
        """Edits of a run in the order they were made (who, when, what, undone when/by)."""
        frame = self._frame(
            """SELECT id, user, op, payload, created_at, undone_at, undone_by FROM edits
               WHERE run_id = ? ORDER BY id""",
            (run_id,),
        )
        frame["payload"] = [json.loads(v) for v in frame["payload"]]
        if not include_undone:
            frame = frame[frame["undone_at"].isna()].reset_index(drop=True)
        return frame

    def undo_edit(self, edit_id: int, user: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE edits SET undone_at = ?, undone_by = ? WHERE id = ? AND undone_at IS NULL",
                (now_iso(), user, edit_id),
            )
