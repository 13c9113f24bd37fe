"""Build each report's plain data from findings, recommendations, runs and panel tables."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from harness.analysis.effort import run_figures
from harness.analysis.findings import (
    SEVERITY_WEIGHT,
    Finding,
    ToCheck,
    barriers,
    build_findings,
    good_practices,
    to_check,
)
from harness.analysis.panel_data import PanelData
from harness.analysis.procedure_checks import RULES
from harness.analysis.panel_summary import session_outcomes, summary_tables
from harness.analysis.comparison import STATUSES, Completeness, compare_findings, completeness
from harness.analysis.coverage import automation_coverage
from harness.analysis.language import page_language
from harness.analysis.readability import reading_ease
from harness.analysis.recommendations import Recommendation, recommend
from harness.analysis.stats import (
    Estimate,
    compare_proportions,
    completion_rate,
    geometric_mean_time,
    mean_interval,
    welch,
)
from harness.criteria.models import Catalogue, Stage
from harness.i18n import Lang, has, t
from harness.reports import formatting
from harness.reports.charts import interval_bars
from harness.reports.crops import crop
from harness.reports.sources import CampaignSources, VersionRuns
from harness.reports.views import (
    Chart,
    DecisionView,
    EstimateView,
    EvidenceView,
    FindingView,
    KeyFigure,
    RecommendationView,
    ScreenView,
    Table,
)
from harness.scenario.models import Impact

IMPACTS = [i.value for i in Impact]
RGAA_THEMES = range(1, 14)


@dataclass(frozen=True)
class Report:
    kind: str  # procedure, committee, compare, guide: the template's name
    slug: str  # folder and file names
    title: str
    lang: Lang
    data: dict[str, object]
    tables: list[Table] = field(default_factory=list)
    generated: str = field(default_factory=lambda: date.today().isoformat())
    findings: FindingsData | None = None  # what findings.json holds


@dataclass
class FindingsData:
    """A report's findings before they are written out (paths are made relative to the report folder then)."""

    campaign: str
    versions: list[str]
    complete: bool
    findings: list[tuple[Finding, str | None]] = field(default_factory=list)  # with their status in a comparison
    to_check: list[tuple[ToCheck, str, str]] = field(default_factory=list)  # with procedure and version


# -- shared pieces ---------------------------------------------------------------


def estimate_view(estimate: Estimate | None, kind: str) -> EstimateView | None:
    if estimate is None:
        return None
    return EstimateView(float(estimate.value), float(estimate.low), float(estimate.high), estimate.n, kind)


def finding_title(finding: Finding, lang: Lang) -> str:
    params = dict(finding.params)
    if "kind" in params:  # a measured criterion: its value and threshold, as its scale reads
        for name in ("value", "limit"):
            params[name] = formatting.by_kind(float(params[name]), params["kind"], lang)
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
        estimate=estimate_view(finding.estimate, kind),
        evidence=[EvidenceView(e.screenshot, e.caption, e.quote, e.figure) for e in finding.evidence],
        status=status, screens=list(finding.screens), profiles=[t(f"report.profile.{p}", lang) for p in finding.profiles],
        element=element_label(finding, lang), html=finding.html, crop=crop_bytes, crop_caption=crop_caption,
        waiver=finding.waiver,
    )


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


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-SEVERITY_WEIGHT[f.severity], f.step or "", f.rule))


def decision_view(row: object | None, lang: Lang) -> DecisionView | None:
    if row is None:
        return None
    return DecisionView(
        status=row.status, status_label=t(f"report.decision.{row.status}", lang), reason=row.reason,  # type: ignore[attr-defined]
        owner=row.owner, due=row.due.isoformat() if row.due else None, decided_on=row.decided_on.isoformat(),  # type: ignore[attr-defined]
    )


