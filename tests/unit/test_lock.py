"""The set-up installs the locked versions: requirements.lock names every dependency pyproject.toml declares,
and what is installed is what it pins (scripts/check_lock.py, which scripts/setup.sh runs, says so)."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[2]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-").replace(".", "-")


def test_the_lock_pins_every_declared_dependency_and_the_install_matches_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_name(r) for r in project["dependencies"]} | {_name(r) for extra in project["optional-dependencies"].values()
                                                             for r in extra}
    lines = [line for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[A-Za-z0-9_.+!-]+", line) for line in lines), lines
    pinned = {_name(line) for line in lines}
    assert declared <= pinned, declared - pinned
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_lock.py"), "--list"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "at the versions of requirements.lock" in result.stdout and "pydantic==" in result.stdout


def test_the_axe_core_that_audits_is_the_one_harness_axe_pins() -> None:
    """The set-up installs harness/axe with npm ci: replays inject that axe-core, at its lock's version."""
    import json
    import re

    from harness.replay import audit

    lock = json.loads((audit.PINNED_AXE.parents[2] / "package-lock.json").read_text("utf-8"))
    pinned = lock["packages"]["node_modules/axe-core"]["version"]
    assert audit.PINNED_AXE.is_file(), "scripts/setup.sh did not install harness/axe"
    assert re.search(rf'axe\.version="{re.escape(pinned)}"', audit.AXE_SCRIPT)
    assert tuple(int(p) for p in pinned.split(".")) >= (4, 14, 1)
