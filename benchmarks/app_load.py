"""20 facilitators saving screens at once through the app, on loopback: p95 latency of a save.

Baseline in the same run: a bare Starlette endpoint writing the same row (a step result upserted
in one transaction, no account, CSRF, validation or row version). Each side is served by uvicorn on
127.0.0.1 in its own process and hit by the same threads of httpx clients; the p95 of each and
their ratio are printed, under two loads:

- paced: each facilitator saves a screen every `--pace` seconds (1 s by default, starts spread over
  the first second): 20 saves a second, far above a real session, where a screen takes a minute;
- flat out: each facilitator saves again as soon as the last save returns, with no pause. This
  measures saturation: 20 requests always queued on one server process, on a 2-core machine that
  also runs the clients.

The 100 ms target is checked on the paced load.
SQLite always; PostgreSQL too when PARCOURS_TEST_POSTGRES_URL is set (`scripts/with-postgres.sh`).

The app is started as `parcours serve` starts it, with one process and with two (`--workers`), each
on a fresh store.

    python benchmarks/app_load.py [--facilitators 20] [--saves 30] [--pace 1.0] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from harness.analysis.sources import version_order
from harness.cli import demo_scenarios
from harness.panel import live
from harness.panel.models import CampaignIn, TesterIn
from harness.panel.service import add_testers, create_campaign
from harness.scenario.loader import load_all
from harness.store.db import open_store
from harness.store.tables import Session, StepResult

PASSWORD = "banc d'essai du panel"
TARGET_P95_MS = 100


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] * 1000


def prepare(url: str, facilitators: int) -> list[tuple[str, int]]:
    """A campaign, a tester, and per facilitator an account and a draft session: (login, session id)."""
    store = open_store(url)
    create_campaign(store, CampaignIn(code="banc", title="Banc"))
    add_testers(store, [TesterIn(code="T-001", segment="senior", age_band="75+", territory="rural", digital_comfort=3,
                                 device="tablet")], "banc")
    # the demo's improved version, as the app knows it from its scenario: its screens are what the sessions save
    loaded, problems = load_all([demo_scenarios()])
    assert not problems, problems
    latest = max(loaded, key=lambda item: version_order(item.scenario.version)).scenario
    live.register_versions(store, [(latest.procedure, latest.version, latest.title, latest.owner)])
    version = next(v for v, procedure, name in live.versions(store) if (procedure, name) == (latest.procedure, latest.version))
    pairs = []
    for n in range(facilitators):
        account = live.add_user(store, f"med-{n:02d}", PASSWORD, "facilitator")
        session = live.start_session(store, account, {"campaign": "banc", "version_id": version, "tester": "T-001",
                                                      "held_on": "2026-11-23", "device": "tablet"})
        pairs.append((account.login, session))
    store.close()
    return pairs


def bare_app(url: str) -> Starlette:
    engine = create_engine(url)

    async def save(request: Request) -> PlainTextResponse:
        form = await request.form()
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM step_result WHERE session_id = :s AND step = :step"),
                               {"s": int(form["session"]), "step": form["step"]})
            connection.execute(StepResult.__table__.insert().values(
                session_id=int(form["session"]), position=int(form["position"]), step=form["step"],
                outcome=form["outcome"], seconds=float(form["seconds"]), errors=0, help_requests=0, seq=int(form["seq"])))
            connection.execute(Session.__table__.update().where(Session.id == int(form["session"]))
                               .values(row_version=Session.row_version + 1))
        return PlainTextResponse("ok")

    return Starlette(routes=[Route("/save", save, methods=["POST"])])


def sign_in(client: httpx.Client, login: str, attempts: int = 10) -> str:
    """Sign in as a facilitator does, trying again (as a person would) while the app answers 503: it checks
    two passwords at a time and asks the others to come back when a machine under load makes them wait.
    The CSRF token of the signed-in pages; the app's answer in the error otherwise."""
    for _ in range(attempts):
        page = client.get("/connexion")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        answer = client.post("/connexion", data={"login": login, "password": PASSWORD,
                                                 "csrf": token.group(1) if token else ""})
        if answer.status_code == 503:
            time.sleep(random.uniform(0.5, 1.5))
            continue
        home = client.get("/")
        found = re.search(r'name="csrf" value="([^"]+)"', home.text)
        if answer.status_code == 303 and home.status_code == 200 and found:
            return found.group(1)
        raise RuntimeError(f"{login} could not sign in: HTTP {answer.status_code}, then {home.status_code} for /")
    raise RuntimeError(f"{login} could not sign in: the app stayed busy (503) {attempts} times")