def recommendation_views(
    recommendations: list[Recommendation], sources: CampaignSources, lang: Lang, verified: dict[str, bool] | None = None,
) -> list[RecommendationView]:
    views = []
    for rank, rec in enumerate(recommendations, 1):
        practice = rec.practice
        views.append(RecommendationView(
            id=rec.id, rank=rank, priority=rec.priority, procedure=rec.procedure, practice_id=practice.id,
            title=practice.title, stage_label=t(f"report.stage.{practice.stage.value}", lang), why=practice.why,
            do=list(practice.do), dont=list(practice.dont), severity=rec.severity.value,
            severity_label=t(f"report.impact.{rec.severity.value}", lang), share=rec.share,
            share_measured=any(f.share is not None for f in rec.findings),
            segments=[t(f"segments.{s}", lang) for s in rec.segments],
            findings=[finding_view(f, lang) for f in _sorted(list(rec.findings))],
            decision=decision_view(sources.decisions.get(rec.id), lang),
            verified=(verified or {}).get(rec.id),
        ))
    return views


def verify(recommendations: list[Recommendation], after: list[Finding]) -> dict[str, bool]:
    """A recommendation is verified when none of its findings is found again in the later version."""
    remaining = {f.fingerprint for f in after}
    return {rec.id: not any(f.fingerprint in remaining for f in rec.findings) for rec in recommendations}


def screens(runs: VersionRuns, panel: PanelData | None, lang: Lang, state: Completeness | None = None) -> list[ScreenView]:
    run = runs.main
    note = incomplete_note(state, lang) if state is not None else None
    mobile = {s.name: s for s in runs.mobile.record.steps} if runs.mobile else {}
    views = []
    for step in run.record.steps:
        counts = {impact: step.violation_count(Impact(impact)) for impact in IMPACTS}
        other = mobile.get(step.name)
        views.append(ScreenView(
            index=step.index + 1, name=step.name, image=str(run.screenshot(step.index)) if step.screenshot else None,
            url=step.url, status_label=t(f"steps.{step.status.value}", lang),
            fields=step.effort.fields if step.effort else 0, required=step.effort.required_fields if step.effort else 0,
            words=step.effort.words if step.effort else 0, actions=len(step.actions), violations=counts,
            readability=reading_ease(step.text or "", page_language(step) or "") if step.text else None,
            mobile_scroll=other.horizontal_scroll if other is not None else None,
            panel=_step_panel_table(panel, step.name, step.index, lang), not_audited=step.not_audited_frames,
            unaudited=note if step.effort is None and note else None,
        ))
    return views


def _step_panel_table(panel: PanelData | None, step: str, index: int, lang: Lang) -> Table | None:
    if panel is None:
        return None
    rows = panel.steps[panel.steps["step"] == step]
    if rows.empty:
        return None
    lines = []
    for segment, group in [*rows.groupby("segment", sort=True), ("all", rows)]:
        rate = completion_rate(int((group["outcome"] == "success").sum()), len(group))
        seq = mean_interval(group["seq"]) if group["seq"].notna().any() else None
        lines.append([_segment(segment, lang), rate.value, _ci(rate), seq.value if seq else None, _ci(seq) if seq else None, rate.n])
    return Table(
        name=f"ecran-{index + 1:02d}", caption=t("report.step_panel_caption", lang, step=step),
        columns=[t(f"report.col.{c}", lang) for c in ("segment", "completion", "ci95", "seq", "ci95", "n")],
        rows=lines, kinds=["text", "pct", "ci_pct", "num", "ci_num", "int"],
    )


def _segment(segment: str, lang: Lang) -> str:
    return t("report.all_testers", lang) if segment == "all" else t(f"segments.{segment}", lang)


def _ci(estimate: Estimate) -> tuple[float, float] | None:
    return None if math.isnan(estimate.low) else (float(estimate.low), float(estimate.high))


