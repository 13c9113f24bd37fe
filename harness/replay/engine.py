"""Replay one scenario in Chromium, screen by screen, yielding events as it goes."""

from __future__ import annotations

import platform
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from importlib.metadata import version
from time import perf_counter
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Error, Page, Route, expect
from playwright.sync_api import TimeoutError as PwTimeout

import harness
from harness.errors import ReplayError
from harness.replay import locators
from harness.replay.audit import audit
from harness.replay.events import Event, RunFinished, RunStarted, ScreenCaptured, StepFinished, StepStarted
from harness.replay.profiles import Profile
from harness.runs.record import (
    ActionRecord,
    BlockedRequest,
    Effort,
    Failure,
    FailureKind,
    FormField,
    Outcome,
    RunRecord,
    ScenarioRef,
    StepRecord,
    StepStatus,
    Timings,
    Versions,
)
from harness.scenario.loader import LoadedScenario
from harness.scenario.models import (
    Check,
    Click,
    Fill,
    FieldError,
    Goto,
    Heading,
    Press,
    Select,
    Step,
    Text,
    Title,
    Uncheck,
    Upload,
    Url,
    Visible,
    WaitFor,
    action_kind,
)

PAGE_FACTS = resources.files("harness.replay").joinpath("page_facts.js").read_text("utf-8")


@dataclass(frozen=True)
class ReplayOptions:
    campaign: str
    profile: Profile
    base_url: str | None = None
    allow_irreversible: bool = False
    timeout_ms: float = 10_000


class StepFailed(Exception):
    """A step could not go on; carries what the run record says about it."""

    def __init__(self, kind: FailureKind, technical: str, /, **params: str) -> None:
        super().__init__(technical)
        self.kind, self.detail, self.params = kind, technical, params


def resolve_url(url: str, base_url: str | None) -> str:
    """An absolute URL as is; a path appended to the base URL (keeping its own path)."""
    if urlsplit(url).scheme:
        return url
    if not base_url:
        raise ReplayError("base_url_needed", {"url": url})
    if not urlsplit(base_url).scheme:
        raise ReplayError("bad_base_url", {"url": base_url})
    return base_url.rstrip("/") + "/" + url.lstrip("/")


def allowed_hosts(loaded: LoadedScenario, base_url: str | None) -> list[str]:
    declared = loaded.scenario.allowed_hosts
    if declared:
        return list(declared)
    return [urlsplit(resolve_url(loaded.scenario.start_url, base_url)).hostname or ""]


