"""Reports rendered from hand-built data: escaped observations, English on request, accessible."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.analysis.campaign import analyse
from harness.reports.procedure import procedure_report
from harness.reports.render import write_report
from harness.analysis.sources import CampaignSources, VersionRuns
from tests.analysis.builders import field, panel, run, step, violation

pytestmark = pytest.mark.browser


@pytest.fixture
def sources(tmp_path: Path, catalogue) -> CampaignSources:  # noqa: ANN001
    desktop = run(tmp_path, "v1", [
        step(0, "Accueil", "Bienvenue. Étape 1 sur 2."),
        step(1, "Identité", "Votre identité", [field("Nom", "nom")], [violation("label", "critical", ["11.1.1"], ["input"])]),
    ])
    data = panel("v1", [("T-1", "senior", "Identité", "failure", 2), ("T-2", "young", "Identité", "success", 6)],
                 observations=[("T-1", "Identité", "<script>alert('x')</script> ne trouve pas le champ", "champ")])
    return CampaignSources("essai", catalogue, {"proc-v1": VersionRuns(desktop.record.scenario, desktop, None)}, data, {})


def test_observation_text_is_escaped(sources: CampaignSources, tmp_path: Path) -> None:
    html, tables = write_report(procedure_report(analyse(sources), "proc-v1", "fr"), tmp_path / "out")
    text = html.read_text()
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; ne trouve pas le champ" in text
    assert {p.name for p in tables} >= {"accessibilite-rgaa.csv", "completion.csv", "constats.csv"}
    assert '<html lang="fr">' in text


def test_english_on_request(sources: CampaignSources, tmp_path: Path) -> None:
    html, _ = write_report(procedure_report(analyse(sources), "proc-v1", "en"), tmp_path / "out")
    text = html.read_text()
    assert '<html lang="en">' in text
    assert "<h1 id=\"titre\">Procedure report: Procédure</h1>" in text
    assert "Fields have no label" in text and "Success without help" in text


def test_reports_in_both_languages_from_one_process_each_speak_their_own(sources: CampaignSources, tmp_path: Path) -> None:
    """The templates' fixed words are compiled in: a French report first must not lend them to an English one."""
    for lang, heading in (("fr", "À vérifier à la main"), ("en", "To check by hand"), ("fr", "À vérifier à la main")):
        html, _ = write_report(procedure_report(analyse(sources), "proc-v1", lang), tmp_path / lang)
        assert f'<h3 id="a-verifier">{heading}</h3>' in html.read_text(), lang


def test_a_rendered_report_has_no_accessibility_violation(sources: CampaignSources, tmp_path: Path, browser_session) -> None:
    from harness.reports.render import pdf_and_audit

    html, _ = write_report(procedure_report(analyse(sources), "proc-v1", "fr"), tmp_path / "out")
    assert pdf_and_audit(html, tmp_path / "report.pdf", browser_session.browser()).violations == 0
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")


def test_an_unknown_scenario_is_a_clear_error(sources: CampaignSources) -> None:
    from harness.errors import InputError

    with pytest.raises(InputError) as caught:
        procedure_report(analyse(sources), "proc-v2", "fr")
    assert caught.value.code == "unknown_scenario_run" and caught.value.params["suggestion"] == "proc-v1"


def test_a_report_from_a_failed_run_says_so_first_and_on_each_unseen_screen(tmp_path: Path, catalogue,  # noqa: ANN001
                                                                           browser_session) -> None:  # noqa: ANN001
    from harness.runs.record import Failure, FailureKind, Outcome, StepRecord, StepStatus

    desktop = run(tmp_path, "v1", [
        step(0, "Accueil", "Bienvenue. Étape 1 sur 3."),
        step(1, "Identité", "Votre identité", [field("Nom", "nom")]),
        step(2, "Adresse", "Votre adresse"),
    ])
    failed = desktop.record.model_copy(update={
        "outcome": Outcome.FAILED,
        "failure": Failure(kind=FailureKind.HTTP_STATUS, step=1, params={"status": "500", "url": "http://h/1"}, detail="500"),
        "steps": [desktop.record.steps[0],
                  StepRecord(index=1, name="Identité", slug="identite", status=StepStatus.FAILED),
                  StepRecord(index=2, name="Adresse", slug="adresse", status=StepStatus.NOT_REACHED)],
    })
    stored = type(desktop)(failed, desktop.folder)
    sources = CampaignSources("essai", catalogue, {"proc-v1": VersionRuns(failed.scenario, stored, None)}, None, {})
    html, _ = write_report(procedure_report(analyse(sources), "proc-v1", "fr"), tmp_path / "out")
    text = html.read_text()
    first = text[: text.index('id="sommaire"')]  # before the table of contents: the first thing read
    assert "Rejeu incomplet (profil ordinateur) : il s&#39;est arrêté à l&#39;étape 2 <q>Identité</q>" in first
    assert "HTTP 500" in first
    assert text.count("Non audité : Rejeu incomplet") == 2  # Identité and Adresse were never seen
    import json

    assert json.loads((html.parent / "findings.json").read_text())["complete"] is False
    from harness.reports.own_language import describe, own_language_issues

    context = browser_session.browser().new_context()
    try:
        page = context.new_page()
        page.goto(html.resolve().as_uri())
        assert [describe(issue) for issue in own_language_issues(page)] == []  # its own words, HTTP spelled out
    finally:
        context.close()


def test_a_walk_stopped_on_its_check_screen_leaves_the_confirmation_to_a_person(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    desktop = run(tmp_path, "v1", [
        step(0, "Start", "Apply for a parking permit.", [field("Postcode", "postcode")], lang="en"),
        step(1, "Check", "Postcode SW1A 1AA Change", headings=["Check your answers"], lang="en"),
    ])
    sources = CampaignSources("essai", catalogue.localized("en"), {"proc-v1": VersionRuns(desktop.record.scenario, desktop, None)},
                              None, {})
    text = write_report(procedure_report(analyse(sources), "proc-v1", "en"), tmp_path / "out")[0].read_text()
    unjudged = text[text.index("could not judge"):text.index('id="couverture"')]
    assert "<li>A screen confirms the sending and gives a reference</li>" in unjudged
    assert "confirms the sending and gives a reference: 0" not in text
    assert "check their answers before sending: 0" not in text and "check their answers" not in unjudged
