"""The one exception family of Parcours: every error a user can cause names its place."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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
        from harness.i18n import render_error

        return render_error(self, "en")


class InputError(ParcoursError):
    """Bad input from a user: a scenario, a criteria file, a CSV row, a form field."""


@dataclass
class InputErrors(ParcoursError):
    """Several input errors found in one pass, reported together."""

    code: str = "several"
    errors: list[ParcoursError] = field(default_factory=list)


class ReplayError(ParcoursError):
    """A replay could not start at all (no browser, bad base URL)."""
