"""Write runs to runs/<campaign>/<scenario>/<UTC timestamp>-<profile>/, atomically."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from harness.errors import InputError, Location
from harness.replay.events import Event, RunFinished, RunStarted, ScreenCaptured

RUN_FILE = "run.json"


def run_folder_name(started: datetime, profile: str) -> str:
    return started.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%f")[:-3] + f"Z-{profile}"


class RunWriter:
    """Listens to a replay and leaves a complete run folder, or none.

    Screens are written into a hidden temporary folder next to the final one,
    which is renamed into place once run.json is complete: readers never see
    half a run, and an earlier run is never overwritten.
    """

    def __init__(self, runs_dir: Path, campaign: str) -> None:
        self.root = runs_dir / campaign
        self.campaign = campaign
        self.pending: Path | None = None
        self.written: list[Path] = []

    def handle(self, event: Event) -> None:
        match event:
            case RunStarted(scenario_id=scenario_id):
                folder = self.root / scenario_id
                self.pending = folder / f".tmp-{uuid.uuid4().hex}"
                try:
                    (self.pending / "screens").mkdir(parents=True)
                except OSError as exc:
                    raise InputError(
                        "runs_dir_unwritable", {"path": str(folder), "detail": exc.strerror or str(exc)},
                        Location(path=folder),
                    ) from None
            case ScreenCaptured(filename=filename, png=png):
                assert self.pending is not None
                (self.pending / filename).write_bytes(png)
            case RunFinished(record=record):
                assert self.pending is not None
                (self.pending / RUN_FILE).write_text(record.model_dump_json(indent=2), encoding="utf-8")
                self.written.append(self._publish(self.pending, record.started_at, record.profile))
                self.pending = None

    def abandon(self) -> None:
        """Drop the folder of a run that could not finish (interrupted)."""
        if self.pending is not None:
            shutil.rmtree(self.pending, ignore_errors=True)
            self.pending = None

    @staticmethod
    def _publish(pending: Path, started: datetime, profile: str) -> Path:
        while True:
            final = pending.parent / run_folder_name(started, profile)
            try:
                final.mkdir()  # reserves the name; fails if a run already has it
            except FileExistsError:
                time.sleep(0.001)
                started = datetime.now(UTC)
                continue
            os.replace(pending, final)  # onto the empty folder just made: atomic
            return final
