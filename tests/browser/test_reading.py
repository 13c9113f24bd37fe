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
        # what JSON cannot write comes back as Playwright's own serialisation gives it
        odd = read(page, "() => ({ gone: undefined, nan: NaN, far: [Infinity, -Infinity], text: 'parcours-0:NaN' })", timeout=5_000)
        assert odd["gone"] is None and odd["nan"] != odd["nan"] and odd["far"] == [float("inf"), float("-inf")]
        assert odd["text"] == "parcours-0:NaN"  # a page's text that looks like the mark stays text
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


def test_a_page_s_own_json_methods_never_change_what_a_read_returns(browser_session: BrowserSession) -> None:
    """The page's own scripts share the world a read runs in: one that replaces JSON.stringify answers garbage,
    and the read fails (the step fails as on a page error) instead of handing it on; a toJSON a page gives
    every array or object does not change what a read returns."""
    context = browser_session.browser().new_context()
    try:
        page = context.new_page()
        page.set_content("<h1>Votre demande</h1><script>JSON.stringify = () => 'pas du JSON';</script>")
        with pytest.raises(Error, match="unreadable answer"):
            read(page, "() => ({ title: document.title })", timeout=5_000)
        # Prototype.js gives every array a toJSON (the array as a JSON string); a read is not fooled by it
        page = context.new_page()  # a new window: set_content keeps the last one's JSON.stringify
        page.set_content("<h1>Votre demande</h1><script>Array.prototype.toJSON = function () { return 'faux'; };"
                         "Object.prototype.toJSON = function () { return 42; };</script>")
        assert read(page, "() => ({ names: ['a', 'b'], box: document.querySelector('h1').getBoundingClientRect().width > 0 })",
                    timeout=5_000) == {"names": ["a", "b"], "box": True}
    finally:
        context.close()
