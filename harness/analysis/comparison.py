"""Before and after, computed here and rendered by reports: which barriers are fixed (and how we know),
still there, new, unverified or on a redesigned screen; the screens matched; effort and panel deltas;
which recommendations the re-test verifies.

A barrier absent from the later version counts as fixed only on evidence:
- "mended": its element is still there (same role and name anywhere, or same place on a matching
  screen) and no longer fails;
- "gone": its screen has a match in the later version (same step name, same page heading or title,
  or named by the later step's `replaces:`) and the element is no longer on it;
- "measure": a finding about a matching screen as a whole, no longer found there;
- "procedure": a finding about the procedure as a whole, no longer found;
- "panel": a panel finding (a measure or testers' observations) the later sessions no longer show.
Otherwise it is "redesigned" (its screen has no match: shown with both versions' screens, never
counted as fixed), or "unverified" when the later replay did not see every screen, or the later
version has no panel sessions to tell for a panel finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from harness.analysis.effort import run_figures
from harness.analysis.findings import (
    Evidence,
    Finding,
    VersionEvidence,
    barriers,
    build_findings,
    good_practices,
    screen_key,
)
from harness.analysis.panel_data import PanelData
from harness.analysis.panel_summary import tester_outcomes
from harness.analysis.recommendations import Recommendation, practices_for, procedure_facts, recommend
from harness.analysis.stats import (
    Estimate,
    TestResult,
    compare_proportions,
    completion_rate,
    geometric_mean_time,
    mcnemar,
    mean_interval,
    paired_t,
    welch,
)
from harness.criteria.models import Catalogue
from harness.runs.reader import StoredRun
from harness.runs.record import ElementFacts, Outcome, StepRecord
from harness.text import fold

STATUSES = ("fixed", "still", "new", "redesigned", "unverified")
Status = Literal["fixed", "still", "new", "redesigned", "unverified"]
PANEL_SOURCES = ("panel", "observation")


@dataclass(frozen=True)
class Completeness:
    """Did a version's replay see every screen? If not, where it stopped and why."""

    complete: bool
    step: int | None = None  # index of the step where it stopped
    step_name: str | None = None
    reason: str | None = None  # the failure kind, e.g. "http_status"; None: stopped before an irreversible step
    params: dict[str, str] | None = None  # the failure's parameters, for its wording
    profile: str | None = None


def completeness(runs: list[tuple[str, StoredRun]]) -> Completeness:
    """The first replay of the version (by profile) that did not pass every step."""
    for profile, run in runs:
        record = run.record
        reached = [s for s in record.steps if s.effort is not None]
        if record.outcome is not Outcome.PASSED or len(reached) < len(record.steps):
            failure = record.failure
            index = failure.step if failure else len(reached)
            name = record.steps[index].name if index is not None and index < len(record.steps) else None
            return Completeness(False, index, name, failure.kind.value if failure else None,
                                dict(failure.params) if failure else {}, profile)
    return Completeness(True)


# -- screens -------------------------------------------------------------------


@dataclass(frozen=True)
class ScreenMatches:
    """Which later screens stand for each earlier one."""

    pairs: dict[str, tuple[str, ...]]  # earlier step name -> later step names, in the later walk's order
    unmatched_before: tuple[str, ...]  # redesigned away: no later screen stands for them
    unmatched_after: tuple[str, ...]  # screens of the later version that stand for none
    unknown_replaces: tuple[tuple[str, str], ...]  # (later step, name it replaces that the earlier version lacks)


def match_screens(before: list[StepRecord], after: list[StepRecord], replaces: dict[str, list[str]]) -> ScreenMatches:
    """An earlier and a later screen match when the later step says it `replaces` the earlier one, has
    the same step name, or shows the same page (first heading, else title, else path)."""
    names = {fold(s.name): s.name for s in before}
    pairs: dict[str, list[str]] = {s.name: [] for s in before}
    unknown = []
    for later in after:
        for replaced in replaces.get(later.name, []):
            if fold(replaced) in names:
                pairs[names[fold(replaced)]].append(later.name)
            else:
                unknown.append((later.name, replaced))
    for earlier in before:
        page = fold(screen_key(earlier)) if earlier.effort is not None else None
        for later in after:
            same_page = page is not None and later.effort is not None and fold(screen_key(later)) == page
            if (fold(later.name) == fold(earlier.name) or same_page) and later.name not in pairs[earlier.name]:
                pairs[earlier.name].append(later.name)
    order = {s.name: s.index for s in after}
    matched = {k: tuple(sorted(v, key=order.__getitem__)) for k, v in pairs.items()}
    taken = {name for names_ in matched.values() for name in names_}
    return ScreenMatches(
        pairs=matched, unmatched_before=tuple(k for k, v in matched.items() if not v),
        unmatched_after=tuple(s.name for s in after if s.name not in taken), unknown_replaces=tuple(unknown),
    )


