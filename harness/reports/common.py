"""Pieces every report's view is made of: findings, recommendations, screens, estimates and tables, worded."""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Sequence

from harness.analysis.campaign import CampaignAnalysis
from harness.analysis.comparison import Change, Completeness, PanelDelta, Verification
from harness.analysis.findings import SEVERITY_WEIGHT, Finding, VersionEvidence
from harness.analysis.language import page_language
from harness.analysis.observatoire import LOAD_PROFILES, observatoire_sheet
from harness.analysis.panel_data import PanelData
from harness.analysis.panel_summary import observation_rows, step_figures, summary_figures
from harness.analysis.procedure_checks import RULES
from harness.analysis.readability import screen_reading_ease
from harness.analysis.recommendations import Recommendation
from harness.analysis.sources import VersionRuns
from harness.analysis.stats import MIN_N, Estimate
from harness.criteria.models import Catalogue
from harness.i18n import Lang, has, t
from harness.reports import formatting
from harness.reports.charts import interval_bars
from harness.reports.crops import crop
from harness.reports.views import (
    ChangeView,
    Chart,
    DecisionView,
    EstimateView,
    EvidenceView,
    FindingGroup,
    FindingView,
    Headline,
    Occurrence,
    RecommendationView,
    ScreenView,
    Table,
    Withheld,
)
from harness.text import common_name
from harness.scenario.models import Impact
from harness.store.tables import Decision


IMPACTS = [i.value for i in Impact]


RGAA_THEMES = range(1, 14)


def estimate_view(estimate: Estimate | None, kind: str, lang: Lang) -> EstimateView | None:
    if estimate is None:
        return None
    withheld = None if estimate.has_interval else withheld_text(estimate.withheld or "small_n", estimate.n, lang)
    return EstimateView(float(estimate.value), float(estimate.low), float(estimate.high), estimate.n, kind, withheld)


def withheld_text(reason: str, n: int, lang: Lang) -> str:
    """Why an interval is not given: fewer than MIN_N testers, or every answer the same."""
    return t(f"report.withheld.{reason}", lang, n=n, min=MIN_N)


def finding_title(finding: Finding, lang: Lang) -> str:
    params = dict(finding.params)
    if params.get("kind") == "binary" and {float(params["value"]), float(params["limit"])} <= {0.0, 1.0}:
        # a yes/no criterion checked once (not a share of testers): its answer, in words
        answer = t("report.yes" if float(params["value"]) == 1 else "report.no", lang).lower()
        return t("findings.criterion_binary", lang, label=params["label"], answer=answer)
    if "kind" in params:  # a measured criterion: its value and threshold, as its scale reads, never rounded equal
        params["value"], params["limit"] = formatting.apart(float(params["value"]), float(params["limit"]), params["kind"], lang)
    if has(finding.title_key, lang):
        return t(finding.title_key, lang, **params)
    return t("findings.axe_other", lang, help=finding.params.get("help", finding.rule))


def finding_view(finding: Finding, lang: Lang, status: str | None = None) -> FindingView:
    kind = "pct" if finding.rule == "reussite" else "num"
    crop_bytes, crop_caption = _crop(finding)
    return FindingView(
        fingerprint=finding.fingerprint, title=finding_title(finding, lang), severity=finding.severity.value,
        severity_label=t(f"report.impact.{finding.severity.value}", lang), step=finding.step, rule=finding.rule,
        source_label=t(f"report.source.{finding.source}", lang), rgaa=list(finding.rgaa), wcag=list(finding.wcag),
        hit=finding.testers_hit, total=finding.testers_total, segments=[t(f"segments.{s}", lang) for s in finding.segments],
        estimate=estimate_view(finding.estimate, kind, lang),
        evidence=[EvidenceView(e.screenshot, e.caption, e.quote, e.figure) for e in finding.evidence],
        status=status, screens=list(finding.screens), profiles=[t(f"report.profile.{p}", lang) for p in finding.profiles],
        element=element_label(finding, lang), html=finding.html, crop=crop_bytes, crop_caption=crop_caption,
        waiver=finding.waiver, confidence=finding.confidence,
    )


