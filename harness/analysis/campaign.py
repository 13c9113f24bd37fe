"""A campaign analysed once: its findings, comparisons, estimates and recommendations, for every reader.

Every report, the facilitator app, the baseline, the RGAA grid, the trend and the pytest plugin read a
`CampaignAnalysis` instead of computing findings of their own, so a figure is the same number wherever
it is shown. What a reader asks for is computed on first use and kept: a version's findings once, a
comparison of two versions once, however many reports read them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from harness.analysis.comparison import Comparison, Completeness, compare_versions, completeness
from harness.analysis.findings import Finding, VersionEvidence, barriers, build_findings, good_practices
from harness.analysis.panel_data import PanelData
from harness.analysis.panel_summary import tester_outcomes
from harness.analysis.recommendations import ProcedureFacts, Recommendation, procedure_facts, recommend
from harness.analysis.sources import CampaignSources, VersionRuns
from harness.analysis.stats import Estimate, mean_interval, success_rate
from harness.criteria.models import Catalogue
from harness.runs.record import ScenarioRef
from harness.scenario.models import Impact

GRAVE = (Impact.CRITICAL, Impact.SERIOUS)


@dataclass(frozen=True)
class Figures:
    """A set of panel sessions in numbers: completion without help and SUS, each with its interval."""

    testers: int
    completion: Estimate | None
    sus: Estimate | None

    @staticmethod
    def of(sessions: pd.DataFrame | None) -> Figures:
        if sessions is None or sessions.empty:
            return Figures(0, None, None)
        sus = mean_interval(sessions["sus"]) if sessions["sus"].notna().any() else None
        return Figures(int(sessions["tester"].nunique()), success_rate(sessions), sus)


@dataclass(frozen=True)
class VersionAnalysis:
    """One procedure version: everything found on it, and what the panel says of it."""

    scenario_id: str
    runs: VersionRuns
    evidence: VersionEvidence
    findings: tuple[Finding, ...]  # all: barriers, good practices, waived heuristics
    completeness: Completeness
    facts: ProcedureFacts
    sessions: pd.DataFrame | None  # one row per tester session (outcome, SUS…), None without panel
    figures: Figures

    @property
    def ref(self) -> ScenarioRef:
        return self.runs.scenario

    @property
    def panel(self) -> PanelData | None:
        return self.evidence.panel

    @cached_property
    def barriers(self) -> tuple[Finding, ...]:
        """The distinct barriers a procedure owner fixes: the unit every report counts."""
        return tuple(barriers(list(self.findings)))

    @cached_property
    def good_practices(self) -> tuple[Finding, ...]:
        return tuple(good_practices(list(self.findings)))

    @property
    def grave(self) -> int:
        return sum(1 for f in self.barriers if f.severity in GRAVE)

    def by_severity(self) -> dict[str, int]:
        return {impact.value: sum(1 for f in self.barriers if f.severity is impact) for impact in Impact}


def analyse_version(scenario_id: str, runs: VersionRuns, evidence: VersionEvidence, catalogue: Catalogue) -> VersionAnalysis:
    """One version's analysis (the pytest plugin's and the baseline's entry too)."""
    sessions = tester_outcomes(evidence.panel) if evidence.panel is not None else None
    return VersionAnalysis(
        scenario_id=scenario_id, runs=runs, evidence=evidence, findings=tuple(build_findings(evidence, catalogue)),
        completeness=completeness(evidence.runs()), facts=procedure_facts(evidence, catalogue),
        sessions=sessions, figures=Figures.of(sessions),
    )


@dataclass(frozen=True)
class Retest:
    """A procedure's reviewed version, its latest re-tested one, and what changed between them."""

    before: VersionAnalysis
    after: VersionAnalysis
    comparison: Comparison


@dataclass
class CampaignAnalysis:
    """A campaign as every reader sees it; built by `analyse`, read-only for its readers."""

    sources: CampaignSources
    _versions: dict[str, VersionAnalysis] = field(default_factory=dict, repr=False)
    _comparisons: dict[tuple[str, str], Comparison] = field(default_factory=dict, repr=False)
    _recommendations: tuple[list[Recommendation], list[Finding]] | None = field(default=None, repr=False)

    @property
    def campaign(self) -> str:
        return self.sources.campaign

    @property
    def name(self) -> str:
        return self.sources.name

    @property
    def catalogue(self) -> Catalogue:
        return self.sources.catalogue

    @property
    def scenario_ids(self) -> list[str]:
        return sorted(self.sources.runs)

    def procedures(self) -> dict[str, list[str]]:
        """Each procedure's scenario ids, earlier version first."""
        return self.sources.procedures()

    def version(self, scenario_id: str) -> VersionAnalysis:
        if scenario_id not in self._versions:
            runs = self.sources.scenario(scenario_id)  # an unknown id: an error naming the campaign's
            self._versions[scenario_id] = analyse_version(scenario_id, runs, self.sources.evidence(scenario_id), self.catalogue)
        return self._versions[scenario_id]

    def comparison(self, before_id: str, after_id: str) -> Comparison:
        """Two versions compared, their findings taken from their own analyses."""
        key = (before_id, after_id)
        if key not in self._comparisons:
            before, after = self.version(before_id), self.version(after_id)
            self._comparisons[key] = compare_versions(before.evidence, after.evidence, self.catalogue,
                                                      found=(list(before.findings), list(after.findings)))
        return self._comparisons[key]

    def reviewed(self) -> list[VersionAnalysis]:
        """The first version of each procedure: the one the committee reviews."""
        return [self.version(ids[0]) for ids in self.procedures().values()]

    def retests(self) -> list[Retest]:
        """Each procedure's first version against its last, where it was re-tested."""
        return [Retest(self.version(ids[0]), self.version(ids[-1]), self.comparison(ids[0], ids[-1]))
                for ids in self.procedures().values() if len(ids) > 1]

    def recommendations(self) -> tuple[list[Recommendation], list[Finding]]:
        """The committee's recommendations from the reviewed versions' barriers, and the barriers no practice
        answers (computed once, whoever asks)."""
        if self._recommendations is None:
            reviewed = self.reviewed()
            found = [f for v in reviewed for f in v.barriers]
            self._recommendations = recommend(found, self.catalogue, {v.ref.procedure: v.facts for v in reviewed})
        return self._recommendations

    def barriers(self, scenario_ids: Iterable[str] | None = None) -> dict[str, Finding]:
        """The barriers of the versions named (all by default), by fingerprint."""
        chosen = self.scenario_ids if scenario_ids is None else list(scenario_ids)
        return {f.fingerprint: f for sid in chosen for f in self.version(sid).barriers}

    def reviewed_figures(self) -> Figures:
        """The panel's figures over the reviewed versions' sessions."""
        frames = [v.sessions for v in self.reviewed() if v.sessions is not None and not v.sessions.empty]
        return Figures.of(pd.concat(frames) if frames else None)


def analyse(sources: CampaignSources) -> CampaignAnalysis:
    """The campaign's analysis: what readers ask of it is computed once and kept."""
    return CampaignAnalysis(sources)


def analyses(all_sources: Iterable[CampaignSources]) -> list[CampaignAnalysis]:
    return [analyse(sources) for sources in all_sources]

