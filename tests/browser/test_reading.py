"""Parcours' own reads of a page (`harness.replay.reading.read`): the script's value, its errors as they are,
and a page kept busy by its own script given up on at the deadline instead of waited for."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error
from playwright.sync_api import TimeoutError as PwTimeout

from harness.replay.campaign import BrowserSession
from harness.replay.reading import read
from harness.runs.record import FailureKind

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


def test_a_page_that_leaves_while_it_is_read_fails_its_step_instead_of_mixing_two_pages(site, replay) -> None:
    """A link that takes the page elsewhere when it gets the focus (itself a failure of WCAG 3.2.1): the
    keyboard walk's reads would go on in the next document; the screen's record is of one page, so the
    step fails, naming the read the page left."""
    prefix = site.add({
        "/focus": '<h1>Votre demande</h1><p><a href="#" onfocus="location.href=\'ailleurs\'">Aide</a></p>',
        "/ailleurs": "<h1>Ailleurs</h1><p><a href=\"#\">Retour</a></p>",
    })
    record, _ = replay(
        f"""
        id: focus-ailleurs
        title: Focus ailleurs
        procedure: focus-ailleurs
        version: v1
        start_url: {prefix}/focus
        steps:
          - name: Demande
            expect:
              - heading: Votre demande
        """,
        site.url, profile="keyboard",
    )
    assert record.failure is not None and record.failure.step == 0, record.failure
    assert record.failure.kind is FailureKind.NAVIGATION_ERROR and record.failure.detail.startswith("keyboard:"), record.failure