def summary_table_views(panel: PanelData, procedure: str, version: str, lang: Lang, prefix: str = "") -> list[Table]:
    tables = []
    kinds = {"completion": "pct", "sus": "num", "time": "seconds", "satisfaction": "num"}
    for name, frame in summary_tables(panel).items():
        if name == "seq" or frame.empty:
            continue
        frame = frame[(frame["procedure"] == procedure) & (frame["version"] == version)]
        kind = kinds[name]
        rows = [[_segment(r.segment, lang), r.value, (r.low, r.high) if not math.isnan(r.low) else None, int(r.n)]
                for r in frame.itertuples()]
        tables.append(Table(
            name=f"{prefix}{name}", caption=t(f"report.table.{name}", lang),
            columns=[t(f"report.col.{c}", lang) for c in ("segment", name, "ci95", "n")],
            rows=rows, kinds=["text", kind, f"ci_{kind}", "int"],
        ))
    return tables


def completion_chart(panel: PanelData, procedure: str, versions: list[str], lang: Lang, name: str) -> Chart | None:
    table = summary_tables(panel)["completion"]
    table = table[(table["procedure"] == procedure) & (table["version"].isin(versions))]
    if table.empty:
        return None
    segments = sorted(set(table["segment"]) - {"all"}) + ["all"]
    series, rows = {}, []
    for version in versions:
        part = table[table["version"] == version].set_index("segment")
        values = [(part.loc[s, "value"], part.loc[s, "low"], part.loc[s, "high"]) if s in part.index else (0.0, 0.0, 0.0) for s in segments]
        series[version] = values
        rows += [[version, _segment(s, lang), v, (lo, hi), int(part.loc[s, "n"]) if s in part.index else 0]
                 for s, (v, lo, hi) in zip(segments, values)]
    svg = interval_bars([_segment(s, lang) for s in segments], series, t("report.col.completion", lang), (0, 1), percent=True)
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
    if panel is None or panel.observations.empty:
        return []
    merged = panel.observations.merge(panel.sessions[["session_id", "tester", "segment"]], on="session_id")
    return [
        {"step": str(r.step), "severity": t(f"report.observation_severity.{r.severity}", lang), "text": str(r.text),
         "tags": str(r.tags or ""), "segment": t(f"segments.{r.segment}", lang), "tester": str(r.tester)}
        for r in merged.itertuples()
    ]


# -- the four reports --------------------------------------------------------------


def procedure_report(sources: CampaignSources, scenario_id: str, lang: Lang) -> Report:
    runs = sources.scenario(scenario_id)
    evidence = sources.evidence(scenario_id)
    everything = build_findings(evidence, sources.catalogue)
    findings = _sorted(barriers(everything))
    recommendations, _ = recommend(findings, sources.catalogue)
    ref = runs.scenario
    figures = run_figures(runs.main.record)
    tables = [accessibility_by_theme(runs, lang, "accessibilite-rgaa")]
    chart = None
    key = [
        KeyFigure(t("report.key.screens", lang), figures["screens"]),
        KeyFigure(t("report.key.fields", lang), figures["fields"], detail=t("report.key.required", lang, count=figures["required_fields"])),
        KeyFigure(t("report.key.words", lang), figures["words"]),
        KeyFigure(t("report.key.violations", lang), figures["critical"] + figures["serious"],  # type: ignore[operator]
                  detail=t("report.key.violations_detail", lang, critical=figures["critical"], serious=figures["serious"])),
    ]
    if evidence.panel is not None:
        tables += summary_table_views(evidence.panel, ref.procedure, ref.version, lang)
        chart = completion_chart(evidence.panel, ref.procedure, [ref.version], lang, "graphique-reussite")
        sessions = session_outcomes(evidence.panel)
        rate = completion_rate(int((sessions["outcome"] == "success").sum()), len(sessions))
        key.append(KeyFigure(t("report.key.completion", lang), rate.value, "pct", estimate=estimate_view(rate, "pct")))
    state = completeness(evidence.runs())
    screen_views = screens(runs, evidence.panel, lang, state)
    tables += [s.panel for s in screen_views if s.panel is not None]
    tables.append(_findings_table(findings, lang, "constats"))
    return Report(
        kind="procedure", slug=f"procedure-{scenario_id}", lang=lang,
        title=t("report.procedure.title", lang, title=ref.title),
        data={
            "scenario": ref, "campaign": sources.campaign, "key": key, "screens": screen_views,
            "incomplete": incomplete_note(state, lang),
            "findings": [finding_view(f, lang) for f in findings],
            "good_practices": [finding_view(f, lang) for f in _sorted(good_practices(everything))],
            "waivers": waiver_views(evidence.waivers, everything, sources.catalogue, lang),
            "to_check": [
                {"step": c.step, "rule": c.rule, "help": c.help, "criteria": " ".join([*c.wcag, *(f"RGAA {r}" for r in c.rgaa)]),
                 "count": c.count}
                for c in to_check(runs.desktop or runs.main)
            ],
            "recommendations": recommendation_views(recommendations, sources, lang),
            "observations": observations(evidence.panel, lang), "chart": chart, "tables": tables,
            "run_started": runs.main.record.started_at.strftime("%Y-%m-%d %H:%M UTC"),
            "profiles": [t(f"report.profile.{p}", lang) for p in ("desktop", "mobile", "keyboard") if getattr(runs, p) is not None],
            "coverage": automation_coverage([p for p in ("desktop", "mobile", "keyboard") if getattr(runs, p) is not None]),
        },
        findings=FindingsData(
            sources.campaign, [f"{ref.procedure}/{ref.version}"], state.complete,
            [(f, None) for f in _sorted(everything)],
            [(c, ref.procedure, ref.version) for c in to_check(runs.desktop or runs.main)],
        ),
        tables=tables,
    )


