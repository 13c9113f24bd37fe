"""Run folders are untrusted input (CI artefacts, shards merged by hand): a record is read through its
model, and every path it names must stay inside its run folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from harness.errors import InputError
from harness.runs.reader import load_runs
from harness.runs.record import RunRecord, ScenarioRef, StepRecord, StepStatus, Versions, Outcome
from tests.analysis.builders import NOW

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def record(scenario_id: str = "demarche-v1", screenshot: str = "screens/01-accueil.png") -> dict:
    run = RunRecord(
        campaign="essai", scenario=ScenarioRef(id=scenario_id, title="Démarche", procedure="demarche", version="v1",
                                               owner=None, path="x.yaml", sha256="0" * 64),
        profile="desktop", base_url=None, allowed_hosts=["127.0.0.1"], irreversible_allowed=False,
        started_at=NOW, finished_at=NOW, outcome=Outcome.PASSED,
        versions=Versions(parcours="0", python="3", playwright="1", browser="1", axe_core="4"),
        steps=[StepRecord(index=0, name="Accueil", slug="accueil", status=StepStatus.PASSED, screenshot="screens/01-accueil.png")],
    )
    data = json.loads(run.model_dump_json())
    data["steps"][0]["screenshot"] = screenshot
    return data


def write_run(runs: Path, data: dict, scenario_id: str = "demarche-v1") -> Path:
    folder = runs / "essai" / scenario_id / "20261123T090000.000Z-desktop"
    (folder / "screens").mkdir(parents=True)
    (folder / "run.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


def test_a_screenshot_inside_the_run_folder_is_found(tmp_path: Path) -> None:
    folder = write_run(tmp_path, record())
    (folder / "screens" / "01-accueil.png").write_bytes(PNG)
    [run] = load_runs(tmp_path, "essai")
    assert run.screenshot(0) == folder / "screens" / "01-accueil.png"


@pytest.mark.parametrize("path", ["../../../.app-secret", "/etc/passwd", "screens/../../x.png", "screens/.hidden.png",
                                  "screens\\..\\x.png", "screens/01.png\x00"])
def test_a_record_naming_a_path_outside_its_folder_is_refused_naming_the_run(tmp_path: Path, path: str) -> None:
    write_run(tmp_path, record(screenshot=path))
    with pytest.raises(InputError) as caught:
        load_runs(tmp_path, "essai")
    assert caught.value.code == "bad_run_record" and caught.value.location.path.name == "run.json"
    assert "20261123T090000.000Z-desktop" in str(caught.value.location.path)


def test_a_screenshot_that_is_a_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "app-secret"
    secret.write_text("the cookie secret")
    folder = write_run(tmp_path / "runs", record())
    os.symlink(secret, folder / "screens" / "01-accueil.png")
    [run] = load_runs(tmp_path / "runs", "essai")
    with pytest.raises(InputError) as caught:
        run.screenshot(0)
    assert caught.value.code == "run_path_outside"


def test_a_record_that_is_a_device_or_a_pipe_is_refused_without_hanging(tmp_path: Path) -> None:
    folder = write_run(tmp_path, record())
    (folder / "run.json").unlink()
    os.mkfifo(folder / "run.json")
    with pytest.raises(InputError) as caught:
        load_runs(tmp_path, "essai")
    assert caught.value.code == "not_regular_file"
    (folder / "run.json").unlink()
    os.symlink("/dev/zero", folder / "run.json")
    with pytest.raises(InputError) as caught:
        load_runs(tmp_path, "essai")
    assert caught.value.code == "not_regular_file"


def test_a_report_on_a_tampered_run_copies_nothing_and_names_the_run(tmp_path: Path) -> None:
    import subprocess
    import sys

    secret = tmp_path / "app-secret"
    secret.write_text("the cookie secret")
    folder = write_run(tmp_path / "runs", record())
    os.symlink(secret, folder / "screens" / "01-accueil.png")
    result = subprocess.run(
        [sys.executable, "-c", "from harness.cli import main; main()", "--lang", "en", "--db", str(tmp_path / "p.db"), "report", "procedure",
         "demarche-v1", "--campaign", "essai", "--runs-dir", str(tmp_path / "runs"), "--out", str(tmp_path / "reports"),
         "--no-pdf"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "outside its run folder" in result.stderr and "20261123T090000.000Z-desktop" in result.stderr
    copied = [p for p in (tmp_path / "reports").rglob("*") if p.is_file()] if (tmp_path / "reports").exists() else []
    assert not any(p.read_bytes() == b"the cookie secret" for p in copied)
