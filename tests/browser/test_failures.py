"""Each way a replay can fail ends that run at its step, with a screenshot and a plain reason."""

from __future__ import annotations

import socket

import pytest

from harness.i18n import t
from harness.replay.campaign import RunSkipped, Settings, run_campaign
from harness.replay.events import StepStarted
from harness.replay.profiles import PROFILES
from harness.runs.record import FailureKind, Outcome, StepStatus
from harness.runs.writer import RunWriter
from harness.scenario.loader import load_scenario

pytestmark = pytest.mark.browser


def scenario(prefix: str, actions: str, sid: str = "failing") -> str:
    return f"""
    id: {sid}
    title: Échec
    procedure: echec
    version: v1
    start_url: {prefix}
    steps:
      - name: Accueil
        actions:
{actions}
      - name: Suite
    """


def test_element_not_found(site, replay) -> None:
    prefix = site.add({"/": "<h1>Accueil</h1><button>Continuer</button>"})
    record, folder = replay(scenario(prefix + "/", "          - click: {role: button, name: Envoyer}"), site.url, timeout_ms=2_000)  # the page facts share this deadline: 500 ms failed with two workers
    assert record.outcome is Outcome.FAILED
    assert record.failure.kind is FailureKind.ELEMENT_NOT_FOUND
    assert record.failure.params == {"target": 'button "Envoyer"'}
    assert t("failures.element_not_found", "fr", **record.failure.params) == 'élément introuvable : button "Envoyer"'
    assert record.steps[0].status is StepStatus.FAILED and record.steps[1].status is StepStatus.NOT_REACHED
    assert (folder / record.steps[0].screenshot).exists()
    assert record.steps[0].violations is not None  # the screen was audited before its actions failed


def test_ambiguous_element(site, replay) -> None:
    prefix = site.add({"/": "<h1>Accueil</h1><button>Continuer</button><button>Continuer</button>"})
    record, _ = replay(scenario(prefix + "/", "          - click: {role: button, name: Continuer}"), site.url, timeout_ms=2_000)  # the page facts share this deadline: 500 ms failed with two workers
    assert record.failure.kind is FailureKind.AMBIGUOUS_ELEMENT


def test_dead_site_is_a_refused_connection_at_the_first_step(replay) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    record, folder = replay(scenario("/", "          - click: {text: x}"), f"http://127.0.0.1:{port}")
    assert record.outcome is Outcome.FAILED
    assert record.failure.kind is FailureKind.CONNECTION_REFUSED and record.failure.step == 0
    assert record.failure.params["host"] == "127.0.0.1"
    assert t("failures.connection_refused", "fr", **record.failure.params) == "le serveur a refusé la connexion (127.0.0.1)"
    assert (folder / record.steps[0].screenshot).exists()


def test_a_page_that_does_not_load_in_time_is_a_page_timeout(site, replay) -> None:
    prefix = site.add({"/slow": "<h1>Lent</h1>"})
    record, _ = replay(scenario(prefix + "/slow", "          - click: {text: x}"), site.url, timeout_ms=1_000)
    assert record.failure.kind is FailureKind.PAGE_TIMEOUT
    assert record.failure.params == {"url": f"{site.url}{prefix}/slow", "seconds": "1"}


def test_a_browser_crash_fails_the_run_and_the_next_run_gets_a_new_browser(site, tmp_path, browser_session) -> None:
    prefix = site.add({"/": "<h1>Accueil</h1><a href='{p}/b'>Suite</a>", "/b": "<h1>Suite</h1>"})
    site.pages[prefix + "/"] = site.pages[prefix + "/"].replace("{p}", prefix)
    paths = []
    for sid in ("crashing", "after-crash"):
        path = tmp_path / f"{sid}.yaml"
        path.write_text(scenario(prefix + "/", "          - click: {role: link, name: Suite}", sid).replace("\n    ", "\n"))
        paths.append(path)

    class CrashAtSecondStep:
        def handle(self, event) -> None:  # noqa: ANN001
            if isinstance(event, StepStarted) and event.index == 1 and not self.done:
                self.done = True
                browser_session.browser().close()

        done = False

    writer = RunWriter(tmp_path / "runs", "test")
    records = run_campaign(
        [load_scenario(p) for p in paths], [PROFILES["desktop"]], Settings("test", site.url),
        [CrashAtSecondStep(), writer], browser_session,
    )
    crashed, after = records
    assert crashed.outcome is Outcome.FAILED and crashed.failure.kind is FailureKind.BROWSER_CRASH
    assert crashed.failure.step == 1
    assert after.outcome is Outcome.PASSED
    assert len(writer.written) == 2


