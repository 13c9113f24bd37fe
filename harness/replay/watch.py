"""What the browser says of a run between two looks: the main document, crashes, popups, downloads, blocked requests."""

from __future__ import annotations

import json
import time
from collections import deque
from dataclasses import dataclass, field
from importlib import resources

from playwright.sync_api import BrowserContext, ConsoleMessage, Download, Error, Page, Request, Response

from harness.replay.gate import BLOCKED_HEADER, FAILURE_HEADER, Listener, Refusal
from harness.runs.record import BlockedRequest, Popup
from harness.weburl import WebUrl, host_allowed, parse

# Statuses that are not a failure of the screen: a form sent back with its
# errors is answered 422 (Unprocessable Content) by many frameworks.
FORM_ERROR_STATUSES = frozenset({422})
LOOP_DOCUMENTS, LOOP_WINDOW_S = 8, 5.0  # as many documents, no action between: the page loads itself again and again
MAX_WINDOWS = 5  # windows a page may open by itself before the run ends on them
NO_WEBRTC = resources.files("harness.replay").joinpath("no_webrtc.js").read_text("utf-8")
WEBRTC_REPORT = "parcours:webrtc"


@dataclass
class Document:
    """The last answer the main frame got for a document, not yet looked at."""

    url: str
    status: int
    gate_failure: str | None  # why the gate could not reach an allowed host
    gate_blocked: str | None  # the host the gate refused


