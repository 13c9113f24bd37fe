"""Keyboard only: reach elements with Tab, operate them with Enter and Space, walk each screen's tab sequence."""

from __future__ import annotations

from importlib import resources

from playwright.sync_api import Error, FloatRect, Locator, Page

from harness.replay.reading import read
from harness.runs.record import KeyboardWalk, ObscuredFocus

KEYBOARD = resources.files("harness.replay").joinpath("keyboard.js").read_text("utf-8")
MAX_TABS = 300  # a page needing more Tab presses to reach an element is not usable by keyboard
# A native radio group is one tab stop: Tab lands on its checked (or first) radio, the arrows move within.
# The element to reach is looked up once and kept in the page (a slot of its own); after each key, a
# bounded read says where the focus is from it: 1 on it (or on the field it labels), 2 on another radio of its
# group, 0 elsewhere, -1 when the page has replaced it (looked up again). A locator's `evaluate` after each
# key would look it up every time, at twice the cost of a read.
TARGET = """(e) => { window.__parcoursTabTarget = e; return e.type === 'radio' && !!e.name; }"""
WHERE_FOCUS = """() => { const e = window.__parcoursTabTarget, a = document.activeElement;
  if (!e || !e.isConnected) return -1;
  if (!a) return 0;
  if (a === e || e.contains(a) || (e.control && e.control === a) || (!!a.labels && Array.from(a.labels).includes(e))) return 1;
  return a.type === 'radio' && e.type === 'radio' && !!e.name && a.name === e.name && a.form === e.form ? 2 : 0; }"""
KIND = "(e) => [e.tagName.toLowerCase(), (e.getAttribute('type') || '').toLowerCase(), !!e.checked]"
MAX_ARROWS = 50
FIELD_PARTS = 4  # a date, time or week field's own stops after its first (day, month, year; hour, minute, period)
MAX_OBSCURED_SHOTS = 3  # pictures of a hidden focus kept per screen: evidence, not a film


class NotReachable(Exception):
    """Tab never brought the focus to the element."""


def focus_by_tab(page: Page, element: Locator, timeout: float) -> int:
    """Press Tab until the element has the focus (wrapping round the page once); the presses it took."""
    target = element.first
    radio = target.evaluate(TARGET, timeout=timeout)
    if _focus(page, target, timeout) == 1:
        return 0
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        where = _focus(page, target, timeout)
        if where == 1:
            return presses
        if radio and where == 2:
            return presses + _arrow_to(page, target, timeout)
    raise NotReachable()


def _focus(page: Page, target: Locator, timeout: float) -> int:
    """Where the focus is from the element kept in the page (WHERE_FOCUS), looked up again if the page replaced it."""
    where = read(page, WHERE_FOCUS, timeout=timeout)
    if where == -1:
        target.evaluate(TARGET, timeout=timeout)
        where = read(page, WHERE_FOCUS, timeout=timeout)
    return where


def _arrow_to(page: Page, target: Locator, timeout: float) -> int:
    """Within a radio group, the arrow keys move the focus (and the choice) from radio to radio."""
    for presses in range(1, MAX_ARROWS + 1):
        page.keyboard.press("ArrowDown")
        if _focus(page, target, timeout) == 1:
            return presses
    raise NotReachable()


def activate(page: Page, element: Locator, timeout: float) -> None:
    """What a click is by keyboard: Space on a box to tick, Enter on anything else."""
    focus_by_tab(page, element, timeout)
    tag, kind, _ = element.first.evaluate(KIND, timeout=timeout)
    page.keyboard.press("Space" if kind in ("checkbox", "radio") else "Enter")


def type_into(page: Page, element: Locator, value: str, timeout: float) -> None:
    focus_by_tab(page, element, timeout)
    page.keyboard.press("ControlOrMeta+A")
    if value:
        page.keyboard.type(value)
    else:
        page.keyboard.press("Delete")


