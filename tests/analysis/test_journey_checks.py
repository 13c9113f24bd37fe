"""WCAG 2.2's journey checks on hand-built records: what each one takes for the same information, the same
help, a time limit; the Observatoire's page-load indicator and colour bands. The browser tests
(tests/browser/test_journey_checks.py) show the same on DSFR and GOV.UK markup."""

from __future__ import annotations

import math

import pytest

from harness.analysis.observatoire import Indicator, load_indicators
from harness.analysis.procedure_checks import check_procedure, info_kind
from harness.analysis.stats import Estimate
from harness.runs.record import ActionRecord, FormField, HelpFacts, JourneyFacts, TimeLimit, value_hash
from tests.analysis.builders import run, step


def typed(label: str, name: str, autocomplete: str | None = None, kind: str = "text") -> FormField:
    return FormField(tag="input", type=kind, name=name, accessible_name=label, has_label=True, required=True,
                     required_marked=True, autocomplete=autocomplete, invalid=False)


def filled(name: str, value: str) -> ActionRecord:
    return ActionRecord(kind="fill", target=f"label {name}", duration_s=0.1, field=name, value_hash=value_hash(value))


def _rules(record) -> list[tuple[str, str]]:
    return [(r.rule, r.element) for r in check_procedure(record)
            if r.rule in ("redundant-entry", "help-inconsistent", "help-missing", "time-limit-no-warning",
                          "time-limit-not-extendable")]


def test_information_given_once_and_asked_again_later_is_redundant_unless_offered_filled_or_fillable(tmp_path) -> None:
    first = step(0, "Coordonnées", "Vos coordonnées", fields=[typed("Adresse électronique", "email", "email")],
                 actions=[filled("email", "camille.exemple@example.org")])
    again = typed("Courriel de contact", "contact")
    asked = step(1, "Contact", "Qui contacter ?", fields=[again])
    record = run(tmp_path, "v1", [first, asked]).record
    assert _rules(record) == [("redundant-entry", "Courriel de contact")]
    # filled in already, offered as a choice, or fillable by the browser: not redundant
    prefilled = asked.model_copy(update={"field_values": {"contact": value_hash("camille.exemple@example.org")}})
    offered = asked.model_copy(update={"fields": [again, typed("Utiliser la même adresse", "same", kind="checkbox")]})
    fillable = asked.model_copy(update={"fields": [typed("Courriel de contact", "contact", "email")]})
    for later in (prefilled, offered, fillable):
        assert _rules(run(tmp_path, "v2", [first, later]).record) == []
    # never given (only shown), or a password asked twice: not redundant either
    shown = first.model_copy(update={"actions": []})
    assert _rules(run(tmp_path, "v3", [shown, asked]).record) == []
    assert info_kind(typed("Confirmez le mot de passe", "p2", kind="password")) == (None, False)


def test_the_same_help_in_another_part_of_the_page_is_inconsistent_and_missing_help_is_advice(tmp_path) -> None:
    def screen(i: int, part: str | None):
        helps = [HelpFacts(kind="link", name="Aide", part=part)] if part else []
        return step(i, f"Écran {i}", "Question", lang="fr").model_copy(update={"journey": JourneyFacts(help=helps)})

    same = run(tmp_path, "same", [screen(0, "header"), screen(1, "header"), screen(2, "header")]).record
    assert _rules(same) == []
    moved = run(tmp_path, "moved", [screen(0, "header"), screen(1, "footer"), screen(2, "header")]).record
    assert _rules(moved) == [("help-inconsistent", "Aide")]
    missing = run(tmp_path, "missing", [screen(0, "header"), screen(1, None), screen(2, "header")]).record
    assert _rules(missing) == [("help-missing", "")]
    result = next(r for r in check_procedure(missing) if r.rule == "help-missing")
    assert result.steps == (1,) and not result.check.claims_failure  # advice: WCAG asks only where help repeats


@pytest.mark.parametrize(("limit", "expected"), [
    (TimeLimit(after_s=600, acts="leaves", text="/expiree"), "time-limit-no-warning"),
    (TimeLimit(after_s=600, acts="expires", text="Session expirée"), "time-limit-no-warning"),
    (TimeLimit(after_s=480, acts="warns", text="Votre session va expirer", extend=True, leaves_after_s=10), "time-limit-no-warning"),
    (TimeLimit(after_s=480, acts="warns", text="Votre session va expirer", extend=False, leaves_after_s=120), "time-limit-not-extendable"),
    (TimeLimit(after_s=480, acts="warns", text="Votre session va expirer", extend=True, leaves_after_s=120), None),
])
def test_a_time_limit_fails_without_a_warning_that_leaves_20_seconds_and_a_way_to_stay(tmp_path, limit, expected) -> None:
    screen = step(0, "Demande", "Votre demande").model_copy(update={"journey": JourneyFacts(time_limit=limit)})
    found = [rule for rule, _ in _rules(run(tmp_path, "t", [screen]).record)]
    assert found == ([expected] if expected else [])


def test_page_load_is_judged_on_the_observatoire_thresholds_and_marks_get_its_colours() -> None:
    sheet = {i.id: i for i in load_indicators({"desktop": [120, 300, 350], "rural": [900, 2400, 3100], "mobile": [50]})}
    assert set(sheet) == {"chargement_desktop", "chargement_rural"}  # the Observatoire's two: desktop and rural
    assert sheet["chargement_desktop"].estimate.value == 300 and sheet["chargement_desktop"].status == "load_good"
    assert sheet["chargement_rural"].status == "load_weak" and sheet["chargement_rural"].band == "red"
    assert load_indicators({"desktop": [500]})[0].status == "load_partial"
    assert load_indicators({"desktop": [800]})[0].band == "orange" and load_indicators({"desktop": [801]})[0].band == "red"

    def mark(value: float) -> str | None:
        return Indicator("satisfaction", "mark", Estimate(value, math.nan, math.nan, 10), 8.0, "uncertain").band

    assert [mark(4.9), mark(5.0), mark(7.9), mark(8.0)] == ["red", "orange", "orange", "green"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_journey_finding_reads_in_both_languages_with_its_parameters(lang) -> None:
    from harness.analysis.procedure_checks import CheckResult
    from harness.i18n import t

    said = {"name": "Aide", "parts": "header (2), footer (1)", "count": "1", "total": "3", "field": "Courriel",
            "first": "Adresse électronique", "screen": "Coordonnées", "text": "Recopiez les caractères",
            "by": "div.bandeau", "minutes": "10", "said": "Votre session va expirer"}
    cases = [("redundant-entry", ""), ("help-inconsistent", ""), ("help-missing", ""), ("auth-paste-blocked", ""),
             ("auth-password-manager-off", ""), ("auth-test-to-check", ""), ("focus-obscured", ""),
             ("time-limit-not-extendable", "")]
    cases += [("auth-cognitive-test", v) for v in ("characters", "puzzle")]
    cases += [("dragging-to-check", v) for v in ("draggable", "slider", "sortable")]
    cases += [("time-limit-no-warning", v) for v in ("leaves", "expires", "warns")]
    cases += [("not-announced-up-front", v) for v in ("steps", "duration", "documents")]
    for rule, variant in cases:
        text = t(CheckResult(rule, (0,), "", {}, variant=variant).title_key, lang, **said)
        assert text and "{" not in text, (rule, variant, text)
    assert "6" in t("checks.auth-code-split", lang, field="Code", parts="6")
