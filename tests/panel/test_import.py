"""Session imports are all or nothing, and every bad line is named with its column and reason."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from harness.analysis.panel_data import load_panel, sessions_in_import_layout
from harness.errors import InputErrors, ParcoursError, render_error
from harness.panel.models import CampaignIn
from harness.panel.service import create_campaign, import_sessions, import_testers
from harness.store.db import Store, open_store
from harness.store.tables import Observation, Session, StepResult, SusAnswer

HEADER = ("session,campaign,tester,facilitator,procedure,version,date,device,step,outcome,seconds,errors,"
          "help_requests,seq,observation,severity,tags,sus_1,sus_2,sus_3,sus_4,sus_5,sus_6,sus_7,sus_8,sus_9,sus_10,"
          "satisfaction,score:orientation")
GOOD = [
    "S-001,essai,T-001,MED-01,cmi,apres,2026-11-23,smartphone,Accueil,success,45,0,0,6,,,,4,2,4,1,4,2,5,2,4,2,bien,4",
    "S-001,essai,T-001,MED-01,cmi,apres,2026-11-23,smartphone,Identité,assisted,120,1,1,4,Ne trouve pas la date,medium,date,,,,,,,,,,,,",
    "S-002,essai,T-002,MED-01,cmi,apres,23/11/2026,téléphone,Accueil,réussite,30,0,0,7,,,,5,1,5,1,5,1,5,1,5,1,10,5",
    "S-002,essai,T-002,MED-01,cmi,apres,23/11/2026,téléphone,Identité,échec,200,3,2,2,Abandonne le formulaire,bloquante,,,,,,,,,,,,,",
]


def write(tmp_path: Path, lines: list[str], header: str = HEADER, name: str = "sessions.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def counts(store: Store) -> tuple[int, int, int, int]:
    with store.reading() as db:
        return tuple(db.scalar(select(func.count()).select_from(t)) for t in (Session, StepResult, SusAnswer, Observation))  # type: ignore[return-value]


def test_a_valid_file_is_imported_whole(panel: Store, tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    report = import_sessions(panel, write(tmp_path, GOOD), catalogue)
    assert (report.sessions, report.steps) == (2, 4)
    assert counts(panel) == (2, 4, 20, 2)
    data = load_panel(panel, "essai")
    assert sorted(data.steps["outcome"]) == ["assisted", "failure", "success", "success"]
    assert sorted(data.sessions["segment"]) == ["senior", "young"]
    assert data.scores["value"].tolist() == [4.0, 5.0]


def test_export_reads_back_into_an_empty_store(panel: Store, tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    import_sessions(panel, write(tmp_path, GOOD), catalogue)
    exported = sessions_in_import_layout(load_panel(panel, "essai")).to_csv(index=False)
    copy = open_store(f"sqlite:///{tmp_path / 'copy.db'}")
    create_campaign(copy, CampaignIn(code="essai", title="Essai"))
    import_testers(copy, write(tmp_path, ["T-001,senior,75+,rural,2,none,smartphone", "T-002,young,16-24,urban,8,none,smartphone"],
                               "code,segment,age_band,territory,digital_comfort,assistive_tech,device", "t.csv"))
    (tmp_path / "export.csv").write_text(exported, encoding="utf-8")
    import_sessions(copy, tmp_path / "export.csv", catalogue)
    again = sessions_in_import_layout(load_panel(copy, "essai")).to_csv(index=False)
    assert again == exported


BAD_ROWS = [
    # (replacement for the second good line, expected code, column)
    (GOOD[1].replace(",assisted,", ",réussi à moitié,"), "choice_step_outcome", "outcome"),
    (GOOD[1].replace(",4,Ne trouve", ",9,Ne trouve"), "less_than_equal", "seq"),
    (GOOD[1].replace("2026-11-23", "2026-13-45"), "date_from_datetime_parsing", "date"),
    (GOOD[1].replace(",T-001,", ",DUPONT,"), "not_pseudonymous", "tester"),
    (GOOD[1].replace("Ne trouve pas la date", "rappeler au 06 12 34 56 78"), "contact_data", "observation"),
    (GOOD[1].replace("Ne trouve pas la date", "écrire à jeanne@example.org"), "contact_data", "observation"),
    (GOOD[1].replace(",MED-01,", ",MED-02,"), "session_inconsistent", "facilitator"),
    (GOOD[1].replace(",Identité,", ",Accueil,"), "duplicate_step_row", "step"),
    (GOOD[1].replace(",120,", ",deux minutes,"), "float_parsing", "seconds"),
    (GOOD[1].replace(",T-001,", ",T-999,"), "session_inconsistent", "tester"),
]


@pytest.mark.parametrize(("line", "code", "column"), BAD_ROWS, ids=[c for _, c, _ in BAD_ROWS])
def test_one_bad_line_among_good_ones_imports_nothing_and_names_it(panel: Store, tmp_path: Path, catalogue, line: str, code: str, column: str) -> None:  # noqa: ANN001, E501
    path = write(tmp_path, [GOOD[0], line, GOOD[2], GOOD[3]])
    with pytest.raises(InputErrors) as caught:
        import_sessions(panel, path, catalogue)
    error = caught.value.errors[0]
    assert (error.code, error.location.line, error.location.column) == (code, 3, column)
    assert render_error(error, "fr").startswith(f"{path}:3, colonne « {column} »")
    assert counts(panel) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("lines", "header", "code", "line", "column"),
    [
        ([GOOD[2].replace(",T-002,", ",T-404,"), GOOD[3].replace(",T-002,", ",T-404,")], HEADER, "unknown_tester", 2, "tester"),
        ([GOOD[2].replace(",essai,", ",esai,"), GOOD[3].replace(",essai,", ",esai,")], HEADER, "unknown_campaign", 2, "campaign"),
        ([GOOD[0].replace(",4,2,bien,4", ",4,,bien,4"), GOOD[1]], HEADER, "sus_incomplete", 2, None),
        (GOOD, HEADER.replace("score:orientation", "score:orientaton"), "unknown_score_criterion", 1, "score:orientaton"),
        (GOOD, HEADER.replace("score:orientation", "score:lisibilite"), "unknown_score_criterion", 1, "score:lisibilite"),
        ([line.replace(",bien,4", ",bien,6") if i == 0 else line for i, line in enumerate(GOOD)], HEADER, "score_out_of_scale", 2, "score:orientation"),
        (GOOD, HEADER.replace(",seq,", ",SEQ,"), "csv_unknown_column", 1, "SEQ"),
    ],
    ids=["unknown-tester", "unknown-campaign", "sus-incomplete", "unknown-criterion", "auto-criterion", "out-of-scale", "unknown-column"],
)
def test_file_level_problems(panel: Store, tmp_path: Path, catalogue, lines, header, code, line, column) -> None:  # noqa: ANN001
    with pytest.raises(InputErrors) as caught:
        import_sessions(panel, write(tmp_path, lines, header), catalogue)
    found = [(e.code, e.location.line, e.location.column) for e in caught.value.errors]
    assert (code, line, column) in found
    assert counts(panel) == (0, 0, 0, 0)


def test_importing_the_same_file_twice_is_refused(panel: Store, tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    path = write(tmp_path, GOOD)
    import_sessions(panel, path, catalogue)
    with pytest.raises(InputErrors) as caught:
        import_sessions(panel, path, catalogue)
    assert {e.code for e in caught.value.errors} == {"session_exists"}
    assert counts(panel) == (2, 4, 20, 2)


def test_semicolons_and_a_byte_order_mark_as_spreadsheets_save_them(panel: Store, tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in csv.reader([HEADER, *GOOD]):
        writer.writerow(row)
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeff".encode() + buffer.getvalue().encode("utf-8"))
    assert import_sessions(panel, path, catalogue).sessions == 2


def test_tester_import_refuses_names_and_duplicates(store: Store, tmp_path: Path) -> None:
    header = "code,segment,age_band,territory,digital_comfort,assistive_tech,device"
    path = write(tmp_path, ["T-010,senior,75+,rural,3,loupe,tablette", "Jeanne,senior,75+,rural,3,,tablette", "T-010,young,16-24,urban,9,,smartphone"], header, "t.csv")
    with pytest.raises(InputErrors) as caught:
        import_testers(store, path)
    assert [(e.code, e.location.line) for e in caught.value.errors] == [("not_pseudonymous", 3), ("tester_exists", 4)]


def test_the_kind_of_help_is_read_in_french_and_refused_on_a_screen_passed_alone(panel: Store, tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    header = HEADER.replace(",help_requests,", ",help_requests,help_kind,")
    with_kind = [line.replace(",1,1,4,", ",1,1,a montré,4,") if i == 1 else line.replace(",0,0,", ",0,0,,", 1)
                 for i, line in enumerate(GOOD)]
    with_kind[3] = GOOD[3].replace(",3,2,2,", ",3,2,,2,")
    import_sessions(panel, write(tmp_path, with_kind, header), catalogue)
    steps = load_panel(panel, "essai").steps
    assert steps.loc[steps["outcome"] == "assisted", "help_kind"].tolist() == ["showed"]
    assert "help_kind" in sessions_in_import_layout(load_panel(panel, "essai")).columns  # exported, read back

    alone = [with_kind[0].replace(",0,0,,6,", ",0,0,a fait à sa place,6,")]
    path = write(tmp_path, alone, header, "alone.csv")
    with pytest.raises(InputErrors) as caught:
        import_sessions(panel, path, catalogue)
    error = caught.value.errors[0]
    assert (error.code, error.location.line, error.location.column) == ("help_with_success", 2, "help_kind")
    assert "colonne « help_kind »: une aide a été apportée : l'écran est réussi avec de l'aide, pas seul" in render_error(error, "fr")


def test_a_screen_that_is_not_a_step_of_its_scenario_is_refused_with_its_line_and_a_hint(panel: Store, tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    steps = {("cmi", "apres"): ["Accueil", "Identité", "Adresse"]}
    typo = [GOOD[0], GOOD[1], GOOD[2].replace(",Accueil,", ",Acceuil,"), GOOD[3]]
    with pytest.raises(InputErrors) as caught:
        import_sessions(panel, write(tmp_path, typo), catalogue, steps=steps)
    (error,) = caught.value.errors
    assert (error.code, error.location.line, error.location.column, error.hint) == ("unknown_step", 4, "step", "did_you_mean")
    shown = render_error(error, "fr")
    assert "sessions.csv:4" in shown and "« Acceuil »" in shown and "vouliez-vous dire « Accueil »" in shown
    assert counts(panel) == (0, 0, 0, 0)  # not a new one-screen session: nothing recorded
    assert import_sessions(panel, write(tmp_path, GOOD), catalogue, steps=steps).sessions == 2  # the right names pass
    other = {("autre", "v1"): ["Accueil"]}  # no scenario for this procedure version: nothing to check against
    assert import_sessions(panel, write(tmp_path, [line.replace("S-00", "S-10") for line in GOOD], name="b.csv"), catalogue,
                           steps=other).sessions == 2


def test_a_choice_lists_the_accepted_words_in_the_users_language(panel: Store, tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    with pytest.raises(InputErrors) as caught:
        import_sessions(panel, write(tmp_path, [GOOD[0], GOOD[1].replace(",assisted,", ",reussi,")]), catalogue)
    (error,) = caught.value.errors
    assert (error.code, error.location.line, error.location.column) == ("choice_step_outcome", 3, "outcome")
    assert "écrivez : réussite, avec aide, échec ou abandon" in render_error(error, "fr")
    assert "write: success, assisted, failure or abandon" in render_error(error, "en")


def test_a_row_wider_than_the_header_says_both_widths(panel: Store, tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    with pytest.raises(ParcoursError) as caught:
        import_sessions(panel, write(tmp_path, [GOOD[0], GOOD[1] + ",en trop"]), catalogue)
    assert "cette ligne compte 30 colonnes alors que l'en-tête en compte 29" in render_error(caught.value, "fr")
