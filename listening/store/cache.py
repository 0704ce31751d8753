"""Embedding cache by (model id, text hash) and artefacts by fingerprint (npz or JSON, never pickle)."""
from __future__ import annotations

import io
import json
from typing import Sequence

import numpy as np

from .base import now_iso


class CacheMixin:
    # -- embedding cache -------------------------------------------------------
    def get_embeddings(self, model_id: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        """Cached vectors for the given text hashes (missing ones are simply absent)."""
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        with self._lock, self._busy_as_store_busy():
            for start in range(0, len(unique), 900):
                chunk = unique[start : start + 900]
                marks = ",".join("?" * len(chunk))
                for h, blob in self._conn.execute(
                    f"SELECT text_hash, vector FROM embeddings WHERE model_id = ? AND text_hash IN ({marks})",
                    [model_id, *chunk],
                ):
                    found[h] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_embeddings(self, model_id: str, hashes: Sequence[str], vectors: np.ndarray) -> None:
        vectors = np.asarray(vectors, dtype=np.float32)
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO embeddings (model_id, text_hash, vector) VALUES (?, ?, ?)",
                ((model_id, h, vectors[i].tobytes()) for i, h in enumerate(hashes)),
            )

    # -- artefacts: arrays and JSON keyed by fingerprint (never pickle) -------
    def get_arrays(self, key: str) -> dict[str, np.ndarray] | None:
        rows = self._query("SELECT data FROM artefacts WHERE key = ?", (key,))
        if not rows:
            return None
        with np.load(io.BytesIO(rows[0][0]), allow_pickle=False) as npz:
            return {name: npz[name] for name in npz.files}

    def put_arrays(self, key: str, **arrays: np.ndarray) -> None:
        buf = io.BytesIO()
        np.savez(buf, **{k: np.ascontiguousarray(v) for k, v in arrays.items()})
        self._put_blob(key, buf.getvalue())

    def get_json(self, key: str):
        rows = self._query("SELECT data FROM artefacts WHERE key = ?", (key,))
        return json.loads(rows[0][0].decode("utf-8")) if rows else None

    def put_json(self, key: str, value) -> None:
        self._put_blob(key, json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def _put_blob(self, key: str, data: bytes) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO artefacts (key, data, created_at) VALUES (?, ?, ?)",
                (key, data, now_iso()),
            )
