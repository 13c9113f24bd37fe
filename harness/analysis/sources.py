"""What a report draws on: a campaign's latest runs per procedure version, its panel, its decisions."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd
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
        """The panel's sessions of one procedure version (None without any): the whole panel is split by
        version once, on the first call, not filtered again for each version."""
        return self._panel_parts.get((procedure, version))

    @cached_property
    def _panel_parts(self) -> dict[tuple[str, str], PanelData]:
        panel = self.panel
        if panel is None or panel.sessions.empty:
            return {}
        version_of = panel.sessions.set_index("session_id")[["procedure", "version"]]

        def split(frame: pd.DataFrame) -> dict[tuple[str, str], pd.DataFrame]:
            keys = version_of.reindex(frame["session_id"])
            grouped = frame.groupby([keys["procedure"].to_numpy(), keys["version"].to_numpy()], sort=False)
            return {(str(p), str(v)): part for (p, v), part in grouped}

        empty = {name: getattr(panel, name).iloc[0:0] for name in ("steps", "sus", "scores", "observations")}
        parts = {name: split(getattr(panel, name)) for name in empty}
        outcomes = split(panel.outcomes) if panel.outcomes is not None else None
        return {
            key: PanelData(sessions=sessions, **{name: parts[name].get(key, empty[name]) for name in empty},
                           outcomes=outcomes.get(key) if outcomes is not None else None)
            for key, sessions in split(panel.sessions).items()
        }

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
    unfinished: dict[tuple[str, str], int] = {}
    if store is not None:
        with store.reading() as db:
            title = db.scalar(select(Campaign.title).where(Campaign.code == campaign))

        loaded = load_panel(store, campaign)
        if not loaded.sessions.empty:  # each session's outcome, once for the whole campaign
            panel = dataclasses.replace(loaded, outcomes=session_outcomes(loaded))
        decisions = decisions_for(store, campaign)
        unfinished = unfinished_sessions(store, campaign)
    return CampaignSources(campaign, catalogue, runs, panel, decisions, title or None, unfinished)
