"""One long-lived helper process for heavy steps that can run beside the main one.

On 2 cores the analysis keeps both busy: the worker compiles UMAP, then takes a
share of the embedding, then lays out the map while the main process clusters
and labels. Separate processes do not fight over the GIL. In the app (a
long-running server) the worker and its loaded model and compiled code live on.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
import types
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager

_pool: ProcessPoolExecutor | None = None
_lock = threading.Lock()
_main_lock = threading.Lock()  # see _plain_main


def _get() -> ProcessPoolExecutor | None:
    global _pool
    with _lock:
        if _pool is None:
            try:
                _pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_watch_parent, initargs=(os.getpid(),))
            except (OSError, ValueError):  # no subprocesses allowed here: callers run in-process
                return None
        return _pool


def _watch_parent(parent: int) -> None:
    """In the worker: exit when the main process is gone (killed, out of memory), so a
    crashed server leaves no 500 MB orphan holding the model."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="listening-parent-watch").start()


def submit(fn, *args) -> Future | None:
    """Run ``fn(*args)`` in the worker; None if no worker can be had (run it yourself then)."""
    global _pool
    pool = _get()
    if pool is None:
        return None
    try:
        with _plain_main():  # the worker process is started inside the first submit
            return pool.submit(fn, *args)
    except RuntimeError:  # broken (killed, out of memory) or shut down: start afresh next time
        with _lock:
            _pool = None
        return None


@contextmanager
def _plain_main() -> Iterator[None]:
    """A spawned process first runs the file of the parent's ``__main__`` module. Inside the
    app that module is Streamlit's stand-in for the page script (app.py), which cannot run
    outside Streamlit: the worker died on start and every step fell back to one process.
    While the worker starts, ``__main__`` is an empty module, so the child runs nothing.
    One thread at a time, so a swap never saves another thread's stand-in as the original."""
    with _main_lock:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            if main is not None:
                sys.modules["__main__"] = main
