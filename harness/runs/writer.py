"""Write runs to runs/<campaign>/<scenario>/<UTC timestamp>-<profile>/, atomically."""

from __future__ import annotations

import os
import shutil
import socket
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from harness.errors import InputError, Location
from harness.files import read_regular
from harness.replay.events import Event, RunFinished, RunStarted, ScreenCaptured
from harness.runs.record import check_campaign_name
from harness.scenario.secrets import redact

RUN_FILE = "run.json"
TEMP_PREFIX = ".tmp-"
OWNER_FILE = "owner"  # "<host> <pid>" of the process writing a temporary run folder
ORPHAN_AGE_S = 24 * 3600  # a temporary folder whose owner cannot be asked is removed after this


def clean_stale(runs_dir: Path, campaign: str | None = None) -> list[Path]:
    """Remove the temporary folders of runs whose process is gone (killed, crashed).

    A folder is kept while its writing process lives, so that parallel
    replays into one campaign never lose each other's work."""
    pattern = f"{campaign}/*/{TEMP_PREFIX}*" if campaign else f"*/*/{TEMP_PREFIX}*"
    removed = []
    for folder in runs_dir.glob(pattern):
        if folder.is_dir() and not _owner_alive(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _owner_alive(folder: Path) -> bool:
    try:  # a run folder may come from elsewhere: its owner file is read as a small regular file only
        host, pid = read_regular(folder / OWNER_FILE, 512, "512 o").decode("utf-8").split()
    except (InputError, ValueError):
        host, pid = "", "0"
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    try:  # another machine's, or no owner written: judged by age
        return time.time() - folder.stat().st_mtime < ORPHAN_AGE_S
    except OSError:
        return False


def run_folder_name(started: datetime, profile: str) -> str:
    return started.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%f")[:-3] + f"Z-{profile}"


class RunWriter:
    """Listens to a replay and leaves a complete run folder, or none.

    Screens are written into a hidden temporary folder next to the final one,
    which is renamed into place once run.json is complete: readers never see
    half a run, and an earlier run is never overwritten.
    """

    def __init__(self, runs_dir: Path, campaign: str) -> None:
        self.root = runs_dir / check_campaign_name(campaign)
        self.runs_dir = runs_dir
        self.campaign = campaign
        self.pending: Path | None = None
        self.written: list[Path] = []
        self.cleaned = False

    def handle(self, event: Event) -> None:
        match event:
            case RunStarted(scenario_id=scenario_id):
                if not self.cleaned:  # what killed runs of this campaign left behind
                    clean_stale(self.runs_dir, self.campaign)
                    self.cleaned = True
                folder = self.root / scenario_id
                self.pending = folder / f"{TEMP_PREFIX}{uuid.uuid4().hex}"
                try:
                    (self.pending / "screens").mkdir(parents=True)
                    (self.pending / OWNER_FILE).write_text(f"{socket.gethostname()} {os.getpid()}", encoding="utf-8")
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
                # a secret typed into a field, or echoed back by the site, is written "••••"
                (self.pending / RUN_FILE).write_text(redact(record.model_dump_json(indent=2)), encoding="utf-8")
                (self.pending / OWNER_FILE).unlink(missing_ok=True)
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
