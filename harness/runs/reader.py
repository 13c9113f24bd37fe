"""Read run records back: every complete run of a campaign, the latest per scenario and profile."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from harness.errors import InputError, Location
from harness.files import read_regular
from harness.runs.record import RunRecord
from harness.runs.writer import RUN_FILE

MAX_RUN_BYTES = 64 * 1024 * 1024  # a record of a hundred screens is a few megabytes


@dataclass(frozen=True)
class StoredRun:
    record: RunRecord
    folder: Path

    def screenshot(self, step_index: int) -> Path | None:
        """The step's screenshot, a regular file inside the run folder; None when there is none."""
        name = self.record.steps[step_index].screenshot
        return self.file(name) if name else None

    def file(self, name: str) -> Path | None:
        """A file the record names (a screenshot), a regular file inside the run folder; None when missing.
        A record is untrusted: a name that leads out of the folder (through a symbolic link, say)
        is refused with an error naming the run."""
        path = self.folder / name
        try:
            inside = path.resolve(strict=True).is_relative_to(self.folder.resolve(strict=True))
        except (OSError, RuntimeError):  # missing, or a loop of links
            return None
        if not inside or not path.is_file():
            raise InputError("run_path_outside", {"path": name}, Location(path=self.folder / RUN_FILE))
        return path


def load_runs(runs_dir: Path, campaign: str | None = None) -> list[StoredRun]:
    """Every complete run under `runs_dir` (hidden, half-written folders are skipped)."""
    pattern = f"{campaign}/*/*/{RUN_FILE}" if campaign else f"*/*/*/{RUN_FILE}"
    runs = []
    for path in sorted(runs_dir.glob(pattern)):
        if any(part.startswith(".") for part in path.relative_to(runs_dir).parts):
            continue
        try:
            text = read_regular(path, MAX_RUN_BYTES, f"{MAX_RUN_BYTES // 1024 // 1024} Mio").decode("utf-8")
            runs.append(StoredRun(RunRecord.model_validate_json(text), path.parent))
        except ValueError as exc:
            raise InputError("bad_run_record", {"detail": str(exc).splitlines()[0]}, Location(path=path)) from None
    return runs


def latest(runs: list[StoredRun]) -> dict[tuple[str, str], StoredRun]:
    """The newest run of each (scenario id, profile)."""
    chosen: dict[tuple[str, str], StoredRun] = {}
    for run in runs:
        key = (run.record.scenario.id, run.record.profile)
        if key not in chosen or run.record.started_at > chosen[key].record.started_at:
            chosen[key] = run
    return chosen
