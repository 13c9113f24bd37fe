"""Shared fixtures: real HTTP servers on 127.0.0.1 and one real Chromium per session."""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from harness.demo.app import create_app
from harness.replay.campaign import BrowserSession, Settings, run_campaign
from harness.replay.events import Handler
from harness.replay.profiles import PROFILES
from harness.runs.record import RunRecord
from harness.runs.writer import RunWriter
from harness.scenario.loader import load_scenario
from harness.webserver import BackgroundServer

pytest_plugins = ["pytester"]
DEMO_SCENARIOS = Path(__file__).parent.parent / "harness" / "demo" / "scenarios"
DURATIONS = Path(__file__).parent / "durations.json"  # seconds per test file, from scripts/test_durations.py


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The slowest test files first. Each worker takes a file at a time (`--dist loadfile --no-loadscope-reorder`):
    a long file handed out last would leave one worker alone at the end. A file not in the list
    (new, its time unknown) goes first. The sort is stable: a file's tests keep their order."""
    try:
        seconds = json.loads(DURATIONS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    root = config.rootpath

    def slowest_first(item: pytest.Item) -> float:
        return -seconds.get(item.path.relative_to(root).as_posix(), math.inf)

    items.sort(key=slowest_first)


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashes() -> Iterator[None]:
    """Passwords hashed with argon2id at its lowest cost in the test process: the real cost (64 MiB, three
    passes: a tenth of a second a sign-in) is the point in production and hundreds of sign-ins here. The apps the
    tests start in their own processes (`parcours serve`: the burst of sign-ins, several processes) keep it, and
    tests/unit/test_passwords.py holds the real parameters."""
    from argon2 import PasswordHasher

    from harness.panel import live

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(live, "_HASHER", cheap)
        patch.setattr(live, "_DUMMY", cheap.hash("parcours: no such account"))
        yield


@dataclass
class PageSite:
    """A real site on loopback whose pages the tests write, each under its own prefix."""

    url: str = ""
    pages: dict[str, str] = field(default_factory=dict)
    counter: itertools.count = field(default_factory=itertools.count)

    def add(self, pages: dict[str, str]) -> str:
        """Serve `pages` (path -> HTML body) under a fresh prefix; return that prefix."""
        prefix = f"/t{next(self.counter)}"
        for path, body in pages.items():
            self.pages[prefix + path] = body
        return prefix

    async def serve(self, request: Request) -> Response:
        path = request.url.path
        if path.endswith("/slow"):  # a page that never finishes loading in time
            await asyncio.sleep(3)
        body = self.pages.get(path)
        if body is None:
            return HTMLResponse("<title>404</title><h1>Page introuvable</h1>", status_code=404)
        if body.lstrip().lower().startswith("<!doctype"):
            return HTMLResponse(body)
        return HTMLResponse(
            '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Page d'essai</title></head><body><main>{body}</main></body></html>"
        )


@pytest.fixture(scope="session")
def site() -> Iterator[PageSite]:
    pages = PageSite()
    app = Starlette(routes=[Route("/{path:path}", pages.serve, methods=["GET", "POST"])])
    with BackgroundServer(app) as server:
        pages.url = server.url
        yield pages


@pytest.fixture(scope="session")
def demo() -> Iterator[BackgroundServer]:
    app = create_app()
    with BackgroundServer(app) as server:
        server.app = app  # type: ignore[attr-defined]
        yield server


@pytest.fixture(scope="session")
def browser_session() -> Iterator[BrowserSession]:
    with BrowserSession() as session:
        yield session


@dataclass
class Replay:
    """Write a scenario, replay it for real, return its record and folder."""

    tmp_path: Path
    session: BrowserSession

    def write(self, yaml_text: str, name: str = "scenario.yaml") -> Path:
        path = self.tmp_path / "scenarios" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(yaml_text), encoding="utf-8")
        return path

    def __call__(
        self,
        scenario: str | Path,
        base_url: str,
        profile: str = "desktop",
        allow_irreversible: bool = False,
        timeout_ms: float = 3_000,
        handlers: list[Handler] = (),  # type: ignore[assignment]
    ) -> tuple[RunRecord, Path]:
        loaded = load_scenario(scenario if isinstance(scenario, Path) else self.write(scenario))
        writer = RunWriter(self.tmp_path / "runs", "test")
        settings = Settings("test", base_url, allow_irreversible, timeout_ms)
        records = run_campaign([loaded], [PROFILES[profile]], settings, [writer, *handlers], self.session)
        return records[0], writer.written[0]


@pytest.fixture
def replay(tmp_path: Path, browser_session: BrowserSession) -> Replay:
    return Replay(tmp_path, browser_session)


# -- the panel store, on SQLite and on a real PostgreSQL ------------------------

POSTGRES_ENV = "PARCOURS_TEST_POSTGRES_URL"
CRITERIA = Path(__file__).parent.parent / "harness" / "criteria" / "grid"


def postgres_url() -> str:
    """The test server's URL; in CI its absence is a failure, never a skip."""
    import os

    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} is not set: run the tests through scripts/with-postgres.sh (make test)")
        pytest.skip(f"no PostgreSQL: set {POSTGRES_ENV} or run make test")
    return url


def worker_database(url: str) -> str:
    """Under pytest-xdist, each worker has its own database next to the test one (made once)."""
    import os

    from sqlalchemy import create_engine, make_url, text

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if not connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def fresh_database(kind: str, tmp_path: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'panel.db'}"
    from sqlalchemy import create_engine, text

    url = worker_database(postgres_url())
    engine = create_engine(url)
    with engine.begin() as connection:  # every test starts from an empty schema
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return fresh_database(request.param, tmp_path)


@pytest.fixture
def store(database_url: str):  # noqa: ANN201
    from harness.store.db import open_store

    opened = open_store(database_url)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def catalogue():  # noqa: ANN201
    from harness.criteria.loader import load_catalogue

    return load_catalogue(CRITERIA)

