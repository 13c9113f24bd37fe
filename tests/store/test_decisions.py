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
    assert upgraded.revision() == "0008"
    with upgraded.reading() as db:
        assert [c.code for c in db.scalars(select(Campaign))] == ["ancienne"]
    assert decisions_for(upgraded, "ancienne") == {}
    upgraded.close()


def test_an_unknown_recommendation_and_a_missing_reason_are_reported_together(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    text = GOOD.replace("cmi:messages-erreur", "cmi:messages-erreurs").replace("    reason: Pas encore raccordé.\n", "")
    with pytest.raises(InputErrors) as caught:
        load_decisions(write(tmp_path, text), catalogue, known={"cmi:messages-erreur", "cmi:franceconnect"})
    found = {(e.code, e.location.line, e.hint) for e in caught.value.errors}
    assert ("unknown_recommendation", 4, "did_you_mean") in found and any(code == "reason_needed" for code, _, _ in found)
    assert caught.value.errors[[e.code for e in caught.value.errors].index("unknown_recommendation")].params["suggestion"] == "cmi:messages-erreur"


def test_the_template_lists_every_recommendation_and_imports_once_filled(store: Store, tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    import datetime as dt

    from harness.reports.decisions_file import decisions_template
    from harness.reports.views import RecommendationView

    def view(rank: int, practice: str) -> RecommendationView:
        return RecommendationView(id=f"cmi:{practice}", rank=rank, priority=12.5, procedure="cmi", practice_id=practice,
                                  title=catalogue.practice(practice).title, stage_label="", why="", do=[], dont=[],
                                  severity="serious", severity_label="grave", share=1.0, share_measured=True, segments=[],
                                  findings=[], decision=None)

    create_campaign(store, CampaignIn(code="essai", title="Essai"))
    record_decisions(store, load_decisions(write(tmp_path, GOOD), catalogue))
    views = [view(1, "messages-erreur"), view(2, "langage-clair"), view(3, "franceconnect")]
    text = decisions_template("essai", views, decisions_for(store, "essai"), "fr", dt.date(2026, 12, 1))
    assert text.count("- recommendation: ") == 3 and "priorité 12,5, grave" in text
    assert "status: retained" in text and 'owner: "Service numérique"' in text  # what is decided is filled in
    path = tmp_path / "modele.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputErrors) as caught:  # as written: the pending one is named, at its line
        load_decisions(path, catalogue, known={v.id for v in views})
    assert [e.location.line for e in caught.value.errors] == [text.splitlines().index("  - recommendation: cmi:langage-clair") + 2]
    filled = text.replace("  - recommendation: cmi:langage-clair\n    status:", "  - recommendation: cmi:langage-clair\n    status: done")
    path.write_text(filled, encoding="utf-8")
    assert record_decisions(store, load_decisions(path, catalogue, known={v.id for v in views})) == 3
    assert decisions_for(store, "essai")["cmi:langage-clair"].status == "done"