def group_findings(findings: list[Finding], lang: Lang) -> list[FindingGroup]:
    """One entry per rule, in the order given (most serious first): its first finding leads with its
    evidence, the others are listed by screen and element."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.rule, []).append(finding)
    return [FindingGroup(finding_view(members[0], lang), [_occurrence(f, lang) for f in members]) for members in groups.values()]


def group_changes(changes: list[Change], lang: Lang) -> list[FindingGroup]:
    """A comparison's findings, one entry per fate and rule: the lead with its before and after pictures."""
    groups: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        groups.setdefault((change.status, change.finding.rule), []).append(change)
    return [
        FindingGroup(view.finding, [_occurrence(c.finding, lang, t(f"report.how.{c.how}", lang) if c.how else None) for c in members], view)
        for members in groups.values() if (view := change_view(members[0], lang))
    ]


def _occurrence(finding: Finding, lang: Lang, note: str | None = None) -> Occurrence:
    screen = ", ".join(finding.screens) if finding.screens else (finding.step or t("report.whole_procedure", lang))
    return Occurrence(screen, element_label(finding, lang), finding.fingerprint, note)


SUS_ADJECTIVES = ((85.5, "excellent"), (71.4, "good"), (51.7, "ok"), (38.0, "poor"), (0.0, "awful"))


def sus_meaning(value: float, lang: Lang) -> str:
    """What a SUS score means on the usual adjective scale (Bangor, Kortum & Miller, 2009)."""
    word = next(name for bound, name in SUS_ADJECTIVES if value >= bound)
    return t(f"report.sus_scale.{word}", lang)


def headline(delta: PanelDelta, lang: Lang) -> Headline:
    """One panel measure before and after, and what its test says, in words."""
    before, after = estimate_view(delta.before, delta.kind, lang), estimate_view(delta.after, delta.kind, lang)
    test = delta.test
    if math.isnan(test.p):
        said = t("report.verdict.no_test", lang)
    else:
        shown = f"= {formatting.number(test.p, 3, lang)}" if test.p >= 0.001 else f"< {formatting.number(0.001, 3, lang)}"
        said = t("report.verdict.significant" if test.p < 0.05 else "report.verdict.not_significant", lang,
                 p=shown, test=t(f"report.test.{test.test}", lang))
    def meaning(estimate: EstimateView | None) -> str | None:  # the SUS reads on its adjective scale
        return sus_meaning(estimate.value, lang) if estimate and delta.measure == "sus" else None

    return Headline(t(f"report.col.{delta.measure}", lang), before, after, meaning(before), meaning(after), said)


def sources_said(runs: VersionRuns, panel: PanelData | None, unfinished: int, lang: Lang) -> str:
    """What a report read, said once: each replay's profile with its day (one day said once), the panel's
    sessions, and those finished incomplete, counted apart."""
    days: dict[str, list[str]] = {}
    for run in (runs.desktop, runs.mobile, runs.keyboard, *runs.others):
        if run is not None:
            day = formatting.long_date(run.record.started_at, lang)
            days.setdefault(day, []).append(t(f"report.profile.{run.record.profile}", lang))
    replays = "; ".join(t("report.sources.replays_on", lang, profiles=", ".join(profiles), day=day) for day, profiles in days.items())
    sessions = 0 if panel is None else len(panel.sessions)
    panel_said = t("report.sources.sessions", lang, count=sessions) if sessions else t("report.sources.no_session", lang)
    said = t("report.sources.line", lang, replays=replays, panel=panel_said)
    return f"{said} {t('report.sources.unfinished', lang, count=unfinished)}" if unfinished else said


def incomplete_note(state: Completeness, lang: Lang) -> str | None:
    """What a reader must know first when a replay did not see every screen."""
    if state.complete:
        return None
    reason = t(f"failures.{state.reason}", lang, **(state.params or {})) if state.reason else t("steps.stopped", lang)
    return t("report.incomplete", lang, profile=t(f"report.profile.{state.profile}", lang),
             index=(state.step or 0) + 1, name=state.step_name or "—", reason=reason)


