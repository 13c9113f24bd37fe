"""What WCAG 2.2's journey criteria look at on a screen, read in the page; and the one look that needs
time: what a screen does by itself within 20 minutes, found with its timers fast-forwarded."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from typing import Any

from playwright.sync_api import BrowserContext, Dialog, Error, Page

from harness.replay.reading import read
from harness.runs.record import JourneyFacts, LoadFacts, TimeLimit

JOURNEY_FACTS = resources.files("harness.replay").joinpath("journey_facts.js").read_text("utf-8")
TIMERS = resources.files("harness.replay").joinpath("timers.js").read_text("utf-8")
# Patterns, French and English, matched in the page (JavaScript regular expressions, case and accents as written).
WORDS = {
    # the name of a link or button that leads to help
    "help_link": r"^(aide|l'aide|centre d'aide|aide en ligne|besoin d'aide|obtenir de l'aide|aide et contact|contact|"
                 r"contacts?|nous contacter|contactez-nous|nous écrire|faq|foire aux questions|questions fréquentes|"
                 r"assistance|help|get help|help cent(re|er)|contact us|support|faqs?)$",
    # a heading or summary that opens a help block
    "help_block": r"^(besoin d'aide|vous avez besoin d'aide|une question|des questions|aide|obtenir de l'aide|"
                  r"nous contacter|contact|help|need help|get help|contact us)\b",
    "chat": r"\b(chat|tchat|webchat|discuter avec|dialoguer avec|chat with|talk to an adviser)\b",
    # a field asking for a one-time code, by its label; and codes that are no secret
    "code": r"\b(code|otp|one-time|à usage unique)\b",
    "not_code": r"postal|postcode|post code|zip|insee|commune|pays|country|promo|r[ée]duction|discount",
    # a CAPTCHA's instruction to copy characters, or a puzzle
    "characters": r"(recopiez|saisissez|tapez|entrez|reproduisez) (les|ces) (caractères|lettres|chiffres)[^.]{0,40}|"
                  r"(type|enter) the (characters|letters|text|code) (you see|shown|in the (image|picture))",
    "puzzle": r"(faites glisser|glissez|déplacez) (la pièce|le curseur|le puzzle)[^.]{0,40}|"
              r"(drag|slide) the (piece|slider|puzzle)[^.]{0,40}|\bpuzzle\b",
    # another way beside the test
    "alternative": r"\b(audio|écouter|version audio|listen|autre (moyen|méthode|test)|another (way|method)|"
                   r"sans image|without (an )?image)\b",
}
LIMIT_S = 20 * 60  # how long a screen is left alone: what WCAG 2.2.1 asks of a time limit, read for a person who needs time
STEP_S = 60  # the fast-forward's stride, until the screen warns
CLOSE_STEP_S = 5  # after a warning: how long it leaves to act is read closely for a minute
GRACE_S = 20  # a warning must leave at least this long to extend (WCAG 2.2.1)


def with_page_facts(page_facts: str) -> str:
    """One script reading the page facts and the journey facts in a single call: each call to the page
    costs a round trip of several milliseconds, more than these facts take to read."""
    return (f"(root, [patterns, words]) => Object.assign(({page_facts.strip()})(root, patterns), "
            f"{{ journey: ({JOURNEY_FACTS.strip()})(root, words) }})")


def journey_of(page: Page, raw: dict[str, Any], timeout: float) -> tuple[JourneyFacts, dict[str, Any]]:
    """The journey facts read with the page facts, completed once the screen is recorded (screenshot and audit
    taken: a page may answer a paste with a message): whether a password or code field refuses a paste, whether
    split code boxes take one; and the raw load figures (the engine knows whether a new document came)."""
    raw = dict(raw)
    auth = raw["auth"]
    if any(not f["parts"] for f in auth):
        refused = read(page, PASTE_TEST, timeout=timeout)  # by each field's place in `auth`
        for place, blocked in refused.items():
            if place.isdigit() and int(place) < len(auth):
                auth[int(place)]["paste_blocked"] = bool(blocked)
    for split, field in enumerate(f for f in auth if f["parts"]):
        field["paste_fills_parts"] = _listens_for_paste(page, split)
    load = raw.pop("load")
    return JourneyFacts(**raw), load


# A paste into each password or code field the journey facts marked: refused when the page cancels it and
# does not make up for it by filling the field itself. The field is left as it was.
PASTE_TEST = """() => Object.fromEntries(Array.from(document.querySelectorAll("[data-parcours-auth]")).map((el) => {
  const before = el.value;
  const data = new DataTransfer();
  data.setData("text/plain", "Parcours-7");
  const event = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true, composed: true });
  el.dispatchEvent(event);
  const blocked = event.defaultPrevented && el.value === before;
  if (el.value !== before) el.value = before;
  return [el.getAttribute("data-parcours-auth"), blocked];
}))"""


def load_facts(raw: dict[str, Any], navigated: bool) -> LoadFacts:
    """A new document's timings; a screen drawn in the same document counts the bytes it fetched only."""
    if navigated and raw.get("first", True):
        return LoadFacts(load_ms=raw["load_ms"], usable_ms=raw["usable_ms"], bytes=raw["bytes"])
    return LoadFacts(bytes=raw["bytes"])


