"""Parcours audits its own facilitator app: the scenario in scenarios/app, under every profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.cli import demo_scenarios
from harness.demo.loop import demo_app_store
from harness.replay.campaign import Settings, run_campaign
from harness.replay.profiles import PROFILES
from harness.runs.record import Outcome
from harness.runs.writer import RunWriter
from harness.scenario.loader import load_all, load_scenario
from harness.web.app import create_app
from harness.webserver import BackgroundServer

pytestmark = pytest.mark.browser
SCENARIO = Path(__file__).parents[2] / "scenarios" / "app" / "parcours-app.yaml"


def test_the_app_scenario_passes_with_zero_violations_under_every_profile(tmp_path: Path, catalogue, browser_session) -> None:  # noqa: ANN001
    store = demo_app_store(tmp_path / "runs", "demo", catalogue)
    scenarios, _ = load_all([demo_scenarios()])
    with BackgroundServer(create_app(store, catalogue, scenarios, tmp_path / "runs", "fr")) as server:
        records = run_campaign([load_scenario(SCENARIO)], [PROFILES[p] for p in ("desktop", "mobile", "zoom200", "keyboard")],
                               Settings("app", server.url, timeout_ms=5_000), [RunWriter(tmp_path / "audit", "app")],
                               browser_session)
    store.close()
    assert len(records) == 4
    for record in records:
        assert record.outcome is Outcome.PASSED, (record.profile, record.failure)
        found = [(record.profile, s.name, v.id) for s in record.steps for v in s.violations]
        assert found == [], found
        assert not any(s.horizontal_scroll for s in record.steps if record.profile in ("mobile", "zoom200")), record.profile
