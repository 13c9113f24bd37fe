"""Replay many scenarios under many profiles in one browser, feeding events to handlers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from time import monotonic

from playwright.sync_api import Browser, Error
from pydantic_core import PydanticCustomError

from harness.errors import InputError, Location, ParcoursError, ReplayError
from harness.i18n import default_lang, t
from harness.replay.browser import launch
from harness.replay.engine import Replayer, ReplayOptions, StartState
from harness.replay.events import Event, Handler, RunFinished
from harness.replay.gate import Gate
from harness.replay.profiles import Profile
from harness.runs.record import RunRecord, check_campaign_name
from harness.scenario.loader import LoadedScenario
from harness.scenario.models import _locale, _timezone
from harness.scenario.secrets import redact


@dataclass(frozen=True)
class RunSkipped:
    """A run that could not start (a relative start URL and no base URL, say)."""

    scenario_id: str
    profile: str
    error: ParcoursError


@dataclass(frozen=True)
class SetupReplayed:
    """A setup scenario was replayed (once per profile and browser) for the runs that start from it."""

    scenario_id: str
    profile: str
    succeeded: bool


@dataclass(frozen=True)
class Settings:
    campaign: str
    base_url: str | None = None
    allow_irreversible: bool = False
    timeout_ms: float = 10_000
    headed: bool = False
    campaign_timeout_s: float | None = None  # runs not started by then are skipped
    ignore_https_errors: bool = False
    checks: bool = True  # off only to measure what Parcours's own checks cost (benchmarks/checks_cost.py)
    screenshots: bool = True  # off only where findings alone are judged, never for reports (the precision corpus)
    locale: str | None = None  # for scenarios that name none; None: fr-FR
    timezone: str | None = None  # for scenarios that name none; None: Europe/Paris


def check_settings(campaign: str, timeout_s: float, campaign_timeout_s: float | None = None,
                   locale: str | None = None, timezone: str | None = None) -> None:
    """Refuse, before any browser starts, settings that can never work."""
    check_campaign_name(campaign)
    for option, seconds in (("--timeout", timeout_s), ("--campaign-timeout", campaign_timeout_s)):
        if seconds is not None and not seconds > 0:  # also refuses NaN
            raise InputError("bad_timeout", {"value": f"{seconds:g}"}, Location(field=option), "timeout")
    for option, value, valid, hint in (("--locale", locale, _locale, "locale"), ("--timezone", timezone, _timezone, "timezone")):
        if value is not None:
            try:
                valid(value)
            except PydanticCustomError as exc:
                raise InputError(exc.type, {"value": value}, Location(field=option), hint) from None


class BrowserSession:
    """One Chromium for many runs, started again if it crashed, and the gate its runs go through."""

    def __init__(self, headed: bool = False) -> None:
        self.headed = headed
        self._stack = ExitStack()
        self._browser: Browser | None = None
        self._gate: Gate | None = None
        self._states: dict[tuple[Path, str], StartState | ParcoursError] = {}  # per setup file and profile

    def start_state(self, setup: LoadedScenario, options: ReplayOptions) -> StartState | ParcoursError:
        """The browser state a setup scenario leaves, replayed once per profile for this session's
        runs (kept in memory only: a session cookie is as good as a password); or why it failed."""
        key = self._key(setup, options.profile)
        if key not in self._states:
            self._states[key] = self._replay_setup(setup, replace(options, start_state=None, keep_state=True))
        return self._states[key]

    def replayed(self, setup: LoadedScenario, profile: Profile) -> bool:
        return self._key(setup, profile) in self._states

    @staticmethod
    def _key(setup: LoadedScenario, profile: Profile) -> tuple[Path, str]:
        return setup.path.resolve(), profile.name

    def _replay_setup(self, setup: LoadedScenario, options: ReplayOptions) -> StartState | ParcoursError:
        record, state = None, None
        for event in Replayer(self.browser(), self.gate()).replay(setup, options):
            if isinstance(event, RunFinished):
                record, state = event.record, event.state
        assert record is not None
        if state is not None:
            return StartState(setup.scenario.id, state)
        failure = record.failure
        step = record.steps[failure.step].name if failure else record.steps[-1].name
        lang = default_lang()
        reason = t(f"failures.{failure.kind.value}", lang, **failure.params) if failure else t(f"outcomes.{record.outcome.value}", lang)
        return ReplayError("setup_failed", {"setup": str(setup.path), "step": step, "reason": redact(reason)},
                           hint="replay_setup")

    def gate(self) -> Gate:
        if self._gate is None:
            self._gate = Gate()
        return self._gate

    def browser(self) -> Browser:
        if self._browser is None or not self._browser.is_connected():
            self._stack.close()
            self._stack = ExitStack()
            self._browser = self._stack.enter_context(launch(self.headed))
        return self._browser

    def close(self) -> None:
        self._stack.close()
        self._browser = None
        if self._gate is not None:
            self._gate.close()
            self._gate = None

    def __enter__(self) -> BrowserSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


Pair = tuple[LoadedScenario, Profile]


def pairs_of(scenarios: Sequence[LoadedScenario], profiles: Sequence[Profile], shard: tuple[int, int] | None = None) -> list[Pair]:
    """Every scenario × profile pair, or shard i of n: the pairs sorted by scenario id and profile name,
    every n-th from the i-th. Machines given the same scenarios and profiles share them out exactly
    once between them, and each gets as many as the others, give or take one."""
    pairs = [(loaded, profile) for loaded in scenarios for profile in profiles]
    if shard is None:
        return pairs
    index, count = shard
    ordered = sorted(pairs, key=lambda pair: (pair[0].scenario.id, pair[1].name))
    return ordered[index - 1::count]


SHARD = re.compile(r"^(\d+)/(\d+)$")


def parse_shard(text: str) -> tuple[int, int]:
    """`i/n`, 1 ≤ i ≤ n, as a CI matrix names its jobs."""
    match = SHARD.match(text.strip())
    if match is None or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise InputError("bad_shard", {"value": text}, Location(field="--shard"), "shard_form")
    return int(match.group(1)), int(match.group(2))


def run_campaign(
    scenarios: Sequence[LoadedScenario],
    profiles: Sequence[Profile],
    settings: Settings,
    handlers: Iterable[Handler],
    session: BrowserSession | None = None,
    pairs: Sequence[Pair] | None = None,
) -> list[RunRecord]:
    """Replay each scenario under each profile (or only `pairs`); a failed run does not stop the others.

    A run whose browser died is reported as skipped and the browser is started
    again for the next one; past the campaign's deadline, runs are skipped."""
    handlers = list(handlers)
    records: list[RunRecord] = []
    own = session is None
    session = session or BrowserSession(settings.headed)
    deadline = monotonic() + settings.campaign_timeout_s if settings.campaign_timeout_s else None
    try:
        for loaded, profile in pairs if pairs is not None else pairs_of(scenarios, profiles):
            if deadline is not None and monotonic() > deadline:
                error = ReplayError("campaign_deadline", {"seconds": f"{settings.campaign_timeout_s:g}"})
                _dispatch(handlers, RunSkipped(loaded.scenario.id, profile.name, error))
                continue
            options = ReplayOptions(
                campaign=settings.campaign, profile=profile, base_url=settings.base_url,
                allow_irreversible=settings.allow_irreversible, timeout_ms=settings.timeout_ms,
                ignore_https_errors=settings.ignore_https_errors, checks=settings.checks,
                screenshots=settings.screenshots,
                locale=settings.locale, timezone=settings.timezone,
            )
            try:
                if loaded.setup is not None:
                    known = session.replayed(loaded.setup, profile)
                    start = session.start_state(loaded.setup, options)
                    if not known:
                        _dispatch(handlers, SetupReplayed(loaded.setup.scenario.id, profile.name,
                                                          not isinstance(start, ParcoursError)))
                    if isinstance(start, ParcoursError):
                        _dispatch(handlers, RunSkipped(loaded.scenario.id, profile.name, start))
                        continue
                    options = replace(options, start_state=start)
                for event in Replayer(session.browser(), session.gate()).replay(loaded, options):
                    _dispatch(handlers, event)
                    if isinstance(event, RunFinished):
                        records.append(event.record)
            except ParcoursError as exc:
                if exc.code == "no_browser":
                    raise
                _abandon(handlers)
                _dispatch(handlers, RunSkipped(loaded.scenario.id, profile.name, exc))
            except Error as exc:  # the browser itself failed (killed, out of memory)
                _abandon(handlers)
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                error = ReplayError("browser_failed", {"detail": first})
                _dispatch(handlers, RunSkipped(loaded.scenario.id, profile.name, error))
    finally:
        if own:
            session.close()
    return records


def _abandon(handlers: list[Handler]) -> None:
    """A run that ended half-way leaves nothing behind."""
    for handler in handlers:
        if hasattr(handler, "abandon"):
            handler.abandon()


def _dispatch(handlers: list[Handler], event: Event | RunSkipped | SetupReplayed) -> None:
    for handler in handlers:
        handler.handle(event)  # type: ignore[arg-type]