def element_label(finding: Finding, lang: Lang) -> str | None:
    """The element as a person meets it: its role and name, or without a name, where it sits."""
    element = finding.element
    if element is None:
        return None
    if element.name:
        return t("report.element_named", lang, role=element.role or "—", name=element.name)
    return t("report.element_unnamed", lang, where=element.key or "—")


def _crop(finding: Finding) -> tuple[bytes | None, str | None]:
    for e in finding.evidence:
        if e.screenshot and e.box:
            return crop(e.screenshot, list(e.box), e.page_width), e.caption
    return None, None


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-SEVERITY_WEIGHT[f.severity], f.step or "", f.rule))


def decision_view(row: object | None, lang: Lang) -> DecisionView | None:
    if row is None:
        return None
    return DecisionView(
        status=row.status, status_label=t(f"report.decision.{row.status}", lang), reason=row.reason,  # type: ignore[attr-defined]
        owner=row.owner, due=formatting.long_date(row.due, lang) if row.due else None,  # type: ignore[attr-defined]
        decided_on=formatting.long_date(row.decided_on, lang),  # type: ignore[attr-defined]
    )


def recommendation_views(
    recommendations: list[Recommendation], analysis: CampaignAnalysis, lang: Lang,
    verification: dict[str, Verification] | None = None,
) -> list[RecommendationView]:
    decisions = analysis.sources.decisions
    views = []
    # what is still to act on first: a recommendation set aside or done never ranks above one to act on
    settled = {rec.id for rec in recommendations if (row := decisions.get(rec.id)) is not None and row.status != "retained"}
    ordered = [r for r in recommendations if r.id not in settled] + [r for r in recommendations if r.id in settled]
    priorities = Counter(rec.priority for rec in ordered)  # how many share each priority
    names = {code: common_name([analysis.version(i).ref.title for i in ids]) for code, ids in analysis.procedures().items()}
    for rank, rec in enumerate(ordered, 1):
        practice = rec.practice
        ordered_findings = sorted_findings(list(rec.findings))
        views.append(RecommendationView(
            id=rec.id, rank=rank, priority=rec.priority, procedure=rec.procedure, practice_id=practice.id,
            title=practice.title, stage_label=t(f"report.stage.{practice.stage.value}", lang), why=practice.why,
            do=list(practice.do), dont=list(practice.dont), severity=rec.severity.value,
            severity_label=t(f"report.impact.{rec.severity.value}", lang), share=rec.share,
            share_measured=any(f.share is not None for f in rec.findings),
            segments=[t(f"segments.{s}", lang) for s in rec.segments],
            findings=[finding_view(f, lang) for f in ordered_findings],
            decision=decision_view(decisions.get(rec.id), lang),
            verified=check.verified if (check := (verification or {}).get(rec.id)) else None,
            verified_note=verified_note(check, lang, decisions.get(rec.id)) if check else None,
            groups=group_findings(ordered_findings, lang),
            tied=priorities[rec.priority] > 1, procedure_name=names.get(rec.procedure) or rec.procedure,
        ))
    return views


def verified_note(check: Verification, lang: Lang, decision: Decision | None = None) -> str:
    """What the re-test measured for a recommendation, in words; one the committee set aside and the
    re-test found done anyway says both in one sentence, not as two verdicts that contradict each other."""
    if check.verified and decision is not None and decision.status == "set_aside":
        return t("report.verified.set_aside_fixed", lang)
    reason = "fixed_sign" if check.reason == "fixed" and check.sign else check.reason
    count = len(check.new) if reason == "new" else sum(1 for c in check.changes if c.status != "fixed")
    return t(f"report.verified.{reason}", lang, sign=check.sign or "", count=count)


def screens(runs: VersionRuns, panel: PanelData | None, lang: Lang, state: Completeness | None = None) -> list[ScreenView]:
    run = runs.main
    note = incomplete_note(state, lang) if state is not None else None
    mobile = {s.name: s for s in runs.mobile.record.steps} if runs.mobile else {}
    views = []
    for step in run.record.steps:
        counts = {impact: step.violation_count(Impact(impact)) for impact in IMPACTS}
        other = mobile.get(step.name)
        views.append(ScreenView(
            index=step.index + 1, name=step.name, image=str(shot) if (shot := run.screenshot(step.index)) else None,
            url=step.url, status_label=t(f"steps.{step.status.value}", lang),
            fields=step.effort.fields if step.effort else 0, required=step.effort.required_fields if step.effort else 0,
            words=step.effort.words if step.effort else 0, actions=len(step.actions), violations=counts,
            readability=screen_reading_ease(step, page_language(step) or ""),
            mobile_scroll=other.horizontal_scroll if other is not None else None,
            panel=_step_panel_table(panel, step.name, step.index, lang), not_audited=step.not_audited_frames,
            unaudited=note if step.effort is None and note else None,
        ))
    return views


