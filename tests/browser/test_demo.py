"""`parcours demo` replays both versions under both profiles, and shows what the issue promises."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.analysis.effort import run_figures
from harness.runs.record import Outcome, RunRecord

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[tuple[str, str], RunRecord], str]:
    runs = tmp_path_factory.mktemp("runs")
    # its own process, as a user runs it (one Playwright per thread)
    result = subprocess.run(
        [sys.executable, "-c", "from harness.cli import main; main()", "demo", "--runs-dir", str(runs)],
        capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"}, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    records = {}
    for path in runs.glob("demo/*/*/run.json"):
        record = RunRecord.model_validate(json.loads(path.read_text()))
        records[(record.scenario.version, record.profile)] = record
    return records, result.stdout


def test_both_versions_and_both_profiles_are_recorded(demo_runs) -> None:
    records, output = demo_runs
    assert sorted(records) == [("apres", "desktop"), ("apres", "mobile"), ("avant", "desktop"), ("avant", "mobile")]
    assert all(r.outcome is Outcome.PASSED for r in records.values())
    assert "Avant / après : la démarche de démonstration" in output
    assert "Rejeux enregistrés dans" in output


def test_avant_shows_more_barriers_than_apres(demo_runs) -> None:
    records, _ = demo_runs
    for profile in ("desktop", "mobile"):
        avant, apres = run_figures(records[("avant", profile)]), run_figures(records[("apres", profile)])
        assert apres["critical"] == 0 and apres["serious"] == 0
        assert avant["critical"] > 0 and avant["serious"] > 0
        for effort in ("fields", "required_fields", "words", "actions"):
            assert avant[effort] > apres[effort], effort
        assert avant["css_only"] > 0 and apres["css_only"] == 0
    assert run_figures(records[("avant", "mobile")])["hscroll"] is True
    assert run_figures(records[("avant", "desktop")])["hscroll"] is False
    assert run_figures(records[("apres", "mobile")])["hscroll"] is False
