"""Runs the analysis's declared steps: progress, timings, cache keys and the worker process.

A ``Step`` names itself, its version, the earlier results it reads and the settings
it depends on. The ``Runner`` reports each step to the progress callback as it starts
and ends, records its wall time under its name (run.json ``timings``), and hands work
to the worker process (listening.embed.worker) or to a thread, redoing worker work
here if the worker died. The cache key of what a step keeps in the store
(``step_key``) hashes the data and versions it builds on with the clustering settings
of every step on the way.
"""
from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable

from listening.embed import DEFAULT_MODEL, embed_in_this_process, worker
from listening.types import AnalysisSettings

from .info import content_hash

Progress = Callable[[str, float], None]
WAIT_BACKGROUND = "wait_background"  # time the main thread waited for a thread's step


@dataclass(frozen=True)
class Step:
    """One stage of the analysis. ``inputs``: earlier steps (or data) it reads; ``settings``:
    fields of AnalysisSettings it depends on, clustering settings by their own names."""

    name: str
    version: str
    inputs: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()


def step_key(settings: AnalysisSettings, steps: tuple[Step, ...], *parts) -> str:
    """Cache key of what ``steps`` (a chain, first to last) make: ``parts`` (the data and versions
    they build on), plus the clustering settings any of them reads where those differ from
    their defaults. At the defaults nothing is added, so keys made before those were
    settings still find their results."""
    changed = settings.clustering.changed([name for step in steps for name in step.settings])
    return content_hash(*parts, changed) if changed else content_hash(*parts)


class Pending:
    """A step running elsewhere; ``result()`` waits for it and records the time."""

    def __init__(self, runner: Runner, step: Step, future: Future, redo: Callable[[], object] | None = None,
                 on_thread: bool = False) -> None:
        self._runner, self._step, self._future, self._redo, self._on_thread = runner, step, future, redo, on_thread

    @property
    def future(self) -> Future:
        """The underlying future, for work that must only wait for this step (not time it)."""
        return self._future

    def result(self):
        if self._on_thread:
            # The wait is what the analysis lost; the step's own time is what the thread spent.
            value, seconds = self._runner.run(Step(WAIT_BACKGROUND, "-"), self._future.result)
            self._runner.timings[self._step.name] = seconds
            return value
        return self._runner.run(self._step, self._worker_result)

    def _worker_result(self):
        try:
            return self._future.result()
        except Exception:  # noqa: BLE001 - BrokenProcessPool and friends: the worker was killed
            if self._redo is None:
                raise
            return self._redo()


class Runner:
    """Runs steps for one analysis (or one placement of new batches)."""

    def __init__(self, progress: Progress | None = None) -> None:
        self.timings: dict[str, float] = {}
        self._note = progress or (lambda step, done: None)
        self._threads: ThreadPoolExecutor | None = None

    def run(self, step: Step, fn, *args, **kwargs):
        """``fn(*args, **kwargs)`` as ``step``: progress at its start and end, wall time in ``timings``."""
        self._note(step.name, 0.0)
        start = time.perf_counter()
        result = fn(*args, **kwargs)
        self.timings[step.name] = round(time.perf_counter() - start, 3)
        self._note(step.name, 1.0)
        return result

    def in_thread(self, step: Step, fn, *args) -> Pending:
        """Start ``fn(*args)`` on a thread of this process (work that overlaps the worker's)."""
        if self._threads is None:
            self._threads = ThreadPoolExecutor(1, thread_name_prefix=f"listening-{step.name}")
        return Pending(self, step, self._threads.submit(_timed_call, fn, *args), on_thread=True)

    def in_worker(self, step: Step, fn, *args) -> Pending:
        """Start ``fn(*args)`` in the worker process; without a worker it runs here at once,
        and if the worker dies before answering it is redone here when waited for."""
        return Pending(self, step, submit_or_run(fn, *args), redo=lambda: fn(*args))

    def prepare_worker(self, load_model: bool, import_umap: bool) -> None:
        """Let the worker load the model and import umap while this process reads."""
        if load_model or import_umap:
            worker.submit(prepare_worker, load_model, import_umap)

    def start(self, fn, *args) -> None:
        """Queue ``fn(*args)`` in the worker, not waited for (compiling code it will need)."""
        worker.submit(fn, *args)

    def close(self) -> None:
        if self._threads is not None:
            self._threads.shutdown()
            self._threads = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def submit_or_run(fn, *args) -> Future:
    """``fn(*args)`` in the worker process, or here (done when this returns) when there is none."""
    future = worker.submit(fn, *args)
    if future is None:
        future = Future()
        future.set_result(fn(*args))
    return future


def prepare_worker(load_model: bool, import_umap: bool) -> None:
    """Runs in the worker first: load the embedding model and import umap (~3 s together)."""
    if load_model:
        embed_in_this_process(DEFAULT_MODEL, ["."])
    if import_umap:
        import umap  # noqa: F401


def _timed_call(fn, *args):
    """(result, seconds) of fn(*args): timing for work done on another thread."""
    start = time.perf_counter()
    result = fn(*args)
    return result, round(time.perf_counter() - start, 3)
