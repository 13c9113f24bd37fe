"""What Parcours's own checks cost: the demo's replays with them against the same replays without them.

The checks are what axe-core alone does not do: the page facts beyond effort
counts (error states, focus, typed values, links, headings, tables), axe's
extra rules, the keyboard profile's walk of each screen's tab sequence, and
the procedure checks computed from the records. Both sides replay the demo's
two versions under the desktop and keyboard profiles, in this process, in the
same Chromium, alternating rounds; the median of each is compared.
Target: the checks add at most 30 % (ratio ≤ 1.30×). The checks include WCAG 2.2's
journey facts and, on a screen whose page sets a timer within 20 minutes, the
time-limit probe. The rural profile's own time (slow 4G, processor slowed four
times while the page works) is measured after, apart: a slowed network is what it
measures, not a cost.

    python benchmarks/checks_cost.py [--rounds 3] [--no-warm-up] [--latest-only] [--no-rural] [--screens N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from child import alternate, demo_folder, print_ratio

from harness.analysis.procedure_checks import check_procedure
from harness.analysis.sources import version_order
from harness.demo.app import create_app
from harness.replay.campaign import BrowserSession, Settings, run_campaign
from harness.replay.profiles import PROFILES
from harness.scenario.loader import load_all
from harness.webserver import BackgroundServer

PROFILE_NAMES = ("desktop", "keyboard")


def one_round(session: BrowserSession, base_url: str, scenarios: Path, checks: bool,
              profiles: tuple[str, ...] = PROFILE_NAMES, latest_only: bool = False) -> tuple[float, int]:
    """Seconds for every demo scenario (or its latest version alone) under every profile, and the screens recorded."""
    loaded, problems = load_all([scenarios])
    assert not problems, problems
    if latest_only:
        loaded = [max(loaded, key=lambda item: version_order(item.scenario.version))]
    start = time.perf_counter()
    records = run_campaign(loaded, [PROFILES[p] for p in profiles], Settings("banc", base_url, checks=checks), [], session)
    if checks:
        for record in records:
            check_procedure(record)
    elapsed = time.perf_counter() - start
    return elapsed, sum(1 for r in records for s in r.steps if s.effort is not None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-warm-up", action="store_true",
                        help="skip the warm-up round (only to check the benchmark runs: its figure is then rough)")
    parser.add_argument("--latest-only", action="store_true",
                        help="replay the demo's improved version alone (the test suite's small size)")
    parser.add_argument("--no-rural", action="store_true",
                        help="leave out the rural profile's time, for information (the test suite's small size)")
    parser.add_argument("--screens", type=int, default=None,
                        help="each scenario's first N screens only (the test suite's small size)")
    args = parser.parse_args()
    latest = args.latest_only
    with BackgroundServer(create_app()) as server, BrowserSession() as session, demo_folder(args.screens) as folder:
        def replay(checks: bool, profiles: tuple[str, ...] = PROFILE_NAMES, only: bool = latest) -> float:
            return one_round(session, server.url, folder, checks, profiles, only)[0]

        screens = 0
        if not args.no_warm_up:
            _, screens = one_round(session, server.url, folder, True, latest_only=latest)  # warm-up: browser start, page caches
        without, with_checks = alternate(args.rounds, lambda: replay(False), lambda: replay(True))
        desktop, rural = ([], []) if args.no_rural else alternate(
            args.rounds, lambda: replay(True, ("desktop",), True), lambda: replay(True, ("rural",), True))
    which = "the demo's improved version" if latest else "the demo's scenarios"
    print(f"replays per round: {len(PROFILE_NAMES)} profiles × {which}{f', {screens} screens' if screens else ''}")
    print_ratio("without checks", without, "with checks", with_checks, 1.30)
    if rural:
        print("\nthe rural profile's own time, apart, on the demo's improved version (slow 4G, processor ×4; no target: "
              "the slowness is what it measures)")
        print(f"desktop (median): {statistics.median(desktop):.3f} s   rural (median): {statistics.median(rural):.3f} s   "
              f"ratio: {statistics.median(rural) / statistics.median(desktop):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
