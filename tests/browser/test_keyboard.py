"""The keyboard profile: actions by keyboard only, each screen's tab sequence walked and judged."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest

from harness.runs.record import FailureKind, Outcome, RunRecord
from harness.webserver import BackgroundServer
from tests.browser import keyboard_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def walks(browser_session, tmp_path_factory) -> Iterator[dict[str, RunRecord]]:
    from harness.replay.campaign import Settings, run_campaign
    from harness.replay.profiles import PROFILES
    from harness.scenario.loader import load_scenario

    folder = tmp_path_factory.mktemp("keyboard")
    with BackgroundServer(keyboard_site.app()) as server:
        loaded = []
        for version in ("fixed", "failing"):
            path = folder / f"{version}.yaml"
            path.write_text(keyboard_site.scenario(version, server.url), encoding="utf-8")
            loaded.append(load_scenario(path))
        records = run_campaign(loaded, [PROFILES["keyboard"]], Settings("keyboard", None, timeout_ms=5_000), [], browser_session)
        yield {r.scenario.version: r for r in records}


def test_the_fixed_version_is_completed_by_keyboard_with_nothing_to_report(walks) -> None:
    record = walks["fixed"]
    assert record.outcome is Outcome.PASSED, record.failure
    walk = record.steps[0].keyboard
    # the skip link, 6 menu links, the field, the button, the cancel link, the help link
    assert walk.complete and walk.tab_stops == 11
    assert walk.order_jumps == []  # a help column, a reversed button group, a sticky header: no order broken
    assert walk.skip_link and walk.unreachable == [] and walk.invisible_focus == [] and walk.trap is None
    from harness.analysis.procedure_checks import check_procedure

    # nothing but advice about the help, which its one-button confirmation screen does not repeat
    assert [r.rule for r in check_procedure(record)] == ["help-missing"]


def test_the_failing_version_cannot_be_completed_and_says_why(walks) -> None:
    record = walks["failing"]
    assert record.outcome is Outcome.FAILED
    assert record.failure.kind is FailureKind.KEYBOARD_UNREACHABLE and record.failure.step == 0
    assert record.failure.params["target"] == 'text "Continuer"'
    walk = record.steps[0].keyboard
    assert "Continuer" in walk.unreachable  # a div with onclick: pointer only
    assert "Aide" in walk.focus_removed  # onfocus="this.blur()"
    assert "Nom" in walk.invisible_focus  # outline: none
    assert walk.positive_tabindex == ["Nom"] and not walk.skip_link
    # Tab climbs from the field forced first back to the menu, and up the reversed choices
    assert walk.order_jumps == ["Nom → Rubrique 1", "Choix 1 → Choix 2"], walk


def test_keyboard_findings_name_their_criteria(walks) -> None:
    from harness.analysis.procedure_checks import check_procedure

    rules = {(r.rule, (r.check.wcag or ("",))[0], (r.check.rgaa or ("",))[0]) for r in check_procedure(walks["failing"])}
    assert {
        ("keyboard-unreachable", "2.1.1", "7.3"), ("focus-invisible", "2.4.7", "10.7"),
        ("focus-removed", "2.4.7", "10.7"), ("tab-order", "2.4.3", "12.8"), ("tab-order-visual", "2.4.3", "12.8"), ("no-skip-link", "", "12.7"),  # RGAA only: a main landmark bypasses blocks for WCAG
        ("step-not-doable-by-keyboard", "2.1.1", "7.3"),
    } <= rules


def test_an_error_summary_focused_on_load_does_not_make_the_walk_start_mid_page(browser_session, tmp_path) -> None:
    """GOV.UK and DSFR move the focus to their error summary: the walk still starts at the top of the page,
    so going round the page is never taken for Tab climbing back up it."""
    from harness.analysis.procedure_checks import check_procedure
    from harness.replay.campaign import Settings, run_campaign
    from harness.replay.profiles import PROFILES
    from harness.scenario.loader import load_scenario
    from tests.browser import forms

    site = forms.FormsSite()
    with BackgroundServer(site.app()) as server:
        loaded = []
        for system in ("govuk", "dsfr"):
            path = tmp_path / f"{system}.yaml"
            path.write_text(forms.scenario(system, "fixed", server.url), encoding="utf-8")
            loaded.append(load_scenario(path))
        records = run_campaign(loaded, [PROFILES["keyboard"]], Settings("ordre", None, timeout_ms=5_000), [], browser_session)
    for record in records:
        assert record.outcome is Outcome.PASSED, record.failure
        error_screen = record.steps[1]
        assert error_screen.keyboard.complete and error_screen.keyboard.order_jumps == []
        assert [r.rule for r in check_procedure(record)] == []


def desktop_chromium() -> str:
    """The desktop Chromium, beside the headless shell that headless replays take when installed."""
    from harness.replay.browser import SYSTEM_CANDIDATES

    found = next(filter(None, map(shutil.which, SYSTEM_CANDIDATES)), None)
    assert found, "no desktop Chromium: scripts/setup.sh installs Debian's chromium"
    return found


def test_a_trap_is_found_and_a_screen_with_one_stop_is_not_one_in_either_browser(tmp_path) -> None:
    """After the page's last stop, Tab leaves for the page's start in the headless shell and, in the
    desktop browser, for its own controls, which may give the focus straight back: on a screen with a
    single stop, that return is a round of the page, not a trap. A field that keeps Tab for itself is a
    trap in both, alone on its screen or not."""
    from harness.analysis.procedure_checks import check_procedure
    from harness.runs.reader import load_runs

    screens = {"seul": ("/valider", "Valider la demande"), "piege": ("/failing/message", "Votre message"),
               "libre": ("/fixed/message", "Votre message"), "note-piege": ("/failing/note", "Votre note"),
               "note-libre": ("/fixed/note", "Votre note")}
    with BackgroundServer(keyboard_site.app()) as server:
        for sid, (path, heading) in screens.items():
            (tmp_path / f"{sid}.yaml").write_text(keyboard_site.screen_scenario(sid, path, heading, server.url), encoding="utf-8")
        runs = {name: subprocess.Popen(
            [sys.executable, "-c", "from harness.cli import main; main()", "run", str(tmp_path), "--campaign", name, "--profile", "keyboard",
             "--runs-dir", str(tmp_path / "runs"), "-j", "1"],
            env={**os.environ, "PARCOURS_CHROMIUM": desktop_chromium()} if name == "desktop" else os.environ,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        ) for name in ("shell", "desktop")}
        outputs = {name: run.communicate(timeout=120)[0] for name, run in runs.items()}
    for name, output in outputs.items():
        records = {r.record.scenario.id: r.record for r in load_runs(tmp_path / "runs", name)}
        assert set(records) == set(screens), output
        walks = {sid: record.steps[0].keyboard for sid, record in records.items()}
        traps = {sid for sid, record in records.items() if "keyboard-trap" in {r.rule for r in check_procedure(record)}}
        assert {sid: walk.trap for sid, walk in walks.items()} == {
            "seul": None, "piege": "Message", "libre": None, "note-piege": "Note", "note-libre": None}, (name, walks)
        assert traps == {"piege", "note-piege"}, name
        assert all(walks[sid].complete for sid in ("seul", "libre", "note-libre")), (name, walks)


def test_an_element_the_page_replaces_on_the_way_is_still_reached_by_tab(site, browser_session) -> None:
    """The element to reach is kept in the page once looked up; a page that replaces it while the focus moves (a
    script rendering its part again) has the new one looked up, not Tab pressed round the page for ever."""
    from harness.replay import keyboard

    prefix = site.add({"/": '<a href="#aide">Aide</a><div id="zone"><button>Envoyer</button></div><script>'
                            'document.querySelector("a").addEventListener("focusin", () => {'
                            ' document.getElementById("zone").innerHTML = "<button>Envoyer</button>"; });</script>'})
    context = browser_session.browser().new_context()
    try:
        page = context.new_page()
        page.goto(site.url + prefix + "/")
        first = page.get_by_role("button", name="Envoyer").element_handle()
        assert keyboard.focus_by_tab(page, page.get_by_role("button", name="Envoyer"), 5_000) == 2  # the link, then it
        assert page.evaluate("document.activeElement.tagName") == "BUTTON"
        assert first.evaluate("(e) => !e.isConnected")  # the one first looked up was replaced on the way
    finally:
        context.close()