def _step_panel_table(panel: PanelData | None, step: str, index: int, lang: Lang) -> Table | None:
    figures = step_figures(panel, step) if panel is not None else []
    if not figures:
        return None
    lines = [[_segment(f.segment, lang), f.completion.value, interval_or_why(f.completion, lang),
              f.seq.value if f.seq else None, interval_or_why(f.seq, lang) if f.seq else None, f.completion.n]
             for f in figures]
    return Table(
        name=f"ecran-{index + 1:02d}", caption=t("report.step_panel_caption", lang, step=step),
        columns=[t(f"report.col.{c}", lang) for c in ("segment", "completion", "ci95", "seq", "ci95", "n")],
        rows=lines, kinds=["text", "pct", "ci_pct", "num", "ci_num", "int"],
    )


def _segment(segment: str, lang: Lang) -> str:
    return t("report.all_testers", lang) if segment == "all" else t(f"segments.{segment}", lang)


def interval_or_why(estimate: Estimate, lang: Lang) -> tuple[float, float] | Withheld:
    if estimate.has_interval:
        return (float(estimate.low), float(estimate.high))
    return Withheld(withheld_text(estimate.withheld or "small_n", estimate.n, lang))


def summary_table_views(panel: PanelData, procedure: str, version: str, lang: Lang, prefix: str = "") -> list[Table]:
    tables = []
    kinds = {"completion": "pct", "sus": "num", "time": "seconds", "satisfaction": "num"}
    for name, kind in kinds.items():
        figures = summary_figures(panel, name, procedure, [version])[version]
        if not figures:
            continue
        rows = [[_segment(f.segment, lang), f.value,
                 (f.low, f.high) if not math.isnan(f.low) else Withheld(withheld_text(f.withheld or "small_n", f.n, lang)), f.n]
                for f in figures]
        tables.append(Table(
            name=f"{prefix}{name}", caption=t(f"report.table.{name}", lang),
            columns=[t(f"report.col.{c}", lang) for c in ("segment", name, "ci95", "n")],
            rows=rows, kinds=["text", kind, f"ci_{kind}", "int"],
        ))
    return tables


def observatoire_table(versions: list[tuple[str, PanelData | None, dict[str, list[int]]]], lang: Lang,
                       name: str = "observatoire") -> Table:
    """The Observatoire's sheet of each (title, the version's panel, its replays' page loads): indicator, value,
    interval, n, target, met, and the Observatoire's colour for it in words. With more than one version, each
    row starts with the version it belongs to."""
    rows = []
    for title, panel, loads in versions:
        for indicator in observatoire_sheet(panel, loads):
            label = t(f"report.observatoire.{indicator.id}", lang)
            estimate = indicator.estimate
            interval: object = None
            if indicator.status == "not_measured":
                value: object = Withheld(t(f"report.observatoire.why_not.{indicator.id}", lang))
                target = t(f"report.observatoire.official.{indicator.id}", lang)
            else:
                if estimate is None:
                    value = Withheld(t("report.observatoire.no_answer", lang))
                else:
                    kind = {"pct": "pct", "ms": "ms"}.get(indicator.kind, "num")
                    value = interval = estimate_view(estimate, kind, lang)
                if indicator.kind == "ms":
                    target = t("report.observatoire.load_target", lang)
                elif indicator.target is not None:
                    target = t("report.observatoire.target", lang, value=formatting.decimal(indicator.target, lang, 0))
                else:
                    target = t("report.observatoire.no_target", lang)
            band = t(f"report.observatoire.band.{indicator.kind}.{indicator.band}", lang) if indicator.band else "–"
            row = [label, value, interval, estimate.n if estimate is not None else None, target,
                   t(f"report.observatoire.status.{indicator.status}", lang), band]
            rows.append([title, *row] if len(versions) > 1 else row)
    columns = [t(f"report.col.{c}", lang) for c in ("indicator", "value", "ci95", "n", "official_target", "met", "band")]
    kinds = ["text", "est", "ci_est", "int", "text", "text", "text"]
    if len(versions) > 1:
        columns, kinds = [t("report.col.procedure", lang), *columns], ["text", *kinds]
    return Table(name=name, caption=t("report.table.observatoire", lang), columns=columns, rows=rows, kinds=kinds)


