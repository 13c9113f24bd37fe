"""`parcours run -j N`: worker processes share a campaign; Ctrl-C stops them all cleanly."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness.cli import demo_scenarios
from harness.demo.app import create_app
from harness.webserver import BackgroundServer
from tests.browser.demo_copies import short_demo

pytestmark = pytest.mark.browser


def command(site: str, *extra: str, scenarios: Path | None = None) -> list[str]:
    return [sys.executable, "-c", "from harness.cli import main; main()", "run", str(scenarios or demo_scenarios()), "--base-url", site,
            "--campaign", "par", "--runs-dir", "runs", "--profile", "desktop", "--profile", "mobile", "-j", "2", *extra]


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (workers, Playwright's drivers, Chromium), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def as_in_a_terminal() -> None:
    """Ctrl-C's signal as a terminal leaves it (a test run in a script's background inherits it ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def as_in_a_script() -> None:
    """A command a script starts in its background: the shell has it ignore SIGINT, its workers too."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def started(site: str, folder: Path) -> subprocess.Popen[str]:
    """A two-worker campaign, once a run is under way (its temporary folder exists)."""
    process = subprocess.Popen(command(site), cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "COLUMNS": "200", "PARCOURS_LANG": "fr"}, preexec_fn=as_in_a_terminal)
    deadline = time.monotonic() + 120
    while not list((folder / "runs").glob("par/*/.tmp-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)
    return process


def test_two_workers_replay_every_pair_once_and_show_both(tmp_path: Path) -> None:
    short = short_demo(tmp_path / "scenarios")  # how the pairs are shared does not depend on a procedure's length
    with BackgroundServer(create_app()) as site:
        result = subprocess.run(command(site.url, scenarios=short), cwd=tmp_path, capture_output=True, text=True,
                                env={**os.environ, "COLUMNS": "200", "PARCOURS_LANG": "fr"}, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    folders = sorted(p.relative_to(tmp_path / "runs" / "par") for p in (tmp_path / "runs" / "par").glob("*/*"))
    assert len(folders) == 4 and len({(f.parts[0], f.name.rsplit("-", 1)[1]) for f in folders}) == 4
    assert all((tmp_path / "runs" / "par" / f / "run.json").is_file() for f in folders)
    assert "[1] cmi-stationnement" in result.stdout and "[2] cmi-stationnement" in result.stdout


def test_ctrl_c_during_a_two_worker_campaign_leaves_no_temporary_folder_and_no_chromium(tmp_path: Path) -> None:
    with BackgroundServer(create_app()) as site:
        process = started(site.url, tmp_path)
        below = descendants(process.pid)
        assert len(below) >= 4, below  # two workers, each with its driver and its Chromium
        os.kill(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "Interrompu : les rejeux terminés sont gardés" in stderr
    assert not list((tmp_path / "runs").rglob(".tmp-*"))  # the runs in progress left nothing
    for folder in (tmp_path / "runs" / "par").glob("*/*"):
        assert (folder / "run.json").is_file()  # what is there is whole
    deadline = time.monotonic() + 10
    while [pid for pid in below if alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in below if alive(pid)]  # no worker, no driver, no Chromium left running


def test_a_worker_that_dies_fails_its_run_not_the_campaign(tmp_path: Path) -> None:
    with BackgroundServer(create_app()) as site:
        process = started(site.url, tmp_path)
        workers = [pid for pid in descendants(process.pid)
                   if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes() and alive(pid)]
        assert len(workers) == 2, workers
        os.kill(min(workers), signal.SIGKILL)  # out of memory, say
        stdout, stderr = process.communicate(timeout=240)
    assert process.returncode == 1, stdout + stderr  # one run lost: the campaign says so
    assert "le processus qui menait ce rejeu s'est arrêté (code -9)" in stdout + stderr
    folders = list((tmp_path / "runs" / "par").glob("*/*"))
    assert len(folders) == 3 and all((f / "run.json").is_file() for f in folders)  # the others all went through
    assert not list((tmp_path / "runs").rglob(".tmp-*"))  # nothing half-written left


def test_sigterm_with_hundreds_of_runs_queued_stops_within_seconds(tmp_path: Path) -> None:
    """640 runs waiting: the queue must not keep the interrupted process from exiting; started as a script's
    background job (SIGINT ignored, down to its workers), it still stops its workers at once."""
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    text = (Path(demo_scenarios()) / "cmi-stationnement-apres.yaml").read_text("utf-8")
    (scenarios / "personas.yaml").write_text((Path(demo_scenarios()) / "personas.yaml").read_text("utf-8"), "utf-8")
    shutil.copytree(Path(demo_scenarios()) / "fixtures", scenarios / "fixtures")
    for i in range(160):
        (scenarios / f"copie-{i:03d}.yaml").write_text(
            text.replace("id: cmi-stationnement-apres", f"id: copie-{i:03d}"), "utf-8")
    with BackgroundServer(create_app()) as site:
        command_line = command(site.url, "--profile", "zoom200", "--profile", "keyboard")
        command_line[command_line.index(str(demo_scenarios()))] = str(scenarios)
        process = subprocess.Popen(command_line, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env={**os.environ, "COLUMNS": "200", "PARCOURS_LANG": "fr"}, preexec_fn=as_in_a_script)
        deadline = time.monotonic() + 120
        while not list((tmp_path / "runs").glob("par/*/.tmp-*")) and time.monotonic() < deadline:
            time.sleep(0.1)
        below = descendants(process.pid)
        sent = time.monotonic()
        os.kill(process.pid, signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
        took = time.monotonic() - sent
    print(f"\nSIGTERM with 640 runs queued: exit {process.returncode} after {took:.1f} s")
    assert process.returncode == 130, stderr
    assert not list((tmp_path / "runs").rglob(".tmp-*"))
    deadline = time.monotonic() + 10
    while [pid for pid in below if alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in below if alive(pid)]
