"""Worker pools shared by the Polars namespace and the Parquet sink.

The embedded engine is CPU-bound. Threads are enough when its native parts (OpenCV,
Tesseract, onnxruntime) release the GIL; processes are the fallback when Python-side
work dominates. `DEFAULT_KIND` records the measured choice: two threads read 1.85–2.00x as
many images per second as one (benchmarks/speed.py, nine runs), and through the sink, with
its own work on the main thread, 1.69x against 1.79x for two processes
(benchmarks/throughput.py --cards 30). One process with two threads peaked at 838 MiB on
500 files and 851 MiB on 2,000 (flat: the heap is trimmed every TRIM_EVERY documents; 750
and 720 MiB with two jobs in flight per worker) where two engine processes peak at ~1.3 GB
(benchmarks/stream_memory.py). Hence threads; `THAIID_POOL=process` switches to processes,
each worker recycled every TASKS_PER_WORKER documents.
Remote backends are I/O-bound and always use threads.
"""

from __future__ import annotations

import atexit
import functools
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Literal

PoolKind = Literal["thread", "process"]

# THAIID_POOL=thread|process overrides the measured default (benchmarks use it).
DEFAULT_KIND: PoolKind = "process" if os.environ.get("THAIID_POOL") == "process" else "thread"

# A process worker is replaced after this many documents, so that allocator growth in the
# native OCR libraries cannot make memory grow with the size of the lake.
TASKS_PER_WORKER = 100

# Jobs in flight per worker in `run_ordered`. Results come back in input order, so a slow
# document at the head fills the window while the other workers run dry. On 60 fronts and
# backs (benchmarks/throughput.py --cards 30), two workers read 1.50x (threads) and 1.62x
# (processes) as fast as one at 2 jobs per worker; 1.69x and 1.79x at 8; 16 gave no more.
WINDOW_PER_WORKER = 8

_pools: dict[tuple[str, int], Executor] = {}
_lock = threading.Lock()


def default_workers() -> int:
    """One worker per usable core."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _init_worker() -> None:
    # One engine per process: keep native libraries from oversubscribing the cores.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")


def shared_pool(workers: int, kind: PoolKind = DEFAULT_KIND) -> Executor:
    """A process-wide pool of `workers`, created once and reused across calls.

    Process pools use the ``spawn`` start method (the caller may be a Polars thread, and
    forking a multi-threaded process can deadlock) and recycle each worker after
    `TASKS_PER_WORKER` documents.
    """
    key = (kind, workers)
    with _lock:
        pool = _pools.get(key)
        if pool is None:
            if kind == "process":
                pool = ProcessPoolExecutor(
                    max_workers=workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_init_worker,
                    max_tasks_per_child=TASKS_PER_WORKER,
                )
            else:
                pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="thaiid")
            _pools[key] = pool
        return pool


def replace_pool(workers: int, kind: PoolKind = DEFAULT_KIND) -> Executor:
    """Drop the shared pool of that shape (e.g. broken by a crashed worker); return a new one."""
    with _lock:
        old = _pools.pop((kind, workers), None)
    if old is not None:
        old.shutdown(wait=False, cancel_futures=True)
    return shared_pool(workers, kind)


def _load_trim() -> Callable[[int], int] | None:
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


_malloc_trim = _load_trim()

# Documents read in this process between two heap trims. Trimming after every document
# cost ~7% of the engine's speed (the next document faults the pages back in), every 4th
# ~2% with the same flat 725 MiB peak over 600 files; every 8th let the peak creep
# (716 → 765 MiB).
TRIM_EVERY = 4
_trim_lock = threading.Lock()
_since_trim = 0


def trim_heap() -> bool:
    """Hand the heap memory glibc holds free back to the OS; False where there is no glibc."""
    if _malloc_trim is None:
        return False
    _malloc_trim(0)
    return True


def call_and_trim(fn: Callable[..., Any], *args: Any) -> Any:
    """`fn(*args)`, then every `TRIM_EVERY` calls in this process, `trim_heap()`.

    glibc keeps what a document's decoding and OCR freed, in the main heap and in one arena
    per worker thread, and fragmentation makes that grow with the lake: two engine threads
    peaked at 849 MiB on 500 files and 1,100 MiB on 2,000 untrimmed, 875 and 845 MiB
    trimmed (benchmarks/stream_memory.py).
    """
    global _since_trim
    try:
        return fn(*args)
    finally:
        with _trim_lock:
            _since_trim += 1
            due = _since_trim >= TRIM_EVERY
            if due:
                _since_trim = 0
        if due:
            trim_heap()


@dataclass
class Job:
    """One unit of `run_ordered`: call `fn(*args)`, or pass `value` through when args is None.

    `tag` travels with the job untouched (e.g. a content hash).
    """

    args: tuple | None = None
    value: Any = None
    tag: Any = None


def run_ordered(
    fn: Callable[..., Any],
    jobs: Iterable[Job],
    pool: tuple[int, PoolKind] | None,
    *,
    on_crash: Callable[[tuple], Any],
    window: int | None = None,
) -> Iterator[tuple[Job, Any]]:
    """(job, result) in input order, at most `window` jobs in flight on the shared pool
    (default: `WINDOW_PER_WORKER` per worker).

    `pool` is (workers, kind), or None to run inline. A process worker that dies (a native
    crash on a poisonous file) breaks the pool: the oldest job is then retried alone in a
    fresh pool; if it kills that one too, its result is `on_crash(args)`, and the other
    jobs are resubmitted.
    """
    executor = shared_pool(*pool) if pool else None
    if window is None:
        window = WINDOW_PER_WORKER * (pool[0] if pool else 1)
    pending: deque[list[Any]] = deque()
    fn = functools.partial(call_and_trim, fn)

    def result(entry: list[Any]) -> Any:
        nonlocal executor
        job, fut = entry
        if not isinstance(fut, Future):
            return fut
        try:
            return fut.result()
        except BrokenProcessPool:
            executor = replace_pool(*pool)  # type: ignore[misc]
            try:
                value = executor.submit(fn, *job.args).result()
            except BrokenProcessPool:
                executor = replace_pool(*pool)  # type: ignore[misc]
                value = on_crash(job.args)
            for other in pending:  # their futures died with the old pool
                if isinstance(other[1], Future):
                    other[1] = executor.submit(fn, *other[0].args)
            return value

    for job in jobs:
        if job.args is None:
            pending.append([job, job.value])
        elif executor is None:
            pending.append([job, fn(*job.args)])
        else:
            pending.append([job, executor.submit(fn, *job.args)])
        while pending and (len(pending) >= window or not isinstance(pending[0][1], Future)):
            entry = pending.popleft()
            yield entry[0], result(entry)
    while pending:
        entry = pending.popleft()
        yield entry[0], result(entry)


def shutdown_pools() -> None:
    """Stop every shared pool (also run at interpreter exit)."""
    with _lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)


atexit.register(shutdown_pools)
