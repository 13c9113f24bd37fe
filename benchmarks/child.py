"""Shared pieces of the benchmarks: one side in a child process (its peak memory its own), and
alternating rounds of a baseline and Parcours compared by their medians."""

from __future__ import annotations

import multiprocessing
from queue import Empty
import resource
import statistics
from collections.abc import Callable
from typing import Any


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(target: Callable[..., None], *args: Any) -> dict:
    """Call target(*args, queue) in a child process; return what it put on the queue. A child that dies
    without answering (an exception in the benchmark) fails the benchmark instead of leaving it waiting."""
    queue: multiprocessing.Queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=target, args=(*args, queue))
    process.start()
    while True:
        try:
            result = queue.get(timeout=0.5)
            break
        except Empty:
            if not process.is_alive():
                raise SystemExit(f"benchmark side {target.__name__} stopped without a result (exit {process.exitcode})") from None
    process.join()
    return result


def alternate(rounds: int, baseline: Callable[[], float], ours: Callable[[], float]) -> tuple[list[float], list[float]]:
    """Seconds of each side, round after round, the baseline first: both see the same machine load."""
    base, mine = [], []
    for _ in range(rounds):
        base.append(baseline())
        mine.append(ours())
    return base, mine


def print_ratio(base_label: str, base: list[float], our_label: str, ours: list[float], target: float) -> None:
    b, p = statistics.median(base), statistics.median(ours)
    width = max(len(base_label), len(our_label)) + len(" (median):")
    print(f"{(base_label + ' (median):').ljust(width)}  {b:.3f} s   rounds: {', '.join(f'{x:.2f}' for x in base)}")
    print(f"{(our_label + ' (median):').ljust(width)}  {p:.3f} s   rounds: {', '.join(f'{x:.2f}' for x in ours)}")
    print(f"{'ratio:'.ljust(width)}  {p / b:.2f}x  (target <= {target:.2f}x)")
