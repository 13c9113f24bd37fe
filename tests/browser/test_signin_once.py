"""Signing in once: a setup scenario signs in through an identity provider on another host; the
scenarios that name it start signed in, without the provider's host or cookies."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.runs.record import RunRecord
from harness.webserver import BackgroundServer
from tests.browser.idp_site import ACCOUNT, create_app

pytestmark = pytest.mark.browser
FOLDER = Path(__file__).parent / "signin_once"


def parcours(cwd: Path, *args: str, password: str = ACCOUNT["password"]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "250", "PARCOURS_LANG": "fr",
           "PARCOURS_IDP_LOGIN": ACCOUNT["login"], "PARCOURS_IDP_PASSWORD": password}
    return subprocess.run([sys.executable, "-c", "from harness.cli import main; main()", *args], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=300)


def records(runs: Path) -> dict[str, RunRecord]:
    found = [RunRecord.model_validate_json(p.read_text()) for p in runs.rglob("run.json")]
    return {r.scenario.id: r for r in found}


def test_scenarios_behind_a_sign_in_start_from_one_sign_in(tmp_path: Path) -> None:
    app = create_app()
    with BackgroundServer(app) as site:
        result = parcours(tmp_path, "run", str(FOLDER), "--base-url", site.url, "--campaign", "compte", "-j", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert app.state.sign_ins == 1  # two scenarios, one sign-in
    assert "Préparation connexion-compte [desktop] rejouée" in result.stdout
    runs = records(tmp_path / "runs" / "compte")
    assert set(runs) == {"attestation", "changement-adresse"}  # the setup itself is not a run of the campaign
    for record in runs.values():
        assert record.outcome.value == "passed" and record.setup == "connexion-compte"
        assert record.allowed_hosts == ["127.0.0.1"]  # the provider's host stays with the setup that names it
    assert [s.name for s in runs["attestation"].steps] == ["Demande d'attestation", "Demande enregistrée"]
    for path in (tmp_path / "runs").rglob("*"):
        if path.is_file():
            assert ACCOUNT["password"].encode() not in path.read_bytes(), path


def test_a_failed_setup_skips_the_scenarios_that_start_from_it_and_names_its_line(tmp_path: Path) -> None:
    app = create_app()
    with BackgroundServer(app) as site:
        result = parcours(tmp_path, "run", str(FOLDER), "--base-url", site.url, "--campaign", "refus", "-j", "1", "--timeout", "3",
                          password="Mauvais-Mot-2026")
        alone = parcours(tmp_path, "run", str(FOLDER / "_connexion.yaml"), "--base-url", site.url, "--campaign", "seule", "--timeout", "3",
                         password="Mauvais-Mot-2026")
    assert result.returncode == 1 and app.state.sign_ins == 0
    out = " ".join(result.stdout.split())
    for scenario in ("attestation", "changement-adresse"):
        assert (f"{scenario}: la préparation {FOLDER / '_connexion.yaml'} s'est arrêtée à l'écran « Espace personnel » "
                "(attendu non vérifié") in out
    assert f"rejouez la préparation seule pour voir pourquoi : parcours run {FOLDER / '_connexion.yaml'}" in out
    assert not (tmp_path / "runs" / "refus").exists()  # nothing half-written for the runs not replayed
    # Replayed alone, the setup is a scenario like any other: its failure names the shared steps' own line.
    assert alone.returncode == 1
    (record,) = records(tmp_path / "runs" / "seule").values()
    shared = FOLDER / "_etapes-connexion.yaml"
    assert record.failure is not None and record.failure.file == str(shared)
    assert shared.read_text().splitlines()[record.failure.line - 1].strip() == "- heading: Votre espace"
    assert f"{shared}:{record.failure.line}: " in alone.stdout.replace("\n", "")
