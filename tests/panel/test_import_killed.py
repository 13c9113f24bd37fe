"""Killing the process in the middle of an import leaves the store as it was before."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from harness.panel.models import CampaignIn, TesterIn
from harness.panel.service import add_testers, create_campaign, import_sessions
from harness.store.db import Store, open_store
from harness.store.tables import Session, StepResult
from tests.conftest import CRITERIA

HEADER = "session,campaign,tester,facilitator,procedure,version,date,device,step,outcome,seconds,seq"

# Imports the file, and on the first progress report (a first batch of
# sessions written, not committed) says so and waits to be killed.
IMPORTER = """
import sys, time
from pathlib import Path
from harness.criteria.loader import load_catalogue
from harness.panel.service import import_sessions
from harness.store.db import open_store

def progress(done, total):
    print("WRITING", done, flush=True)
    time.sleep(120)

import_sessions(open_store(sys.argv[1]), Path(sys.argv[2]), load_catalogue(Path(sys.argv[3])), progress)
"""


def sessions_csv(path: Path, first: int, count: int) -> Path:
    lines = [HEADER]
    for n in range(first, first + count):
        for step in ("Accueil", "Identité", "Adresse"):
            lines.append(f"S-{n:05d},essai,T-001,MED-01,cmi,apres,2026-11-23,smartphone,{step},success,30,6")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def counts(store: Store) -> tuple[int, int]:
    with store.reading() as db:
        return db.scalar(select(func.count()).select_from(Session)), db.scalar(select(func.count()).select_from(StepResult))  # type: ignore[return-value]


def test_killed_import_leaves_the_store_unchanged(store: Store, tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    create_campaign(store, CampaignIn(code="essai", title="Essai"))
    add_testers(store, [TesterIn(code="T-001", segment="senior", age_band="75+", territory="rural", digital_comfort=2, device="smartphone")])
    import_sessions(store, sessions_csv(tmp_path / "before.csv", 1, 5), catalogue)
    before = counts(store)
    assert before == (5, 15)

    big = sessions_csv(tmp_path / "big.csv", 100, 1200)
    process = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, store.url, str(big), str(CRITERIA)],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2],
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().split() == ["WRITING", "500"]  # rows are in, uncommitted
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    store.close()  # look again with fresh connections, as the next command would
    after = open_store(store.url)
    assert counts(after) == before
    # and the store still takes the whole file afterwards
    assert import_sessions(after, big, catalogue).sessions == 1200
    assert counts(after) == (1205, 3615)
    after.close()