def test_a_failed_run_does_not_stop_the_campaign(site, tmp_path, browser_session) -> None:
    # "bad" fails for a reason (its page does not exist), not a race: the
    # deadline is generous, so that a loaded machine changes nothing.
    prefix = site.add({"/": "<h1>Accueil</h1>"})
    bad, good, relative = tmp_path / "bad.yaml", tmp_path / "good.yaml", tmp_path / "relative.yaml"
    bad.write_text(scenario(prefix + "/absent", "          - click: {text: Absent}", "bad").replace("\n    ", "\n"))
    good.write_text(scenario(f"{site.url}{prefix}/", "          - wait_for: {text: Accueil}", "good").replace("\n    ", "\n"))
    relative.write_text(scenario(prefix + "/", "          - wait_for: {text: Accueil}", "relative").replace("\n    ", "\n"))
    skipped = []

    class Collect:
        def handle(self, event) -> None:  # noqa: ANN001
            if isinstance(event, RunSkipped):
                skipped.append(event)

    writer = RunWriter(tmp_path / "runs", "test")
    records = run_campaign(
        [load_scenario(p) for p in (bad, relative, good)], [PROFILES["desktop"]],
        Settings("test", None, timeout_ms=10_000), [writer, Collect()], browser_session,
    )
    assert [r.scenario.id for r in records] == ["good"]  # bad: no base URL for its relative start
    assert [s.scenario_id for s in skipped] == ["bad", "relative"]
    assert skipped[0].error.code == "base_url_needed"
    records = run_campaign(
        [load_scenario(p) for p in (bad, good)], [PROFILES["desktop"]],
        Settings("test", site.url, timeout_ms=10_000), [writer], browser_session,
    )
    assert [r.outcome for r in records] == [Outcome.FAILED, Outcome.PASSED]
    assert records[0].failure.kind is FailureKind.HTTP_STATUS and records[0].failure.params["status"] == "404"


def test_a_campaign_deadline_skips_the_runs_not_started_by_then(site, tmp_path, browser_session) -> None:
    # the first run surely starts before 2 s and lasts longer: its page shows "Prêt" after 2.5 s
    prefix = site.add({"/": "<h1>Accueil</h1><p id='p'></p><script>setTimeout(() => "
                            "document.getElementById('p').textContent = 'Prêt', 2500)</script>"})
    paths = []
    for sid in ("first", "second"):
        path = tmp_path / f"{sid}.yaml"
        path.write_text(scenario(prefix + "/", "          - wait_for: {text: Prêt}", sid).replace("\n    ", "\n"))
        paths.append(path)
    skipped = []

    class Collect:
        def handle(self, event) -> None:  # noqa: ANN001
            if isinstance(event, RunSkipped):
                skipped.append(event)

    records = run_campaign(
        [load_scenario(p) for p in paths], [PROFILES["desktop"]],
        Settings("test", site.url, campaign_timeout_s=2.0), [Collect()], browser_session,
    )
    # the first run starts before the deadline and ends; the second is not started
    assert [r.scenario.id for r in records] == ["first"]
    assert [(s.scenario_id, s.error.code) for s in skipped] == [("second", "campaign_deadline")]


def test_control_characters_from_a_page_or_a_scenario_never_reach_the_terminal_or_junit(site, tmp_path) -> None:
    """A heading with blink and an OSC 8 hyperlink, a step name with colour codes: printed without them."""
    import os
    import subprocess
    import sys
    from xml.etree import ElementTree

    esc = "\x1b"
    prefix = site.add({"/": f"<h1>Accueil {esc}[5mclignote{esc}[0m</h1>"
                            f"<button>{esc}]8;;http://127.0.0.2/{esc}\\Ailleurs{esc}]8;;{esc}\\</button>"})
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "controle.yaml").write_text(
        f'id: controle\ntitle: Contrôle\nprocedure: controle\nversion: v1\nstart_url: {prefix}/\nsteps:\n'
        f'  - name: "Accueil \\e[31mrouge\\e[0m \\r écrasé"\n    actions:\n      - click: {{role: button, name: Envoyer}}\n'
        f'  - name: Suite\n', encoding="utf-8")
    env = {**os.environ, "PARCOURS_LANG": "fr", "COLUMNS": "200"}
    result = subprocess.run([sys.executable, "-c", "from harness.cli import main; main()", "run", str(folder), "--base-url",
                             site.url, "--campaign", "ctl", "--runs-dir", str(tmp_path / "runs"), "--timeout", "2", "-j", "1"],
                            capture_output=True, text=True, env=env, timeout=120)
    shown = result.stdout + result.stderr
    assert result.returncode == 1, shown
    assert "Ailleurs" in shown and "rouge" in shown  # the texts are there, their codes are not
    assert esc not in shown and "\r" not in shown.replace("\r\n", "\n")
    junit = tmp_path / "junit.xml"
    pytest_run = subprocess.run([sys.executable, "-m", "pytest", str(folder), "-p", "no:cacheprovider", "--base-url", site.url,
                                 "--parcours-runs-dir", str(tmp_path / "runs2"), "--parcours-timeout", "2",
                                 f"--junitxml={junit}", "-o", "testpaths="], capture_output=True, text=True, env=env,
                                cwd=tmp_path, timeout=120)
    assert esc not in pytest_run.stdout + pytest_run.stderr
    text = junit.read_text("utf-8")
    assert esc not in text and "&#27;" not in text and "Ailleurs" in text
    case = next(ElementTree.parse(junit).getroot().iter("testcase"))
    names = [p.get("value") for p in case.iter("property") if p.get("name") == "parcours_failing_screen"]
    assert names and esc not in names[0] and "rouge" in names[0]
