"""The JSON Schema of the scenario format, generated from the models."""

from __future__ import annotations

import json
from importlib import resources

from harness.scenario.models import Scenario

SCHEMA_ID = "https://parcours.example/schema/scenario.schema.json"


def scenario_schema() -> dict:
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "Parcours scenario"
    return schema


def schema_text() -> str:
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"


def shipped_schema_text() -> str:
    """The copy shipped in the package (kept up to date by a test)."""
    return resources.files("harness").joinpath("schema/scenario.schema.json").read_text("utf-8")
