"""Validate form-like input (CLI options, web forms) into a model, naming the faulty field."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from harness.errors import InputError, InputErrors, Location
from harness.yamlsource import VALUE_ERRORS, error_params

Model = TypeVar("Model", bound=BaseModel)


def validate_form(model: type[Model], data: dict[str, Any], labels: dict[str, str] | None = None) -> Model:
    """`model` from `data`, or InputErrors with one error per field, named as the user knows it."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = []
        for err in exc.errors(include_url=False):
            # a rule across fields names the field it asks for in its context
            name = str(err["loc"][0]) if err["loc"] else str((err.get("ctx") or {}).get("field", ""))
            field = (labels or {}).get(name, name)
            params = {k: str(v) for k, v in error_params(err).items()}
            params.setdefault("detail", err["msg"])
            params.setdefault("value", str(err.get("input", "")))  # the rule's own word for the value, if it gives one
            kind = err["type"]
            code = "csv_missing_value" if kind == "missing" else kind if kind in VALUE_ERRORS else "csv_bad_value"
            errors.append(InputError(code, params, Location(field=field)))
        raise InputErrors(errors=errors) from None  # type: ignore[arg-type]
