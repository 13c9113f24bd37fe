"""An HTTP client that the web tests' fixture closes when the test ends, however the test leaves it:
an unclosed client warns (ResourceWarning) and holds its connections until collected."""

from __future__ import annotations

import re
from html import unescape

import httpx

OPEN: list[httpx.Client] = []


class Client(httpx.Client):
    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        OPEN.append(self)


def close_all() -> None:
    while OPEN:
        OPEN.pop().close()


def version_choice(html: str, version: str) -> str:
    """The id the new-session form gives a procedure version, found by the words of its choice's label
    (the scenario's title, e.g. "version améliorée", or "version « après »" without a scenario)."""
    for value, label in re.findall(r'name="version_id" value="(\d+)"[^>]*>\s*<label[^>]*>([^<]+)</label>', html):
        if version in unescape(label):
            return value
    raise AssertionError(f"no procedure version labelled with {version!r} in the form")
