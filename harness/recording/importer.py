"""A recording becomes a scenario by being walked once in Chromium.

Each recorded element is found by the recording's own selectors (`aria/`, CSS, XPath, `pierce/`,
`text/`), then described as the accessibility tree has it, and given the locator a replay will use:
tried with `replay.locators.build`, the very code `parcours run` resolves locators with, and kept
only if it finds that element and no other. A field is named by its label, anything else by its
role and name, then its text; CSS only where nothing a person perceives finds it, and that is
listed as a finding. A new document, or a new main heading, starts a new step. Typed values are
never kept (`values.replace`). The walk goes through the gate, on the recording's hosts only, and
stops before the step that sends the request unless told to send.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from dataclasses import dataclass, field
from importlib import resources
from time import monotonic
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Error, Page, ViewportSize
from playwright.sync_api import Locator as PwLocator
from pydantic import ValidationError

from harness.errors import InputError, Location, ParcoursError
from harness.i18n import Lang, t
from harness.recording.chrome import Change, Click, Key, Navigate, Recording, WaitForElement, selector_texts
from harness.recording.values import PERSONA_ID, Replacement, replace
from harness.replay import locators
from harness.replay.engine import ERROR_PATTERNS, FIELD_IN_ERROR
from harness.replay.gate import Gate
from harness.replay.reading import read
from harness.replay.watch import NO_WEBRTC
from harness.scenario.models import ARIA_ROLES, DEFAULT_LOCALE, DEFAULT_TIMEZONE, Locator
from harness.weburl import host_allowed, host_of
from harness.text import printable, slugify

DESCRIBE = resources.files("harness.recording").joinpath("describe.js").read_text("utf-8")
# Flags the recording's browser needs beside the replay's: the accessibility tree's role and name of
# an element, read in the page (Element.computedRole / computedName).
RECORDING_ARGS = ("--enable-blink-features=ComputedAccessibilityInfo",)
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
SETTLE_MS = 600  # a screen drawn by script after an action: how long its main heading may take to change
FIXTURES = {"pdf": "document-fictif.pdf", "image": "photo-fictive.png"}
IMAGE = re.compile(r"\.(png|jpe?g|gif|webp|heic)$", re.I)
# A button that sends the request, by what it says (French and English services)
SENDS = re.compile(r"\b(envoyer|transmettre|d[ée]poser|soumettre|valider|confirmer|payer|signer|submit|send|apply|pay|"
                   r"confirm|accept and send)\b", re.I)
FIELDS_SHOWN = "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=image]), select, textarea"
MAX_FIELDS_READ = 40  # an error screen's fields read for the first one in error
KEYS_KEPT = {"Enter", "Tab", "Escape", "ArrowDown", "ArrowUp", "ArrowLeft", "ArrowRight", "Home", "End", "PageDown",
             "PageUp"}
SAME = "(els, target) => els.length === 1 && els[0] === target"
SCREEN = """() => {
  const clean = (t) => (t || "").replace(/\\s+/g, " ").trim();
  const h1 = Array.from(document.querySelectorAll("h1, [role=heading][aria-level='1']")).find((h) => h.offsetParent !== null || h.getClientRects().length);
  return { origin: performance.timeOrigin, heading: h1 ? clean(h1.innerText) : "", title: clean(document.title),
           url: location.href, lang: document.documentElement.lang || "",
           error: !!document.querySelector("[role=alert], [aria-invalid=true], .govuk-error-summary, .fr-alert--error, .fr-error-text") };
}"""
ARIA_QUERY = """(root, [name, role, token]) => {
  const ignored = new Set(["", "generic", "none", "presentation", "LabelText", "StaticText", "paragraph", "InlineTextBox"]);
  for (const el of document.querySelectorAll("body *")) {
    if ((el.computedName || "").replace(/\\s+/g, " ").trim() !== name) continue;
    const r = el.computedRole || "";
    if (role ? r !== role : ignored.has(r)) continue;
    el.setAttribute("data-parcours-aria", token);
    return true;
  }
  return false;
}"""
_ARIA = re.compile(r'^(?P<name>.*?)(?:\[role="?(?P<role>[a-zA-Z]+)"?\])?$', re.S)


@dataclass
class Screen:
    name: str
    expect: list[dict[str, Any]]
    actions: list[dict[str, Any]] = field(default_factory=list)
    irreversible: bool = False


@dataclass
class Imported:
    """The scenario a recording became, and what the recording did not keep as it was."""

    scenario: dict[str, Any]
    replacements: list[Replacement]
    css_only: list[tuple[str, str]]  # (screen, action) reached by CSS only: a finding
    uploads: set[str]  # fixture files the scenario uploads (from harness/recording/fixtures)
    persona_fields: set[str]
    stopped_before: str | None  # the sending action not performed, if the walk stopped there
    left_out: int  # recording steps after it, not walked


class Walk:
    """One walk of a recording in a browser context of its own, through the gate."""

    def __init__(self, recording: Recording, browser: Browser, gate: Gate, lang: Lang, *, send: bool = False,
                 timeout_ms: float = 10_000, budget_s: float | None = None) -> None:
        self.recording, self.lang, self.send, self.timeout = recording, lang, send, timeout_ms
        self.budget_s = budget_s
        self.ends = None if budget_s is None else monotonic() + budget_s  # the app's browser is not held for ever
        self.listener = gate.open(recording.hosts, timeout_ms / 1000)
        self.context: BrowserContext = browser.new_context(
            viewport=VIEWPORT, proxy=self.listener.proxy,  # type: ignore[arg-type]
            service_workers="block", accept_downloads=False,  # the replay's own defaults: the same page comes
            locale=DEFAULT_LOCALE, timezone_id=DEFAULT_TIMEZONE)
        self.context.add_init_script(script=NO_WEBRTC)
        self.context.set_default_timeout(timeout_ms)
        self.page = self.context.new_page()
        self.screens: list[Screen] = []
        self.replacements: list[Replacement] = []
        self.css_only: list[tuple[str, str]] = []
        self.uploads: set[str] = set()
        self.last_screen: dict[str, Any] = {}

    def close(self) -> None:
        try:
            self.context.close()
        finally:
            self.listener.close()

    # -- the walk -------------------------------------------------------------------------------------

    def run(self) -> Imported:
        steps = self.recording.steps
        stopped, left_out = None, 0
        last_action = max((n for n, s in steps if isinstance(s, (Click, Key))), default=0)
        for position, (number, step) in enumerate(steps):
            self.number = number
            if self.ends is not None and monotonic() > self.ends:
                raise self._error("recording_too_long", "recording_shorter", seconds=int(self.budget_s or 0))
            if isinstance(step, Navigate):
                if self.screens:
                    self._current().actions.append({"goto": step.url})
                self._goto(step.url)
                self._screen_after(force=True)
            elif isinstance(step, WaitForElement):
                self._find(step)
            elif isinstance(step, Change):
                self._change(step)
            elif isinstance(step, (Click, Key)):
                last = number == last_action
                stopped = self._click(step, last) if isinstance(step, Click) else self._key(step, last)
                if stopped:  # the sending step, not sent: what follows it in the recording is left out
                    left_out = sum(1 for _, s in steps[position + 1:] if not _ignored(s))
                    break
        return Imported(self._scenario(), self.replacements, self.css_only, self.uploads,
                        {r.written[len("{persona."):-1] for r in self.replacements if r.kind == "persona"},
                        stopped, left_out)

    def _goto(self, url: str) -> None:
        try:
            response = self.page.goto(url, wait_until="load")
        except Error as exc:
            raise self._error("recording_unreachable", url=url, detail=_first_line(exc)) from None
        if response is None or response.status >= 400 or response.headers.get("x-parcours-blocked"):
            status = str(response.status) if response else "—"
            raise self._error("recording_unreachable", url=url, detail=f"HTTP {status}")

    def _left_hosts(self) -> None:
        """The page went to a host the recording may not reach (the gate refused it): said at this step."""
        host = host_of(self.page.url)
        if host and not host_allowed(host, self.recording.hosts):
            raise self._error("recording_other_host", "recording_hosts", host=host, hosts=", ".join(self.recording.hosts))

    def _current(self) -> Screen:
        return self.screens[-1]

    def _screen_after(self, force: bool = False) -> None:
        """Start a new step when the action led to a new document or a new main heading."""
        deadline = monotonic() + SETTLE_MS / 1000
        while True:
            try:
                self.page.wait_for_load_state("load")
                now = read(self.page, SCREEN, timeout=self.timeout)
            except Error as exc:  # the document changed while it was read: read the new one, for a while
                if monotonic() > deadline + self.timeout / 1000:
                    raise self._error("recording_action_failed", action="—", detail=_first_line(exc)) from None
                self.page.wait_for_timeout(50)
                continue
            now.update(heading=printable(now["heading"], one_line=True)[:200],
                       title=printable(now["title"], one_line=True)[:200])
            new = force or now["origin"] != self.last_screen.get("origin") or (
                now["heading"] and now["heading"] != self.last_screen.get("heading"))
            if new or monotonic() > deadline:
                break
            self.page.wait_for_timeout(50)
        self._left_hosts()
        if not new:
            return
        self.last_screen = now
        name = now["heading"] or now["title"] or t("recording.untitled_screen", self.lang, n=len(self.screens) + 1)
        names = {s.name for s in self.screens}
        if name in names:
            name = f"{name} — {t('recording.error_screen', self.lang)}" if now["error"] else name
            base, n = name, 2
            while name in names:
                name, n = f"{base} ({n})", n + 1
        expect = [{"heading": now["heading"]}] if now["heading"] else [{"title": now["title"]}] if now["title"] else []
        self.screens.append(Screen(name[:200], expect))
        if now["error"]:
            self._expect_field_error()

    def _expect_field_error(self) -> None:
        """An error screen: its first field shown in error, as a replay's `field_error` sees it (the engine's
        own test of a field in error), becomes an expectation, so that a replay checks the error state too."""
        fields = self.page.locator(FIELDS_SHOWN)
        for index in range(min(fields.count(), MAX_FIELDS_READ)):
            field = fields.nth(index)
            try:
                if not field.evaluate(FIELD_IN_ERROR, ERROR_PATTERNS, timeout=self.timeout)["error"]:
                    continue
                facts, target = self._describe(field)
            except Error:
                continue
            if not (facts["label"] or facts["name"]):
                return  # a field nothing names: the replay's findings say so, not an expectation by CSS
            found = len(self.css_only)
            spec, _ = self._locator(target, facts, "field_error")
            if "css" in spec:
                del self.css_only[found:]
                return
            self._current().expect.append({"field_error": spec})
            return

    # -- actions ----------------------------------------------------------------------------------------

    def _click(self, step: Click, last: bool) -> str | None:
        element = self._find(step)
        facts, target = self._describe(element)
        if facts["tag"] == "input" and facts["type"] in ("checkbox", "radio"):
            checked = facts["checked"] if facts["type"] == "checkbox" else False
            kind = "uncheck" if checked else "check"
            spec, located = self._locator(target, facts, kind)
            self._act(located, kind, spec)
            return None
        spec, located = self._locator(target, facts, "click")
        if self._held_back(step, facts, last, {"click": spec}):
            return f"click {_show(spec)}"
        self._act(located, "click", spec)
        self._screen_after()
        return None

    def _change(self, step: Change) -> None:
        element = self._find(step)
        facts, target = self._describe(element)
        if facts["tag"] == "input" and facts["type"] == "file":
            fixture = FIXTURES["image"] if _wants_image(step.value, facts["accept"]) else FIXTURES["pdf"]
            spec, located = self._locator(target, facts, "upload")
            self.uploads.add(fixture)
            self._act(located, "upload", {**spec, "file": f"fixtures/{fixture}"}, file=fixture)
            return
        if facts["tag"] == "select":
            spec, located = self._locator(target, facts, "select")
            option = next((o["text"] for o in facts["options"] if o["value"] == step.value), None) or step.value
            chosen = replace(option, facts, _show(spec))
            texts = [o["text"] for o in facts["options"]]
            if chosen.kind == "persona" and chosen.replay_value not in texts:  # the fake is not offered: the first real one
                first = next((o["text"] for o in facts["options"] if o["value"]), texts[0] if texts else option)
                chosen = Replacement(chosen.field, "fake", first, first)
            if chosen.kind == "fake" and chosen.written not in texts:
                chosen = Replacement(chosen.field, "kept", option, option)  # a choice the page offers, not a typed value
            if chosen.kind != "kept":
                self.replacements.append(chosen)
            self._act(located, "select", {**spec, "option": chosen.written}, value=chosen.replay_value)
            return
        if facts["tag"] == "input" and facts["type"] in ("checkbox", "radio"):
            kind = "check" if facts["type"] == "radio" or step.value in ("on", "true", facts.get("value", "on")) else "uncheck"
            spec, located = self._locator(target, facts, kind)
            self._act(located, kind, spec)
            return
        spec, located = self._locator(target, facts, "fill")
        replaced = replace(step.value, facts, _show(spec))
        self.replacements.append(replaced)
        self._act(located, "fill", {**spec, "value": replaced.written}, value=replaced.replay_value)

    def _key(self, step: Key, last: bool) -> str | None:
        if step.key not in KEYS_KEPT:
            return None  # typed characters are in the `change` steps; modifiers act with other keys
        focused = self.page.locator("*:focus")
        if focused.count() == 0:
            self._current().actions.append({"press": step.key})
            self.page.keyboard.press(step.key)
            self._screen_after()
            return None
        facts, target = self._describe(focused.first)
        spec, located = self._locator(target, facts, "press")
        if self._held_back(step, facts, last, {"press": {"key": step.key, **spec}}):
            return f"press {step.key} {_show(spec)}"
        self._act(located, "press", {"key": step.key, **spec}, value=step.key)
        self._screen_after()
        return None

    def _held_back(self, step: Click | Key, facts: dict[str, Any], last: bool, written: dict[str, Any]) -> bool:
        """Whether this action sends the request, and is therefore written irreversible and, unless told to
        send, not done: marked so while recording (Shift held, or a name that says it), or a submit (a submit
        button, Enter in a form's field) that is the recording's last action or whose button says it sends."""
        entered = isinstance(step, Key) and step.key == "Enter" and facts["isField"] and facts["inForm"] \
            and facts["tag"] != "textarea"
        sends = bool((step.model_extra or {}).get("parcours_sends")) or (
            (facts["isSubmit"] or entered) and (last or bool(SENDS.search(facts["submitName"]))))
        if not sends:
            return False
        self._current().irreversible = True
        if self.send:
            return False
        self._current().actions.append(written)
        return True

    def _act(self, target: PwLocator, kind: str, written: dict[str, Any], value: str = "", file: str = "") -> None:
        """Write the action, then perform it as the person did, on the element its locator finds."""
        self._current().actions.append({kind: written})
        spec = {k: v for k, v in written.items() if k not in ("file", "value", "option", "key")}
        try:
            match kind:
                case "click":
                    target.click()
                case "check" | "uncheck":
                    try:
                        target.set_checked(kind == "check", timeout=1_000)
                    except Error:  # a styled box under its label (design systems): the label is clicked
                        target.evaluate("el => (el.labels && el.labels[0] || el).click()")
                case "fill":
                    target.fill(value)
                case "select":
                    target.select_option(label=value)
                case "upload":
                    target.set_input_files(str(resources.files("harness.recording").joinpath("fixtures", file)))
                case "press":
                    target.press(value)
        except Error as exc:
            raise self._error("recording_action_failed", action=f"{kind} {_show(spec)}", detail=_first_line(exc)) from None

    # -- elements --------------------------------------------------------------------------------------

    def _find(self, step: Click | Change | WaitForElement) -> PwLocator:
        """The first element one of the step's selectors finds, waiting for the page as Chrome's replay does."""
        deadline = monotonic() + self.timeout / 1000
        while True:
            for selector in step.selectors:
                try:
                    found = self._selector(selector)
                    if found is not None and found.count() > 0:
                        return found.first
                except Error:
                    continue  # a selector the page cannot read: the next one
            if monotonic() > deadline:
                raise self._error("recording_not_found", "recording_selectors", selectors=" ; ".join(selector_texts(step))[:400])
            self.page.wait_for_timeout(100)

    def _selector(self, selector: str | list[str]) -> PwLocator | None:
        parts = [selector] if isinstance(selector, str) else list(selector)
        if not parts:
            return None
        if len(parts) == 1 and parts[0].startswith("aria/"):
            match = _ARIA.match(parts[0][len("aria/"):])
            assert match is not None
            token = secrets.token_hex(4)
            if read(self.page, ARIA_QUERY, [match["name"], match["role"] or "", token], timeout=self.timeout):
                return self.page.locator(f'[data-parcours-aria="{token}"]')
            return None
        if len(parts) == 1 and parts[0].startswith("text/"):
            return self.page.get_by_text(parts[0][len("text/"):])
        if len(parts) == 1 and parts[0].startswith("xpath/"):
            return self.page.locator("xpath=" + parts[0][len("xpath/"):])
        found: Page | PwLocator = self.page
        for part in parts:  # CSS, through shadow roots (Playwright's CSS pierces open ones)
            if part.startswith(("aria/", "text/", "xpath/")):
                return None
            found = found.locator(part.removeprefix("pierce/"))
        return found if isinstance(found, PwLocator) else None

    def _describe(self, element: PwLocator) -> tuple[dict[str, Any], PwLocator]:
        token = secrets.token_hex(4)
        try:
            facts = element.evaluate(DESCRIBE, token)
        except Error as exc:
            raise self._error("recording_action_failed", action="—", detail=_first_line(exc)) from None
        return facts, self.page.locator(f'[data-parcours-target="{token}"]').first

    def _locator(self, target: PwLocator, facts: dict[str, Any], kind: str) -> tuple[dict[str, Any], PwLocator]:
        """The first locator, in the order a person perceives the element, that finds it and it alone, with
        the Playwright locator a replay builds from it (the action is done through that one)."""
        handle = target.element_handle()
        role = facts["role"] if facts["role"] in ARIA_ROLES else None
        tries: list[dict[str, Any]] = []
        labels = [facts["labelOwn"]] if facts["labelOwn"] and facts["labelOwn"] != facts["label"] else []
        by_label = [{"label": label} for label in [*labels, facts["label"]] if label]
        by_role = [{"role": role, "name": facts["name"]}] if role and facts["name"] else []
        by_text = [{"text": facts["text"]}] if facts["text"] and not facts["isField"] else []
        by_placeholder = [{"placeholder": facts["placeholder"]}] if facts["placeholder"] else []
        for one in (by_label + by_role if facts["isField"] else by_role + by_label) + by_placeholder + by_text:
            tries += [one, {**one, "exact": True}]
        if facts["group"]:
            tries += [{**one, "within": facts["group"]} for one in list(tries)]
        tries.append({"css": facts["css"]})
        try:
            for candidate in tries:
                try:
                    spec = Locator.model_validate(candidate)
                    built = locators.build(self.page, spec, spec.strategies()[0][0])
                    if built.evaluate_all(SAME, handle):
                        if "css" in candidate:  # nothing a person perceives finds it: a finding, as in a replay
                            self.css_only.append((self._current().name, f"{kind} {facts['css']}"))
                        return candidate, built
                except (Error, ValidationError):
                    continue
        finally:
            handle.evaluate("el => el.removeAttribute('data-parcours-target')")
        raise self._error("recording_not_found", "recording_selectors", selectors=facts["css"])

    # -- the scenario ------------------------------------------------------------------------------------

    def _scenario(self) -> dict[str, Any]:
        title = printable(self.recording.title, one_line=True)[:200].strip() or (self.screens[0].name if self.screens else "") \
            or t("recording.untitled", self.lang)
        slug = slugify(title, empty="enregistrement")[:80].strip("-") or "enregistrement"
        persona = any(r.kind == "persona" for r in self.replacements)
        steps = []
        for screen in self.screens:
            step: dict[str, Any] = {"name": screen.name}
            if screen.expect:
                step["expect"] = screen.expect
            if screen.actions:
                step["actions"] = screen.actions
            if screen.irreversible:
                step["irreversible"] = True
            steps.append(step)
        scenario: dict[str, Any] = {"id": slug, "title": title, "procedure": slug,
                                    "version": t("recording.version", self.lang), "start_url": self.recording.start_url}
        if persona:
            scenario["persona"] = PERSONA_ID
        scenario["allowed_hosts"] = list(self.recording.hosts)
        scenario["steps"] = steps
        return scenario

    def _error(self, code: str, hint: str | None = None, **params: Any) -> ParcoursError:
        return InputError(code, {"step": getattr(self, "number", 0), **params}, Location(path=Path(self.recording.source)),
                          hint)


def _wants_image(recorded: str, accept: str) -> bool:
    """A photo for a photo: the recorded file's kind, else what the field accepts (images only, or not)."""
    if IMAGE.search(recorded.strip()):
        return True
    if recorded.lower().strip().endswith(".pdf"):
        return False
    kinds = [k.strip().lower() for k in accept.split(",") if k.strip()]
    return bool(kinds) and all(k.startswith("image/") or IMAGE.search(k) for k in kinds)


def _ignored(step: Any) -> bool:
    return not isinstance(step, (Navigate, Click, Change, Key, WaitForElement))


def _show(spec: dict[str, Any]) -> str:
    return Locator.model_validate({k: v for k, v in spec.items() if k not in ("file", "value", "option", "key")}).describe()


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


def import_recording(recording: Recording, browser: Browser, gate: Gate, lang: Lang, *, send: bool = False,
                     timeout_ms: float = 10_000, budget_s: float | None = None) -> Imported:
    """Walk `recording` once and return the scenario it becomes; `budget_s`: how long the walk may take."""
    walk = Walk(recording, browser, gate, lang, send=send, timeout_ms=timeout_ms, budget_s=budget_s)
    try:
        return walk.run()
    finally:
        walk.close()


def import_in_chromium(recording: Recording, lang: Lang, *, send: bool = False, timeout_ms: float = 10_000,
                       budget_s: float | None = None) -> Imported:
    """`import_recording` in a Chromium and a gate of its own, both closed after: the command's and the app's way."""
    from harness.replay.browser import launch

    gate = Gate()
    try:
        with launch(extra_args=RECORDING_ARGS) as browser:
            return import_recording(recording, browser, gate, lang, send=send, timeout_ms=timeout_ms, budget_s=budget_s)
    finally:
        gate.close()
