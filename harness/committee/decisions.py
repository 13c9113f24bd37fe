"""Committee decisions: typed, read from a YAML file with file:line errors, kept in the store."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
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
from harness.yamlsource import read_yaml, validation_errors
from harness.text import closest



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


def load_decisions(path: Path, catalogue: Catalogue, known: Collection[str] | None = None) -> DecisionsFile:
    """The decisions file, checked whole: every problem is reported at once, at its line.

    `known`: the campaign's recommendation ids (from its committee report); an id outside them is an
    error with the closest one as a hint. Without it, only the practice part of each id is checked."""
    doc = read_yaml(path)
    problems: list[InputError] = []
    parsed = None
    try:
        parsed = DecisionsFile.model_validate(doc.data)
    except ValidationError as exc:
        problems += validation_errors(doc, exc, DecisionsFile).errors  # type: ignore[arg-type]
    practices = [p.id for p in catalogue.practices]
    items = doc.data.get("decisions") if isinstance(doc.data, dict) else None
    for index, item in enumerate(items if isinstance(items, list) else []):
        ref = item.get("recommendation") if isinstance(item, dict) else None
        if not isinstance(ref, str) or ":" not in ref:
            continue  # the schema has said what is wrong with it
        where = ("decisions", index, "recommendation")
        if known is not None:
            if ref not in known:
                suggestion = closest(ref, known)
                problems.append(doc.error("unknown_recommendation", where, "did_you_mean" if suggestion else None,
                                          key=ref, suggestion=suggestion))
            continue
        practice = ref.split(":", 1)[1]
        if practice not in practices:
            suggestion = closest(practice, practices)
            problems.append(doc.error("unknown_practice", where, "did_you_mean" if suggestion else None,
                                      key=practice, suggestion=suggestion))
    if problems:
        raise InputErrors(errors=problems)
    assert parsed is not None
    return parsed


def read_campaign(path: Path) -> str | None:
    """The campaign a decisions file names, if it names one (its errors come with the full check)."""
    doc = read_yaml(path)
    campaign = doc.data.get("campaign") if isinstance(doc.data, dict) else None
    return campaign if isinstance(campaign, str) and re.fullmatch(SLUG, campaign) else None


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
