"""Runs are written whole or not at all, and never over an earlier one."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from harness.replay.events import RunFinished, RunStarted, ScreenCaptured
from harness.runs.record import SCHEMA_VERSION, Outcome, RunRecord, ScenarioRef, StepRecord, StepStatus, Versions
from harness.runs.writer import RUN_FILE, RunWriter

STARTED = datetime(2026, 11, 23, 8, 30, 0, 123000, tzinfo=UTC)


def record(profile: str = "desktop") -> RunRecord:
    return RunRecord(
        campaign="essai",
        scenario=ScenarioRef(id="demo", title="Démo", procedure="demo", version="v1", owner=None, path="x.yaml", sha256="0"),
        profile=profile, base_url=None, allowed_hosts=["127.0.0.1"], irreversible_allowed=False,
        started_at=STARTED, finished_at=STARTED, outcome=Outcome.PASSED,
        versions=Versions(parcours="0", python="3", playwright="1", browser="1", axe_core="4"),
        steps=[StepRecord(index=0, name="Accueil", slug="accueil", status=StepStatus.PASSED, screenshot="screens/01-accueil.png")],
    )


def write_one(writer: RunWriter, rec: RunRecord) -> None:
    writer.handle(RunStarted("demo", rec.profile, ("Accueil",)))
    writer.handle(ScreenCaptured(0, "screens/01-accueil.png", b"\x89PNG fake"))
    writer.handle(RunFinished(rec))


def test_a_run_folder_has_the_design_layout(tmp_path: Path) -> None:
    writer = RunWriter(tmp_path, "essai")
    write_one(writer, record())
    (folder,) = writer.written
    assert folder.relative_to(tmp_path).as_posix() == "essai/demo/20261123T083000.123Z-desktop"
    assert (folder / "screens" / "01-accueil.png").read_bytes() == b"\x89PNG fake"
    data = json.loads((folder / RUN_FILE).read_text())
    assert data["schema_version"] == SCHEMA_VERSION and data["outcome"] == "passed"
    assert RunRecord.model_validate(data) == record()
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]  # no temporary left


def test_the_same_start_time_never_overwrites_an_earlier_run(tmp_path: Path) -> None:
    writer = RunWriter(tmp_path, "essai")
    write_one(writer, record())
    write_one(writer, record())
    first, second = writer.written
    assert first != second and first.name.endswith("-desktop") and second.name.endswith("-desktop")
    assert (first / RUN_FILE).exists() and (second / RUN_FILE).exists()


def test_an_interrupted_run_leaves_nothing_readers_would_see(tmp_path: Path) -> None:
    writer = RunWriter(tmp_path, "essai")
    writer.handle(RunStarted("demo", "desktop", ("Accueil",)))
    writer.handle(ScreenCaptured(0, "screens/01-accueil.png", b"png"))
    writer.abandon()
    assert list((tmp_path / "essai" / "demo").iterdir()) == []
    assert writer.written == []
