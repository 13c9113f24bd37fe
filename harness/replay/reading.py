"""Parcours' own scripts, run in a page and given up on in time.

A page's own scripts can keep it busy for ever (a loop, a handler that never returns): every read Parcours
makes of a page is therefore bounded. A locator's `evaluate` bounds only the look-up of its element, then
runs the script unbounded, at the cost of four calls to the browser (look up, adopt into the page's world,
run, release). `wait_for_function` runs the script itself under the deadline, in the page's own world, at
half that cost: it counts on a keyboard walk, which reads the page after each of its hundreds of Tab presses.

The value comes back as JSON text, a string: the handle `wait_for_function` returns then holds no object of
the page, so nothing is left to release, and its text is had without another call to the page (a quarter less
work a read, 7.2 -> 5.5 ms of CPU, than an object's handle read and released).
"""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Error, Frame, Page

# The script's value is JSON text, never empty, which is true at once: the polling never waits.
_POLL_MS = 100
# The value is written as JSON by Parcours' own walk of it, not by JSON.stringify on the whole: a page's
# `toJSON` on every array or object (Prototype.js gives arrays one) would change what came back. As in
# Playwright's own serialisation, only an object with no keys of its own is asked its toJSON (a DOMRect, a
# Date). Strings are escaped by JSON.stringify, which asks no `toJSON` of a string. What JSON cannot write is written as
# Playwright's own serialisation gives it: `undefined` as null, NaN and ±Infinity as the bare tokens Python's
# json reads as numbers.
_TO_JSON = """(value) => {
  const write = (v, own = false) => {  // own: a toJSON's answer, taken as it is
    if (v === null || v === undefined || typeof v === "function" || typeof v === "symbol") return "null";
    if (typeof v === "number") return String(v);  // NaN, Infinity, -Infinity: tokens Python's json reads
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "string") return JSON.stringify(v);
    if (typeof v === "bigint") return String(v);
    if (Array.isArray(v)) return "[" + Array.prototype.map.call(v, (item) => write(item)).join(",") + "]";
    const keys = Object.keys(v);
    if (!keys.length && !own && typeof v.toJSON === "function") {  // a DOMRect, a Date: as Playwright would
      try { return write(v.toJSON(), true); } catch (e) { return "{}"; }
    }
    return "{" + keys.map((k) => JSON.stringify(k) + ":" + write(v[k])).join(",") + "}";
  };
  return write({ value });
}"""


def read(target: Page | Frame, script: str, arg: Any = None, *, timeout: float) -> Any:
    """Run `script`, the source of a function `(root, arg) => value` (async or not, `root` the document's
    element, as a locator's `evaluate` would pass it), in the document's main world; return its value.
    Past `timeout` ms, Playwright's TimeoutError; an error thrown by the script is raised as it is."""
    wrapped = f"async (arg) => ({_TO_JSON})(await ({script})(document.documentElement, arg))"
    text = target.wait_for_function(wrapped, arg=arg, timeout=timeout, polling=_POLL_MS).json_value()
    if not isinstance(text, str):
        raise Error(f"unreadable answer from the page: {type(text).__name__}")
    try:  # the page's own scripts share the world the read runs in: one that replaced JSON's own methods
        answer = json.loads(text)  # is answered with a failure of the step, as a page error is
    except ValueError:
        raise Error("unreadable answer from the page: not JSON") from None
    if not isinstance(answer, dict) or "value" not in answer:
        raise Error("unreadable answer from the page: not a value")
    return answer["value"]