def load_table(evidence: VersionEvidence, lang: Lang, name: str = "chargement") -> Table | None:
    """Each screen's time to load and to become usable and the data it took, under each replay profile that
    measured them, then the procedure's totals: the time spent waiting and the data used (prepaid plans
    count megabytes). None when no replay measured a load."""
    rows: list[list[object]] = []
    for profile, run in evidence.runs():
        if profile not in LOAD_PROFILES:  # the Observatoire's two: a computer, and a phone in the countryside
            continue
        measured = [s for s in run.record.steps if s.load is not None]
        if not any(s.load.load_ms for s in measured if s.load):
            continue
        label = t(f"report.profile.{profile}", lang)
        for step in measured:
            assert step.load is not None
            rows.append([label, step.name, step.load.usable_ms, step.load.load_ms, step.load.bytes])
        waited = sum(s.load.load_ms or 0 for s in measured if s.load)
        used = sum(s.load.bytes for s in measured if s.load)
        rows.append([label, t("report.loads.total", lang), None, waited, used])
    if not rows:
        return None
    return Table(name=name, caption=t("report.table.loads", lang),
                 columns=[t(f"report.col.{c}", lang) for c in ("profile", "step", "usable", "load", "data")],
                 rows=rows, kinds=["text", "text", "ms", "ms", "bytes"])


def completion_chart(panel: PanelData, procedure: str, versions: list[str], lang: Lang, name: str) -> Chart | None:
    by_version = summary_figures(panel, "completion", procedure, versions)
    if not any(by_version.values()):
        return None
    segments = sorted({f.segment for figures in by_version.values() for f in figures} - {"all"}) + ["all"]
    series: dict[str, Sequence[tuple[float, float, float]]] = {}
    rows: list[list[object]] = []
    for version in versions:
        part = {f.segment: f for f in by_version[version]}
        nothing = (math.nan, math.nan, math.nan)  # no tester of this public tried this version: no bar, never 0 %
        series[version] = [(part[s].value, part[s].low, part[s].high) if s in part else nothing for s in segments]
        for s in segments:
            if s not in part:
                rows.append([version, _segment(s, lang), Withheld(t("report.no_tester", lang)), None, 0])
                continue
            f = part[s]
            interval = (f.low, f.high) if not math.isnan(f.low) else Withheld(withheld_text(f.withheld or "small_n", f.n, lang))
            rows.append([version, _segment(s, lang), f.value, interval, f.n])
    svg = interval_bars([_segment(s, lang) for s in segments], series, t("report.col.completion", lang), (0, 1),
                        lambda value: formatting.percent(value, lang), empty=t("report.no_tester", lang))
    data = Table(name=name, caption=t("report.chart.completion", lang),
                 columns=[t(f"report.col.{c}", lang) for c in ("version", "segment", "completion", "ci95", "n")],
                 rows=rows, kinds=["text", "text", "pct", "ci_pct", "int"])
    return Chart(svg=svg, alt=t("report.chart.completion_alt", lang, versions=", ".join(versions)), table=data)


