"""The trend report on a form built like a real service's (DSFR markup): a failing version, then the fixed
one in a later campaign whose replay stops before the end, which the report says rather than hide."""

from __future__ import annotations

import csv
from html import unescape
import subprocess
import sys
from pathlib import Path

import pytest

from harness.webserver import BackgroundServer
from tests.browser import forms

pytestmark = pytest.mark.browser


def parcours(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from harness.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=300)


def test_a_trend_over_two_campaigns_flags_the_replay_that_stopped(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    with BackgroundServer(forms.FormsSite().app()) as server:
        for campaign, version, broken in (("essai-1", "failing", False), ("essai-2", "fixed", True)):
            folder = tmp_path / campaign
            folder.mkdir()
            text = forms.scenario("dsfr", version, server.url)
            if broken:  # the last screen's heading is not the one expected: the replay stops there
                text = text.replace("      - heading: ", "      - heading: Autre ")
            (folder / f"dsfr-{version}.yaml").write_text(text, encoding="utf-8")
            result = parcours("run", str(folder), "--campaign", campaign, "--runs-dir", str(runs), "--timeout", "5")
            assert result.returncode == (1 if broken else 0), result.stdout + result.stderr
    result = parcours("--db", f"sqlite:///{tmp_path / 'panel.db'}", "report", "trend", "--procedure", "dsfr-formulaire",
                      "--runs-dir", str(runs), "--out", str(tmp_path / "reports"), "--no-pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    folder = tmp_path / "reports" / "tendance-dsfr-formulaire"
    with (folder / "tables" / "tendance.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    assert [(r["Campagne"], r["Version"], r["Rejeux complets"]) for r in rows] == [("essai-1", "failing", "oui"), ("essai-2", "fixed", "non")]
    assert rows[0]["Réussite sans aide"] == "Pas de panel"  # no panel: no figure, never 0 %
    serious = [int(r["Obstacles : grave"]) for r in rows]
    assert serious[0] > serious[1] > 0  # the fixed markup removes most serious barriers, not all of what the replay reached
    html = unescape((folder / "index.html").read_text(encoding="utf-8"))
    assert "Un rejeu au moins s'est arrêté avant la fin" in html and "Aucune de ces campagnes n'a de séance du panel" in html
