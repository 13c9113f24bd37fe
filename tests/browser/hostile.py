"""A hostile procedure site on 127.0.0.1, and a second host on 127.0.0.2 that counts what reaches it:
HTTP requests, TCP connections and UDP datagrams on its STUN/TURN port."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

from harness.webserver import BackgroundServer

HUGE_BYTES = 20_000_000


def page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><main><h1>{title}</h1>{body}</main></body></html>"
    )


@dataclass
class SecondHost:
    """Any request, connection or datagram that reaches it is a leak: the tests count them."""

    hits: list[str] = field(default_factory=list)
    datagrams: int = 0  # UDP on its STUN/TURN port (WebRTC)
    connections: int = 0  # TCP on its STUN/TURN port (TURN over TCP)
    stun_port: int = 0  # the same number for UDP and TCP

    async def any(self, request: Request) -> Response:
        self.hits.append(request.url.path)
        return page("Autre hôte", "")

    async def socket(self, websocket: WebSocket) -> None:
        self.hits.append("websocket")
        await websocket.accept()
        await websocket.close()

    def app(self) -> Starlette:
        return Starlette(routes=[WebSocketRoute("/ws", self.socket), Route("/{path:path}", self.any, methods=["GET", "POST"])])


@dataclass
class Hostile:
    """Routes of the hostile site; `other` is the second host's base URL."""

    other: str = ""
    url: str = ""
    closer_url: str = ""  # a server that closes every connection without answering
    stun_port: int = 0  # the second host's STUN/TURN port
    hang_s: float = 20.0

    async def home(self, request: Request) -> Response:
        return page("Accueil", '<form method="post" action="/hang"><button>Continuer</button></form>')

    async def hang(self, request: Request) -> Response:
        await asyncio.sleep(self.hang_s)  # bounded, so that the server can stop
        return page("Trop tard", "")

    async def no_content(self, request: Request) -> Response:
        """A form sent to an address that answers 204 No Content: the browser stays on the form."""
        if request.method == "POST":
            return Response(status_code=204)
        return page("Sans contenu", '<form method="post"><button>Envoyer</button></form>')

    async def redirect_out(self, request: Request) -> Response:
        return RedirectResponse(f"{self.other}/landing", 302)

    async def hop(self, request: Request) -> Response:
        # an allowed host first, then out: every hop is checked, not only the first
        port = self.url.rsplit(":", 1)[1]
        return RedirectResponse(f"http://localhost:{port}/redirect-out", 302)

    async def loop(self, request: Request) -> Response:
        return RedirectResponse("/loop", 302)

    async def error500(self, request: Request) -> Response:
        return HTMLResponse("<h1>Erreur interne</h1>", status_code=500)

    async def channels(self, request: Request) -> Response:
        ws = self.other.replace("http://", "ws://")
        return page("Canaux", f"""<script>
            new WebSocket("{ws}/ws");
            new EventSource("{self.other}/events");
            navigator.sendBeacon("{self.other}/beacon", "x");
            fetch("{self.other}/api", {{mode: "no-cors"}}).catch(() => {{}});
            if (navigator.serviceWorker) navigator.serviceWorker.register("/sw.js").catch(() => {{}});
          </script><img alt="" src="/img-out">""")

    async def img_out(self, request: Request) -> Response:
        return RedirectResponse(f"{self.other}/pixel.gif", 302)

    async def popup(self, request: Request) -> Response:
        return page("Fenêtre", f"""<button id="open">Ouvrir</button>
            <script>document.getElementById("open").onclick = () => window.open("{self.other}/popup");</script>""")

    async def meta_out(self, request: Request) -> Response:
        return page("Rafraîchir", f'<meta http-equiv="refresh" content="0; url={self.other}/refreshed">')

    async def local_links(self, request: Request) -> Response:
        return page("Liens", '<a href="file:///etc/passwd">Fichier</a> <a href="data:text/html,<h1>data</h1>">Données</a>'
                             ' <a href="javascript:void(0)">Script</a>')

    async def download(self, request: Request) -> Response:
        return page("Télécharger", '<a href="/file.pdf">Le formulaire</a>')

    async def file(self, request: Request) -> Response:
        return Response(b"%PDF-1.4 fake", media_type="application/pdf",
                        headers={"Content-Disposition": 'attachment; filename="formulaire.pdf"'})

    async def webrtc(self, request: Request) -> Response:
        """A peer connection to the second host, from the page and from a frame it makes on the fly."""
        other = self.other.split("//")[1].split(":")[0]
        port = self.stun_port
        servers = (f'[{{urls: "stun:{other}:{port}"}}, {{urls: ["turn:{other}:{port}?transport=udp", '
                   f'"turn:{other}:{port}?transport=tcp"], username: "u", credential: "p"}}]')
        return page("WebRTC", f"""<p id="said">…</p><script>
            const said = [];
            function open(W, where) {{
              try {{
                const pc = new W.RTCPeerConnection({{iceServers: {servers}}});
                pc.createDataChannel("x");
                pc.createOffer().then((offer) => pc.setLocalDescription(offer));
                said.push(where + ": open");
              }} catch (e) {{ said.push(where + ": " + e.name); }}
            }}
            open(window, "page");
            const frame = document.body.appendChild(document.createElement("iframe"));
            open(window[window.length - 1], "frame");
            try {{ open({{RTCPeerConnection: RTCPeerConnection.prototype.constructor}}, "prototype"); }} catch (e) {{}}
            document.getElementById("said").textContent = said.join(", ");
          </script>""")

    async def blob_nav(self, request: Request) -> Response:
        return page("Blob", '<script>location.href = URL.createObjectURL(new Blob(["<h1>Ailleurs</h1>"], '
                            '{type: "text/html"}));</script>')

    async def reload_loop(self, request: Request) -> Response:
        return page("Boucle", "<script>location.reload();</script>")

    async def big_head(self, request: Request) -> Response:
        return HTMLResponse("<h1>Tête</h1>", headers={f"X-Filler-{i}": "a" * 1000 for i in range(80)})

    async def popups(self, request: Request) -> Response:
        return page("Fenêtres", f'<script>for (let i = 0; i < 200; i++) window.open("{self.other}/popup-" + i);</script>')

    async def meta_refresh_now(self, request: Request) -> Response:
        """The W3C ACT test case of rules bc659a and bisz58: an immediate refresh to another host."""
        return HTMLResponse(f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Rafraîchir</title>'
                            f'<meta http-equiv="refresh" content="0; url={self.other}/act"></head>'
                            f'<body><p>Cette page part ailleurs.</p></body></html>')

    async def buffers(self, request: Request) -> Response:
        """Array buffers live outside the JS heap: six of 512 MiB, written to, pass any heap limit."""
        return page("Tampons", "<script>setTimeout(() => { window.kept = []; for (let i = 0; i < 6; i++) {"
                               "const b = new Uint8Array(512 * 1024 * 1024); b.fill(1); window.kept.push(b); } }, 50);"
                               "</script>")

    async def memory(self, request: Request) -> Response:
        return page("Mémoire", "<script>setTimeout(() => { const a = []; "
                               "while (true) a.push(new Array(1e6).fill(1.5)); }, 50);</script>")

    async def huge(self, request: Request) -> Response:
        paragraph = "<p>" + "lorem ipsum dolor sit amet " * 40 + "</p>\n"
        return page("Très longue page", paragraph * (HUGE_BYTES // len(paragraph)))

    async def tall(self, request: Request) -> Response:
        return page("Très haute page", '<div style="height: 3000000px">Le bas est loin.</div>')

    async def good(self, request: Request) -> Response:
        return page("Votre identité", '<form method="post" action="/good-next"><label for="n">Nom</label>'
                                      '<input id="n" name="n"><button>Continuer</button></form>')

    async def good_next(self, request: Request) -> Response:
        return page("Vérifiez vos réponses", "")

    def app(self) -> Starlette:
        routes = {
            "/": self.home, "/hang": self.hang, "/no-content": self.no_content, "/redirect-out": self.redirect_out, "/hop": self.hop,
            "/loop": self.loop, "/error500": self.error500, "/channels": self.channels, "/img-out": self.img_out,
            "/popup": self.popup, "/meta-out": self.meta_out, "/local-links": self.local_links,
            "/download": self.download, "/file.pdf": self.file, "/memory": self.memory, "/huge": self.huge, "/tall": self.tall,
            "/good": self.good, "/good-next": self.good_next, "/webrtc": self.webrtc, "/blob-nav": self.blob_nav,
            "/reload-loop": self.reload_loop, "/big-head": self.big_head, "/popups": self.popups,
            "/meta-refresh-now": self.meta_refresh_now, "/buffers": self.buffers,
        }
        return Starlette(routes=[Route(path, fn, methods=["GET", "POST"]) for path, fn in routes.items()])


@contextmanager
def closer() -> Iterator[str]:
    """A TCP server that reads a request and closes the connection without a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                connection.settimeout(1)
                try:
                    connection.recv(65536)
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


@contextmanager
def stun_counters(second: SecondHost) -> Iterator[None]:
    """UDP and TCP listeners on the second host's STUN/TURN port, counting what arrives."""
    tcp = socket.socket()
    tcp.bind(("127.0.0.2", 0))
    second.stun_port = tcp.getsockname()[1]
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.2", second.stun_port))
    tcp.listen(16)
    for one in (udp, tcp):
        one.settimeout(0.2)
    stop = threading.Event()

    def count_udp() -> None:
        while not stop.is_set():
            try:
                udp.recvfrom(65536)
                second.datagrams += 1
            except OSError:
                continue

    def count_tcp() -> None:
        while not stop.is_set():
            try:
                connection, _ = tcp.accept()
                second.connections += 1
                connection.close()
            except OSError:
                continue

    threads = [threading.Thread(target=f, daemon=True) for f in (count_udp, count_tcp)]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=5)
        udp.close()
        tcp.close()


@contextmanager
def hostile_sites() -> Iterator[tuple[Hostile, SecondHost]]:
    second = SecondHost()
    hostile = Hostile()
    with BackgroundServer(second.app(), host="127.0.0.2") as other, BackgroundServer(hostile.app()) as server, \
            closer() as closing, stun_counters(second):
        hostile.other, hostile.url, hostile.closer_url, hostile.stun_port = other.url, server.url, closing, second.stun_port
        yield hostile, second
