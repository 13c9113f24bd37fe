"""Turn a scenario's locators into Playwright locators, and learn which kind found the element."""

from __future__ import annotations

import difflib
import json
import re

from playwright.sync_api import Error
from playwright.sync_api import Locator as PwLocator
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PwTimeout

from harness.runs.record import Accessible
from harness.scenario.models import Locator, LocatorKind

# The first line of Playwright's ARIA snapshot of an element: `- role "name"`, `- role`, `- role:`, `- text: …`.
_SNAPSHOT_HEAD = re.compile(r'^- (?P<role>[a-z]+)(?: (?P<name>"(?:[^"\\]|\\.)*"))?')


# What a label names when a scenario wants a field.
FIELDS = ("input:not([type=hidden]), select, textarea, [contenteditable=''], [contenteditable=true], [role=textbox], "
          "[role=searchbox], [role=combobox], [role=listbox], [role=checkbox], [role=radio], [role=switch], "
          "[role=spinbutton], [role=slider]")


class NotFound(Exception):
    """No strategy of a locator found its element in time."""


def build(page: Page, spec: Locator, kind: LocatorKind) -> PwLocator:
    value = getattr(spec, kind.value)
    scope = spec.within
    root = page.get_by_role(scope.role, name=scope.name, exact=scope.exact) if scope else page  # type: ignore[arg-type]
    match kind:
        case LocatorKind.ROLE:
            return root.get_by_role(value, name=spec.name, exact=spec.exact)
        case LocatorKind.LABEL:  # a field: never the fieldset or group its legend names (DSFR's aria-labelledby)
            return root.get_by_label(value, exact=spec.exact).and_(page.locator(FIELDS))
        case LocatorKind.PLACEHOLDER:
            return root.get_by_placeholder(value, exact=spec.exact)
        case LocatorKind.TEXT:
            return root.get_by_text(value, exact=spec.exact)
        case LocatorKind.TEST_ID:
            return root.get_by_test_id(value)
        case LocatorKind.CSS:
            return root.locator(value)


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


def accessible(element: PwLocator, timeout_ms: float) -> Accessible | None:
    """The element's role and name as assistive technologies get them (Playwright's ARIA snapshot,
    which computes both as the accessibility tree does). None when it cannot be read."""
    try:
        snapshot = element.first.aria_snapshot(timeout=timeout_ms)
    except Error:
        return None
    head = _SNAPSHOT_HEAD.match(snapshot.splitlines()[0] if snapshot else "")
    if head is None or head["role"] == "text":  # plain text: no role, no name
        return Accessible(role=None, name="")
    return Accessible(role=head["role"], name=json.loads(head["name"]) if head["name"] else "")


# Roles a person acts on or reads as landmarks of a form: what a locator that found nothing may have meant.
CANDIDATE_ROLES = frozenset({
    "button", "link", "textbox", "searchbox", "combobox", "listbox", "checkbox", "radio", "switch", "spinbutton",
    "slider", "tab", "menuitem", "option", "heading", "group", "radiogroup", "form", "region", "dialog",
})
FIELD_ROLES = ("textbox", "searchbox", "combobox", "listbox", "checkbox", "radio", "switch", "spinbutton", "slider")
_SNAPSHOT_LINE = re.compile(r'^\s*- (?P<role>[a-z]+) (?P<name>"(?:[^"\\]|\\.)*")')


def candidates(page: Page, role: str | None, name: str | None, timeout_ms: float, limit: int = 8) -> list[str]:
    """What the page offers that a locator which found nothing may have meant, as `role "name"`: the
    wanted role first (fields for a label), then by closeness of name."""
    try:
        snapshot = page.locator("body").aria_snapshot(timeout=timeout_ms)
    except Error:
        return []
    found: dict[str, tuple[str, str]] = {}
    for line in snapshot.splitlines():
        match = _SNAPSHOT_LINE.match(line)
        if match and match["role"] in CANDIDATE_ROLES:
            text = json.loads(match["name"])
            found.setdefault(f'{match["role"]} "{text}"', (match["role"], text))
    wanted_roles = (role,) if role else FIELD_ROLES if name is not None else ()
    wanted = (name or "").casefold()

    def rank(item: tuple[str, str]) -> tuple[bool, float]:
        other_role, other_name = item
        closeness = difflib.SequenceMatcher(None, wanted, other_name.casefold()).ratio() if wanted else 0.0
        return (other_role not in wanted_roles, -closeness)

    return [key for key, item in sorted(found.items(), key=lambda kv: rank(kv[1]))][:limit]
