"""Shared pieces of the benchmarks: one side in a child process (its peak memory its own), and
alternating rounds of a baseline and Parcours compared by their medians."""

from __future__ import annotations

import multiprocessing
from queue import Empty
import resource
import shutil
import statistics
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from harness.cli import demo_scenarios


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


@contextmanager
def demo_folder(screens: int | None) -> Iterator[Path]:
    """The demo's scenarios folder; with `screens`, a copy of it whose scenarios stop after their first
    `screens` screens (the suite's small size: the same code paths over fewer pages)."""
    if screens is None:
        yield demo_scenarios()
        return
    from ruamel.yaml import YAML

    yaml = YAML()
    with tempfile.TemporaryDirectory(prefix="parcours-bench-") as tmp:
        folder = Path(tmp) / "scenarios"
        shutil.copytree(demo_scenarios(), folder)
        for path in folder.glob("*.yaml"):
            data = yaml.load(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and "steps" in data:
                data["steps"] = data["steps"][:screens]
                with path.open("w", encoding="utf-8") as out:
                    yaml.dump(data, out)
        yield folder
