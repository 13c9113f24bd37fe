"""Import 10,000 sessions and compute the per-segment summary tables; print rows/s and peak memory.

Baseline in the same run: the same rows read with `csv` and inserted with
SQLAlchemy Core executemany, no validation. Each side runs in a child process
so that its peak memory (max RSS) is its own.

    python benchmarks/panel_import.py [--sessions 10000]
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from pathlib import Path

from child import in_child, peak_rss_mb

STEPS = ("Accueil", "Identité", "Identité — erreur", "Adresse", "Justificatif", "Récapitulatif")
SEGMENTS = ("senior", "precarious", "disability", "young", "professional")
HEADER = ["session", "campaign", "tester", "facilitator", "procedure", "version", "date", "device", "step", "outcome",
          "seconds", "errors", "help_requests", "seq", *(f"sus_{i}" for i in range(1, 11)), "satisfaction"]


def make_csv(folder: Path, sessions: int) -> tuple[Path, Path]:
    rng = random.Random(7)
    testers = folder / "testers.csv"
    with testers.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["code", "segment", "age_band", "territory", "digital_comfort", "assistive_tech", "device"])
        for n in range(200):
            w.writerow([f"T-{n:03d}", SEGMENTS[n % 5], "60-74", ("rural", "urban")[n % 2], 1 + n % 10, "none", "smartphone"])
    path = folder / "sessions.csv"
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for s in range(sessions):
            version = ("avant", "apres")[s % 2]
            for i, step in enumerate(STEPS):
                outcome = rng.choices(["success", "assisted", "failure"], [0.8, 0.15, 0.05])[0]
                sus = [rng.randint(1, 5) for _ in range(10)] if i == 0 else [""] * 10
                w.writerow([f"S-{s:05d}", "bench", f"T-{s % 200:03d}", "MED-01", "cmi", version, "2026-11-23", "smartphone",
                            step, outcome, rng.randint(10, 300), rng.randint(0, 2), rng.randint(0, 1), rng.randint(1, 7),
                            *sus, rng.choice(("good", "medium", "bad")) if i == 0 else ""])  # the JDMA's answers
    return testers, path


def parcours_side(folder: str, queue) -> None:
    from harness.analysis.panel_data import load_panel
    from harness.analysis.panel_summary import summary_tables
    from harness.criteria.loader import load_catalogue
    from harness.panel.models import CampaignIn
    from harness.panel.service import create_campaign, import_sessions, import_testers
    from harness.store.db import open_store

    base = Path(folder)
    store = open_store(f"sqlite:///{base / 'parcours.db'}")
    create_campaign(store, CampaignIn(code="bench", title="Banc"))
    import_testers(store, base / "testers.csv")
    catalogue = load_catalogue(Path(__file__).parents[1] / "harness" / "criteria" / "grid")
    start = time.perf_counter()
    report = import_sessions(store, base / "sessions.csv", catalogue)
    imported = time.perf_counter()
    tables = summary_tables(load_panel(store, "bench"))
    done = time.perf_counter()
    queue.put({"rows": report.steps, "import_s": imported - start, "summary_s": done - imported,
               "tables": {k: len(v) for k, v in tables.items()}, "rss_mb": peak_rss_mb()})


def baseline_side(folder: str, queue) -> None:
    from sqlalchemy import create_engine, insert

    from harness.store.db import open_store
    from harness.store.tables import StepResult

    base = Path(folder)
    store = open_store(f"sqlite:///{base / 'baseline.db'}")
    engine = create_engine(store.url)
    start = time.perf_counter()
    with (base / "sessions.csv").open(newline="") as f:
        rows = [
            {"session_id": 1 + i // len(STEPS), "position": i % len(STEPS), "step": r["step"], "outcome": r["outcome"],
             "seconds": float(r["seconds"]), "errors": int(r["errors"]), "help_requests": int(r["help_requests"]), "seq": int(r["seq"])}
            for i, r in enumerate(csv.DictReader(f))
        ]
    with engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
        connection.execute(insert(StepResult), rows)
    queue.put({"rows": len(rows), "import_s": time.perf_counter() - start, "rss_mb": peak_rss_mb()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        make_csv(Path(folder), args.sessions)
        ours = in_child(parcours_side, folder)
        bare = in_child(baseline_side, folder)
    print(f"sessions: {args.sessions}, lines: {ours['rows']}")
    print(f"parcours import:   {ours['rows'] / ours['import_s']:>9,.0f} rows/s  ({ours['import_s']:.2f} s, validated, all or nothing)")
    print(f"baseline insert:   {bare['rows'] / bare['import_s']:>9,.0f} rows/s  ({bare['import_s']:.2f} s, csv + executemany, no checks)")
    print(f"ratio (time):      {ours['import_s'] / bare['import_s']:.1f}x the bare insert")
    print(f"summary tables:    {ours['summary_s']:.2f} s  {ours['tables']}")
    print(f"peak memory (RSS): parcours {ours['rss_mb']:.0f} MiB, baseline {bare['rss_mb']:.0f} MiB")


if __name__ == "__main__":
    main()
