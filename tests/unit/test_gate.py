"""The gate, spoken to as a browser would: hosts checked per request and per tunnel, failures named."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from harness.replay.gate import BLOCKED_HEADER, FAILURE_HEADER, Gate, GateFailure, Listener
from harness.webserver import BackgroundServer


async def echo(request: Request) -> PlainTextResponse:
    body = await request.body()
    return PlainTextResponse(f"{request.method} {request.url.path} {body.decode()} {request.headers.get('connection')}")


@pytest.fixture
def listener() -> Iterator[Listener]:
    gate = Gate()
    opened = gate.open(["127.0.0.1"], timeout_s=2)
    yield opened
    opened.close()
    gate.close()


def through(listener: Listener, method: str, url: str, body: str | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", listener.port, timeout=10)
    connection.request(method, url, body=body)
    return connection.getresponse()


def test_an_allowed_host_is_reached_one_request_per_connection(listener: Listener) -> None:
    with BackgroundServer(Starlette(routes=[Route("/{p:path}", echo, methods=["GET", "POST"])])) as server:
        response = through(listener, "POST", f"{server.url}/envoyer?x=1", body="nom=Exemple")
        assert response.status == 200
        assert response.read().decode() == "POST /envoyer nom=Exemple close"
        assert response.getheader("Connection") == "close"
    assert listener.log.take_refused() == []


def test_another_host_is_refused_and_remembered(listener: Listener) -> None:
    with BackgroundServer(Starlette(routes=[Route("/{p:path}", echo)]), host="127.0.0.2") as other:
        response = through(listener, "GET", f"{other.url}/pixel.gif")
        assert response.status == 403 and response.getheader(BLOCKED_HEADER) == "127.0.0.2"
        refused = listener.log.take_refused()
    assert [(r.url, r.host) for r in refused] == [(f"{other.url}/pixel.gif", "127.0.0.2")]


def test_a_tunnel_to_another_host_is_refused(listener: Listener) -> None:
    with socket.create_connection(("127.0.0.1", listener.port), timeout=5) as s:
        s.sendall(b"CONNECT 127.0.0.2:443 HTTP/1.1\r\nHost: 127.0.0.2:443\r\n\r\n")
        assert s.recv(100).startswith(b"HTTP/1.1 403")
    assert [r.host for r in listener.log.take_refused()] == ["127.0.0.2"]


def test_why_an_allowed_host_could_not_be_reached_is_named(listener: Listener) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    response = through(listener, "GET", url)
    assert response.status == 502 and response.getheader(FAILURE_HEADER) == GateFailure.REFUSED
    assert listener.log.failure(url) is GateFailure.REFUSED


def test_a_server_that_never_answers_is_given_up_on(listener: Listener) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # accepts, never answers
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        response = through(listener, "GET", url)
    assert response.status == 504 and listener.log.failure(url) is GateFailure.TIMEOUT


def test_a_form_answered_without_reading_its_body_reaches_the_browser_whole(listener: Listener) -> None:
    """A server may answer a form at once, unread, and close: the body it never read must not
    reach it after the close, or the connection is reset and its answer lost on the way."""
    answer = b"x" * 2_000_000
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)

        def serve() -> None:
            connection, _ = server.accept()
            with connection:
                connection.recv(65536)  # what has come so far, as a server's event loop reads it
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n"
                                   b"Connection: close\r\n\r\n" % len(answer) + answer)

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        port = server.getsockname()[1]
        with socket.create_connection(("127.0.0.1", listener.port), timeout=10) as browser:
            browser.sendall(f"POST http://127.0.0.1:{port}/suite HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 8\r\n\r\n".encode())
            time.sleep(0.3)  # the body comes a moment after the head, as it may from a browser
            browser.sendall(b"n=Martin")
            received = b""
            while chunk := browser.recv(65536):
                received += chunk
        thread.join(timeout=5)
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200") and len(body) == len(answer)


def test_a_body_sent_after_the_servers_100_continue_is_waited_for_by_neither(listener: Listener) -> None:
    with BackgroundServer(Starlette(routes=[Route("/{p:path}", echo, methods=["POST"])])) as server:
        port = server.url.rsplit(":", 1)[1]
        with socket.create_connection(("127.0.0.1", listener.port), timeout=5) as client:
            client.sendall(f"POST {server.url}/envoyer HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 11\r\n"
                           "Expect: 100-continue\r\n\r\n".encode())
            assert client.recv(1024).startswith(b"HTTP/1.1 100")  # the server's go-ahead, relayed
            client.sendall(b"nom=Exemple")
            received = b""
            while chunk := client.recv(65536):
                received += chunk
    assert received.startswith(b"HTTP/1.1 200") and received.endswith(b"POST /envoyer nom=Exemple close")


def test_a_body_that_stops_short_is_given_up_on_and_never_half_sent(listener: Listener) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.settimeout(5)
        port = server.getsockname()[1]
        url = f"http://127.0.0.1:{port}/suite"
        with socket.create_connection(("127.0.0.1", listener.port), timeout=10) as browser:
            browser.sendall(f"POST {url} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 20\r\n\r\nn=Ma".encode())
            connection, _ = server.accept()  # the gate reached the server, then waits for the rest
            with connection:
                received = b""
                while chunk := browser.recv(65536):
                    received += chunk
                connection.settimeout(5)
                sent_to_server = connection.recv(65536)
    assert received.startswith(b"HTTP/1.1 504") and listener.log.failure(url) is GateFailure.TIMEOUT
    assert sent_to_server == b""  # closed without a request cut in the middle


def test_a_name_is_resolved_once_and_the_connection_goes_to_that_address() -> None:
    """A resolver that answers differently each time (DNS rebinding): the gate asks once per
    connection and connects to the address it was given, never asking again between check and connect."""
    gate = Gate()
    asked: list[str] = []
    answers = iter(["127.0.0.1", "127.0.0.2", "127.0.0.2", "127.0.0.2"])
    real = gate._loop.getaddrinfo

    async def rebinding(host, port, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        asked.append(host)
        address = next(answers) if host == "rebind.test" else host
        return await real(address, port, *args, **kwargs)

    gate._loop.getaddrinfo = rebinding  # type: ignore[method-assign]
    listener = gate.open(["rebind.test"], timeout_s=2)
    try:
        with BackgroundServer(Starlette(routes=[Route("/{p:path}", echo)])) as server:
            response = through(listener, "GET", f"http://rebind.test:{server.port}/page")
            assert response.status == 200 and response.read().decode().startswith("GET /page")
    finally:
        listener.close()
        gate.close()
    assert asked == ["rebind.test"]


def test_an_answer_whose_head_passes_64_kib_is_named_so() -> None:
    async def big(request: Request) -> PlainTextResponse:
        return PlainTextResponse("x", headers={f"X-Filler-{i}": "a" * 1000 for i in range(80)})

    gate = Gate()
    listener = gate.open(["127.0.0.1"], timeout_s=2)
    try:
        with BackgroundServer(Starlette(routes=[Route("/", big)])) as server:
            response = through(listener, "GET", f"{server.url}/")
            assert response.status == 502
            assert response.getheader(FAILURE_HEADER) == GateFailure.HEAD_TOO_LARGE.value
    finally:
        listener.close()
        gate.close()
