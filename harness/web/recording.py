"""A coordinator brings a procedure in without the command line: a Chrome recording uploaded, the
scenario back as a zip (the scenario, its fake identity, its fake documents), by the same import as
`parcours import recording`.

The import walks the recording in a Chromium the server starts, so what it may visit is bounded: only
the hosts the app's own scenarios already allow (a coordinator cannot make the server browse anywhere
else), one import at a time and for three minutes at most, never the sending step, a file of 5 MB at most, read
within that bound.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import PurePath

from starlette.datastructures import UploadFile
from starlette.requests import Request

from harness.errors import InputError, Location
from harness.i18n import Lang
from harness.recording.chrome import MAX_BYTES, read_recording
from harness.scenario.loader import LoadedScenario
from harness.text import printable
from harness.weburl import host_of

SLOTS = threading.BoundedSemaphore(1)  # one browser walking a recording at a time, per process
MAX_BODY = MAX_BYTES + 64 * 1024  # the file and the form around it
WALK_BUDGET_S = 180  # a procedure of a hundred screens walks in a minute or two; the server's browser is not held longer


class Busy(Exception):
    """Another import is walking its recording."""


class BadUpload(Exception):
    """The request is not a form with one file: its HTTP status."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def allowed_hosts(scenarios: Iterable[LoadedScenario]) -> tuple[str, ...]:
    """The hosts the app's scenarios may reach: the only ones an uploaded recording may visit."""
    hosts: dict[str, None] = {}
    for loaded in scenarios:
        for host in (*(loaded.scenario.allowed_hosts or ()), host_of(loaded.scenario.start_url)):
            if host:
                hosts[host] = None
    return tuple(hosts)


async def read_upload(request: Request) -> tuple[str, str, bytes]:
    """The form's CSRF token, the file's name and its bytes, read within MAX_BODY."""
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        raise BadUpload(411)
    if int(length) > MAX_BODY:
        raise BadUpload(413)
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "multipart/form-data":
        raise BadUpload(415)
    try:
        form = await request.form(max_files=1, max_fields=4)
    except Exception:  # a malformed body, or more parts than a form of one file has
        raise BadUpload(400) from None
    try:
        csrf = form.get("csrf")
        upload = form.get("recording")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return str(csrf or ""), "", b""
        data = await upload.read(MAX_BYTES + 1)
        return str(csrf or ""), printable(PurePath(upload.filename).name, one_line=True)[:100] or "recording.json", data
    finally:
        await form.close()


def scenario_zip(data: bytes, filename: str, hosts: tuple[str, ...], lang: Lang) -> tuple[str, bytes]:
    """The uploaded recording imported: the zip's name and bytes; an InputError naming the step otherwise."""
    from harness.recording.importer import import_in_chromium  # Playwright loads when a recording comes, not at start-up
    from harness.recording.output import bundle

    if not filename:
        raise InputError("recording_missing", {}, Location(field="recording"))
    if not hosts:  # no scenario names a host: the server browses nowhere
        raise InputError("recording_no_hosts", {}, Location(field="recording"))
    recording = read_recording(data, filename, hosts)
    if not SLOTS.acquire(blocking=False):
        raise Busy
    try:
        return bundle(import_in_chromium(recording, lang, send=False, budget_s=WALK_BUDGET_S), lang)
    finally:
        SLOTS.release()