def waiver_views(waivers: dict[str, str], findings: list[Finding], catalogue: Catalogue, lang: Lang) -> list[dict[str, object]]:
    """Each heuristic the scenario sets aside, why, and how many findings it would have given."""
    labels = {c.id: c.label for c in catalogue.criteria}
    return [
        {"check": check, "label": labels.get(check) or (f"WCAG {', '.join(RULES[check].wcag)}" if check in RULES else "—"),
         "reason": reason, "count": sum(1 for f in findings if f.rule == check)}
        for check, reason in sorted(waivers.items())
    ]


def _findings_table(findings: list[Finding], lang: Lang, name: str, statuses: dict[str, str] | None = None) -> Table:
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


def committee_report(sources: CampaignSources, lang: Lang) -> Report:
    """Recommendations from the first version of each procedure (the one under review);
    where a later version was re-tested, each is marked verified or not."""
    findings: list[Finding] = []  # barriers only: good practices and waived heuristics are not headlines
    practices = 0
    complete: list[bool] = []
    verified: dict[str, bool] = {}
    reviewed = []
    for procedure, scenario_ids in sources.procedures().items():
        first_evidence = sources.evidence(scenario_ids[0])
        complete.append(completeness(first_evidence.runs()).complete)
        every = build_findings(first_evidence, sources.catalogue)
        first = barriers(every)
        findings += first
        practices += len(good_practices(every))
        reviewed.append(sources.runs[scenario_ids[0]].scenario)
        if len(scenario_ids) > 1:
            later = barriers(build_findings(sources.evidence(scenario_ids[-1]), sources.catalogue))
            recs, _ = recommend(first, sources.catalogue)
            verified.update(verify(recs, later))
    recommendations, orphans = recommend(findings, sources.catalogue)
    views = recommendation_views(recommendations, sources, lang, verified if verified else None)
    panel = sources.panel
    key = [KeyFigure(t("report.key.procedures", lang), len(reviewed))]
    if panel is not None:
        reviewed_pairs = {(r.procedure, r.version) for r in reviewed}
        sessions = session_outcomes(panel)
        sessions = sessions[[(p, v) in reviewed_pairs for p, v in zip(sessions["procedure"], sessions["version"])]]
        testers = panel.sessions.drop_duplicates("tester")
        key.append(KeyFigure(t("report.key.testers", lang), len(testers),
                             detail=", ".join(f"{t(f'segments.{s}', lang)} {n}" for s, n in testers["segment"].value_counts().sort_index().items())))
        if not sessions.empty:
            rate = completion_rate(int((sessions["outcome"] == "success").sum()), len(sessions))
            key.append(KeyFigure(t("report.key.completion", lang), rate.value, "pct", estimate=estimate_view(rate, "pct")))
            if sessions["sus"].notna().any():
                sus = mean_interval(sessions["sus"])
                key.append(KeyFigure(t("report.key.sus", lang), sus.value, "num", estimate=estimate_view(sus, "num")))
    grave = sum(1 for f in findings if f.severity in (Impact.CRITICAL, Impact.SERIOUS))
    key.append(KeyFigure(t("report.key.grave_findings", lang), grave,
                         detail=t("report.key.of_findings", lang, count=len(findings), practices=practices)))
    table = Table(
        name="recommandations", caption=t("report.table.recommendations", lang),
        columns=[t(f"report.col.{c}", lang) for c in ("rank", "recommendation", "procedure", "priority", "severity", "share", "segments", "decision", "verified")],
        rows=[[v.rank, v.title, v.procedure, v.priority, v.severity_label, v.share, ", ".join(v.segments),
               v.decision.status_label if v.decision else t("report.decision.pending", lang),
               "—" if v.verified is None else t("report.yes" if v.verified else "report.no", lang)] for v in views],
        kinds=["int", "text", "text", "num", "text", "pct", "text", "text", "text"],
    )
    tables = [table, _findings_table(_sorted(findings), lang, "constats")]
    return Report(
        kind="committee", slug="comite", lang=lang, title=t("report.committee.title", lang, campaign=sources.campaign),
        data={"campaign": sources.campaign, "key": key, "top": views[:3], "recommendations": views, "reviewed": reviewed,
              "orphans": [finding_view(f, lang) for f in _sorted(orphans)], "retested": bool(verified), "tables": tables},
        tables=tables,
        findings=FindingsData(sources.campaign, [f"{r.procedure}/{r.version}" for r in reviewed], all(complete),
                              [(f, None) for f in _sorted(findings)]),
    )


