"""Replay many scenarios under many profiles in one browser, feeding events to handlers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass

from playwright.sync_api import Browser

from harness.errors import ParcoursError
from harness.replay.browser import launch
from harness.replay.engine import Replayer, ReplayOptions
from harness.replay.events import Event, Handler, RunFinished
from harness.replay.profiles import Profile
from harness.runs.record import RunRecord
from harness.scenario.loader import LoadedScenario


@dataclass(frozen=True)
class RunSkipped:
    """A run that could not start (a relative start URL and no base URL, say)."""

    scenario_id: str
    profile: str
    error: ParcoursError


@dataclass(frozen=True)
class Settings:
    campaign: str
    base_url: str | None = None
    allow_irreversible: bool = False
    timeout_ms: float = 10_000
    headed: bool = False


class BrowserSession:
    """One Chromium for many runs, started again if it crashed."""

    def __init__(self, headed: bool = False) -> None:
        self.headed = headed
        self._stack = ExitStack()
        self._browser: Browser | None = None

    def browser(self) -> Browser:
        if self._browser is None or not self._browser.is_connected():
            self._stack.close()
            self._stack = ExitStack()
            self._browser = self._stack.enter_context(launch(self.headed))
        return self._browser

    def close(self) -> None:
        self._stack.close()
        self._browser = None

    def __enter__(self) -> BrowserSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def run_campaign(
    scenarios: Sequence[LoadedScenario],
    profiles: Sequence[Profile],
    settings: Settings,
    handlers: Iterable[Handler],
    session: BrowserSession | None = None,
) -> list[RunRecord]:
    """Replay each scenario under each profile; a failed run does not stop the others."""
    handlers = list(handlers)
    records: list[RunRecord] = []
    own = session is None
    session = session or BrowserSession(settings.headed)
    try:
        for loaded in scenarios:
            for profile in profiles:
                options = ReplayOptions(
                    campaign=settings.campaign, profile=profile, base_url=settings.base_url,
                    allow_irreversible=settings.allow_irreversible, timeout_ms=settings.timeout_ms,
                )
                try:
                    for event in Replayer(session.browser()).replay(loaded, options):
                        _dispatch(handlers, event)
                        if isinstance(event, RunFinished):
                            records.append(event.record)
                except ParcoursError as exc:
                    if exc.code == "no_browser":
                        raise
                    _dispatch(handlers, RunSkipped(loaded.scenario.id, profile.name, exc))
    finally:
        if own:
            session.close()
    return records


def _dispatch(handlers: list[Handler], event: Event | RunSkipped) -> None:
    for handler in handlers:
        handler.handle(event)  # type: ignore[arg-type]
