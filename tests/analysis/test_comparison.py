"""Before and after from hand-built runs: a barrier counts as fixed only on evidence."""

from __future__ import annotations

from pathlib import Path

from harness.analysis.comparison import compare_versions, match_screens
from harness.analysis.findings import Finding, VersionEvidence
from harness.runs.record import Outcome, StepRecord, StepStatus
from harness.scenario.models import Impact
from tests.analysis.builders import element, panel, run, step, violation

LOGO = "banner › a > img"
NAME_FIELD = "main › Vos informations › form > input"


def before_runs(tmp_path: Path):  # noqa: ANN201
    steps = [
        step(0, "Accueil", "Bienvenue", headings=["Demande de carte"],
             violations=[violation("image-alt", "critical", ["1.1.1"], ["img"], [element("img", None, LOGO)])]),
        step(1, "Formulaire", "Vos informations", headings=["Vos informations"], violations=[
            violation("label", "critical", ["11.1.1"], ["#nom"], [element("textbox", None, NAME_FIELD, "text")]),
            violation("color-contrast", "serious", ["3.2.1"], ["button"], [element("button", "Envoyer", "main › form > button")]),
        ]),
        step(2, "Pièces", "Vos pièces", headings=["Vos pièces"],
             violations=[violation("link-name", "serious", ["6.2.1"], ["a.aide"], [element("link", None, "main › Vos pièces › a.aide")])]),
    ]
    return run(tmp_path, "avant", steps)


def after_runs(tmp_path: Path, names: tuple[str, str, str] = ("Accueil", "Identité", "Justificatif"),
               replaces: dict[str, list[str]] | None = None, outcome: Outcome = Outcome.PASSED):  # noqa: ANN201
    inventory = [
        [element("img", "Ville de Sainte-Claire", LOGO)],
        [element("textbox", "Nom de famille", "main › Votre identité › form > div > input", "text"),
         element("button", "Envoyer", "main › form > button")],
        [element("button", "Ajouter un fichier", "main › Votre justificatif › form > input", "file")],
    ]
    headings = (["Demande de carte"], ["Votre identité"], ["Votre justificatif"])
    steps = [step(i, n, "texte", headings=h, inventory=inv) for i, (n, h, inv) in enumerate(zip(names, headings, inventory))]
    if outcome is not Outcome.PASSED:  # the replay stopped before its last screen
        steps[-1] = StepRecord(index=2, name=names[2], slug="x", status=StepStatus.NOT_REACHED)
    return run(tmp_path, "apres", steps, replaces=replaces, outcome=outcome)


def compared(tmp_path: Path, catalogue, **after):  # noqa: ANN001, ANN003, ANN201
    before = VersionEvidence("proc", "avant", before_runs(tmp_path / "b"), None, None)
    later = VersionEvidence("proc", "apres", after_runs(tmp_path / "a", **after), None, None)
    return compare_versions(before, later, catalogue)


def fates(comparison) -> dict[str, tuple[str, str | None]]:  # noqa: ANN001
    return {c.finding.rule: (c.status, c.how) for c in comparison.changes if c.finding.source == "accessibility"}


