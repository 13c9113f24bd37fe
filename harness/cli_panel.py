"""`parcours campaign …`, `parcours panel …`, `parcours import …`, `parcours export …`."""

import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from harness.criteria.loader import default_criteria, load_catalogue
from harness.criteria.models import Catalogue
from harness.errors import InputError, Location
from harness.forms import validate_form
from harness.i18n import Lang, t
from harness.panel.models import CampaignIn, TesterIn
from harness.files import write_atomic

if TYPE_CHECKING:
    from harness.analysis.campaign import CampaignAnalysis
    from harness.analysis.sources import CampaignSources
    from harness.store.db import Store

EXPORTS = ("sessions", "testers", "observations", "completion", "sus", "seq", "time", "satisfaction", "rgaa")


@dataclass
class Options:
    """Top-level options, filled by the app's callback."""

    db: str | None = None
    criteria: Path | None = None
    lang: Lang = "fr"

    def store(self) -> "Store":
        from harness.store.db import open_store  # SQLAlchemy and Alembic load only when needed

        return open_store(self.db)

    def catalogue(self) -> Catalogue:
        from harness.analysis.procedure_checks import CHECK_RULES

        return load_catalogue(self.criteria or default_criteria(), CHECK_RULES).localized(self.lang)

    def sources(self, campaign: str, runs_dir: Path, need_runs: bool = False) -> "CampaignSources":
        """A campaign's runs, panel and decisions as reports read them; with `need_runs`, a campaign
        without runs is an error (what would be written from it would be empty)."""
        from harness.analysis.sources import gather
        from harness.runs.record import check_campaign_name

        check_campaign_name(campaign)  # it names a folder under runs/
        if need_runs and not (runs_dir / campaign).is_dir():
            raise InputError("no_runs", {"campaign": campaign, "runs_dir": str(runs_dir)})
        return gather(runs_dir, campaign, self.catalogue(), self.store())

    def analysis(self, campaign: str, runs_dir: Path, need_runs: bool = False) -> "CampaignAnalysis":
        """The campaign analysed once, for every report a command writes from it."""
        from harness.analysis.campaign import analyse

        return analyse(self.sources(campaign, runs_dir, need_runs))


