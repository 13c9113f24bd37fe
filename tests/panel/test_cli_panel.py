"""The panel commands as a facilitator runs them: French text, exit codes, nothing half-written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import fresh_database
from tests.panel.test_import import GOOD, HEADER


def parcours(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "PARCOURS_LANG": "fr"}
    return subprocess.run(
        [sys.executable, "-c", "from harness.cli import main; main()", "--db", db, *args],
        capture_output=True, text=True, env=env, cwd=Path(__file__).parents[2],
    )


@pytest.fixture
def db(tmp_path: Path) -> str:
    """The store a facilitator's commands open by default, an SQLite file. The commands say the same whatever the
    store; the store's own behaviour, all or nothing on both databases, is held by tests/panel/test_import.py
    and tests/store/ on SQLite and PostgreSQL alike."""
    return fresh_database("sqlite", tmp_path)


def test_a_facilitators_day(db: str, tmp_path: Path) -> None:
    assert parcours(db, "campaign", "create", "essai", "--title", "Campagne d'essai").returncode == 0
    for code, segment in (("T-001", "senior"), ("T-002", "jeune")):
        result = parcours(db, "panel", "add-tester", code, "--segment", segment, "--age-band", "75+", "--territory", "rural",
                          "--comfort", "3", "--device", "téléphone", "--campaign", "essai")
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"Testeur {code} ajouté."
    sessions = tmp_path / "sessions.csv"
    sessions.write_text("\n".join([HEADER, *GOOD]) + "\n", encoding="utf-8")
    result = parcours(db, "import", "sessions", str(sessions))
    assert result.returncode == 0, result.stderr
    assert "Sessions importées : 2 ; étapes : 4." in result.stdout
    coverage = parcours(db, "panel", "coverage", "--campaign", "essai").stdout
    assert "Seniors" in coverage and "Publics ou territoires sous le quota" in coverage
    listing = parcours(db, "panel", "list", "--campaign", "essai").stdout
    assert "T-001" in listing and "téléphone" in listing and "2 testeurs" in listing
    exported = parcours(db, "export", "sessions", "--campaign", "essai").stdout.splitlines()
    assert exported[0].startswith("session,campaign,tester") and len(exported) == 5
    completion = parcours(db, "export", "completion", "--campaign", "essai").stdout.splitlines()
    # a summary as reports show it: French columns and publics, ";" and figures as written in the reports
    assert completion[0] == ("Démarche;Version;Public;Réussite sans aide;Réussite sans aide : bas de la fourchette à 95 %;"
                             "Réussite sans aide : haut de la fourchette à 95 %;n;Fourchette non calculée : pourquoi;Réussite avec aide")
    assert any(line.split(";")[2] == "Tous les testeurs" and line.split(";")[3].endswith("\xa0%") for line in completion[1:])
    english = parcours(db, "--lang", "en", "export", "completion", "--campaign", "essai").stdout.splitlines()
    assert english[0].startswith("Procedure,Version,Public,Success without help,")


def test_names_are_refused_field_by_field(db: str) -> None:
    result = parcours(db, "panel", "add-tester", "Jeanne Dupont", "--segment", "vieux", "--age-band", "75+",
                      "--territory", "rural", "--comfort", "12", "--device", "smartphone")
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[0].startswith("champ « code » : « Jeanne Dupont » n'est pas un code pseudonyme".replace(" : ", ": ", 1))
    assert any(line.startswith("champ « --segment »") for line in lines)
    assert any(line.startswith("champ « --comfort »") for line in lines)
    assert "Traceback" not in result.stderr
    assert "JEANNE" not in parcours(db, "panel", "list").stdout


def test_a_bad_import_names_its_line_and_writes_nothing(db: str, tmp_path: Path) -> None:
    parcours(db, "campaign", "create", "essai", "--title", "Essai")
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([HEADER, GOOD[0], GOOD[1].replace(",4,Ne", ",9,Ne")]) + "\n", encoding="utf-8")
    result = parcours(db, "import", "sessions", str(bad))
    assert result.returncode == 2
    assert f"{bad}:3, colonne « seq »: la valeur doit être au plus 7" in result.stderr
    assert parcours(db, "export", "sessions").stdout.strip().count("\n") == 0  # header only
