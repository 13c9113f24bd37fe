"""One analysis for every reader: any set of profiles gives every report, each figure computed once."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.analysis.campaign import analyse
from harness.analysis.sources import CampaignSources, version_runs
from harness.reports.committee import committee_recommendations, committee_report
from harness.reports.compare import compare_report
from harness.reports.procedure import procedure_report
from harness.reports.render import render_html
from harness.reports.rgaa import rgaa_grid
from tests.analysis.builders import field, run, step, violation


def campaign(tmp_path: Path, catalogue, profiles: dict[str, str]) -> CampaignSources:  # noqa: ANN001
    """Two versions of one procedure, each replayed under the profile given (version -> profile)."""
    runs = {}
    for version, profile in profiles.items():
        problems = [violation("label", "critical", ["11.1.1"], ["#nom"])] if version == "v1" else []
        stored = run(tmp_path / profile, version, [
            step(0, "Accueil", "Bienvenue. Étape 1 sur 2."),
            step(1, "Identité", "Votre identité", [field("Nom", "nom")], problems),
        ], profile=profile)
        runs[stored.record.scenario.id] = version_runs({profile: stored})
    return CampaignSources("essai", catalogue, runs, None, {})


@pytest.mark.parametrize("profiles", [{"v1": "keyboard", "v2": "zoom200"}, {"v1": "zoom200", "v2": "keyboard"},
                                      {"v1": "mobile", "v2": "mobile"}], ids=["keyboard-then-zoom", "zoom-then-keyboard", "mobile"])
def test_any_set_of_profiles_gives_every_report(tmp_path: Path, catalogue, profiles: dict[str, str]) -> None:  # noqa: ANN001
    analysis = analyse(campaign(tmp_path, catalogue, profiles))
    v1 = analysis.version("proc-v1")
    assert v1.runs.profiles == [profiles["v1"]]
    assert [f.profiles for f in v1.barriers if f.rule == "label"] == [(profiles["v1"],)]  # kept with its profile
    reports = [procedure_report(analysis, "proc-v1", "fr"), procedure_report(analysis, "proc-v2", "en"),
               committee_report(analysis, "fr"), compare_report(analysis, "proc-v1", "proc-v2", "fr")]
    for report in reports:
        assert "</html>" in render_html(report)
    assert rgaa_grid(analysis).criteria_failing == ("11.1",)
    cmp = analysis.comparison("proc-v1", "proc-v2")
    assert cmp.counts["fixed"] + cmp.counts["still"] == len(v1.barriers)
    assert [v.id for v in committee_recommendations(analysis, "fr")] == [v.id for v in reports[2].data["recommendations"]]


def test_a_version_is_analysed_once_whatever_reads_it(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    analysis = analyse(campaign(tmp_path, catalogue, {"v1": "desktop", "v2": "desktop"}))
    first = analysis.version("proc-v1")
    procedure_report(analysis, "proc-v1", "fr")
    committee_report(analysis, "fr")
    compare_report(analysis, "proc-v1", "proc-v2", "fr")
    assert analysis.version("proc-v1") is first  # the same object: computed once
    assert analysis.comparison("proc-v1", "proc-v2") is analysis.retests()[0].comparison
    assert analysis.comparison("proc-v1", "proc-v2").findings[0] == list(first.findings)


def test_ties_are_said_and_ordered_by_the_documented_rule(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    from harness.analysis.recommendations import tie_order

    analysis = analyse(campaign(tmp_path, catalogue, {"v1": "desktop", "v2": "desktop"}))
    views = committee_recommendations(analysis, "fr")
    recommendations, _ = analysis.recommendations()
    assert [r.id for r in recommendations] == [r.id for r in sorted(recommendations, key=tie_order)]
    assert any(v.tied for v in views)  # without a panel, findings weigh their severity alone: ties happen
    for view in views:
        assert view.tied == (sum(1 for other in views if other.priority == view.priority) > 1)
    html = render_html(committee_report(analysis, "fr"))
    assert "À égalité de priorité avec une autre" in html


def test_a_keyboard_only_and_a_zoom_only_version_say_the_same_numbers_in_every_file(tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    """The second campaign of the one-analysis check: each report written to disk, then read back as a reader
    would (findings.json and CSV tables), against the analysis."""
    import csv
    import json

    from harness.reports.render import write_report

    analysis = analyse(campaign(tmp_path / "runs", catalogue, {"v1": "keyboard", "v2": "zoom200"}))
    v1 = analysis.version("proc-v1")
    counts = analysis.comparison("proc-v1", "proc-v2").counts
    out = tmp_path / "reports"
    for report in (procedure_report(analysis, "proc-v1", "fr"), committee_report(analysis, "fr"),
                   compare_report(analysis, "proc-v1", "proc-v2", "fr")):
        write_report(report, out)

    def barriers_in(folder: str) -> list[dict]:
        data = json.loads((out / folder / "findings.json").read_text("utf-8"))
        return [f for f in data["findings"] if f["kind"] == "barrier" and f["version"] == "v1"]

    def csv_rows(folder: str) -> list[dict[str, str]]:
        with (out / folder / "tables" / "constats.csv").open(encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f, delimiter=";"))

    distinct = len(v1.barriers)
    assert distinct > 0
    assert len(barriers_in("procedure-proc-v1")) == len(barriers_in("comite")) == distinct
    assert len(csv_rows("procedure-proc-v1")) == len(csv_rows("comite")) == distinct
    compared = json.loads((out / "comparaison-proc-v1-proc-v2" / "findings.json").read_text("utf-8"))
    statuses = [f["status"] for f in compared["findings"] if f["status"]]
    assert {s: statuses.count(s) for s in set(statuses)} == {s: n for s, n in counts.items() if n}
    assert sum(n for s, n in counts.items() if s != "new") == distinct
    assert all(f["profiles"] == ["keyboard"] for f in barriers_in("procedure-proc-v1"))