_CHAIN = """(() => { const box = document.querySelector('[data-parcours-split="INDEX"]');
  const chain = []; for (let n = box; n; n = n.parentNode) chain.push(n); chain.push(window); return chain; })()"""


def _listens_for_paste(page: Page, split: int) -> bool | None:
    """Whether anything from the code's first box up to the window listens for a paste (DevTools' own
    listing: no page code runs). A one-character box takes one character of a pasted code without one."""
    try:
        session = page.context.new_cdp_session(page)
    except Error:
        return None
    try:
        chain = session.send("Runtime.evaluate", {"expression": _CHAIN.replace("INDEX", str(split))})
        object_id = chain.get("result", {}).get("objectId")
        if not object_id:
            return None
        items = session.send("Runtime.getProperties", {"objectId": object_id, "ownProperties": True})["result"]
        for item in items:
            target = item.get("value", {}).get("objectId")
            if not target or not item["name"].isdigit():
                continue
            listeners = session.send("DOMDebugger.getEventListeners", {"objectId": target})["listeners"]
            if any(listener["type"] == "paste" for listener in listeners):
                return True
        return False
    except Error:
        return None
    finally:
        try:
            session.detach()
        except Error:
            pass


_STATE = """(words) => {
  const visible = (el) => el.checkVisibility ? el.checkVisibility({ visibilityProperty: true }) : !!el.offsetParent;
  const said = Array.from(document.querySelectorAll("[role=dialog], [role=alertdialog], dialog[open], [role=alert], " +
    "[aria-live], [aria-modal=true]")).filter((el) => visible(el) && el.textContent.trim())
    .map((el) => el.innerText.replace(/\\s+/g, " ").trim().slice(0, 200));
  const fields = Array.from(document.querySelectorAll("input:not([type=hidden]), select, textarea")).filter(visible).length;
  return { url: location.href, said, fields, text: (document.body ? document.body.innerText : "").slice(0, 5000) };
}"""
# What a time-limit warning speaks of: a new dialog or message without these words is something else.
TIME_WORDS = re.compile(r"minute|seconde|second|session|expir|d[ée]connect|temps|d[ée]lai|time|sign(ed)? out|log(ged)? out|inactiv",
                        re.IGNORECASE)
_EXTEND = ("prolonger", "continuer", "rester", "garder", "poursuivre", "extend", "continue", "stay", "keep", "more time")


def probe_time_limit(new_context: Callable[[], tuple[BrowserContext, Page]], url: str, timeout: float) -> TimeLimit | None:
    """Open the screen again in a context of its own whose clock Parcours drives, leave it alone for 20
    minutes of its time, and say what it did first: leave, expire, or warn; after a warning, how long it
    leaves to act and whether its control keeps the person there. None: it did nothing by itself."""
    first = _watch(new_context, url, timeout)
    if first is None or first.acts != "warns":
        return first
    kept = _watch(new_context, url, timeout, extend_at=first.after_s, until=first.after_s + (first.leaves_after_s or 0) + 60)
    return first.model_copy(update={"extend": kept is not None and kept.acts == "stayed"})


