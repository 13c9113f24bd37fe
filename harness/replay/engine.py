"""Replay one scenario in Chromium, screen by screen, yielding events as it goes."""

from __future__ import annotations

import platform
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from importlib.metadata import version
from typing import Any
from time import perf_counter
from urllib.parse import urljoin, urlsplit

from playwright.sync_api import Browser, BrowserContext, CDPSession, Error, Page, expect
from playwright.sync_api import TimeoutError as PwTimeout

import harness
from harness.errors import ReplayError
from harness.replay import journey, keyboard, locators
from harness.replay.audit import PRELOAD, audit
from harness.replay.events import Event, RunFinished, RunStarted, ScreenCaptured, StepFinished, StepStarted
from harness.replay.gate import Gate, GateFailure, Listener
from harness.replay.memory import MemoryWatch
from harness.replay.profiles import Profile
from harness.replay.reading import read
from harness.replay.watch import FORM_ERROR_STATUSES, RunWatch, tunnel_key
from harness.runs.record import (
    ActionRecord,
    Effort,
    ErrorState,
    Failure,
    FailureKind,
    FormField,
    ImageFacts,
    JourneyFacts,
    LinkFacts,
    LoadFacts,
    Outcome,
    RunRecord,
    ScenarioRef,
    ScreenshotFallback,
    StepRecord,
    StepStatus,
    TableFacts,
    Timings,
    Versions,
    value_hash,
)
from harness.scenario.loader import LoadedScenario
from harness.scenario.models import (
    DEFAULT_LOCALE,
    DEFAULT_TIMEZONE,
    Check,
    Click,
    Fill,
    FieldError,
    Goto,
    Heading,
    Locator,
    LocatorKind,
    Press,
    Select,
    Step,
    Text,
    Title,
    Uncheck,
    Upload,
    Url,
    UrlSpec,
    Visible,
    WaitFor,
    action_kind,
    url_problem,
)
from harness.scenario.secrets import REDACTOR
from harness.weburl import WebUrl, has_scheme, host_allowed, host_of, parse

PAGE_FACTS = resources.files("harness.replay").joinpath("page_facts.js").read_text("utf-8")
PAGE_AND_JOURNEY_FACTS = journey.with_page_facts(PAGE_FACTS)

# How error states are marked up, whatever the language: the GOV.UK and DSFR
# classes and their usual cousins. Shared by the page facts and `field_error`.
ERROR_PATTERNS: dict[str, object] = {
    "message": ".govuk-error-message, .fr-error-text, .fr-message--error, [class*='error-message'], "
               "[class*='invalid-feedback'], [class*='field-error'], [class*='form-error'], [class*='erreur']",
    "group": ".govuk-form-group--error, .fr-input-group--error, .fr-select-group--error, .fr-fieldset--error, "
             ".fr-radio-group--error, .fr-checkbox-group--error, [class*='group--error'], [class*='has-error']",
    "summary": ".govuk-error-summary, .fr-alert--error, [class*='error-summary'], [class*='errorsummary']",
}

# Is this field shown in error, and what do its messages say?
FIELD_IN_ERROR = """(e, p) => {
  const ids = (a) => (e.getAttribute(a) || "").split(/\\s+/).filter(Boolean);
  const tied = [...ids("aria-describedby"), ...ids("aria-errormessage")]
    .map((id) => document.getElementById(id)).filter(Boolean);
  // the field's own group: an ancestor marked in error, or the largest one
  // holding no other question's control, with a message in it
  const others = (n) => Array.from(n.querySelectorAll("input, select, textarea"))
    .some((c) => c !== e && (!c.name || c.name !== e.name) && c.type !== "hidden");
  let group = null, messages = [];
  for (let n = e.parentElement; n && n !== document.body && !n.matches("form"); n = n.parentElement) {
    if (n.matches(p.group)) { group = n; break; }
    if (others(n)) break;
    if (n.querySelector(p.message)) { messages = Array.from(n.querySelectorAll(p.message)); break; }
  }
  if (group) messages = Array.from(group.querySelectorAll(p.message));
  messages = [...tied.filter((m) => m.matches(p.message) || e.getAttribute("aria-errormessage") === m.id), ...messages];
  const invalid = e.getAttribute("aria-invalid") === "true";
  return { error: invalid || !!group || messages.length > 0,
           text: [...tied, ...messages].map((m) => m.textContent).join(" ").replace(/\\s+/g, " ") };
}"""

# A full-page screenshot of a page taller than this (CSS px) is not attempted:
# Chromium lays the whole page out at once and takes minutes on such pages.
MAX_FULL_PAGE_HEIGHT = 20_000


# A field's key (id or name) and what it holds, as page facts read it back.
FIELD_STATE = """(e) => [e.id || e.getAttribute("name") || "",
  e.type === "checkbox" || e.type === "radio" ? (e.checked ? "checked" : "") : (e.value || "")]"""

# How long to listen, after a step's actions, for a new tab they may have opened.
POPUP_GRACE_MS = 50
KEYBOARD_GRACE_MS = 400
INPUT_SETTLE_MS = 2_000  # a field that cannot be read back this long after an input: did the page move on?


def heavy_timeout_ms(timeout_ms: float) -> float:
    """Deadline of Parcours' own heavy work on a screen (screenshot, audit): 3 × --timeout, 10 s at least."""
    return max(3 * timeout_ms, 10_000)


@dataclass(frozen=True)
class ReplayOptions:
    campaign: str
    profile: Profile
    base_url: str | None = None
    allow_irreversible: bool = False
    timeout_ms: float = 10_000
    ignore_https_errors: bool = False  # a staging server with a self-signed certificate
    locale: str | None = None  # the scenario's own wins; None: fr-FR
    timezone: str | None = None  # the scenario's own wins; None: Europe/Paris
    checks: bool = True  # Parcours's own checks (page facts beyond effort, axe's extra rules, tab walks); off only to measure their cost
    screenshots: bool = True  # off only where findings alone are judged: the record then names no screenshot
    start_state: StartState | None = None  # a setup scenario's browser state the run starts from
    keep_state: bool = False  # a setup scenario's run: hand its browser state on (RunFinished.state)


@dataclass(frozen=True)
class StartState:
    """Cookies and local storage a setup scenario left, to start another scenario's run with."""

    setup_id: str
    state: dict[str, Any]