def tick(page: Page, element: Locator, wanted: bool, timeout: float) -> None:
    focus_by_tab(page, element, timeout)
    _, _, checked = element.first.evaluate(KIND, timeout=timeout)
    if checked != wanted:
        page.keyboard.press("Space")


SCROLL_TO = "(_root, [top, left]) => { window.scrollTo({ top, left, behavior: \"instant\" }); return [window.scrollY, window.scrollX]; }"


def _look_at(page: Page, box: list[int], timeout: float) -> bytes | None:
    """The pixels of an element's box and a few around it (a focus ring is drawn outside), or None. The page is
    scrolled to the box and the picture taken of the viewport alone: a full-page one would cost much more."""
    top, bottom, left, right = box
    margin = 4
    width, height = right - left + 2 * margin, bottom - top + 2 * margin
    if width * height > 400_000:  # a huge element: its style decides alone
        return None
    try:
        y, x = read(page, SCROLL_TO, [max(0, top - 100), max(0, left - 100)], timeout=timeout)
        clip = FloatRect(x=max(0, left - margin - x), y=max(0, top - margin - y), width=width, height=height)
        return page.screenshot(clip=clip, timeout=timeout)
    except Error:
        return None


def page_order(sequence: list[int], items: dict[int, dict], complete: bool) -> list[int]:
    """The tab sequence as it runs from the top of the page. A walk starts wherever the browser's starting
    point was left (an error summary focused on load, say); a complete walk is a cycle, so it is turned
    round to start at the page's first tab stop: the lowest positive tabindex, else the first in the markup."""
    if not complete or not sequence:
        return sequence
    first = min(sequence, key=lambda k: (0, items[k]["tabindex"], k) if items[k]["tabindex"] > 0 else (1, 0, k))
    at = sequence.index(first)
    return sequence[at:] + sequence[:at]


def backward_jumps(sequence: list[int], items: dict[int, dict]) -> list[tuple[int, int]]:
    """Consecutive tab stops where the focus goes back up the same column: the next element lies wholly
    above the one before and shares part of its width. Left-right swaps in a row (a reversed button
    group), moves to another column (a sidebar, a second column of choices) and moves within one field's
    own box (the DSFR's show-password box, on the label's row above the field) are not judged here."""
    jumps = []
    for a, b in zip(sequence, sequence[1:]):
        first, then = items[a]["box"], items[b]["box"]
        if first is None or then is None:  # pinned to the screen, or no size
            continue
        if items[a].get("field") is not None and items[a].get("field") == items[b].get("field"):
            continue  # a field and a control of its own (show the password): one thing to a person

        top, _, left, right = first
        _, bottom, then_left, then_right = then
        if bottom <= top and min(right, then_right) > max(left, then_left):
            jumps.append((a, b))
    return jumps


