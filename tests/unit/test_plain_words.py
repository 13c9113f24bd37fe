"""What people read: a procedure's name across versions, values every row shares said once, a yes/no
criterion in words, and what a session still lacks before it counts."""

from __future__ import annotations

from harness.analysis.findings import Finding
from harness.panel.live import Gap, LiveSession, gaps
from harness.reports.common import finding_title
from harness.reports.views import Table
from harness.scenario.models import Impact
from harness.text import common_name


def test_a_procedure_is_named_by_what_its_versions_titles_share() -> None:
    titles = ["Carte mobilité inclusion — stationnement (version actuelle)",
              "Carte mobilité inclusion — stationnement (version améliorée)"]
    assert common_name(titles) == "Carte mobilité inclusion — stationnement"
    assert common_name(["Demande de logement", "Demande de logement social"]) == "Demande de logement"
    assert common_name(["Inscription", "Réinscription"]) == "Inscription"  # nothing shared: the first title
    assert common_name(["Une seule version"]) == "Une seule version"


def test_a_column_every_row_repeats_is_said_once() -> None:
    publics = "Seniors, Jeunes, Personnes en situation de handicap"
    table = Table("t", "Recommandations", ["Rang", "Titre", "Publics", "Décision"],
                  [[1, "A", publics, "en attente"], [2, "B", publics, "retenue"], [3, "C", publics, "en attente"]])
    shown, once = table.said_once()
    assert shown == [0, 1, 3] and once == [("Publics", publics, "text")]
    two_rows = Table("t", "c", ["Rang", "Publics"], [[1, publics], [2, publics]])
    assert two_rows.said_once() == ([0, 1], [])  # two rows: nothing gained by saying it apart


def criterion_finding(value: str, limit: str, kind: str) -> Finding:
    return Finding(procedure="p", version="v", step=None, source="criterion", rule="alternative", severity=Impact.SERIOUS,
                   title_key="findings.criterion_min",
                   params={"label": "Une alternative non numérique est indiquée", "value": value, "limit": limit,
                           "kind": kind, "direction": "min"})


def test_a_yes_no_criterion_reads_in_words() -> None:
    assert finding_title(criterion_finding("0", "1", "binary"), "fr") == "Une alternative non numérique est indiquée : non"
    assert finding_title(criterion_finding("0", "1", "binary"), "en") == "Une alternative non numérique est indiquée: no"
    share = finding_title(criterion_finding("0.6", "0.8", "binary"), "fr")  # a share of testers stays a figure
    assert "en dessous du seuil" in share


def session(**changes: object) -> LiveSession:
    base = dict(id=1, ref="APP-0001", campaign="c", procedure="p", version="v", tester="T-001", status="draft", row_version=3,
                steps={"Accueil": {"outcome": "success"}, "Identité": {"outcome": "assisted"}},
                sus={i: 3 for i in range(1, 11)}, scores={}, observations=[], opinion={})
    return LiveSession(**{**base, **changes})  # type: ignore[arg-type]


def test_what_a_session_lacks_before_it_counts() -> None:
    screens = ["Accueil", "Identité", "Adresse"]
    assert gaps(session(), ["Accueil", "Identité"]) == []
    assert gaps(session(), screens) == [Gap("screen_missing", "Adresse")]
    refused = session(drafts={"screen:Accueil": {"outcome": "success", "help_kind": "did_it"}})
    assert Gap("screen_to_correct", "Accueil") in gaps(refused, screens)  # saved before, refused since: to correct
    assert gaps(session(sus={1: 4, 2: 2}), ["Accueil", "Identité"]) == [Gap("sus_partial", count=2)]
    assert gaps(session(sus={}, drafts={"sus": {"sus_1": "4"}}), ["Accueil", "Identité"]) == [Gap("form_to_correct", "sus")]