def state_for_hosts(state: dict[str, Any], hosts: Sequence[str]) -> dict[str, Any]:
    """The part of a browser state a run may start with: cookies and storage of its allowed hosts
    only. An identity provider's session stays with the setup scenario that named its host."""
    def cookie_reaches(domain: str) -> bool:
        domain = domain.lstrip(".").lower()
        return any(host_allowed(h, [domain]) or h.lower().endswith("." + domain) for h in hosts)

    return {
        "cookies": [c for c in state.get("cookies", []) if cookie_reaches(c.get("domain", ""))],
        "origins": [o for o in state.get("origins", []) if host_allowed(host_of(o.get("origin", "")), hosts)],
    }


class StepFailed(Exception):
    """A step could not go on; carries what the run record says about it."""

    def __init__(self, kind: FailureKind, technical: str, /, **params: str) -> None:
        super().__init__(technical)
        self.kind, self.detail, self.params = kind, technical, params


def resolve_url(url: str, base_url: str | None) -> str:
    """An absolute URL as is; a path appended to the base URL (keeping its own path).
    Only http and https URLs come out: `file:`, `data:`, `javascript:` … are refused."""
    if has_scheme(url):
        _web_only(url)
        return url
    if not base_url:
        raise ReplayError("base_url_needed", {"url": url})
    if not has_scheme(base_url):
        raise ReplayError("bad_base_url", {"url": base_url})
    _web_only(base_url)
    return _web_only(base_url.rstrip("/") + "/" + url.lstrip("/"))


def _web_only(url: str) -> str:
    problem = url_problem(url)
    if problem is not None:
        code, params = problem
        raise ReplayError(code, {"url": url, **params}, hint="web_url")
    return url


def allowed_hosts(loaded: LoadedScenario, base_url: str | None) -> list[str]:
    declared = loaded.scenario.allowed_hosts
    if declared:
        return list(declared)
    return [host_of(resolve_url(loaded.scenario.start_url, base_url)) or ""]


class Replayer:
    """Replays scenarios in one running browser, a fresh context for each run,
    all its traffic through a gate of its own that admits its allowed hosts only."""

    def __init__(self, browser: Browser, gate: Gate) -> None:
        self.browser = browser
        self.gate = gate

    def replay(self, loaded: LoadedScenario, options: ReplayOptions) -> Iterator[Event]:
        start_url = resolve_url(loaded.scenario.start_url, options.base_url)
        hosts = allowed_hosts(loaded, options.base_url)
        listener = self.gate.open(hosts, options.timeout_ms / 1000)
        try:
            with MemoryWatch() as memory:
                yield from _Run(self.browser, loaded, options, start_url, hosts, listener, memory).events()
        finally:
            listener.close()


# Failures that leave no screen to show: the tab or browser died, or the page never stays still (it loads
# itself again and again, or opens windows): a picture or a read of it would only wait out its time limit.
_NOTHING_TO_SHOW = frozenset({FailureKind.TAB_CRASHED, FailureKind.PAGE_MEMORY, FailureKind.BROWSER_CRASH,
                              FailureKind.NAVIGATION_LOOP, FailureKind.POPUP_FLOOD})


