"""Turn a scenario's locators into Playwright locators, and learn which kind found the element."""

from __future__ import annotations

from playwright.sync_api import Locator as PwLocator
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PwTimeout

from harness.scenario.models import Locator, LocatorKind


class NotFound(Exception):
    """No strategy of a locator found its element in time."""


def build(page: Page, spec: Locator, kind: LocatorKind) -> PwLocator:
    value = getattr(spec, kind.value)
    match kind:
        case LocatorKind.ROLE:
            return page.get_by_role(value, name=spec.name, exact=spec.exact)  # type: ignore[arg-type]
        case LocatorKind.LABEL:
            return page.get_by_label(value, exact=spec.exact)
        case LocatorKind.PLACEHOLDER:
            return page.get_by_placeholder(value, exact=spec.exact)
        case LocatorKind.TEXT:
            return page.get_by_text(value, exact=spec.exact)
        case LocatorKind.TEST_ID:
            return page.get_by_test_id(value)
        case LocatorKind.CSS:
            return page.locator(value)


def resolve(page: Page, spec: Locator, timeout_ms: float) -> tuple[PwLocator, LocatorKind]:
    """The Playwright locator for `spec` and the kind that reached the element.

    With one strategy, the action itself waits for the element. With several,
    wait for any of them, then take the first kind (in perception order) that
    finds something: a fallback to CSS is thereby recorded as such.
    """
    strategies = [kind for kind, _ in spec.strategies()]
    if len(strategies) == 1:
        return build(page, spec, strategies[0]), strategies[0]
    candidates = [build(page, spec, kind) for kind in strategies]
    anyone = candidates[0]
    for other in candidates[1:]:
        anyone = anyone.or_(other)
    try:
        anyone.first.wait_for(state="attached", timeout=timeout_ms)
    except PwTimeout:
        raise NotFound(spec.describe()) from None
    for kind, candidate in zip(strategies, candidates):
        if candidate.count() > 0:
            return candidate, kind
    raise NotFound(spec.describe())  # it went away between the two looks
