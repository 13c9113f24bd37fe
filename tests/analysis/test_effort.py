"""Counts that do not double: fields once per procedure, reading ease on running text only."""

from __future__ import annotations

from pathlib import Path

from harness.analysis.effort import run_figures
from harness.analysis.metrics import compute_metrics
from harness.analysis.readability import MIN_WORDS, screen_reading_ease
from harness.runs.record import FormField
from tests.analysis.builders import field, run, step

PLAIN = ("Vous pouvez demander la carte en ligne. Il faut un justificatif de domicile. "
         "Nous vous répondons en deux semaines. Si vous avez une question, appelez la mairie. "
         "Vous pouvez aussi venir au guichet avec vos papiers.")
RECAP = "Numéro d'identification fiscale de référence Caractéristiques administratives complémentaires"


def radio(value: str) -> FormField:
    return FormField(tag="input", type="radio", name="civilite", accessible_name=value, has_label=True, required=True,
                     required_marked=True, autocomplete=None, invalid=False)


def test_an_error_screen_repeating_the_form_adds_no_field(tmp_path: Path) -> None:
    form = [field("Nom", "nom"), field("Prénom", "prenom", required=False), radio("Madame"), radio("Monsieur")]
    walk = [step(0, "Formulaire", "x", form), step(1, "Formulaire — erreur", "x", [*form[:2], field("Nom", "nom", invalid=True), *form[2:]]),
            step(2, "Adresse", "x", [field("Commune", "commune")])]
    figures = run_figures(run(tmp_path, "v1", walk).record)
    assert figures["fields"] == 4  # nom, prénom, one question of two radio buttons, commune
    assert figures["required_fields"] == 3


def test_reading_ease_is_measured_on_running_text_not_labels_or_tables(tmp_path: Path) -> None:
    recap = step(0, "Récapitulatif", PLAIN + " " + RECAP * 3).model_copy(update={"prose": PLAIN})
    assert screen_reading_ease(recap, "fr") == screen_reading_ease(recap.model_copy(update={"text": PLAIN}), "fr")
    assert screen_reading_ease(recap, "fr") > 60  # plain: the recap table's long words do not count
    assert screen_reading_ease(recap.model_copy(update={"prose": None}), "fr") < 30  # as the whole text would say
    short = recap.model_copy(update={"prose": "Vérifiez vos réponses."})
    assert len(short.prose.split()) < MIN_WORDS and screen_reading_ease(short, "fr") is None  # too little to judge
    metrics = compute_metrics(run(tmp_path, "v1", [recap, step(1, "Fin", "x").model_copy(update={"prose": ""})]).record)
    assert set(metrics["readability"].per_step) == {0}
