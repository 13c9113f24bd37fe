"""Validate form-like input (CLI options, web forms) into a model, naming the faulty field."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from harness.errors import InputError, InputErrors, Location
from harness.yamlsource import field_error

Model = TypeVar("Model", bound=BaseModel)


def validate_form(model: type[Model], data: dict[str, Any], labels: dict[str, str] | None = None) -> Model:
    """`model` from `data`, or InputErrors with one error per field, named as the user knows it."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = []
        for err in exc.errors(include_url=False):
            name, code, params = field_error(err, lambda loc: str(loc[0]))
            errors.append(InputError(code, params, Location(field=(labels or {}).get(name, name))))
        raise InputErrors(errors=errors) from None
