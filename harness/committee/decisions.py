"""Committee decisions: typed, read from a YAML file with file:line errors, kept in the store."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import delete, select

from harness.criteria.models import Catalogue
from harness.errors import InputError, InputErrors, Location
from harness.panel.models import no_contact_data
from harness.scenario.models import SLUG, Frozen
from harness.store.db import Store
from harness.store.tables import Campaign, Decision
from harness.yamlsource import closest, read_yaml, validation_errors


class Status(StrEnum):
    RETAINED = "retained"
    SET_ASIDE = "set_aside"
    DONE = "done"


class DecisionIn(Frozen):
    recommendation: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*:[a-z0-9]+(-[a-z0-9]+)*$",
                                description="<procedure>:<practice>, as the committee report shows it")
    status: Status
    reason: str | None = None
    owner: str | None = Field(None, description="The service in charge (never a person's name).")
    due: dt.date | None = None

    @field_validator("reason", "owner")
    @classmethod
    def _no_person(cls, value: str | None) -> str | None:
        return no_contact_data(value) if value else value  # a service or a reason: no contact data, no one named

    @model_validator(mode="after")
    def _complete(self) -> DecisionIn:
        if self.status is Status.SET_ASIDE and not self.reason:
            raise PydanticCustomError("reason_needed", "reason", {"field": "reason"})
        if self.status is Status.RETAINED and not self.owner:
            raise PydanticCustomError("owner_needed", "owner", {"field": "owner"})
        return self


class DecisionsFile(Frozen):
    campaign: str = Field(pattern=SLUG)
    decided_on: dt.date
    decisions: tuple[DecisionIn, ...] = Field(min_length=1)


def load_decisions(path: Path, catalogue: Catalogue) -> DecisionsFile:
    doc = read_yaml(path)
    try:
        parsed = DecisionsFile.model_validate(doc.data)
    except ValidationError as exc:
        raise validation_errors(doc, exc, DecisionsFile) from None
    practices = [p.id for p in catalogue.practices]
    problems = []
    for index, decision in enumerate(parsed.decisions):
        practice = decision.recommendation.split(":", 1)[1]
        if practice not in practices:
            suggestion = closest(practice, practices)
            problems.append(doc.error("unknown_practice", ("decisions", index, "recommendation"),
                                      "did_you_mean" if suggestion else None, key=practice, suggestion=suggestion))
    if problems:
        raise InputErrors(errors=problems)
    return parsed


def record_decisions(store: Store, decisions: DecisionsFile, decided_by: int | None = None) -> int:
    """Store the file's decisions; a new decision on a recommendation replaces the previous one."""
    with store.transaction() as db:
        campaign = db.scalar(select(Campaign).where(Campaign.code == decisions.campaign))
        if campaign is None:
            raise InputError("unknown_campaign", {"key": decisions.campaign}, Location(field="campaign"), "create_campaign")
        for decision in decisions.decisions:
            db.execute(delete(Decision).where(Decision.campaign_id == campaign.id, Decision.recommendation == decision.recommendation))
            db.add(Decision(campaign_id=campaign.id, decided_on=decisions.decided_on, decided_by=decided_by,
                            **decision.model_dump(mode="python")))
    return len(decisions.decisions)


def decisions_for(store: Store, campaign: str) -> dict[str, Decision]:
    with store.reading() as db:
        rows = db.scalars(select(Decision).join(Campaign, Campaign.id == Decision.campaign_id).where(Campaign.code == campaign))
        return {row.recommendation: row for row in rows}
