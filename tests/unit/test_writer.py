"""Runs are written whole or not at all, and never over an earlier one."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

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


def test_stale_temporary_folders_are_removed_but_not_those_of_a_live_run(tmp_path: Path) -> None:
    import os
    import socket
    import subprocess

    from harness.runs.writer import OWNER_FILE, clean_stale

    folder = tmp_path / "essai" / "demo"
    gone = subprocess.Popen(["true"])
    gone.wait()
    killed, live, ownerless = folder / ".tmp-killed", folder / ".tmp-live", folder / ".tmp-old"
    for path, pid in ((killed, gone.pid), (live, os.getpid())):
        (path / "screens").mkdir(parents=True)
        (path / OWNER_FILE).write_text(f"{socket.gethostname()} {pid}")
    ownerless.mkdir()
    old = 0  # 1970: older than any orphan age
    os.utime(ownerless, (old, old))
    removed = clean_stale(tmp_path, "essai")
    assert sorted(p.name for p in removed) == [".tmp-killed", ".tmp-old"]
    assert live.exists() and not killed.exists()


def test_a_new_run_of_the_campaign_cleans_up_and_readers_never_see_temporary_folders(tmp_path: Path) -> None:
    import subprocess

    from harness.runs.reader import load_runs
    from harness.runs.writer import OWNER_FILE

    gone = subprocess.Popen(["true"])
    gone.wait()
    stale = tmp_path / "essai" / "demo" / ".tmp-killed"
    (stale / "screens").mkdir(parents=True)
    (stale / OWNER_FILE).write_text(f"{__import__('socket').gethostname()} {gone.pid}")
    (stale / RUN_FILE).write_text("{half a record")
    assert load_runs(tmp_path, "essai") == []  # never read, even half-written
    writer = RunWriter(tmp_path, "essai")
    write_one(writer, record())
    assert not stale.exists() and len(writer.written) == 1


@pytest.mark.parametrize("name", ["../../x", "a/b", "..", "x*", "[ab]", "", "a" * 65, ".hidden"])
def test_campaign_names_cannot_lead_outside_the_runs_folder(tmp_path: Path, name: str) -> None:
    from harness.errors import InputError

    with pytest.raises(InputError) as caught:
        RunWriter(tmp_path, name)
    assert caught.value.code == "bad_campaign_name"


def test_a_step_name_of_300_characters_gives_a_screenshot_name_a_file_system_takes(tmp_path: Path) -> None:
    from harness.scenario.models import Step

    step = Step.model_validate({"name": "Votre demande de carte mobilité inclusion " * 8})
    assert len(step.name) > 300 and len(step.slug) <= 80
    name = f"screens/01-{step.slug}.png"
    rec = record().model_copy(update={"steps": [StepRecord(index=0, name=step.name, slug=step.slug, status=StepStatus.PASSED,
                                                           screenshot=name)]})
    writer = RunWriter(tmp_path, "essai")
    writer.handle(RunStarted("demo", rec.profile, (step.name,)))
    writer.handle(ScreenCaptured(0, name, b"\x89PNG fake"))
    writer.handle(RunFinished(rec))
    (folder,) = writer.written
    assert (folder / name).read_bytes() == b"\x89PNG fake"
