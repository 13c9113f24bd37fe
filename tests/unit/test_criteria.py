"""The shipped grid and catalogue load and cover the roadmap; broken copies name file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harness.checking import check_paths
from harness.criteria.loader import load_catalogue
from harness.criteria.models import Mode, Stage, Theme
from harness.errors import InputErrors, render_error
from tests.conftest import CRITERIA


def test_the_shipped_grid_covers_every_theme_and_stage() -> None:
    catalogue = load_catalogue(CRITERIA)
    assert {c.theme for c in catalogue.criteria} == set(Theme)
    assert {p.stage for p in catalogue.practices} == set(Stage)
    assert len(catalogue.practices) >= 20
    assert {c.mode for c in catalogue.criteria} == set(Mode)
    for criterion in catalogue.criteria:
        assert criterion.sources, criterion.id
    ids = {c.id for c in catalogue.criteria}
    assert {"comprehension-objet", "seq", "sus", "satisfaction", "reussite", "lisibilite", "defilement-horizontal"} <= ids
    assert catalogue.criterion("nombre-etapes").threshold.max == 8
    assert catalogue.criterion("seq").scale.max == 7


def test_every_practice_answers_a_criterion_and_back() -> None:
    catalogue = load_catalogue(CRITERIA)
    answered = {c for p in catalogue.practices for c in p.criteria}
    pointed = {p for c in catalogue.criteria for p in c.practices}
    assert answered == {c.id for c in catalogue.criteria}
    assert pointed == {p.id for p in catalogue.practices} - {"eligibilite-avant"}


def broken(tmp_path: Path, name: str, old: str, new: str) -> Path:
    folder = tmp_path / "criteria"
    shutil.copytree(CRITERIA, folder)
    path = folder / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return folder


@pytest.mark.parametrize(
    ("name", "old", "new", "code", "suggestion"),
    [
        ("criteria.yaml", "practices: [page-de-demarrage, langage-clair]", "practices: [page-de-demarage, langage-clair]", "unknown_practice", "page-de-demarrage"),
        ("practices.yaml", "criteria: [comprehension-objet, ecran-introduction]", "criteria: [comprehension-objet, ecran-intro]", "unknown_criterion", "ecran-introduction"),
        ("criteria.yaml", "metric: intro_screen", "metric: intro_screne", "unknown_metric", "intro_screen"),
        ("criteria.yaml", "    theme: understanding\n    mode: panel", "    theme: comprehension\n    mode: panel", "enum", None),
        ("practices.yaml", "stage: information", "stage: info", "enum", None),
        ("quotas.yaml", "senior: 3", "seniors: 3", "enum", None),
    ],
)
def test_a_broken_copy_reports_file_and_line(tmp_path: Path, name, old, new, code, suggestion) -> None:  # noqa: ANN001
    folder = broken(tmp_path, name, old, new)
    with pytest.raises(InputErrors) as caught:
        load_catalogue(folder)
    error = caught.value.errors[0]
    assert error.code == code and error.location.path == folder / name
    line = next(i for i, text in enumerate((folder / name).read_text().splitlines(), 1) if new.splitlines()[0].strip() in text)
    assert error.location.line == line
    if suggestion:
        assert error.params["suggestion"] == suggestion
    assert render_error(error, "fr").startswith(f"{folder / name}:{line}: ")


def test_check_paths_tells_criteria_folders_from_scenarios(tmp_path: Path) -> None:
    result = check_paths([CRITERIA, Path(__file__).parents[2] / "harness" / "demo" / "scenarios"])
    assert result.problems == [] and result.files == 5
    bad = broken(tmp_path, "criteria.yaml", "metric: intro_screen", "metric: nope")
    assert check_paths([bad]).error_count == 1
