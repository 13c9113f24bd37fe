"""Every benchmark runs here at a small size, so that a change cannot break one unseen: each must finish
and print its ratio. No timing is asserted (benchmarks measure; tests do not)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).parents[2] / "benchmarks"

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("script", "args", "says"), [
    ("committee_report.py", ["--procedures", "3", "--sessions", "60"], "ratio:"),
    ("panel_import.py", ["--sessions", "60"], "ratio (time):"),
    ("replay_overhead.py", ["--rounds", "1", "--no-warm-up", "--screens", "2"], "ratio:"),
    ("checks_cost.py", ["--rounds", "1", "--no-warm-up", "--latest-only", "--no-rural", "--screens", "2"], "ratio:"),
    # the app with two processes (parcours serve --workers 2): the longer path, started once
    ("app_load.py", ["--facilitators", "2", "--saves", "3", "--pace", "0.1", "--workers", "2"], "ratio to the bare endpoint:"),
    ("parallel_replays.py", ["--pairs", "2", "--latency-ms", "20", "--realistic-only", "--screens", "2"], "throughput ratio:"),
], ids=lambda value: value if isinstance(value, str) and value.endswith(".py") else "")
def test_the_benchmark_runs_at_a_small_size_and_prints_its_ratio(script: str, args: list[str], says: str) -> None:
    result = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], cwd=BENCHMARKS, capture_output=True,
                            text=True, timeout=300)
    print(result.stdout[-600:])
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert says in result.stdout