@dataclass
class RunWatch:
    """Listens to one browser context; the engine reads and resets it at each screen."""

    hosts: list[str]
    listener: Listener
    page: Page | None = None
    step: int | None = None
    acting: bool = False  # set when a step's actions begin: a popup or download from then on is theirs
    blocked: list[BlockedRequest] = field(default_factory=list)
    popups: list[Popup] = field(default_factory=list)
    popup_during_actions: str | None = None
    download: str | None = None
    crashed: bool = False
    document: Document | None = None
    navigation_failure: str | None = None  # net::ERR_… of the main frame's last navigation
    failed_url: str | None = None  # and its URL
    pending_navigation: str | None = None  # a main-frame request with no answer yet
    escaped_to: str | None = None  # a main-frame navigation to a host not allowed (the gate refuses it)
    kinds: dict[str, str] = field(default_factory=dict)  # URL -> what the browser asked it for
    documents: int = 0  # main-frame documents received so far
    loaded: int = 0  # the count of documents when the main frame last fired `load`: the latest has, when equal
    document_times: deque[float] = field(default_factory=lambda: deque(maxlen=LOOP_DOCUMENTS))  # when the last ones came
    method: str = "GET"  # how the latest main-frame document was asked for: a POST's answer cannot be asked again
    windows_opened: int = 0  # new tabs or windows the page opened, each counted (a flood opens the same URL)
    refused: list[tuple[Refusal, int | None]] = field(default_factory=list)  # by the gate, with their step

    def attach(self, context: BrowserContext, page: Page) -> None:
        self.page = page
        context.add_init_script(script=NO_WEBRTC)
        context.on("request", self._request)
        context.on("page", self._new_page)
        page.on("response", self._response)
        page.on("requestfailed", self._failed)
        page.on("crash", self._crash)
        page.on("download", self._download)
        page.on("console", self._console)
        page.on("load", self._load)
        page.on("websocket", lambda ws: self.kinds.__setitem__(tunnel_key(ws.url), "websocket"))

    def _from_popup(self, request: Request) -> bool:
        try:
            return request.frame.page is not self.page
        except Error:  # a navigation issued before its frame exists: a new tab's first one
            return request.is_navigation_request()

    # -- events -------------------------------------------------------------

    def _request(self, request: Request) -> None:
        """Each request labelled with its kind, for the gate's refusals. No route is needed to refuse them (the
        gate refuses every host not allowed, hop by hop), and none is set: Playwright's routing turns the
        browser's HTTP cache off, and a procedure's pages would each fetch its stylesheets, scripts and fonts
        again, unlike a person's browser."""
        url = request.url
        if request.is_navigation_request() and self._from_popup(request):  # seen here sooner than the new page itself
            self._popup(url)
            self.kinds[url] = "popup"
            return
        self.kinds[url] = "redirect" if request.redirected_from else request.resource_type
        if self._main_navigation(request):
            self.pending_navigation = url
            self.navigation_failure = None
            parsed = parse(url)
            if parsed is not None and parsed.scheme in ("http", "https") and not host_allowed(parsed.host, self.hosts):
                self.escaped_to = parsed.host  # the gate refuses it: the run ends on it

    def _response(self, response: Response) -> None:
        request = response.request
        if not self._main_navigation(request):
            return
        self.pending_navigation = None
        if 300 <= response.status < 400:
            return  # a hop; the browser follows it through the gate
        if response.status in (204, 205):
            return  # no content: the browser stays on the page it shows
        headers = response.headers
        if _displayed(headers):  # a download answers a navigation too, without a new screen
            self.documents += 1
            self.document_times.append(time.monotonic())
        self.method = request.method
        self.document = Document(
            url=response.url, status=response.status,
            gate_failure=headers.get(FAILURE_HEADER.lower()), gate_blocked=headers.get(BLOCKED_HEADER.lower()),
        )

    def _load(self, _page: Page) -> None:
        self.loaded = self.documents

    def _failed(self, request: Request) -> None:
        if self._main_navigation(request):
            self.pending_navigation = None
            self.navigation_failure = request.failure or "net::ERR_FAILED"
            self.failed_url = request.url

    def _console(self, message: ConsoleMessage) -> None:
        """A peer connection the page tried to open (no_webrtc.js refused it): recorded with each host it named."""
        if message.type != "debug" or not message.text.startswith(WEBRTC_REPORT):
            return
        try:
            urls = [u for u in json.loads(message.text[len(WEBRTC_REPORT):].strip()) if isinstance(u, str)]
        except (ValueError, TypeError):
            urls = []
        for url in urls[:20] or ["webrtc:"]:
            self.blocked.append(BlockedRequest(url=url[:500], host=ice_host(url), step=self.step, kind="webrtc"))

    def _crash(self, _page: Page) -> None:
        self.crashed = True

    def _download(self, download: Download) -> None:
        self.download = download.suggested_filename or download.url

    def _new_page(self, page: Page) -> None:
        if page is self.page:
            return
        self.windows_opened += 1
        if (parse(page.url) or _NOWHERE).scheme in ("http", "https"):
            self._popup(page.url)
        try:
            page.close()  # the replay follows one tab; a popup is listed, never browsed
        except Error:
            pass

    def _popup(self, url: str) -> None:
        if not any(p.url == url for p in self.popups):
            self.popups.append(Popup(url=url, step=self.step))
        if self.acting and self.popup_during_actions is None:
            self.popup_during_actions = url

    def _main_navigation(self, request: Request) -> bool:
        try:
            return request.is_navigation_request() and request.frame.parent_frame is None and request.frame.page is self.page
        except Error:
            return False

    # -- what the gate refused ----------------------------------------------

    def collect_gate(self) -> None:
        """Note what the gate refused (redirect hops, tunnels, service workers) and at which step."""
        self.refused += [(refusal, self.step) for refusal in self.listener.log.take_refused()]

    def blocked_requests(self) -> list[BlockedRequest]:
        """Everything blocked, the gate's refusals labelled now that every event of the run has come in."""
        self.collect_gate()
        return self.blocked + [
            BlockedRequest(url=refusal.url, host=refusal.host, step=step,
                           kind=self.kinds.get(refusal.url) or self.kinds.get(tunnel_key(refusal.url)) or "tunnel")
            for refusal, step in self.refused
        ]

    def acted(self) -> None:
        """The replay acts (an action, a goto): documents from now on are its doing, not a loop."""
        self.document_times.clear()

    def looping(self) -> tuple[int, float] | None:
        """(documents, seconds) when the main frame took LOOP_DOCUMENTS documents within LOOP_WINDOW_S with
        no action of the replay in between (a page that reloads or redirects itself on load), else None."""
        times = self.document_times
        if len(times) == LOOP_DOCUMENTS and times[-1] - times[0] <= LOOP_WINDOW_S:
            return len(times), times[-1] - times[0]
        return None

    def flooding(self) -> int | None:
        """How many windows the page opened, when more than a popup a person could follow."""
        return self.windows_opened if self.windows_opened > MAX_WINDOWS else None

    def take_document(self) -> Document | None:
        document, self.document = self.document, None
        return document


_NOWHERE = WebUrl(href="", scheme="", host="", port=None, path="", query="")


def _displayed(headers: dict[str, str]) -> bool:
    """Whether the browser shows this answer as a page, rather than saving it."""
    if "attachment" in headers.get("content-disposition", "").lower():
        return False
    kind = headers.get("content-type", "text/html").split(";")[0].strip().lower()
    return kind in ("text/html", "application/xhtml+xml", "text/plain") or kind.startswith("image/")


def ice_host(url: str) -> str:
    """The host of a STUN or TURN server's URL (`turn:host:port?transport=udp`), or "" for none."""
    rest = url.split(":", 1)[1] if ":" in url else ""
    rest = rest.lstrip("/").split("?", 1)[0]
    if rest.startswith("["):
        return rest[1:rest.find("]")] if "]" in rest else ""
    return rest.rsplit(":", 1)[0] if rest.count(":") == 1 else rest


def tunnel_key(url: str) -> str:
    """`host:port` of a URL, the way a CONNECT tunnel names it."""
    parts = parse(url)
    if parts is None:
        return url
    host = f"[{parts.host}]" if ":" in parts.host else parts.host
    return f"https://{host}:{parts.port}/"
