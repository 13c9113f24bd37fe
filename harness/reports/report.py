"""A report as its template reads it: a typed page of plain views, its tables, what its findings.json holds."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from harness.analysis.comparison import Change
from harness.analysis.coverage import Coverage
from harness.analysis.findings import CssNote, Finding, ToCheck
from harness.i18n import Lang
from harness.reports.views import (
    Chart,
    FindingGroup,
    Headline,
    KeyFigure,
    RecommendationView,
    ScreenView,
    StatementEntry,
    Table,
)
from harness.runs.record import ScenarioRef


class Page:
    """What a report's template reads, typed; its fields become the template's variables."""

    def fields(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    def __getitem__(self, name: str) -> Any:  # what a test reads as report.data["key"]
        return getattr(self, name)


@dataclass(frozen=True)
class ProcedurePage(Page):
    scenario: ScenarioRef
    campaign: str
    key: list[KeyFigure]
    screens: list[ScreenView]
    incomplete: str | None
    findings: list[Finding]  # the version's barriers, the unit every report counts
    groups: list[FindingGroup]  # their kinds (one card per rule)
    grave: int
    good_practices: list[FindingGroup]
    waivers: list[dict[str, object]]
    to_check: list[dict[str, object]]
    unjudged: list[str]
    recommendations: list[RecommendationView]
    observations: list[dict[str, str]]
    chart: Chart | None
    tables: list[Table]
    observatoire: Table | None
    loads: Table | None  # each screen's load time and weight, per replay profile, with the procedure's totals
    sources: str  # what the report read: each replay's profile and day, the panel's sessions
    css_notes: list[CssNote]
    coverage: Coverage


@dataclass(frozen=True)
class Officials:
    """The elected officials' page: the headline of each re-test, who tested, what to decide."""

    headlines: list[dict[str, object]]
    tested: str | None
    procedures: int
    to_decide: list[RecommendationView]
    decided: list[RecommendationView]


@dataclass(frozen=True)
class CommitteePage(Page):
    campaign: str
    key: list[KeyFigure]
    top: list[RecommendationView]
    recommendations: list[RecommendationView]
    key_versions: str
    reviewed: list[ScenarioRef]
    officials: Officials
    orphans: list[FindingGroup]
    retested: bool
    tables: list[Table]
    observatoire: Table | None


@dataclass(frozen=True)
class ComparePage(Page):
    before: ScenarioRef
    after: ScenarioRef
    campaign: str
    changes: dict[str, list[FindingGroup]]
    panel_rows: list[list[object]]
    charts: list[Chart]
    gallery: dict[str, list[ScreenView]]
    tables: list[Table]
    verdict: list[Headline]
    recommendations: list[RecommendationView]
    counts: dict[str, int]
    incomplete: list[str]
    good_practices: dict[str, int]
    screens: list[dict[str, object]]
    new_screens: list[str]
    unknown_replaces: list[dict[str, str]]


@dataclass(frozen=True)
class GuidePage(Page):
    stages: list[dict[str, Any]]  # id, label, practices: [{practice, criteria, examples}]
    campaigns: list[str]
    tables: list[Table]


@dataclass(frozen=True)
class TrendPage(Page):
    procedure: str
    points: Sequence[object]
    charts: list[Chart]
    barriers: Table
    sus: Table | None
    incomplete: bool


@dataclass(frozen=True)
class StatementPage(Page):
    campaign: str
    entries: list[StatementEntry]
    pages: list[str]


@dataclass(frozen=True)
class Report:
    kind: str  # procedure, committee, compare, guide: the template's name
    slug: str  # folder and file names
    title: str
    lang: Lang
    data: Page
    tables: list[Table] = field(default_factory=list)
    generated: str = field(default_factory=lambda: date.today().isoformat())  # ISO in findings.json; shown as a long date
    findings: FindingsData | None = None  # what findings.json holds


@dataclass
class FindingsData:
    """A report's findings before they are written out (paths are made relative to the report folder then)."""

    campaign: str
    versions: list[str]
    complete: bool
    findings: list[tuple[Finding, Change | None]] = field(default_factory=list)  # with their fate in a comparison
    to_check: list[tuple[ToCheck, str, str]] = field(default_factory=list)  # with procedure and version

