"""Parcours audits its own facilitator app: the scenarios in scenarios/app, under every profile."""

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
SCENARIOS = Path(__file__).parents[2] / "scenarios" / "app"
PROFILE_NAMES = ("desktop", "mobile", "zoom200", "keyboard")


@pytest.mark.parametrize("name", ["parcours-app.yaml", "parcours-app-coordination.yaml"])
def test_the_app_scenarios_pass_with_zero_violations_under_every_profile(tmp_path: Path, catalogue, browser_session, demo,  # noqa: ANN001
                                                                        name: str) -> None:
    runs = tmp_path / "runs"
    store = demo_app_store(runs, "demo", catalogue)
    scenarios, _ = load_all([demo_scenarios()])
    if name == "parcours-app-coordination.yaml":  # the committee's pages need a replay
        avant = [s for s in scenarios if s.scenario.version == "avant"]
        run_campaign(avant, [PROFILES["desktop"]], Settings("demo", demo.url, timeout_ms=5_000), [RunWriter(runs, "demo")],
                     browser_session)
    audited = load_scenario(SCENARIOS / name)
    with BackgroundServer(create_app(store, catalogue, scenarios, runs, "fr")) as server:
        records = run_campaign([audited], [PROFILES[p] for p in PROFILE_NAMES], Settings("app", server.url, timeout_ms=5_000, screenshots=False),
                               [RunWriter(tmp_path / "audit", "app")], browser_session)
    store.close()
    assert sorted(r.profile for r in records) == sorted(PROFILE_NAMES)
    for record in records:
        assert record.outcome is Outcome.PASSED, (record.profile, record.failure)
        found = [(record.profile, s.name, v.id) for s in record.steps for v in s.violations]
        assert found == [], found
        assert not any(s.horizontal_scroll for s in record.steps if record.profile in ("mobile", "zoom200")), record.profile
