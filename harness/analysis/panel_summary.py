"""Per-segment summary tables of a panel: completion, SUS, SEQ, time, satisfaction, each with n and its
interval, or why the interval is withheld."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from harness.analysis.panel_data import PanelData
from harness.analysis.stats import Estimate, geometric_mean_time, mean_if_any, mean_interval, success_rate, sus_scores

ALL = "all"
# The worst step decides how a session went.
OUTCOME_ORDER = {"success": 0, "assisted": 1, "failure": 2, "abandon": 3}
OUTCOMES = list(OUTCOME_ORDER)


def session_outcomes(data: PanelData) -> pd.DataFrame:
    """One row per session: its worst step outcome, total time, errors, help requests, the mean of its
    screens' SEQ answers, and `repeat`: a later session of a tester on a version they already tried."""
    if data.outcomes is not None:
        return data.outcomes
    steps = data.steps.assign(rank=data.steps["outcome"].map(OUTCOME_ORDER))
    per_session = steps.groupby("session_id").agg(
        rank=("rank", "max"), seconds=("seconds", "sum"), timed=("seconds", "count"),
        errors=("errors", "sum"), help_requests=("help_requests", "sum"), seq=("seq", "mean"),
    )
    per_session.loc[per_session["timed"] == 0, "seconds"] = float("nan")  # no time noted: unknown, not zero
    per_session = per_session.drop(columns="timed")
    per_session["outcome"] = per_session["rank"].map(dict(enumerate(OUTCOMES)))
    sus = sus_scores(data.sus) if not data.sus.empty else pd.Series(dtype=float, name="sus")
    frame = data.sessions.set_index("session_id").join(per_session.drop(columns="rank")).join(sus).reset_index()
    order = frame.sort_values(["date", "session"], kind="stable")
    frame["repeat"] = frame.index.isin(order.index[order.duplicated(["tester", "procedure", "version"])])
    return frame


def tester_outcomes(data: PanelData) -> pd.DataFrame:
    """The tester is the unit: each tester's first session on each version. A repeat session is
    not a new person's evidence (they learnt the procedure the first time)."""
    if "testers" not in data.memo:
        frame = session_outcomes(data)
        data.memo["testers"] = frame[~frame["repeat"]]
    return data.memo["testers"]


def tester_steps(data: PanelData) -> pd.DataFrame:
    """The screens of each tester's first session on each version: one answer per tester and screen."""
    if "tester_steps" not in data.memo:
        first = tester_outcomes(data)["session_id"]
        data.memo["tester_steps"] = data.steps[data.steps["session_id"].isin(first)]
    return data.memo["tester_steps"]


def _by_segment(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    groups = [(str(segment), group) for segment, group in frame.groupby("segment", sort=True)]
    return [*groups, (ALL, frame)]


def _row(segment: str, estimate: Estimate, **extra: object) -> dict[str, object]:
    return {"segment": segment, "value": estimate.value, "low": estimate.low, "high": estimate.high, "n": estimate.n,
            "withheld": estimate.withheld, **extra}


def summary_tables(data: PanelData) -> dict[str, pd.DataFrame]:
    """The tables reports show, keyed by name; each row carries its n and interval."""
    sessions = tester_outcomes(data)
    group_keys = ["procedure", "version"]
    completion, sus, time, satisfaction = [], [], [], []
    for (procedure, version), frame in sessions.groupby(group_keys, sort=True):
        for segment, group in _by_segment(frame):
            keys = {"procedure": procedure, "version": version}
            completion.append(_row(segment, success_rate(group), **keys,
                                   with_help=int((group["outcome"] == "assisted").sum())))
            if group["sus"].notna().any():
                sus.append(_row(segment, mean_interval(group["sus"]), **keys))
            if group["seconds"].notna().any() and (group["seconds"].dropna() > 0).all():
                time.append(_row(segment, geometric_mean_time(group["seconds"]), **keys))
            if group["satisfaction"].notna().any():
                satisfaction.append(_row(segment, mean_interval(group["satisfaction"]), **keys))
    seq = []
    for (procedure, version, step), frame in tester_steps(data).groupby(["procedure", "version", "step"], sort=False):
        for segment, group in _by_segment(frame):
            if group["seq"].notna().any():
                seq.append(_row(segment, mean_interval(group["seq"]), procedure=procedure, version=version, step=step))
    columns = ["procedure", "version", "segment", "value", "low", "high", "n", "withheld"]
    return {
        "completion": pd.DataFrame(completion, columns=[*columns, "with_help"]),
        "sus": pd.DataFrame(sus, columns=columns),
        "time": pd.DataFrame(time, columns=columns),
        "satisfaction": pd.DataFrame(satisfaction, columns=columns),
        "seq": pd.DataFrame(seq, columns=["procedure", "version", "step", "segment", "value", "low", "high", "n", "withheld"]),
    }


# -- typed readings, for views that must not handle frames ------------------------------


@dataclass(frozen=True)
class SegmentFigure:
    """One public's figure (or every tester's, segment "all"), with n and why an interval is withheld."""

    segment: str
    value: float
    low: float  # NaN when the interval is withheld
    high: float
    n: int
    withheld: str | None


@dataclass(frozen=True)
class StepFigure:
    """How one public got through one screen: completion without help and SEQ, each with its interval."""

    segment: str
    completion: Estimate
    seq: Estimate | None


@dataclass(frozen=True)
class ObservationRow:
    step: str
    severity: str
    text: str
    tags: str
    segment: str
    tester: str


def summary_figures(data: PanelData, measure: str, procedure: str, versions: Sequence[str]) -> dict[str, list[SegmentFigure]]:
    """A summary table's rows for each of `versions` of `procedure`, by version (every public, then "all")."""
    table = summary_tables(data)[measure]
    found: dict[str, list[SegmentFigure]] = {version: [] for version in versions}
    if table.empty:
        return found
    for row in table[(table["procedure"] == procedure) & (table["version"].isin(list(versions)))].to_dict("records"):
        withheld = row["withheld"]
        found[str(row["version"])].append(SegmentFigure(
            str(row["segment"]), float(row["value"]), float(row["low"]), float(row["high"]), int(row["n"]),
            withheld if isinstance(withheld, str) and withheld else None))
    return found


def step_figures(data: PanelData, step: str) -> list[StepFigure]:
    """Each public's completion and SEQ on one screen, then every tester's; none when no one reached it."""
    steps = tester_steps(data)
    rows = steps[steps["step"] == step]
    if rows.empty:
        return []
    return [StepFigure(str(segment), success_rate(group), mean_if_any(group["seq"]))
            for segment, group in [*rows.groupby("segment", sort=True), (ALL, rows)]]


def observation_rows(data: PanelData | None) -> list[ObservationRow]:
    """The facilitators' observations, each with the tester's code and public."""
    if data is None or data.observations.empty:
        return []
    merged = data.observations.merge(data.sessions[["session_id", "tester", "segment"]], on="session_id")
    return [ObservationRow(str(r.step), str(r.severity), str(r.text), str(r.tags or ""), str(r.segment), str(r.tester))
            for r in merged.itertuples()]


def combined(*panels: PanelData) -> PanelData:
    """Several versions' sessions as one panel (a before/after chart draws both)."""
    return PanelData(*(pd.concat([getattr(p, name) for p in panels])
                       for name in ("sessions", "steps", "sus", "scores", "observations")))