@dataclass
class _Run:
    browser: Browser
    loaded: LoadedScenario
    options: ReplayOptions
    start_url: str
    hosts: list[str]
    listener: Listener
    memory: MemoryWatch
    watch: RunWatch = field(init=False)
    page: Page | None = None
    axe_version: str | None = None
    captured: tuple[StepRecord, bytes] | None = None  # the current screen, once recorded
    shot: tuple[dict, bytes, ScreenshotFallback | None] | None = None  # its facts and screenshot, before its audit
    done: list[ActionRecord] = field(default_factory=list)  # its actions performed so far
    led_here: tuple[str, str] | None = None  # (screen, action) that led to the next screen
    documents_seen: int = 0  # the watch's document count when the last screen was recorded
    previous_url: str = ""  # the last screen's address: a link-like `url` expectation resolves against it
    at: tuple[str | int, ...] = ()  # where in the scenario the run is: ("steps", i, "actions", j), …
    masks: list = field(default_factory=list)  # locators of the fields filled with a secret: painted over on screenshots
    secret_fields: set[str] = field(default_factory=set)  # their id or name: no hash of their value is kept
    input_documents: int | None = None  # documents seen before the last fill, select or tick
    probes: list[RunWatch] = field(default_factory=list)  # watches of the contexts of time-limit probes
    extra_shots: list[tuple[str, bytes]] = field(default_factory=list)  # pictures of the screen beside its screenshot
    devtools: CDPSession | None = None  # the page's DevTools session, where the profile slows its processor

    def __post_init__(self) -> None:
        self.watch = RunWatch(self.hosts, self.listener)
        self.previous_url = self.start_url

    @property
    def locale(self) -> str:
        return self.loaded.scenario.locale or self.options.locale or DEFAULT_LOCALE

    @property
    def timezone(self) -> str:
        return self.loaded.scenario.timezone or self.options.timezone or DEFAULT_TIMEZONE

    @property
    def seconds(self) -> str:
        return f"{self.options.timeout_ms / 1000:g}"

    @property
    def patterns(self) -> dict[str, object]:
        return ERROR_PATTERNS if self.options.checks else {**ERROR_PATTERNS, "basic": True}

    def events(self) -> Iterator[Event]:
        scenario = self.loaded.scenario
        started = datetime.now(UTC)
        yield RunStarted(scenario.id, self.options.profile.name, tuple(s.name for s in scenario.steps))
        start = self.options.start_state
        context, page = self._new_context(state_for_hosts(start.state, self.hosts) if start else None, self.watch)
        self.page = page
        self._slow_down(context, page)
        records: list[StepRecord] = []
        failure: Failure | None = None
        outcome = Outcome.PASSED
        state: dict[str, Any] | None = None
        try:
            png: bytes | None
            for index, step in enumerate(scenario.steps):
                self.watch.step, self.captured, self.shot, self.done, self.at = index, None, None, [], ("steps", index)
                yield StepStarted(index, step.name)
                try:
                    try:
                        if index == 0:
                            self._goto(page, self.start_url)
                        record, png = self._step(page, index, step)
                    except Error as exc:  # a browser call not named more precisely below
                        raise self._classify(exc, None) from None
                except StepFailed as exc:
                    record, png, failure = self._failed(page, index, step, exc)
                self.watch.collect_gate()
                if png:  # none when screenshots are off
                    yield ScreenCaptured(index, record.screenshot or "", png)
                for name, extra in self.extra_shots:
                    yield ScreenCaptured(index, name, extra)
                self.extra_shots = []
                records.append(record)
                self.previous_url = record.url or self.previous_url
                yield StepFinished(record)
                if failure is not None:
                    outcome = Outcome.FAILED
                    break
                if record.status is StepStatus.STOPPED:
                    outcome = Outcome.STOPPED
                    break
            if self.options.keep_state and outcome is Outcome.PASSED:
                state = dict(context.storage_state())
        finally:
            try:
                context.close()
            except Error:
                pass  # the browser may already be gone; the record says why
        for index in range(len(records), len(scenario.steps)):
            step = scenario.steps[index]
            records.append(StepRecord(index=index, name=step.name, slug=step.slug, status=StepStatus.NOT_REACHED))
        run = RunRecord(
            campaign=self.options.campaign,
            scenario=ScenarioRef(
                id=scenario.id, title=scenario.title, procedure=scenario.procedure,
                version=scenario.version, owner=scenario.owner, path=str(self.loaded.path),
                sha256=self.loaded.sha256, waivers={w.check: w.reason for w in scenario.waive},
                replaces={step.name: list(step.replaces) for step in scenario.steps if step.replaces},
            ),
            profile=self.options.profile.name,
            base_url=self.options.base_url,
            allowed_hosts=self.hosts,
            irreversible_allowed=self.options.allow_irreversible,
            locale=self.locale, timezone=self.timezone,
            started_at=started,
            finished_at=datetime.now(UTC),
            outcome=outcome,
            failure=failure,
            setup=start.setup_id if start else None,
            versions=self._versions(),
            blocked_requests=self.watch.blocked_requests() + [b for probe in self.probes for b in probe.blocked],
            popups=self.watch.popups,
            steps=records,
        )
        yield RunFinished(run, state)

    def _new_context(self, state: dict[str, Any] | None, watch: RunWatch) -> tuple[BrowserContext, Page]:
        """A context and its page as the profile has them, all traffic through the gate, watched."""
        profile = self.options.profile
        context = self.browser.new_context(
            **profile.context, proxy=self.listener.proxy, storage_state=state,  # type: ignore[arg-type]
            # navigator.language, Accept-Language and dates as the service's public sees them
            locale=self.locale, timezone_id=self.timezone,
            service_workers="block",  # what a service worker fetches escapes request routing
            accept_downloads=False, ignore_https_errors=self.options.ignore_https_errors,
        )
        context.set_default_timeout(self.options.timeout_ms)
        context.add_init_script(script=PRELOAD)  # axe-core, ready in each document for its audit
        context.add_init_script(script=journey.TIMERS)  # the page's long timers, where a time limit begins
        page = context.new_page()
        watch.attach(context, page)
        return context, page

    def _slow_down(self, context: BrowserContext, page: Page) -> None:
        """The profile's network and processor, through the DevTools protocol, for the replay's page."""
        profile = self.options.profile
        if not profile.network and profile.cpu_slowdown == 1:
            return
        self.devtools = context.new_cdp_session(page)
        if profile.network:
            self.devtools.send("Network.enable")
            self.devtools.send("Network.emulateNetworkConditions", profile.network.conditions())
        self._throttle(True)

    def _throttle(self, on: bool) -> None:
        """The profile's slower processor while the page works (it loads, it answers the actions), and the
        machine's own while Parcours reads it (facts, screenshot, audit): the page's load times are its own,
        taken under the slowdown; Chromium's throttling keeps a core busy, and would only slow the reading."""
        rate = self.options.profile.cpu_slowdown
        if self.devtools is not None and rate != 1:
            self.devtools.send("Emulation.setCPUThrottlingRate", {"rate": rate if on else 1})

    def _journey(self, page: Page, navigated: bool, raw: dict[str, Any]) -> tuple[JourneyFacts, LoadFacts]:
        """WCAG 2.2's journey facts of the screen (read with its page facts) and its load; a new document that
        set a timer within 20 minutes, asked for by GET (a POST's answer cannot be asked again), is left alone
        in a probe of its own."""
        timeout = self.options.timeout_ms
        facts, raw_load = self._deadline("page_facts", lambda: journey.journey_of(page, raw, timeout))
        if navigated and self.watch.method == "GET" and any(t <= journey.LIMIT_S for t in facts.timers_s):
            limit = journey.probe_time_limit(self._probe_context, page.url, timeout)
            facts = facts.model_copy(update={"time_limit": limit})
        return facts, journey.load_facts(raw_load, navigated)

    def _probe_context(self) -> tuple[BrowserContext, Page]:
        """A second context for a look that must not touch the replay's page: its cookies, the same gate."""
        assert self.page is not None
        state = dict(self.page.context.storage_state())
        probe = RunWatch(self.hosts, self.listener)
        probe.step, probe.kinds = self.watch.step, self.watch.kinds  # the gate's refusals are labelled by the run's watch
        self.probes.append(probe)
        return self._new_context(state, probe)

    # -- one screen -------------------------------------------------------

    def _step(self, page: Page, index: int, step: Step) -> tuple[StepRecord, bytes]:
        timeout = self.options.timeout_ms
        t0 = perf_counter()
        self._arrive(page)
        for e, expectation in enumerate(step.expect):
            self.at = ("steps", index, "expect", e)
            self._check(page, expectation, timeout)
        self.at = ("steps", index)
        self._arrived(page)
        self._throttle(False)
        t1 = perf_counter()
        facts = self._facts(page)
        png, fallback = self._screenshot(page, facts) if self.options.screenshots else (b"", None)
        self.shot = (facts, png, fallback)
        t2 = perf_counter()
        checks = self.options.checks
        result = self._deadline("audit", lambda: audit(page, heavy_timeout_ms(timeout), self.hosts, extra_rules=checks))
        self.axe_version = self.axe_version or result.axe_version
        walking = self.options.profile.keyboard and checks
        walked, focus_shots = self._deadline(
            "keyboard", lambda: keyboard.walk(page, timeout, pictures=self.options.screenshots)) if walking else (None, {})
        if walked is not None and focus_shots:  # the pictures of a hidden focus, named after the screen's
            walked = walked.model_copy(update={"obscured": [
                o.model_copy(update={"shot": _extra_name(index, step, f"focus-{i}")}) if i in focus_shots else o
                for i, o in enumerate(walked.obscured)]})
            self.extra_shots += [(_extra_name(index, step, f"focus-{i}"), png) for i, png in focus_shots.items()]
        navigated = index == 0 or self.watch.documents > self.documents_seen
        self.documents_seen = self.watch.documents
        journey_facts, load = self._journey(page, navigated, facts["journey"]) if checks else (JourneyFacts(), None)
        t3 = perf_counter()
        timings = Timings(expect_s=t1 - t0, screenshot_s=t2 - t1, audit_s=t3 - t2, actions_s=0.0)
        screen = self._record(index, step, StepStatus.PASSED, facts, timings).model_copy(
            update={"violations": result.violations, "needs_review": result.needs_review,
                    "screenshot_fallback": fallback, "navigated": navigated, "keyboard": walked,
                    "journey": journey_facts, "load": load,
                    "not_audited_frames": result.not_audited, "inventory": result.inventory}
        )
        self.captured = (screen, png)
        if step.irreversible and not self.options.allow_irreversible:
            return screen.model_copy(update={"status": StepStatus.STOPPED}), png
        self._after_actions()  # a popup of the previous actions that came late
        self._throttle(True)
        self.watch.acting = True  # from now on, a popup or a download is the actions' doing
        documents = self.watch.documents
        for a, action in enumerate(step.actions):
            self.at = ("steps", index, "actions", a)
            try:
                self.done.append(self._act(page, action, timeout, step))
            except StepFailed as exc:
                if not self._changed_on_input(exc):
                    raise
                break  # what was left to do belonged to the page the input took away
            if self.done[-1].navigated:
                break
        self.at = ("steps", index)
        self._wait_for_navigation(page)  # its answer tells a new screen from a download
        if step.actions and self.watch.documents == documents:
            # The page did not move on: did the actions open a new tab or start a download instead? The browser
            # says so within milliseconds. A form sent with Enter starts its navigation a task later than a
            # click, and later still on a busy machine: by keyboard, the next screen is waited for longer.
            activated = isinstance(step.actions[-1], (Click, Press))
            grace = KEYBOARD_GRACE_MS if self.options.profile.keyboard and activated else POPUP_GRACE_MS
            deadline = perf_counter() + grace / 1000
            while perf_counter() < deadline and not self.watch.pending_navigation and self.watch.documents == documents:
                page.wait_for_timeout(25)
        self._after_actions()
        timings = timings.model_copy(update={"actions_s": perf_counter() - t3})
        return screen.model_copy(
            update={"timings": timings, "duration_s": timings.expect_s + timings.actions_s, "actions": self.done}
        ), png

    def _wait_for_navigation(self, page: Page) -> None:
        """Wait until a navigation under way is answered (a document, a failure, a download)."""
        deadline = perf_counter() + self.options.timeout_ms / 1000
        while self.watch.pending_navigation and perf_counter() < deadline:
            page.wait_for_timeout(25)  # lets the browser's events come in
        if self.watch.pending_navigation:
            raise self._load_timeout(self.watch.pending_navigation)

    def _arrive(self, page: Page) -> None:
        """Wait for the screen the last action led to, then check it is one to record."""
        self._wait_for_navigation(page)
        # A document answered but not yet in the tab: the tab's load state is still its predecessor's, and
        # reading the screen now would read the old page, or the new one half parsed. A page that reloads
        # itself or opens windows by the dozen never settles: it is told at once, not at the time limit
        # (its churn kept a core busy all that while).
        deadline = perf_counter() + self.options.timeout_ms / 1000
        while self.watch.loaded < self.watch.documents and perf_counter() < deadline and not self.watch.crashed:
            churn = self._churn()
            if churn is not None:
                raise churn
            page.wait_for_timeout(25)
        if self.watch.loaded < self.watch.documents and not self.watch.crashed:
            # its load never came within the limit: told now, by the run's own count of loads (the one waited
            # on above), whatever the browser's load state says at that very moment
            raise self._load_timeout(page.url)
        try:  # within the same time limit: a page whose load never ends is told once, not after twice the limit
            page.wait_for_load_state("load", timeout=max(1.0, (deadline - perf_counter()) * 1000))
        except PwTimeout:
            raise self._load_timeout(page.url) from None
        self._verify_screen(page)

    def _arrived(self, page: Page) -> None:
        """The screen meets its expectations: what happens from now on is its own doing
        (a popup still flagged is the previous actions', and reported at the next look)."""
        self._verify_screen(page)
        self.led_here = None

    def _verify_screen(self, page: Page) -> None:
        """A screen is recorded only if it is a page of the procedure, from an allowed host."""
        watch = self.watch
        self._after_actions()
        if watch.crashed:
            raise self._crashed("the tab crashed")
        self._left_allowed_hosts()
        churn = self._churn()
        if churn is not None:
            raise churn
        url = page.url
        scheme = urlsplit(url).scheme
        if scheme == "chrome-error":  # the browser's own error page
            raise self._net_failure(watch.navigation_failure or "net::ERR_FAILED", watch.failed_url or url)
        if scheme not in ("http", "https") and url != "about:blank":
            raise StepFailed(FailureKind.UNSAFE_URL, url, url=url[:200])
        document = watch.take_document()
        if document is not None:
            if document.gate_blocked:
                raise StepFailed(FailureKind.BLOCKED_HOST, f"gate refused {document.gate_blocked}", host=document.gate_blocked)
            if document.gate_failure:
                raise self._gate_failure(GateFailure(document.gate_failure), document.url)
            if document.status >= 400 and document.status not in FORM_ERROR_STATUSES:
                raise StepFailed(
                    FailureKind.HTTP_STATUS, f"HTTP {document.status}", status=str(document.status), url=document.url
                )

    def _after_actions(self) -> None:
        """A popup or a download started by the actions ends the run: the replay follows one tab."""
        watch = self.watch
        if watch.popup_during_actions is not None:
            url, watch.popup_during_actions = watch.popup_during_actions, None
            raise StepFailed(FailureKind.POPUP_OPENED, f"popup {url}", url=url)
        if watch.download is not None:
            name, watch.download = watch.download, None
            raise StepFailed(FailureKind.DOWNLOAD_STARTED, f"download {name}", file=name)
        self._left_allowed_hosts()

    def _facts(self, page: Page) -> dict:
        # bounded (`read`), so that a page whose script hangs is given up on in time; with the checks, the
        # journey facts in the same call
        script, argument = (PAGE_AND_JOURNEY_FACTS, [self.patterns, journey.WORDS]) if self.options.checks else (PAGE_FACTS, self.patterns)
        return self._deadline(
            "page_facts", lambda: read(page, script, argument, timeout=self.options.timeout_ms))

    def _screenshot(self, page: Page, facts: dict) -> tuple[bytes, ScreenshotFallback | None]:
        """The full page if it can be had in time, else the visible part, saying which."""
        timeout = heavy_timeout_ms(self.options.timeout_ms)
        if facts.get("page_height", 0) > MAX_FULL_PAGE_HEIGHT:
            return self._deadline("screenshot", lambda: self._shoot(page, timeout)), ScreenshotFallback.TOO_TALL
        try:
            return self._shoot(page, timeout, full_page=True), None
        except PwTimeout:
            pass
        return self._deadline("screenshot", lambda: self._shoot(page, timeout)), ScreenshotFallback.TIMEOUT

    def _shoot(self, page: Page, timeout: float, full_page: bool = False) -> bytes:
        """A screenshot with every field that received a secret painted over."""
        return page.screenshot(type="png", timeout=timeout, full_page=full_page, mask=self.masks, mask_color="#161616")

    def _deadline(self, operation: str, call):  # noqa: ANN001, ANN202
        """Run one of Parcours' own browser calls; past its deadline the step fails saying which. A read the
        page left meanwhile for another document fails too (`read` would finish it on the new one): a
        screen's record is of one document."""
        documents = self.watch.documents
        try:
            result = call()
        except PwTimeout:
            seconds = f"{heavy_timeout_ms(self.options.timeout_ms) / 1000:g}" if operation != "page_facts" else self.seconds
            raise StepFailed(FailureKind.DEADLINE, f"{operation} timed out", operation=operation, seconds=seconds) from None
        if self.watch.documents != documents:
            raise self._page_moved(f"{operation}: the page went on to another document while it was read")
        return result

    def _record(self, index: int, step: Step, status: StepStatus, facts: dict, timings: Timings | None) -> StepRecord:
        fields = [FormField(**f) for f in facts["fields"]]
        return StepRecord(
            index=index, name=step.name, slug=step.slug, status=status,
            url=facts["url"], title=facts["title"],
            screenshot=_screenshot_name(index, step) if self.options.screenshots else None,
            duration_s=(timings.expect_s + timings.actions_s) if timings else None,
            timings=timings,
            effort=Effort(
                actions=len(step.actions), fields=len(fields),
                required_fields=sum(f.required for f in fields), words=facts["words"],
            ),
            viewport_width=facts["viewport_width"], page_width=facts["page_width"],
            horizontal_scroll=facts["page_width"] > facts["viewport_width"],
            headings=facts["headings"], fields=fields, error_summary_links=facts["error_summary_links"], text=facts["text"],
            prose=facts.get("prose"),
            lang=facts.get("lang"), errors=ErrorState(**facts["errors"]) if "errors" in facts else ErrorState(),
            focus=facts.get("focus"),
            field_values={key: value_hash(value) for key, value in facts.get("field_values", {}).items()
                          if key not in self.secret_fields},
            ungrouped_choices=facts.get("ungrouped_choices", []),
            links=[LinkFacts(**link) for link in facts.get("links", [])],
            heading_levels=facts.get("heading_levels", []), fake_headings=facts.get("fake_headings", []),
            tables=[TableFacts(**table) for table in facts.get("tables", [])],
            images=[ImageFacts(**image) for image in facts.get("images", [])],
            confirmation=bool(facts.get("confirmation", False)),
        )

    def _context(self, page: Page, step: Step, exc: StepFailed) -> dict[str, object]:
        """Where the page was, and for an element not found, what it offers instead."""
        if exc.kind in (FailureKind.TAB_CRASHED, FailureKind.PAGE_MEMORY, FailureKind.BROWSER_CRASH):
            return {}
        context: dict[str, object] = {"page_url": page.url}
        if exc.kind not in (FailureKind.ELEMENT_NOT_FOUND, FailureKind.AMBIGUOUS_ELEMENT,
                            FailureKind.EXPECTATION_UNMET, FailureKind.KEYBOARD_UNREACHABLE):
            return context  # the page may hang or be gone: ask it nothing more
        timeout = min(self.options.timeout_ms, 2_000)
        try:
            context["page_title"] = read(page, "() => document.title", timeout=timeout)
        except Error:
            pass
        wanted = self._wanted(step)
        if wanted is not None:
            context["candidates"] = locators.candidates(page, *wanted, timeout)
        return context

    def _wanted(self, step: Step) -> tuple[str | None, str | None] | None:
        """The role and name the failing action or expectation looked for, if it looked for an element."""
        if len(self.at) != 4:
            return None
        _, _, part, position = self.at
        item = (step.actions if part == "actions" else step.expect)[position]  # type: ignore[index]
        spec = getattr(item, next(iter(type(item).model_fields)))
        if isinstance(item, Heading):
            return "heading", spec.name
        if isinstance(item, Press):
            spec = spec.locator()
        if not isinstance(spec, Locator):
            return None
        return spec.role, spec.name or spec.label or spec.text or spec.placeholder

    def _failed(self, page: Page, index: int, step: Step, exc: StepFailed) -> tuple[StepRecord, bytes | None, Failure]:
        """Keep what can still be seen of the failing screen, and the plain reason."""
        source, place = self.loaded.doc.source(self.at or ("steps", index))
        failure = Failure(kind=exc.kind, step=index, params=exc.params, detail=exc.detail, line=source.line_of(place),
                          file=str(source.path) if source.path != self.loaded.path else None, **self._context(page, step, exc))
        if self.captured is not None:  # failed during its actions: the screen was recorded
            screen, seen = self.captured
            return screen.model_copy(update={"status": StepStatus.FAILED, "actions": self.done}), seen, failure
        if self.shot is not None:  # failed during its audit: the screen was seen and shot already, and a
            facts, shot, fallback = self.shot  # page still busy with the audit would answer nothing more in time
            record = self._record(index, step, StepStatus.FAILED, facts, None)
            return record.model_copy(update={"screenshot_fallback": fallback}), shot, failure
        record = StepRecord(index=index, name=step.name, slug=step.slug, status=StepStatus.FAILED)
        png: bytes | None = None
        if exc.kind in _NOTHING_TO_SHOW:
            return record, png, failure
        timeout = min(self.options.timeout_ms, 5_000)
        try:  # the screenshot matters most: taken on its own, whatever else fails
            png = self._shoot(page, timeout)
            record = record.model_copy(update={"screenshot": _screenshot_name(index, step), "url": page.url,
                                               "screenshot_fallback": ScreenshotFallback.TIMEOUT})
            png = self._shoot(page, timeout, full_page=True)
            record = record.model_copy(update={"screenshot_fallback": None})
        except Error:
            pass  # a crashed or hung page has nothing more to show
        try:
            facts = read(page, PAGE_FACTS, self.patterns, timeout=timeout)
            record = self._record(index, step, StepStatus.FAILED, facts, None).model_copy(
                update={"screenshot": record.screenshot, "screenshot_fallback": record.screenshot_fallback}
            )
        except Error:
            pass  # e.g. the browser's own error page after a refused connection
        return record, png, failure

    # -- actions and expectations -------------------------------------------

    def _act(self, page: Page, action: object, timeout: float, step: Step) -> ActionRecord:
        kind = action_kind(action)  # type: ignore[arg-type]
        spec = getattr(action, kind)
        target = spec.describe() if hasattr(spec, "describe") else None
        described = target or (spec.key if isinstance(action, Press) else str(spec))
        self.led_here = (step.name, f"{kind} {described}")  # a screen that does not come is blamed on it
        self.watch.acted()
        t0 = perf_counter()
        located = None
        try:
            if isinstance(action, Goto):
                self._goto(page, resolve_url(action.goto, self.options.base_url))
                target = action.goto
            elif isinstance(action, Press) and action.press.locator() is None:
                page.keyboard.press(action.press.key)
                target = action.press.key
            else:
                element_spec = action.press.locator() if isinstance(action, Press) else spec
                assert element_spec is not None
                target = element_spec.describe()
                element, located = locators.resolve(page, element_spec, timeout)
                # reached by CSS: has it a name all the same? Read before the action moves the page on
                seen_as = locators.accessible(element, timeout) if located is LocatorKind.CSS else None
                documents = self.watch.documents
                self.input_documents = documents if kind in INPUT_KINDS else None
                secret = False
                if isinstance(action, Fill):  # `{env.NAME}` read now: the value lives in memory only
                    value, secret = REDACTOR.resolve(action.fill.value)
                    action = Fill(fill=action.fill.model_copy(update={"value": value}))
                    if secret:
                        self.masks.append(element)  # hidden on every screenshot from now on
                if self.options.profile.keyboard:
                    _perform_by_keyboard(page, action, element, self.loaded, timeout)
                else:
                    _perform(action, element, self.loaded, timeout)
                if isinstance(action, (Fill, Select, Check, Uncheck)):
                    navigated = self.watch.documents > documents or bool(self.watch.pending_navigation)
                    moved = ActionRecord(kind=kind, target=target, locator_kind=located, accessible=seen_as,
                                         duration_s=perf_counter() - t0, navigated=True)
                    if navigated:  # a change of context on input: the field is gone
                        return moved
                    # what the field holds now, to tell later whether an error screen kept it
                    try:
                        field_key, value = element.evaluate(FIELD_STATE, timeout=min(timeout, INPUT_SETTLE_MS))
                    except Error:
                        if self.watch.documents > documents or self.watch.pending_navigation:
                            return moved  # the page went on while the field was read: the input took it there
                        field_key, value = element.evaluate(FIELD_STATE, timeout=timeout)
                    if secret:  # not even a hash of it is kept
                        self.secret_fields.add(field_key)
                    return ActionRecord(
                        kind=kind, target=target, locator_kind=located, accessible=seen_as,
                        duration_s=perf_counter() - t0, field=field_key or None,
                        value_hash=None if secret else value_hash(value),
                    )
                return ActionRecord(kind=kind, target=target, locator_kind=located, accessible=seen_as,
                                    duration_s=perf_counter() - t0)
        except locators.NotFound as exc:
            raise StepFailed(FailureKind.ELEMENT_NOT_FOUND, str(exc), target=str(exc)) from None
        except keyboard.NotReachable:
            raise StepFailed(FailureKind.KEYBOARD_UNREACHABLE, f"Tab never reached {target}", target=target or kind) from None
        except Error as exc:
            raise self._classify(exc, target) from None
        return ActionRecord(kind=kind, target=target, locator_kind=located, duration_s=perf_counter() - t0)

    def _changed_on_input(self, exc: StepFailed) -> bool:
        """An element not found (or a page gone) right after filling, choosing or ticking, on a page that has
        changed since: the input itself took the person elsewhere (WCAG 3.2.2), a finding, not a failed run.
        The input's record says so; the next screen is judged as the next step."""
        last = self.done[-1] if self.done else None
        if last is None or last.kind not in INPUT_KINDS or self.input_documents is None:
            return False
        if exc.kind not in (FailureKind.ELEMENT_NOT_FOUND, FailureKind.NAVIGATION_ERROR) or self.watch.documents <= self.input_documents:
            return False
        self.done[-1] = last.model_copy(update={"navigated": True, "field": None, "value_hash": None})
        return True

    def _goto(self, page: Page, url: str) -> None:
        """Go to `url` until its answer comes in: the screen's arrival, its load, is waited for by `_arrive`."""
        self.led_here = None  # a page named by URL answers for itself
        self.watch.acted()
        try:
            page.goto(url, wait_until="commit")
        except PwTimeout:
            raise self._load_timeout(url) from None
        except Error as exc:
            self._left_allowed_hosts()
            raise self._classify(exc, None, url) from None

    # -- reasons ------------------------------------------------------------

    def _left_allowed_hosts(self) -> None:
        escaped = self._escaped(None)
        if escaped is not None:
            raise escaped

    def _escaped(self, detail: str | None) -> StepFailed | None:
        """The page went to a host not allowed (a link, a meta refresh, a script): that is the reason."""
        self.watch.collect_gate()
        if self.watch.escaped_to is None:
            return None
        host, self.watch.escaped_to = self.watch.escaped_to, None
        return StepFailed(FailureKind.BLOCKED_HOST, detail or f"navigation to {host} blocked", host=host)

    def _crashed(self, detail: str) -> StepFailed:
        if self.memory.killed:
            return StepFailed(FailureKind.PAGE_MEMORY, f"renderer over {self.memory.limit_mib} MiB", limit_mib=str(self.memory.limit_mib))
        return StepFailed(FailureKind.TAB_CRASHED, detail)

    def _churn(self) -> StepFailed | None:
        """The page's own doing that keeps any screen from being read: windows opened by the
        dozen, or documents loaded again and again."""
        flood = self.watch.flooding()
        if flood is not None:
            return StepFailed(FailureKind.POPUP_FLOOD, f"{flood} windows opened", count=str(flood))
        loop = self.watch.looping()
        if loop is not None:
            count, seconds = loop
            return StepFailed(FailureKind.NAVIGATION_LOOP, f"{count} documents in {seconds:.1f} s",
                              count=str(count), seconds=f"{max(seconds, 0.1):.1f}")
        return None

    def _page_moved(self, detail: str) -> StepFailed:
        """The page went on to another document while Parcours was reading it: say where it went."""
        url = self.page.url if self.page is not None else ""
        if (parse(url) or _NO_URL).scheme not in ("http", "https", "about", "chrome-error"):
            return StepFailed(FailureKind.UNSAFE_URL, detail, url=url[:200])
        return self._escaped(detail) or self._churn() or StepFailed(FailureKind.NAVIGATION_ERROR, detail, detail=detail)

    def _load_timeout(self, url: str) -> StepFailed:
        """A screen that did not come in time: blamed on the action that led there, if any."""
        churn = self._churn()
        if churn is not None:
            return churn
        if self.led_here is not None:
            screen, action = self.led_here
            return StepFailed(
                FailureKind.NEXT_SCREEN_TIMEOUT, f"{url} did not load", screen=screen, action=action, seconds=self.seconds
            )
        return StepFailed(FailureKind.PAGE_TIMEOUT, f"{url} did not load", url=url, seconds=self.seconds)

    def _gate_failure(self, why: GateFailure, url: str) -> StepFailed:
        kinds = {
            GateFailure.DNS: FailureKind.DNS_FAILURE, GateFailure.REFUSED: FailureKind.CONNECTION_REFUSED,
            GateFailure.CLOSED: FailureKind.CONNECTION_CLOSED, GateFailure.HEAD_TOO_LARGE: FailureKind.RESPONSE_HEAD_TOO_LARGE,
        }
        if why is GateFailure.TIMEOUT:
            return self._load_timeout(url)
        return StepFailed(kinds[why], why.value, url=url, host=host_of(url) or "")

    def _net_failure(self, code: str, url: str) -> StepFailed:
        """A navigation the browser gave up on, by its net::ERR_ code."""
        host = host_of(url) or ""
        for kind, codes in NET_ERRORS.items():
            if any(c in code for c in codes):
                if kind is FailureKind.BLOCKED_HOST:
                    return StepFailed(kind, code, host=self.watch.escaped_to or host)
                if kind is FailureKind.PAGE_TIMEOUT:
                    return self._load_timeout(url)
                if kind is FailureKind.UNSAFE_URL:
                    return StepFailed(kind, code, url=url[:200])
                return StepFailed(kind, code, url=url, host=host)
        if "ERR_TUNNEL_CONNECTION_FAILED" in code:  # the gate answered a TLS tunnel
            why = self.listener.log.failure(tunnel_key(url))
            if why is not None:
                return self._gate_failure(why, url)
            return StepFailed(FailureKind.BLOCKED_HOST, code, host=host)
        return StepFailed(FailureKind.NAVIGATION_ERROR, code, detail=code)

    def _classify(self, exc: Error, target: str | None, url: str | None = None) -> StepFailed:
        """Name what went wrong in the user's terms, keeping the browser's words as detail."""
        message = str(exc).strip()
        first = message.splitlines()[0] if message else type(exc).__name__
        escaped = self._escaped(first)  # the page went elsewhere meanwhile (a meta refresh): that is the reason
        if escaped is not None:
            return escaped
        if self.watch.crashed or self.memory.killed:
            return self._crashed(first)
        churn = self._churn()
        if churn is not None:
            return churn
        if any(moved in message for moved in PAGE_MOVED):
            return self._page_moved(first)
        if "strict mode violation" in message:
            return StepFailed(FailureKind.AMBIGUOUS_ELEMENT, first, target=target or "")
        code = re.search(r"net::ERR_[A-Z_]+", message)
        if code:
            return self._net_failure(code.group(0), url or self.watch.failed_url or "")
        if "crashed" in message.lower():
            return self._crashed(first)
        if "Target page, context or browser has been closed" in message or "Browser closed" in message:
            return StepFailed(FailureKind.BROWSER_CRASH, first, detail=first)
        if isinstance(exc, PwTimeout):
            if self.watch.pending_navigation:  # the element was there; the next screen was not
                return self._load_timeout(self.watch.pending_navigation)
            if target is not None:
                return StepFailed(FailureKind.ELEMENT_NOT_FOUND, first, target=target)
            return StepFailed(FailureKind.TIMEOUT, first, detail=first)
        return StepFailed(FailureKind.ACTION_ERROR, first, detail=first)

    def _check(self, page: Page, expectation: object, timeout: float) -> None:
        try:
            _check(page, expectation, timeout, self.previous_url)
        except StepFailed:
            self._left_allowed_hosts()  # the page went elsewhere meanwhile: that is the reason
            if self.watch.pending_navigation:  # still waiting for the screen to come
                raise self._load_timeout(self.watch.pending_navigation) from None
            raise
        except Error as exc:
            raise self._classify(exc, describe_expectation(expectation)) from None

    def _versions(self) -> Versions:
        return Versions(
            parcours=harness.__version__, python=platform.python_version(),
            playwright=version("playwright"), browser=self.browser.version, axe_core=self.axe_version,
        )


