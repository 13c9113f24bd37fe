"""A procedure recorded instead of written (issue 32): `parcours record` driven as a person would, Chrome
Recorder exports imported (the demo in French, a GOV.UK procedure in English), bad recordings refused.

Every recorded scenario is then replayed by `parcours run` itself: the test of a recording is that it
replays the way a written scenario does. Values typed while recording look real on purpose (they are
fake too): none of them may reach a file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error

from harness.demo.app import create_app as demo_app
from harness.runs.record import Outcome, RunRecord
from harness.webserver import BackgroundServer
from tests.browser.design_systems import CorpusSite
from tests.browser.flows_site import FlowsSite
from tests.browser.recording_site import RecordingSite

pytestmark = pytest.mark.browser
# What the person types: realistic-looking (and invented) values that must never be written anywhere
TYPED = {"nom": "Durandal-Reel", "prenom": "Lucienne-Reelle", "naissance": "04/05/2007",
         "courriel": "lucienne.reelle@exemple.test", "code": "482913"}


def parcours(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from harness.cli import main; main()", *args], cwd=cwd,
                          env={**os.environ, "PARCOURS_LANG": "fr", "COLUMNS": "200", **(env or {})},
                          capture_output=True, text=True, timeout=timeout)


def replayed(folder: Path, scenario: Path, *extra: str, env: dict[str, str] | None = None) -> RunRecord:
    """`parcours run` on the written scenario; the run it recorded."""
    done = parcours("run", str(scenario), "--runs-dir", str(folder / "runs"), "--jobs", "1", *extra, cwd=folder, env=env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (found,) = (folder / "runs").rglob("run.json")
    return RunRecord.model_validate_json(found.read_text(encoding="utf-8"))


def written_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in folder.rglob("*.yaml"))


def locators_of(scenario: Path) -> list[dict]:
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(scenario.read_text(encoding="utf-8"))
    return [next(iter(action.values())) for step in data["steps"] for action in step.get("actions", [])
            if isinstance(next(iter(action.values())), dict)]


# -- parcours record, driven as a person would ---------------------------------------------------------


@pytest.fixture
def recording_site() -> Iterator[tuple[str, RecordingSite]]:
    site = RecordingSite()
    with BackgroundServer(CorpusSite().app(site.routes())) as server:
        yield server.url, site


def test_parcours_record_writes_the_procedure_a_person_walks_and_it_replays_to_the_end(recording_site, browser_session,
                                                                                     tmp_path: Path) -> None:
    url, site = recording_site
    assert shutil.which("xvfb-run"), "xvfb-run is missing: scripts/setup.sh test installs it"
    port = _free_port()
    scenario = tmp_path / "scenarios" / "aide-transport.yaml"
    recorder = subprocess.Popen(
        ["xvfb-run", "-a", sys.executable, "-c", "from harness.cli import main; main()", "record", f"{url}/aide/",
         "-o", str(scenario), "--cdp-port", str(port)],
        cwd=tmp_path, env={**os.environ, "PARCOURS_LANG": "fr", "COLUMNS": "200"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        # the worker's own Playwright (one per process) connects to the recorder's browser
        browser = _connect(browser_session.browser().browser_type, port, recorder)
        page = _recorder_page(browser)
        page.get_by_role("link", name="Commencer la demande").click()
        page.get_by_role("button", name="Continuer").click()  # nothing filled in: the error state
        page.get_by_role("heading", name="Le formulaire contient des erreurs").wait_for()
        for name, value in TYPED.items():
            page.locator(f"#{name}").fill(value)
        page.get_by_label("Département").select_option("Haut-Rhin")
        page.get_by_text("Étudiant ou étudiante").click()  # the radio's label, as a person clicks it
        page.get_by_role("button", name="Continuer").click()
        page.get_by_role("heading", name="Votre certificat de scolarité").wait_for()
        mine = tmp_path / "certificat-de-lucienne-reelle.pdf"  # the person's own file: never copied
        mine.write_bytes(b"%PDF-1.4 personal")
        page.locator("#certificat").set_input_files(mine)
        page.get_by_role("button", name="Continuer").click()
        page.get_by_role("heading", name="Vérifiez votre demande").wait_for()
        page.get_by_text("J'atteste sur l'honneur").click()
        try:
            page.get_by_role("button", name="Envoyer ma demande").click(timeout=5_000)
        except Error:
            pass  # the recorder closes its browser once the sending button is reached
        browser.close()
        out, err = recorder.communicate(timeout=240)
    finally:
        if recorder.poll() is None:
            os.killpg(recorder.pid, 9)
    assert recorder.returncode == 0, out[-3000:] + err[-3000:]
    assert site.sent == 0  # held back: nothing was sent
    assert "parcours run" in out and str(scenario) in out
    text = written_text(tmp_path / "scenarios")
    for value in [*TYPED.values(), "certificat-de-lucienne-reelle"]:
        assert value not in text, value
    assert "{persona.last_name}" in text and "{persona.email}" in text and "{env.PARCOURS_CODE}" in text
    assert not [spec for spec in locators_of(scenario) if "css" in spec]  # the page names everything
    assert (scenario.parent / "fixtures" / "document-fictif.pdf").is_file()
    record = replayed(tmp_path, scenario, env={"PARCOURS_CODE": "123456"})
    names = [s.name for s in record.steps]
    assert names == ["Demander une aide au transport scolaire", "Vos informations", "Vos informations — erreur",
                     "Votre certificat de scolarité", "Vérifiez votre demande"], names
    assert record.outcome is Outcome.STOPPED and all(s.status.value == "passed" for s in record.steps[:-1])
    assert site.sent == 0
    # told to, the replay sends the request at the step the recording held back, and passes to its end
    shutil.rmtree(tmp_path / "runs")
    sent = replayed(tmp_path, scenario, "--allow-irreversible", env={"PARCOURS_CODE": "123456"})
    assert sent.outcome is Outcome.PASSED and [s.name for s in sent.steps] == names and site.sent == 1


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _connect(chromium, port: int, recorder: subprocess.Popen):  # noqa: ANN001, ANN202
    deadline = time.monotonic() + 60
    while True:
        try:
            return chromium.connect_over_cdp(f"http://127.0.0.1:{port}", timeout=5_000)
        except Error:
            if recorder.poll() is not None or time.monotonic() > deadline:
                out, err = recorder.communicate()
                raise AssertionError(f"the recorder did not open its browser: {out[-2000:]} {err[-2000:]}") from None
            time.sleep(0.3)


def _recorder_page(browser):  # noqa: ANN001, ANN202
    """The recorder's tab, once it shows the procedure's first screen."""
    (context,) = browser.contexts  # the recorder's own profile: one context
    page = context.pages[0] if context.pages else context.wait_for_event("page")
    page.get_by_role("heading", name="Demander une aide au transport scolaire").wait_for(timeout=30_000)
    return page


# -- Chrome Recorder exports --------------------------------------------------------------------------


def demo_recording(base: str) -> dict:
    """The demo's improved version as Chrome's Recorder exports it: selectors of every kind, an Enter key."""
    return {"title": "CMI stationnement, enregistrée dans Chrome", "steps": [
        {"type": "setViewport", "width": 1280, "height": 900, "deviceScaleFactor": 1, "isMobile": False,
         "hasTouch": False, "isLandscape": False},
        {"type": "navigate", "url": f"{base}/apres/",
         "assertedEvents": [{"type": "navigation", "url": f"{base}/apres/", "title": ""}]},
        {"type": "click", "target": "main", "selectors": [['aria/Commencer la démarche[role="link"]'], ["main a"]],
         "offsetX": 12, "offsetY": 9},
        {"type": "click", "target": "main", "selectors": [['aria/Continuer[role="button"]'], ["form > button"]]},
        {"type": "change", "target": "main", "selectors": [["#nom"], ['xpath///*[@id="nom"]']], "value": "Durandal-Reel"},
        {"type": "change", "target": "main", "selectors": [["aria/Prénom"], ["#prenom"]], "value": "Lucienne-Reelle"},
        {"type": "change", "target": "main", "selectors": [['xpath///*[@id="naissance"]']], "value": "04/05/1947"},
        {"type": "click", "target": "main", "selectors": [["text/Continuer"]]},
        {"type": "change", "target": "main", "selectors": [["aria/Adresse Numéro et nom de la rue"], ["#adresse"]],
         "value": "9 impasse Reelle"},
        {"type": "change", "target": "main", "selectors": [["pierce/#code_postal"]], "value": "35999"},
        {"type": "change", "target": "main", "selectors": [["#departement"]], "value": "68"},
        {"type": "change", "target": "main", "selectors": [["aria/Commune"]], "value": "Reelleville"},
        {"type": "keyDown", "target": "main", "key": "Enter"},
        {"type": "keyUp", "target": "main", "key": "Enter"},
        {"type": "change", "target": "main", "selectors": [["#justificatif"]], "value": "C:\\fakepath\\facture-reelle.pdf"},
        {"type": "click", "target": "main", "selectors": [['aria/Continuer[role="button"]']]},
        {"type": "click", "target": "main", "selectors": [['xpath///input[@name="attestation"]']]},
        {"type": "click", "target": "main", "selectors": [['aria/Envoyer ma demande[role="button"]']]},
        {"type": "waitForElement", "target": "main", "selectors": [["h1"]]},
    ]}


def test_a_chrome_recording_of_the_demo_imports_checks_and_replays_to_the_end(tmp_path: Path) -> None:
    with BackgroundServer(demo_app()) as server:
        source = tmp_path / "cmi.json"
        source.write_text(json.dumps(demo_recording(server.url)), encoding="utf-8")
        scenario = tmp_path / "scenarios" / "cmi.yaml"
        done = parcours("import", "recording", str(source), "-o", str(scenario), cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        checked = parcours("check", str(scenario), cwd=tmp_path)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        text = written_text(tmp_path / "scenarios")
        for value in ("Durandal", "Lucienne", "1947", "Reelle", "35999", "facture"):
            assert value not in text, value
        specs = locators_of(scenario)
        assert not [s for s in specs if "css" in s]
        assert {"label": "Commune", "key": "Enter"} in specs  # the Enter key, on the field it was pressed in
        assert "- field_error: {label: Nom de famille}" in text  # the error screen's state, checked by the replay
        assert "Arrêt avant d'envoyer la demande" in done.stdout
        record = replayed(tmp_path, scenario)
    assert [s.name for s in record.steps] == [
        "Demander une carte mobilité inclusion stationnement", "Votre identité", "Votre identité — erreur",
        "Votre adresse", "Votre justificatif de domicile", "Vérifiez vos réponses"]
    assert record.outcome is Outcome.STOPPED and record.steps[-1].status.value == "stopped"
    assert all(s.status.value == "passed" for s in record.steps[:-1])


def govuk_recording(base: str) -> dict:
    return {"title": "Apply for a blue badge", "steps": [
        {"type": "setViewport", "width": 1000, "height": 800, "deviceScaleFactor": 1, "isMobile": False,
         "hasTouch": False, "isLandscape": False},
        {"type": "navigate", "url": f"{base}/flow/govuk/correct/"},
        {"type": "click", "target": "main", "selectors": [["aria/Continue"], ["button.govuk-button"]]},
        {"type": "change", "target": "main", "selectors": [["#name"]], "value": "Jonathan Realperson"},
        {"type": "click", "target": "main", "selectors": [["text/Post"], ['xpath///*[@id="contact-2"]']]},
        {"type": "click", "target": "main", "selectors": [['aria/Continue[role="button"]']]},
        {"type": "waitForElement", "target": "main", "selectors": [["aria/Application complete"]]},
    ]}


def test_a_chrome_recording_of_a_govuk_procedure_imports_in_english_and_replays_to_its_confirmation(tmp_path: Path) -> None:
    with BackgroundServer(CorpusSite().app(FlowsSite().routes())) as server:
        source = tmp_path / "badge.json"
        source.write_text(json.dumps(govuk_recording(server.url)), encoding="utf-8")
        scenario = tmp_path / "badge.yaml"
        done = parcours("--lang", "en", "import", "recording", str(source), "-o", str(scenario), "--send", cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Scenario written" in done.stdout and "Realperson" not in scenario.read_text(encoding="utf-8")
        specs = locators_of(scenario)
        assert {"label": "Post", "within": {"role": "group", "name": "How should we contact you?"}} in specs or \
            {"label": "Post"} in specs
        assert not [s for s in specs if "css" in s]
        record = replayed(tmp_path, scenario, "--allow-irreversible")
    assert [s.name for s in record.steps] == ["Your details", "Your details — error", "Application complete"]
    assert record.outcome is Outcome.PASSED


# -- bad recordings ------------------------------------------------------------------------------------


def test_bad_recordings_get_their_step_number_and_write_nothing(tmp_path: Path) -> None:
    with BackgroundServer(demo_app()) as server:
        good = demo_recording(server.url)
        cases = {
            "invalid-json": ('{"title": "x", "steps": [', "n'est pas un enregistrement JSON lisible"),
            "unknown-type": (json.dumps({**good, "steps": [*good["steps"][:3], {"type": "teleport"}]}),
                             "étape 4 de l'enregistrement : type d'étape inconnu « teleport »"),
            "expression": (json.dumps({**good, "steps": [*good["steps"][:2], {"type": "waitForExpression", "expression": "1"}]}),
                           "étape 3 de l'enregistrement : le type « waitForExpression »"),
            "nothing-matches": (json.dumps({**good, "steps": [*good["steps"][:2], {
                "type": "click", "selectors": [["aria/Bouton absent"], ["#absent"], ["xpath///nothing"]]}]}),
                "étape 3 de l'enregistrement : aucun de ses sélecteurs ne trouve d'élément"),
            "other-host": (json.dumps({**good, "steps": [*good["steps"][:3], {"type": "navigate", "url": "https://example.org/"}]}),
                           "étape 4 de l'enregistrement : elle va sur example.org"),
        }
        for name, (text, says) in cases.items():
            source = tmp_path / f"{name}.json"
            source.write_text(text, encoding="utf-8")
            out = tmp_path / "out" / f"{name}.yaml"
            done = parcours("import", "recording", str(source), "-o", str(out), "--timeout", "2", cwd=tmp_path)
            assert done.returncode == 2 and says in done.stderr, (name, done.stdout, done.stderr)
            assert "Traceback" not in done.stderr
        huge = tmp_path / "huge.json"
        with huge.open("wb") as f:
            f.truncate(50 * 1024 * 1024)
        done = parcours("import", "recording", str(huge), "-o", str(tmp_path / "out" / "huge.yaml"), cwd=tmp_path)
        assert done.returncode == 2 and "trop volumineux (limite : 5 Mo)" in done.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


# -- the facilitator app: a coordinator uploads a recording, downloads the scenario --------------------


@pytest.fixture
def app_and_demo(tmp_path: Path, catalogue) -> Iterator[tuple[str, str]]:  # noqa: ANN001
    from harness.cli import demo_scenarios
    from harness.panel import live
    from harness.scenario.loader import load_all
    from harness.store.db import open_store
    from harness.web.app import create_app
    from tests.conftest import fresh_database

    store = open_store(fresh_database("sqlite", tmp_path))
    for login, role in (("coord", "coordinator"), ("anne", "facilitator")):
        live.add_user(store, login, "correct horse battery", role)
    loaded, _ = load_all([demo_scenarios()])  # the demo's scenarios allow 127.0.0.1 and localhost
    try:
        with BackgroundServer(demo_app()) as demo, \
                BackgroundServer(create_app(store, catalogue, loaded, tmp_path / "runs", "fr", secret="s")) as app:
            yield app.url, demo.url
    finally:
        store.close()


def test_a_coordinator_uploads_a_chrome_recording_and_downloads_the_scenario(app_and_demo, tmp_path: Path) -> None:
    import io
    import zipfile

    from tests.web.clients import Client, close_all
    from tests.web.test_app import token

    app, demo = app_and_demo

    def signed_in(login: str) -> Client:
        c = Client(base_url=app, timeout=120)  # an import walks the recording in a browser: seconds, more under load
        page = c.get("/connexion")
        assert c.post("/connexion", data={"login": login, "password": "correct horse battery",
                                          "csrf": token(page.text)}).status_code == 303
        return c

    try:
        assert signed_in("anne").get("/scenarios/enregistrement").status_code == 403  # coordinators only
        anonymous = Client(base_url=app).post("/scenarios/enregistrement", files={"recording": ("r.json", b"{}")})
        assert anonymous.status_code == 303 and anonymous.headers["location"] == "/connexion"
        c = signed_in("coord")
        form = c.get("/scenarios/enregistrement")
        assert form.status_code == 200 and 'type="file"' in form.text and "127.0.0.1" in form.text
        csrf = token(form.text)

        def upload(recording: bytes | None, with_csrf: bool = True):  # noqa: ANN202
            files = {"recording": ("cmi.json", recording, "application/json")} if recording is not None else None
            data = {"csrf": csrf} if with_csrf else {}
            return c.post("/scenarios/enregistrement", data=data, files=files or {"nothing": ("", b"", "text/plain")})

        assert upload(b"{}", with_csrf=False).status_code == 403
        empty = upload(None)
        assert empty.status_code == 422 and "Choisissez le fichier JSON" in empty.text
        recording = demo_recording(demo)
        elsewhere = {**recording, "steps": [*recording["steps"][:3], {"type": "navigate", "url": "https://example.org/"}]}
        refused = upload(json.dumps(elsewhere).encode())
        assert refused.status_code == 422 and "étape 4 de l&#39;enregistrement : elle va sur example.org" in refused.text
        done = upload(json.dumps(recording).encode())
        assert done.status_code == 200, done.text[-2000:]
        assert done.headers["content-type"] == "application/zip" and "attachment" in done.headers["content-disposition"]
    finally:
        close_all()
    with zipfile.ZipFile(io.BytesIO(done.content)) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "unzipped")
    slug = "cmi-stationnement-enregistree-dans-chrome"
    assert names == {f"{slug}/{slug}.yaml", f"{slug}/personas.yaml", f"{slug}/fixtures/document-fictif.pdf"}
    text = written_text(tmp_path / "unzipped")
    assert "Durandal" not in text and "{persona.last_name}" in text and "irreversible: true" in text
    checked = parcours("check", str(tmp_path / "unzipped"), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_parcours_record_without_a_display_says_how_to_record_all_the_same(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    done = subprocess.run([sys.executable, "-c", "from harness.cli import main; main()", "record", "http://127.0.0.1:9/"],
                          cwd=tmp_path, env={**env, "PARCOURS_LANG": "fr", "COLUMNS": "200"}, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert "aucun écran" in done.stderr and "xvfb-run parcours record" in done.stderr
    assert "parcours import recording" in done.stderr and not list(tmp_path.iterdir())


def test_an_import_past_its_budget_stops_at_its_step(browser_session) -> None:
    """The app gives an import three minutes of its browser: past its budget, a walk stops at the step it is at."""
    from harness.errors import InputError
    from harness.recording.chrome import read_recording
    from harness.recording.importer import import_recording

    recording = read_recording(json.dumps(demo_recording("http://127.0.0.1:9")).encode(), "long.json")
    with pytest.raises(InputError) as caught:
        import_recording(recording, browser_session.browser(), browser_session.gate(), "fr", budget_s=0)
    assert caught.value.code == "recording_too_long" and caught.value.params["step"] == 1
