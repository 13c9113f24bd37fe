"""`parcours record URL`: a person walks the procedure in a visible Chromium; Parcours writes the scenario.

The browser is Parcours' own (a fresh profile, nothing of the person's browser), its traffic through
the gate on the allowed hosts only, WebRTC off, as in a replay. What the person does is captured in
the page (capture.js) as steps of Chrome's Recorder format; the recording ends when the person
reaches the button that sends the request (held back, unless `send`), closes the window, or presses
Ctrl+C. The steps are then imported exactly as a Chrome recording is (importer.py): walked once more
in a headless browser with fake values, each element given the locator a replay will use.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from importlib import resources
from typing import Any

from playwright.sync_api import Error, sync_playwright

from harness.errors import InputError, Location, ReplayError
from harness.recording.chrome import MAX_STEPS, Recording, read_recording
from harness.recording.importer import RECORDING_ARGS, SENDS, VIEWPORT
from harness.replay.browser import LAUNCH_ARGS, choose_browser
from harness.replay.gate import Gate
from harness.replay.watch import NO_WEBRTC
from harness.scenario.models import DEFAULT_LOCALE, DEFAULT_TIMEZONE
from harness.weburl import parse

CAPTURE = resources.files("harness.recording").joinpath("capture.js").read_text("utf-8")
POLL_MS = 200


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def capture(url: str, hosts: tuple[str, ...], *, send: bool = False, cdp_port: int | None = None,
            started: Callable[[], None] = lambda: None, timeout_ms: float = 10_000) -> Recording:
    """What the person did in a visible Chromium opened on `url`, as a checked recording."""
    parsed = parse(url)
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise InputError("recording_bad_url", {"step": 1, "url": url[:200]}, Location(field="URL"))
    if not has_display():
        raise ReplayError("record_no_display", {}, hint="record_no_display")
    allowed = tuple(dict.fromkeys((parsed.host, *hosts)))
    steps: list[dict[str, Any]] = [{"type": "navigate", "url": url}]
    state = {"done": False}

    def record(_source: Any, step: dict[str, Any]) -> None:
        """A step the page sends (the page's own code could call this too: read_recording checks them all)."""
        if isinstance(step, dict) and not state["done"]:
            steps.append(step)
            if len(steps) >= MAX_STEPS:  # a page that floods the recording ends it
                state["done"] = True
            if step.get("parcours_sends") and not send:
                state["done"] = True  # held back: the recording ends before sending

    script = CAPTURE.replace("__SENDS__", json.dumps(SENDS.pattern)).replace("__SEND_ALLOWED__", json.dumps(send))
    args = [*LAUNCH_ARGS, *RECORDING_ARGS] + ([f"--remote-debugging-port={cdp_port}"] if cdp_port else [])
    gate = Gate()
    listener = gate.open(allowed, timeout_ms / 1000)
    try:
        with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="parcours-record-") as profile:
            choice = choose_browser(playwright.chromium.executable_path, headless=False)
            try:
                context = playwright.chromium.launch_persistent_context(
                    profile, executable_path=str(choice.executable) if choice.executable else None, headless=False,
                    args=args, proxy=listener.proxy,  # type: ignore[arg-type]
                    viewport=VIEWPORT, service_workers="block", accept_downloads=False,
                    locale=DEFAULT_LOCALE, timezone_id=DEFAULT_TIMEZONE)  # as the import and the replay see the page
            except Error as exc:
                raise ReplayError("no_browser", {"detail": str(exc).strip().splitlines()[0][:300]}, hint="install_browser") from None
            context.add_init_script(script=NO_WEBRTC)
            context.add_init_script(script=script)
            context.expose_binding("__parcoursRecord", record)
            context.on("close", lambda _: state.update(done=True))
            page = context.pages[0] if context.pages else context.new_page()
            page.on("close", lambda _: state.update(done=True))
            try:
                page.goto(url, wait_until="load")
            except Error:
                pass  # the import says why the first screen could not be reached, at step 1
            started()
            try:
                while not state["done"]:
                    page.wait_for_timeout(POLL_MS)
            except (Error, KeyboardInterrupt):
                pass  # the window was closed, or Ctrl+C: what was recorded so far is kept
            try:
                context.close()
            except Error:
                pass
    finally:
        listener.close()
        gate.close()
    data = json.dumps({"title": "", "steps": steps}).encode()
    return read_recording(data, "parcours record", allowed)