def _extra_name(index: int, step: Step, what: str) -> str:
    """Another picture of a screen (a hidden focus), beside its screenshot."""
    return _screenshot_name(index, step).removesuffix(".png") + f"-{what}.png"


def _screenshot_name(index: int, step: Step) -> str:
    return f"screens/{index + 1:02d}-{step.slug}.png"


def _perform(action: object, element, loaded: LoadedScenario, timeout: float) -> None:  # noqa: ANN001
    # Actions wait for a navigation they start to commit (Playwright's default):
    # the next screen is never recorded before the page has changed.
    match action:
        case Click():
            element.click(timeout=timeout)
        case Fill(fill=spec):
            element.fill(spec.value, timeout=timeout)
        case Select(select=spec):
            element.select_option(label=spec.option, timeout=timeout)
        case Check():
            _tick(element, True, timeout)
        case Uncheck():
            _tick(element, False, timeout)
        case Upload(upload=spec):
            element.set_input_files(loaded.upload_path(spec.file), timeout=timeout)
        case Press(press=spec):
            element.press(spec.key, timeout=timeout)
        case WaitFor(wait_for=spec):
            element.wait_for(state=spec.state, timeout=timeout)


# How long a tick waits for its input to take a click, before clicking its label as a person would.
TICK_TRIAL_MS = 1_000
_LABEL_OF = "el => (el.labels && el.labels[0]) || el.closest('label')"


