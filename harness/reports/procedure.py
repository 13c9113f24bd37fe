"""The procedure report: one version, its verdict first, the detail in an annex."""

from __future__ import annotations

from harness.analysis.campaign import CampaignAnalysis
from harness.analysis.coverage import automation_coverage
from harness.analysis.effort import run_figures
from harness.analysis.findings import css_notes, to_check, unjudged_criteria
from harness.analysis.recommendations import recommend
from harness.i18n import Lang, t
from harness.reports.common import (
    sources_said,
    accessibility_by_theme,
    completion_chart,
    estimate_view,
    findings_table,
    group_findings,
    incomplete_note,
    observations,
    load_table,
    observatoire_table,
    recommendation_views,
    screens,
    sorted_findings,
    summary_table_views,
    waiver_views,
)
from harness.reports.report import FindingsData, ProcedurePage, Report
from harness.reports.views import KeyFigure


def procedure_report(analysis: CampaignAnalysis, scenario_id: str, lang: Lang) -> Report:
    version = analysis.version(scenario_id)
    runs, evidence, catalogue = version.runs, version.evidence, analysis.catalogue
    everything = list(version.findings)
    findings = sorted_findings(list(version.barriers))
    recommendations, _ = recommend(findings, catalogue, {evidence.procedure: version.facts})
    ref = runs.scenario
    figures = run_figures(runs.main.record)
    tables = [accessibility_by_theme(runs, lang, "accessibilite-rgaa")]
    chart = observatoire = None
    key = [
        KeyFigure(t("report.key.screens", lang), figures["screens"]),
        KeyFigure(t("report.key.fields", lang), figures["fields"], detail=t("report.key.required", lang, count=figures["required_fields"])),
        KeyFigure(t("report.key.words", lang), figures["words"]),
        KeyFigure(t("report.key.violations", lang), figures["critical"] + figures["serious"],
                  detail=t("report.key.violations_detail", lang, critical=figures["critical"], serious=figures["serious"],
                           profile=t(f"report.profile.{runs.main.record.profile}", lang))),
    ]
    if evidence.panel is not None or any(evidence.loads.values()):
        observatoire = observatoire_table([(ref.title, evidence.panel, evidence.loads)], lang)
    if evidence.panel is not None:
        tables += summary_table_views(evidence.panel, ref.procedure, ref.version, lang)
        chart = completion_chart(evidence.panel, ref.procedure, [ref.version], lang, "graphique-reussite")
        rate = version.figures.completion
        if rate is not None:
            key.append(KeyFigure(t("report.key.completion", lang), rate.value, "pct", estimate=estimate_view(rate, "pct", lang)))
    if observatoire is not None:
        tables.append(observatoire)
    loads = load_table(evidence, lang)
    if loads is not None:
        tables.append(loads)
    state = version.completeness
    screen_views = screens(runs, evidence.panel, lang, state)
    tables += [s.panel for s in screen_views if s.panel is not None]
    tables.append(findings_table(findings, lang, "constats"))
    return Report(
        kind="procedure", slug=f"procedure-{scenario_id}", lang=lang,
        title=t("report.procedure.title", lang, title=ref.title),
        data=ProcedurePage(
            scenario=ref, campaign=analysis.name, key=key, screens=screen_views,
            incomplete=incomplete_note(state, lang),
            findings=findings, groups=group_findings(findings, lang),
            grave=version.grave,  # barriers, the unit every report counts (groups are their kinds)
            good_practices=group_findings(sorted_findings(list(version.good_practices)), lang),
            waivers=waiver_views(evidence.waivers, everything, catalogue, lang),
            to_check=[
                {"step": c.step, "rule": c.rule, "help": t(c.title_key, lang, **c.params) if c.title_key else c.help, "criteria": " ".join([*c.wcag, *(f"RGAA {r}" for r in c.rgaa)]),
                 "count": c.count}
                for c in to_check(runs.desktop or runs.main)
            ],
            unjudged=[c.label for c in unjudged_criteria(evidence, catalogue)],
            recommendations=recommendation_views(recommendations, analysis, lang),
            observations=observations(evidence.panel, lang), chart=chart, tables=tables,
            observatoire=observatoire, loads=loads,
            sources=sources_said(runs, evidence.panel, analysis.sources.unfinished.get((ref.procedure, ref.version), 0), lang),
            css_notes=css_notes(runs.desktop),
            coverage=automation_coverage(runs.profiles),
        ),
        findings=FindingsData(
            analysis.campaign, [f"{ref.procedure}/{ref.version}"], state.complete,
            [(f, None) for f in sorted_findings(everything)],
            [(c, ref.procedure, ref.version) for c in to_check(runs.desktop or runs.main)],
        ),
        tables=tables,
    )