# -- what became of each finding -------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One finding of the comparison: the earlier finding (the later one when new) and its fate."""

    finding: Finding
    status: Status
    how: str | None = None  # fixed: mended, gone, measure, procedure or panel; unverified: incomplete or no_panel
    after: tuple[Evidence, ...] = ()  # the later version: the element mended, its screens, or the redesign
    later: Finding | None = None  # still: the same finding in the later version


@dataclass(frozen=True)
class Sighting:
    run: StoredRun
    step: StepRecord
    element: ElementFacts


class Inventory:
    """The later version's elements, by identity and by place, with where they were seen."""

    def __init__(self, runs: list[tuple[str, StoredRun]]) -> None:
        self.by_name: dict[str, Sighting] = {}
        self.by_place: dict[tuple[str, str], Sighting] = {}  # (step name, place)
        for _, run in runs:
            for step in run.record.steps:
                for element in step.inventory:
                    sighting = Sighting(run, step, element)
                    if element.name:
                        self.by_name.setdefault(fold(element.key), sighting)
                    self.by_place.setdefault((step.name, fold(element.place)), sighting)

    def find(self, element: ElementFacts, screens: tuple[str, ...]) -> Sighting | None:
        """The element in the later version: the same role and name anywhere, or the same place on one
        of `screens` (the later screens matching the finding's)."""
        if element.name and (found := self.by_name.get(fold(element.key))):
            return found
        return next((s for screen in screens if (s := self.by_place.get((screen, fold(element.place))))), None)


def _shot(run: StoredRun, step: StepRecord, element: ElementFacts | None = None) -> tuple[Evidence, ...]:
    path = run.screenshot(step.index)
    if path is None or not path.exists():
        return ()
    box = tuple(element.box) if element is not None and element.box else None
    return (Evidence(screenshot=str(path), caption=step.name, box=box, page_width=step.page_width),)


def compare_findings(
    before: list[Finding], after: list[Finding], after_ev: VersionEvidence, matches: ScreenMatches, after_complete: bool,
) -> list[Change]:
    """The fate of every earlier barrier, then the later ones that are new."""
    after_prints = {f.fingerprint: f for f in after}
    before_prints = {f.fingerprint for f in before}
    later = after_ev.runs()
    main = after_ev.main
    steps = {s.name: s for s in main.record.steps} if main else {}
    inventory = Inventory(later)
    has_panel = after_ev.panel is not None and not after_ev.panel.sessions.empty
    # a screen's measure (reading ease, one topic…) is known by the screen's heading, which a redesign may
    # change: on the screen that takes its place, the same rule still breached is the same finding, still there
    on_screen = {(f.rule, f.step): f for f in after if f.element is None and f.step is not None and f.source == "criterion"}
    taken: set[str] = set()
    changes = []
    for finding in before:
        later_finding = after_prints.get(finding.fingerprint)
        if later_finding is None and finding.element is None and finding.step is not None and finding.source == "criterion":
            later_finding = next((f for name in matches.pairs.get(finding.step, ()) if (f := on_screen.get((finding.rule, name)))), None)
        if later_finding is not None:
            taken.add(later_finding.fingerprint)
            changes.append(Change(finding, "still", after=later_finding.evidence, later=later_finding))
            continue
        if not after_complete:
            changes.append(Change(finding, "unverified", "incomplete"))
            continue
        if finding.source in PANEL_SOURCES and not has_panel:
            changes.append(Change(finding, "unverified", "no_panel"))
            continue
        screens = tuple(dict.fromkeys(s for name in (finding.screens or ((finding.step,) if finding.step else ()))
                                      for s in matches.pairs.get(name, ())))
        shots = tuple(e for name in screens[:1] if name in steps for e in _shot(main, steps[name]))  # type: ignore[arg-type]
        if finding.element is not None and (seen := inventory.find(finding.element, screens)):
            changes.append(Change(finding, "fixed", "mended", _shot(seen.run, seen.step, seen.element)))
        elif finding.source in PANEL_SOURCES:  # the later sessions no longer show it
            changes.append(Change(finding, "fixed", "panel", shots))
        elif finding.element is None and finding.step is None:  # about the procedure: its measure says
            changes.append(Change(finding, "fixed", "procedure", shots))
        elif screens:
            changes.append(Change(finding, "fixed", "gone" if finding.element is not None else "measure", shots))
        else:
            new_screens = tuple(e for name in matches.unmatched_after[:2] if name in steps
                                for e in _shot(main, steps[name]))  # type: ignore[arg-type]
            changes.append(Change(finding, "redesigned", after=new_screens))
    changes += [Change(f, "new", after=f.evidence) for f in after if f.fingerprint not in before_prints | taken]
    return changes


