"""Serve an ASGI app on 127.0.0.1 from a background thread, for demos and tests."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType
from typing import TypedDict

import uvicorn
from starlette.types import ASGIApp


class ProxySettings(TypedDict, total=False):
    proxy_headers: bool
    forwarded_allow_ips: str


def proxy_settings(trusted_proxies: tuple[str, ...]) -> ProxySettings:
    """uvicorn's handling of X-Forwarded-For and -Proto: off unless proxies are named. (uvicorn believes
    them from 127.0.0.1 by default: any local program could then claim to be any address.)"""
    if not trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(trusted_proxies)}


class BackgroundServer:
    """`with BackgroundServer(app) as server: server.url` — a real HTTP server on loopback."""

    def __init__(self, app: ASGIApp, host: str = "127.0.0.1", port: int = 0, trusted_proxies: tuple[str, ...] = ()) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, port))
        self.host, self.port = self.sock.getsockname()
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", **proxy_settings(trusted_proxies))
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> BackgroundServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the server on {self.url} did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
