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

A target is "met" only when the whole interval is on the right side of it, "not met" when the whole
interval is on the wrong side, and "uncertain" otherwise; with too few answers for an interval, the
sheet says so rather than judge. The Observatoire publishes a mark from 100 answers; a panel has far
fewer, which the interval shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from harness.analysis.panel_data import PanelData
from harness.analysis.panel_summary import tester_outcomes, tester_steps
from harness.analysis.stats import Estimate, completion_rate, mean_if_any

TARGET = 8.0  # out of 10: the Observatoire's target for satisfaction and for simplicity of language
INDICATORS = ("satisfaction", "langage", "aide_joignable", "aide_efficace", "aide_exterieure", "accessibilite", "dlnuf")
NOT_MEASURED = ("accessibilite", "dlnuf")


@dataclass(frozen=True)
class Indicator:
    id: str  # one of INDICATORS
    kind: str  # how its value reads: "mark" (out of 10), "mark5" (out of 5), "pct"; "" when not measured
    estimate: Estimate | None  # None: not measured, or nobody answered
    target: float | None  # the official target on the same scale, None where the Observatoire sets none
    status: str  # met, not_met, uncertain, too_few, no_target, no_answer, not_measured


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


def observatoire_sheet(panel: PanelData) -> list[Indicator]:
    """The sheet of one procedure version's panel (`CampaignSources.panel_for`), over each tester's
    first session on it."""
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
    return sheet + [Indicator(key, "", None, None, "not_measured") for key in NOT_MEASURED]
