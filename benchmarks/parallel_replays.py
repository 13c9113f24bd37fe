"""Throughput of parallel replays: 8 scenario × profile pairs (the demo's two versions under the four
profiles) replayed by one worker and by two, in the same run, alternating rounds; prints the
throughput ratio and each worker's peak memory. Target: at least 1.6× with two workers on a
2-core machine.

Two servers are measured. A real procedure's server takes time to answer: each page and form
answer of the "realistic" server waits `--latency-ms` (300 ms by default, a modest figure for a
public service's pages, which build each answer from a database and often an identity check)
before it is sent; static files are served at once. That is what parallel replays win back, and
the target applies to it. The local server answers at once: the replays are then bound by the
CPU (Chromium renders, runs axe-core, walks by keyboard), which caps the ratio on two cores at
what one replay leaves idle; it is printed too, so that a change to Parcours's own cost shows.
The browser is printed: Chromium's headless shell, which headless replays take when installed,
leaves about a third more CPU idle than the desktop browser (PARCOURS_CHROMIUM to compare).

The demo site is served from a process of its own, so that serving it does not compete with the
replays for this process. Rounds alternate so that both sides see the same machine load.

    python benchmarks/parallel_replays.py [--rounds 1] [--latency-ms 300] [--pairs 8] [--realistic-only] [--screens N]

The test suite runs it small (`--pairs 2 --latency-ms 20 --realistic-only --screens 2`): a check that it
still runs, not a figure.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from child import demo_folder
from playwright.sync_api import sync_playwright

from harness.replay.browser import choose_browser
from harness.replay.campaign import Settings, pairs_of
from harness.runs.parallel import run_parallel
from harness.replay.profiles import PROFILES
from harness.scenario.loader import load_all

PROFILE_NAMES = ("desktop", "mobile", "keyboard", "zoom200")


def serve(port_queue: multiprocessing.Queue, latency_ms: int) -> None:  # type: ignore[type-arg]
    import asyncio

    from harness.demo.app import create_app
    from harness.webserver import BackgroundServer

    app = create_app()

    async def answering(scope, receive, send):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN202
        if scope["type"] == "http" and not scope["path"].startswith("/static"):  # pages and form answers
            await asyncio.sleep(latency_ms / 1000)
        await app(scope, receive, send)

    with BackgroundServer(answering) as site:
        port_queue.put(site.url)
        while True:
            time.sleep(3600)


def one_round(base_url: str, scenarios: Path, workers: int, count: int = 8) -> tuple[float, dict[int, tuple[int, int]]]:
    loaded, problems = load_all([scenarios])
    assert not problems, problems
    pairs = pairs_of(loaded, [PROFILES[p] for p in PROFILE_NAMES])[:count]
    assert len(pairs) == count
    memory: dict[int, tuple[int, int]] = {}
    with tempfile.TemporaryDirectory() as runs:
        start = time.perf_counter()
        records, _ = run_parallel(pairs, Settings("banc", base_url, allow_irreversible=True), Path(runs), workers, memory=memory)
        seconds = time.perf_counter() - start
    assert len(records) == count, len(records)
    return seconds, memory


def measure(latency_ms: int, rounds: int, scenarios: Path,
            count: int = 8) -> tuple[list[float], list[float], dict[int, tuple[int, int]]]:
    """Seconds per round with one worker and with two, and the two workers' peak memory."""
    context = multiprocessing.get_context("spawn")
    urls = context.Queue()
    server = context.Process(target=serve, args=(urls, latency_ms), daemon=True)
    server.start()
    base_url = urls.get(timeout=60)
    one, two, peaks = [], [], {}
    try:
        for _ in range(rounds):
            one.append(one_round(base_url, scenarios, 1, count)[0])
            seconds, peaks = one_round(base_url, scenarios, 2, count)
            two.append(seconds)
    finally:
        server.terminate()
    return one, two, peaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--latency-ms", type=int, default=300, help="the realistic server's answer time")
    parser.add_argument("--pairs", type=int, default=8, help="scenario × profile pairs per round (8: all the demo's)")
    parser.add_argument("--realistic-only", action="store_true", help="measure the realistic server alone")
    parser.add_argument("--screens", type=int, default=None,
                        help="each scenario's first N screens only (the test suite's small size)")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}")
    with sync_playwright() as playwright:
        choice = choose_browser(playwright.chromium.executable_path)
    print(f"browser: {choice.source} ({choice.executable or 'Playwright'})")
    servers = [(f"realistic server ({args.latency_ms} ms per page)", args.latency_ms)]
    if not args.realistic_only:
        servers.append(("local server (0 ms)", 0))
    n = args.pairs
    for label, latency in servers:
        with demo_folder(args.screens) as scenarios:
            one, two, peaks = measure(latency, args.rounds, scenarios, n)
        a, b = statistics.median(one), statistics.median(two)
        print(f"{label}, {n} pairs:")
        print(f"  1 worker  (median): {a:.2f} s  rounds: {', '.join(f'{x:.2f}' for x in one)}  ({n / a:.2f} pairs/s)")
        print(f"  2 workers (median): {b:.2f} s  rounds: {', '.join(f'{x:.2f}' for x in two)}  ({n / b:.2f} pairs/s)")
        target = "  (target >= 1.60x)" if latency else "  (bound by the CPU: no target)"
        print(f"  throughput ratio: {a / b:.2f}x{target}")
        for number, (own, child) in sorted(peaks.items()):
            print(f"  worker {number}: peak memory {own / 1024:.0f} MiB (Python), "
                  f"{child / 1024:.0f} MiB (largest child: driver or Chromium)")


if __name__ == "__main__":
    sys.exit(main())
