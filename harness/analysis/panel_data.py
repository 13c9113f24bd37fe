"""The panel as DataFrames, read from the store in a few queries."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import func, select

from harness.store.db import Store
from harness.store.tables import (
    Campaign,
    CriterionScore,
    Facilitator,
    Observation,
    Procedure,
    ProcedureVersion,
    Session,
    StepResult,
    SusAnswer,
    Tester,
)


JDMA_COLUMNS = ("satisfaction", "clarity", "contact", "help_quality")  # session-wide: the JDMA questions
STEP_CONTEXT = ("session_id", "session", "tester", "segment", "procedure", "version")


@dataclass(frozen=True)
class PanelData:
    sessions: pd.DataFrame  # one row per session, with its tester's profile and procedure version
    steps: pd.DataFrame  # one row per step result, with the session columns
    sus: pd.DataFrame  # session_id, item, value
    scores: pd.DataFrame  # session_id, criterion, value
    observations: pd.DataFrame  # session_id, step, severity, text, tags
    outcomes: pd.DataFrame | None = None  # session_outcomes(), when already computed for a larger panel
    # what is derived from the frames above, once (panel_summary: the first sessions, their screens)
    memo: dict[str, pd.DataFrame] = field(default_factory=dict, init=False, compare=False, repr=False)


def load_panel(store: Store, campaign: str | None = None) -> PanelData:
    sessions_query = (
        select(
            Session.id.label("session_id"), Session.ref.label("session"), Campaign.code.label("campaign"),
            Tester.code.label("tester"), Tester.segment, Tester.age_band, Tester.territory, Tester.digital_comfort,
            Tester.assistive_tech, Facilitator.code.label("facilitator"), Procedure.code.label("procedure"),
            ProcedureVersion.version, Session.held_on.label("date"), Session.device, Session.satisfaction,
            Session.clarity, Session.contact, Session.help_quality,
        )
        .join(Campaign, Campaign.id == Session.campaign_id)
        .join(Tester, Tester.id == Session.tester_id)
        .join(Facilitator, Facilitator.id == Session.facilitator_id)
        .join(ProcedureVersion, ProcedureVersion.id == Session.version_id)
        .join(Procedure, Procedure.id == ProcedureVersion.procedure_id)
        .where(Session.status == "complete")  # a session still being recorded is no evidence yet
        .order_by(Campaign.code, Session.ref)
    )
    if campaign:
        sessions_query = sessions_query.where(Campaign.code == campaign)
    with store.engine.connect() as connection:
        sessions = pd.read_sql(sessions_query, connection)
        ids = sessions["session_id"].tolist()

        def per_session(query) -> pd.DataFrame:  # noqa: ANN001
            frame = pd.read_sql(query, connection)
            return frame[frame["session_id"].isin(ids)] if campaign else frame

        steps = per_session(
            select(StepResult.session_id, StepResult.position, StepResult.step, StepResult.outcome, StepResult.seconds,
                   StepResult.errors, StepResult.help_requests, StepResult.help_kind, StepResult.seq).order_by(StepResult.session_id, StepResult.position)
        )
        sus = per_session(select(SusAnswer.session_id, SusAnswer.item, SusAnswer.value))
        scores = per_session(select(CriterionScore.session_id, CriterionScore.criterion, CriterionScore.value))
        observations = per_session(
            select(Observation.session_id, Observation.step, Observation.severity, Observation.text, Observation.tags)
        )
    # what analysis needs of each step's session; the rest stays in `sessions`
    steps = steps.merge(sessions[list(STEP_CONTEXT)], on="session_id", how="left")
    return PanelData(sessions=sessions, steps=steps, sus=sus, scores=scores, observations=observations)


def unfinished_sessions(store: Store, campaign: str) -> dict[tuple[str, str], int]:
    """How many sessions of each procedure version were finished incomplete: counted apart, never in a rate."""
    query = (select(Procedure.code, ProcedureVersion.version, func.count()).select_from(Session)
             .join(ProcedureVersion, ProcedureVersion.id == Session.version_id)
             .join(Procedure, Procedure.id == ProcedureVersion.procedure_id)
             .join(Campaign, Campaign.id == Session.campaign_id)
             .where(Campaign.code == campaign, Session.status == "incomplete")
             .group_by(Procedure.code, ProcedureVersion.version))
    with store.reading() as db:
        return {(code, version): int(count) for code, version, count in db.execute(query)}


def sessions_in_import_layout(data: PanelData) -> pd.DataFrame:
    """The sessions CSV a facilitator would have written: `parcours import sessions` reads it back."""
    session_columns = ["session_id", "campaign", "facilitator", "date", "device", *JDMA_COLUMNS]
    steps = data.steps.merge(data.sessions[session_columns], on="session_id", how="left").merge(
        data.observations.rename(columns={"text": "observation"}), on=["session_id", "step"], how="left"
    )
    frame = steps[[
        "session", "campaign", "tester", "facilitator", "procedure", "version", "date", "device", "step",
        "outcome", "seconds", "errors", "help_requests", "help_kind", "seq", "observation", "severity", "tags",
    ]].copy()
    first = ~steps.duplicated("session_id")  # session-wide answers go on the session's first line
    sus = data.sus.pivot(index="session_id", columns="item", values="value")
    for item in range(1, 11):
        values = steps["session_id"].map(sus[item]) if item in sus.columns else pd.Series(pd.NA, index=steps.index)
        frame[f"sus_{item}"] = values.where(first).astype("Int64")
    for name in JDMA_COLUMNS:
        values = steps[name].where(first)
        frame[name] = values if name == "contact" else values.astype("Int64")
    scores = data.scores.pivot(index="session_id", columns="criterion", values="value")
    for criterion in scores.columns:
        frame[f"score:{criterion}"] = steps["session_id"].map(scores[criterion]).where(first)
    frame["seq"] = frame["seq"].astype("Int64")
    frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
    return frame
