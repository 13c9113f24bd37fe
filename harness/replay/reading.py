"""Parcours' own scripts, run in a page and given up on in time.

A page's own scripts can keep it busy for ever (a loop, a handler that never returns): every read Parcours
makes of a page is therefore bounded. A locator's `evaluate` bounds only the look-up of its element, then
runs the script unbounded, at the cost of four calls to the browser (look up, adopt into the page's world,
run, release). `wait_for_function` runs the script itself under the deadline, in the page's own world, at
half that cost: it counts on a keyboard walk, which reads the page after each of its hundreds of Tab presses.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Error, Frame, JSHandle, Page

# The script's value is wrapped in an object, which is true at once: the polling never waits.
_POLL_MS = 100


def read(target: Page | Frame, script: str, arg: Any = None, *, timeout: float) -> Any:
    """Run `script`, the source of a function `(root, arg) => value` (async or not, `root` the document's
    element, as a locator's `evaluate` would pass it), in the document's main world; return its value.
    Past `timeout` ms, Playwright's TimeoutError; an error thrown by the script is raised as it is."""
    wrapped = f"async (arg) => ({{ value: await ({script})(document.documentElement, arg) }})"
    handle = target.wait_for_function(wrapped, arg=arg, timeout=timeout, polling=_POLL_MS)
    try:
        return handle.json_value()["value"]
    finally:
        _release(handle)


def _release(handle: JSHandle) -> None:
    try:
        handle.dispose()
    except Error:
        pass  # its document is gone, and the handle with it
