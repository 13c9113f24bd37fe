"""Parcours' own scripts, run in a page and given up on in time.

A page's own scripts can keep it busy for ever (a loop, a handler that never returns): every read Parcours
makes of a page is therefore bounded. A locator's `evaluate` bounds only the look-up of its element, then
runs the script unbounded, at the cost of four calls to the browser (look up, adopt into the page's world,
run, release). `wait_for_function` runs the script itself under the deadline, in the page's own world, at
half that cost: it counts on a keyboard walk, which reads the page after each of its hundreds of Tab presses.

The value comes back as JSON text, a string: the handle `wait_for_function` returns then holds no object of
the page, so nothing is left to release, and its text is had without another call to the page (a third less
work a read than an object handle read and released).
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from playwright.sync_api import Frame, Page

# The script's value is JSON text, never empty, which is true at once: the polling never waits.
_POLL_MS = 100
# What JSON cannot write is written as Playwright's own serialisation gives it: `undefined` as null, NaN and
# ±Infinity as numbers. The latter travel as a string with this process's own mark, which a page cannot
# know, and are put back as the NaN and Infinity that Python's json reads.
_MARK = f"parcours-{secrets.token_hex(8)}:"
_NON_FINITE = {json.dumps(_MARK + name): name for name in ("NaN", "Infinity", "-Infinity")}


def read(target: Page | Frame, script: str, arg: Any = None, *, timeout: float) -> Any:
    """Run `script`, the source of a function `(root, arg) => value` (async or not, `root` the document's
    element, as a locator's `evaluate` would pass it), in the document's main world; return its value.
    Past `timeout` ms, Playwright's TimeoutError; an error thrown by the script is raised as it is."""
    wrapped = (f"async (arg) => JSON.stringify({{ value: await ({script})(document.documentElement, arg) }}, "
               f"(key, v) => v === undefined ? null : typeof v === 'number' && !Number.isFinite(v) ? {json.dumps(_MARK)} + v : v)")
    text = target.wait_for_function(wrapped, arg=arg, timeout=timeout, polling=_POLL_MS).json_value()
    if _MARK in text:
        for marked, name in _NON_FINITE.items():
            text = text.replace(marked, name)
    return json.loads(text)["value"]
