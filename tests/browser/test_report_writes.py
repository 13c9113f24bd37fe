"""Reports are written whole or not at all: a `parcours report` killed (kill -9) while it writes leaves
every file of the previous report as it was, never empty nor truncated; and a PDF sent elsewhere holds
no link to the machine that made it."""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from harness.runs.reader import load_runs
from tests.analysis.builders import field, run, step, violation

pytestmark = pytest.mark.browser


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1280, 900), (240, 240, 240)).save(buffer, "PNG")
    return buffer.getvalue()


def campaign(root: Path) -> Path:
    """Two versions of a procedure, replayed on desktop, written as run folders."""
    runs = root / "runs"
    for version, broken in (("v1", True), ("v2", False)):
        problems = [violation("label", "critical", ["11.1.1"], ["#nom"])] if broken else []
        stored = run(root / "built", version, [
            step(0, "Accueil", "Bienvenue. Étape 1 sur 2."),
            step(1, "Identité", "Votre identité", [field("Nom", "nom")], problems),
        ])
        folder = runs / "essai" / stored.record.scenario.id / "20261123T090000.000Z-desktop"
        (folder / "screens").mkdir(parents=True)
        for s in stored.record.steps:
            (folder / s.screenshot).write_bytes(png())
        (folder / "run.json").write_text(stored.record.model_dump_json(), encoding="utf-8")
    assert len(load_runs(runs, "essai")) == 2
    return runs


def report(root: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", "from harness.cli import main; main()", "--db", str(root / "panel.db"), "report", "compare",
         "--before", "proc-v1", "--after", "proc-v2", "--campaign", "essai", "--runs-dir", str(root / "runs"),
         "--out", str(root / "reports")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "COLUMNS": "200"})


def whole(path: Path) -> bool:
    data = path.read_bytes()
    if not data:
        return False
    if path.suffix == ".pdf":
        return data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    if path.suffix == ".html":
        return data.rstrip().endswith(b"</html>")
    if path.suffix == ".json":
        json.loads(data)
    if path.suffix == ".csv":
        return data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\n")
    return True


def test_a_report_killed_while_writing_leaves_the_previous_files_whole(tmp_path: Path) -> None:
    campaign(tmp_path)
    first = report(tmp_path)
    started = time.monotonic()
    out, err = first.communicate(timeout=300)
    took = time.monotonic() - started
    assert first.returncode == 0, out + err
    files = {p: p.stat().st_size for p in (tmp_path / "reports").rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert any(p.suffix == ".pdf" for p in files) and any(p.suffix == ".csv" for p in files), files
    rng = random.Random(7)
    kills = 0
    for _ in range(4):
        again = report(tmp_path)
        time.sleep(rng.uniform(took * 0.3, took * 0.95))  # somewhere in the writing
        if again.poll() is None:
            again.send_signal(signal.SIGKILL)
            kills += 1
        again.communicate(timeout=60)
        for path in files:
            assert path.exists() and whole(path), path
    print(f"\nreport took {took:.1f} s; killed {kills} of 4 times at random points; {len(files)} files stayed whole")
    assert kills >= 2


def test_a_reports_pdf_links_to_nothing_on_the_machine_that_made_it(tmp_path: Path) -> None:
    campaign(tmp_path)
    done = report(tmp_path)
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, out + err
    (pdf,) = [p for p in (tmp_path / "reports").rglob("*.pdf") if "elus" not in p.parts]
    links = [annotation.get_object().get("/A", {}).get("/URI")
             for page in PdfReader(pdf).pages for annotation in page.get("/Annots", []) or []]
    links = [str(link) for link in links if link]
    assert not [link for link in links if link.startswith("file:") or str(tmp_path) in link], links
    assert str(tmp_path).encode() not in pdf.read_bytes()
