"""The JSON Schema of the scenario format, generated from the models."""

from __future__ import annotations

import json
from importlib import resources

from pydantic import BaseModel

from harness.scenario.models import Include, Scenario

SCHEMA_ID = "https://parcours.example/schema/scenario.schema.json"


def json_schema(model: type[BaseModel], schema_id: str, title: str) -> dict:
    """A model's JSON Schema as Parcours ships it: draft 2020-12, with its id and title."""
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = schema_id
    schema["title"] = title
    return schema


def as_text(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def shipped(name: str) -> str:
    """A schema file as shipped in the package under harness/schema/ (kept up to date by tests)."""
    return resources.files("harness").joinpath(f"schema/{name}").read_text("utf-8")


def scenario_schema() -> dict:
    """The scenario's schema; a step entry may also be `include: file`, replaced by shared steps when loaded."""
    schema = json_schema(Scenario, SCHEMA_ID, "Parcours scenario")
    include = Include.model_json_schema()
    schema["$defs"]["Include"] = include
    steps = schema["properties"]["steps"]
    steps["items"] = {"anyOf": [steps["items"], {"$ref": "#/$defs/Include"}]}
    return schema


def schema_text() -> str:
    return as_text(scenario_schema())


def shipped_schema_text() -> str:
    return shipped("scenario.schema.json")