def _tick(element, checked: bool, timeout: float) -> None:  # noqa: ANN001
    """Tick or untick a radio or checkbox. Design systems often hide the input (opacity 0, display none)
    under a styled label: then the label is what a person clicks, and so does the replay."""
    target = element.first
    try:
        target.set_checked(checked, trial=True, timeout=min(timeout, TICK_TRIAL_MS))
    except PwTimeout:
        label = target.evaluate_handle(_LABEL_OF, timeout=timeout).as_element()
        if label is None:
            raise
        if target.is_checked(timeout=timeout) != checked:
            label.click(timeout=timeout)
        if target.is_checked(timeout=timeout) != checked:
            raise Error(f"clicking its label did not {'tick' if checked else 'untick'} the box") from None
        return
    target.set_checked(checked, timeout=timeout)


def _perform_by_keyboard(page: Page, action: object, element, loaded: LoadedScenario, timeout: float) -> None:  # noqa: ANN001
    """The same actions with the keyboard only: the element is reached with Tab, never pointed at."""
    match action:
        case Click():
            keyboard.activate(page, element, timeout)
        case Fill(fill=spec):
            keyboard.type_into(page, element, spec.value, timeout)
        case Check():
            keyboard.tick(page, element, True, timeout)
        case Uncheck():
            keyboard.tick(page, element, False, timeout)
        case Select(select=spec):  # a native list is operable by keyboard once focused
            keyboard.focus_by_tab(page, element, timeout)
            element.select_option(label=spec.option, timeout=timeout)
        case Upload(upload=spec):  # the file chooser itself is the system's
            keyboard.focus_by_tab(page, element, timeout)
            element.set_input_files(loaded.upload_path(spec.file), timeout=timeout)
        case Press(press=spec):
            keyboard.focus_by_tab(page, element, timeout)
            page.keyboard.press(spec.key)
        case WaitFor(wait_for=spec):
            element.wait_for(state=spec.state, timeout=timeout)


