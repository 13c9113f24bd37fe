"""Precision on the markup public procedures are built with: the DSFR and GOV.UK Frontend as they ship.

Every example page of the DSFR (components and page layouts) and every component
example GOV.UK Frontend's review app shows is replayed, and Parcours' own checks
must claim no WCAG A/AA failure in them: a committee told that its DSFR procedure
has "fake headings" stops trusting everything else. The few examples that are
wrong are named in KNOWN with the finding they must give and why.

Within CI's time, the suite replays a selection (see `in_suite`: the examples a
form is made of, and every example in error), each once, under the profiles in
turn (desktop, mobile at 320 px, keyboard). `PARCOURS_CORPUS=full` (`make corpus`)
replays every example under every profile.
Screens are not photographed here: only findings are judged.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.analysis.procedure_checks import RULES, check_procedure
from harness.replay.audit import EXTRA_RULES
from harness.replay.campaign import BrowserSession, Settings, run_campaign
from harness.replay.profiles import PROFILES
from harness.scenario.loader import load_scenario
from harness.webserver import BackgroundServer
from tests.browser.design_systems import CorpusSite, Example, dsfr_examples, govuk_examples, tour, version

pytestmark = pytest.mark.browser
CORPUS_PROFILES = ("desktop", "mobile", "keyboard")
TOUR = 40  # screens a tour replays in one browser context
FULL = os.environ.get("PARCOURS_CORPUS") == "full"
DEPRECATED = ("its examples under \"Dépréciation: ne pas utiliser comme référence\" style a paragraph as a "
              "heading (`<p class=\"…__title\">`, `<p class=\"fr-h5\">`), which the DSFR replaced by real headings")
# Examples that are wrong, the rules they must give (under at least one profile, and nothing else), and why.
KNOWN: dict[tuple[str, str, str], tuple[frozenset[str], str]] = {
    ("govuk", "radios", "without fieldset"): (
        frozenset({"choices-not-grouped"}), "three radios answering one question, with nothing naming the question"),
    ("dsfr", "alert", "index"): (frozenset({"fake-heading"}), DEPRECATED),
    ("dsfr", "follow", "index"): (frozenset({"fake-heading"}), DEPRECATED),
    ("dsfr", "consent", "index"): (
        frozenset({"focus-obscured"}), "the consent banner, fixed at the bottom of the screen, hides the page's last "
        "link when Tab reaches it (WCAG 2.4.11: a banner the person did not open, not modal)"),
    ("dsfr", "notice", "index"): (
        frozenset({"focus-obscured"}), "the example page's own floating display-settings button (fixed at the bottom "
        "right) hides the last notice's close button when Tab reaches it"),
    ("dsfr", "share", "index"): (
        frozenset({"tab-order-visual"}), "with cookies refused, the note and its link come first in the markup but "
        "are shown under the share buttons: Tab climbs from the note's link to the e-mail button (to confirm)"),
}


def _claims(rules: set[str]) -> set[str]:
    """The rules that claim a WCAG A or AA failure, established or to confirm: Parcours' checks, and the axe
    rules axe ships disabled that Parcours turns on (`axe:target-size`)."""
    return {rule for rule in rules if rule.startswith("axe:") or RULES[rule].claims_failure}


# What the suite replays within CI's time: GOV.UK's first example of each component and every example
# in error; the DSFR's page layouts and patterns (sign-in, account creation, answers, name, address, date…)
# and the component pages a form is made of. The rest, and every profile for each, in full.
DSFR_FORM_COMPONENTS = frozenset({"page", "pattern", "input", "select", "checkbox", "radio", "password", "upload"})


def in_suite(examples: list[Example]) -> list[Example]:
    if FULL:
        return examples
    firsts = {e.component: e for e in reversed(examples)}
    # of the DSFR's error pages (not found, unexpected, unavailable), their default each; no page listing others
    listing = {e.name.rsplit("/", 1)[0] for e in examples if "/" in e.name}
    dsfr = [e for e in examples if e.system == "dsfr" and e.component in DSFR_FORM_COMPONENTS
            and e.name not in listing and e.name != "deprecated"
            and not (e.name.startswith("response/") and not e.name.endswith("/default"))]
    return dsfr + [
        e for e in examples if e.system == "govuk" and (firsts[e.component] == e or "error" in e.name)]


def _profiles_of(examples: list[Example]) -> dict[str, list[Example]]:
    """Which examples each profile replays: all of them in full; else each example once, profiles in turn."""
    if FULL:
        return {profile: examples for profile in CORPUS_PROFILES}
    return {profile: examples[i::len(CORPUS_PROFILES)] for i, profile in enumerate(CORPUS_PROFILES)}


def replay_corpus(examples: list[Example], name: str, base_url: str, session: BrowserSession,
                  folder: Path) -> dict[Example, dict[str, set[str]]]:
    """Each example's rules, per profile it was replayed under: tours of up to TOUR screens, each in one browser
    context (the packages' files are fetched once; a renderer that has shown a hundred DSFR pages nears the
    1 GiB a page may use, and a real procedure is far shorter)."""
    found: dict[Example, dict[str, set[str]]] = {e: {} for e in examples}
    settings = Settings("corpus", base_url, timeout_ms=10_000, screenshots=False)
    for profile, shown in _profiles_of(examples).items():
        for start in range(0, len(shown), TOUR):
            members = shown[start:start + TOUR]
            path = folder / f"{name}-{profile}-{start}.yaml"
            path.write_text(tour(members, f"{name}-{profile}-{start}", f"{name} ({profile})"), encoding="utf-8")
            record = run_campaign([load_scenario(path)], [PROFILES[profile]], settings, [], session)[0]
            assert record.failure is None, (profile, record.failure)
            for example in members:
                found[example][profile] = set()
            for step in record.steps:  # the rules axe ships disabled are Parcours' choice: judged here too
                if step.index < len(members):
                    found[members[step.index]][profile] |= {f"axe:{v.id}" for v in step.violations if v.id in EXTRA_RULES}
            for result in check_procedure(record):
                if len(result.steps) == 1:  # a tour's screens are no journey: what spans screens is judged on flows
                    found[members[result.steps[0]]][profile].add(result.rule)
    return found


@pytest.fixture(scope="module")
def corpus() -> Iterator[str]:
    with BackgroundServer(CorpusSite().app()) as server:
        yield server.url


@pytest.mark.parametrize("system", ["govuk", "dsfr"])
def test_correct_design_system_examples_give_no_barrier_on_any_profile(system, corpus, browser_session, tmp_path) -> None:
    examples = in_suite(govuk_examples() if system == "govuk" else dsfr_examples())
    found = replay_corpus(examples, system, corpus, browser_session, tmp_path)
    wrong = []
    for example, per_profile in found.items():
        expected, _ = KNOWN.get((example.system, example.component, example.name), (frozenset(), ""))
        claimed = {profile: _claims(rules) for profile, rules in per_profile.items()}
        beyond = {profile: rules - expected for profile, rules in claimed.items() if rules - expected}
        missed = expected - set().union(*claimed.values()) if claimed else expected
        if beyond or (missed and len(claimed) == len(CORPUS_PROFILES)):  # a known one must show under some profile
            wrong.append(f"{example.label}: {beyond or ''} {('missed ' + str(sorted(missed))) if missed else ''}")
    screens = sum(len(per_profile) for per_profile in found.values())
    known = sum(1 for key in KNOWN if key[0] == system)
    package = {"govuk": "govuk-frontend", "dsfr": "@gouvfr/dsfr"}[system]
    print(f"\n{package} {version(system)}: {len(examples)} examples{'' if FULL else ' (PARCOURS_CORPUS=full: all)'}, "
          f"{screens} screens replayed under {', '.join(CORPUS_PROFILES)}{' (each under all)' if FULL else ' (in turn)'}; "
          f"{known} known to be wrong")
    assert all(per_profile for per_profile in found.values()), "an example was never replayed"
    assert not wrong, "\n".join(wrong)