def compare_report(sources: CampaignSources, before_id: str, after_id: str, lang: Lang) -> Report:
    before_runs, after_runs = sources.scenario(before_id), sources.scenario(after_id)
    before_ev, after_ev = sources.evidence(before_id), sources.evidence(after_id)
    before_all, after_all = build_findings(before_ev, sources.catalogue), build_findings(after_ev, sources.catalogue)
    before, after = barriers(before_all), barriers(after_all)  # good practices are counted apart
    before_state, after_state = completeness(before_ev.runs()), completeness(after_ev.runs())
    statuses = compare_findings(before, after, after_state.complete)
    after_screens = {s.name: i for i, s in enumerate(after_runs.main.record.steps)}
    fixed = []
    for finding in _sorted([f for f in before if statuses[f.fingerprint] == "fixed"]):
        view = finding_view(finding, lang, "fixed")
        index = after_screens.get(finding.step or "")
        after_shot = str(after_runs.main.screenshot(index)) if index is not None else None
        fixed.append({"finding": view, "after_image": after_shot, "after_caption": finding.step if index is not None else None})
    recommendations, _ = recommend(before, sources.catalogue)
    verified = verify(recommendations, after)
    effort_rows = []
    b_fig, a_fig = run_figures(before_runs.main.record), run_figures(after_runs.main.record)
    if before_runs.mobile and after_runs.mobile:
        b_fig["hscroll"] = run_figures(before_runs.mobile.record)["hscroll"]
        a_fig["hscroll"] = run_figures(after_runs.mobile.record)["hscroll"]
    for name in b_fig:
        b, a = b_fig[name], a_fig[name]
        delta = None if isinstance(b, bool) else a - b  # type: ignore[operator]
        effort_rows.append([t(f"demo.{name}", lang), b, a, delta])
    tables = [Table(name="effort-accessibilite", caption=t("report.table.effort", lang),
                    columns=[t(f"report.col.{c}", lang) for c in ("measure", "before", "after", "delta")],
                    rows=effort_rows, kinds=["text", "value", "value", "delta"])]
    panel_rows, charts = [], []
    if before_ev.panel is not None and after_ev.panel is not None:
        panel_rows = _panel_deltas(before_ev.panel, after_ev.panel, lang)
        tables.append(Table(name="panel-avant-apres", caption=t("report.table.panel_deltas", lang),
                            columns=[t(f"report.col.{c}", lang) for c in ("measure", "before", "ci95", "after", "ci95", "test", "p")],
                            rows=panel_rows, kinds=["text", "est", "ci_est", "est", "ci_est", "text", "p"]))
        combined = PanelData(*(pd.concat([getattr(before_ev.panel, f), getattr(after_ev.panel, f)])
                               for f in ("sessions", "steps", "sus", "scores", "observations")))
        chart = completion_chart(combined, before_runs.scenario.procedure, [before_runs.scenario.version, after_runs.scenario.version],
                                 lang, "graphique-reussite")
        if chart:
            charts.append(chart)
    tables.append(_findings_table(_sorted(before) + _sorted([f for f in after if statuses[f.fingerprint] == "new"]), lang, "constats", statuses))
    gallery = {"before": screens(before_runs, None, lang), "after": screens(after_runs, None, lang)}
    return Report(
        kind="compare", slug=f"comparaison-{before_id}-{after_id}", lang=lang,
        title=t("report.compare.title", lang, title=after_runs.scenario.title),
        data={
            "before": before_runs.scenario, "after": after_runs.scenario, "campaign": sources.campaign,
            "fixed": fixed, "still": [finding_view(f, lang, "still") for f in _sorted([f for f in before if statuses[f.fingerprint] == "still"])],
            "new": [finding_view(f, lang, "new") for f in _sorted([f for f in after if statuses[f.fingerprint] == "new"])],
            "panel_rows": panel_rows, "charts": charts, "gallery": gallery, "tables": tables,
            "recommendations": recommendation_views(recommendations, sources, lang, verified),
            "counts": {s: sum(1 for v in statuses.values() if v == s) for s in STATUSES},
            "incomplete": [note for state in (before_state, after_state) if (note := incomplete_note(state, lang))],
            "unverified": [finding_view(f, lang, "unverified") for f in _sorted([f for f in before if statuses[f.fingerprint] == "unverified"])],
            "good_practices": {"before": len(good_practices(before_all)), "after": len(good_practices(after_all))},
        },
        tables=tables,
        findings=FindingsData(
            sources.campaign, [f"{r.procedure}/{r.version}" for r in (before_runs.scenario, after_runs.scenario)],
            before_state.complete and after_state.complete,
            [(f, statuses[f.fingerprint]) for f in _sorted(before)]
            + [(f, "new") for f in _sorted(after) if statuses[f.fingerprint] == "new"]
            + [(f, None) for f in _sorted([f for f in before_all + after_all if f.kind != "barrier" or f.waiver])],
        ),
    )


