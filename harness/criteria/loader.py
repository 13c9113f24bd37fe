"""Load the criteria folder: criteria.yaml, practices.yaml, quotas.yaml, checked against each other."""

from __future__ import annotations

from collections.abc import Collection
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from harness.criteria.models import Catalogue, CriteriaFile, PracticesFile, QuotasFile
from harness.errors import InputError, InputErrors, Location, ParcoursError
from harness.yamlsource import YamlDocument, read_yaml, validation_errors
from harness.text import closest

CRITERIA_FILE, PRACTICES_FILE, QUOTAS_FILE = "criteria.yaml", "practices.yaml", "quotas.yaml"
FILES = (CRITERIA_FILE, PRACTICES_FILE, QUOTAS_FILE)
Model = TypeVar("Model", bound=BaseModel)


def is_criteria_folder(path: Path) -> bool:
    return path.is_dir() and any((path / name).is_file() for name in FILES)


def default_criteria() -> Path:
    """./criteria when there is one, else the grid shipped with Parcours."""
    local = Path("criteria")
    return local if is_criteria_folder(local) else Path(str(resources.files("harness.criteria") / "grid"))


def load_catalogue(folder: Path, known_checks: Collection[str] = ()) -> Catalogue:
    """Every file of the folder, then their references to each other; all problems at once.

    `known_checks`: Parcours's check rules, which practices may name (`checks:`); unchecked when empty.
    """
    problems: list[ParcoursError] = []
    criteria_doc, criteria = _load(folder / CRITERIA_FILE, CriteriaFile, problems)
    practices_doc, practices = _load(folder / PRACTICES_FILE, PracticesFile, problems)
    _, quotas = _load(folder / QUOTAS_FILE, QuotasFile, problems)
    if criteria and practices:
        problems += _unique(criteria_doc, "criteria", [c.id for c in criteria.criteria])
        problems += _unique(practices_doc, "practices", [p.id for p in practices.practices])
        known_practices = [p.id for p in practices.practices]
        known_criteria = [c.id for c in criteria.criteria]
        for i, criterion in enumerate(criteria.criteria):
            for j, ref in enumerate(criterion.practices):
                problems += _reference(criteria_doc, ("criteria", i, "practices", j), ref, known_practices, "unknown_practice")
        for i, practice in enumerate(practices.practices):
            for j, ref in enumerate(practice.criteria):
                problems += _reference(practices_doc, ("practices", i, "criteria", j), ref, known_criteria, "unknown_criterion")
            for j, ref in enumerate(practice.checks if known_checks else ()):
                problems += _reference(practices_doc, ("practices", i, "checks", j), ref, sorted(known_checks), "unknown_check")
    if problems:
        raise InputErrors(errors=problems)
    assert criteria and practices and quotas
    return Catalogue(criteria=criteria.criteria, practices=practices.practices, quotas=quotas.quotas)


def _load(path: Path, model: type[Model], problems: list[ParcoursError]) -> tuple[YamlDocument | None, Model | None]:
    if not path.is_file():
        problems.append(InputError("file_not_found", {"path": str(path)}, Location(path=path)))
        return None, None
    try:
        doc = read_yaml(path)
    except ParcoursError as exc:
        problems.append(exc)
        return None, None
    try:
        return doc, model.model_validate(doc.data)
    except ValidationError as exc:
        problems += validation_errors(doc, exc, model).errors
        return doc, None


def _unique(doc: YamlDocument | None, key: str, ids: list[str]) -> list[InputError]:
    seen: set[str] = set()
    found = []
    for index, item in enumerate(ids):
        if item in seen and doc is not None:
            found.append(doc.error("duplicate_id", (key, index, "id"), "unique_id", key=item, other=key))
        seen.add(item)
    return found


def _reference(doc: YamlDocument | None, loc: tuple, ref: str, known: list[str], code: str) -> list[InputError]:
    if ref in known or doc is None:
        return []
    suggestion = closest(ref, known)
    return [doc.error(code, loc, "did_you_mean" if suggestion else None, key=ref, suggestion=suggestion)]
