"""Bad and hostile CSV files: a clear error at its place, nothing stored, no hang; exact round trips."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from harness.analysis.panel_data import load_panel, sessions_in_import_layout
from harness.errors import InputError, InputErrors, ParcoursError, render_error
from harness.panel.csvio import MAX_COLUMNS, MAX_CSV_BYTES, MAX_FIELD_CHARS, read_csv
from harness.panel.export import frame_csv
from harness.panel.service import import_sessions
from harness.store.db import Store, open_store
from tests.panel.conftest import enrol
from tests.panel.test_import import GOOD, HEADER, counts

BAD = Path(__file__).parent / "bad_csvs"
EXPECTED = YAML(typ="safe").load((BAD / "expected.yaml").read_text("utf-8"))


def first_error(exc: ParcoursError) -> ParcoursError:
    return exc.errors[0] if isinstance(exc, InputErrors) else exc


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=lambda n: n.removesuffix(".csv"))
def test_each_bad_csv_gives_its_declared_error_and_stores_nothing(panel: Store, catalogue, name: str) -> None:  # noqa: ANN001
    code, line, column = EXPECTED[name]
    path = BAD / name
    started = time.monotonic()
    with pytest.raises(ParcoursError) as caught:
        import_sessions(panel, path, catalogue)
    assert time.monotonic() - started < 10  # no hang (generous: the point is "not minutes")
    error = first_error(caught.value)
    assert (error.code, error.location.line, error.location.column) == (code, line, column)
    assert render_error(error, "fr").startswith(str(path))
    assert counts(panel) == (0, 0, 0, 0)


def test_generated_hostile_files_are_refused_before_memory_grows(tmp_path: Path) -> None:
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(1_000_000)) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_csv(wide)
    assert (caught.value.code, caught.value.location.line) == ("csv_too_many_columns", 1)
    assert caught.value.params == {"count": 1_000_000, "limit": MAX_COLUMNS}

    field = tmp_path / "field.csv"
    field.write_text(f"{HEADER}\n" + GOOD[1].replace("Ne trouve pas la date", "x" * 10_000_000) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_csv(field)
    assert (caught.value.code, caught.value.location.line) == ("csv_field_too_large", 2)
    assert caught.value.params == {"limit": MAX_FIELD_CHARS}

    huge = tmp_path / "huge.csv"
    with huge.open("wb") as f:
        f.truncate(MAX_CSV_BYTES + 1)  # sparse: the size is checked before reading
    with pytest.raises(InputError) as caught:
        read_csv(huge)
    assert caught.value.code == "file_too_large"


def test_a_value_with_quotes_commas_newlines_and_accents_round_trips_exactly(panel: Store, tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    tricky = 'He said ""ok"", then: « non, pas ça »\nsur deux lignes ; àéèçœ'
    formula = "=HYPERLINK(1)"
    lines = [GOOD[0], GOOD[1].replace("Ne trouve pas la date", f'"{tricky}"'),
             GOOD[2], GOOD[3].replace("Abandonne le formulaire", formula)]
    path = tmp_path / "s.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    import_sessions(panel, path, catalogue)
    stored = sorted(load_panel(panel, "essai").observations["text"])
    assert stored == sorted(['He said "ok", then: « non, pas ça »\nsur deux lignes ; àéèçœ', formula])

    exported = frame_csv(sessions_in_import_layout(load_panel(panel, "essai")))
    assert "'=HYPERLINK(1)" in exported and "\n=HYPERLINK" not in exported and ",=HYPERLINK" not in exported
    copy = enrol(open_store(f"sqlite:///{tmp_path / 'copy.db'}"))
    (tmp_path / "export.csv").write_text(exported, encoding="utf-8")
    import_sessions(copy, tmp_path / "export.csv", catalogue)
    assert sorted(load_panel(copy, "essai").observations["text"]) == stored
    assert frame_csv(sessions_in_import_layout(load_panel(copy, "essai"))) == exported


def test_the_separator_is_read_from_the_lines_not_the_header_alone(tmp_path: Path) -> None:
    # The header holds a comma inside a quoted name; the lines are ;-separated.
    path = tmp_path / "s.csv"
    path.write_text('a;"b, c";d\n1;"x; y";3\n4;5;6\n', encoding="utf-8")
    parsed = read_csv(path)
    assert parsed.header == ["a", "b, c", "d"]
    assert [raw for _, raw in parsed.records] == [{"a": "1", "b, c": "x; y", "d": "3"}, {"a": "4", "b, c": "5", "d": "6"}]


def many_sessions(tmp_path: Path, name: str, first: int, count: int) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER.split(","))
    for n in range(first, first + count):
        for line in GOOD[:2]:
            writer.writerow(next(csv.reader([line.replace("S-001", f"S-{n:05d}")])))
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def run_import(db: str, path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", "from harness.cli import main; main()", "--db", db, "import", "sessions", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_two_imports_at_once_into_one_sqlite_store(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'panel.db'}"
    store = enrol(open_store(db))
    one, two = many_sessions(tmp_path, "one.csv", 0, 2000), many_sessions(tmp_path, "two.csv", 2000, 2000)
    # Two different files: the second waits its turn, both are recorded whole.
    results = [p.communicate(timeout=120) + (p.returncode,) for p in (run_import(db, one), run_import(db, two))]
    assert [code for *_, code in results] == [0, 0], results
    assert counts(store)[0] == 4000
    # The same file twice at once: one is recorded, the other refused as already imported.
    again = many_sessions(tmp_path, "again.csv", 5000, 2000)
    results = [p.communicate(timeout=120) + (p.returncode,) for p in (run_import(db, again), run_import(db, again))]
    assert sorted(code for *_, code in results) == [0, 2], results
    refused = next(err for _, err, code in results if code == 2)
    assert "déjà enregistrée" in refused and "Traceback" not in refused
    assert counts(store)[0] == 6000
    store.close()


def test_a_sessions_file_that_is_a_device_or_a_pipe_is_refused_without_reading(panel: Store, tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    import os

    os.symlink("/dev/zero", tmp_path / "zero.csv")
    os.mkfifo(tmp_path / "tube.csv")
    for name in ("zero.csv", "tube.csv"):
        started = time.monotonic()
        with pytest.raises(InputError) as caught:
            import_sessions(panel, tmp_path / name, catalogue)
        assert time.monotonic() - started < 5
        assert caught.value.code == "not_regular_file" and caught.value.location.path.name == name
    assert counts(panel) == (0, 0, 0, 0)


def test_a_line_separator_inside_a_cell_does_not_shift_the_quoted_line(panel: Store, tmp_path: Path, catalogue) -> None:  # noqa: ANN001
    """U+2028 and NEL end no line for a spreadsheet: the error quotes the row it names."""
    lines = [GOOD[0], GOOD[1].replace("Ne trouve pas la date", "Ne trouve\u2028pas\x85la date"),
             GOOD[2].replace("réussite", "peut-être")]
    path = tmp_path / "sessions.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    with pytest.raises(ParcoursError) as caught:
        import_sessions(panel, path, catalogue)
    error = first_error(caught.value)
    assert (error.code, error.location.line, error.location.column) == ("choice_step_outcome", 4, "outcome")
    assert "peut-être" in render_error(error, "fr")
    assert counts(panel) == (0, 0, 0, 0)
