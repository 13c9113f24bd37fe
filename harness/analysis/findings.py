"""Findings: what stands in users' way, tied to a procedure version, a screen, a rule and evidence."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from typing import TypedDict
from urllib.parse import urlsplit

import pandas as pd

from harness.analysis.metrics import Metric, compute_metrics
from harness.analysis.observatoire import clarity_marks
from harness.analysis.panel_data import PanelData
from harness.analysis.panel_summary import tester_outcomes, tester_steps
from harness.analysis.procedure_checks import check_procedure
from harness.analysis.stats import Estimate, mean_interval, success_rate
from harness.criteria.models import Catalogue, Criterion, Mode
from harness.runs.reader import StoredRun
from harness.runs.record import ElementFacts, StepRecord
from harness.scenario.models import Impact, LocatorKind
from harness.text import fold

SEVERITY_WEIGHT = {Impact.CRITICAL: 4, Impact.SERIOUS: 3, Impact.MODERATE: 2, Impact.MINOR: 1}
OBSERVATION_SEVERITY = {"blocking": Impact.CRITICAL, "high": Impact.SERIOUS, "medium": Impact.MODERATE, "low": Impact.MINOR}
# Covered rule by rule (axe) or action by action (CSS): no second, summary finding.
DETAILED_METRICS = {"axe_violations", "css_only"}
# Panel criteria computed from step records and questionnaires, not from `score:` columns.
PANEL_MEASURES = {"reussite", "seq", "sus", "satisfaction", "clarte", "aide-demandee", "erreurs-saisie", "temps-tache"}


@dataclass(frozen=True)
class Evidence:
    screenshot: str | None = None  # absolute path of a PNG
    caption: str | None = None
    quote: str | None = None  # an observation, as written (untrusted: escaped when rendered)
    figure: str | None = None  # e.g. "3 / 7 testeurs"
    box: tuple[int, ...] | None = None  # the element on the screenshot: x, y, width, height in CSS pixels
    page_width: int | None = None  # CSS pixels across the screenshot, to scale the box


@dataclass(frozen=True)
class Finding:
    procedure: str
    version: str
    step: str | None  # the first screen that shows it; None: the procedure as a whole
    source: str  # "accessibility", "criterion", "panel", "observation"
    rule: str  # axe rule id, criterion id, or "tag:<tag>"
    severity: Impact
    title_key: str  # locale key of the plain wording
    params: dict[str, str] = field(default_factory=dict)
    rgaa: tuple[str, ...] = ()
    wcag: tuple[str, ...] = ()
    target: str = ""  # its identity within the rule: the element (role and name, or where it sits), a screen, or ""
    testers_hit: int | None = None  # testers who struggled where it is (not a success alone, or SEQ ≤ 4)
    testers_total: int | None = None  # testers who reached it
    segments: tuple[str, ...] = ()
    blocked: int | None = None  # of them, testers who failed or abandoned there
    helped: int | None = None  # of them, testers who got through only with help
    estimate: Estimate | None = None
    evidence: tuple[Evidence, ...] = ()
    kind: str = "barrier"  # "barrier", or "good_practice": an axe best practice tied to no WCAG criterion
    # "established": the record shows the failure; "to_confirm": a heuristic points at it, a person must look
    confidence: str = "established"
    waiver: str | None = None  # why the scenario sets this heuristic aside: shown, never counted
    screens: tuple[str, ...] = ()  # every screen that shows it, in the order of the procedure
    profiles: tuple[str, ...] = ()  # the replay profiles under which it was seen (desktop, mobile, keyboard)
    element: ElementFacts | None = None
    html: str | None = None  # an excerpt of the element's markup (untrusted: escaped when rendered)
    urls: tuple[str, ...] = ()
    selector: str | None = None  # a CSS selector of the element on its first screen (changes between builds)

    @property
    def fingerprint(self) -> str:
        """Stable across runs, versions and renamed screens: procedure, rule and what it is about."""
        key = "|".join([self.procedure, self.rule, " ".join(fold(self.target).split())])
        return hashlib.sha1(key.encode()).hexdigest()[:12]

    @property
    def share(self) -> float | None:
        if not self.testers_total:
            return None
        return (self.testers_hit or 0) / self.testers_total

    @property
    def met(self) -> float:
        """How much testers met it where it is, 0 to 1: of those who reached its screen, blocked counts 1,
        helped ½; for a panel measure or an observation, the share of testers it holds for. 0: unmeasured."""
        if not self.testers_total:
            return 0.0
        if self.blocked is not None:
            return (self.blocked + 0.5 * (self.helped or 0)) / self.testers_total
        if self.source in ("panel", "observation"):
            return (self.testers_hit or 0) / self.testers_total
        return 0.0


@dataclass(frozen=True)
class Met:
    """What testers met at one place (a screen, or the whole procedure), as findings there carry it."""

    struggled: int | None = None
    total: int | None = None
    segments: tuple[str, ...] = ()
    blocked: int | None = None
    helped: int | None = None

    def fields(self) -> MetFields:
        return {"testers_hit": self.struggled, "testers_total": self.total, "segments": self.segments,
                "blocked": self.blocked, "helped": self.helped}


class MetFields(TypedDict):
    """What a finding carries of what testers met (its keyword arguments)."""

    testers_hit: int | None
    testers_total: int | None
    segments: tuple[str, ...]
    blocked: int | None
    helped: int | None


@dataclass(frozen=True)
class VersionEvidence:
    """What is known of one procedure version: its latest runs and its panel sessions."""

    procedure: str
    version: str
    desktop: StoredRun | None
    mobile: StoredRun | None
    panel: PanelData | None
    keyboard: StoredRun | None = None
    others: tuple[StoredRun, ...] = ()  # runs of other profiles (zoom 200 %…), read like the rest

    def runs(self) -> list[tuple[str, StoredRun]]:
        """Every profile replayed, each with its latest run, named by the profile it ran under."""
        return [(run.record.profile, run) for run in (self.desktop, self.mobile, self.keyboard, *self.others)
                if run is not None]

    @property
    def loads(self) -> dict[str, list[int]]:
        """Each replay profile's page-load times (ms), screen by screen: what the Observatoire's indicator reads."""
        return {profile: [s.load.load_ms for s in run.record.steps if s.load is not None and s.load.load_ms is not None]
                for profile, run in self.runs()}

    @property
    def field_kinds(self) -> frozenset[str]:
        """The kinds of form field it has on any screen: an input's type, "select" or "textarea"."""
        return frozenset(
            (f.type or "text").lower() if f.tag == "input" else f.tag
            for _, run in self.runs() for step in run.record.steps for f in step.fields
        )

    @cached_property
    def metrics(self) -> dict[str, Metric]:
        """The grid's automatic metrics of its desktop replay (with the mobile one), computed once."""
        assert self.desktop is not None
        return compute_metrics(self.desktop.record, self.mobile.record if self.mobile else None)

    @property
    def main(self) -> StoredRun | None:
        """The run whose screens stand for the version: the screen run, else mobile, keyboard or any other."""
        return next((run for run in (self.desktop, self.mobile, self.keyboard, *self.others) if run is not None), None)

    @property
    def waivers(self) -> dict[str, str]:
        """Heuristics the scenario sets aside, with the reason (the same scenario file in every run)."""
        run = self.main
        return dict(run.record.scenario.waivers) if run is not None else {}


