"""The RGAA audit grid as the State's audit tool (Ara) lays it out, filled from barrier findings only.

A starting point for a human audit, never an audit: a cell is "NC" (non conforme) only where
Parcours holds a barrier finding for that RGAA criterion on that page (a screen of a replayed
scenario), and "NT" (non testé) everywhere else. Parcours never writes "C" (conforme) nor "NA"
(non applicable): no automated check can establish either; the auditor does.

Ara's CSV export has one row per criterion ("1.1" … "13.12") and one column per page of the
sample, headed "Critères"; Parcours writes the same layout, so the file can be read beside or
into an audit grid."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from harness.analysis.campaign import CampaignAnalysis
from harness.analysis.findings import Finding
from harness.i18n import Lang, t
from harness.panel.csvio import neutralise
from harness.reports.common import finding_title
from harness.reports.report import Report, StatementPage
from harness.reports.views import StatementEntry, Table

# RGAA 4.1: 13 topics, 106 criteria; the number of criteria of each topic, in order.
CRITERIA_PER_TOPIC = (9, 2, 3, 13, 8, 2, 5, 10, 4, 14, 13, 11, 12)
RGAA_CRITERIA = tuple(f"{topic}.{n}" for topic, count in enumerate(CRITERIA_PER_TOPIC, 1) for n in range(1, count + 1))
NOT_COMPLIANT, NOT_TESTED = "NC", "NT"  # Ara's codes; "C" and "NA" are for an auditor to write


def criterion_of(reference: str) -> str | None:
    """The RGAA criterion a reference names: "3.2.1" (a test, as axe-core tags it) and "3.2" give "3.2"."""
    parts = reference.split(".")
    criterion = ".".join(parts[:2])
    return criterion if len(parts) >= 2 and criterion in RGAA_CRITERIA else None


@dataclass(frozen=True)
class Page:
    """A page of the sample: one screen of one replayed scenario."""

    scenario: str
    title: str  # the procedure as its users name it, and its version
    screen: str

    @property
    def name(self) -> str:
        return f"{self.title} — {self.screen}"


@dataclass(frozen=True)
class RgaaGrid:
    pages: tuple[Page, ...]
    failing: dict[tuple[str, Page], tuple[Finding, ...]]  # (criterion, page) -> the barrier findings behind "NC"

    def status(self, criterion: str, page: Page) -> str:
        return NOT_COMPLIANT if (criterion, page) in self.failing else NOT_TESTED

    @property
    def criteria_failing(self) -> tuple[str, ...]:
        found = {criterion for criterion, _ in self.failing}
        return tuple(c for c in RGAA_CRITERIA if c in found)


def rgaa_grid(analysis: CampaignAnalysis, scenario_ids: Iterable[str] | None = None) -> RgaaGrid:
    """The grid of the campaign's scenarios (or of `scenario_ids`): their recorded screens as pages."""
    pages: list[Page] = []
    failing: dict[tuple[str, Page], list[Finding]] = {}
    chosen = list(scenario_ids) if scenario_ids is not None else analysis.scenario_ids
    titles = Counter(analysis.version(scenario_id).ref.title for scenario_id in chosen)
    for scenario_id in chosen:
        version = analysis.version(scenario_id)
        runs = version.runs
        ref = runs.scenario
        title = ref.title if titles[ref.title] == 1 else f"{ref.title} ({ref.version})"  # versions of one procedure
        by_screen = {}
        for step in runs.main.record.steps:
            if step.screenshot:
                by_screen[step.name] = Page(scenario_id, title, step.name)
        pages.extend(by_screen.values())
        for finding in version.barriers:
            criteria = {c for c in map(criterion_of, finding.rgaa) if c}
            for screen in finding.screens or ((finding.step,) if finding.step else ()):
                page = by_screen.get(screen)
                if page is None:  # seen under another profile only, on a screen the main run did not record
                    page = by_screen.setdefault(screen, Page(scenario_id, title, screen))
                    pages.append(page)
                for criterion in criteria:
                    failing.setdefault((criterion, page), []).append(finding)
    return RgaaGrid(tuple(pages), {key: tuple(found) for key, found in failing.items()})


def ara_csv(grid: RgaaGrid) -> str:
    """Ara's layout: "Critères", then one column per page; one row per criterion."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["Critères", *(neutralise(page.name) for page in grid.pages)])
    for criterion in RGAA_CRITERIA:
        writer.writerow([criterion, *(grid.status(criterion, page) for page in grid.pages)])
    return buffer.getvalue()


def read_ara_csv(path: Path) -> tuple[list[str], dict[str, list[str]]]:
    """The pages and each criterion's statuses, as a spreadsheet or a test reads the file back."""
    with path.open(newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    return header[1:], {row[0]: row[1:] for row in rows}


def pages_of(grid: RgaaGrid, criterion: str) -> Sequence[Page]:
    return [page for page in grid.pages if (criterion, page) in grid.failing]


def statement_report(analysis: CampaignAnalysis, grid: RgaaGrid, lang: Lang) -> Report:
    """A draft of the accessibility statement's "non-accessible content" section (the official model's
    headings), from the barrier findings: each failing criterion with what was found and where. A
    draft that a full audit completes: no compliance rate, no criterion said to be met."""
    entries: list[StatementEntry] = []
    for criterion in grid.criteria_failing:
        pages = pages_of(grid, criterion)
        titles: dict[str, None] = {}
        for page in pages:
            for finding in grid.failing[(criterion, page)]:
                titles.setdefault(finding_title(finding, lang))
        by_title: dict[str, list[str]] = {}
        for page in pages:
            by_title.setdefault(page.title, []).append(page.screen)
        where = [t("report.statement.where", lang, title=title, screens=", ".join(screens)) for title, screens in by_title.items()]
        entries.append(StatementEntry(criterion, list(titles), where, len(pages)))
    table = Table(
        name="non-conformites", caption=t("report.statement.table", lang),
        columns=[t(f"report.statement.col_{c}", lang) for c in ("criterion", "found", "pages")],
        rows=[[e.criterion, " ; ".join(e.found), " ; ".join(e.pages)] for e in entries],
    )
    return Report(
        kind="statement", slug="declaration-brouillon", lang=lang,
        title=t("report.statement.title", lang, campaign=analysis.name),
        data=StatementPage(campaign=analysis.name, entries=entries, pages=[page.name for page in grid.pages]),
        tables=[table],
    )
