"""Shared steps (`include:`) and setup scenarios (`setup:`): expanded where they are named, checked
in their own files, and an identity provider's host allowed only where a scenario names it."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from harness.errors import InputErrors, render_error
from harness.replay.engine import state_for_hosts
from harness.scenario.loader import load_all, load_scenario

SHARED = """\
    description: Connexion par le fournisseur d'identité
    hosts: [connexion.example.org]
    steps:
      - name: Connexion
        actions:
          - click: {role: link, name: Se connecter}
      - name: Fournisseur d'identité
        actions:
          - fill: {label: Identifiant, value: "{env.PARCOURS_TEST_LOGIN}"}
          - click: {role: button, name: Valider}
"""


def scenario(hosts: str = "[demarches.example.org, connexion.example.org]", steps: str = "  - include: _connexion.yaml",
             extra: str = "") -> str:
    return dedent(f"""\
        id: attestation
        title: Demande d'attestation
        procedure: attestation
        version: v1
        start_url: https://demarches.example.org/attestation
        allowed_hosts: {hosts}
        {extra}
        steps:
        """) + steps + "\n  - name: Demande\n"


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text) if not text.startswith("id:") else text, encoding="utf-8")


def errors_of(path: Path) -> list:
    with pytest.raises(InputErrors) as caught:
        load_scenario(path)
    return list(caught.value.errors)


def test_included_steps_take_the_place_of_the_include_entry(tmp_path: Path) -> None:
    write(tmp_path, {"_connexion.yaml": SHARED, "attestation.yaml": scenario()})
    loaded = load_scenario(tmp_path / "attestation.yaml")
    assert [s.name for s in loaded.scenario.steps] == ["Connexion", "Fournisseur d'identité", "Demande"]
    assert loaded.step_file(1) == tmp_path / "_connexion.yaml" and loaded.step_file(2) == tmp_path / "attestation.yaml"
    assert loaded.step_line(1) == 7  # its line in the shared file
    assert loaded.step_excerpt(1).splitlines()[0] == "   7 |   - name: Fournisseur d'identité"
    shared_only = loaded.sha256
    (tmp_path / "_connexion.yaml").write_text(dedent(SHARED).replace("Valider", "Continuer"), encoding="utf-8")
    assert load_scenario(tmp_path / "attestation.yaml").sha256 != shared_only  # the shared steps are part of its identity


def test_files_of_shared_steps_are_not_scenarios_of_a_folder(tmp_path: Path) -> None:
    write(tmp_path, {"_connexion.yaml": SHARED, "attestation.yaml": scenario()})
    loaded, problems = load_all([tmp_path])
    assert [one.scenario.id for one in loaded] == ["attestation"] and problems == []


def test_an_error_in_shared_steps_names_the_shared_file_and_its_line(tmp_path: Path) -> None:
    write(tmp_path, {"_connexion.yaml": SHARED.replace("click: {role: button", "clik: {role: button"),
                     "attestation.yaml": scenario()})
    (error,) = errors_of(tmp_path / "attestation.yaml")
    assert error.code == "unknown_action" and error.location.path == tmp_path / "_connexion.yaml"
    assert error.location.line == 10 and "clik" in error.location.excerpt
    assert render_error(error, "fr").startswith(f"{tmp_path / '_connexion.yaml'}:10: action inconnue « clik »")


def test_a_provider_host_is_allowed_only_where_the_scenario_names_it(tmp_path: Path) -> None:
    write(tmp_path, {"_connexion.yaml": SHARED, "attestation.yaml": scenario(hosts="[demarches.example.org]")})
    (error,) = errors_of(tmp_path / "attestation.yaml")
    assert (error.code, error.location.path, error.location.line) == ("include_host", tmp_path / "attestation.yaml", 9)
    assert error.params["host"] == "connexion.example.org"
    assert "ajoutez l'hôte à allowed_hosts du scénario" in render_error(error, "fr")


def test_include_mistakes_are_refused_at_their_line(tmp_path: Path) -> None:
    nested = dedent(SHARED) + "  - include: _autre.yaml\n"
    write(tmp_path, {
        "_imbrique.yaml": nested,
        "manquant.yaml": scenario(steps="  - include: _absent.yaml"),
        "absolu.yaml": scenario(steps="  - include: /etc/passwd"),
        "imbrique.yaml": scenario(steps="  - include: _imbrique.yaml"),
        "cle.yaml": scenario(steps="  - include: _connexion.yaml\n    name: Connexion"),
    })
    (tmp_path / "_connexion.yaml").write_text(dedent(SHARED), encoding="utf-8")
    found = {name: [(e.code, e.location.path.name, e.location.line) for e in errors_of(tmp_path / name)]
             for name in ("manquant.yaml", "absolu.yaml", "imbrique.yaml", "cle.yaml")}
    assert found == {
        "manquant.yaml": [("include_missing", "manquant.yaml", 9)],
        "absolu.yaml": [("bad_yaml_path", "absolu.yaml", 9)],
        "imbrique.yaml": [("include_nested", "_imbrique.yaml", 11)],
        "cle.yaml": [("unknown_key", "cle.yaml", 10)],
    }


def test_a_setup_scenario_is_loaded_with_every_check_and_cannot_have_its_own(tmp_path: Path) -> None:
    setup = scenario().replace("id: attestation", "id: connexion").replace("  - name: Demande\n", "")
    write(tmp_path, {
        "_connexion.yaml": SHARED, "_preparation.yaml": setup,
        "attestation.yaml": scenario(hosts="[demarches.example.org]", steps="  - name: Accueil", extra="setup: _preparation.yaml"),
        "sans.yaml": scenario(hosts="[demarches.example.org]", steps="  - name: Accueil", extra="setup: _absente.yaml"),
        "_double.yaml": setup.replace("allowed_hosts:", "setup: _preparation.yaml\nallowed_hosts:"),
        "double.yaml": scenario(hosts="[demarches.example.org]", steps="  - name: Accueil", extra="setup: _double.yaml"),
    })
    loaded = load_scenario(tmp_path / "attestation.yaml")
    assert loaded.setup is not None and loaded.setup.scenario.id == "connexion"
    assert [s.name for s in loaded.setup.scenario.steps] == ["Connexion", "Fournisseur d'identité"]
    assert [(e.code, e.location.line) for e in errors_of(tmp_path / "sans.yaml")] == [("setup_missing", 7)]
    assert [(e.code, e.location.path.name) for e in errors_of(tmp_path / "double.yaml")] == [("setup_nested", "_double.yaml")]


def test_a_run_starts_with_the_cookies_and_storage_of_its_own_hosts_only() -> None:
    state = {
        "cookies": [
            {"name": "session", "value": "a", "domain": "demarches.example.org", "path": "/"},
            {"name": "langue", "value": "fr", "domain": ".example.org", "path": "/"},  # a domain cookie: for its subdomains
            {"name": "fournisseur", "value": "b", "domain": "connexion.example.net", "path": "/"},
        ],
        "origins": [
            {"origin": "https://demarches.example.org", "localStorage": [{"name": "brouillon", "value": "1"}]},
            {"origin": "https://connexion.example.net", "localStorage": [{"name": "jeton", "value": "2"}]},
        ],
    }
    kept = state_for_hosts(state, ["demarches.example.org"])
    assert [c["name"] for c in kept["cookies"]] == ["session", "langue"]
    assert [o["origin"] for o in kept["origins"]] == ["https://demarches.example.org"]
    assert state_for_hosts(state, ["autre.example.com"]) == {"cookies": [], "origins": []}


def test_shared_steps_that_are_a_device_or_a_pipe_are_refused_at_the_include_line_without_reading(tmp_path: Path) -> None:
    import os

    os.symlink("/dev/zero", tmp_path / "_zero.yaml")
    os.mkfifo(tmp_path / "_tube.yaml")
    write(tmp_path, {"zero.yaml": scenario(steps="  - include: _zero.yaml"),
                     "tube.yaml": scenario(steps="  - include: _tube.yaml")})
    for name in ("zero.yaml", "tube.yaml"):  # neither eats the memory (/dev/zero) nor hangs (a pipe no one writes)
        [error] = errors_of(tmp_path / name)
        assert (error.code, error.location.path.name, error.location.line) == ("not_regular_file", name, 9)
        assert "n'est pas un fichier ordinaire" in render_error(error, "fr")