def normalise_target(selector: str) -> str:
    """A CSS target without the parts that change from build to build (nth-child, ids with digits)."""
    selector = re.sub(r":nth-(child|of-type)\(\d+\)", "", selector)
    return re.sub(r"#[\w-]*\d[\w-]*", "#…", selector).strip()


def build_findings(evidence: VersionEvidence, catalogue: Catalogue) -> list[Finding]:
    """Every finding of one procedure version, each once: one barrier met on several screens or under
    several profiles is one finding listing them."""
    findings: list[Finding] = []
    has_panel = evidence.panel is not None and not evidence.panel.sessions.empty
    sessions = tester_outcomes(evidence.panel) if has_panel else None  # type: ignore[arg-type]
    trouble = _trouble_by_step(evidence.panel)
    for profile, run in evidence.runs():
        findings += _accessibility(evidence, run, profile, trouble)
        findings += _procedure_checks(evidence, run, profile, trouble)
    if evidence.desktop is not None:
        findings += _css_only(evidence, trouble)
        findings += _auto_criteria(evidence, catalogue, trouble, _overall_trouble(sessions))
    if has_panel:
        findings += _panel(evidence, catalogue, sessions)  # type: ignore[arg-type]
        findings += _observations(evidence)
    waivers = evidence.waivers
    return [replace(f, waiver=waivers[f.rule]) if f.rule in waivers else f for f in merge(findings)]


