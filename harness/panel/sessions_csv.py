"""The sessions CSV: one line per step of a session; session-wide answers on any one of its lines."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic_core import PydanticCustomError

from harness.criteria.models import Catalogue, Mode
from harness.errors import InputError
from harness.panel.csvio import CsvFile, Located, check_header, parse_rows, read_csv
from harness.panel.models import SessionRow, quality_fits
from harness.text import closest

REQUIRED = ("session", "campaign", "tester", "facilitator", "procedure", "version", "date", "device", "step", "outcome")
# Session-wide answers (the JDMA questions), given on any one line of the session.
SESSION_ANSWERS = ("satisfaction", "clarity", "contact", "help_quality")
OPTIONAL = ("seconds", "errors", "help_requests", "help_kind", "seq", "observation", "severity", "tags", *SESSION_ANSWERS)
SUS_COLUMNS = tuple(f"sus_{i}" for i in range(1, 11))
SCORE_PREFIX = "score:"
SESSION_FIELDS = ("campaign", "tester", "facilitator", "procedure", "version", "date", "device")
_SUS = re.compile(r"^sus_(10|[1-9])$")


@dataclass
class ParsedSession:
    """All lines of one session, checked for consistency."""

    ref: str
    first_line: int
    head: SessionRow
    steps: list[Located[SessionRow]] = field(default_factory=list)
    sus: dict[int, int] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict)  # SESSION_ANSWERS given
    scores: dict[str, float] = field(default_factory=dict)


StepNames = Mapping[tuple[str, str], Sequence[str]]  # (procedure, version) -> its scenario's step names


def parse_sessions(path: Path, catalogue: Catalogue, steps: StepNames | None = None) -> tuple[list[ParsedSession], list[InputError]]:
    """Every session in the file, or the list of what is wrong, line by line.

    `steps`: the step names of each procedure version's scenario; a row naming a step its scenario
    does not have is an error (a typo would otherwise make a new one-screen session of its own)."""
    csv_file = read_csv(path)
    scored = {c.id: c for c in catalogue.criteria if c.mode is not Mode.AUTO}
    problems = check_header(csv_file, REQUIRED, (*OPTIONAL, *SUS_COLUMNS), lambda name: name.startswith(SCORE_PREFIX))
    for name in csv_file.header:
        if name.startswith(SCORE_PREFIX) and name[len(SCORE_PREFIX):] not in scored:
            wanted = name[len(SCORE_PREFIX):]
            suggestion = closest(wanted, scored)
            problems.append(csv_file.error(
                "unknown_score_criterion", 1, name, "did_you_mean" if suggestion else None,
                key=wanted, suggestion=f"{SCORE_PREFIX}{suggestion}",
            ))
    if problems:
        return [], problems

    sus_columns = {name: int(m.group(1)) for name in csv_file.header if (m := _SUS.match(name))}
    score_columns = {name: name[len(SCORE_PREFIX):] for name in csv_file.header if name.startswith(SCORE_PREFIX)}
    plain_columns = [name for name in csv_file.header if name not in sus_columns and name not in score_columns]

    def to_fields(raw: dict[str, str]) -> dict[str, Any]:
        values: dict[str, Any] = {k: raw[k] for k in plain_columns if raw[k] != ""}
        values["sus"] = {item: raw[k] for k, item in sus_columns.items() if raw[k] != ""}
        values["scores"] = {criterion: raw[k] for k, criterion in score_columns.items() if raw[k] != ""}
        return values

    def column_of(loc: tuple[Any, ...]) -> str:
        if loc[0] == "sus" and len(loc) > 1:
            return f"sus_{loc[1]}"
        if loc[0] == "scores" and len(loc) > 1:
            return f"{SCORE_PREFIX}{loc[1]}"
        return str(loc[0])

    rows, problems = parse_rows(csv_file, SessionRow, to_fields, column_of)
    problems += _unknown_steps(csv_file, rows, steps or {})
    sessions = _group(csv_file, rows, problems)
    for session in sessions.values():
        for criterion_id, value in session.scores.items():
            scale = scored[criterion_id].scale
            if (scale.min is not None and value < scale.min) or (scale.max is not None and value > scale.max):
                problems.append(csv_file.error(
                    "score_out_of_scale", session.first_line, f"{SCORE_PREFIX}{criterion_id}",
                    value=value, min=scale.min, max=scale.max,
                ))
        if session.sus and len(session.sus) != 10:
            missing = ", ".join(f"sus_{i}" for i in range(1, 11) if i not in session.sus)
            problems.append(csv_file.error("sus_incomplete", session.first_line, None, session=session.ref, missing=missing))
    return list(sessions.values()), problems


def _unknown_steps(csv_file: CsvFile, rows: list[Located[SessionRow]], steps: StepNames) -> list[InputError]:
    problems = []
    for located in rows:
        row = located.row
        names = steps.get((row.procedure, row.version))
        if names is None or row.step in names:
            continue  # no scenario to check against, or a step it has
        suggestion = closest(row.step, names)
        problems.append(csv_file.error("unknown_step", located.line, "step", "did_you_mean" if suggestion else "allowed_keys",
                                       key=row.step, procedure=row.procedure, version=row.version, suggestion=suggestion,
                                       allowed=", ".join(names)))
    return problems


def _group(csv_file: CsvFile, rows: list[Located[SessionRow]], problems: list[InputError]) -> dict[str, ParsedSession]:
    sessions: dict[str, ParsedSession] = {}
    steps_seen: dict[str, set[str]] = defaultdict(set)
    for located in rows:
        row, line = located.row, located.line
        session = sessions.setdefault(row.session, ParsedSession(row.session, line, row))
        for name in SESSION_FIELDS:
            if getattr(row, name) != getattr(session.head, name):
                problems.append(csv_file.error(
                    "session_inconsistent", line, name, session=row.session,
                    value=str(getattr(row, name)), first=str(getattr(session.head, name)), first_line=session.first_line,
                ))
        if row.step in steps_seen[row.session]:
            problems.append(csv_file.error("duplicate_step_row", line, "step", session=row.session, step=row.step))
        steps_seen[row.session].add(row.step)
        session.steps.append(located)
        for item, value in row.sus.items():
            _merge(csv_file, problems, session.sus, item, value, line, f"sus_{item}", row.session)
        for criterion_id, score in row.scores.items():
            _merge(csv_file, problems, session.scores, criterion_id, score, line, f"{SCORE_PREFIX}{criterion_id}", row.session)
        for name in SESSION_ANSWERS:
            if (value := getattr(row, name)) is not None:
                _merge(csv_file, problems, session.answers, name, value, line, name, row.session)
    for session in sessions.values():  # answers given on different lines must still fit together
        try:
            quality_fits(session.answers.get("contact"), session.answers.get("help_quality"))
        except PydanticCustomError:
            problems.append(csv_file.error("quality_without_contact", session.first_line, "help_quality"))
    return sessions


def _merge(csv_file: CsvFile, problems: list[InputError], target: dict, key: Any, value: Any, line: int, column: str,
           session: str) -> None:
    if key in target and target[key] != value:
        problems.append(csv_file.error("session_answer_conflict", line, column, session=session))
    target[key] = value
