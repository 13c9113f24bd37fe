"""An HTTP client that the web tests' fixture closes when the test ends, however the test leaves it:
an unclosed client warns (ResourceWarning) and holds its connections until collected."""

from __future__ import annotations

import httpx

OPEN: list[httpx.Client] = []


class Client(httpx.Client):
    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        OPEN.append(self)


def close_all() -> None:
    while OPEN:
        OPEN.pop().close()