def run_side(base_url: str, pairs: list[tuple[str, int]], saves: int, bare: bool, pace: float | None = None,
             first_version: int = 1) -> list[float]:
    """Each facilitator's saves, every `pace` seconds (None: flat out); the latencies of all."""
    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def facilitator(login: str, session: int) -> None:
        try:
            saving(login, session)
        except BaseException as exc:  # a thread's failure must stop the benchmark, not leave it without figures
            with lock:
                errors.append(exc)

    def saving(login: str, session: int) -> None:
        with httpx.Client(base_url=base_url, timeout=30) as client:
            csrf, version = "", first_version
            if not bare:
                csrf = sign_in(client, login)
            mine = []
            due = time.perf_counter() + (random.uniform(0, pace) if pace else 0)
            for n in range(saves):
                if pace:
                    time.sleep(max(0.0, due - time.perf_counter()))
                    due += pace
                data = {"outcome": "success", "seconds": str(20 + n), "seq": "5"}
                start = time.perf_counter()
                if bare:
                    response = client.post("/save", data={**data, "session": str(session), "step": f"Écran {n % 6}",
                                                          "position": str(n % 6)})
                else:
                    response = client.post(f"/seances/{session}/ecran/{n % 6 + 1}", data={**data, "csrf": csrf,
                                                                                          "row_version": str(version)})
                    version += 1
                mine.append(time.perf_counter() - start)
                assert response.status_code in (200, 303), (response.status_code, response.text[:300])
            with lock:
                latencies.extend(mine)

    threads = [threading.Thread(target=facilitator, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} facilitator(s) failed; the first: {errors[0]!r}") from errors[0]
    return latencies


def serve_bare(url: str, port: int) -> None:
    """The baseline, in its own process: the clients do not share its interpreter."""
    import uvicorn

    uvicorn.run(bare_app(url), host="127.0.0.1", port=port, log_level="warning", access_log=False)


class Served:
    """A side being served: the baseline in a process of its own, the app as `parcours serve [--workers N]`
    runs it (its own command, its own processes)."""

    def __init__(self, kind: str, url: str, workers: int = 1) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.process: multiprocessing.Process | subprocess.Popen[bytes]
        if kind == "bare":
            self.process = multiprocessing.Process(target=serve_bare, args=(url, port), daemon=True)
            self.process.start()
        else:
            folder = tempfile.mkdtemp()
            env = {**os.environ, "PARCOURS_DATABASE_URL": url, "XDG_CONFIG_HOME": folder, "PARCOURS_LANG": "fr"}
            self.process = subprocess.Popen(
                [sys.executable, "-c", "from harness.cli import main; main()", "serve", "--port", str(port),
                 "--scenarios", str(demo_scenarios()), "--runs-dir", folder, "--workers", str(workers)],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self.wait(kind)

    def wait(self, kind: str) -> None:
        base = self.base
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(base + "/", timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the {kind} server did not start")

    def stop(self) -> None:
        if isinstance(self.process, subprocess.Popen):
            os.killpg(self.process.pid, signal.SIGTERM)  # the command and the processes it started
            self.process.wait(30)
        else:
            self.process.terminate()
            self.process.join(10)


def bench(label: str, make_url, facilitators: int, saves: int, pace: float, workers: list[int]) -> None:  # noqa: ANN001
    bare_url = make_url("bare")
    bare_pairs = prepare(bare_url, facilitators)
    bare = Served("bare", bare_url)
    results: dict[str, list[tuple[str, list[float]]]] = {"paced": [], "flat out": []}
    try:
        run_side(bare.base, bare_pairs[:2], 3, bare=True)  # warm up
        for load, every in (("paced", pace), ("flat out", None)):
            results[load].append(("bare Starlette endpoint", run_side(bare.base, bare_pairs, saves, bare=True, pace=every)))
        for count in workers:
            app_url = make_url(f"app{count}")
            app_pairs = prepare(app_url, facilitators)
            app = Served("app", app_url, count)
            try:
                for _ in range(4 * count):  # each process has its templates compiled and a connection open
                    httpx.get(app.base + "/connexion", timeout=30)
                for load, every in (("paced", pace), ("flat out", None)):
                    done = saves if load == "flat out" else 0  # the app's row versions go on from the paced round
                    latencies = run_side(app.base, app_pairs, saves, bare=False, pace=every, first_version=1 + done)
                    results[load].append((f"Parcours app, {count} process{'es' if count > 1 else ''}", latencies))
            finally:
                app.stop()
    finally:
        bare.stop()
    print(f"{label}: {facilitators} facilitators × {saves} saves, servers in their own processes")
    for load, sides in results.items():
        what = f"a save every {pace:g} s each" if load == "paced" else "no pause"
        print(f"  {load} ({what}):")
        baseline = p95(sides[0][1])
        for name, latencies in sides:
            figure = p95(latencies)
            verdict = ("" if name.startswith("bare") else
                       f"   (target <= {TARGET_P95_MS} ms: {'met' if figure <= TARGET_P95_MS else 'NOT met'})" if load == "paced"
                       else "   (saturation, for information)")
            print(f"    {name + ', p95:':38} {figure:7.1f} ms{verdict}")
            if not name.startswith("bare"):
                print(f"    {'ratio to the bare endpoint:':38} {figure / baseline:7.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facilitators", type=int, default=20)
    parser.add_argument("--saves", type=int, default=30)
    parser.add_argument("--pace", type=float, default=1.0, help="seconds between a facilitator's saves, paced load")
    parser.add_argument("--workers", default="1,2", help="the app's process counts to measure (parcours serve --workers)")
    args = parser.parse_args()
    workers = [int(n) for n in args.workers.split(",")]
    folder = Path(tempfile.mkdtemp())
    bench("SQLite", lambda name: f"sqlite:///{folder / (name + '.db')}", args.facilitators, args.saves, args.pace, workers)
    postgres = os.environ.get("PARCOURS_TEST_POSTGRES_URL")
    if postgres:
        def fresh(name: str) -> str:
            engine = create_engine(postgres)
            with engine.begin() as connection:
                connection.execute(text(f"DROP SCHEMA IF EXISTS bench_{name} CASCADE; CREATE SCHEMA bench_{name}"))
            engine.dispose()
            sep = "&" if "?" in postgres else "?"
            return f"{postgres}{sep}options=-csearch_path%3Dbench_{name}"
        bench("PostgreSQL", fresh, args.facilitators, args.saves, args.pace, workers)


if __name__ == "__main__":
    main()