def barriers(findings: list[Finding]) -> list[Finding]:
    """What counts: barriers the scenario does not waive (good practices and waived heuristics are shown apart)."""
    return [f for f in findings if f.kind == "barrier" and f.waiver is None]


def good_practices(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.kind == "good_practice" and f.waiver is None]


def merge(findings: list[Finding]) -> list[Finding]:
    """One finding per fingerprint: its screens, profiles, URLs and evidence put together, in the order met."""
    merged: dict[str, Finding] = {}
    for finding in findings:
        first = merged.get(finding.fingerprint)
        if first is None:
            merged[finding.fingerprint] = finding
            continue
        measured = [f for f in (first, finding) if f.testers_total]
        most = max(measured, key=lambda f: (f.met, f.share or 0)) if measured else first  # where testers met it most
        merged[finding.fingerprint] = replace(
            first, screens=union(first.screens, finding.screens), profiles=union(first.profiles, finding.profiles),
            urls=union(first.urls, finding.urls), segments=tuple(sorted(set(first.segments) | set(finding.segments))),
            testers_hit=most.testers_hit, testers_total=most.testers_total, blocked=most.blocked, helped=most.helped,
            severity=max(first.severity, finding.severity, key=SEVERITY_WEIGHT.__getitem__),
            evidence=_union_evidence(first.evidence, finding.evidence), element=first.element or finding.element,
            html=first.html or finding.html,
        )
    return list(merged.values())


def union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    """a, then what b adds, in order."""
    return a + tuple(x for x in b if x not in a)


def _union_evidence(a: tuple[Evidence, ...], b: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    shots = {e.caption for e in a if e.screenshot}
    extra = tuple(e for e in b if e.screenshot and e.caption not in shots)
    return a + extra[: max(0, 4 - len(shots))]


def screen_key(step: StepRecord) -> str:
    """A screen as its page names it (main heading, else title, else its address's path), whatever the
    scenario calls the step."""
    path = urlsplit(step.url).path if step.url else ""
    return "screen " + (step.headings[0] if step.headings else step.title or path or step.name)


# -- automated -----------------------------------------------------------------


def _screens(run: StoredRun, indexes: list[int] | tuple[int, ...]) -> tuple[Evidence, ...]:
    found = []
    for index in indexes:
        path = run.screenshot(index)
        if path is not None and path.exists():
            found.append(Evidence(screenshot=str(path), caption=run.record.steps[index].name))
    return tuple(found)


def _element_on_screen(run: StoredRun, step: StepRecord, element: ElementFacts | None) -> tuple[Evidence, ...]:
    shots = _screens(run, [step.index])
    if shots and element is not None and element.box:
        return (replace(shots[0], box=tuple(element.box), page_width=step.page_width),)
    return shots


def _hit(trouble: dict[str, Met], step: str | None) -> MetFields:
    return trouble.get(step or "", Met()).fields()


def _accessibility(ev: VersionEvidence, run: StoredRun, profile: str,
                   trouble: dict[str, Met]) -> list[Finding]:
    """One finding per rule and element: the element as a person meets it, wherever it appears."""
    findings = []
    for step in run.record.steps:
        for violation in step.violations:
            by_element: dict[str, list] = defaultdict(list)
            for node in violation.nodes:
                key = node.element.key if node.element and node.element.key else normalise_target(node.target[-1] if node.target else "")
                by_element[key].append(node)
            for key, nodes in by_element.items():
                node = nodes[0]
                findings.append(Finding(
                    procedure=ev.procedure, version=ev.version, step=step.name, source="accessibility", rule=violation.id,
                    severity=Impact(violation.impact or "moderate"), title_key=f"axe.{violation.id}",
                    params={"help": violation.help, "count": str(len(nodes))},
                    rgaa=tuple(violation.rgaa), wcag=_wcag(violation.id, violation.wcag), target=key, **_hit(trouble, step.name),
                    evidence=_element_on_screen(run, step, node.element), screens=(step.name,), profiles=(profile,),
                    element=node.element, html=node.html[:300], urls=(step.url,) if step.url else (),
                    selector=node.target[-1] if node.target else None,
                    kind="good_practice" if violation.best_practice else "barrier",
                ))
    return findings


# Success criteria auditors also cite for an axe rule, beyond axe's own tags: a field without a label
# fails "labels or instructions" (3.3.2) as well as "name, role, value" (4.1.2).
ALSO_FAILS = {"label": ("3.3.2",), "select-name": ("3.3.2",), "label-title-only": ("3.3.2",)}


def _wcag(rule: str, tags: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*tags, *ALSO_FAILS.get(rule, ())]))