# -- effort and panel ------------------------------------------------------------


@dataclass(frozen=True)
class EffortDelta:
    measure: str  # a key of run_figures
    before: int | bool
    after: int | bool
    delta: int | None  # None for yes/no measures


@dataclass(frozen=True)
class PanelDelta:
    measure: str  # completion, sus, satisfaction, seq, time
    kind: str  # how its estimates read: pct, num, seconds
    before: Estimate
    after: Estimate
    test: TestResult


def effort_deltas(before: VersionEvidence, after: VersionEvidence) -> list[EffortDelta]:
    b_run, a_run = before.main, after.main
    assert b_run is not None and a_run is not None
    b_fig, a_fig = run_figures(b_run.record), run_figures(a_run.record)
    if before.mobile and after.mobile:  # horizontal scrolling is a small screen's measure
        b_fig["hscroll"] = run_figures(before.mobile.record)["hscroll"]
        a_fig["hscroll"] = run_figures(after.mobile.record)["hscroll"]
    return [
        EffortDelta(name, b_fig[name], a_fig[name], None if isinstance(b_fig[name], bool) else a_fig[name] - b_fig[name])
        for name in b_fig
    ]


def paired_testers(before: pd.DataFrame, after: pd.DataFrame) -> list[str]:
    """The testers to compare as pairs: those who tried both versions, when they are at least half of
    each version's testers (and two or more); otherwise none, and the versions are compared as
    independent groups."""
    shared = sorted(set(before["tester"]) & set(after["tester"]))
    enough = len(shared) >= 2 and 2 * len(shared) >= max(before["tester"].nunique(), after["tester"].nunique())
    return shared if enough else []


def panel_deltas(before: PanelData, after: PanelData) -> list[PanelDelta]:
    """Completion, SUS, satisfaction, SEQ and time, each with its interval and the test that fits it.

    The tester is the unit: one row per tester and version (their first session), a screen's SEQ
    answers averaged per tester. When the same testers tried both versions (see `paired_testers`),
    paired tests on them; otherwise tests for independent groups."""
    b, a = tester_outcomes(before), tester_outcomes(after)
    pairs = paired_testers(b, a)
    b_pairs, a_pairs = b.set_index("tester").loc[pairs], a.set_index("tester").loc[pairs]

    def test(name: str, log: bool = False) -> TestResult:
        if pairs:
            both = pd.concat([b_pairs[name], a_pairs[name]], axis=1, keys=["b", "a"]).dropna()
            if log:
                both = both[(both > 0).all(axis=1)]
            return paired_t(both["b"].tolist(), both["a"].tolist(), log)
        return welch(b[name], a[name], log)

    xb, xa = int((b["outcome"] == "success").sum()), int((a["outcome"] == "success").sum())
    completion = (mcnemar((b_pairs["outcome"] == "success").tolist(), (a_pairs["outcome"] == "success").tolist())
                  if pairs else compare_proportions(xb, len(b), xa, len(a)))
    deltas = [PanelDelta("completion", "pct", completion_rate(xb, len(b)), completion_rate(xa, len(a)), completion)]
    for name in ("sus", "satisfaction", "seq"):  # seq: each tester's mean over the screens they answered
        if b[name].notna().any() and a[name].notna().any():
            deltas.append(PanelDelta(name, "num", mean_interval(b[name]), mean_interval(a[name]), test(name)))
    times_b, times_a = b["seconds"].dropna(), a["seconds"].dropna()
    if len(times_b) and len(times_a) and (times_b > 0).all() and (times_a > 0).all():
        deltas.append(PanelDelta("time", "seconds", geometric_mean_time(times_b), geometric_mean_time(times_a),
                                 test("seconds", log=True)))
    return deltas


