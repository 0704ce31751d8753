"""Sentence embedders behind one small interface.

An embedder is anything with ``model_id`` and ``embed(texts) -> ndarray`` returning
L2-normalised float32 rows. Backends import their heavy dependencies lazily, so
``import listening`` works without them.
"""
from .backends import embed_in_this_process, get_embedder, loaded_embedder
from .base import DEFAULT_MODEL, Embedder, normalise_rows
from .shared import embed_shared, embed_with_cache

__all__ = ["DEFAULT_MODEL", "Embedder", "embed_in_this_process", "embed_shared", "embed_with_cache", "get_embedder",
           "loaded_embedder", "normalise_rows"]
