"""Read CSV files into typed rows; every problem names its line and column."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from harness.errors import InputError, Location
from harness.yamlsource import VALUE_ERRORS, closest, error_params

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


def read_csv(path: Path) -> CsvFile:
    """Parse `path`: UTF-8 (with or without BOM), comma, semicolon or tab separated."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("file_not_found", {"path": str(path)}, Location(path=path)) from None
    except UnicodeDecodeError:
        raise InputError("not_utf8", {}, Location(path=path), "save_utf8") from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InputError("empty_csv", {}, Location(path=path, line=1), "csv_template")
    try:
        dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(text.splitlines(keepends=True), dialect)
    header = [h.strip() for h in next(reader)]
    records = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue  # blank lines, common at the end of spreadsheets
        raw = {name: (values[i].strip() if i < len(values) else "") for i, name in enumerate(header)}
        records.append((reader.line_num, raw))
    return CsvFile(path=path, header=header, records=records, lines=lines)


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
        column = column_of(err["loc"])
        kind = err["type"]
        params = {k: str(v) for k, v in error_params(err).items()}
        params.setdefault("detail", err["msg"])
        params["value"] = str(err.get("input", ""))
        if kind == "missing":
            yield csv_file.error("csv_missing_value", line, column)
        elif kind in VALUE_ERRORS:
            yield csv_file.error(kind, line, column, **params)
        else:
            yield csv_file.error("csv_bad_value", line, column, **params)


def write_csv(path_or_stream: Any, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    writer = csv.writer(path_or_stream, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
