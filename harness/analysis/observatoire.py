"""The Observatoire's indicators that a test campaign can measure, each with its value, n and interval,
its official target and whether the campaign shows it met.

The Observatoire de la qualité des démarches en ligne (DINUM, observatoire.numerique.gouv.fr) scores
a procedure from the "Je donne mon avis" (JDMA) answers of its users; a panel answers the same
questions at the end of a session, so its figures read on the same scales:

- satisfaction: "De façon générale, comment ça s'est passé ?", three faces marked 10, 5 and 0, averaged
  (target 8 out of 10);
- simplicity of language: the JDMA's clarity question, 1 to 5, as a mark out of 10, (answer − 1) × 2.5
  (target 8 out of 10);
- help reachable: the share of testers who tried to reach the administration for help and did not
  (no official target);
- help effective: how the testers who reached it rate the help, 1 to 5 (no official target);
- outside help: the share of testers who needed someone's help to get through (no official target).

Accessibility (an RGAA audit's compliance rate) and "Dites-le-nous une fois" (the data the
administration already holds) are listed as not measured: a test campaign cannot establish them.

Page load is measured by the replays rather than by testers: the median time from the request to the
load event over the procedure's screens, under the desktop profile and the rural one (a slow 4G link
and a slower processor), judged on the Observatoire's thresholds: above 800 ms "faible", above 400 ms
"partiel", else "optimal". Marks out of 10 are shown in the Observatoire's colour bands: red below 5,
orange from 5 to 8, green from 8; a page load's judgement takes the same colours.

A target is "met" only when the whole interval is on the right side of it, "not met" when the whole
interval is on the wrong side, and "uncertain" otherwise; with too few answers for an interval, the
sheet says so rather than judge. The Observatoire publishes a mark from 100 answers; a panel has far
fewer, which the interval shows.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

import pandas as pd

from harness.analysis.panel_data import PanelData
from harness.analysis.panel_summary import tester_outcomes, tester_steps
from harness.analysis.stats import Estimate, completion_rate, mean_if_any

TARGET = 8.0  # out of 10: the Observatoire's target for satisfaction and for simplicity of language
INDICATORS = ("satisfaction", "langage", "aide_joignable", "aide_efficace", "aide_exterieure", "accessibilite", "dlnuf",
              "chargement_desktop", "chargement_rural")
NOT_MEASURED = ("accessibilite", "dlnuf")
LOAD_PARTIAL_MS, LOAD_WEAK_MS = 400, 800  # the Observatoire's page-load thresholds
LOAD_PROFILES = ("desktop", "rural")
RED_BELOW, GREEN_FROM = 5.0, 8.0  # the colour bands of its marks out of 10


@dataclass(frozen=True)
class Indicator:
    id: str  # one of INDICATORS
    kind: str  # how its value reads: "mark" (out of 10), "mark5" (out of 5), "pct"; "" when not measured
    estimate: Estimate | None  # None: not measured, or nobody answered
    target: float | None  # the official target on the same scale, None where the Observatoire sets none
    status: str  # met, not_met, uncertain, too_few, no_target, no_answer, not_measured; load_good, load_partial, load_weak

    @property
    def band(self) -> str | None:
        """The Observatoire's colour for it (green, orange, red), for a mark out of 10 or a page load; else None."""
        if self.estimate is None:
            return None
        value = self.estimate.value
        if self.kind == "mark":
            return "red" if value < RED_BELOW else "orange" if value < GREEN_FROM else "green"
        if self.kind == "ms":
            return "red" if value > LOAD_WEAK_MS else "orange" if value > LOAD_PARTIAL_MS else "green"
        return None


def clarity_marks(clarity: pd.Series) -> pd.Series:
    """The JDMA clarity answers (1 to 5) as marks out of 10, as the Observatoire reads them."""
    return (clarity.astype(float) - 1) * 2.5


def status(estimate: Estimate | None, target: float | None) -> str:
    """Whether an estimate meets a minimum target, judged on its interval."""
    if estimate is None:
        return "no_answer"
    if target is None:
        return "no_target"
    if estimate.has_interval:
        return "met" if estimate.low >= target else "not_met" if estimate.high < target else "uncertain"
    if estimate.withheld == "no_spread":  # every answer the same: the value is the whole story
        return "met" if estimate.value >= target else "not_met"
    return "too_few"


def load_indicators(loads: dict[str, list[int]]) -> list[Indicator]:
    """Page load under each replay profile that measured it: the median over the screens of their load times (ms)."""
    sheet = []
    for profile in LOAD_PROFILES:
        times = loads.get(profile) or []
        if not times:
            continue
        median = float(statistics.median(times))
        status = "load_weak" if median > LOAD_WEAK_MS else "load_partial" if median > LOAD_PARTIAL_MS else "load_good"
        estimate = Estimate(median, math.nan, math.nan, len(times), withheld="measured")
        sheet.append(Indicator(f"chargement_{profile}", "ms", estimate, float(LOAD_PARTIAL_MS), status))
    return sheet


def observatoire_sheet(panel: PanelData | None, loads: dict[str, list[int]] | None = None) -> list[Indicator]:
    """The sheet of one procedure version: its panel's indicators (`CampaignSources.panel_for`), over each
    tester's first session on it, then its page loads as its replays measured them."""
    if panel is None:
        return load_indicators(loads or {})
    sessions = tester_outcomes(panel)
    steps = tester_steps(panel)

    def share(hits: pd.Series, answered: pd.Series) -> Estimate | None:
        return completion_rate(int(hits[answered].sum()), int(answered.sum())) if answered.any() else None

    contact = sessions["contact"]
    helped = steps.assign(helped=(steps["outcome"] == "assisted") | (steps["help_requests"] > 0)).groupby("session_id")["helped"].any()
    measured = {
        "satisfaction": ("mark", mean_if_any(sessions["satisfaction"]), TARGET),
        "langage": ("mark", mean_if_any(clarity_marks(sessions["clarity"])), TARGET),
        "aide_joignable": ("pct", share(contact == "not_reached", contact.notna()), None),
        "aide_efficace": ("mark5", mean_if_any(sessions.loc[contact == "reached", "help_quality"]), None),
        "aide_exterieure": ("pct", share(helped, helped.notna()) if len(helped) else None, None),
    }
    sheet = [Indicator(key, kind, estimate, target, status(estimate, target)) for key, (kind, estimate, target) in measured.items()]
    return sheet + [Indicator(key, "", None, None, "not_measured") for key in NOT_MEASURED] + load_indicators(loads or {})
