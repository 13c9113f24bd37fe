"""The plain-language rules on sentences, and how Parcours's own pages mark what they quote."""

from __future__ import annotations

import pytest

from harness.analysis.plain_language import check_text
from harness.reports.own_language import glossary, mark_quotations


def rules(text: str) -> set[str]:
    return {issue.rule for issue in check_text(text)}


@pytest.mark.parametrize("sentence", [
    "Le dossier ne sera pas instruit si le justificatif n'est pas joint.",  # two denied verbs
    "Votre demande ne sera pas traitée sans justificatif.",  # not … without: a double negative
])
def test_negations_that_deny_a_verb_twice_are_stacked(sentence: str) -> None:
    assert "negations-stacked" in rules(sentence)


@pytest.mark.parametrize("sentence", [
    "Une image sans alternative, une page sans titre, un bouton sans nom les arrêtent net.",  # "sans" listed, no verb denied
    "Il ne reste qu'un écran.",  # "ne … que" restricts, it does not deny
    "Des champs n'ont pas d'étiquette : un lecteur d'écran les annonce sans dire quoi écrire.",  # one per clause
])
def test_lists_restrictions_and_separate_clauses_are_not_stacked_negations(sentence: str) -> None:
    assert "negations-stacked" not in rules(sentence)


@pytest.mark.parametrize("text", [
    "JDMA : le questionnaire « Je donne mon avis ». Votre avis JDMA compte.",
    "CSS : le langage de mise en forme. Un sélecteur CSS.",
    "Le questionnaire de l'État (JDMA) sert à tout. Répondez au JDMA.",
])
def test_an_acronym_spelled_out_once_on_the_page_is_explained(text: str) -> None:
    assert "acronym-unexplained" not in rules(text)


def test_an_acronym_never_spelled_out_is_flagged() -> None:
    assert "acronym-unexplained" in rules("Joignez votre RIB avant de valider.")


def test_guillemets_in_text_become_quotations_and_nothing_else_is_touched() -> None:
    html = ('<title>Le « titre »</title><p title="« attribut »">Le sigle « CMI-S » sur l\'écran : '
            '« Le présent « téléservice » permet » <b>«</b> ouvert »</p><option>« choix »</option>'
            '<pre><code>&lt;p&gt;« cité »&lt;/p&gt;</code></pre>')
    assert mark_quotations(html) == (
        '<title>Le « titre »</title><p title="« attribut »">Le sigle <q>CMI-S</q> sur l\'écran : '
        '<q>Le présent <q>téléservice</q> permet</q> <b>«</b> ouvert »</p><option>« choix »</option>'
        '<pre><code>&lt;p&gt;« cité »&lt;/p&gt;</code></pre>')


def test_the_glossary_lists_the_acronyms_a_page_uses_in_its_text_only() -> None:
    html = '<style>.sus { color: red }</style><p class="WCAG">Score SUS et critères RGAA.</p>'
    assert [entry.term for entry in glossary(html, "fr")] == ["RGAA", "SUS"]
    sus = glossary(html, "en")[1]
    assert sus.original == "System Usability Scale" and "questionnaire" in sus.meaning
