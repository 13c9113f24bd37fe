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


EXPECTED_ON_FAILING = {
    # rule: (WCAG, RGAA, the screen it is found on; None: across screens)
    "title-repeated": ("2.4.2", "8.6", None),
    "error-title-unchanged": ("2.4.2", "8.6", 1),
    "error-not-announced": ("3.3.1", "11.10", 1),
    "error-message-not-tied": ("3.3.1", "11.10", 1),
    "data-lost-after-error": ("3.3.7", None, 1),
    "required-asterisk-unexplained": ("3.3.2", "11.10", 0),
    "choices-not-grouped": ("1.3.1", "11.5", 0),
    "link-text-unclear": ("2.4.4", "6.1", 0),
    "heading-levels-skip": (None, "9.1", 0),  # a good practice: WCAG asks for structure, not unbroken levels
    "fake-heading": ("1.3.1", "9.1", 0),
    "table-without-headers": ("1.3.1", "5.6", 0),
    "placeholder-as-label": ("3.3.2", "11.1", 0),
}


@pytest.mark.parametrize("system", ["govuk", "dsfr"])
def test_each_failing_barrier_is_caught_with_its_criterion_on_its_screen(walks, system: str) -> None:
    from harness.analysis.procedure_checks import check_procedure

    found: dict[str, set[int | None]] = {}
    for result in check_procedure(walks[(system, "failing")]):
        found.setdefault(result.rule, set()).add(result.steps[0] if len(result.steps) == 1 else None)
        wcag, rgaa, _ = EXPECTED_ON_FAILING[result.rule]  # nothing beyond what the page really fails
        assert (wcag in result.check.wcag if wcag else not result.check.wcag) and (rgaa is None or rgaa in result.check.rgaa)
    for rule, (_, _, screen) in EXPECTED_ON_FAILING.items():
        assert rule in found, rule
        assert screen in found[rule], (rule, found[rule])


@pytest.mark.parametrize("system", ["govuk", "dsfr"])
def test_the_fixed_versions_built_on_the_design_systems_give_no_finding(walks, system: str) -> None:
    from harness.analysis.procedure_checks import check_procedure

    assert check_procedure(walks[(system, "fixed")]) == []


@pytest.mark.parametrize("system", ["govuk", "dsfr"])
def test_the_rules_switched_on_raise_nothing_on_the_fixed_design_system_pages(walks, system: str) -> None:
    from harness.replay.audit import EXTRA_RULES

    fixed = walks[(system, "fixed")]
    assert not [v.id for s in fixed.steps for v in s.violations if v.id in EXTRA_RULES]