@dataclass(frozen=True)
class ToCheck:
    """What axe could not decide on a screen ("needs review"): a person must look."""

    step: str
    rule: str
    help: str
    wcag: tuple[str, ...]
    rgaa: tuple[str, ...]
    count: int  # elements concerned
    screen: str = ""  # the screen as its page names it (see screen_key)
    title_key: str = ""  # a check of Parcours' own to review: its wording's locale key, for `help` in the reader's language
    params: dict[str, str] = field(default_factory=dict)
    source: str = "axe_review"  # or "check_review"

    def fingerprint(self, procedure: str) -> str:
        key = "|".join([procedure, f"review:{self.rule}", " ".join(fold(self.screen).split())])
        return hashlib.sha1(key.encode()).hexdigest()[:12]


def to_check(run: StoredRun | None) -> list[ToCheck]:
    """Every "needs review" result of every screen, counted, never dropped; then what Parcours' own checks
    list for a person (a drag, a CAPTCHA of unknown kind), each with the element it is about."""
    if run is None:
        return []
    steps = run.record.steps
    return [
        ToCheck(step.name, result.id, result.help, tuple(result.wcag), tuple(result.rgaa), len(result.nodes), screen_key(step))
        for step in steps for result in step.needs_review
    ] + [
        ToCheck(steps[result.steps[0]].name, result.rule, result.element, result.check.wcag, result.check.rgaa, 1,
                screen_key(steps[result.steps[0]]) + " " + result.element, title_key=result.title_key,
                params=result.params, source="check_review")
        for result in check_procedure(run.record) if result.check.kind == "review"
    ]


def _procedure_checks(
    ev: VersionEvidence, run: StoredRun, profile: str, trouble: dict[str, Met],
) -> list[Finding]:
    """What the sequence of screens shows and one screen's audit cannot: see procedure_checks."""
    findings = []
    steps = run.record.steps
    for result in check_procedure(run.record):
        check = result.check
        if check.kind == "review":  # listed for a person (to_check), never a finding
            continue
        names = tuple(steps[i].name for i in result.steps)
        step = names[0] if len(names) == 1 else None
        # what it is about: the element when there is one, else its screen as the page names it
        target = result.element or (screen_key(steps[result.steps[0]]) if step else "")
        findings.append(Finding(
            procedure=ev.procedure, version=ev.version, step=step, source="accessibility", rule=result.rule,
            severity=check.severity, title_key=result.title_key, params=result.params,
            rgaa=check.rgaa, wcag=check.wcag, target=target[:120], **_hit(trouble, step),
            kind=check.kind, confidence=check.confidence.value,
            evidence=_own_shot(run, result.shot) + _screens(run, result.steps[:4])
            + ((Evidence(quote=result.element[:300]),) if result.element else ()),
            screens=names, profiles=(profile,), urls=tuple(url for i in result.steps if (url := steps[i].url)),
        ))
    return findings


