"""Typed events the replay engine yields; writers, the console and pytest listen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from harness.runs.record import RunRecord, StepRecord


@dataclass(frozen=True)
class RunStarted:
    scenario_id: str
    profile: str
    step_names: tuple[str, ...]


@dataclass(frozen=True)
class StepStarted:
    index: int
    name: str


@dataclass(frozen=True)
class ScreenCaptured:
    """A full-page screenshot, for the step whose screen it shows."""

    index: int
    filename: str
    png: bytes


@dataclass(frozen=True)
class StepFinished:
    step: StepRecord


@dataclass(frozen=True)
class RunFinished:
    record: RunRecord
    state: dict[str, Any] | None = None  # a setup scenario's cookies and local storage, kept in memory only


Event = RunStarted | StepStarted | ScreenCaptured | StepFinished | RunFinished


class Handler(Protocol):
    def handle(self, event: Event) -> None: ...
