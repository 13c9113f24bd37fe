"""`parcours serve` as a user runs it: set up from the command line, killed in the middle of a
session and restarted, nothing saved before the kill is lost."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.web.clients import Client, version_choice
from tests.web.test_app import PASSWORD, token, version_field


def parcours(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-c", "from harness.cli import main; main()", *args],
                            capture_output=True, text=True, env=env, cwd=cwd, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(port: int, env: dict[str, str], cwd: Path, *options: str) -> subprocess.Popen[str]:
    from harness.cli import demo_scenarios

    process = subprocess.Popen(
        [sys.executable, "-c", "from harness.cli import main; main()", "serve", "--port", str(port),
         "--scenarios", str(demo_scenarios()), *options], env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/connexion", timeout=1)
            return process
        except httpx.TransportError:
            if process.poll() is not None:
                pytest.fail(process.stdout.read())  # type: ignore[union-attr]
            time.sleep(0.2)
    process.kill()
    pytest.fail("parcours serve did not start")


def test_a_killed_server_loses_nothing_saved_and_the_draft_comes_back(tmp_path: Path, database_url: str) -> None:
    env = {**os.environ, "PARCOURS_DATABASE_URL": database_url, "PARCOURS_PASSWORD": PASSWORD, "PARCOURS_LANG": "fr",
           "XDG_CONFIG_HOME": str(tmp_path)}
    parcours("campaign", "create", "essai", "--title", "Campagne d'essai", env=env, cwd=tmp_path)
    parcours("panel", "add-tester", "T-007", "--segment", "senior", "--age-band", "75+", "--territory", "rural",
             "--comfort", "2", "--device", "tablet", "--campaign", "essai", env=env, cwd=tmp_path)
    added = parcours("user", "add", "anne", "--role", "facilitator", env=env, cwd=tmp_path)
    assert "anne" in added.stdout
    port = free_port()
    server = serve(port, env, tmp_path)
    try:
        c = Client(base_url=f"http://127.0.0.1:{port}")
        login = c.get("/connexion")
        c.post("/connexion", data={"login": "anne", "password": PASSWORD, "csrf": token(login.text)})
        page = c.get("/seances/nouvelle")
        version = version_choice(page.text, "version améliorée")
        started = c.post("/seances/nouvelle", data={"csrf": token(page.text), "campaign": "essai", "version_id": version,
                                                    "tester": "T-007", "held_on": "2026-11-23", "device": "tablet"})
        session = re.search(r"/seances/(\d+)", started.headers["location"]).group(1)
        for n, outcome in (("1", "success"), ("2", "assisted")):
            screen = c.get(f"/seances/{session}/ecran/{n}")
            c.post(f"/seances/{session}/ecran/{n}", data={"csrf": token(screen.text), "row_version": version_field(screen.text),
                                                          "outcome": outcome, "seconds": "30", "seq": "5"})
        server.send_signal(signal.SIGKILL)  # in the middle of the session
        server.wait(timeout=10)
        server.stdout.close()  # type: ignore[union-attr]
        server = serve(port, env, tmp_path)
        again = c.get(f"/seances/{session}/ecran/2")  # the same browser, its cookie still good
        assert again.status_code == 200
        assert re.search(r'value="assisted" checked', again.text) and 'value="30.0"' in again.text
        overview = c.get(f"/seances/{session}").text
        assert overview.count("pas encore saisi") == 5 and "Réussi seul" in overview
    finally:
        server.kill()
        server.wait(timeout=10)
        server.stdout.close()  # type: ignore[union-attr]


def test_several_processes_share_sign_ins_and_the_sign_in_limit(tmp_path: Path, database_url: str) -> None:
    """`parcours serve --workers 2`: a sign-in made through one process holds in the other (one cookie
    secret, sign-ins in the store), and failed sign-ins are counted in the store, so that spreading them
    over the processes gains nothing."""
    from harness.web.limits import PER_LOGIN

    env = {**os.environ, "PARCOURS_DATABASE_URL": database_url, "PARCOURS_PASSWORD": PASSWORD, "PARCOURS_LANG": "fr",
           "XDG_CONFIG_HOME": str(tmp_path)}
    parcours("user", "add", "anne", "--role", "facilitator", env=env, cwd=tmp_path)
    port = free_port()
    server = serve(port, env, tmp_path, "--workers", "2")
    try:
        base = f"http://127.0.0.1:{port}"
        c = Client(base_url=base)
        login = c.get("/connexion")
        assert c.post("/connexion", data={"login": "anne", "password": PASSWORD, "csrf": token(login.text)}).status_code == 303
        assert len(serving_processes(server.pid)) == 2  # beside multiprocessing's resource tracker
        for _ in range(12):  # a new connection each time: the processes take turns
            with httpx.Client(base_url=base, cookies=c.cookies) as fresh:
                page = fresh.get("/")
                assert page.status_code == 200 and "Connecté : anne" in page.text
        codes = []
        for _ in range(PER_LOGIN + 2):
            with httpx.Client(base_url=base) as fresh:
                form = fresh.get("/connexion")
                codes.append(fresh.post("/connexion", data={"login": "anne", "password": "mauvais mot de passe",
                                                             "csrf": token(form.text)}).status_code)
        assert codes == [401] * PER_LOGIN + [429, 429], codes
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        server.stdout.close()  # type: ignore[union-attr]


def serving_processes(pid: int, expected: int = 2, wait_s: float = 60) -> list[int]:
    """The processes serving under `pid` once the `expected` ones have started: the first one answering does not
    mean the others are up (a busy machine starts them seconds apart)."""
    deadline = time.monotonic() + wait_s
    while True:
        serving = []
        for child in children(pid):
            try:
                if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                    serving.append(child)
            except OSError:
                continue
        if len(serving) >= expected or time.monotonic() > deadline:
            return serving
        time.sleep(0.2)


def children(pid: int) -> list[int]:
    """The processes `pid` started, read from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found
