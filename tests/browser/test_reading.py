"""Parcours' own reads of a page (`harness.replay.reading.read`): the script's value, its errors as they are,
and a page kept busy by its own script given up on at the deadline instead of waited for."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error
from playwright.sync_api import TimeoutError as PwTimeout

from harness.replay.campaign import BrowserSession
from harness.replay.reading import read

pytestmark = pytest.mark.browser
BUSY_S = 20  # the page's own loop: far longer than the read's deadline


def test_a_read_returns_the_scripts_value_raises_its_error_and_gives_up_on_a_busy_page(browser_session: BrowserSession) -> None:
    context = browser_session.browser().new_context()
    try:
        page = context.new_page()
        page.set_content("<h1>Votre demande</h1>")
        assert read(page, "(root, n) => root.querySelector('h1').textContent + ' ' + n", 2, timeout=5_000) == "Votre demande 2"
        assert read(page, "async () => null", timeout=5_000) is None  # a false value is a value, not a wait
        with pytest.raises(Error, match="cassé"):
            read(page, "() => { throw new Error('cassé'); }", timeout=5_000)
        page.evaluate(f"() => {{ setTimeout(() => {{ const end = Date.now() + {BUSY_S * 1000}; while (Date.now() < end); }}, 0); }}")
        page.wait_for_timeout(200)  # waited in the driver, not the page: the loop has begun
        with pytest.raises(PwTimeout):  # without the deadline, the title after the loop's 20 s
            read(page, "() => document.title", timeout=1_000)
    finally:
        context.close()
