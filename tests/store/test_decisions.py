"""Committee decisions: checked YAML, kept in the store, replaced by later ones; upgrades keep data."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from harness.committee.decisions import decisions_for, load_decisions, record_decisions
from harness.errors import InputErrors
from harness.panel.models import CampaignIn
from harness.panel.service import create_campaign
from harness.store.db import Store, open_store
from harness.store.tables import Campaign

GOOD = """campaign: essai
decided_on: 2026-11-30
decisions:
  - recommendation: cmi:messages-erreur
    status: retained
    owner: Service numérique
    due: 2027-03-31
  - recommendation: cmi:franceconnect
    status: set_aside
    reason: Pas encore raccordé.
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "decisions.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_decisions_are_recorded_and_replaced(store: Store, tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    create_campaign(store, CampaignIn(code="essai", title="Essai"))
    assert record_decisions(store, load_decisions(write(tmp_path, GOOD), catalogue)) == 2
    later = GOOD.replace("status: retained\n    owner: Service numérique\n    due: 2027-03-31", "status: done").replace("decided_on: 2026-11-30", "decided_on: 2027-04-02")
    record_decisions(store, load_decisions(write(tmp_path, later), catalogue))
    decisions = decisions_for(store, "essai")
    assert sorted(decisions) == ["cmi:franceconnect", "cmi:messages-erreur"]
    assert decisions["cmi:messages-erreur"].status == "done"
    assert decisions["cmi:franceconnect"].reason == "Pas encore raccordé."


@pytest.mark.parametrize(
    ("old", "new", "code", "line"),
    [
        ("cmi:messages-erreur", "cmi:messages-eureur", "unknown_practice", 4),
        ("    reason: Pas encore raccordé.\n", "", "reason_needed", 8),
        ("    owner: Service numérique\n", "", "owner_needed", 4),
        ("status: retained", "status: accepted", "enum", 5),
        ("due: 2027-03-31", "due: bientôt", "date_from_datetime_parsing", 7),
    ],
)
def test_a_bad_decisions_file_names_its_line(tmp_path: Path, catalogue, old, new, code, line) -> None:  # noqa: ANN001
    with pytest.raises(InputErrors) as caught:
        load_decisions(write(tmp_path, GOOD.replace(old, new)), catalogue)
    error = caught.value.errors[0]
    assert (error.code, error.location.line) == (code, line)


def test_upgrading_an_older_store_keeps_its_data(database_url: str) -> None:
    old = Store(database_url)
    old.upgrade("0001")
    assert old.revision() == "0001"
    with old.transaction() as db:
        db.add(Campaign(code="ancienne", title="Campagne d'avant la mise à jour"))
    old.close()
    upgraded = open_store(database_url)
    assert upgraded.revision() == "0004"
    with upgraded.reading() as db:
        assert [c.code for c in db.scalars(select(Campaign))] == ["ancienne"]
    assert decisions_for(upgraded, "ancienne") == {}
    upgraded.close()
