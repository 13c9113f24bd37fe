"""The rest of the demo loop after the replays: a synthetic panel, the committee's decisions, every report."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

from harness.committee.decisions import load_decisions, record_decisions
from harness.criteria.models import Catalogue
from harness.errors import ParcoursError
from harness.demo.panel import load_demo_panel
from harness.i18n import Lang
from harness.reports.committee import committee_report, officials_report
from harness.reports.compare import compare_report
from harness.reports.guide import guide_report
from harness.reports.procedure import procedure_report
from harness.reports.produce import produce
from harness.reports.render import ReportFiles
from harness.analysis.campaign import analyse
from harness.analysis.sources import gather
from harness.reports.trend import trend_report
from harness.store.db import open_store

DEMO_DB = "demo.db"
FOLLOW_UP = "-suivi"  # the demo's third campaign, after its own: the improved version re-tested


def follow_up_campaign(campaign: str) -> str:
    return f"{campaign}{FOLLOW_UP}"

# The demo app's accounts: synthetic data on loopback only, so their password is known and printed.
DEMO_ACCOUNTS = (("demo-animation", "facilitator"), ("demo-coordination", "coordinator"), ("demo-comite", "committee"))
DEMO_PASSWORD = "demo-parcours-2026"


def demo_reports(
    runs_dir: Path, campaign: str, out_dir: Path, catalogue: Catalogue, lang: Lang,
    on_written: Callable[[ReportFiles], None] | None = None, pdf: bool = True,
) -> list[ReportFiles]:
    """Load the demo panel into a fresh runs/demo.db (never the user's own store), then write all reports."""
    catalogue = catalogue.localized(lang)  # English reports use the English words of the grid and catalogue
    path = runs_dir / DEMO_DB
    path.unlink(missing_ok=True)
    store = open_store(f"sqlite:///{path}")
    follow_up = follow_up_campaign(campaign)
    try:
        load_demo_panel(store, catalogue, campaign)
        decisions = load_decisions(Path(str(resources.files("harness.demo") / "decisions.yaml")), catalogue)
        record_decisions(store, decisions.model_copy(update={"campaign": campaign}))
        sources = gather(runs_dir, campaign, catalogue, store)
        later = []
        if (runs_dir / follow_up).is_dir():  # the third campaign: après re-tested three weeks on
            load_demo_panel(store, catalogue, follow_up, follow_up=True)
            later.append(gather(runs_dir, follow_up, catalogue, store))
    finally:
        store.close()
    (procedure, versions), = sources.procedures().items()
    analysis = analyse(sources)  # once: every report below reads it
    reports = [procedure_report(analysis, scenario, lang) for scenario in versions]
    committee = committee_report(analysis, lang)
    reports += [committee, officials_report(committee), compare_report(analysis, versions[0], versions[-1], lang),
                guide_report([analysis], lang)]
    if later:
        reports.append(trend_report([analysis, *(analyse(s) for s in later)], procedure, lang))
    return produce(reports, out_dir / campaign, pdf=pdf, on_written=on_written)


def demo_app_store(runs_dir: Path, campaign: str, catalogue: Catalogue):  # noqa: ANN201
    """runs/demo.db with the demo panel (loaded once) and the demo accounts, for `parcours demo --serve`."""
    from harness.panel import live
    from harness.panel.service import list_campaigns

    runs_dir.mkdir(parents=True, exist_ok=True)
    store = open_store(f"sqlite:///{runs_dir / DEMO_DB}")
    if campaign not in {c.code for c in list_campaigns(store)}:
        load_demo_panel(store, catalogue, campaign)
    for login, role in DEMO_ACCOUNTS:
        if live.authenticate(store, login, DEMO_PASSWORD) is None:
            try:
                live.add_user(store, login, DEMO_PASSWORD, role)
            except ParcoursError:  # it exists with another password: the demo's own is restored
                live.set_password(store, login, DEMO_PASSWORD)
    return store