def _check(page: Page, expectation: object, timeout: float, base: str) -> None:
    """Wait until the expectation holds, or fail the step saying which did not. `base`: the previous
    screen's address, against which a link-like `url` resolves."""
    described = describe_expectation(expectation)
    try:
        match expectation:
            case Heading(heading=spec):
                heading = page.get_by_role("heading", name=spec.name, level=spec.level)
                expect(heading.first).to_be_visible(timeout=timeout)
            case Text(text=text):
                expect(page.get_by_text(text).first).to_be_visible(timeout=timeout)
            case Url(url=spec):
                _wait_for_url(page, spec, base, timeout)
            case Title(title=title):
                expect(page).to_have_title(re.compile(re.escape(title)), timeout=timeout)
            case Visible(visible=spec):
                element, _ = locators.resolve(page, spec, timeout)
                expect(element.first).to_be_visible(timeout=timeout)
            case FieldError(field_error=spec):
                element, _ = locators.resolve(page, spec, timeout)
                _field_in_error(page, element, spec.message, timeout)
    except (AssertionError, locators.NotFound) as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else described
        raise StepFailed(FailureKind.EXPECTATION_UNMET, detail, expectation=described) from None


def _field_in_error(page: Page, element, message: str | None, timeout: float) -> None:  # noqa: ANN001
    """Wait until the field is shown in error (aria-invalid, an error group, or a message tied
    to it or in its group) and, if asked, until one of its messages holds `message`."""
    deadline = perf_counter() + timeout / 1000
    while True:
        # The field was found already: a slow reading (a loaded machine, the page
        # leaving) is an expectation not yet met, never a missing element.
        remaining = max(deadline - perf_counter(), 0.25) * 1000
        try:
            state = element.first.evaluate(FIELD_IN_ERROR, ERROR_PATTERNS, timeout=remaining)
        except PwTimeout:
            state = {"error": False, "text": ""}
        if state["error"] and (not message or message.casefold() in state["text"].casefold()):
            return
        if perf_counter() >= deadline:
            raise AssertionError(f"field not shown in error{f' with {message!r}' if message else ''}")
        page.wait_for_timeout(100)


