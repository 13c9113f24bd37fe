"""The scenario loader: valid files become models; each bad file gives its own error at its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness.errors import InputError, InputErrors, ParcoursError, render_error
from harness.scenario.loader import discover, load_all, load_scenario
from harness.scenario.models import Fill, LocatorKind, Upload

BAD = Path(__file__).parent / "bad_scenarios"
DEMO = Path(__file__).parents[2] / "harness" / "demo" / "scenarios"
DECLARED = re.compile(r"^# error: (\d+) (\w+)(?: -> (\S+))?$")


def first_error(path: Path) -> InputError:
    with pytest.raises(ParcoursError) as caught:
        load_scenario(path)
    error = caught.value
    errors = error.errors if isinstance(error, InputErrors) else [error]
    assert errors, f"{path.name}: an error with nothing in it"
    return errors[0]  # type: ignore[return-value]


@pytest.mark.parametrize("path", sorted(discover([BAD])), ids=lambda p: p.stem)
def test_each_bad_scenario_gives_its_declared_error(path: Path) -> None:
    line, code, suggestion = DECLARED.match(path.read_text().splitlines()[0]).groups()  # type: ignore[union-attr]
    error = first_error(path)
    assert (error.code, error.location.line) == (code, int(line))  # type: ignore[union-attr]
    assert error.location.excerpt == path.read_text().splitlines()[int(line) - 1].replace("\x00", "␀")  # type: ignore[union-attr]
    if suggestion:
        assert error.params["suggestion"] == suggestion
        assert error.hint == "did_you_mean"
    text = render_error(error, "fr")
    assert text.startswith(f"{path}:{line}: ")


def test_rendered_error_quotes_the_line_and_hints_in_both_languages() -> None:
    error = first_error(BAD / "unknown_action.yaml")
    assert render_error(error, "fr").splitlines() == [
        f"{BAD / 'unknown_action.yaml'}:10: action inconnue « clik »",
        "    10 |       - clik: {role: button, name: Continuer}",
        "  →  vouliez-vous dire « click » ?",
    ]
    assert render_error(error, "en").splitlines()[0].endswith("unknown action 'clik'")
    assert render_error(error, "en").splitlines()[-1] == "  →  did you mean 'click'?"


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(
        "id: essai\ntitle: Essai\nprocedure: essai\nversion: v1\nstart_url: /\nstepz: 1\n"
        "steps:\n  - name: A\n    actions:\n      - clik: {text: x}\n      - fill: {label: Nom}\n"
    )
    with pytest.raises(InputErrors) as caught:
        load_scenario(path)
    found = sorted((e.location.line, e.code) for e in caught.value.errors)  # type: ignore[union-attr]
    assert found == [(6, "unknown_key"), (10, "unknown_action"), (11, "missing_key")]


def test_demo_scenarios_load_with_their_persona_filled_in() -> None:
    loaded = load_scenario(DEMO / "cmi-stationnement-apres.yaml")
    scenario = loaded.scenario
    assert scenario.version == "après" and scenario.procedure == "cmi-stationnement"
    fills = [a.fill for s in scenario.steps for a in s.actions if isinstance(a, Fill)]
    assert fills[0].label == "Nom de famille" and fills[0].value == "Exemple"
    uploads = [a.upload for s in scenario.steps for a in s.actions if isinstance(a, Upload)]
    assert loaded.upload_path(uploads[0].file).read_bytes().startswith(b"%PDF")
    assert [s.slug for s in scenario.steps][2] == "identite-erreur"
    assert scenario.steps[5].irreversible


def test_locator_strategies_follow_perception_order() -> None:
    path = BAD.parent / "bad_scenarios" / "personas.yaml"
    assert path.exists()
    from harness.scenario.models import Locator

    locator = Locator(css="#nom", label="Nom", role="textbox", name="Nom")
    assert [k for k, _ in locator.strategies()] == [LocatorKind.ROLE, LocatorKind.LABEL, LocatorKind.CSS]
    assert locator.describe() == 'textbox "Nom" | label "Nom" | css "#nom"'


def test_load_all_keeps_good_files_and_reports_bad_ones_and_duplicate_ids(tmp_path: Path) -> None:
    good = (DEMO / "cmi-stationnement-apres.yaml").read_text()
    (tmp_path / "personas.yaml").write_text((DEMO / "personas.yaml").read_text())
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "justificatif.pdf").write_bytes(b"%PDF-1.4 fake")
    (tmp_path / "a.yaml").write_text(good)
    (tmp_path / "b.yaml").write_text(good)  # same id
    (tmp_path / "c.yaml").write_text("id: [")
    (tmp_path / "_draft.yaml").write_text("not: collected")
    loaded, problems = load_all([tmp_path])
    assert [one.path.name for one in loaded] == ["a.yaml"]
    assert sorted(p.code for p in problems) == ["duplicate_id", "yaml_syntax"]


def test_a_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        discover([tmp_path / "nope"])
    assert caught.value.code == "file_not_found"


@pytest.mark.parametrize("path", sorted(discover([BAD])), ids=lambda p: p.stem)
def test_every_check_error_has_a_hint(path: Path) -> None:
    assert first_error(path).hint is not None


def test_an_alias_bomb_is_refused_at_once_without_growing_memory() -> None:
    import time
    import tracemalloc

    tracemalloc.start()
    started = time.monotonic()
    error = first_error(BAD / "alias_bomb.yaml")
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert error.code == "yaml_too_large"
    print(f"alias bomb refused in {elapsed * 1000:.0f} ms, peak {peak / 1e6:.1f} MB")
    assert elapsed < 2 and peak < 20_000_000  # bounds for a hang or a blow-up, not a benchmark


def test_step_names_in_other_scripts_are_duplicates_only_when_the_same_text(tmp_path: Path) -> None:
    def scenario(names: list[str]) -> Path:
        path = tmp_path / "s.yaml"
        steps = "".join(f"  - name: {n}\n" for n in names)
        path.write_text(f"id: s\ntitle: S\nprocedure: s\nversion: v1\nstart_url: /\nsteps:\n{steps}", encoding="utf-8")
        return path

    loaded = load_scenario(scenario(["الهوية", "العنوان", "确认"]))
    assert [s.slug for s in loaded.scenario.steps] == ["step", "step", "step"]  # same slug, different screens
    assert first_error(scenario(["الهوية", "العنوان", "الهوية"])).code == "duplicate_step"