def _panel_deltas(before: PanelData, after: PanelData, lang: Lang) -> list[list[object]]:
    b, a = session_outcomes(before), session_outcomes(after)
    rows: list[list[object]] = []
    xb, xa = int((b["outcome"] == "success").sum()), int((a["outcome"] == "success").sum())
    test = compare_proportions(xb, len(b), xa, len(a))
    rows.append([t("report.col.completion", lang), estimate_view(completion_rate(xb, len(b)), "pct"), None,
                 estimate_view(completion_rate(xa, len(a)), "pct"), None, test.test, test.p])
    for name, column, kind in (("sus", "sus", "num"), ("satisfaction", "satisfaction", "num")):
        if b[column].notna().any() and a[column].notna().any():
            test = welch(b[column], a[column])
            rows.append([t(f"report.col.{name}", lang), estimate_view(mean_interval(b[column]), kind), None,
                         estimate_view(mean_interval(a[column]), kind), None, test.test, test.p])
    if before.steps["seq"].notna().any() and after.steps["seq"].notna().any():
        test = welch(before.steps["seq"], after.steps["seq"])
        rows.append([t("report.col.seq", lang), estimate_view(mean_interval(before.steps["seq"]), "num"), None,
                     estimate_view(mean_interval(after.steps["seq"]), "num"), None, test.test, test.p])
    times_b, times_a = b["seconds"].dropna(), a["seconds"].dropna()
    if len(times_b) and len(times_a) and (times_b > 0).all() and (times_a > 0).all():
        test = welch(times_b, times_a, log=True)
        rows.append([t("report.col.time", lang), estimate_view(geometric_mean_time(times_b), "seconds"), None,
                     estimate_view(geometric_mean_time(times_a), "seconds"), None, test.test, test.p])
    for row in rows:  # the interval columns repeat the estimates' bounds, for the CSV export
        row[2] = (row[1].low, row[1].high) if row[1] and not math.isnan(row[1].low) else None
        row[4] = (row[3].low, row[3].high) if row[3] and not math.isnan(row[3].low) else None
    return rows


