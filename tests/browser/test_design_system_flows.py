"""Journeys on the design systems' own markup: question → server-side error → confirmation.

The correct flows give no barrier under any profile and their end is recognised as a confirmation;
each broken copy is caught for what it drops. The DSFR's own account-creation pages, walked as the
procedure they are, share one `<title>`: Parcours must say so.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.analysis.metrics import compute_metrics
from harness.analysis.procedure_checks import RULES, check_procedure
from harness.replay.campaign import Settings, run_campaign
from harness.replay.profiles import PROFILES
from harness.runs.record import Outcome
from harness.scenario.loader import load_scenario
from harness.webserver import BackgroundServer
from tests.browser.design_systems import CorpusSite, dsfr_examples, tour
from tests.browser.flows_site import VARIANTS, WORDS, FlowsSite

pytestmark = pytest.mark.browser
# What each broken copy must be caught for (more may come with it: a broken error path breaks several things).
CAUGHT = {
    "untied": {"error-message-not-tied"},
    "no-summary": {"error-not-announced", "error-title-unchanged"},  # a live region loaded full says nothing
    "colour-only": {"error-by-colour-only", "error-not-announced", "error-title-unchanged"},
    "focus-left": {"focus-lost"},  # the DSFR's messages sit in a live region: that much is announced
}


def flow(system: str, variant: str) -> str:
    w = WORDS[system]
    return f"""\
id: {system}-{variant}
title: {w["service"]} ({variant})
procedure: {system}-flow
version: {variant}
start_url: /flow/{system}/{variant}/
allowed_hosts: [127.0.0.1]
steps:
  - name: Question
    actions:
      - click: {{role: button, name: {w["continue"]}}}
  - name: Error
    actions:
      - fill: {{label: {w["name"]}, value: Camille Exemple}}
      - check: {{label: {w["post"]}}}
      - click: {{role: button, name: {w["continue"]}}}
  - name: Confirmation
"""


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with BackgroundServer(CorpusSite().app(FlowsSite().routes())) as server:
        yield server.url


@pytest.fixture(scope="module")
def walks(site, browser_session, tmp_path_factory):
    folder = tmp_path_factory.mktemp("flows")
    loaded = {}
    for system in WORDS:
        for variant in VARIANTS:
            path = folder / f"{system}-{variant}.yaml"
            path.write_text(flow(system, variant), encoding="utf-8")
            loaded[(system, variant)] = load_scenario(path)
    correct = [loaded[(system, "correct")] for system in WORDS]
    broken = [s for key, s in loaded.items() if key[1] != "correct"]
    records = {}
    for profile in ("desktop", "mobile", "keyboard"):
        for record in run_campaign(correct, [PROFILES[profile]], Settings("flows", site, screenshots=False), [], browser_session):
            records[(record.scenario.procedure.split("-")[0], "correct", profile)] = record
    for record in run_campaign(broken, [PROFILES["desktop"]], Settings("flows", site, screenshots=False), [], browser_session):
        records[(record.scenario.procedure.split("-")[0], record.scenario.version, "desktop")] = record
    return records


def _claims(record) -> set[str]:
    return {r.rule for r in check_procedure(record) if r.check.claims_failure}


@pytest.mark.parametrize("system", list(WORDS))
@pytest.mark.parametrize("profile", ["desktop", "mobile", "keyboard"])
def test_the_correct_flow_gives_no_barrier_and_ends_on_a_recognised_confirmation(walks, system, profile) -> None:
    record = walks[(system, "correct", profile)]
    assert record.outcome is Outcome.PASSED, record.failure
    error = record.steps[1]
    assert error.errors.summary and error.errors.focus_in_summary, error.errors
    # a radio question's message is tied through its fieldset, and counted for its first choice
    assert {(m.field.split("-")[0], m.tied) for m in error.errors.messages} == {("name", True), ("contact", True)}
    assert _claims(record) == set(), [(r.rule, r.element) for r in check_procedure(record)]
    assert record.steps[2].confirmation
    if profile == "desktop":
        assert compute_metrics(record, None)["confirmation_screen"].value == 1.0


@pytest.mark.parametrize("system", list(WORDS))
@pytest.mark.parametrize("variant", list(CAUGHT))
def test_each_broken_copy_is_caught_for_what_it_drops(walks, system, variant) -> None:
    record = walks[(system, variant, "desktop")]
    assert record.outcome is Outcome.PASSED, record.failure
    found = _claims(record)
    assert CAUGHT[variant] <= found, found
    assert "error-message-not-tied" not in found or variant == "untied"


def test_the_dsfr_account_creation_pages_share_one_title_and_it_is_said(site, browser_session, tmp_path) -> None:
    steps = [e for e in dsfr_examples() if e.component == "page" and e.name.startswith("register/")
             and e.name.count("/") == 2]  # 2-steps/2a…2c and 3-confirmation/3a…: the pages of one procedure
    path = tmp_path / "register.yaml"
    path.write_text(tour(steps, "dsfr-register", "DSFR register"), encoding="utf-8")
    record = run_campaign([load_scenario(path)], [PROFILES["desktop"]], Settings("flows", site, screenshots=False), [], browser_session)[0]
    assert record.outcome is Outcome.PASSED, record.failure
    repeated = [r for r in check_procedure(record) if r.rule == "title-repeated"]
    assert repeated and len(repeated[0].steps) >= 4, [s.title for s in record.steps]
    assert RULES["title-repeated"].wcag == ("2.4.2",)
