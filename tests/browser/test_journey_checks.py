"""WCAG 2.2's journey criteria, the time limits and the start screen, on DSFR (French) and GOV.UK (English)
markup: each broken copy gives its finding with its WCAG number and element, each correct copy none; the
rural profile really slows the network down."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.analysis.procedure_checks import RULES, WCAG_22_NEW, CheckResult, check_procedure
from harness.replay.campaign import Settings, run_campaign
from harness.replay.profiles import PROFILES
from harness.runs.record import Outcome, RunRecord
from harness.scenario.loader import load_scenario
from harness.webserver import BackgroundServer
from tests.browser.design_systems import CorpusSite
from tests.browser.journey_site import FIXTURES, HEAVY_BYTES, JourneySite, scenario

pytestmark = pytest.mark.browser
SCREENS = {"redundant": 3, "help": 3}  # the others are one screen
FILL = {("redundant", "dsfr"): [("Adresse électronique", "camille.exemple@example.org")],
        ("redundant", "govuk"): [("Address line 1", "1 Example Street")]}
# What each broken copy must give (and the correct copies none of the checks' rules).
EXPECTED = {
    ("redundant", "fail"): {"redundant-entry"},
    ("help", "fail"): {"help-inconsistent"},
    ("auth", "fail-paste"): {"auth-paste-blocked"},
    ("auth", "fail-autocomplete"): {"auth-password-manager-off"},
    ("auth", "fail-captcha"): {"auth-cognitive-test"},
    ("auth", "check-captcha"): {"auth-test-to-check"},
    ("auth", "fail-split"): {"auth-code-split"},
    ("obscured", "fail"): {"focus-obscured"},
    ("drag", "fail"): {"dragging-to-check"},
    ("timeout", "fail-leaves"): {"time-limit-no-warning"},
    ("timeout", "fail-no-extend"): {"time-limit-not-extendable"},
    ("start", "fail"): {"not-announced-up-front"},
}
# The rules each fixture is about: a start screen is judged on what it announces, a sign-in on its fields…
FAMILY = {"redundant": {"redundant-entry"}, "help": {"help-inconsistent", "help-missing"},
          "auth": {"auth-paste-blocked", "auth-code-split", "auth-password-manager-off", "auth-cognitive-test",
                   "auth-test-to-check"},
          "obscured": {"focus-obscured"}, "drag": {"dragging-to-check"},
          "timeout": {"time-limit-no-warning", "time-limit-not-extendable"}, "start": {"not-announced-up-front"}}
KEYBOARD = {"obscured"}  # found by the keyboard profile's walk


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with BackgroundServer(CorpusSite().app(JourneySite().routes())) as server:
        yield server.url


@pytest.fixture(scope="module")
def records(site, browser_session, tmp_path_factory) -> dict[tuple[str, str, str], RunRecord]:
    folder = tmp_path_factory.mktemp("journey")
    by_profile: dict[str, list] = {"desktop": [], "keyboard": []}
    for check, copies in FIXTURES.items():
        for system, variant in copies:
            path = folder / f"{check}-{system}-{variant}.yaml"
            path.write_text(scenario(check, system, variant, SCREENS.get(check, 1), FILL.get((check, system))), encoding="utf-8")
            by_profile["keyboard" if check in KEYBOARD else "desktop"].append(load_scenario(path))
    found = {}
    for profile, scenarios in by_profile.items():
        for record in run_campaign(scenarios, [PROFILES[profile]], Settings("journey", site, screenshots=profile == "keyboard"),
                                   [], browser_session):
            check, system = record.scenario.procedure.split("-")
            found[(check, system, record.scenario.version)] = record
    return found


def _results(record: RunRecord) -> list[CheckResult]:
    return [r for r in check_procedure(record) if r.rule in FAMILY[record.scenario.procedure.split("-")[0]]]


@pytest.mark.parametrize(("check", "system", "variant"),
                         [(c, s, v) for c, copies in FIXTURES.items() for s, v in copies if c != "target"])
def test_each_broken_copy_gives_its_finding_and_each_correct_copy_none(records, check, system, variant) -> None:
    record = records[(check, system, variant)]
    assert record.outcome is Outcome.PASSED, record.failure
    results = _results(record)
    expected = EXPECTED.get((check, variant), set())
    assert {r.rule for r in results} == expected, [(r.rule, r.element, r.params) for r in results]
    for result in results:  # named by its WCAG number (none for the good practice), about an element or a screen
        check_of = result.check
        assert check_of.kind != "barrier" or check_of.wcag, result.rule
        assert result.element or result.rule == "help-missing", result
    if variant.startswith("pass"):  # a correct copy: no WCAG A/AA failure claimed by any check, old or new
        claims = [(r.rule, r.element) for r in check_procedure(record) if r.check.claims_failure]
        assert not claims, claims


def test_what_the_broken_copies_say(records) -> None:
    """The findings name both screens and fields, what hides the focus, when the screen leaves."""
    redundant = _results(records[("redundant", "dsfr", "fail")])[0]
    assert redundant.steps == (0, 1) and redundant.element == "Adresse électronique de contact"
    assert redundant.params["first"] == "Adresse électronique" and RULES["redundant-entry"].wcag == ("3.3.7",)
    help_moved = _results(records[("help", "govuk", "fail")])[0]
    assert help_moved.element == "Help" and help_moved.steps == (0, 1, 2) and "main" in help_moved.params["parts"]
    hidden = _results(records[("obscured", "dsfr", "fail")])[0]
    assert hidden.check.wcag == ("2.4.11",) and hidden.shot is not None and "fr-consent-banner" in hidden.params["by"]
    assert hidden.element == "Continuer"  # the fields above are scrolled clear; the button at the page's end cannot be
    leaves = _results(records[("timeout", "govuk", "fail-leaves")])[0]
    assert leaves.variant == "leaves" and leaves.params["minutes"] == "10" and leaves.element.endswith("/journey/expired")
    assert records[("timeout", "govuk", "pass")].steps[0].journey.time_limit.extend is True
    start = {r.variant for r in _results(records[("start", "govuk", "fail")])}
    assert start == {"steps", "duration", "documents"}
    assert set(WCAG_22_NEW) >= {c for r in RULES.values() if r.rule.startswith("auth-") for c in r.wcag}


def test_target_size_is_axe_s_rule_switched_on(records) -> None:
    fail = {v.id for s in records[("target", "govuk", "fail")].steps for v in s.violations}
    passing = {v.id for s in records[("target", "govuk", "pass")].steps for v in s.violations}
    assert "target-size" in fail and "target-size" not in passing
    rule = next(v for v in records[("target", "govuk", "fail")].steps[0].violations if v.id == "target-size")
    assert rule.wcag == ["2.5.8"] and rule.nodes[0].element is not None
    # a native slider's target is its 24 px thumb, which axe does not measure: the DSFR's range is not judged
    assert not [v for s in records[("drag", "dsfr", "pass")].steps for v in s.violations if v.id == "target-size"]


def test_the_rural_profile_slows_the_network_as_a_slow_4g_link(site, browser_session, tmp_path) -> None:
    path = tmp_path / "heavy.yaml"
    path.write_text("id: heavy\ntitle: Heavy\nprocedure: heavy\nversion: one\nstart_url: /journey/heavy\n"
                    "allowed_hosts: [127.0.0.1]\nsteps:\n  - name: Heavy\n", encoding="utf-8")
    rural, desktop = (run_campaign([load_scenario(path)], [PROFILES[p]], Settings("rural", site, screenshots=False), [],
                                   browser_session)[0] for p in ("rural", "desktop"))
    slow, fast = rural.steps[0].load, desktop.steps[0].load
    assert slow is not None and fast is not None and slow.load_ms is not None and fast.load_ms is not None
    assert slow.bytes >= HEAVY_BYTES and slow.load_ms >= 2500, slow  # 500 kB at 1.6 Mbit/s: 2.5 s at least
    assert fast.load_ms < slow.load_ms / 3, (fast, slow)
    assert rural.steps[0].viewport_width == 360
