"""Error states recognised on GOV.UK and DSFR markup, in English and French, failing and fixed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.runs.record import Outcome, RunRecord
from harness.webserver import BackgroundServer
from tests.browser.forms import FormsSite, scenario

pytestmark = pytest.mark.browser
VARIANTS = [(system, version) for system in ("govuk", "dsfr") for version in ("fixed", "failing")]


@pytest.fixture(scope="module")
def forms() -> Iterator[str]:
    with BackgroundServer(FormsSite().app()) as server:
        yield server.url


@pytest.fixture(scope="module")
def walks(forms, browser_session, tmp_path_factory) -> dict[tuple[str, str], RunRecord]:
    from harness.replay.campaign import Settings, run_campaign
    from harness.replay.profiles import PROFILES
    from harness.scenario.loader import load_scenario

    folder = tmp_path_factory.mktemp("forms")
    loaded = []
    for system, version in VARIANTS:
        path = folder / f"{system}-{version}.yaml"
        path.write_text(scenario(system, version, forms), encoding="utf-8")
        loaded.append(load_scenario(path))
    records = run_campaign(loaded, [PROFILES["desktop"]], Settings("forms", None), [], browser_session)
    return {(r.scenario.id.split("-")[0], r.scenario.version): r for r in records}


@pytest.mark.parametrize(("system", "version"), VARIANTS)
def test_field_error_holds_on_the_design_systems_patterns_without_aria_invalid(walks, system: str, version: str) -> None:
    record = walks[(system, version)]
    assert record.outcome is Outcome.PASSED, record.failure


@pytest.mark.parametrize("system", ["govuk", "dsfr"])
def test_error_state_facts_tell_fixed_from_failing(walks, system: str) -> None:
    fixed, failing = walks[(system, "fixed")].steps[1], walks[(system, "failing")].steps[1]
    assert fixed.errors.summary and fixed.errors.focus_in_summary and fixed.errors.alerts >= 1
    assert [(m.tied, m.field) for m in fixed.errors.messages] == [(True, "postcode")]
    assert not failing.errors.summary and failing.errors.alerts == 0
    assert [(m.tied, m.field) for m in failing.errors.messages] == [(False, "postcode")]
    assert fixed.ungrouped_choices == [] and failing.ungrouped_choices == ["contact"]
    assert fixed.lang == {"govuk": "en", "dsfr": "fr"}[system]
