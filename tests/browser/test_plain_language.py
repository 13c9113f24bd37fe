"""Plain-language checks on a real French screen of administrative jargon and on its rewritten
version, in DSFR markup; an English screen is left alone."""

from __future__ import annotations

import pytest

from harness.analysis.procedure_checks import check_procedure

pytestmark = pytest.mark.browser

HEADER = '<header role="banner"><p class="fr-header__service-title">Mairie de Trifouillis (démonstration)</p></header>'

JARGON = f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Demande d'inscription – Mairie</title></head>
<body>{HEADER}<main id="contenu" class="fr-container">
<h1>Demande d'inscription à la cantine</h1>
<p>Le présent téléservice permet au demandeur de solliciter l'inscription de son ou ses enfant(s) au service de
restauration scolaire, sous réserve de la complétude du dossier et de la production des pièces justificatives
afférentes, conformément au règlement intérieur susvisé adopté par délibération du conseil municipal.</p>
<p>Le dossier ne sera pas instruit si le QF n'est pas communiqué sans justificatif de la CAF.</p>
<p>Les PJ doivent être transmises à compter de la date d'ouverture du service.</p>
<a class="fr-btn" href="#">Commencer</a>
</main></body></html>"""

CLEAR = f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Inscrire un enfant à la cantine – Mairie</title></head>
<body>{HEADER}<main id="contenu" class="fr-container">
<h1>Inscrire un enfant à la cantine</h1>
<p>Vous pouvez inscrire vos enfants à la cantine de l'école.</p>
<p>Pour calculer le prix du repas, nous avons besoin de votre quotient familial (QF). Vous le trouvez sur votre
attestation de la Caisse d'allocations familiales (CAF).</p>
<p>Préparez aussi une facture récente à votre adresse. Vous pourrez envoyer ces documents à partir du 1er juin.</p>
<a class="fr-btn" href="#">Commencer</a>
</main></body></html>"""

ENGLISH = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Apply for school meals</title></head>
<body><main id="content"><h1>Apply for school meals</h1>
<p>Notwithstanding the aforementioned provisions, the applicant shall, where applicable and subject to the production of
the relevant supporting documents, submit the application within the prescribed period, as set out in the HMRC guidance.</p>
</main></body></html>"""


def one_screen(replay, site, body: str, name: str):  # noqa: ANN001, ANN201
    prefix = site.add({"/": body})
    record, _ = replay(f"""
        id: {name}
        title: Cantine
        procedure: cantine
        version: {name}
        start_url: {prefix}/
        steps:
          - name: Présentation
        """, site.url)
    assert record.outcome.value == "passed"
    return {(r.rule, r.element) for r in check_procedure(record)}


def test_a_screen_of_administrative_jargon_is_flagged_with_its_sentences(replay, site) -> None:
    found = one_screen(replay, site, JARGON, "jargon")
    rules = {rule for rule, _ in found}
    assert rules >= {"sentence-too-long", "acronym-unexplained", "admin-jargon", "negations-stacked", "plural-parenthesis"}
    long = next(element for rule, element in found if rule == "sentence-too-long")
    assert long.startswith("Le présent téléservice permet au demandeur")  # the sentence, quoted
    acronyms = {element.split(" — ")[0] for rule, element in found if rule == "acronym-unexplained"}
    assert acronyms == {"QF", "CAF", "PJ"}
    terms = {element.split(" — ")[0].lower() for rule, element in found if rule == "admin-jargon"}
    assert {"téléservice", "demandeur", "sous réserve de", "pièces justificatives", "afférentes", "susvisé",
            "conformément au", "à compter de"} <= terms
    negations = next(element for rule, element in found if rule == "negations-stacked")
    assert negations.startswith("Le dossier ne sera pas instruit")


def test_its_rewritten_version_passes_and_an_english_screen_is_not_judged_by_french_guidance(replay, site) -> None:
    assert {rule for rule, _ in one_screen(replay, site, CLEAR, "clair")} & {
        "sentence-too-long", "acronym-unexplained", "admin-jargon", "negations-stacked", "plural-parenthesis"} == set()
    assert not {rule for rule, _ in one_screen(replay, site, ENGLISH, "anglais")} & {
        "sentence-too-long", "acronym-unexplained", "admin-jargon"}
