"""What automation covers depends on the profiles that ran; the rest is said to need a person."""

from __future__ import annotations

from harness.analysis.coverage import WCAG_22_A, WCAG_22_AA, automation_coverage
from harness.analysis.procedure_checks import WCAG_22_NEW


def test_coverage_follows_the_profiles_and_accounts_for_every_criterion() -> None:
    desktop = automation_coverage({"desktop"})
    everything = automation_coverage({"desktop", "mobile", "keyboard"})
    assert desktop.total == everything.total == len(WCAG_22_A + WCAG_22_AA) == 55
    assert set(desktop.tested) | set(desktop.by_person) == set(WCAG_22_A + WCAG_22_AA)
    assert "4.1.1" not in desktop.tested + desktop.by_person  # obsolete in WCAG 2.2
    # the journey criteria no tool automates are counted: tested in part, 2.4.11 by the keyboard walk
    assert set(WCAG_22_NEW) - {"2.4.11"} <= set(desktop.tested) and "2.4.11" in everything.tested
    assert "1.4.10" not in desktop.tested and "1.4.10" in everything.tested  # reflow needs the mobile run
    assert "2.1.2" not in desktop.tested and "2.1.2" in everything.tested  # keyboard traps need the keyboard run
    assert "2.4.7" in everything.tested
    assert "1.2.1" in everything.by_person  # audio-only content: a person listens
