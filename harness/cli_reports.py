"""`parcours report …`, `parcours guide`, `parcours decisions …`."""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from harness.cli_panel import Options
from harness.errors import InputError
from harness.i18n import Lang, t
from harness.files import write_atomic

RUNS = Path("runs")
REPORTS = Path("reports")


def register(app: typer.Typer, lang: Lang, options: Options, out: Console, err: Console) -> None:
    h: Callable[[str], str] = lambda key: t(f"cli.{key}", lang)  # noqa: E731
    report_app = typer.Typer(help=h("report_group"), no_args_is_help=True)
    decisions_app = typer.Typer(help=h("decisions_group"), no_args_is_help=True)
    app.add_typer(report_app, name="report")
    app.add_typer(decisions_app, name="decisions")
    baseline_app = typer.Typer(help=h("baseline_group"), no_args_is_help=True)
    app.add_typer(baseline_app, name="baseline")

    Campaign = Annotated[str, typer.Option("--campaign", help=h("campaign_filter"))]
    RunsDir = Annotated[Path, typer.Option("--runs-dir", help=h("runs_dir"))]
    OutDir = Annotated[Path, typer.Option("--out", help=h("reports_dir"))]
    NoPdf = Annotated[bool, typer.Option("--no-pdf", help=h("no_pdf"))]

    analysis = options.analysis

    def write(reports: list, out_dir: Path, no_pdf: bool) -> None:  # noqa: ANN001
        from harness.reports.produce import produce

        produce(reports, out_dir, pdf=not no_pdf, on_written=lambda files: print_files(out, lang, files))

    @report_app.command("procedure", help=h("report_procedure"))
    def procedure(
        scenario: Annotated[str, typer.Argument(help=h("report_scenario"))], campaign: Campaign,
        runs_dir: RunsDir = RUNS, out_dir: OutDir = REPORTS, no_pdf: NoPdf = False,
    ) -> None:
        from harness.reports.procedure import procedure_report

        write([procedure_report(analysis(campaign, runs_dir), scenario, lang)], out_dir / campaign, no_pdf)

    @report_app.command("committee", help=h("report_committee"))
    def committee(campaign: Campaign, runs_dir: RunsDir = RUNS, out_dir: OutDir = REPORTS, no_pdf: NoPdf = False) -> None:
        from harness.reports.committee import committee_report, officials_report

        report = committee_report(analysis(campaign, runs_dir), lang)
        write([report, officials_report(report)], out_dir / campaign, no_pdf)

    @report_app.command("compare", help=h("report_compare"))
    def compare(
        before: Annotated[str, typer.Option("--before", help=h("before"))],
        after: Annotated[str, typer.Option("--after", help=h("after"))],
        campaign: Campaign, runs_dir: RunsDir = RUNS, out_dir: OutDir = REPORTS, no_pdf: NoPdf = False,
    ) -> None:
        from harness.reports.compare import compare_report

        write([compare_report(analysis(campaign, runs_dir), before, after, lang)], out_dir / campaign, no_pdf)

    Scenarios = Annotated[list[str] | None, typer.Option("--scenario", help=h("rgaa_scenarios"))]

    @report_app.command("statement", help=h("report_statement"))
    def statement(campaign: Campaign, scenario: Scenarios = None, runs_dir: RunsDir = RUNS, out_dir: OutDir = REPORTS,
                  no_pdf: NoPdf = False) -> None:
        from harness.reports.rgaa import rgaa_grid, statement_report

        found = analysis(campaign, runs_dir)
        write([statement_report(found, rgaa_grid(found, scenario or None), lang)], out_dir / campaign, no_pdf)

    @report_app.command("trend", help=h("report_trend"))
    def trend(
        procedure: Annotated[str, typer.Option("--procedure", help=h("trend_procedure"))],
        campaign: Annotated[list[str] | None, typer.Option("--campaign", help=h("trend_campaigns"))] = None,
        runs_dir: RunsDir = RUNS, out_dir: OutDir = REPORTS, no_pdf: NoPdf = False,
    ) -> None:
        from harness.reports.trend import trend_report

        write([trend_report([analysis(name, runs_dir) for name in campaign or campaigns_in(runs_dir)], procedure, lang)],
              out_dir, no_pdf)

    @app.command("guide", help=h("guide"))
    def guide(
        campaign: Annotated[list[str] | None, typer.Option("--campaign", help=h("guide_campaigns"))] = None,
        runs_dir: RunsDir = RUNS, out_dir: OutDir = REPORTS, no_pdf: NoPdf = False,
    ) -> None:
        from harness.reports.guide import guide_report

        names = campaign or campaigns_in(runs_dir)
        all_analyses = [analysis(name, runs_dir) for name in names] or [_empty(options)]  # no campaign: the bare catalogue
        write([guide_report(all_analyses, lang)], out_dir, no_pdf)

    def campaign_recommendations(campaign: str, runs_dir: Path) -> list | None:  # noqa: ANN202
        """The campaign's recommendations as its committee report ranks them; None without runs."""
        from harness.reports.committee import committee_recommendations

        if not (runs_dir / campaign).is_dir():
            return None
        return committee_recommendations(analysis(campaign, runs_dir), lang)

    @baseline_app.command("write", help=h("baseline_write"))
    def baseline_write(
        file: Annotated[Path, typer.Argument(help=h("baseline_file"))], campaign: Campaign, runs_dir: RunsDir = RUNS,
    ) -> None:
        import datetime as dt

        from harness.baseline import write_baseline

        count = write_baseline(file, analysis(campaign, runs_dir, need_runs=True), lang, dt.date.today())
        out.print(t("baseline.written", lang, path=str(file), count=count), highlight=False, soft_wrap=True)

    @decisions_app.command("template", help=h("decisions_template"))
    def decisions_template(
        campaign: Campaign, runs_dir: RunsDir = RUNS,
        output: Annotated[Path | None, typer.Option("--output", "-o", help=h("decisions_output"))] = None,
    ) -> None:
        import datetime as dt

        from harness.committee.decisions import decisions_for
        from harness.reports.decisions_file import decisions_template

        recommendations = campaign_recommendations(campaign, runs_dir)
        if recommendations is None:
            raise InputError("no_runs", {"campaign": campaign, "runs_dir": str(runs_dir)})
        target = output or Path(f"decisions-{campaign}.yaml")
        text = decisions_template(campaign, recommendations, decisions_for(options.store(), campaign), lang, dt.date.today())
        write_atomic(target, text)
        out.print(t("decisions.written", lang, path=str(target), count=len(recommendations)), highlight=False, soft_wrap=True)

    @decisions_app.command("import", help=h("decisions_import"))
    def decisions_import(file: Annotated[Path, typer.Argument(help=h("decisions_file"))], runs_dir: RunsDir = RUNS) -> None:
        from harness.committee.decisions import load_decisions, read_campaign, record_decisions

        campaign = read_campaign(file)  # to check each id against the campaign's own recommendations
        recommendations = campaign_recommendations(campaign, runs_dir) if campaign else None
        known = {r.id for r in recommendations} if recommendations is not None else None
        count = record_decisions(options.store(), load_decisions(file, options.catalogue(), known))
        out.print(t("decisions.recorded", lang, count=count))

    @decisions_app.command("list", help=h("decisions_list"))
    def decisions_list(campaign: Campaign) -> None:
        from harness.committee.decisions import decisions_for
        from harness.reports.formatting import long_date

        rows = sorted(decisions_for(options.store(), campaign).items())
        table = Table(t("decisions.col_id", lang), t("report.col.decision", lang), t("decisions.col_owner", lang),
                      t("decisions.col_due", lang), t("decisions.col_reason", lang))
        widest = max((len(recommendation) for recommendation, _ in rows), default=10)
        table.columns[0].no_wrap, table.columns[0].min_width = True, widest  # an id is copied whole, never cut
        lines = [(recommendation, t(f"report.decision.{row.status}", lang), row.owner or "",
                  long_date(row.due, lang) if row.due else "", row.reason or "") for recommendation, row in rows]
        if out.width < widest + 40:  # too narrow for a table: one block per decision, its id on a line of its own
            for recommendation, *details in lines:
                out.print(recommendation, highlight=False, soft_wrap=True)
                out.print("  " + " · ".join(d for d in details if d), highlight=False)
            return
        for line in lines:
            table.add_row(*line)
        out.print(table)


def campaigns_in(runs_dir: Path) -> list[str]:
    """Every campaign with runs: the folders under runs/."""
    return sorted(p.name for p in runs_dir.iterdir() if p.is_dir()) if runs_dir.is_dir() else []


def _empty(options: Options):  # noqa: ANN202
    from harness.analysis.campaign import analyse
    from harness.analysis.sources import CampaignSources

    return analyse(CampaignSources("—", options.catalogue(), {}, None, {}))


def print_files(out: Console, lang: Lang, files) -> None:  # noqa: ANN001
    out.print(t("reports.written", lang, path=str(files.html)), highlight=False, soft_wrap=True)
    if files.pdf:
        out.print(t("reports.pdf", lang, path=str(files.pdf)), highlight=False, soft_wrap=True)
    if files.violations is not None:
        style = "green" if files.violations == 0 else "bold red"
        out.print(t("reports.audit", lang, count=files.violations), style=style)
    if files.pdf and lang == "fr":  # the plain-language guidance is French
        out.print(t("reports.language", lang, count=len(files.language)), style="yellow" if files.language else "green")
        for line in files.language:
            out.print(f"  {line}", highlight=False, soft_wrap=True)