def _watch(new_context: Callable[[], tuple[BrowserContext, Page]], url: str, timeout: float,
           extend_at: int | None = None, until: int = LIMIT_S) -> TimeLimit | None:
    """Fast-forward the page's clock stride by stride, up to `until` seconds: a minute at a time, then five
    seconds at a time for the minute after a warning (a warning must leave 20 seconds). A stride fires
    every timer due within it. With `extend_at`: at the warning, press its control that keeps the person
    there; "stayed" when the screen is still there at the end."""
    context, page = new_context()
    try:
        context.clock.install()
        dialogs: list[str] = []  # alert() and confirm() boxes: accepted, as a person would
        def answer(dialog: Dialog) -> None:
            dialogs.append(dialog.message[:200])
            dialog.accept()

        page.on("dialog", answer)
        page.goto(url, wait_until="load", timeout=timeout)
        start = page.evaluate(_STATE)
        warned: tuple[int, str] | None = None
        elapsed = 0
        while elapsed < until:
            stride = CLOSE_STEP_S if warned and elapsed < warned[0] + STEP_S else STEP_S
            elapsed += stride
            page.clock.fast_forward(stride * 1000)
            page.wait_for_timeout(20)  # what the timers started (a navigation, a redraw) gets under way
            now = _state(page)
            left = now is None or page.url.split("#")[0] != start["url"].split("#")[0]
            expired = now is not None and start["fields"] > 0 and now["fields"] == 0
            if left:  # where it went, once its address has changed
                try:
                    page.wait_for_url(lambda url: url.split("#")[0] != start["url"].split("#")[0], timeout=5000)
                except Error:
                    pass
            if left or expired:
                if extend_at is not None:
                    return TimeLimit(after_s=elapsed, acts="leaves")
                if warned:
                    return TimeLimit(after_s=warned[0], acts="warns", text=warned[1], leaves_after_s=elapsed - warned[0])
                return TimeLimit(after_s=elapsed, acts="leaves" if left else "expires",
                                 text=page.url[:200] if left else now["text"][:200])  # type: ignore[index]
            boxes = dialogs[:]
            dialogs.clear()
            new = [text for text in now["said"] + boxes if text not in start["said"] and TIME_WORDS.search(text)]  # type: ignore[index]
            if new and warned is None:
                warned = (elapsed, new[0])
                if extend_at is not None and not boxes and not _press_extend(page):
                    return None
        if extend_at is not None:
            return TimeLimit(after_s=until, acts="stayed") if warned else None
        return TimeLimit(after_s=warned[0], acts="warns", text=warned[1]) if warned else None
    except Error:
        return None
    finally:
        try:
            context.close()
        except Error:
            pass


WARNING_CONTROLS = ("[role=dialog] button, [role=alertdialog] button, dialog button, [aria-modal=true] button, "
                    "[role=alert] button, [aria-live] button, [role=dialog] a[href], [role=alertdialog] a[href], dialog a[href]")


def _state(page: Page) -> dict[str, Any] | None:
    """What the screen shows now; None when it is leaving (its document went away while being read)."""
    try:
        return page.evaluate(_STATE)
    except Error:
        page.wait_for_load_state(timeout=5000)
        return None


def _press_extend(page: Page) -> bool:
    """Press the warning's control that keeps the person on the screen, found by its name; an accepted
    confirm() box has done so already."""
    for button in page.locator(WARNING_CONTROLS).all()[:30]:
        try:
            name = (button.inner_text(timeout=1000) or "").strip().lower()
            if button.is_visible() and any(word in name for word in _EXTEND):
                button.click(timeout=2000)
                return True
        except Error:
            continue
    return False
