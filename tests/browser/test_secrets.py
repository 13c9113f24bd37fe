"""`{env.NAME}` secrets: read at run time, refused before any replay when missing, written nowhere,
and painted over on every screenshot of the field that received them."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from harness.runs.record import RunRecord
from harness.webserver import BackgroundServer
from tests.browser.signin_site import ACCOUNT, create_app

pytestmark = pytest.mark.browser
SCENARIO = Path(__file__).parent / "secret_scenarios" / "connexion.yaml"


def parcours(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from harness.cli import main; main()", *args], cwd=cwd,
                          capture_output=True, text=True, env={**os.environ, "COLUMNS": "200", **env}, timeout=300)


def test_a_missing_variable_is_refused_before_any_replay(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARCOURS_TEST_")}
    result = subprocess.run([sys.executable, "-c", "from harness.cli import main; main()", "run", str(SCENARIO),
                             "--base-url", "http://127.0.0.1:9", "--runs-dir", "runs"],
                            cwd=tmp_path, capture_output=True, text=True, env={**env, "PARCOURS_TEST_LOGIN": "x", "COLUMNS": "200"})
    assert result.returncode == 2
    assert f"{SCENARIO}:14: la variable d'environnement PARCOURS_TEST_PASSWORD n'est pas définie" in result.stderr
    assert "PARCOURS_TEST_LOGIN" not in result.stderr and not (tmp_path / "runs").exists()  # nothing started


def test_a_secret_is_written_nowhere_and_masked_on_screenshots(tmp_path: Path) -> None:
    env = {"PARCOURS_TEST_LOGIN": ACCOUNT["login"], "PARCOURS_TEST_PASSWORD": ACCOUNT["password"]}
    with BackgroundServer(create_app()) as site:
        result = parcours("run", str(SCENARIO), "--base-url", site.url, "--runs-dir", "runs", "--campaign", "compte",
                          cwd=tmp_path, env=env)
        assert result.returncode == 0, result.stdout + result.stderr  # signed in: the site accepted both
    report = parcours("report", "procedure", "compte-connexion", "--campaign", "compte", "--runs-dir", "runs",
                      "--out", "reports", cwd=tmp_path, env={})
    assert report.returncode == 0, report.stderr
    forms = {value.encode() for value in ACCOUNT.values()} | {json.dumps(value)[1:-1].encode() for value in ACCOUNT.values()}
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "run.json" for p in files) and any(p.suffix == ".pdf" for p in files)
    for path in files:
        data = path.read_bytes()
        assert not [form for form in forms if form in data], path
    assert not [v for v in ACCOUNT.values() if v in result.stdout + result.stderr]
    (folder,) = (tmp_path / "runs" / "compte" / "compte-connexion").iterdir()
    record = RunRecord.model_validate_json((folder / "run.json").read_text())
    greeting = next(s for s in record.steps if s.name == "Espace personnel")
    assert "Bonjour ••••, vous êtes connecté." in greeting.text  # the site echoed it back: written "••••"
    filled = [a for s in record.steps for a in s.actions if a.kind == "fill"]
    assert len(filled) == 2 and all(a.value_hash is None for a in filled)  # not even a hash of it
    shown = next(s for s in record.steps if s.name == "Connexion — mot de passe affiché")
    image = Image.open(io.BytesIO((folder / shown.screenshot).read_bytes())).convert("RGB")
    boxes = [e.box for e in shown.inventory if e.role == "textbox" and e.name in ("Identifiant", "Mot de passe")]
    assert len(boxes) == 2
    for x, y, width, height in boxes:  # the password in plain text, the identifier: painted over, every pixel
        region = image.crop((x + 1, y + 1, x + width - 1, y + height - 1))
        colours = {colour for _, colour in region.getcolors(maxcolors=region.width * region.height)}
        assert colours == {(0x16, 0x16, 0x16)}, colours


def test_a_secret_sent_by_get_and_echoed_escaped_is_written_in_no_encoding(tmp_path: Path) -> None:
    from harness.scenario.secrets import encodings
    from tests.browser.signin_site import GET_ACCOUNT

    scenario = tmp_path / "get.yaml"
    scenario.write_text(
        "id: compte-get\ntitle: Connexion par GET\nprocedure: compte-get\nversion: v1\nstart_url: /connexion-get\n"
        "allowed_hosts: [127.0.0.1]\nsteps:\n  - name: Connexion\n    actions:\n"
        '      - fill: {label: Identifiant, value: "{env.PARCOURS_TEST_LOGIN}"}\n'
        '      - fill: {label: Mot de passe, value: "{env.PARCOURS_TEST_PASSWORD}"}\n'
        "      - click: {role: button, name: Se connecter}\n"
        "  - name: Espace personnel\n    expect:\n      - heading: Votre espace\n", encoding="utf-8")
    env = {"PARCOURS_TEST_LOGIN": GET_ACCOUNT["login"], "PARCOURS_TEST_PASSWORD": GET_ACCOUNT["password"]}
    with BackgroundServer(create_app()) as site:
        result = parcours("run", str(scenario), "--base-url", site.url, "--runs-dir", "runs", "--campaign", "get",
                          cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    (folder,) = (tmp_path / "runs" / "get" / "compte-get").iterdir()
    record = RunRecord.model_validate_json((folder / "run.json").read_text())
    space = record.steps[1]
    assert "mot_de_passe=" in space.url  # the form went by GET: the value travelled in the address
    assert "••••" in space.url
    echoed = [node.html for result in space.needs_review + space.violations for node in result.nodes if "••••" in node.html]
    assert echoed, "the page's echo of the password, HTML-escaped, is in the audit's results, masked"
    forms = {form.encode() for value in GET_ACCOUNT.values() for form in encodings(value)}
    print(f"\n{len(forms)} encodings of the two secrets checked in {folder}")
    for path in [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".yaml"]:
        data = path.read_bytes()
        assert not [form for form in forms if form in data], path
    assert not [form for value in GET_ACCOUNT.values() for form in encodings(value) if form in result.stdout + result.stderr]


def test_a_persona_field_naming_an_unset_variable_is_refused_before_any_replay(tmp_path: Path) -> None:
    (tmp_path / "personas.yaml").write_text(
        "personas:\n  usager:\n    description: Un usager fictif\n    fields:\n      mot_de_passe: '{env.PARCOURS_TEST_UNSET}'\n",
        encoding="utf-8")
    scenario = tmp_path / "persona.yaml"
    scenario.write_text(
        "id: compte-persona\ntitle: Connexion\nprocedure: compte\nversion: v1\nstart_url: /connexion\npersona: usager\n"
        "steps:\n  - name: Connexion\n    actions:\n      - fill: {label: Mot de passe, value: '{persona.mot_de_passe}'}\n",
        encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PARCOURS_TEST_UNSET"}
    result = subprocess.run([sys.executable, "-c", "from harness.cli import main; main()", "run", str(scenario),
                             "--base-url", "http://127.0.0.1:9", "--runs-dir", "runs"],
                            cwd=tmp_path, capture_output=True, text=True, env={**env, "COLUMNS": "200"})
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{scenario}:10:" in result.stderr and "PARCOURS_TEST_UNSET" in result.stderr
    assert not (tmp_path / "runs").exists()
