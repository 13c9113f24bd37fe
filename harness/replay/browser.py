"""Find and launch Chromium: Playwright's own when installed, else the system's.

A headless replay runs in Chromium's headless shell when one is installed, as
Playwright's own route does: it renders the same pages with the same engine,
without the desktop browser's interface, and costs about a third less CPU, which
is what lets two workers share two cores (benchmarks/parallel_replays.py). A
headed replay (`--headed`) needs the desktop browser.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Error, sync_playwright

from harness.errors import ReplayError

ENV_VAR = "PARCOURS_CHROMIUM"
SYSTEM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
HEADLESS_SHELL_CANDIDATES = ("chromium-headless-shell", "chrome-headless-shell")
# The Debian packages of the system route, for `--missing` (scripts/setup.sh).
DEBIAN_PACKAGES = {"chromium": SYSTEM_CANDIDATES, "chromium-headless-shell": HEADLESS_SHELL_CANDIDATES}

# Flags that let Chromium start in containers and closed networks: no sandbox
# (root), and none of the background services that call home at start.
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    # A page gets 1 GiB of memory: replay/memory.py stops a renderer past it (array buffers
    # included, which V8's heap limit does not hold). The heap limit, above it, is a backstop
    # where that watch cannot run (no /proc).
    "--js-flags=--max-old-space-size=1536",
    # WebRTC sends no UDP but through the proxy (that is, none: the gate speaks TCP), so no
    # datagram goes around the gate; honoured by the headless shell. In every browser the
    # replay also turns WebRTC off in each document (replay/no_webrtc.js).
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
)


@dataclass(frozen=True)
class BrowserChoice:
    """Which Chromium to launch: None means Playwright's managed build."""

    executable: Path | None
    source: str  # "env", "playwright", "system" or "system headless shell"


def _system(names: tuple[str, ...]) -> Path | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def choose_browser(managed_path: str | None, headless: bool = True) -> BrowserChoice:
    """Pick the browser: $PARCOURS_CHROMIUM, then Playwright's, then the system's headless
    shell (headless runs only), then the system's desktop Chromium."""
    override = os.environ.get(ENV_VAR)
    if override:
        path = Path(override)
        if not path.is_file():
            raise ReplayError("browser_path_missing", {"path": override}, hint="install_browser")
        return BrowserChoice(path, "env")
    if managed_path and Path(managed_path).is_file():
        return BrowserChoice(None, "playwright")
    shell = _system(HEADLESS_SHELL_CANDIDATES) if headless else None
    if shell:
        return BrowserChoice(shell, "system headless shell")
    desktop = _system(SYSTEM_CANDIDATES)
    if desktop:
        return BrowserChoice(desktop, "system")
    raise ReplayError(
        "no_browser", {"detail": "neither Playwright's Chromium nor a system one"},
        hint="install_browser",
    )


@contextmanager
def launch(headed: bool = False, extra_args: Sequence[str] = ()) -> Iterator[Browser]:
    """A running Chromium, closed on exit; `extra_args` beside the replay's flags (a recording's)."""
    with sync_playwright() as playwright:
        choice = choose_browser(playwright.chromium.executable_path, headless=not headed)
        try:
            browser = playwright.chromium.launch(
                executable_path=str(choice.executable) if choice.executable else None,
                headless=not headed,
                args=[*LAUNCH_ARGS, *extra_args],
            )
        except Error as exc:
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            raise ReplayError("no_browser", {"detail": first_line}, hint="install_browser") from None
        try:
            yield browser
        finally:
            browser.close()


def missing_packages(managed_path: str | None) -> list[str]:
    """The Debian packages the system route still lacks; none when $PARCOURS_CHROMIUM or a
    Playwright-managed Chromium is used."""
    if os.environ.get(ENV_VAR) or (managed_path and Path(managed_path).is_file()):
        return []
    return [package for package, names in DEBIAN_PACKAGES.items() if _system(names) is None]


def main(argv: list[str] | None = None) -> int:
    """`python -m harness.replay.browser --check`: can a Chromium be launched here?"""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--check", action="store_true", help="launch it once and print its version")
    parser.add_argument("--missing", action="store_true",
                        help="print the Debian packages the system route lacks, one per line")
    args = parser.parse_args(argv)
    if args.missing:
        with sync_playwright() as playwright:
            managed = playwright.chromium.executable_path
        print("\n".join(missing_packages(managed)))
        return 0
    if not args.check:
        parser.print_help()
        return 2
    try:
        with sync_playwright() as playwright:
            choice = choose_browser(playwright.chromium.executable_path)
        with launch() as browser:
            where = choice.executable or "Playwright"
            print(f"Chromium {browser.version} OK ({choice.source}: {where})")
    except ReplayError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
