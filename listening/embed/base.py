"""The embedder interface every backend follows, and the normalisation they share."""
from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np

DEFAULT_MODEL = "use-multilingual-v3"


class Embedder(Protocol):
    model_id: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """L2-normalise rows as float32 (zero rows stay zero)."""
    v = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.maximum(norms, 1e-12)