def guide_report(all_sources: list[CampaignSources], lang: Lang) -> Report:
    """The catalogue by stage; each practice illustrated where a campaign's re-test verified it."""
    examples: dict[str, list[dict[str, object]]] = {}
    catalogue = all_sources[0].catalogue
    for sources in all_sources:
        for procedure, scenario_ids in sources.procedures().items():
            if len(scenario_ids) < 2:
                continue
            before_runs, after_runs = sources.runs[scenario_ids[0]], sources.runs[scenario_ids[-1]]
            before = barriers(build_findings(sources.evidence(scenario_ids[0]), catalogue))
            after = barriers(build_findings(sources.evidence(scenario_ids[-1]), catalogue))
            recommendations, _ = recommend(before, catalogue)
            checked = verify(recommendations, after)
            after_steps = after_runs.main.record.steps
            for rec in recommendations:
                if not checked[rec.id]:
                    continue
                shot = next((e for f in _sorted(list(rec.findings)) for e in f.evidence if e.screenshot), None)
                step = next((f.step for f in _sorted(list(rec.findings)) if f.step), None)
                match = next((s for s in after_steps if s.name == step), None) or _same_place(before_runs, after_steps, step)
                examples.setdefault(rec.practice.id, []).append({
                    "campaign": sources.campaign, "procedure": procedure, "title": after_runs.scenario.title,
                    "before_version": before_runs.scenario.version, "after_version": after_runs.scenario.version,
                    "before_image": shot.screenshot if shot else None, "before_caption": shot.caption if shot else None,
                    "after_image": str(after_runs.main.screenshot(match.index)) if match and match.screenshot else None,
                    "after_caption": match.name if match else None,
                    "findings": [finding_title(f, lang) for f in _sorted(list(rec.findings))[:4]],
                })
    stages = []
    criteria = {c.id: c.label for c in catalogue.criteria}
    for stage in Stage:
        practices = [p for p in catalogue.practices if p.stage is stage]
        stages.append({"id": stage.value, "label": t(f"report.stage.{stage.value}", lang), "practices": [
            {"practice": p, "criteria": [criteria[c] for c in p.criteria if c in criteria], "examples": examples.get(p.id, [])}
            for p in practices
        ]})
    table = Table(name="bonnes-pratiques", caption=t("report.table.practices", lang),
                  columns=[t(f"report.col.{c}", lang) for c in ("stage", "practice", "title", "examples")],
                  rows=[[s["label"], e["practice"].id, e["practice"].title, len(e["examples"])] for s in stages for e in s["practices"]],
                  kinds=["text", "text", "text", "int"])
    return Report(kind="guide", slug="guide", lang=lang, title=t("report.guide.title", lang),
                  data={"stages": stages, "campaigns": [s.campaign for s in all_sources], "tables": [table]}, tables=[table],
                  findings=FindingsData(", ".join(s.campaign for s in all_sources), [], True))


def _same_place(before: VersionRuns, after_steps: list, step: str | None) -> object | None:  # noqa: ANN001
    """The after screen at the same relative place in the walk as the before screen."""
    names = [s.name for s in before.main.record.steps]
    if step not in names or not after_steps:
        return None
    position = names.index(step) / max(len(names) - 1, 1)
    return after_steps[round(position * (len(after_steps) - 1))]