def _own_shot(run: StoredRun, shot: tuple[str, tuple[int, ...], int] | None) -> tuple[Evidence, ...]:
    """A check's picture of its own (the viewport where the focus was hidden), with the element's box."""
    if shot is None:
        return ()
    path = run.file(shot[0])
    return (Evidence(screenshot=str(path), box=shot[1], page_width=shot[2]),) if path is not None else ()


def _css_only(ev: VersionEvidence, trouble: dict[str, Met]) -> list[Finding]:
    run = ev.desktop
    assert run is not None
    findings = []
    for step in run.record.steps:
        for action in step.actions:
            if action.unnamed and action.target:  # no name in the accessibility tree: a barrier
                css = action.target.split("css ")[-1].strip('"')
                findings.append(Finding(
                    procedure=ev.procedure, version=ev.version, step=step.name, source="accessibility", rule="css-only",
                    severity=Impact.SERIOUS, title_key="findings.css_only", params={"target": css},
                    rgaa=("11.1", "7.1"), wcag=("4.1.2",), target=normalise_target(css), **_hit(trouble, step.name),
                    evidence=_screens(run, [step.index]), screens=(step.name,), profiles=(run.record.profile,),
                ))
    return findings


@dataclass(frozen=True)
class CssNote:
    """A scenario reached an element by CSS though it has a name: no barrier, a locator to improve."""

    step: str
    css: str
    role: str | None
    name: str


def css_notes(run: StoredRun | None) -> list[CssNote]:
    if run is None:
        return []
    return [
        CssNote(step.name, action.target.split("css ")[-1].strip('"'), action.accessible.role, action.accessible.name)
        for step in run.record.steps for action in step.actions
        if action.locator_kind is LocatorKind.CSS and not action.unnamed and action.target and action.accessible
    ]


def _thresholded(catalogue: Catalogue) -> list[Criterion]:
    """The grid's automatic criteria judged on a metric against a threshold."""
    return [c for c in catalogue.criteria
            if c.mode is Mode.AUTO and c.threshold is not None and c.metric not in DETAILED_METRICS]


def unjudged_criteria(ev: VersionEvidence, catalogue: Catalogue) -> list[Criterion]:
    """The automatic criteria this walk could not judge, which a person must check: a screen it never
    reached (no error state, no mobile replay), pages in another language, a walk stopped before sending.
    Those the scenario waives are left out: the report says why already."""
    if ev.desktop is None:
        return []
    return [c for c in _thresholded(catalogue) if ev.metrics[c.metric or ""].value is None and c.id not in ev.waivers]


def _auto_criteria(
    ev: VersionEvidence, catalogue: Catalogue, trouble: dict[str, Met],
    overall: Met,
) -> list[Finding]:
    run = ev.desktop
    assert run is not None
    metrics = ev.metrics
    findings = []
    for criterion in _thresholded(catalogue):
        assert criterion.threshold is not None
        metric = metrics[criterion.metric or ""]
        if metric.value is None:
            continue
        if metric.per_step:  # judged screen by screen
            for index, value in metric.per_step.items():
                if criterion.threshold.breached(value):
                    screen = run.record.steps[index]
                    findings.append(replace(
                        _criterion_finding(ev, criterion, screen.name, str(value), trouble.get(screen.name, Met()), _screens(run, [index])),
                        target=screen_key(screen), screens=(screen.name,), urls=(screen.url,) if screen.url else (),
                    ))
        elif criterion.threshold.breached(metric.value):
            source = ev.mobile if criterion.metric == "horizontal_scroll" and ev.mobile else run
            # Something missing from every screen: the walk itself, first and last screen, is the evidence.
            seen = [s.index for s in source.record.steps if s.screenshot]
            shown = list(metric.steps)[:4] or sorted({seen[0], seen[-1]}) if seen else []
            finding = _criterion_finding(
                ev, criterion, None, str(metric.value), overall, _screens(source, shown), details=metric,
            )
            named = tuple(source.record.steps[i].name for i in metric.steps)
            findings.append(replace(finding, screens=named, profiles=(source.record.profile,)))
    return findings


