"""Read CSV files into typed rows; every problem names its line and column."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from harness.errors import InputError, Location
from harness.files import read_regular
from harness.text import closest, text_lines
from harness.yamlsource import field_error

Row = TypeVar("Row", bound=BaseModel)


@dataclass(frozen=True)
class Located(Generic[Row]):
    """A parsed row and the line it came from (the spreadsheet's row number)."""

    line: int
    row: Row


@dataclass
class CsvFile:
    path: Path
    header: list[str]
    records: list[tuple[int, dict[str, str]]]  # (line, raw values)
    lines: list[str]

    def location(self, line: int, column: str | None = None) -> Location:
        excerpt = self.lines[line - 1] if 0 < line <= len(self.lines) else None
        return Location(path=self.path, line=line, excerpt=excerpt, column=column)

    def error(self, code: str, line: int, column: str | None = None, hint: str | None = None, **params: Any) -> InputError:
        return InputError(code, params, self.location(line, column), hint)


# Limits that keep memory bounded whatever the file: a panel's sessions CSV is
# a few MB and about thirty columns.
MAX_CSV_BYTES = 100 * 1024 * 1024
MAX_FIELD_CHARS = 100_000
MAX_COLUMNS = 500
DELIMITERS = (",", ";", "\t")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run (OWASP: CSV injection)

csv.field_size_limit(MAX_FIELD_CHARS)


def read_csv(path: Path) -> CsvFile:
    """Parse `path`: UTF-8 (with or without BOM), comma, semicolon or tab separated.

    Values are quoted the standard way (a quote inside a quoted value is
    doubled); the separator is the one that splits the header and the first
    lines into the same number of columns."""
    data = read_regular(path, MAX_CSV_BYTES, f"{MAX_CSV_BYTES // 1024 // 1024} Mio", "split_file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not_utf8", {}, Location(path=path), "save_utf8") from None
    lines = text_lines(text)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError("nul_byte", {}, Location(path, line), "not_text")
    if not lines or not lines[0].strip():
        raise InputError("empty_csv", {}, Location(path=path, line=1), "csv_template")
    delimiter = _delimiter(text, lines[0])
    width = lines[0].count(delimiter) + 1
    if width > MAX_COLUMNS:  # refused before anything is built from it
        raise InputError("csv_too_many_columns", {"count": width, "limit": MAX_COLUMNS}, Location(path=path, line=1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    csv_file = CsvFile(path=path, header=[], records=[], lines=lines)
    try:
        header = [h.strip() for h in next(reader)]
        duplicates = sorted({h for h in header if header.count(h) > 1 and h})
        if duplicates:
            raise csv_file.error("csv_duplicate_column", 1, duplicates[0], "csv_unique_columns", key=duplicates[0])
        csv_file.header = header
        for values in reader:
            if not any(v.strip() for v in values):
                continue  # blank lines, common at the end of spreadsheets
            if len(values) > len(header) and any(v.strip() for v in values[len(header):]):
                raise csv_file.error(
                    "csv_too_wide", reader.line_num, None, "csv_row_width", count=len(values), header=len(header)
                )
            raw = {name: _unescape(values[i].strip()) if i < len(values) else "" for i, name in enumerate(header)}
            csv_file.records.append((reader.line_num, raw))
    except csv.Error as exc:
        line = reader.line_num or 1
        if "field larger than field limit" in str(exc):
            raise csv_file.error("csv_field_too_large", line, None, "split_file", limit=MAX_FIELD_CHARS) from None
        raise csv_file.error("csv_bad_quotes", line, None, "csv_quotes", detail=str(exc)) from None
    return csv_file


def _delimiter(text: str, header: str) -> str:
    """The separator that gives the header and the first lines one width; else the header's commonest."""
    sample = "\n".join(text_lines(text)[:50])
    best, best_score = ",", (-1, -1)
    for candidate in DELIMITERS:
        if candidate not in header:
            continue
        try:
            rows = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=candidate) if r]
        except csv.Error:
            continue
        width = len(rows[0]) if rows else 0
        consistent = sum(1 for r in rows if len(r) == width)
        score = (consistent, width)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _unescape(value: str) -> str:
    """Undo the quote that exports put before a value a spreadsheet would take as a formula."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        return value[1:]
    return value


def neutralise(value: Any) -> Any:
    """A text a spreadsheet would run as a formula is written after a quote (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def check_header(
    csv_file: CsvFile, required: Sequence[str], optional: Sequence[str], extra: Callable[[str], bool] = lambda _: False
) -> list[InputError]:
    problems = []
    known = [*required, *optional]
    for name in csv_file.header:
        if name not in known and not extra(name):
            suggestion = closest(name, known)
            problems.append(
                csv_file.error(
                    "csv_unknown_column", 1, name, "did_you_mean" if suggestion else "allowed_keys",
                    key=name, suggestion=suggestion, allowed=", ".join(known),
                )
            )
    for name in required:
        if name not in csv_file.header:
            problems.append(csv_file.error("csv_missing_column", 1, None, "csv_template", key=name))
    return problems


def parse_rows(
    csv_file: CsvFile, model: type[Row], to_fields: Callable[[dict[str, str]], dict[str, Any]],
    column_of: Callable[[tuple[Any, ...]], str],
) -> tuple[list[Located[Row]], list[InputError]]:
    """Validate each record into `model`; pydantic's errors become line/column errors."""
    rows: list[Located[Row]] = []
    problems: list[InputError] = []
    for line, raw in csv_file.records:
        try:
            rows.append(Located(line, model.model_validate(to_fields(raw))))
        except ValidationError as exc:
            problems.extend(_row_errors(csv_file, line, exc, column_of))
        except InputError as exc:  # raised by to_fields, already located
            problems.append(exc)
    return rows, problems


def _row_errors(csv_file: CsvFile, line: int, exc: ValidationError, column_of: Callable[[tuple[Any, ...]], str]) -> Iterator[InputError]:
    for err in exc.errors(include_url=False):
        column, code, params = field_error(err, column_of)
        yield csv_file.error(code, line, column, **({} if code == "csv_missing_value" else params))


def write_csv(path_or_stream: Any, header: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str = ",") -> None:
    writer = csv.writer(path_or_stream, lineterminator="\n", delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else neutralise(value) for value in row])
