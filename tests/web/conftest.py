"""The web tests' clients are closed at the end of each test (tests/web/clients.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.web.clients import close_all


@pytest.fixture(autouse=True)
def _clients_closed() -> Iterator[None]:
    yield
    close_all()
