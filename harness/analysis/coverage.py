"""What automation covers: the WCAG 2.2 A and AA success criteria Parcours tests in part, and those only a person can judge.

RGAA 4.1 rests on WCAG 2.1 A and AA: 50 success criteria. WCAG 2.2 (which EN 301 549 v4 and the
RGAA's next version bring) adds six at A and AA (2.4.11, 2.5.7, 2.5.8, 3.2.6, 3.3.7, 3.3.8), for
which RGAA 4.1.2 has no criterion, and makes 4.1.1 (parsing) obsolete: 55 success criteria. A
criterion is "tested in part" when an axe-core rule or a Parcours check looks at some of what it
asks (listing what a person must check counts); none is tested whole, and no result of Parcours
establishes compliance: a full audit does.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from harness.analysis.procedure_checks import KEYBOARD_RULES, RULES

WCAG_21_A = (
    "1.1.1", "1.2.1", "1.2.2", "1.2.3", "1.3.1", "1.3.2", "1.3.3", "1.4.1", "1.4.2", "2.1.1", "2.1.2", "2.1.4",
    "2.2.1", "2.2.2", "2.3.1", "2.4.1", "2.4.2", "2.4.3", "2.4.4", "2.5.1", "2.5.2", "2.5.3", "2.5.4", "3.1.1",
    "3.2.1", "3.2.2", "3.3.1", "3.3.2", "4.1.1", "4.1.2",
)
WCAG_21_AA = (
    "1.2.4", "1.2.5", "1.3.4", "1.3.5", "1.4.3", "1.4.4", "1.4.5", "1.4.10", "1.4.11", "1.4.12", "1.4.13", "2.4.5",
    "2.4.6", "2.4.7", "3.1.2", "3.2.3", "3.2.4", "3.3.3", "3.3.4", "4.1.3",
)
WCAG_22_A = tuple(c for c in WCAG_21_A if c != "4.1.1") + ("3.2.6", "3.3.7")
WCAG_22_AA = WCAG_21_AA + ("2.4.11", "2.5.7", "2.5.8", "3.3.8")
# Success criteria that axe-core 4.12's rules enabled by Parcours look at (from their WCAG tags).
AXE = frozenset({
    "1.1.1", "1.2.2", "1.3.1", "1.3.4", "1.3.5", "1.4.2", "1.4.3", "1.4.4", "1.4.12", "2.1.1", "2.2.1", "2.2.2", "2.4.1",
    "2.4.2", "2.4.4", "2.5.8", "3.1.1", "3.1.2", "4.1.2",
})
REFLOW = "1.4.10"  # horizontal scrolling at 320 px, from a mobile run


@dataclass(frozen=True)
class Coverage:
    tested: tuple[str, ...]  # in part, automatically
    by_person: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.tested) + len(self.by_person)


def automation_coverage(profiles: Collection[str]) -> Coverage:
    """The A/AA criteria the runs of these profiles test in part; the rest need a person."""
    rules = [check for rule, check in RULES.items() if rule not in KEYBOARD_RULES or "keyboard" in profiles]
    tested = set(AXE) | {criterion for check in rules for criterion in check.wcag}
    if "mobile" in profiles:
        tested.add(REFLOW)
    every = WCAG_22_A + WCAG_22_AA
    order = sorted(every, key=lambda c: tuple(int(part) for part in c.split(".")))
    return Coverage(
        tested=tuple(c for c in order if c in tested),
        by_person=tuple(c for c in order if c not in tested),
    )
