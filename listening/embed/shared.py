"""Embedding a dataset: through the store's cache, with the worker process sharing the work."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import numpy as np

from . import worker
from .backends import embed_in_this_process
from .base import DEFAULT_MODEL, Embedder

if TYPE_CHECKING:
    from listening.store import Store

Progress = Callable[[str, float], None]


def embed_with_cache(
    store: "Store", embedder: Embedder, texts: list[str], hashes: list[str], progress: Progress | None = None,
    chunk: int = 400,
) -> tuple[np.ndarray, int]:
    """Vectors for texts, embedding only those not cached under (model id, text hash)."""
    cached = store.get_embeddings(embedder.model_id, hashes)
    missing = [i for i, h in enumerate(hashes) if h not in cached]
    todo = list(dict.fromkeys(hashes[i] for i in missing))
    if todo:
        first = {h: i for i, h in reversed(list(enumerate(hashes)))}
        report = (lambda d, t: progress("embed", d / t)) if progress else None
        vectors = embed_shared(embedder, [texts[first[h]] for h in todo], report, chunk=chunk)
        store.put_embeddings(embedder.model_id, todo, vectors)
        cached.update(zip(todo, vectors))
    if not hashes:
        return np.zeros((0, 512), dtype=np.float32), 0
    out = np.empty((len(hashes), len(cached[hashes[0]])), dtype=np.float32)
    for i, h in enumerate(hashes):
        out[i] = cached[h]
    return out, len(todo)


def embed_shared(embedder: Embedder, texts: list[str], report=None, chunk: int = 400) -> np.ndarray:
    """Embed on this core and, for the bundled model, on the worker process's core too.

    Texts are sorted by length and cut into chunks; this process takes chunks from the
    short end, the worker from the long end, one at a time, so neither waits for the
    other. A chunk the worker has not started when this process runs out of work is
    taken back; one it fails on is redone here.
    """
    n = len(texts)
    if n < 3 * chunk or embedder.model_id != DEFAULT_MODEL:
        return embedder.embed(texts, progress=report)
    order = np.argsort([len(t) for t in texts], kind="stable")
    chunks = [order[i : i + chunk] for i in range(0, n, chunk)]
    out = np.zeros((n, 512), dtype=np.float32)
    lo, hi, done = 0, len(chunks), 0
    pending = None  # (future, chunk index) running in the worker

    def here(ci: int) -> None:
        out[chunks[ci]] = embedder.embed([texts[i] for i in chunks[ci]])

    while lo < hi or pending is not None:
        if pending is not None and (pending[0].done() or lo >= hi):
            future, ci = pending
            pending = None
            if lo >= hi and future.cancel():
                here(ci)
            else:
                try:
                    out[chunks[ci]] = future.result()
                except Exception:  # noqa: BLE001 - worker died or failed: do the chunk here
                    here(ci)
            done += len(chunks[ci])
        if pending is None and lo < hi - 1:
            future = worker.submit(embed_in_this_process, DEFAULT_MODEL, [texts[i] for i in chunks[hi - 1]])
            if future is not None:
                hi -= 1
                pending = (future, hi)
        if lo < hi:
            here(lo)
            done += len(chunks[lo])
            lo += 1
        if report:
            report(done, n)
    return out
