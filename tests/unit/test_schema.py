"""The shipped JSON Schema matches the models and accepts what the loader accepts."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from harness.scenario.schema import scenario_schema, schema_text, shipped_schema_text

DEMO = Path(__file__).parents[2] / "harness" / "demo" / "scenarios"


def test_shipped_schema_is_up_to_date() -> None:
    assert shipped_schema_text() == schema_text(), "run: parcours schema -o harness/schema/scenario.schema.json"


@pytest.mark.parametrize("name", ["cmi-stationnement-avant.yaml", "cmi-stationnement-apres.yaml"])
def test_demo_scenarios_match_the_schema(name: str) -> None:
    data = YAML(typ="safe").load((DEMO / name).read_text())
    jsonschema.validate(data, scenario_schema())


def test_schema_rejects_an_unknown_action() -> None:
    data = YAML(typ="safe").load((DEMO / "cmi-stationnement-apres.yaml").read_text())
    data["steps"][0]["actions"] = [{"clik": {"role": "link", "name": "x"}}]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(json.loads(json.dumps(data)), scenario_schema())


def test_shipped_findings_schema_is_up_to_date() -> None:
    from harness.reports import findings_json

    assert findings_json.shipped_schema_text() == findings_json.schema_text(), \
        "run: parcours schema --findings -o harness/schema/findings.schema.json"
