"""Findings from hand-built runs and panels: what is found, where, for whom, with what evidence."""

from __future__ import annotations

from pathlib import Path

from harness.analysis.findings import VersionEvidence, build_findings, normalise_target
from harness.analysis.metrics import compute_metrics
from harness.runs.record import StepStatus
from harness.scenario.models import Impact
from tests.analysis.builders import css_action, field, panel, run, step, violation

PLAIN = "Étape 1 sur 3. Votre identité. Besoin d'aide ? Appelez-nous. Vous pouvez aussi faire cette demande sur papier."


def avant(tmp_path: Path):  # noqa: ANN201
    form = [field("Adresse", "adresse", marked=False), field("CP", "cp", marked=False),
            field("Adresse (correspondance)", "adresse2", marked=False), field("NIR", "nir", marked=False)]
    steps = [
        step(0, "Formulaire", "Formulaire de demande", form,
             [violation("label", "critical", ["11.1.1"], ["input[name=nir]"]), violation("color-contrast", "serious", ["3.2.1"], ["p:nth-child(3)"])],
             actions=[css_action("input[name=nir]")]),
        step(1, "Formulaire — erreur", "Erreur : le formulaire comporte des erreurs", form),
        step(2, "Confirmation", "Votre demande a été transmise"),
    ]
    mobile = [step(s.index, s.name, s.text or "", s.fields, scroll=True) for s in steps]
    return run(tmp_path, "avant", steps), run(tmp_path, "avant", mobile, "mobile")


