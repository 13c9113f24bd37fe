"""What a report draws on: a campaign's latest runs per procedure version, its panel, its decisions."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from harness.analysis.findings import VersionEvidence
from harness.analysis.panel_data import PanelData, load_panel, unfinished_sessions
from harness.analysis.panel_summary import session_outcomes
from harness.committee.decisions import decisions_for
from harness.criteria.models import Catalogue
from harness.errors import InputError
from harness.runs.reader import StoredRun, latest, load_runs
from harness.runs.record import ScenarioRef
from harness.store.db import Store
from harness.store.tables import Campaign
from harness.text import closest


@dataclass(frozen=True)
class VersionRuns:
    """One version's latest runs, by profile. Any set of profiles reads: `desktop` is the screen run
    (desktop, else another full-screen profile such as zoom 200 %), `others` the profiles no slot names."""

    scenario: ScenarioRef
    desktop: StoredRun | None
    mobile: StoredRun | None
    keyboard: StoredRun | None = None
    others: tuple[StoredRun, ...] = ()

    @property
    def main(self) -> StoredRun:
        """The run whose screens a report shows: the screen run, else the mobile, keyboard or any other."""
        return next(run for run in (self.desktop, self.mobile, self.keyboard, *self.others) if run is not None)

    @property
    def profiles(self) -> list[str]:
        """The profiles replayed, in the order reports list them."""
        return [run.record.profile for run in (self.desktop, self.mobile, self.keyboard, *self.others) if run is not None]


@dataclass
class CampaignSources:
    campaign: str
    catalogue: Catalogue
    runs: dict[str, VersionRuns]  # by scenario id
    panel: PanelData | None
    decisions: dict  # recommendation id -> Decision row
    title: str | None = None  # the campaign's title, where the store has one
    unfinished: dict[tuple[str, str], int] = field(default_factory=dict)  # (procedure, version) -> sessions finished incomplete

    @property
    def name(self) -> str:
        """The campaign as readers know it: its title, else its code."""
        return self.title or self.campaign

    def scenario(self, scenario_id: str) -> VersionRuns:
        if scenario_id not in self.runs:
            suggestion = closest(scenario_id, self.runs)
            raise InputError(
                "unknown_scenario_run", {"key": scenario_id, "campaign": self.campaign, "suggestion": suggestion,
                                         "allowed": ", ".join(sorted(self.runs)) or "—"},
                hint="did_you_mean" if suggestion else "allowed_keys",
            )
        return self.runs[scenario_id]

    def evidence(self, scenario_id: str) -> VersionEvidence:
        runs = self.scenario(scenario_id)
        ref = runs.scenario
        return VersionEvidence(
            ref.procedure, ref.version, runs.desktop, runs.mobile, self.panel_for(ref.procedure, ref.version), runs.keyboard,
            runs.others,
        )

    def panel_for(self, procedure: str, version: str) -> PanelData | None:
        if self.panel is None:
            return None
        sessions = self.panel.sessions[(self.panel.sessions["procedure"] == procedure) & (self.panel.sessions["version"] == version)]
        if sessions.empty:
            return None
        ids = set(sessions["session_id"])

        def keep(frame):  # noqa: ANN001, ANN202
            return frame[frame["session_id"].isin(ids)]

        return PanelData(sessions=sessions, steps=keep(self.panel.steps), sus=keep(self.panel.sus),
                         scores=keep(self.panel.scores), observations=keep(self.panel.observations),
                         outcomes=keep(self.panel.outcomes) if self.panel.outcomes is not None else None)

    def procedures(self) -> dict[str, list[str]]:
        """Each procedure's scenario ids, earlier version first (see `version_order`)."""
        grouped: dict[str, list[VersionRuns]] = {}
        for runs in self.runs.values():
            grouped.setdefault(runs.scenario.procedure, []).append(runs)
        return {
            procedure: [r.scenario.id for r in sorted(items, key=lambda r: (version_order(r.scenario.version), r.main.record.started_at))]
            for procedure, items in sorted(grouped.items())
        }


EARLIER, LATER = ("avant", "before", "actuelle", "initiale"), ("apres", "après", "after", "amelioree", "améliorée")


def version_order(version: str) -> tuple[int, tuple[object, ...]]:
    """avant < après, before < after, then natural order (v2 < v10); replay time breaks ties."""
    name = version.lower()
    if name in EARLIER:
        return (0, ())
    if name in LATER:
        return (2, ())
    return (1, tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)))


def version_runs(profiles: dict[str, StoredRun]) -> VersionRuns:
    """One version's runs by profile: desktop (or, without one, another full-screen profile: zoom 200 %…),
    mobile and keyboard in their slots, any other profile alongside. Any non-empty set of profiles reads."""
    screen = "desktop" if "desktop" in profiles else next(
        (name for name in sorted(profiles) if name not in ("mobile", "keyboard")), None)
    slotted = {screen, "mobile", "keyboard"}
    others = tuple(run for name, run in sorted(profiles.items()) if name not in slotted)
    any_run = next(iter(profiles.values()))
    return VersionRuns(any_run.record.scenario, profiles.get(screen) if screen else None, profiles.get("mobile"),
                       profiles.get("keyboard"), others)


def gather(runs_dir: Path, campaign: str, catalogue: Catalogue, store: Store | None) -> CampaignSources:
    chosen = latest(load_runs(runs_dir, campaign))
    by_scenario: dict[str, dict[str, StoredRun]] = {}
    for (scenario_id, profile), run in chosen.items():
        by_scenario.setdefault(scenario_id, {})[profile] = run
    runs = {scenario_id: version_runs(profiles) for scenario_id, profiles in by_scenario.items()}
    panel, decisions, title = None, {}, None
    if store is not None:
        with store.reading() as db:
            title = db.scalar(select(Campaign.title).where(Campaign.code == campaign))

        loaded = load_panel(store, campaign)
        if not loaded.sessions.empty:  # each session's outcome, once for the whole campaign
            panel = dataclasses.replace(loaded, outcomes=session_outcomes(loaded))
        decisions = decisions_for(store, campaign)
        unfinished = unfinished_sessions(store, campaign)
    return CampaignSources(campaign, catalogue, runs, panel, decisions, title or None, unfinished if store is not None else {})