def test_a_barrier_is_fixed_only_when_its_element_is_mended_or_gone_from_a_matching_screen(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    comparison = compared(tmp_path, catalogue, replaces={"Identité": ["Formulaire"]})
    assert comparison.screens.pairs == {"Accueil": ("Accueil",), "Formulaire": ("Identité",), "Pièces": ()}
    assert comparison.screens.unmatched_after == ("Justificatif",)
    assert fates(comparison) == {
        "image-alt": ("fixed", "mended"),  # the logo is where it was, named now
        "color-contrast": ("fixed", "mended"),  # the same button, anywhere in the later version
        "label": ("fixed", "gone"),  # the unnamed field is not on the screen that replaces its own
        "link-name": ("redesigned", None),  # nothing stands for "Pièces": never counted as fixed
    }
    mended = next(c for c in comparison.changes if c.finding.rule == "image-alt")
    assert mended.after[0].box == (10, 10, 100, 20) and mended.after[0].caption == "Accueil"  # the element, outlined after
    redesigned = next(c for c in comparison.changes if c.status == "redesigned")
    assert [e.caption for e in redesigned.after] == ["Justificatif"]  # shown beside the new screens
    assert comparison.counts["redesigned"] == 1 and comparison.counts["new"] == 0


def test_without_replaces_a_screen_split_in_two_is_not_matched(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    assert fates(compared(tmp_path, catalogue))["label"] == ("redesigned", None)


def test_screens_renamed_but_showing_the_same_page_are_matched(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    before = before_runs(tmp_path / "b").record.steps
    renamed = [s.model_copy(update={"name": f"Écran {s.index}"}) for s in before]
    matches = match_screens(before, renamed, {})
    assert matches.pairs == {s.name: (f"Écran {s.index}",) for s in before}
    assert match_screens(before, renamed, {"Écran 1": ["Formulair"]}).unknown_replaces == (("Écran 1", "Formulair"),)


def test_an_incomplete_later_replay_fixes_nothing(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    comparison = compared(tmp_path, catalogue, replaces={"Identité": ["Formulaire"]}, outcome=Outcome.STOPPED)
    assert not comparison.after_state.complete
    assert {status for status, _ in fates(comparison).values()} == {"unverified"}
    assert comparison.counts["fixed"] == 0


def test_a_panel_finding_is_unverified_when_the_later_version_has_no_sessions(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    rows = [(f"T{i}", "senior", "Formulaire", "abandon" if i < 3 else "success", 2) for i in range(5)]
    before = VersionEvidence("proc", "avant", before_runs(tmp_path / "b"), None, panel("avant", rows))
    later = VersionEvidence("proc", "apres", after_runs(tmp_path / "a"), None, None)
    comparison = compare_versions(before, later, catalogue)
    panel_fates = {(c.status, c.how) for c in comparison.changes if c.finding.source == "panel"}
    assert panel_fates == {("unverified", "no_panel")}


def fc_finding(version: str) -> Finding:
    return Finding(procedure="proc", version=version, step=None, source="criterion", rule="donnees-connues",
                   severity=Impact.SERIOUS, title_key="x")


def test_a_practice_that_shows_on_screen_is_verified_only_where_it_shows(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    from harness.analysis.comparison import Change, verify
    from harness.analysis.recommendations import recommend

    recommendations, _ = recommend([fc_finding("avant")], catalogue)
    assert {r.practice.id for r in recommendations} == {"franceconnect", "dites-le-nous-une-fois"}
    changes = [Change(fc_finding("avant"), "fixed", "procedure")]
    plain = VersionEvidence("proc", "apres", after_runs(tmp_path / "a"), None, None)
    checks = verify(recommendations, changes, [], plain, catalogue)
    assert checks["proc:dites-le-nous-une-fois"].verified
    assert not checks["proc:franceconnect"].verified and checks["proc:franceconnect"].reason == "sign_missing"
    steps = [step(0, "Accueil", "x", inventory=[element("button", "S'identifier avec FranceConnect", "main › button")])]
    offered = VersionEvidence("proc", "apres", run(tmp_path / "fc", "apres", steps), None, None)
    check = verify(recommendations, changes, [], offered, catalogue)["proc:franceconnect"]
    assert check.verified and check.sign == 'button "S\'identifier avec FranceConnect"'
    still = verify(recommendations, [Change(fc_finding("avant"), "still")], [fc_finding("apres")], offered, catalogue)
    assert not still["proc:franceconnect"].verified and still["proc:franceconnect"].reason == "remaining"


def test_a_recommendation_with_a_new_barrier_of_its_practice_is_not_verified(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    comparison = compared(tmp_path, catalogue, replaces={"Identité": ["Formulaire"]})
    verification = comparison.verification
    assert verification["proc:etiquettes-visibles"].verified  # the label barrier is gone, none new
    from harness.analysis.comparison import verify

    new_label = Finding(procedure="proc", version="apres", step="Identité", source="accessibility", rule="label",
                        severity=Impact.CRITICAL, title_key="x", target="other", element=element("textbox", None, "main › x", "text"))
    again = verify(comparison.recommendations, comparison.changes, [new_label], comparison.after, catalogue)
    assert again["proc:etiquettes-visibles"].reason == "new" and not again["proc:etiquettes-visibles"].verified


def test_a_screens_measure_is_still_fixed_or_new_on_the_screen_that_takes_its_place(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    """Fields per screen (max 5): still over it on a redesigned screen with a new heading (still, not fixed
    and new), under it on another (fixed), over it on a screen of its own (new)."""
    from tests.analysis.builders import field

    def fields(count: int, prefix: str) -> list:
        return [field(f"{prefix} {i}", f"{prefix}{i}") for i in range(count)]

    before = run(tmp_path / "b", "avant", [
        step(0, "Accueil", "Bienvenue", headings=["Demande de carte"]),
        step(1, "Formulaire", "Vos informations", fields(12, "info"), headings=["Vos informations"]),
        step(2, "Pièces", "Vos pièces", fields(9, "piece"), headings=["Vos pièces"]),
    ])
    after = run(tmp_path / "a", "apres", [
        step(0, "Accueil", "Bienvenue", headings=["Demande de carte"]),
        step(1, "Identité", "Votre identité", fields(8, "id"), headings=["Votre identité"]),
        step(2, "Justificatif", "Votre justificatif", fields(2, "piece"), headings=["Votre justificatif"]),
        step(3, "Coordonnées", "Vos coordonnées", fields(7, "coord"), headings=["Vos coordonnées"]),
    ], replaces={"Identité": ["Formulaire"], "Justificatif": ["Pièces"]})
    comparison = compare_versions(VersionEvidence("proc", "avant", before, None, None),
                                  VersionEvidence("proc", "apres", after, None, None), catalogue)
    per_screen = {(c.finding.step, c.status): c for c in comparison.changes if c.finding.rule == "une-thematique"}
    assert set(per_screen) == {("Formulaire", "still"), ("Pièces", "fixed"), ("Coordonnées", "new")}
    still = per_screen[("Formulaire", "still")]
    assert still.later is not None and still.later.step == "Identité" and still.later.params["value"] == "8.0"
