"""The before/after report: what became of each barrier of the earlier version, and the panel's deltas."""

from __future__ import annotations

import math

from harness.analysis.campaign import CampaignAnalysis
from harness.analysis.comparison import STATUSES
from harness.analysis.panel_summary import combined
from harness.analysis.stats import TestResult
from harness.i18n import Lang, t
from harness.reports.common import (
    completion_chart,
    estimate_view,
    findings_table,
    group_changes,
    headline,
    incomplete_note,
    recommendation_views,
    screens,
    sorted_changes,
    sorted_findings,
)
from harness.reports.report import ComparePage, FindingsData, Report
from harness.reports.views import Table, Withheld


def compare_report(analysis: CampaignAnalysis, before_id: str, after_id: str, lang: Lang) -> Report:
    before_runs, after_runs = analysis.version(before_id).runs, analysis.version(after_id).runs
    cmp = analysis.comparison(before_id, after_id)
    effort_rows = [[t(f"demo.{d.measure}", lang), d.before, d.after, d.delta] for d in cmp.effort]
    tables = [Table(name="effort-accessibilite", caption=t("report.table.effort", lang),
                    columns=[t(f"report.col.{c}", lang) for c in ("measure", "before", "after", "delta")],
                    rows=effort_rows, kinds=["text", "value", "value", "delta"])]
    panel_rows: list[list[object]] = [
        [t(f"report.col.{d.measure}", lang), (before := estimate_view(d.before, d.kind, lang)), before,
         (after := estimate_view(d.after, d.kind, lang)), after, t(f"report.test.{d.test.test}", lang),
         Withheld(t("report.test.no_p", lang)) if math.isnan(d.test.p) else d.test.p, test_design(d.test, lang)]
        for d in cmp.panel
    ]
    charts = []
    if panel_rows:
        tables.append(Table(name="panel-avant-apres", caption=t("report.table.panel_deltas", lang),
                            columns=[t(f"report.col.{c}", lang) for c in ("measure", "before", "ci95", "after", "ci95", "test", "p", "design")],
                            rows=panel_rows, kinds=["text", "est", "ci_est", "est", "ci_est", "text", "p", "text"]))
        both = combined(cmp.before.panel, cmp.after.panel)  # type: ignore[arg-type]  # panel_rows: both have sessions
        chart = completion_chart(both, before_runs.scenario.procedure,
                                 [before_runs.scenario.version, after_runs.scenario.version], lang, "graphique-reussite")
        if chart:
            charts.append(chart)
    shown = sorted_changes([c for c in cmp.changes if c.status != "new"]) + sorted_changes(cmp.with_status("new"))
    tables.append(findings_table([c.finding for c in shown], lang, "constats", cmp.statuses))
    gallery = {"before": screens(before_runs, None, lang), "after": screens(after_runs, None, lang)}
    views = {status: group_changes(sorted_changes(cmp.with_status(status)), lang) for status in STATUSES}
    before_all, after_all = cmp.findings
    return Report(
        kind="compare", slug=f"comparaison-{before_id}-{after_id}", lang=lang,
        title=t("report.compare.title", lang, title=after_runs.scenario.title),
        data=ComparePage(
            before=before_runs.scenario, after=after_runs.scenario, campaign=analysis.name,
            changes=views, panel_rows=panel_rows, charts=charts, gallery=gallery, tables=tables,
            verdict=[headline(d, lang) for d in cmp.panel],
            recommendations=recommendation_views(cmp.recommendations, analysis, lang, cmp.verification),
            counts=cmp.counts,
            incomplete=[note for state in (cmp.before_state, cmp.after_state) if (note := incomplete_note(state, lang))],
            good_practices={"before": cmp.good_practices[0], "after": cmp.good_practices[1]},
            screens=[{"before": name, "after": list(names)} for name, names in cmp.screens.pairs.items()],
            new_screens=list(cmp.screens.unmatched_after),
            unknown_replaces=[{"step": step, "name": name} for step, name in cmp.screens.unknown_replaces],
        ),
        tables=tables,
        findings=FindingsData(
            analysis.campaign, [f"{r.procedure}/{r.version}" for r in (before_runs.scenario, after_runs.scenario)],
            cmp.before_state.complete and cmp.after_state.complete,
            [(c.finding, c) for c in shown]
            + [(f, None) for f in sorted_findings([f for f in before_all + after_all if f.kind != "barrier" or f.waiver])],
        ),
    )


def test_design(test: TestResult, lang: Lang) -> str:
    """Which kind of test, and why: the same testers on both versions, or different ones."""
    return t(f"report.design.{test.design}", lang, count=test.pairs)



