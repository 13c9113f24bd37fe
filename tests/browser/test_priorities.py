"""Priorities from what testers met, on a plain-language procedure: the unlabelled field two testers
were blocked by comes first, and plain language is not recommended where it is already in place."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from harness.analysis.campaign import analyse
from harness.webserver import BackgroundServer
from tests.browser import priorities_site

pytestmark = pytest.mark.browser

TESTERS = [  # code, segment, age band, territory, comfort, assistive tech, device
    ("PRI-01", "senior", "75+", "rural", 2, "none", "computer"),
    ("PRI-02", "disability", "40-59", "urban", 4, "screen_reader", "computer"),
    ("PRI-03", "young", "16-24", "urban", 8, "none", "smartphone"),
    ("PRI-04", "precarious", "25-39", "rural", 5, "none", "smartphone"),
    ("PRI-05", "senior", "60-74", "urban", 6, "none", "tablet"),
    ("PRI-06", "professional", "40-59", "rural", 8, "none", "computer"),
]
BLOCKED = {"PRI-01": "abandon", "PRI-02": "failure"}  # on the screen of the unlabelled field
HELPED = {"PRI-03", "PRI-04"}  # through the start page only with help: overall completion 2 of 6, a critical shortfall


def _sessions_csv(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["session", "campaign", "tester", "facilitator", "procedure", "version", "date", "device",
                         "step", "outcome", "seconds", "errors", "help_requests", "seq"])
        for number, (tester, *_rest, device) in enumerate(TESTERS, 1):
            for step in ("Accueil", "Coordonnées", "Fin"):
                outcome = (BLOCKED.get(tester, "success") if step == "Coordonnées"
                           else "assisted" if step == "Accueil" and tester in HELPED else "success")
                writer.writerow([f"S-{number:02d}", "priorites", tester, "MED-01", "carte-bus", "v1", "2026-11-20",
                                 device, step, outcome, 40, 0, 0, 2 if outcome != "success" else 6])
                if outcome in ("failure", "abandon"):
                    break


def test_the_field_testers_were_blocked_by_ranks_first_and_plain_language_is_not_recommended(
    tmp_path: Path, catalogue, browser_session,  # noqa: ANN001
) -> None:
    from harness.panel.models import CampaignIn
    from harness.panel.service import create_campaign, import_sessions, import_testers
    from harness.replay.campaign import Settings, run_campaign
    from harness.replay.profiles import PROFILES
    from harness.reports.committee import committee_report
    from harness.analysis.sources import gather
    from harness.runs.writer import RunWriter
    from harness.scenario.loader import load_scenario
    from harness.store.db import open_store

    runs = tmp_path / "runs"
    with BackgroundServer(priorities_site.app()) as server:
        path = tmp_path / "carte-bus.yaml"
        path.write_text(priorities_site.SCENARIO.format(base=server.url), encoding="utf-8")
        [record] = run_campaign([load_scenario(path)], [PROFILES["desktop"]], Settings("priorites", None),
                                [RunWriter(runs, "priorites")], browser_session)
    assert record.outcome.value == "passed", record.failure
    store = open_store(f"sqlite:///{tmp_path / 'panel.db'}")
    create_campaign(store, CampaignIn(code="priorites", title="Carte de bus"))
    testers = tmp_path / "testeurs.csv"
    with testers.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["code", "segment", "age_band", "territory", "digital_comfort", "assistive_tech", "device"])
        writer.writerows(TESTERS)
    import_testers(store, testers, "priorites")
    _sessions_csv(tmp_path / "sessions.csv")
    import_sessions(store, tmp_path / "sessions.csv", catalogue)

    report = committee_report(analyse(gather(runs, "priorites", catalogue, store)), "fr")
    store.close()
    recommendations = report.data["recommendations"]
    first = recommendations[0]
    assert first.practice_id == "etiquettes-visibles", [(r.practice_id, r.priority) for r in recommendations]
    label = next(f for f in first.findings if f.rule == "label")
    assert (label.step, label.hit, label.total) == ("Coordonnées", 2, 6)
    assert first.priority == round(4 * (1 + 2 * 2 / 6) * 1.2, 2)  # the worked example of docs/reports.md
    assert "langage-clair" not in [r.practice_id for r in recommendations]  # every screen reads easily
    # the completion shortfall (2 of 6, critical) stays a lead, below the field the testers were blocked by
    assert all(r.priority < first.priority for r in recommendations[1:])
    completion = next(f for r in recommendations for f in r.findings if f.rule == "reussite" and f.step is None)
    assert completion.severity == "critical"
