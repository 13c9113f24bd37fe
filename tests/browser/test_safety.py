"""Replays stay on their allowed hosts and never send for real unless told to."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.runs.record import FailureKind, Outcome, StepStatus
from tests.browser.hostile import hostile_sites

pytestmark = pytest.mark.browser
DEMO = Path(__file__).parents[2] / "harness" / "demo" / "scenarios"


@pytest.fixture(scope="module")
def sites_for_safety():  # noqa: ANN201
    with hostile_sites() as both:
        yield both


def test_requests_to_other_hosts_are_blocked_and_recorded(site, replay) -> None:
    prefix = site.add({
        "/": '<h1>Accueil</h1><img alt="traceur" src="http://tracker.invalid/pixel.gif">'
             '<script src="http://cdn.invalid/lib.js"></script>',
    })
    record, _ = replay(
        f"""
        id: tiers
        title: Tiers
        procedure: tiers
        version: v1
        start_url: {prefix}/
        steps:
          - name: Accueil
            expect:
              - heading: Accueil
        """,
        site.url,
    )
    assert record.outcome is Outcome.PASSED
    assert record.allowed_hosts == ["127.0.0.1"]
    assert sorted(b.host for b in record.blocked_requests) == ["cdn.invalid", "tracker.invalid"]
    assert all(b.step == 0 for b in record.blocked_requests)


def test_leaving_the_allowed_hosts_fails_the_run(site, replay) -> None:
    prefix = site.add({"/": '<h1>Accueil</h1><a href="http://franceconnect.invalid/login">Se connecter</a>'})
    action = "click: {role: link, name: Se connecter}"
    record, _ = replay(
        f"""
        id: sortie
        title: Sortie
        procedure: sortie
        version: v1
        start_url: {prefix}/
        allowed_hosts: [127.0.0.1]
        steps:
          - name: Accueil
            actions:
              - {action}
          - name: Connexion
        """,
        site.url,
    )
    assert record.outcome is Outcome.FAILED
    assert record.failure.kind is FailureKind.BLOCKED_HOST
    assert record.failure.params == {"host": "franceconnect.invalid"}
    assert record.blocked_requests[0].host == "franceconnect.invalid"


def test_irreversible_step_is_recorded_but_not_sent_by_default(demo, replay) -> None:
    sent = demo.app.state.demo.count("apres")
    record, folder = replay(DEMO / "cmi-stationnement-apres.yaml", demo.url)
    assert record.outcome is Outcome.STOPPED and record.failure is None
    statuses = [s.status for s in record.steps]
    assert statuses == [StepStatus.PASSED] * 5 + [StepStatus.STOPPED, StepStatus.NOT_REACHED]
    stopped = record.steps[5]
    assert stopped.name == "Récapitulatif" and stopped.actions == []
    assert (folder / stopped.screenshot).exists()
    assert demo.app.state.demo.count("apres") == sent  # nothing was sent


def test_irreversible_step_runs_when_explicitly_allowed(demo, replay) -> None:
    sent = demo.app.state.demo.count("apres")
    record, _ = replay(DEMO / "cmi-stationnement-apres.yaml", demo.url, allow_irreversible=True)
    assert record.outcome is Outcome.PASSED and record.irreversible_allowed
    assert record.steps[-1].headings[0] == "Votre demande a bien été envoyée"
    assert demo.app.state.demo.count("apres") == sent + 1


def test_local_and_script_links_never_load_anything(replay, sites_for_safety) -> None:
    hostile, second = sites_for_safety
    record, folder = replay(
        f"""
        id: liens-locaux
        title: Liens locaux
        procedure: liens-locaux
        version: v1
        start_url: {hostile.url}/local-links
        steps:
          - name: Liens
            actions:
              - click: {{role: link, name: Fichier}}
              - click: {{role: link, name: Données}}
              - click: {{role: link, name: Script}}
          - name: Toujours là
            expect:
              - heading: Liens
        """,
        None,
    )
    assert record.outcome is Outcome.PASSED  # the browser refused them; the page stayed
    text = (folder / "run.json").read_text("utf-8")
    assert "root:x:0:0" not in text and "<h1>data</h1>" not in record.steps[1].text
    assert second.hits == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "data:text/html,<h1>x</h1>", "javascript:alert(1)", "chrome://settings"])
def test_only_web_addresses_are_visited_even_from_the_base_url(replay, url: str) -> None:
    from harness.errors import ReplayError
    from harness.replay.engine import resolve_url

    with pytest.raises(ReplayError) as caught:
        resolve_url("/", url)  # a --base-url is checked at run time too
    assert caught.value.code in ("unsafe_scheme", "bad_base_url")


def test_a_redirect_through_an_allowed_host_to_another_is_blocked_at_its_hop(replay, sites_for_safety) -> None:
    hostile, second = sites_for_safety
    record, _ = replay(
        f"""
        id: rebond
        title: Rebond
        procedure: rebond
        version: v1
        start_url: {hostile.url}/hop
        allowed_hosts: [127.0.0.1, localhost]
        steps:
          - name: Accueil
        """,
        None,
    )
    assert record.failure.kind is FailureKind.BLOCKED_HOST and record.failure.params["host"] == "127.0.0.2"
    assert [b.host for b in record.blocked_requests if b.kind == "redirect"] == ["127.0.0.2"]
    assert second.hits == []


def test_https_and_secure_websockets_of_an_allowed_host_go_through_the_gate(tmp_path, replay) -> None:
    """Real procedures are served over TLS: the gate tunnels them (CONNECT) once their host is checked."""
    import threading
    import time

    import trustme
    import uvicorn
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, RedirectResponse
    from starlette.routing import Route, WebSocketRoute

    async def home(request):  # noqa: ANN001, ANN202
        port = request.url.port
        return HTMLResponse(
            '<!DOCTYPE html><html lang="fr"><head><title>Sécurisé</title></head><body><main><h1>Sécurisé</h1>'
            f"<p id='ws'>…</p><script>const w = new WebSocket('wss://127.0.0.1:{port}/ws');"
            "w.onmessage = (e) => document.getElementById('ws').textContent = e.data;</script></main></body></html>"
        )

    async def send(request):  # noqa: ANN001, ANN202
        return RedirectResponse("/", 303)  # post, redirect, get: through the tunnel

    async def socket(ws):  # noqa: ANN001, ANN202
        await ws.accept()
        await ws.send_text("message du serveur")
        await ws.close()

    authority = trustme.CA()
    cert = authority.issue_cert("127.0.0.1")
    key_file, cert_file = tmp_path / "key.pem", tmp_path / "cert.pem"
    cert.private_key_pem.write_to_path(str(key_file))
    cert.cert_chain_pems[0].write_to_path(str(cert_file))
    app = Starlette(routes=[Route("/", home), Route("/envoyer", send, methods=["GET", "POST"]), WebSocketRoute("/ws", socket)])
    with __import__("socket").socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           ssl_keyfile=str(key_file), ssl_certfile=str(cert_file)))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        loaded = replay.write(
            f"""
            id: tls
            title: TLS
            procedure: tls
            version: v1
            start_url: https://127.0.0.1:{port}/envoyer
            steps:
              - name: Accueil
                expect:
                  - heading: Sécurisé
                  - text: message du serveur
            """
        )
        from harness.replay.campaign import Settings, run_campaign
        from harness.replay.profiles import PROFILES
        from harness.scenario.loader import load_scenario

        (record,) = run_campaign(
            [load_scenario(loaded)], [PROFILES["desktop"]], Settings("test", None, ignore_https_errors=True), [],
            replay.session,
        )
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert record.outcome is Outcome.PASSED, record.failure
    assert record.steps[0].url == f"https://127.0.0.1:{port}/"
    assert record.blocked_requests == []