def describe_expectation(expectation: object) -> str:
    match expectation:
        case Heading(heading=spec):
            return f'heading "{spec.name}"'
        case Text(text=text):
            return f'text "{text}"'
        case Url(url=spec):
            return f'url "{spec.describe()}"'
        case Title(title=title):
            return f'title "{title}"'
        case Visible(visible=spec):
            return f"visible {spec.describe()}"
        case FieldError(field_error=spec):
            return f"field error on {spec.describe()}"
    return repr(expectation)


def url_matches(spec: UrlSpec, url: str, base: str) -> bool:
    """Does the page's address satisfy the expectation?

    href: with a `*`, a glob on the whole URL; else resolved like a link on the previous screen (`base`)
    and compared by path, or, written whole, by scheme, host and path; query and fragment only when given.
    """
    if spec.path is not None:
        return urlsplit(url).path == spec.path
    if spec.contains is not None:
        return spec.contains in url
    if spec.regex is not None:
        return re.search(spec.regex, url) is not None
    href = spec.href or ""
    if "*" in href:
        return re.fullmatch(".*".join(re.escape(part) for part in href.split("*")), url) is not None
    wanted, actual = urlsplit(urljoin(base, href)), urlsplit(url)
    if urlsplit(href).scheme and (wanted.scheme, wanted.netloc) != (actual.scheme, actual.netloc):
        return False
    given = urlsplit(href)
    return (wanted.path == actual.path and (not given.query or wanted.query == actual.query)
            and (not given.fragment or wanted.fragment == actual.fragment))


