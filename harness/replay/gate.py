"""A forward proxy on loopback that lets a run reach its allowed hosts only, at every hop.

Playwright's request routing sees the first request of a redirect chain but
not the hops after it, nor what a service worker sends: a 302 to another host
went through. Every browser context of a replay therefore sends all its
traffic (loopback included) through a gate of its own, which checks the host
of each request, each redirect hop, each WebSocket and each TLS tunnel before
anything reaches the network, and remembers what it refused and why a
connection to an allowed host failed. It speaks just enough HTTP/1.1 for a
browser: one request per connection (``Connection: close`` both ways) and
CONNECT tunnels.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Collection
from concurrent.futures import Future
from dataclasses import dataclass, field
from enum import StrEnum
from harness.weburl import canonical_host, host_allowed, parse

MAX_HEAD = 64 * 1024  # request or response head; a larger one is refused
MAX_BUFFERED_BODY = 16 * 1024 * 1024  # a request body sent whole with its head (see _whole_body)
BLOCKED_HEADER = "X-Parcours-Blocked"
FAILURE_HEADER = "X-Parcours-Failure"


class GateFailure(StrEnum):
    """Why an allowed host could not be reached; the engine turns these into reasons."""

    DNS = "dns_failure"
    REFUSED = "connection_refused"
    CLOSED = "connection_closed"
    TIMEOUT = "timeout"
    HEAD_TOO_LARGE = "response_head_too_large"  # the server's status line and headers passed MAX_HEAD


@dataclass(frozen=True)
class Refusal:
    url: str
    host: str


@dataclass
class GateLog:
    """What one listener refused or failed to reach, shared with the engine's thread."""

    refused: list[Refusal] = field(default_factory=list)
    failures: dict[str, GateFailure] = field(default_factory=dict)  # URL -> why
    lock: threading.Lock = field(default_factory=threading.Lock)

    def refuse(self, url: str, host: str) -> None:
        with self.lock:
            self.refused.append(Refusal(url, host))

    def fail(self, url: str, why: GateFailure) -> None:
        with self.lock:
            self.failures[url] = why

    def take_refused(self) -> list[Refusal]:
        with self.lock:
            taken, self.refused = self.refused, []
        return taken

    def failure(self, url: str) -> GateFailure | None:
        with self.lock:
            return self.failures.get(url)


class Gate:
    """An event loop in a daemon thread, serving one listener per run."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="parcours-gate", daemon=True)
        self._thread.start()

    def open(self, hosts: Collection[str], timeout_s: float) -> Listener:
        """A listener on 127.0.0.1 for one run; close it when the run ends."""
        log = GateLog()
        handler = _Handler(frozenset(hosts), timeout_s, log)
        future: Future[asyncio.Server] = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(handler.serve, "127.0.0.1", 0), self._loop
        )
        server = future.result(timeout=10)
        port = server.sockets[0].getsockname()[1]
        return Listener(self, server, handler, port, log)

    def _close(self, listener: Listener) -> None:
        async def shut() -> None:
            listener.server.close()
            for task in list(listener.handler.tasks):
                task.cancel()
            await asyncio.gather(*listener.handler.tasks, return_exceptions=True)

        if self._loop.is_running():
            asyncio.run_coroutine_threadsafe(shut(), self._loop).result(timeout=10)

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()


@dataclass
class Listener:
    gate: Gate
    server: asyncio.Server
    handler: _Handler
    port: int
    log: GateLog

    @property
    def proxy(self) -> dict[str, str]:
        """Playwright's `proxy` option; `<-loopback>` stops Chromium's implicit
        bypass of 127.0.0.1 and localhost, so that loopback hosts are checked too."""
        return {"server": f"http://127.0.0.1:{self.port}", "bypass": "<-loopback>"}

    def close(self) -> None:
        self.gate._close(self)


@dataclass
class _Handler:
    hosts: frozenset[str]
    timeout_s: float
    log: GateLog
    tasks: set[asyncio.Task[None]] = field(default_factory=set)

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self.tasks.add(task)
        try:
            await self._one(reader, writer)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            pass  # the browser went away, or spoke something we do not relay
        except asyncio.CancelledError:
            pass  # the run ended: its listener closes every connection
        finally:
            self.tasks.discard(task)
            writer.close()

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await _read_head(reader)
        if head is None:
            return
        request_line, _, rest = head.partition(b"\r\n")
        method, target, version = request_line.decode("latin-1").split(" ", 2)
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            url = f"https://{target}/"
            upstream = await self._connect(url, host.strip("[]"), int(port or 443), writer)
            if upstream is None:
                return
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            await writer.drain()
            await _pipe_both(reader, writer, *upstream)
            return
        parts = parse(target)
        if parts is None or parts.scheme not in ("http", "ws") or not parts.host or parts.port is None:
            await _answer(writer, 400, "not a proxy request")
            return
        upstream = await self._connect(target, parts.host, parts.port, writer)
        if upstream is None:
            return
        up_reader, up_writer = upstream
        origin_form = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = _headers(rest)
        upgrade = any(name.lower() == "upgrade" for name, _ in headers)
        kept = [(n, v) for n, v in headers if n.lower() not in ("proxy-connection", "proxy-authorization")]
        if not upgrade:  # one request per connection: the next one is checked anew
            kept = [(n, v) for n, v in kept if n.lower() != "connection"] + [("Connection", "close")]
        sending: asyncio.Future[None] | None = None
        try:
            try:  # the browser's body, then the server's head, each within the deadline
                body = await asyncio.wait_for(_whole_body(reader, headers), self.timeout_s)
                up_writer.write(_head(f"{method} {origin_form} {version}", kept) + body)
                await up_writer.drain()
                sending = asyncio.ensure_future(_pipe(reader, up_writer))
                response = await asyncio.wait_for(_read_head(up_reader), self.timeout_s)
            except TimeoutError:
                await self._failed(writer, target, GateFailure.TIMEOUT)
                return
            except HeadTooLarge:
                await self._failed(writer, target, GateFailure.HEAD_TOO_LARGE)
                return
            if response is None:
                await self._failed(writer, target, GateFailure.CLOSED)
                return
            status_line, _, rest = response.partition(b"\r\n")
            headers = _headers(rest)
            if not upgrade:
                headers = [(n, v) for n, v in headers if n.lower() not in ("connection", "keep-alive")]
                headers.append(("Connection", "close"))
            writer.write(_head(status_line.decode("latin-1"), headers))
            await writer.drain()
            if upgrade:
                await _pipe_both(reader, writer, up_reader, up_writer, sending)
            else:
                await _pipe(up_reader, writer)
        finally:
            if sending is not None:
                sending.cancel()
            up_writer.close()

    async def _failed(self, writer: asyncio.StreamWriter, url: str, why: GateFailure) -> None:
        self.log.fail(url, why)
        await _answer(writer, 504 if why is GateFailure.TIMEOUT else 502, why.value, {FAILURE_HEADER: why.value})

    async def _connect(
        self, url: str, host: str, port: int, writer: asyncio.StreamWriter
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
        """A connection to an allowed host. The name is resolved once, here, and the connection made
        to that address: nothing can answer a second lookup differently between check and connect."""
        if not host_allowed(host, self.hosts):
            self.log.refuse(url, host)
            await _answer(writer, 403, f"host not allowed: {host}", {BLOCKED_HEADER: host})
            return None
        try:
            address = await asyncio.wait_for(_resolve(canonical_host(host) or host, port), self.timeout_s)
            return await asyncio.wait_for(asyncio.open_connection(address, port), self.timeout_s)
        except socket.gaierror:
            why = GateFailure.DNS
        except ConnectionRefusedError:
            why = GateFailure.REFUSED
        except TimeoutError:
            why = GateFailure.TIMEOUT
        except OSError:
            why = GateFailure.CLOSED
        await self._failed(writer, url, why)
        return None


class HeadTooLarge(ValueError):
    """A status line and headers longer than MAX_HEAD."""


async def _resolve(host: str, port: int) -> str:
    """The first address `host` resolves to (an address resolves to itself)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not infos:
        raise socket.gaierror(f"{host} has no address")
    return str(infos[0][4][0])


