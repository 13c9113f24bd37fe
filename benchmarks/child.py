"""Run one side of a benchmark in a child process, so that its peak memory is its own."""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Callable
from typing import Any


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(target: Callable[..., None], *args: Any) -> dict:
    """Call target(*args, queue) in a child process; return what it put on the queue."""
    queue: multiprocessing.Queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result
