"""Parcours' replay of a 10-screen procedure against a bare Playwright + axe + screenshot loop.

Both run in this process, in the same Chromium, over the same pages served on
127.0.0.1, alternating rounds; the median of each is compared. Target: ≤ 1.2×.

    python benchmarks/replay_overhead.py [--rounds 5] [--screens 10]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from child import alternate, print_ratio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from harness.replay.audit import AXE_SCRIPT
from harness.replay.campaign import BrowserSession, Settings, run_campaign
from harness.replay.profiles import PROFILES
from harness.runs.writer import RunWriter
from harness.scenario.loader import load_scenario
from harness.webserver import BackgroundServer

SCREENS = 10


async def screen(request: Request) -> HTMLResponse:
    n = int(request.path_params["n"])
    following = f"/ecran/{n + 1}" if n < SCREENS else "/fin"
    return HTMLResponse(f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Écran {n}</title></head><body><main>
<p>Étape {n} sur {SCREENS}</p><h1>Écran {n}</h1>
<p>{"Un texte d'explication de la démarche, comme sur un vrai écran. " * 12}</p>
<form method="get" action="{following}">
<label for="a">Premier champ</label><input id="a" name="a">
<label for="b">Second champ</label><input id="b" name="b">
<label for="c">Choix</label><select id="c" name="c"><option>Oui</option><option>Non</option></select>
<button>Continuer</button></form></main></body></html>""")


async def end(request: Request) -> HTMLResponse:
    return HTMLResponse('<!DOCTYPE html><html lang="fr"><head><title>Fin</title></head><body><main><h1>Fin</h1></main></body></html>')


def scenario_yaml() -> str:
    steps = []
    for n in range(1, SCREENS + 1):
        steps.append(
            f"  - name: Écran {n}\n    expect:\n      - heading: Écran {n}\n    actions:\n"
            "      - fill: {label: Premier champ, value: un}\n      - fill: {label: Second champ, value: deux}\n"
            "      - click: {role: button, name: Continuer}\n"
        )
    return "id: banc\ntitle: Banc\nprocedure: banc\nversion: v1\nstart_url: /ecran/1\nsteps:\n" + "".join(steps) + "  - name: Fin\n"


def parcours_round(session: BrowserSession, base_url: str, scenario: Path, out: Path) -> float:
    start = time.perf_counter()
    records = run_campaign(
        [load_scenario(scenario)], [PROFILES["desktop"]], Settings("banc", base_url), [RunWriter(out, "banc")], session
    )
    elapsed = time.perf_counter() - start
    assert records[0].outcome.value == "passed", records[0].failure
    return elapsed


def bare_round(session: BrowserSession, base_url: str, out: Path) -> float:
    """What one would write by hand: goto, then per screen wait, screenshot, axe, fill, click (with the
    axe-core that audits Parcours' replays: like with like)."""
    axe = Axe(AXE_SCRIPT)
    start = time.perf_counter()
    context = session.browser().new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    folder = out / f"bare-{time.time_ns()}"
    folder.mkdir()
    page.goto(f"{base_url}/ecran/1")
    results = []
    for n in range(1, SCREENS + 2):
        name = f"Écran {n}" if n <= SCREENS else "Fin"
        page.get_by_role("heading", name=name).wait_for()
        (folder / f"{n:02d}.png").write_bytes(page.screenshot(full_page=True))
        results.append(axe.run(page).response)
        if n <= SCREENS:
            page.get_by_label("Premier champ").fill("un")
            page.get_by_label("Second champ").fill("deux")
            page.get_by_role("button", name="Continuer").click()
    (folder / "results.json").write_text(json.dumps(results))
    context.close()
    return time.perf_counter() - start


def main() -> int:
    global SCREENS  # the pages the server draws and the scenario's steps
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-warm-up", action="store_true",
                        help="skip the warm-up rounds (only to check the benchmark runs: its figure is then rough)")
    parser.add_argument("--screens", type=int, default=SCREENS,
                        help=f"screens of the procedure before its end (default {SCREENS}; the test suite's small size: 2)")
    args = parser.parse_args()
    SCREENS = args.screens
    app = Starlette(routes=[Route("/ecran/{n:int}", screen), Route("/fin", end)])
    with tempfile.TemporaryDirectory() as tmp, BackgroundServer(app) as server, BrowserSession() as session:
        out = Path(tmp)
        scenario = out / "banc.yaml"
        scenario.write_text(scenario_yaml(), encoding="utf-8")
        if not args.no_warm_up:
            bare_round(session, server.url, out)  # warm-up: browser start, page caches
            parcours_round(session, server.url, scenario, out)
        bare, ours = alternate(args.rounds, lambda: bare_round(session, server.url, out),
                               lambda: parcours_round(session, server.url, scenario, out))
    print(f"screens per run: {SCREENS + 1}")
    print_ratio("bare loop", bare, "parcours", ours, 1.20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