async def _read_head(reader: asyncio.StreamReader) -> bytes | None:
    """Bytes up to the blank line after the headers; None when the peer closed first."""
    try:
        data = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    except asyncio.LimitOverrunError:
        raise HeadTooLarge from None
    if len(data) > MAX_HEAD:
        raise HeadTooLarge
    return data[:-4]


async def _whole_body(reader: asyncio.StreamReader, headers: list[tuple[str, str]]) -> bytes:
    """A request body of known length up to MAX_BUFFERED_BODY, read whole, to go to the server with the head
    (as nginx buffers request bodies); a longer or chunked one is relayed as it comes.

    A server that answers a form without reading what was sent, then closes, resets the
    connection when the body reaches it after the close: its answer was lost with it, and the
    browser saw half a page (net::ERR_CONTENT_LENGTH_MISMATCH) that never finished loading."""
    length = next((value for name, value in headers if name.lower() == "content-length"), "")
    if not length.isdigit() or not 0 < int(length) <= MAX_BUFFERED_BODY:
        return b""
    if any(name.lower() == "expect" for name, _ in headers):
        return b""  # "100-continue": the client waits for the server's word before sending it
    return await reader.readexactly(int(length))


def _headers(block: bytes) -> list[tuple[str, str]]:
    lines = block.decode("latin-1").split("\r\n") if block else []
    return [(name.strip(), value.strip()) for name, _, value in (line.partition(":") for line in lines if line)]


def _head(first_line: str, headers: list[tuple[str, str]]) -> bytes:
    return (first_line + "\r\n" + "".join(f"{n}: {v}\r\n" for n, v in headers) + "\r\n").encode("latin-1")


async def _answer(writer: asyncio.StreamWriter, status: int, text: str, extra: dict[str, str] | None = None) -> None:
    body = f"Parcours: {text}\n".encode()
    headers = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))),
               ("Connection", "close"), *(extra or {}).items()]
    writer.write(_head(f"HTTP/1.1 {status} Parcours", headers) + body)
    await writer.drain()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while chunk := await reader.read(65536):
        writer.write(chunk)
        await writer.drain()


async def _pipe_both(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
    up_reader: asyncio.StreamReader, up_writer: asyncio.StreamWriter,
    sending: asyncio.Future[None] | None = None,
) -> None:
    """Relay both ways until either side closes (TLS tunnels, WebSockets)."""
    sending = sending or asyncio.ensure_future(_pipe(reader, up_writer))
    receiving = asyncio.ensure_future(_pipe(up_reader, writer))
    try:
        await asyncio.wait({sending, receiving}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        sending.cancel()
        receiving.cancel()
        up_writer.close()