class Replayer:
    """Replays scenarios in one running browser, a fresh context for each run."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser

    def replay(self, loaded: LoadedScenario, options: ReplayOptions) -> Iterator[Event]:
        start_url = resolve_url(loaded.scenario.start_url, options.base_url)
        run = _Run(self.browser, loaded, options, start_url)
        yield from run.events()


@dataclass
class _Run:
    browser: Browser
    loaded: LoadedScenario
    options: ReplayOptions
    start_url: str
    blocked: list[BlockedRequest] = field(default_factory=list)
    escaped_to: str | None = None  # a main-frame navigation that left the allowed hosts
    current: int | None = None
    axe_version: str | None = None
    captured: tuple[StepRecord, bytes] | None = None  # the current screen, once recorded
    done: list[ActionRecord] = field(default_factory=list)  # its actions performed so far

    def events(self) -> Iterator[Event]:
        scenario = self.loaded.scenario
        hosts = allowed_hosts(self.loaded, self.options.base_url)
        started = datetime.now(UTC)
        yield RunStarted(scenario.id, self.options.profile.name, tuple(s.name for s in scenario.steps))
        context = self.browser.new_context(**self.options.profile.context)
        context.set_default_timeout(self.options.timeout_ms)
        context.route("**/*", lambda route: self._guard(route, hosts))
        page = context.new_page()
        records: list[StepRecord] = []
        failure: Failure | None = None
        outcome = Outcome.PASSED
        try:
            for index, step in enumerate(scenario.steps):
                self.current, self.captured, self.done = index, None, []
                yield StepStarted(index, step.name)
                try:
                    if index == 0:
                        self._goto(page, self.start_url)
                    record, png = self._step(page, index, step)
                except StepFailed as exc:
                    record, png, failure = self._failed(page, index, step, exc)
                if png is not None:
                    yield ScreenCaptured(index, record.screenshot or "", png)
                records.append(record)
                yield StepFinished(record)
                if failure is not None:
                    outcome = Outcome.FAILED
                    break
                if record.status is StepStatus.STOPPED:
                    outcome = Outcome.STOPPED
                    break
        finally:
            try:
                context.close()
            except Error:
                pass  # the browser may already be gone; the record says why
        for index in range(len(records), len(scenario.steps)):
            step = scenario.steps[index]
            records.append(StepRecord(index=index, name=step.name, slug=step.slug, status=StepStatus.NOT_REACHED))
        record = RunRecord(
            campaign=self.options.campaign,
            scenario=ScenarioRef(
                id=scenario.id, title=scenario.title, procedure=scenario.procedure,
                version=scenario.version, owner=scenario.owner, path=str(self.loaded.path),
                sha256=self.loaded.sha256,
            ),
            profile=self.options.profile.name,
            base_url=self.options.base_url,
            allowed_hosts=hosts,
            irreversible_allowed=self.options.allow_irreversible,
            started_at=started,
            finished_at=datetime.now(UTC),
            outcome=outcome,
            failure=failure,
            versions=self._versions(),
            blocked_requests=self.blocked,
            steps=records,
        )
        yield RunFinished(record)

    # -- one screen -------------------------------------------------------

    def _step(self, page: Page, index: int, step: Step) -> tuple[StepRecord, bytes]:
        timeout = self.options.timeout_ms
        t0 = perf_counter()
        self._arrive(page)
        for expectation in step.expect:
            _check(page, expectation, timeout)
        t1 = perf_counter()
        facts = page.evaluate(PAGE_FACTS)
        png = page.screenshot(full_page=True, type="png")
        t2 = perf_counter()
        result = audit(page)
        self.axe_version = self.axe_version or result.axe_version
        t3 = perf_counter()
        timings = Timings(expect_s=t1 - t0, screenshot_s=t2 - t1, audit_s=t3 - t2, actions_s=0.0)
        screen = self._record(index, step, StepStatus.PASSED, facts, timings).model_copy(
            update={"violations": result.violations, "needs_review": result.needs_review}
        )
        self.captured = (screen, png)
        if step.irreversible and not self.options.allow_irreversible:
            return screen.model_copy(update={"status": StepStatus.STOPPED}), png
        for action in step.actions:
            self.done.append(self._act(page, action, timeout))
        self._left_allowed_hosts()
        timings = timings.model_copy(update={"actions_s": perf_counter() - t3})
        return screen.model_copy(
            update={"timings": timings, "duration_s": timings.expect_s + timings.actions_s, "actions": self.done}
        ), png

    def _arrive(self, page: Page) -> None:
        try:
            page.wait_for_load_state("load")
        except Error as exc:
            raise _classify(exc, None) from None
        self._left_allowed_hosts()

    def _record(self, index: int, step: Step, status: StepStatus, facts: dict, timings: Timings | None) -> StepRecord:
        fields = [FormField(**f) for f in facts["fields"]]
        return StepRecord(
            index=index, name=step.name, slug=step.slug, status=status,
            url=facts["url"], title=facts["title"], screenshot=_screenshot_name(index, step),
            duration_s=(timings.expect_s + timings.actions_s) if timings else None,
            timings=timings,
            effort=Effort(
                actions=len(step.actions), fields=len(fields),
                required_fields=sum(f.required for f in fields), words=facts["words"],
            ),
            viewport_width=facts["viewport_width"], page_width=facts["page_width"],
            horizontal_scroll=facts["page_width"] > facts["viewport_width"],
            headings=facts["headings"], fields=fields, error_summary_links=facts["error_summary_links"], text=facts["text"],
        )

    def _failed(self, page: Page, index: int, step: Step, exc: StepFailed) -> tuple[StepRecord, bytes | None, Failure]:
        """Keep what can still be seen of the failing screen, and the plain reason."""
        failure = Failure(kind=exc.kind, step=index, params=exc.params, detail=exc.detail)
        if self.captured is not None:  # failed during its actions: the screen was recorded
            screen, png = self.captured
            return screen.model_copy(update={"status": StepStatus.FAILED, "actions": self.done}), png, failure
        record = StepRecord(index=index, name=step.name, slug=step.slug, status=StepStatus.FAILED)
        png = None
        try:  # the screenshot matters most: taken on its own, whatever else fails
            png = page.screenshot(full_page=True, type="png", timeout=5_000)
            record = record.model_copy(update={"screenshot": _screenshot_name(index, step), "url": page.url})
        except Error:
            pass  # a crashed page has nothing more to show
        try:
            facts = page.evaluate(PAGE_FACTS)
            record = self._record(index, step, StepStatus.FAILED, facts, None).model_copy(
                update={"screenshot": record.screenshot}
            )
        except Error:
            pass  # e.g. the browser's own error page after a refused connection
        return record, png, failure

    # -- actions and expectations -------------------------------------------

    def _act(self, page: Page, action: object, timeout: float) -> ActionRecord:
        kind = action_kind(action)  # type: ignore[arg-type]
        spec = getattr(action, kind)
        target = spec.describe() if hasattr(spec, "describe") else None
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
                _perform(action, element, self.loaded, timeout)
        except locators.NotFound as exc:
            raise StepFailed(FailureKind.ELEMENT_NOT_FOUND, str(exc), target=str(exc)) from None
        except Error as exc:
            raise _classify(exc, target) from None
        return ActionRecord(kind=kind, target=target, locator_kind=located, duration_s=perf_counter() - t0)

    def _goto(self, page: Page, url: str) -> None:
        try:
            page.goto(url)
        except Error as exc:
            self._left_allowed_hosts()
            raise _classify(exc, None) from None

    # -- safety -----------------------------------------------------------

    def _guard(self, route: Route, hosts: list[str]) -> None:
        request = route.request
        host = urlsplit(request.url).hostname
        if host is None or host in hosts:
            route.fallback()
            return
        self.blocked.append(BlockedRequest(url=request.url, host=host, step=self.current))
        if request.is_navigation_request() and request.frame.parent_frame is None:
            self.escaped_to = host
        route.abort("blockedbyclient")

    def _left_allowed_hosts(self) -> None:
        if self.escaped_to is not None:
            host, self.escaped_to = self.escaped_to, None
            raise StepFailed(FailureKind.BLOCKED_HOST, f"navigation to {host} blocked", host=host)

    def _versions(self) -> Versions:
        return Versions(
            parcours=harness.__version__, python=platform.python_version(),
            playwright=version("playwright"), browser=self.browser.version, axe_core=self.axe_version,
        )


def _screenshot_name(index: int, step: Step) -> str:
    return f"screens/{index + 1:02d}-{step.slug}.png"


def _perform(action: object, element, loaded: LoadedScenario, timeout: float) -> None:  # noqa: ANN001
    match action:
        case Click():
            element.click(timeout=timeout)
        case Fill(fill=spec):
            element.fill(spec.value, timeout=timeout)
        case Select(select=spec):
            element.select_option(label=spec.option, timeout=timeout)
        case Check():
            element.check(timeout=timeout)
        case Uncheck():
            element.uncheck(timeout=timeout)
        case Upload(upload=spec):
            element.set_input_files(loaded.upload_path(spec.file), timeout=timeout)
        case Press(press=spec):
            element.press(spec.key, timeout=timeout)
        case WaitFor(wait_for=spec):
            element.wait_for(state=spec.state, timeout=timeout)


def _check(page: Page, expectation: object, timeout: float) -> None:
    """Wait until the expectation holds, or fail the step saying which did not."""
    described = describe_expectation(expectation)
    try:
        match expectation:
            case Heading(heading=spec):
                heading = page.get_by_role("heading", name=spec.name, level=spec.level)
                expect(heading.first).to_be_visible(timeout=timeout)
            case Text(text=text):
                expect(page.get_by_text(text).first).to_be_visible(timeout=timeout)
            case Url(url=pattern):
                expect(page).to_have_url(url_pattern(pattern), timeout=timeout)
            case Title(title=title):
                expect(page).to_have_title(re.compile(re.escape(title)), timeout=timeout)
            case Visible(visible=spec):
                element, _ = locators.resolve(page, spec, timeout)
                expect(element.first).to_be_visible(timeout=timeout)
            case FieldError(field_error=spec):
                element, _ = locators.resolve(page, spec, timeout)
                expect(element).to_have_attribute("aria-invalid", "true", timeout=timeout)
                if spec.message:
                    expect(element).to_have_accessible_description(
                        re.compile(re.escape(spec.message)), timeout=timeout
                    )
    except (AssertionError, locators.NotFound) as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else described
        raise StepFailed(FailureKind.EXPECTATION_UNMET, detail, expectation=described) from None
    except Error as exc:
        raise _classify(exc, described) from None


def describe_expectation(expectation: object) -> str:
    match expectation:
        case Heading(heading=spec):
            return f'heading "{spec.name}"'
        case Text(text=text):
            return f'text "{text}"'
        case Url(url=pattern):
            return f'url "{pattern}"'
        case Title(title=title):
            return f'title "{title}"'
        case Visible(visible=spec):
            return f"visible {spec.describe()}"
        case FieldError(field_error=spec):
            return f"field error on {spec.describe()}"
    return repr(expectation)


def url_pattern(pattern: str) -> re.Pattern[str]:
    """A glob on the whole URL if it has a `*`; a path the URL has (query aside); else exact.

    Playwright matches these in the page, as JavaScript regular expressions:
    only syntax both languages share is used.
    """
    if "*" in pattern:
        return re.compile("^" + ".*".join(re.escape(part) for part in pattern.split("*")) + "$")
    if pattern.startswith("/"):
        return re.compile(r"^[a-z][a-z0-9+.-]*://[^/]+" + re.escape(pattern) + r"([?#].*)?$")
    return re.compile("^" + re.escape(pattern) + "$")


def _classify(exc: Error, target: str | None) -> StepFailed:
    """Name what went wrong in the user's terms, keeping the browser's words as detail."""
    message = str(exc).strip()
    first = message.splitlines()[0] if message else type(exc).__name__
    if "strict mode violation" in message:
        return StepFailed(FailureKind.AMBIGUOUS_ELEMENT, first, target=target or "")
    if "ERR_BLOCKED_BY_CLIENT" in message:
        return StepFailed(FailureKind.BLOCKED_HOST, first, host="?")
    if "net::ERR_" in message or "NS_ERROR" in message:
        code = re.search(r"net::ERR_[A-Z_]+", message)
        return StepFailed(FailureKind.NAVIGATION_ERROR, first, detail=code.group(0) if code else first)
    if "crash" in message.lower() or "Target page, context or browser has been closed" in message:
        return StepFailed(FailureKind.BROWSER_CRASH, first, detail=first)
    if isinstance(exc, PwTimeout):
        if target is not None:
            return StepFailed(FailureKind.ELEMENT_NOT_FOUND, first, target=target)
        return StepFailed(FailureKind.TIMEOUT, first, detail=first)
    return StepFailed(FailureKind.ACTION_ERROR, first, detail=first)
