"""Fake test identities for scenarios, and the `{persona.field}` placeholders that use them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from harness.errors import InputErrors, ParcoursError
from harness.scenario.models import SLUG, Frozen
from harness.yamlsource import Loc, YamlDocument, read_model
from harness.text import closest

PERSONAS_FILE = "personas.yaml"
PLACEHOLDER = re.compile(r"\{persona\.([A-Za-z0-9_]+)\}")


class Persona(Frozen):
    """A fake identity: never a real person's data."""

    description: str
    fields: dict[str, str] = Field(description="Values scenarios insert with {persona.<field>}.")

    @field_validator("fields", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        return {k: str(v) for k, v in value.items()} if isinstance(value, dict) else value


class PersonasFile(Frozen):
    personas: dict[str, Persona]

    @field_validator("personas")
    @classmethod
    def _slugs(cls, value: dict[str, Persona]) -> dict[str, Persona]:
        for key in value:
            if not re.match(SLUG, key):
                raise PydanticCustomError("bad_slug", "bad id", {"value": key})
        return value


def find_personas_file(scenario_path: Path) -> Path | None:
    """The nearest personas.yaml in the scenario's folder or one above it."""
    for folder in [scenario_path.parent, *scenario_path.parent.parents]:
        candidate = folder / PERSONAS_FILE
        if candidate.is_file():
            return candidate
    return None


def load_personas(path: Path) -> PersonasFile:
    return read_model(path, PersonasFile)


def substitute(
    doc: YamlDocument, persona: Persona | None, persona_id: str | None
) -> tuple[Any, InputErrors]:
    """A plain copy of the document with every `{persona.x}` filled in, and the
    placeholders that could not be (unknown field, or no persona declared)."""
    problems = InputErrors()
    found: list[ParcoursError] = []  # the placeholders that could not be filled, in the order met
    problems.errors = found

    def fill(text: str, loc: Loc) -> str:
        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            if persona is None:
                found.append(doc.error("placeholder_without_persona", loc, "add_persona", field=name))
                return match.group(0)
            if name not in persona.fields:
                suggestion = closest(name, persona.fields)
                hint = "did_you_mean" if suggestion else "allowed_keys"
                found.append(
                    doc.error(
                        "unknown_placeholder", loc, hint, key=f"persona.{name}", persona=persona_id,
                        suggestion=f"persona.{suggestion}", allowed=", ".join(persona.fields),
                    )
                )
                return match.group(0)
            return persona.fields[name]

        return PLACEHOLDER.sub(one, text)

    def walk(node: Any, loc: Loc) -> Any:
        if isinstance(node, dict):
            return {key: walk(value, (*loc, key)) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(value, (*loc, i)) for i, value in enumerate(node)]
        if isinstance(node, str):
            return fill(str(node), loc)
        return node

    return walk(doc.data, ()), problems