# -- recommendations, verified by the re-test ---------------------------------------


@dataclass(frozen=True)
class Verification:
    """Whether the later version shows a recommendation applied, measured, and on what."""

    verified: bool
    reason: str  # fixed, remaining (a barrier not fixed), new (the later version has its own), sign_missing
    changes: tuple[Change, ...]  # its earlier findings, each with its fate
    new: tuple[Finding, ...] = ()  # barriers of the later version the same practice answers
    sign: str | None = None  # the element of the later version that shows the practice in place


def verify(recommendations: list[Recommendation], changes: list[Change], after: list[Finding], after_ev: VersionEvidence,
           catalogue: Catalogue) -> dict[str, Verification]:
    """A recommendation is verified when each of its findings is fixed (measured, see the module's doc),
    the later version has no barrier the same practice answers and, for a practice that shows on screen
    (`signs:`), the later version shows it."""
    fate = {c.finding.fingerprint: c for c in changes if c.status != "new"}
    names = [e.key for _, run in after_ev.runs() for step in run.record.steps for e in step.inventory if e.name]
    kinds = after_ev.field_kinds
    result = {}
    for rec in recommendations:
        mine = tuple(fate[f.fingerprint] for f in rec.findings if f.fingerprint in fate)
        again = tuple(f for f in after if rec.practice in practices_for(f, catalogue, kinds))
        sign = next((n for n in names for word in rec.practice.signs if fold(word) in fold(n)), None)
        if any(c.status != "fixed" for c in mine):
            reason = "remaining"
        elif again:
            reason = "new"
        elif rec.practice.signs and sign is None:
            reason = "sign_missing"
        else:
            reason = "fixed"
        result[rec.id] = Verification(reason == "fixed", reason, mine, again, sign)
    return result


# -- the whole comparison ----------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    before: VersionEvidence
    after: VersionEvidence
    before_state: Completeness
    after_state: Completeness
    screens: ScreenMatches
    changes: list[Change]
    recommendations: list[Recommendation]  # from the earlier version's barriers
    verification: dict[str, Verification]  # by recommendation id
    effort: list[EffortDelta]
    panel: list[PanelDelta] = field(default_factory=list)
    good_practices: tuple[int, int] = (0, 0)  # departures from axe's best practices, before and after
    findings: tuple[list[Finding], list[Finding]] = ([], [])  # everything found, before and after (waived included)

    def with_status(self, status: str) -> list[Change]:
        return [c for c in self.changes if c.status == status]

    @property
    def statuses(self) -> dict[str, str]:
        return {c.finding.fingerprint: c.status for c in self.changes}

    @property
    def counts(self) -> dict[str, int]:
        return {s: len(self.with_status(s)) for s in STATUSES}


def compare_versions(before: VersionEvidence, after: VersionEvidence, catalogue: Catalogue,
                     found: tuple[list[Finding], list[Finding]] | None = None) -> Comparison:
    """The later version against the earlier one. `found`: each version's findings where the campaign's
    analysis has them already (they are computed once, whoever reads them)."""
    before_all, after_all = found or (build_findings(before, catalogue), build_findings(after, catalogue))
    b_barriers, a_barriers = barriers(before_all), barriers(after_all)
    before_state, after_state = completeness(before.runs()), completeness(after.runs())
    b_main, a_main = before.main, after.main
    assert b_main is not None and a_main is not None
    matches = match_screens(b_main.record.steps, a_main.record.steps, a_main.record.scenario.replaces)
    changes = compare_findings(b_barriers, a_barriers, after, matches, after_state.complete)
    recommendations, _ = recommend(b_barriers, catalogue, {before.procedure: procedure_facts(before, catalogue)})
    has_panels = all(ev.panel is not None and not ev.panel.sessions.empty for ev in (before, after))
    return Comparison(
        before=before, after=after, before_state=before_state, after_state=after_state, screens=matches,
        changes=changes, recommendations=recommendations,
        verification=verify(recommendations, changes, a_barriers, after, catalogue),
        effort=effort_deltas(before, after),
        panel=panel_deltas(before.panel, after.panel) if has_panels else [],  # type: ignore[arg-type]
        good_practices=(len(good_practices(before_all)), len(good_practices(after_all))),
        findings=(before_all, after_all),
    )