def test_automated_findings_from_one_run(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    desktop, mobile = avant(tmp_path)
    findings = build_findings(VersionEvidence("proc", "avant", desktop, mobile, None), catalogue)
    rules = {(f.rule, f.step) for f in findings}
    assert ("label", "Formulaire") in rules and ("color-contrast", "Formulaire") in rules
    assert ("css-only", "Formulaire") in rules
    for criterion in ("ecran-introduction", "indicateur-etapes", "saisie-unique", "donnees-connues", "defilement-horizontal",
                      "ecran-verification", "aide-joignable", "alternative-non-numerique"):
        assert (criterion, None) in rules, criterion
    assert ("champs-obligatoires", None) in rules
    assert ("recapitulatif-erreurs", None) in rules  # an error state without a summary linked to fields
    label = next(f for f in findings if f.rule == "label")
    assert label.severity is Impact.CRITICAL and label.rgaa == ("11.1.1",)
    assert label.evidence[0].screenshot.endswith("01.png") and label.evidence[0].caption == "Formulaire"
    twice = next(f for f in findings if f.rule == "saisie-unique")
    assert [e.quote for e in twice.evidence if e.quote] == ["Adresse / Adresse (correspondance)"]
    held = next(f for f in findings if f.rule == "donnees-connues")
    assert float(held.params["value"]) == 1
    assert all(f.evidence for f in findings), "every finding has evidence"


def test_a_clean_version_has_no_such_findings(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    steps = [
        step(0, "Accueil", "Présentation de la démarche. " + PLAIN, headings=["Demander une carte"]),
        step(1, "Identité", PLAIN, [field("Nom de famille", "nom", described=True)]),
        step(2, "Identité — erreur", "Il y a un problème. Erreur : saisissez votre nom. " + PLAIN,
             [field("Nom de famille", "nom", described=True, invalid=True)], summary_links=1),
        step(3, "Vérifiez vos réponses", PLAIN, headings=["Vérifiez vos réponses"]),
        step(4, "Confirmation", "Votre demande a bien été envoyée"),
    ]
    desktop = run(tmp_path, "apres", steps)
    mobile = run(tmp_path, "apres", [step(s.index, s.name, s.text or "", s.fields) for s in steps], "mobile")
    findings = build_findings(VersionEvidence("proc", "apres", desktop, mobile, None), catalogue)
    assert [f.rule for f in findings if f.severity in (Impact.CRITICAL, Impact.SERIOUS)] == []


def test_a_walk_ending_before_sending_has_its_check_screen_and_no_judged_confirmation(tmp_path: Path) -> None:
    """A scenario stops on the check screen, or at its irreversible step, so as not to send a real request:
    that screen is a check before sending, and the confirmation it never saw is not judged."""
    start = step(0, "Start", "Apply for a parking permit. Step 1 of 2.", [field("Postcode", "postcode")], lang="en")
    walks = {
        "govuk": [start, step(1, "Check", "Full name Exemple Change", headings=["Check your answers"], lang="en")],
        "dsfr": [step(0, "Identité", PLAIN, [field("Nom", "nom")]),
                 step(1, "Vérification", PLAIN, headings=["Vérifiez et confirmez votre demande"])],
        "stopped": [step(0, "Identité", PLAIN, [field("Nom", "nom")]),
                    step(1, "Envoi", PLAIN).model_copy(update={"status": StepStatus.STOPPED})],
    }
    for name, steps in walks.items():
        metrics = compute_metrics(run(tmp_path, name, steps).record)
        assert metrics["confirmation_screen"].value is None, name
        assert metrics["check_answers_screen"].value == (0.0 if name == "stopped" else 1.0), name
    # Past the sending, the confirmation's "Récapitulatif" is no check before it; the confirmation is judged.
    sent = compute_metrics(run(tmp_path, "sent", [
        step(0, "Identité", PLAIN, [field("Nom", "nom")]),
        step(1, "Fin", "Votre demande a été transmise.", headings=["Demande transmise", "Récapitulatif de votre demande"]),
    ]).record)
    assert (sent["check_answers_screen"].value, sent["confirmation_screen"].value) == (0.0, 1.0)


def test_panel_findings_say_who_was_hit(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    rows = [
        ("T-1", "senior", "Formulaire", "failure", 2), ("T-2", "senior", "Formulaire", "assisted", 3),
        ("T-3", "young", "Formulaire", "success", 6), ("T-4", "disability", "Formulaire", "abandon", 1),
    ]
    data = panel("avant", rows, sus={"T-1": [2, 4] * 5, "T-2": [3] * 10},
                 observations=[("T-1", "Formulaire", "Ne voit pas les champs obligatoires", "obligatoire"),
                               ("T-2", "Formulaire", "Cherche ce qui est obligatoire", "obligatoire")])
    findings = build_findings(VersionEvidence("proc", "avant", None, None, data), catalogue)
    overall = next(f for f in findings if f.rule == "reussite" and f.step is None)
    assert (overall.testers_hit, overall.testers_total) == (3, 4)
    assert overall.segments == ("disability", "senior")
    assert overall.estimate.n == 4 and overall.severity is Impact.CRITICAL  # 1 of 4 succeeded alone
    seq = next(f for f in findings if f.rule == "seq" and f.step == "Formulaire")
    assert seq.testers_hit == 3 and seq.estimate.value == 3.0
    sus = next(f for f in findings if f.rule == "sus")
    assert sus.estimate.n == 2
    recurring = next(f for f in findings if f.source == "observation")
    assert recurring.rule == "tag:obligatoire" and recurring.testers_hit == 2
    assert [e.quote for e in recurring.evidence if e.quote] == ["Ne voit pas les champs obligatoires", "Cherche ce qui est obligatoire"]


def test_automated_findings_carry_the_panel_share_of_their_screen(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    desktop, mobile = avant(tmp_path)
    data = panel("avant", [("T-1", "senior", "Formulaire", "failure", 2), ("T-2", "young", "Formulaire", "success", 6)])
    findings = build_findings(VersionEvidence("proc", "avant", desktop, mobile, data), catalogue)
    label = next(f for f in findings if f.rule == "label")
    assert (label.testers_hit, label.testers_total, label.segments) == (1, 2, ("senior",))


def test_fingerprints_are_stable_and_ignore_volatile_selectors(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    assert normalise_target("div:nth-child(3) > #field-1234") == "div > #…"
    first = build_findings(VersionEvidence("proc", "avant", *avant(tmp_path), None), catalogue)
    again = build_findings(VersionEvidence("proc", "avant", *avant(tmp_path / "again"), None), catalogue)
    assert [f.fingerprint for f in first] == [f.fingerprint for f in again]
    assert len({f.fingerprint for f in first}) == len(first)


def test_a_waived_heuristic_is_shown_with_its_reason_and_not_counted(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    """A one-screen sign-in has no steps to announce: the scenario waives the step indicator, and says why."""
    from harness.analysis.findings import barriers

    sign_in = [step(0, "Connexion", "Connectez-vous", [field("Identifiant", "id")])]
    reason = "Connexion en un seul écran : pas d'étapes à annoncer"
    plain = build_findings(VersionEvidence("proc", "v1", run(tmp_path / "a", "v1", sign_in), None, None), catalogue)
    waived = build_findings(VersionEvidence("proc", "v1", run(tmp_path / "b", "v1", sign_in,
                                                              waivers={"indicateur-etapes": reason}), None, None), catalogue)
    assert "indicateur-etapes" in {f.rule for f in barriers(plain)}
    set_aside = [f for f in waived if f.rule == "indicateur-etapes"]
    assert set_aside and all(f.waiver == reason for f in set_aside)  # still there, with its reason
    assert "indicateur-etapes" not in {f.rule for f in barriers(waived)}
    assert {f.fingerprint for f in barriers(waived)} == {f.fingerprint for f in barriers(plain) if f.rule != "indicateur-etapes"}
