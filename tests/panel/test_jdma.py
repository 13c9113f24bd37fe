"""The JDMA questions in the sessions CSV: written as a facilitator writes them, scored the JDMA's way,
read back by the export, and summed up in the Observatoire's sheet."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.analysis.observatoire import observatoire_sheet, status
from harness.analysis.panel_data import load_panel, sessions_in_import_layout
from harness.analysis.stats import Estimate
from harness.errors import InputErrors, render_error
from harness.panel.service import import_sessions
from harness.store.db import Store

HEADER = ("session,campaign,tester,facilitator,procedure,version,date,device,step,outcome,"
          "satisfaction,clarity,contact,help_quality")


def line(session: str, tester: str, step: str, outcome: str = "success", answers: str = ",,,") -> str:
    return f"{session},essai,{tester},MED-01,cmi,apres,2026-11-23,smartphone,{step},{outcome},{answers}"


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "jdma.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_faces_are_scored_10_5_0_and_the_answers_read_back(panel: Store, tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    lines = [
        line("S-001", "T-001", "Accueil", answers="bien,5,non,"),
        line("S-001", "T-001", "Identité"),
        line("S-002", "T-002", "Accueil", "assisted", answers="pas bien,2,joint,4"),  # answers on the first line
        line("S-003", "T-001", "Accueil"),
        line("S-003", "T-001", "Identité", answers="Moyen,,pas joint,"),  # or on any line of the session
    ]
    import_sessions(panel, write(tmp_path, lines), catalogue)
    sessions = load_panel(panel, "essai").sessions.set_index("session")
    assert sessions["satisfaction"].to_dict() == {"S-001": 10, "S-002": 0, "S-003": 5}
    assert sessions.loc["S-002", ["clarity", "contact", "help_quality"]].tolist() == [2, "reached", 4]
    assert sessions.loc["S-003", "contact"] == "not_reached"

    exported = sessions_in_import_layout(load_panel(panel, "essai"))
    first = exported.drop_duplicates("session").set_index("session")
    assert first.loc["S-002", ["satisfaction", "clarity", "contact", "help_quality"]].tolist() == [0, 2, "reached", 4]


@pytest.mark.parametrize(
    ("answers", "column", "words"),
    [
        ("super,,,", "satisfaction", "bien, moyen ou pas bien"),
        ("bien,6,,", "clarity", "au plus 5"),
        ("bien,,peut-être,", "contact", "non (pas essayé), joint ou pas joint"),
        ("bien,,pas joint,3", "help_quality", "joint"),  # the help is rated only when it was reached
    ],
    ids=["face", "clarity", "contact", "quality-without-contact"],
)
def test_a_bad_answer_is_refused_with_its_line_column_and_the_accepted_words(
    panel: Store, tmp_path: Path, catalogue, answers: str, column: str, words: str  # noqa: ANN001
) -> None:
    lines = [line("S-001", "T-001", "Accueil"), line("S-001", "T-001", "Identité", answers=answers)]
    with pytest.raises(InputErrors) as caught:
        import_sessions(panel, write(tmp_path, lines), catalogue)
    located = [(e.location.line, e.location.column) for e in caught.value.errors]
    assert located == [(3 if column != "help_quality" else 2, column)]
    assert words in render_error(caught.value.errors[0], "fr")
    assert load_panel(panel, "essai").sessions.empty  # nothing recorded


def test_the_sheet_judges_a_target_on_the_whole_interval() -> None:
    assert status(Estimate(8.6, 8.1, 9.2, 30), 8) == "met"
    assert status(Estimate(6.0, 5.1, 7.4, 30), 8) == "not_met"
    assert status(Estimate(8.2, 7.0, 9.1, 30), 8) == "uncertain"  # above the target, but the interval says maybe not
    assert status(Estimate(9.0, float("nan"), float("nan"), 3, withheld="small_n"), 8) == "too_few"
    assert status(Estimate(10.0, float("nan"), float("nan"), 6, withheld="no_spread"), 8) == "met"
    assert status(Estimate(0.3, 0.1, 0.6, 12), None) == "no_target"
    assert status(None, 8) == "no_answer"


def test_the_sheet_of_a_small_session_file(panel: Store, tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    lines = [line("S-001", "T-001", "Accueil", answers="bien,5,non,"), line("S-002", "T-002", "Accueil", "assisted", answers="moyen,3,pas joint,")]
    import_sessions(panel, write(tmp_path, lines), catalogue)
    sheet = {i.id: i for i in observatoire_sheet(load_panel(panel, "essai"))}
    assert sheet["satisfaction"].estimate.value == 7.5 and sheet["satisfaction"].estimate.n == 2  # (10 + 5) / 2
    assert sheet["satisfaction"].status == "too_few"  # two testers: no judgement
    assert sheet["langage"].estimate.value == 7.5  # answers 5 and 3: marks 10 and 5
    assert sheet["aide_joignable"].estimate.value == 0.5  # one of the two could not reach the administration
    assert sheet["aide_efficace"].estimate is None  # nobody reached it: no rating
    assert sheet["aide_exterieure"].estimate.value == 0.5
    assert (sheet["accessibilite"].status, sheet["dlnuf"].status) == ("not_measured", "not_measured")
