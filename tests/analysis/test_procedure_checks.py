"""Procedure checks read from records alone: the error said in words, a title shared by different screens."""

from __future__ import annotations

from harness.analysis.procedure_checks import check_procedure
from harness.runs.record import ActionRecord, ErrorState, RunRecord
from tests.analysis.builders import field, step

SIGN_IN = [field("Identifiant Format attendu : nom@example.com", "username"), field("Mot de passe", "password")]


def _record(tmp_path, steps) -> RunRecord:
    from tests.analysis.builders import run

    return run(tmp_path, "v1", steps).record


def _sign_in_error(tmp_path, said: list[str]) -> set[str]:
    before = step(0, "Connexion", "Connexion", SIGN_IN, actions=[ActionRecord(kind="click", target="Se connecter", duration_s=0.1)])
    after = step(1, "Erreur", "Connexion", SIGN_IN).model_copy(
        update={"errors": ErrorState(groups=1, alerts=1, said=said), "navigated": True, "title": "Erreur – Connexion"})
    return {r.rule for r in check_procedure(_record(tmp_path, [before, after]))}


def test_an_alert_that_names_the_fields_says_which_are_wrong(tmp_path) -> None:
    # the DSFR's sign-in error: one alert, no message by a field, both fields named
    assert "error-by-colour-only" not in _sign_in_error(tmp_path, ["Identifiant/mot de passe incorrect"])
    assert "error-by-colour-only" in _sign_in_error(tmp_path, ["Corrigez les champs en rouge"])


def test_one_title_on_different_screens_is_said_whatever_their_headings(tmp_path) -> None:
    same = [step(i, f"Étape {i}", "texte", headings=["Création de compte"]).model_copy(
        update={"title": "Pages de création de compte", "url": f"http://h/register/{i}"}) for i in range(3)]
    found = [r for r in check_procedure(_record(tmp_path, same)) if r.rule == "title-repeated"]
    assert len(found) == 1 and found[0].steps == (0, 1, 2)
    again = [s.model_copy(update={"url": "http://h/register/0"}) for s in same]  # one screen seen three times
    assert not [r for r in check_procedure(_record(tmp_path, again)) if r.rule == "title-repeated"]
