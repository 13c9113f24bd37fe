"""The one exception family of Parcours: every error a user can cause names its place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.i18n import Lang, t
from harness.text import printable


@dataclass(frozen=True)
class Location:
    """Where bad input sits: a file and line, a CSV row and column, or a form field."""

    path: Path | None = None
    line: int | None = None  # 1-based
    excerpt: str | None = None  # the user's own line, quoted back
    row: int | None = None  # CSV data row, 1-based, header excluded
    column: str | None = None
    field: str | None = None


@dataclass
class ParcoursError(Exception):
    """Base of all Parcours errors.

    `code` names a message in the locale catalogues (`errors.<code>`), filled
    with `params`; the text is rendered only when shown, in the user's language.
    """

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    location: Location | None = None
    hint: str | None = None  # a catalogue key under `hints.`, filled with params

    def __post_init__(self) -> None:
        super().__init__(self.code)

    def __str__(self) -> str:
        return render_error(self, "en")


class InputError(ParcoursError):
    """Bad input from a user: a scenario, a criteria file, a CSV row, a form field."""


@dataclass
class InputErrors(ParcoursError):
    """Several input errors found in one pass, reported together."""

    code: str = "several"
    errors: Sequence[ParcoursError] = field(default_factory=list)


class ReplayError(ParcoursError):
    """A replay could not start at all (no browser, bad base URL)."""


# -- what the user reads -----------------------------------------------------------


def place_label(location: Location, lang: Lang) -> str:
    """`file.csv:5, colonne « seq »`: where the user finds the problem."""
    parts: list[str] = []
    if location.path is not None:
        parts.append(f"{location.path}:{location.line}" if location.line else str(location.path))
    if location.row is not None:
        parts.append(t("where.row", lang, row=location.row))
    if location.column:
        parts.append(t("where.column", lang, name=location.column))
    if location.field:
        parts.append(t("where.field", lang, name=location.field))
    return ", ".join(parts)


def render_error(error: ParcoursError, lang: Lang) -> str:
    """One error as the user reads it: place, what is wrong, the quoted line, a hint."""
    if isinstance(error, InputErrors):
        return "\n\n".join(render_error(e, lang) for e in error.errors)
    lines = []
    message = t(f"errors.{error.code}", lang, **error.params)
    place = place_label(error.location, lang) if error.location else ""
    lines.append(printable(f"{place}: {message}" if place else message))
    if error.location and error.location.excerpt is not None:
        lines.append(f"    {error.location.line} | {printable(error.location.excerpt, one_line=True)}")
    if error.hint:
        lines.append(t("hints.prefix", lang) + " " + t(f"hints.{error.hint}", lang, **error.params))
    return "\n".join(lines)
