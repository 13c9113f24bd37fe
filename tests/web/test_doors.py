"""The app's doors, tried as an attacker would over real HTTP: the sign-in race, forwarded headers,
copied cookies after sign-out, foreign Host names, memory under a burst of sign-ins, malformed
numbers, chunked bodies, and the headers of an error page."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from harness.panel import live
from harness.panel.models import CampaignIn
from harness.panel.service import create_campaign
from harness.web.app import MAX_FORM_BYTES, create_app, served_names
from harness.web.limits import PER_ADDRESS, PER_LOGIN
from harness.webserver import BackgroundServer
from tests.web.clients import Client
from tests.web.test_app import PASSWORD, client, start, token, version_field
from tests.web.test_serve import free_port, parcours


def served(store, catalogue, tmp_path: Path, **options) -> BackgroundServer:  # noqa: ANN001
    trusted = options.pop("trusted_proxies", ())
    app = create_app(store, catalogue, [], tmp_path / "runs", "fr", secret="test-secret", **options)
    return BackgroundServer(app, trusted_proxies=trusted)


@pytest.fixture
def accounts(store) -> None:  # noqa: ANN001
    create_campaign(store, CampaignIn(code="essai", title="Campagne d'essai"))
    live.add_user(store, "anne", PASSWORD, "facilitator")
    live.add_user(store, "coord", PASSWORD, "coordinator")


def test_twenty_sign_ins_sent_at_once_are_twenty_attempts(store, catalogue, tmp_path, accounts) -> None:  # noqa: ANN001
    with served(store, catalogue, tmp_path) as server:
        c = Client(base_url=server.url)
        csrf = token(c.get("/connexion").text)
        cookies = dict(c.cookies)

        def send(password: str) -> int:
            with Client(base_url=server.url, cookies=cookies) as one:
                return one.post("/connexion", data={"login": "anne", "password": password, "csrf": csrf}).status_code

        with ThreadPoolExecutor(20) as pool:
            codes = list(pool.map(send, ["wrong password!"] * 19 + [PASSWORD]))
    print(f"\nsign-in race: {sorted(codes)}")
    # At most PER_LOGIN wrong passwords were checked: the others were refused before their password was. The
    # right password takes its own reservation back once checked, so a wrong one arriving after that may take
    # the freed place (the limit counts failures): at most one check more than the limit, and only then.
    assert codes.count(401) <= PER_LOGIN, codes
    assert set(codes) <= {401, 303, 429} and codes.count(303) <= 1, codes
    assert codes.count(429) >= 20 - PER_LOGIN - codes.count(303), codes


def test_forwarded_headers_are_ignored_unless_the_proxy_is_named(store, catalogue, tmp_path, accounts) -> None:  # noqa: ANN001
    def tries(server: BackgroundServer, login: str, count: int) -> list[int]:
        c = Client(base_url=server.url)
        csrf = token(c.get("/connexion").text)
        return [c.post("/connexion", data={"login": login, "password": "wrong password!", "csrf": csrf},
                       headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code for i in range(count)]

    with served(store, catalogue, tmp_path) as server:
        codes = tries(server, "anne", 12)  # a new claimed address each time: still one login, one address
    assert codes[:PER_LOGIN] == [401] * PER_LOGIN and set(codes[PER_LOGIN:]) == {429}, codes
    with served(store, catalogue, tmp_path) as server:  # many logins from one real address
        c = Client(base_url=server.url)
        csrf = token(c.get("/connexion").text)
        codes = [c.post("/connexion", data={"login": f"nobody{i}", "password": "x", "csrf": csrf},
                        headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code for i in range(PER_ADDRESS + 3)]
    assert set(codes[PER_ADDRESS:]) == {429}, codes
    with served(store, catalogue, tmp_path, trusted_proxies=("127.0.0.1",)) as server:  # a named proxy is believed
        c = Client(base_url=server.url)
        csrf = token(c.get("/connexion").text)
        codes = [c.post("/connexion", data={"login": f"other{i}", "password": "x", "csrf": csrf},
                        headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code for i in range(PER_ADDRESS + 3)]
    assert set(codes) == {401}, codes  # each claimed address has its own count


def test_a_copied_cookie_dies_with_sign_out_a_new_password_and_a_removed_account(store, catalogue, tmp_path, accounts) -> None:  # noqa: ANN001
    with served(store, catalogue, tmp_path) as server:
        def signed_in_copy() -> tuple[httpx.Client, httpx.Client]:
            c = client(server.url, "anne")
            return c, Client(base_url=server.url, cookies=dict(c.cookies))

        c, copy = signed_in_copy()
        assert copy.get("/", follow_redirects=False).status_code == 200
        home = c.get("/")
        c.post("/deconnexion", data={"csrf": token(home.text)})
        assert copy.get("/", follow_redirects=False).headers.get("location") == "/connexion"

        c, copy = signed_in_copy()
        live.set_password(store, "anne", PASSWORD + "!")
        assert copy.get("/", follow_redirects=False).headers.get("location") == "/connexion"
        live.set_password(store, "anne", PASSWORD)

        c, copy = signed_in_copy()
        live.remove_user(store, "anne")
        assert copy.get("/", follow_redirects=False).headers.get("location") == "/connexion"
        again = Client(base_url=server.url)
        refused = again.post("/connexion", data={"login": "anne", "password": PASSWORD, "csrf": token(again.get("/connexion").text)})
        assert refused.status_code == 401


def test_only_the_names_the_app_is_served_under_are_answered(store, catalogue, tmp_path, accounts) -> None:  # noqa: ANN001
    with served(store, catalogue, tmp_path) as server:
        evil = httpx.get(f"{server.url}/connexion", headers={"Host": "evil.example"})
        assert evil.status_code == 421 and evil.headers["x-frame-options"] == "DENY"
        assert httpx.get(f"{server.url}/connexion", headers={"Host": f"localhost:{server.port}"}).status_code == 200
    names = served_names("0.0.0.0", ("parcours.mairie.example",))
    with served(store, catalogue, tmp_path, hosts=names) as server:
        assert httpx.get(f"{server.url}/connexion", headers={"Host": "parcours.mairie.example"}).status_code == 200
        assert httpx.get(f"{server.url}/connexion", headers={"Host": "evil.example"}).status_code == 421


def test_behind_https_cookies_are_secure_and_hsts_is_sent(store, catalogue, tmp_path, accounts) -> None:  # noqa: ANN001
    with served(store, catalogue, tmp_path, https=True) as server:
        c = Client(base_url=server.url)
        page = c.get("/connexion")
        assert page.headers["strict-transport-security"].startswith("max-age=")
        signed = c.post("/connexion", data={"login": "anne", "password": PASSWORD, "csrf": token(page.text)})
        assert "secure" in signed.headers["set-cookie"].lower()
    with served(store, catalogue, tmp_path) as server:
        assert "strict-transport-security" not in httpx.get(f"{server.url}/connexion").headers


def test_serve_says_how_to_run_behind_tls_and_refuses_half_a_pair(tmp_path: Path) -> None:
    env = {**os.environ, "PARCOURS_LANG": "en", "COLUMNS": "200", "XDG_CONFIG_HOME": str(tmp_path)}
    shown = parcours("serve", "--help", env=env, cwd=tmp_path).stdout
    for option in ("--tls-cert", "--tls-key", "--trusted-proxy", "--proxy-https", "--name"):
        assert option in shown
    half = subprocess.run([sys.executable, "-c", "from harness.cli import main; main()", "serve", "--tls-cert", "x.pem"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert half.returncode == 2 and "--tls-key" in half.stdout + half.stderr


def test_a_burst_of_sign_ins_for_unknown_logins_does_not_take_the_servers_memory(tmp_path: Path) -> None:
    # The memory at stake is the server's own (its password checks at once), whatever the store: SQLite's file here;
    # the sign-in limit's rows in both databases are held by the race above and tests/web/test_serve.py.
    env = {**os.environ, "PARCOURS_DATABASE_URL": f"sqlite:///{tmp_path / 'panel.db'}", "PARCOURS_PASSWORD": PASSWORD, "PARCOURS_LANG": "fr",
           "XDG_CONFIG_HOME": str(tmp_path)}
    parcours("user", "add", "coord", "--role", "coordinator", env=env, cwd=tmp_path)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", "from harness.cli import main; main()", "serve", "--port", str(port)],
                               env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                page = httpx.get(f"{url}/connexion", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and process.poll() is None, "parcours serve did not start"
                time.sleep(0.2)
        before = _peak_kib(process.pid)
        csrf, cookies = token(page.text), dict(page.cookies)

        def send(i: int) -> int:
            with Client(base_url=url, cookies=cookies, timeout=60) as one:
                return one.post("/connexion", data={"login": f"inconnu{i}", "password": "x" * 12, "csrf": csrf}).status_code

        # sixteen at once: checked all together they would take 1 GiB (64 MiB each), and each check costs
        # the real argon2 time, so no more than the limit needs to be seen through
        with ThreadPoolExecutor(16) as pool:
            codes = list(pool.map(send, range(16)))
        grown = (_peak_kib(process.pid) - before) // 1024
        print(f"\n16 sign-ins at once: {sorted(set(codes))}, peak memory grew by {grown} MiB")
        assert set(codes) <= {401, 429, 503}
        assert grown < 400  # two argon2 checks at a time (64 MiB each), never sixteen
    finally:
        process.terminate()
        process.wait(timeout=10)


def _peak_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))


def test_numbers_no_row_can_have_and_odd_digits_are_refused_without_a_fault(store, catalogue, tmp_path, accounts) -> None:  # noqa: ANN001
    from harness.cli import demo_scenarios
    from harness.scenario.loader import load_all

    loaded, _ = load_all([demo_scenarios()])
    app = create_app(store, catalogue, loaded, tmp_path / "runs", "fr", secret="test-secret")
    with BackgroundServer(app) as server:
        from harness.panel.models import TesterIn
        from harness.panel.service import add_testers

        add_testers(store, [TesterIn(code="T-001", segment="senior", age_band="75+", territory="rural",
                                     digital_comfort=2, device="tablet")], "essai")
        c = client(server.url)
        assert c.get("/seances/9223372036854775808").status_code == 404
        assert c.get("/seances/0/ecran/99999999999999999999").status_code == 404
        session_id = start(c)
        for bad in ("--5", "²", "٣", "1e400"):
            page = c.get(f"/seances/{session_id}/sus")
            answer = c.post(f"/seances/{session_id}/sus", data={"csrf": token(page.text), "row_version": version_field(page.text),
                                                                "sus_1": bad}, headers={"x-parcours-autosave": "1"})
            assert answer.status_code in (200, 422), (bad, answer.status_code)
        page = c.get(f"/seances/{session_id}/sus")
        odd = c.post(f"/seances/{session_id}/sus", data={"csrf": token(page.text), "row_version": "²"})
        assert odd.status_code == 400


def test_a_chunked_form_is_counted_as_it_arrives(store, catalogue, tmp_path, accounts) -> None:  # noqa: ANN001
    with served(store, catalogue, tmp_path) as server:
        c = Client(base_url=server.url)
        csrf = token(c.get("/connexion").text)

        def body():  # 18 MB, without a Content-Length
            yield f"csrf={csrf}&login=anne&password=".encode()
            for _ in range(18 * 16):
                yield b"x" * 65536

        response = c.post("/connexion", content=body(), headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert response.status_code == 413
        assert MAX_FORM_BYTES < 18_000_000


def test_an_unexpected_fault_is_a_500_with_every_security_header(store, catalogue, tmp_path, accounts, database_url) -> None:  # noqa: ANN001
    with served(store, catalogue, tmp_path) as server:
        c = client(server.url, "anne")
        with store.engine.begin() as db:  # the store breaks under the app's feet
            db.execute(text("DROP TABLE session CASCADE" if database_url.startswith("postgresql") else "DROP TABLE session"))
        broken = c.get("/")
        assert broken.status_code == 500
        assert broken.headers["x-frame-options"] == "DENY" and "content-security-policy" in broken.headers
        assert "Traceback" not in broken.text


@pytest.mark.parametrize("tamper", ["json-path", "symlink"])
def test_a_tampered_run_record_never_makes_the_app_serve_another_file(store, catalogue, tmp_path, accounts, tamper) -> None:  # noqa: ANN001
    from harness.cli import demo_scenarios
    from harness.panel.models import TesterIn
    from harness.panel.service import add_testers
    from harness.scenario.loader import load_all
    from tests.unit.test_reader import PNG, record, write_run

    secret = tmp_path / "app-secret"
    secret.write_text("the cookie secret")
    runs = tmp_path / "runs"
    loaded, _ = load_all([demo_scenarios()])
    scenario_id = next(s.scenario.id for s in loaded if s.scenario.version == "après")
    if tamper == "json-path":
        folder = write_run(runs, record(scenario_id, screenshot="../../../../app-secret"), scenario_id)
    else:
        folder = write_run(runs, record(scenario_id), scenario_id)
        os.symlink(secret, folder / "screens" / "01-accueil.png")
    add_testers(store, [TesterIn(code="T-001", segment="senior", age_band="75+", territory="rural",
                                 digital_comfort=2, device="tablet")], "essai")
    with BackgroundServer(create_app(store, catalogue, loaded, runs, "fr", secret="test-secret")) as server:
        c = client(server.url)
        session_id = start(c)
        assert c.get(f"/seances/{session_id}/ecran/1").status_code == 200  # the screen is recorded all the same
        capture = c.get(f"/seances/{session_id}/ecran/1/capture")
        assert capture.status_code == 404 and "cookie secret" not in capture.text
    (folder / "screens" / "01-accueil.png").unlink(missing_ok=True)
    (folder / "screens" / "01-accueil.png").write_bytes(PNG)
    if tamper == "symlink":  # the same record with its own picture: shown
        with BackgroundServer(create_app(store, catalogue, loaded, runs, "fr", secret="test-secret")) as server:
            c = client(server.url)
            shown = c.get(f"/seances/{session_id}/ecran/1/capture")
            assert shown.status_code == 200 and shown.content == PNG