def register(app: typer.Typer, lang: Lang, options: Options, out: Console, err: Console) -> typer.Typer:
    """The campaign, panel and import commands; the import group is returned for `import recording`."""
    h: Callable[[str], str] = lambda key: t(f"cli.{key}", lang)  # noqa: E731
    campaign_app = typer.Typer(help=h("campaign_group"), no_args_is_help=True)
    panel_app = typer.Typer(help=h("panel_group"), no_args_is_help=True)
    import_app = typer.Typer(help=h("import_group"), no_args_is_help=True)
    app.add_typer(campaign_app, name="campaign")
    app.add_typer(panel_app, name="panel")
    app.add_typer(import_app, name="import")

    @campaign_app.command("create", help=h("campaign_create"))
    def campaign_create(
        code: Annotated[str, typer.Argument(help=h("campaign_code"))],
        title: Annotated[str, typer.Option("--title", help=h("campaign_title"))],
        description: Annotated[str | None, typer.Option("--description", help=h("campaign_description"))] = None,
    ) -> None:
        from harness.panel import service

        campaign = validate_form(CampaignIn, {"code": code, "title": title, "description": description})
        service.create_campaign(options.store(), campaign)
        out.print(t("panel.campaign_created", lang, code=campaign.code))

    @campaign_app.command("list", help=h("campaign_list"))
    def campaign_list() -> None:
        from harness.panel import service

        table = Table(t("panel.col_code", lang), t("panel.col_title", lang), t("panel.col_created", lang))
        for campaign in service.list_campaigns(options.store()):
            table.add_row(campaign.code, campaign.title, f"{campaign.created_at:%Y-%m-%d}")
        out.print(table)

    @panel_app.command("add-tester", help=h("add_tester"))
    def add_tester(
        code: Annotated[str, typer.Argument(help=h("tester_code"))],
        segment: Annotated[str, typer.Option("--segment", help=h("segment"))],
        age_band: Annotated[str, typer.Option("--age-band", help=h("age_band"))],
        territory: Annotated[str, typer.Option("--territory", help=h("territory"))],
        comfort: Annotated[int, typer.Option("--comfort", help=h("comfort"))],
        device: Annotated[str, typer.Option("--device", help=h("device"))],
        assistive_tech: Annotated[str, typer.Option("--assistive-tech", help=h("assistive_tech"))] = "none",
        campaign: Annotated[str | None, typer.Option("--campaign", help=h("enrol"))] = None,
        consent_on: Annotated[str | None, typer.Option("--consent-on", help=h("consent_on"))] = None,
    ) -> None:
        from harness.panel import service

        tester = validate_form(
            TesterIn,
            {"code": code, "segment": segment, "age_band": age_band, "territory": territory,
             "digital_comfort": comfort, "device": device, "assistive_tech": assistive_tech,
             **({"consent_on": consent_on} if consent_on else {})},
            labels={"digital_comfort": "--comfort", "age_band": "--age-band", "assistive_tech": "--assistive-tech",
                    "segment": "--segment", "territory": "--territory", "device": "--device", "consent_on": "--consent-on"},
        )
        service.add_testers(options.store(), [tester], campaign)
        out.print(t("panel.tester_added", lang, code=tester.code))

    @panel_app.command("list", help=h("panel_list"))
    def panel_list(campaign: Annotated[str | None, typer.Option("--campaign", help=h("campaign_filter"))] = None) -> None:
        from harness.panel import service

        testers = service.list_testers(options.store(), campaign)
        table = Table(*(t(f"panel.col_{c}", lang) for c in ("code", "segment", "age_band", "territory", "comfort", "assistive_tech", "device")))
        for tester in testers:
            table.add_row(
                tester.code, t(f"segments.{tester.segment}", lang), tester.age_band, t(f"territories.{tester.territory}", lang),
                str(tester.digital_comfort), t(f"assistive_tech.{tester.assistive_tech}", lang), t(f"devices.{tester.device}", lang),
            )
        out.print(table)
        out.print(t("panel.count", lang, count=len(testers)))

    @panel_app.command("coverage", help=h("coverage"))
    def coverage(campaign: Annotated[str, typer.Option("--campaign", help=h("campaign_filter"))]) -> None:
        from harness.panel import service

        lines = service.coverage(options.store(), campaign, options.catalogue().quotas)
        columns = ("group", "target", "actual", "tested", "sessions", "gap")
        table = Table(*(t(f"panel.col_{c}", lang) for c in columns), title=t("panel.coverage_title", lang, campaign=campaign))
        for line in lines:
            name = t(f"{'segments' if line.dimension == 'segment' else 'territories'}.{line.group}", lang)
            gap = f"[bold red]{line.gap}[/]" if line.gap else "0"
            table.add_row(name, str(line.target), str(line.enrolled), str(line.tested), str(line.sessions), gap)
        out.print(table)
        gaps = [line for line in lines if line.gap]
        if gaps:
            names = ", ".join(t(f"{'segments' if g.dimension == 'segment' else 'territories'}.{g.group}", lang) for g in gaps)
            out.print(t("panel.gaps", lang, groups=names), style="yellow")
        else:
            out.print(t("panel.no_gaps", lang), style="green")

    @import_app.command("sessions", help=h("import_sessions"))
    def import_sessions(
        file: Annotated[Path, typer.Argument(help=h("csv_file"))],
        scenarios: Annotated[list[Path] | None, typer.Option("--scenarios", help=h("import_scenarios"))] = None,
    ) -> None:
        from harness.panel import service

        store, catalogue = options.store(), options.catalogue()
        steps = service.scenario_steps(scenarios or [Path("scenarios")])  # each row's screen must be a step of its scenario
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=out, transient=True) as bar:
            task = bar.add_task(t("panel.importing", lang), total=None)
            report = service.import_sessions(store, file, catalogue, lambda done, total: bar.update(task, completed=done, total=total),
                                             steps)
        out.print(t("panel.imported", lang, sessions=report.sessions, steps=report.steps))

    @import_app.command("testers", help=h("import_testers"))
    def import_testers(
        file: Annotated[Path, typer.Argument(help=h("csv_file"))],
        campaign: Annotated[str | None, typer.Option("--campaign", help=h("enrol"))] = None,
    ) -> None:
        from harness.panel import service

        count = service.import_testers(options.store(), file, campaign)
        out.print(t("panel.testers_imported", lang, count=count))

    @import_app.command("template", help=h("template"))
    def template(
        kind: Annotated[str, typer.Argument(help=h("template_kind"))],
        output: Annotated[Path | None, typer.Option("--output", "-o", help=h("output"))] = None,
    ) -> None:
        if kind not in ("sessions", "testers"):
            raise typer.BadParameter(kind)
        text = resources.files("harness.panel").joinpath(f"templates/{kind}.csv").read_text("utf-8")
        _write(text, output)

    @app.command("export", help=h("export"))
    def export(
        what: Annotated[str, typer.Argument(help=h("export_what"))],
        campaign: Annotated[str | None, typer.Option("--campaign", help=h("campaign_filter"))] = None,
        output: Annotated[Path | None, typer.Option("--output", "-o", help=h("output"))] = None,
        scenario: Annotated[list[str] | None, typer.Option("--scenario", help=h("rgaa_scenarios"))] = None,
        runs_dir: Annotated[Path, typer.Option("--runs-dir", help=h("runs_dir"))] = Path("runs"),
    ) -> None:
        from harness.panel.export import SUMMARY_KINDS, export_frame, frame_csv
        from harness.reports.exports import summary_for_readers
        from harness.reports.render import CSV_SEPARATOR

        if what not in EXPORTS:
            raise typer.BadParameter(f"{what} ({', '.join(EXPORTS)})")
        if what == "rgaa":
            _export_rgaa(campaign, scenario, runs_dir, output)
            return
        frame = export_frame(options.store(), what, campaign)
        if what in SUMMARY_KINDS:  # a summary for readers: their language, ";" and decimal commas in French
            _write(frame_csv(summary_for_readers(frame, what, lang), CSV_SEPARATOR[lang]), output)
        else:  # records keep the import layout, so that they can be imported again
            _write(frame_csv(frame), output)

    def _export_rgaa(campaign: str | None, scenarios: list[str] | None, runs_dir: Path, output: Path | None) -> None:
        """The RGAA grid in Ara's layout, from the campaign's barrier findings (harness/reports/rgaa.py)."""
        from harness.reports.rgaa import ara_csv, rgaa_grid

        if campaign is None:
            raise InputError("campaign_needed", {"what": "rgaa"}, Location(field="--campaign"))
        grid = rgaa_grid(options.analysis(campaign, runs_dir, need_runs=True), scenarios or None)
        _write(ara_csv(grid), output)
        if output is not None:
            out.print(t("cli.rgaa_written", lang, pages=len(grid.pages), count=len(grid.criteria_failing)),
                      highlight=False, soft_wrap=True)

    def _write(text: str, output: Path | None) -> None:
        if output is None:
            sys.stdout.write(text)
        else:
            write_atomic(output, text)
            out.print(t("panel.written", lang, path=str(output)))

    return import_app



