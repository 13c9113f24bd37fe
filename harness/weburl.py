"""URLs and hosts read the way the browser reads them: the WHATWG URL Standard (ada, as Node.js uses).

Every host decision — `parcours check`, `allowed_hosts`, the gate, the replay's route — goes through
here, so that Parcours and Chromium never disagree on where a URL leads. Python's urlsplit reads
`http://127.0.0.2:81\\@127.0.0.1/` as a URL of 127.0.0.1; a browser, and this module, as one of
127.0.0.2. Hosts are compared in the browser's form: `127.1` is `127.0.0.1`, `Café.fr` is
`xn--caf-dma.fr`, a final dot is dropped, an IPv6 address has no brackets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ada_url import URL

SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


@dataclass(frozen=True)
class WebUrl:
    href: str
    scheme: str  # without its colon, lower case
    host: str  # canonical_host form; "" for URLs without one
    port: int | None  # explicit or the scheme's default; None for other schemes
    path: str
    query: str  # without its "?"


def parse(url: str, base: str | None = None) -> WebUrl | None:
    """The URL as a browser reads it, or None when a browser would not take it."""
    try:
        parsed = URL(url, base) if base else URL(url)
    except ValueError:
        return None
    scheme = parsed.protocol.rstrip(":").lower()
    port = int(parsed.port) if parsed.port else DEFAULT_PORTS.get(scheme)
    return WebUrl(href=parsed.href, scheme=scheme, host=_plain(parsed.hostname), port=port,
                  path=parsed.pathname, query=parsed.search.lstrip("?"))


def has_scheme(url: str) -> bool:
    """Whether a scenario's URL is absolute (it names a scheme) rather than a path to join to --base-url."""
    return bool(SCHEME.match(url.strip()))


def host_of(url: str | None) -> str | None:
    """The URL's host in canonical form, or None (no URL, not a URL, no host)."""
    if not url:
        return None
    parsed = parse(url)
    return parsed.host or None if parsed else None


def canonical_host(host: str) -> str | None:
    """A host written in a scenario or asked for by the browser, in the form the browser uses; None when
    it is no host a browser would reach (a space, a slash, an invalid address…)."""
    text = host.strip()
    if not text or any(c in text for c in "/\\?#@ \t\r\n\x00"):
        return None
    if ":" in text and not text.startswith("["):
        text = f"[{text}]"  # a bare IPv6 address
    parsed = parse(f"http://{text}/")
    return parsed.host if parsed and parsed.host else None


def host_allowed(host: str | None, hosts: Iterable[str]) -> bool:
    """Whether `host` is one of `hosts`, both read the browser's way."""
    wanted = canonical_host(host) if host else None
    if wanted is None:
        return False
    return wanted in {canonical_host(h) for h in hosts}


def _plain(hostname: str) -> str:
    return hostname.strip("[]").lower().rstrip(".")