def accessibility_by_theme(runs: VersionRuns, lang: Lang, name: str) -> Table:
    counts = {theme: dict.fromkeys(IMPACTS, 0) for theme in RGAA_THEMES}
    other = dict.fromkeys(IMPACTS, 0)
    for step in runs.main.record.steps:
        for violation in step.violations:
            themes = {int(r.split(".")[0]) for r in violation.rgaa} or {0}
            for theme in themes:
                target = counts.get(theme, other)
                target[violation.impact or "moderate"] += len(violation.nodes)
    rows = [[f"{n}. {t(f'report.rgaa.{n}', lang)}", *counts[n].values()] for n in RGAA_THEMES if any(counts[n].values())]
    if any(other.values()):
        rows.append([t("report.rgaa.none", lang), *other.values()])
    return Table(name=name, caption=t("report.table.rgaa", lang),
                 columns=[t("report.col.rgaa_theme", lang), *(t(f"report.impact.{i}", lang) for i in IMPACTS)],
                 rows=rows, kinds=["text", "int", "int", "int", "int"])


def observations(panel: PanelData | None, lang: Lang) -> list[dict[str, str]]:
    return [
        {"step": r.step, "severity": t(f"report.observation_severity.{r.severity}", lang), "text": r.text,
         "tags": r.tags, "segment": t(f"segments.{r.segment}", lang), "tester": r.tester}
        for r in observation_rows(panel)
    ]


def waiver_views(waivers: dict[str, str], findings: list[Finding], catalogue: Catalogue, lang: Lang) -> list[dict[str, object]]:
    """Each heuristic the scenario sets aside, why, and how many findings it would have given."""
    labels = {c.id: c.label for c in catalogue.criteria}
    return [
        {"check": check, "label": labels.get(check) or (f"WCAG {', '.join(RULES[check].wcag)}" if check in RULES else "—"),
         "reason": reason, "count": sum(1 for f in findings if f.rule == check)}
        for check, reason in sorted(waivers.items())
    ]


def findings_table(findings: list[Finding], lang: Lang, name: str, statuses: dict[str, str] | None = None) -> Table:
    columns = ["fingerprint", "severity", "step", "rule", "rgaa", "finding", "testers", "segments"]
    rows = [[f.fingerprint, t(f"report.impact.{f.severity.value}", lang), f.step or "—", f.rule, " ".join(f.rgaa),
             finding_title(f, lang), f"{f.testers_hit}/{f.testers_total}" if f.testers_total else "—",
             ", ".join(t(f"segments.{s}", lang) for s in f.segments)] for f in findings]
    if statuses is not None:
        columns.append("status")
        for row, finding in zip(rows, findings):
            row.append(t(f"report.status.{statuses[finding.fingerprint]}", lang))
    return Table(name=name, caption=t("report.table.findings", lang), columns=[t(f"report.col.{c}", lang) for c in columns],
                 rows=rows, kinds=["text"] * len(columns))


def sorted_changes(changes: list[Change]) -> list[Change]:
    return sorted(changes, key=lambda c: (-SEVERITY_WEIGHT[c.finding.severity], c.finding.step or "", c.finding.rule))


def change_view(change: Change, lang: Lang) -> ChangeView:
    """A finding of a comparison, with what shows its fate in the later version."""
    after = [
        EvidenceView(e.screenshot, e.caption, None, None,
                     crop=crop(e.screenshot, list(e.box), e.page_width) if e.screenshot and e.box else None)
        for e in change.after[:2]
    ]
    view = finding_view(change.finding, lang, change.status)
    if change.status == "still" and change.later is not None:  # what it says now is the later version's measure
        view = dataclasses.replace(view, title=finding_title(change.later, lang))
    return ChangeView(
        finding=view, status=change.status,
        status_label=t(f"report.status.{change.status}", lang),
        how=t(f"report.how.{change.how}", lang) if change.how else None, after=after,
        values=still_values(change, lang),
    )


def still_values(change: Change, lang: Lang) -> str | None:
    """A measured finding still there, as "before → after" in its own scale: what moved, even if not enough."""
    later = change.later
    if change.status != "still" or later is None:
        return None
    before, after = change.finding.params, later.params
    if "value" in before and "value" in after and "kind" in before:
        return f"{formatting.by_kind(float(before['value']), before['kind'], lang)} → {formatting.by_kind(float(after['value']), before['kind'], lang)}"
    if change.finding.estimate is not None and later.estimate is not None:
        kind = "pct" if change.finding.rule == "reussite" else "num"
        return f"{formatting.by_kind(change.finding.estimate.value, kind, lang)} → {formatting.by_kind(later.estimate.value, kind, lang)}"
    return None