def _wait_for_url(page: Page, spec: UrlSpec, base: str, timeout: float) -> None:
    deadline = perf_counter() + timeout / 1000
    while not url_matches(spec, page.url, base):
        if perf_counter() >= deadline:
            raise AssertionError(f"the address is {page.url}")
        page.wait_for_timeout(50)


# What Playwright says when the page went on to another document during a call.
INPUT_KINDS = frozenset({"fill", "select", "check", "uncheck"})  # actions that only enter something
PAGE_MOVED = ("Execution context was destroyed", "Frame was detached", "because of a navigation",
              "Cannot find context with specified id")
_NO_URL = WebUrl(href="", scheme="", host="", port=None, path="", query="")

# net::ERR_ codes of a failed navigation, by the reason a person reads.
NET_ERRORS: dict[FailureKind, tuple[str, ...]] = {
    FailureKind.CONNECTION_REFUSED: ("ERR_CONNECTION_REFUSED",),
    FailureKind.CONNECTION_CLOSED: (
        "ERR_CONNECTION_CLOSED", "ERR_EMPTY_RESPONSE", "ERR_CONNECTION_RESET", "ERR_CONNECTION_ABORTED",
        "ERR_INVALID_HTTP_RESPONSE",
    ),
    FailureKind.DNS_FAILURE: ("ERR_NAME_NOT_RESOLVED", "ERR_NAME_RESOLUTION_FAILED"),
    FailureKind.TOO_MANY_REDIRECTS: ("ERR_TOO_MANY_REDIRECTS",),
    FailureKind.BLOCKED_HOST: ("ERR_BLOCKED_BY_CLIENT",),
    FailureKind.PAGE_TIMEOUT: ("ERR_TIMED_OUT",),
    FailureKind.UNSAFE_URL: ("ERR_UNSAFE_REDIRECT", "ERR_UNKNOWN_URL_SCHEME", "ERR_DISALLOWED_URL_SCHEME",
                             "ERR_INVALID_URL"),
}
