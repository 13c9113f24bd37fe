"""Precision on the markup public procedures are built with: the DSFR and GOV.UK Frontend as they ship.

Every example page of the DSFR (components and page layouts) and every component
example GOV.UK Frontend's review app shows is replayed under every profile, and
Parcours' own checks must find no barrier in them: a committee told that its DSFR
procedure has "fake headings" stops trusting everything else. The few examples
that are wrong on purpose are named in DELIBERATE with the finding they must give.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.analysis.procedure_checks import RULES, check_procedure
from harness.replay.campaign import Settings, run_campaign
from harness.replay.profiles import PROFILES
from harness.scenario.loader import load_scenario
from harness.webserver import BackgroundServer
from tests.browser.design_systems import CorpusSite, Example, dsfr_examples, govuk_examples, tour, version

pytestmark = pytest.mark.browser
# Examples the packages show although they lack something, and what Parcours must say of them.
DELIBERATE = {
    # "Without fieldset": three radios answering one question, with nothing naming the question.
    ("govuk", "radios", "without fieldset"): {"choices-not-grouped"},
}


def _barriers(rules: set[str]) -> set[str]:
    """Findings that claim a WCAG A or AA failure, established or to confirm (plain-language advice, at WCAG
    AAA, and good practices are judged apart)."""
    return {rule for rule in rules if RULES[rule].kind == "barrier" and RULES[rule].level in ("A", "AA")}


@pytest.fixture(scope="module")
def corpus() -> Iterator[str]:
    with BackgroundServer(CorpusSite().app()) as server:
        yield server.url


def _replay(examples: list[Example], system: str, corpus: str, session, folder: Path) -> dict[str, dict[Example, set[str]]]:
    """Each component's examples as one tour; per profile, the rules each example's screen gives."""
    by_component: dict[str, list[Example]] = {}
    for example in examples:
        by_component.setdefault(example.component, []).append(example)
    tours = []
    for component, shown in by_component.items():
        path = folder / f"{system}-{component}.yaml"
        path.write_text(tour(shown, f"{system}-{component}", f"{system} {component}"), encoding="utf-8")
        tours.append((load_scenario(path), shown))
    found: dict[str, dict[Example, set[str]]] = {}
    for profile in ("desktop", "mobile", "keyboard"):
        records = run_campaign([loaded for loaded, _ in tours], [PROFILES[profile]],
                               Settings("corpus", corpus, timeout_ms=10_000), [], session)
        per_example: dict[Example, set[str]] = {e: set() for e in examples}
        for record, (_, shown) in zip(records, tours):
            assert record.failure is None, (profile, record.scenario.id, record.failure)
            assert len(record.steps) == len(shown)
            for result in check_procedure(record):
                if len(result.steps) == 1:  # a tour's screens are no journey: what spans screens is judged on flows
                    per_example[shown[result.steps[0]]].add(result.rule)
        found[profile] = per_example
    return found


@pytest.mark.parametrize("system", ["govuk", "dsfr"])
def test_correct_design_system_examples_give_no_barrier_on_any_profile(system, corpus, browser_session, tmp_path) -> None:
    examples = govuk_examples() if system == "govuk" else dsfr_examples()
    found = _replay(examples, system, corpus, browser_session, tmp_path)
    wrong = []
    for profile, per_example in found.items():
        for example, rules in per_example.items():
            expected = DELIBERATE.get((example.system, example.component, example.name), set())
            if _barriers(rules) != expected:
                wrong.append(f"{profile} {example.label}: {sorted(_barriers(rules))} (expected {sorted(expected)})")
    package = {"govuk": "govuk-frontend", "dsfr": "@gouvfr/dsfr"}[system]
    print(f"\n{package} {version(system)}: {len(examples)} examples × {len(found)} profiles = "
          f"{len(examples) * len(found)} screens replayed; {len(DELIBERATE)} deliberately wrong")
    assert not wrong, "\n".join(wrong)
