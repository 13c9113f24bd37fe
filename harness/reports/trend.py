"""Trends: a procedure's key figures over every campaign that tested it, oldest first.

A point is one version of the procedure replayed in one campaign (a campaign that tested two
versions gives two points). Its figures: completion without help, SUS and JDMA satisfaction from
the panel, each with its interval and n (none where the campaign had no panel for that version),
and the distinct barrier findings of its replays by severity."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from harness.analysis.campaign import CampaignAnalysis
from harness.analysis.stats import Estimate, mean_if_any
from harness.errors import InputError
from harness.i18n import Lang, t
from harness.reports import formatting
from harness.reports.common import interval_or_why
from harness.reports.report import Report, TrendPage
from harness.reports.charts import interval_bars
from harness.reports.views import Chart, Table, Withheld
from harness.scenario.models import Impact

IMPACTS = [i.value for i in Impact]


@dataclass(frozen=True)
class TrendPoint:
    campaign: str
    version: str
    title: str
    started: datetime  # when its replays ran: the points' order
    completion: Estimate | None
    sus: Estimate | None
    satisfaction: Estimate | None
    barriers: dict[str, int]  # severity -> distinct barrier findings
    complete: bool  # every replay passed every step: otherwise the barriers are those of the screens reached

    @property
    def label(self) -> str:
        return f"{self.campaign} · {self.version}"


def trend_points(all_analyses: list[CampaignAnalysis], procedure: str) -> list[TrendPoint]:
    """Every version of `procedure` replayed in any of the campaigns: campaigns oldest first, each one's
    versions in their order (see `CampaignSources.procedures`)."""
    points: list[tuple[datetime, int, TrendPoint]] = []
    for analysis in all_analyses:
        replayed = min((r.main.record.started_at for r in analysis.sources.runs.values()), default=None)  # the campaign's place
        if replayed is None:  # a campaign without a replay has no place on the time line
            continue
        for order, scenario_id in enumerate(analysis.procedures().get(procedure, [])):
            version = analysis.version(scenario_id)
            runs, sessions = version.runs, version.sessions
            satisfaction = mean_if_any(sessions["satisfaction"]) if sessions is not None else None
            points.append((replayed, order, TrendPoint(
                analysis.campaign, runs.scenario.version, runs.scenario.title, runs.main.record.started_at,
                version.figures.completion, mean_if_any(sessions["sus"]) if sessions is not None else None, satisfaction,
                version.by_severity(), version.completeness.complete,
            )))
    # campaigns in the order they were replayed; within one, its versions in their own order
    return [point for _, _, point in sorted(points, key=lambda p: (p[0], p[1]))]


def trend_report(all_analyses: list[CampaignAnalysis], procedure: str, lang: Lang) -> Report:
    points = trend_points(all_analyses, procedure)
    if not points:
        raise InputError("no_trend", {"procedure": procedure, "campaigns": ", ".join(a.campaign for a in all_analyses) or "–"})
    labels = [p.label for p in points]
    yes_no = lambda flag: t("report.yes" if flag else "report.no", lang)  # noqa: E731  # the CSV writes the same word

    def cell(estimate: Estimate | None) -> list[object]:
        if estimate is None:
            return [Withheld(t("report.trend.no_panel", lang)), None, None]
        return [estimate.value, interval_or_why(estimate, lang), estimate.n]

    rows = [[p.campaign, p.version, formatting.long_date(p.started, lang), *cell(p.completion), *cell(p.sus),
             *cell(p.satisfaction), *p.barriers.values(), yes_no(p.complete)] for p in points]
    columns = [t(f"report.col.{c}", lang) for c in ("campaign", "version", "date")]
    for figure in ("completion", "sus", "satisfaction"):  # each n named after its figure: the CSV has three
        name = t(f"report.col.{figure}", lang)
        columns += [name, t("report.col.ci95", lang), t("report.trend.n", lang, name=name)]
    columns += [t("report.trend.barriers", lang, severity=t(f"report.impact.{i}", lang)) for i in IMPACTS]
    columns.append(t("report.trend.complete", lang))
    table = Table(name="tendance", caption=t("report.trend.table", lang), columns=columns, rows=rows,
                  kinds=["text", "text", "text", "pct", "ci_pct", "int", "num", "ci_num", "int", "num", "ci_num", "int",
                         *["int"] * len(IMPACTS), "text"])

    def figure_table(attribute: str, name: str, kind: str) -> Table:
        return Table(name=name, caption=t(f"report.trend.chart_{attribute}", lang),
                     columns=[t(f"report.col.{c}", lang) for c in ("campaign", attribute, "ci95", "n")],
                     rows=[[p.label, *cell(getattr(p, attribute))] for p in points], kinds=["text", kind, f"ci_{kind}", "int"])

    def chart(attribute: str, name: str, kind: str, limits: tuple[float, float]) -> Chart | None:
        estimates = [getattr(p, attribute) for p in points]
        if all(e is None for e in estimates):
            return None
        nothing = (math.nan, math.nan, math.nan)
        values = [(e.value, e.low, e.high) if e is not None else nothing for e in estimates]
        fmt = (lambda v: formatting.percent(v, lang)) if kind == "pct" else (lambda v: formatting.decimal(v, lang))
        axis = t(f"report.col.{attribute}", lang)
        svg = interval_bars(labels, {axis: values}, axis, limits, fmt, empty=t("report.trend.no_panel", lang))
        return Chart(svg=svg, alt=t(f"report.trend.alt_{attribute}", lang, count=len(points)), table=figure_table(attribute, name, kind))

    charts = [c for c in (chart("completion", "graphique-reussite", "pct", (0, 1)),
                          chart("satisfaction", "graphique-satisfaction", "num", (0, 10))) if c is not None]
    sus = figure_table("sus", "sus", "num")
    barrier_table = Table(name="obstacles", caption=t("report.trend.barriers_table", lang),
                          columns=[t("report.col.campaign", lang), *(t(f"report.impact.{i}", lang) for i in IMPACTS),
                                   t("report.trend.complete", lang)],
                          rows=[[p.label, *p.barriers.values(), yes_no(p.complete)] for p in points],
                          kinds=["text", *["int"] * len(IMPACTS), "text"])
    last = points[-1]
    return Report(
        kind="trend", slug=f"tendance-{procedure}", lang=lang,
        title=t("report.trend.title", lang, title=last.title),
        data=TrendPage(procedure=procedure, points=points, charts=charts, barriers=barrier_table,
                       sus=sus if any(p.sus is not None for p in points) else None,
                       incomplete=not all(p.complete for p in points)),
        tables=[table, *(c.table for c in charts), sus, barrier_table],
    )
