"""Read run records back: every complete run of a campaign, the latest per scenario and profile."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from harness.errors import InputError, Location
from harness.runs.record import RunRecord
from harness.runs.writer import RUN_FILE


@dataclass(frozen=True)
class StoredRun:
    record: RunRecord
    folder: Path

    def screenshot(self, step_index: int) -> Path | None:
        step = self.record.steps[step_index]
        return self.folder / step.screenshot if step.screenshot else None


def load_runs(runs_dir: Path, campaign: str | None = None) -> list[StoredRun]:
    """Every complete run under `runs_dir` (hidden, half-written folders are skipped)."""
    pattern = f"{campaign}/*/*/{RUN_FILE}" if campaign else f"*/*/*/{RUN_FILE}"
    runs = []
    for path in sorted(runs_dir.glob(pattern)):
        if any(part.startswith(".") for part in path.relative_to(runs_dir).parts):
            continue
        try:
            runs.append(StoredRun(RunRecord.model_validate(json.loads(path.read_text("utf-8"))), path.parent))
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