def _criterion_finding(
    ev: VersionEvidence, criterion: Criterion, step: str | None, value: str, met: Met,
    screens: tuple[Evidence, ...], details: Metric | None = None,
) -> Finding:
    threshold = criterion.threshold
    assert threshold is not None
    limit = str(threshold.min if threshold.min is not None else threshold.max)
    extra = tuple(Evidence(quote=d) for d in (details.details if details else ())[:6])
    return Finding(
        procedure=ev.procedure, version=ev.version, step=step, source="criterion", rule=criterion.id,
        severity=criterion.severity, title_key=f"findings.criterion_{'min' if threshold.min is not None else 'max'}",
        params={"label": criterion.label, "value": value, "limit": limit, "kind": criterion.scale.kind,
                "direction": "min" if threshold.min is not None else "max"},
        **met.fields(), evidence=screens + extra, profiles=(ev.desktop.record.profile if ev.desktop else "desktop",),
    )


# -- panel ---------------------------------------------------------------------


def _trouble_by_step(panel: PanelData | None) -> dict[str, Met]:
    """Per screen, of the testers who reached it: who struggled there (not a success alone, or SEQ ≤ 4),
    who was blocked (failed or abandoned), who got through only with help."""
    if panel is None or panel.steps.empty:
        return {}
    steps = tester_steps(panel)
    struggled = steps[(steps["outcome"] != "success") | (steps["seq"].fillna(7) <= 4)]
    seen = steps.groupby("step")["tester"].nunique()
    hit = struggled.groupby("step")["tester"].nunique()
    blocked = steps[steps["outcome"].isin(["failure", "abandon"])].groupby("step")["tester"].nunique()
    helped = steps[steps["outcome"] == "assisted"].groupby("step")["tester"].nunique()
    segments = {str(step): tuple(sorted(found)) for step, found in struggled.groupby("step")["segment"].unique().items()}
    return {
        str(step): Met(int(hit.get(step, 0)), int(total), segments.get(str(step), ()),
                       int(blocked.get(step, 0)), int(helped.get(step, 0)))
        for step, total in seen.items()
    }


def _overall_trouble(sessions: pd.DataFrame | None) -> Met:
    if sessions is None:
        return Met()
    struggled = sessions[sessions["outcome"] != "success"]
    # who struggled somewhere in the procedure, shown; not who met a finding about it as a whole (blocked unknown)
    return Met(struggled["tester"].nunique(), sessions["tester"].nunique(), tuple(sorted(struggled["segment"].unique())))