def walk(page: Page, timeout: float, pictures: bool = True) -> tuple[KeyboardWalk, dict[int, bytes]]:
    """Tab through the screen from its start and say what the keyboard meets, then leave the focus at the start.
    With it (unless `pictures` is off), pictures of the viewport where a focused element was hidden, by their
    place in `obscured` (the engine names the files)."""
    prepared = read(page, KEYBOARD, "prepare", timeout=timeout)
    items = {item["k"]: item for item in prepared["items"]}
    focusable = [k for k, item in items.items() if item["focusable"]]
    sequence: list[int] = []
    invisible: list[int] = []
    removed: list[int] = []
    trap: int | None = None
    complete = False
    left = prepared["left"]  # times the focus has left an element on this page so far
    focused_looks: dict[int, bytes | None] = {}  # what an element seemingly without a focus style looked like focused
    within = 0  # Tab presses that stayed within the same date or time field, part after part
    obscured: list[ObscuredFocus] = []
    shots: dict[int, bytes] = {}
    extra = FIELD_PARTS * sum(1 for k in focusable if items[k].get("parts"))
    for _ in range(min(2 * len(focusable) + 5 + extra, MAX_TABS)):
        page.keyboard.press("Tab")
        state = read(page, KEYBOARD, "active", timeout=timeout)
        k, went_round, left = state["k"], state["left"] > left, state["left"]
        if k is None:  # the focus left the page: its end, or a script took it away
            if not sequence:
                continue
            page.keyboard.press("Tab")
            state = read(page, KEYBOARD, "active", timeout=timeout)
            after = state["k"]
            if after is None or after == sequence[0] or after in sequence:
                complete = True
                break
            removed += [i for i in focusable if sequence[-1] < i < after and i not in sequence]
            k, left = after, state["left"]
        if sequence and k == sequence[-1] and items[k].get("parts") and within < FIELD_PARTS:
            within += 1
            continue
        within = 0
        if sequence and k == sequence[-1]:  # Tab did not move the focus, or took it round the page back here
            # A browser that gives the focus to its own controls after the page's last stop may hand it
            # back before the focus is read: on a screen with a single stop, the focus then seems not to
            # have moved, but it has left the element and come back. Kept without leaving: a trap.
            if went_round and len({items[i]["group"] or i for i in focusable}) == 1:
                complete = True
            else:
                trap = k
            break
        if k in sequence:
            if k != sequence[0]:  # a loop that never gets back to the start
                trap = k
            else:
                complete = True
            break
        sequence.append(k)
        hidden = state.get("hidden")
        if hidden and len(obscured) < 20:
            shot = _viewport(page, timeout) if pictures and len(shots) < MAX_OBSCURED_SHOTS else None
            if shot:
                shots[len(obscured)] = shot
            obscured.append(ObscuredFocus(name=items[k]["name"], by=hidden["by"], box=hidden["box"], width=hidden["width"]))
        if "box" in state:
            items[k]["box"] = state["box"]
        if not state.get("visible", True):
            invisible.append(k)
            if items[k].get("painted") and state.get("box"):
                focused_looks[k] = _look_at(page, state["box"], timeout)
    read(page, "() => document.activeElement && document.activeElement.blur()", timeout=timeout)
    # Styles say nothing of what a native control paints on a part of its own (a slider's thumb): for those,
    # where styles saw no change, the pixels are compared, focused and not.
    invisible = [k for k in invisible if k not in focused_looks or focused_looks[k] == _look_at(page, items[k]["box"], timeout)]
    visited = set(sequence)
    radio_groups: set[str | None] = {items[k]["group"] for k in visited if items[k]["group"]}
    missed = [k for k in items if k not in visited and items[k]["group"] not in radio_groups]  # arrows move in a radio group
    # Operable by pointer but not focusable: unreachable. Focusable yet never
    # stopped on in a whole walk: a script took the focus away.
    unreachable = [k for k in missed if not items[k]["focusable"]]
    if complete and trap is None:
        removed += [k for k in missed if items[k]["focusable"] and k not in removed]
    main_first = prepared["main_first"]  # in document order: what Tab crosses without a forced order
    before_main = sum(1 for k in focusable if k < main_first) if main_first is not None else None

    def names(ks: list[int]) -> list[str]:
        return [items[k]["name"] for k in ks][:20]

    return KeyboardWalk(
        tab_stops=len(sequence), complete=complete,
        unreachable=names(unreachable), trap=items[trap]["name"] if trap is not None else None,
        invisible_focus=names(invisible), focus_removed=names(removed),
        positive_tabindex=names([k for k, item in items.items() if item["tabindex"] > 0]),
        order_jumps=[f"{items[a]['name']} → {items[b]['name']}" for a, b in backward_jumps(page_order(sequence, items, complete), items)][:20],
        skip_link=prepared["skip_link"], before_main=before_main, obscured=obscured,
    ), shots


def _viewport(page: Page, timeout: float) -> bytes | None:
    """What the screen shows now, as it is scrolled: the hidden focus with what hides it."""
    try:
        return page.screenshot(type="png", timeout=timeout)
    except Error:
        return None
