"""Build the committee report from 10,000 sessions and 500 runs; print time and peak memory.

Baseline in the same run: only reading the same inputs (the 500 run.json files
and the panel's tables), with no findings, ranking or rendering. Each side runs
in a child process so that its peak memory (max RSS) is its own.
Target: ≤ 10 s and ≤ 1 GiB on a 2-core machine.

    python benchmarks/committee_report.py [--procedures 125] [--sessions 10000]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from child import in_child, peak_rss_mb

WORDS = ("démarche demande formulaire votre pièce justificatif domicile instruction dossier délai "
         "CASF article recevable transmission dématérialisée").split()
STEPS = ("Accueil", "Identité", "Adresse", "Justificatif", "Récapitulatif", "Confirmation")


def make_runs(runs: Path, procedures: int, rng: random.Random) -> None:
    from harness.runs.record import (AxeNode, AxeResult, Effort, FormField, Outcome, RunRecord, ScenarioRef,
                                     StepRecord, StepStatus, Versions)

    png = b"\x89PNG\r\n\x1a\n" + bytes(2000)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    for p in range(procedures):
        for v, version in enumerate(("avant", "apres")):
            for profile in ("desktop", "mobile"):
                steps = []
                for i, name in enumerate(STEPS):
                    fields = [FormField(tag="input", type="text", name=f"f{i}{k}", accessible_name=f"Champ {i}{k}", has_label=v == 1,
                                        required=True, required_marked=v == 1, autocomplete=None, invalid=False, described=v == 1)
                              for k in range(0 if i in (0, 5) else 3)]
                    violations = [AxeResult(id=rule, impact=impact, help=rule, description="", help_url="", tags=[], wcag=[], rgaa=[rgaa],
                                            nodes=[AxeNode(target=[f"#x{n}"], html="<x>") for n in range(3)])
                                  for rule, impact, rgaa in (("label", "critical", "11.1.1"), ("color-contrast", "serious", "3.2.1"))
                                  if v == 0 and rng.random() < 0.6]
                    text = " ".join(rng.choice(WORDS) for _ in range(120)) + ". " + ("Étape 1 sur 4. Besoin d'aide ? Appelez-nous." if v else "")
                    steps.append(StepRecord(
                        index=i, name=name, slug=name.lower(), status=StepStatus.PASSED, url="http://h", title=name,
                        screenshot=f"screens/{i + 1:02d}.png", duration_s=1.0,
                        effort=Effort(actions=2, fields=len(fields), required_fields=len(fields), words=120),
                        viewport_width=320 if profile == "mobile" else 1280, page_width=980 if (profile == "mobile" and v == 0) else 320,
                        horizontal_scroll=profile == "mobile" and v == 0, headings=[name], fields=fields, text=text, violations=violations,
                    ))
                record = RunRecord(
                    campaign="banc", scenario=ScenarioRef(id=f"proc-{p:03d}-{version}", title=f"Démarche {p}", procedure=f"proc-{p:03d}",
                                                          version=version, owner=None, path="x", sha256="0"),
                    profile=profile, base_url=None, allowed_hosts=["h"], irreversible_allowed=True,
                    started_at=start + timedelta(minutes=p * 4 + v * 2), finished_at=start, outcome=Outcome.PASSED,
                    versions=Versions(parcours="0", python="3", playwright="1", browser="1", axe_core="4"), steps=steps,
                )
                folder = runs / "banc" / record.scenario.id / f"2026-{profile}"
                (folder / "screens").mkdir(parents=True)
                for s in steps:
                    (folder / s.screenshot).write_bytes(png)  # type: ignore[operator]
                (folder / "run.json").write_text(record.model_dump_json(), encoding="utf-8")


def make_panel(folder: Path, db_url: str, procedures: int, sessions: int, rng: random.Random) -> None:
    from harness.criteria.loader import load_catalogue
    from harness.panel.models import CampaignIn
    from harness.panel.service import create_campaign, import_sessions, import_testers
    from harness.store.db import open_store

    store = open_store(db_url)
    create_campaign(store, CampaignIn(code="banc", title="Banc"))
    segments = ("senior", "precarious", "disability", "young", "professional")
    with (folder / "testers.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["code", "segment", "age_band", "territory", "digital_comfort", "assistive_tech", "device"])
        w.writerows([f"T-{n:03d}", segments[n % 5], "60-74", "rural", 3, "none", "computer"] for n in range(200))
    import_testers(store, folder / "testers.csv", "banc")
    with (folder / "sessions.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["session", "campaign", "tester", "facilitator", "procedure", "version", "date", "device", "step", "outcome",
                    "seconds", "seq", "observation", "tags", *(f"sus_{i}" for i in range(1, 11)), "satisfaction"])
        for s in range(sessions):
            version = ("avant", "apres")[s % 2]
            for i, step in enumerate(STEPS):
                bad = version == "avant" and rng.random() < 0.4
                w.writerow([f"S-{s:05d}", "banc", f"T-{s % 200:03d}", "MED-01", f"proc-{(s // 2) % procedures:03d}", version,
                            "2026-11-20", "computer", step, "assisted" if bad else "success", rng.randint(20, 200),
                            rng.randint(1, 4) if bad else rng.randint(5, 7), "Ne comprend pas la question" if bad and i == 2 else "",
                            "langage" if bad and i == 2 else "", *([rng.randint(1, 5) for _ in range(10)] if i == 0 else [""] * 10),
                            rng.choice(("good", "medium", "bad")) if i == 0 else ""])  # the JDMA's answers
    import_sessions(store, folder / "sessions.csv", load_catalogue(Path(__file__).parents[1] / "harness" / "criteria" / "grid"))
    store.close()


def report_side(folder: str, db_url: str, queue) -> None:
    from harness.criteria.loader import load_catalogue
    from harness.reports.committee import committee_report
    from harness.reports.render import write_report
    from harness.analysis.campaign import analyse
    from harness.analysis.sources import gather
    from harness.store.db import open_store

    catalogue = load_catalogue(Path(__file__).parents[1] / "harness" / "criteria" / "grid")
    store = open_store(db_url)
    start = time.perf_counter()
    report = committee_report(analyse(gather(Path(folder) / "runs", "banc", catalogue, store)), "fr")
    html, _ = write_report(report, Path(folder) / "reports")
    queue.put({"seconds": time.perf_counter() - start, "rss_mb": peak_rss_mb(),
               "recommendations": len(report.data["recommendations"]), "html_mb": html.stat().st_size / 2**20})


def baseline_side(folder: str, db_url: str, queue) -> None:
    import pandas as pd
    from sqlalchemy import create_engine

    start = time.perf_counter()
    runs = [json.loads(p.read_text()) for p in (Path(folder) / "runs").glob("banc/*/*/run.json")]
    engine = create_engine(db_url)
    with engine.connect() as connection:
        frames = [pd.read_sql_table(name, connection) for name in ("session", "step_result", "sus_answer", "observation")]
    queue.put({"seconds": time.perf_counter() - start, "rss_mb": peak_rss_mb(),
               "runs": len(runs), "rows": sum(len(f) for f in frames)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procedures", type=int, default=125, help="procedures (× 2 versions × 2 profiles = runs)")
    parser.add_argument("--sessions", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{Path(folder) / 'banc.db'}"
        make_runs(Path(folder) / "runs", args.procedures, rng)
        make_panel(Path(folder), db_url, args.procedures, args.sessions, rng)
        ours = in_child(report_side, folder, db_url)
        bare = in_child(baseline_side, folder, db_url)
    print(f"inputs: {bare['runs']} runs, {args.sessions} sessions ({bare['rows']} rows)")
    print(f"committee report: {ours['seconds']:.2f} s, peak memory {ours['rss_mb']:.0f} MiB "
          f"({ours['recommendations']} recommendations, HTML {ours['html_mb']:.1f} MiB)   target <= 10 s, <= 1024 MiB")
    print(f"baseline (reading the same inputs): {bare['seconds']:.2f} s, peak memory {bare['rss_mb']:.0f} MiB")
    print(f"ratio: {ours['seconds'] / bare['seconds']:.1f}x the time of reading the inputs")


if __name__ == "__main__":
    main()