def _panel(ev: VersionEvidence, catalogue: Catalogue, sessions: pd.DataFrame) -> list[Finding]:
    panel = ev.panel
    assert panel is not None
    by_id = {c.id: c for c in catalogue.criteria}
    findings: list[Finding] = []
    screens = {s.name: s.index for s in ev.desktop.record.steps} if ev.desktop else {}

    def add(criterion_id: str, estimate: Estimate, who: Callable[[], pd.DataFrame], step: str | None = None) -> None:
        criterion = by_id.get(criterion_id)
        if criterion is None or criterion.threshold is None or not criterion.threshold.breached(estimate.value):
            return
        hit_rows = who()  # who was hit: looked up only for what is a finding
        shots = _screens(ev.desktop, [screens[step]]) if ev.desktop and step in screens else ()
        limit = criterion.threshold.min if criterion.threshold.min is not None else criterion.threshold.max
        hit = hit_rows["tester"].nunique()
        figure = Evidence(figure=f"{hit}/{estimate.n}")  # the measure itself is the evidence
        findings.append(Finding(
            procedure=ev.procedure, version=ev.version, step=step, source="panel", rule=criterion_id,
            severity=_panel_severity(criterion, estimate.value),
            title_key=f"findings.criterion_{'min' if criterion.threshold.min is not None else 'max'}",
            params={"label": criterion.label, "value": str(estimate.value), "limit": str(limit),
                    "kind": "rate" if criterion_id == "reussite" else criterion.scale.kind,
                    "direction": "min" if criterion.threshold.min is not None else "max"},
            testers_hit=hit, testers_total=estimate.n,
            segments=tuple(sorted(hit_rows["segment"].unique())), estimate=estimate, evidence=shots + (figure,),
            target=f"step {step}" if step else "", screens=(step,) if step else (),
        ))

    add("reussite", success_rate(sessions), lambda: sessions[sessions["outcome"] != "success"])
    if sessions["sus"].notna().any():
        add("sus", mean_interval(sessions["sus"]), lambda: sessions[sessions["sus"] < 68])
    if sessions["satisfaction"].notna().any():
        add("satisfaction", mean_interval(sessions["satisfaction"]), lambda: sessions[sessions["satisfaction"] < 8])
    if sessions["clarity"].notna().any():
        marks = clarity_marks(sessions["clarity"])
        add("clarte", mean_interval(marks), lambda: sessions[marks < 8])
    add("aide-demandee", mean_interval(sessions["help_requests"]), lambda: sessions[sessions["help_requests"] > 1])
    add("erreurs-saisie", mean_interval(sessions["errors"]), lambda: sessions[sessions["errors"] > 2])
    for step, group in tester_steps(panel).groupby("step", sort=False):
        add("reussite", success_rate(group), partial(_rows_where, group, group["outcome"] != "success"), str(step))
        if group["seq"].notna().any():
            add("seq", mean_interval(group["seq"]), partial(_rows_where, group, group["seq"] <= 4), str(step))
    scores = panel.scores.merge(sessions[["session_id", "tester", "segment"]], on="session_id")
    for criterion_id, group in scores.groupby("criterion"):
        criterion = by_id.get(str(criterion_id))
        if criterion is None or criterion.id in PANEL_MEASURES or criterion.threshold is None:
            continue
        threshold = criterion.threshold
        add(criterion.id, mean_interval(group["value"]), partial(_rows_where, group, group["value"].map(threshold.breached)))
    return findings


def _rows_where(frame: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    return frame[mask]


def _panel_severity(criterion: Criterion, value: float) -> Impact:
    if criterion.id == "reussite":
        return Impact.CRITICAL if value < 0.5 else Impact.SERIOUS
    return criterion.severity


def _observations(ev: VersionEvidence) -> list[Finding]:
    """Observations coded with the same tag on the same screen by two testers or more."""
    panel = ev.panel
    assert panel is not None
    observed = panel.observations.merge(panel.sessions[["session_id", "tester", "segment"]], on="session_id")
    rows: dict[tuple[str, str], list[pd.Series]] = defaultdict(list)
    for _, row in observed.iterrows():
        for tag in filter(None, (t.strip().lower() for t in str(row["tags"] or "").split(";"))):
            rows[(str(row["step"]), tag)].append(row)
    total = panel.sessions["tester"].nunique()
    screens = {s.name: s.index for s in ev.desktop.record.steps} if ev.desktop else {}
    findings = []
    for (step, tag), group in rows.items():
        testers = {r["tester"] for r in group}
        if len(testers) < 2:
            continue
        severity = max((OBSERVATION_SEVERITY.get(r["severity"], Impact.MODERATE) for r in group), key=SEVERITY_WEIGHT.__getitem__)
        quotes = tuple(Evidence(quote=str(r["text"]), figure=str(r["segment"])) for r in group[:3])
        shots = _screens(ev.desktop, [screens[step]]) if ev.desktop and step in screens else ()
        findings.append(Finding(
            procedure=ev.procedure, version=ev.version, step=step, source="observation", rule=f"tag:{tag}",
            severity=severity, title_key="findings.observation", params={"tag": tag, "count": str(len(testers))},
            testers_hit=len(testers), testers_total=total, segments=tuple(sorted({r["segment"] for r in group})),
            evidence=shots + quotes, target=f"step {step}", screens=(step,),
        ))
    return findings
