"""Language: French heuristics judge French screens, English ones English screens, and no others."""

from __future__ import annotations

from pathlib import Path

from harness.analysis.findings import VersionEvidence, build_findings
from harness.analysis.language import lang_mismatch, page_language, text_language
from harness.analysis.metrics import compute_metrics
from harness.analysis.procedure_checks import check_procedure
from harness.analysis.readability import reading_ease
from tests.analysis.builders import field, run, step

FRENCH = ("Étape 1 sur 3. Vous devez indiquer votre adresse pour que nous puissions vous envoyer la carte. "
          "Si vous avez une question, vous pouvez nous contacter par téléphone ou venir au guichet de la mairie. "
          "Le formulaire est aussi disponible sur papier dans les locaux de la MDPH, avec une aide pour le remplir.")
ENGLISH = ("Step 1 of 3. You need to give your address so that we can send you the permit. If you have a question, "
           "contact us by phone or come to the counter. The form is also available by post, and you can get help "
           "to fill it in. It will take about 10 minutes and you can save your answers and come back later.")
GERMAN = ("Schritt 1 von 3. Geben Sie Ihre Adresse an, damit wir Ihnen den Ausweis schicken können. Bei Fragen "
          "rufen Sie uns an oder kommen Sie an den Schalter. Das Formular gibt es auch auf Papier im Rathaus.")


def test_the_words_tell_the_language_and_the_attribute_only_when_they_cannot() -> None:
    assert (text_language(FRENCH), text_language(ENGLISH), text_language(GERMAN)) == ("fr", "en", None)
    assert page_language(step(0, "A", ENGLISH, lang="fr")) == "en"
    assert page_language(step(0, "A", "Nom", lang="en-GB")) == "en"  # too few words: the declaration
    assert page_language(step(0, "A", GERMAN, lang="de")) is None  # not assessed
    assert lang_mismatch(step(0, "A", ENGLISH, lang="fr")) == ("fr", "en")
    assert lang_mismatch(step(0, "A", FRENCH, lang="fr-FR")) is None


def test_each_language_is_read_with_its_own_formula() -> None:
    easy_en = "We can help. Call us. It is free."
    hard_en = ("Notwithstanding the aforementioned administrative considerations, applicants' eligibility "
               "determinations necessitate comprehensive documentation substantiating residential circumstances.")
    assert reading_ease(easy_en, "en") > 80 > 0 > reading_ease(hard_en, "en")
    assert reading_ease(FRENCH, "fr") is not None and reading_ease(GERMAN, "de") is None


def screens(text: str, lang: str | None) -> list:
    form = [field("Postcode", "postcode")]
    return [step(0, "Start", text, lang=lang), step(1, "Address", text, form, lang=lang),
            step(2, "Done", "Application complete. Your reference number is HDJ2123F." if lang == "en" else text, lang=lang)]


def test_an_english_procedure_is_judged_in_english_and_another_language_not_at_all(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    english = compute_metrics(run(tmp_path, "en", screens(ENGLISH, "en")).record)
    assert english["step_indicator"].value == 1.0 and english["help_reachable"].value == 1.0
    assert english["non_digital_alternative"].value == 1.0 and english["confirmation_screen"].value == 1.0
    german = compute_metrics(run(tmp_path, "de", screens(GERMAN, "de")).record)
    for metric in ("step_indicator", "help_reachable", "non_digital_alternative", "readability", "confirmation_screen"):
        assert german[metric].value is None, metric  # "not assessed", never a failure
    found = {f.rule for f in build_findings(VersionEvidence("p", "de", run(tmp_path, "de2", screens(GERMAN, "de")), None, None), catalogue)}
    assert not found & {"indicateur-etapes", "aide-joignable", "alternative-non-numerique", "lisibilite", "ecran-confirmation"}


def test_a_page_declared_in_one_language_and_written_in_another_is_a_finding(tmp_path: Path) -> None:
    record = run(tmp_path, "x", [step(0, "Start", ENGLISH, lang="fr")]).record
    (result,) = [r for r in check_procedure(record) if r.rule == "lang-mismatch"]
    assert result.params == {"declared": "fr", "spoken": "en"} and result.check.wcag == ("3.1.1",)
