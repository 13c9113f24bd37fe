"""Load scenario files into typed models, with errors that quote the user's own line."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import ValidationError

from harness.errors import InputError, InputErrors, Location, ParcoursError
from harness.scenario.models import Goto, Scenario, Upload, Url, host_allowed
from harness.scenario.personas import (
    PERSONAS_FILE,
    Persona,
    find_personas_file,
    load_personas,
    substitute,
)
from harness.yamlsource import YamlDocument, closest, read_yaml, validation_errors

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LoadedScenario:
    """A valid scenario and where it came from."""

    scenario: Scenario
    doc: YamlDocument
    persona: Persona | None

    @property
    def path(self) -> Path:
        return self.doc.path

    @property
    def base_dir(self) -> Path:
        return self.doc.path.parent.resolve()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.doc.text.encode("utf-8")).hexdigest()

    def step_line(self, index: int) -> int:
        return self.doc.line_of(("steps", index))

    def step_excerpt(self, index: int) -> str:
        """The step's lines of YAML, numbered, as the user wrote them."""
        start = self.step_line(index)
        last = len(self.scenario.steps) - 1
        end = self.step_line(index + 1) - 1 if index < last else len(self.doc.lines)
        lines = self.doc.lines[start - 1 : end]
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join(f"{start + i:4d} | {text}" for i, text in enumerate(lines))

    def upload_path(self, relative: str) -> Path:
        """The file to upload, checked again at run time: it must lie inside the scenario's folder."""
        path = (self.base_dir / relative).resolve()
        if not path.is_relative_to(self.base_dir) or not path.is_file():
            raise InputError("upload_outside", {"value": relative}, Location(path=self.path), "upload_inside")
        return path


def load_scenario(path: Path, personas_path: Path | None = None) -> LoadedScenario:
    """Parse and validate one scenario file; raise InputErrors listing every problem."""
    doc = read_yaml(path)
    if not isinstance(doc.data, dict):
        raise doc.error("scenario_not_mapping", (), "scenario_shape")

    persona, problems = _persona(doc, personas_path)
    data, placeholder_problems = substitute(doc, persona, doc.data.get("persona"))
    problems.extend(placeholder_problems.errors)
    scenario = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems.extend(validation_errors(doc, exc, Scenario).errors)
    if scenario is not None:
        problems.extend(_duplicate_steps(doc, scenario))
        problems.extend(_missing_files(doc, scenario))
        problems.extend(_unreachable_urls(doc, scenario))
    if problems:
        raise InputErrors(errors=problems)
    assert scenario is not None
    return LoadedScenario(scenario=scenario, doc=doc, persona=persona)


def _persona(doc: YamlDocument, personas_path: Path | None) -> tuple[Persona | None, list[ParcoursError]]:
    persona_id = doc.data.get("persona")
    if persona_id is None:
        return None, []
    source = personas_path or find_personas_file(doc.path)
    if source is None:
        return None, [doc.error("no_personas_file", ("persona",), "personas_file", file=PERSONAS_FILE)]
    try:
        personas = load_personas(source)
    except ParcoursError as exc:
        return None, [exc]
    if persona_id not in personas.personas:
        suggestion = closest(str(persona_id), personas.personas)
        hint = "did_you_mean" if suggestion else "allowed_keys"
        return None, [
            doc.error(
                "unknown_persona", ("persona",), hint, key=persona_id, file=str(source),
                suggestion=suggestion, allowed=", ".join(personas.personas),
            )
        ]
    return personas.personas[persona_id], []


def _duplicate_steps(doc: YamlDocument, scenario: Scenario) -> Iterator[InputError]:
    """Screens are told apart by name: two names are duplicates only when they are the same text
    (names in other scripts share a slug without being the same)."""
    seen: set[str] = set()
    for index, step in enumerate(scenario.steps):
        name = " ".join(step.name.split())
        if name in seen:
            yield doc.error("duplicate_step", ("steps", index, "name"), "unique_step", name=step.name)
        seen.add(name)


def _missing_files(doc: YamlDocument, scenario: Scenario) -> Iterator[InputError]:
    base = doc.path.parent.resolve()
    for s, step in enumerate(scenario.steps):
        for a, action in enumerate(step.actions):
            if not isinstance(action, Upload):
                continue
            loc = ("steps", s, "actions", a, "upload", "file")
            target = (base / action.upload.file).resolve()
            if not target.is_relative_to(base):  # a link that leads out of the folder
                yield doc.error("upload_outside", loc, "upload_inside", value=action.upload.file)
            elif not target.is_file():
                yield doc.error("upload_missing", loc, "upload_missing", file=action.upload.file, folder=str(base))


def _unreachable_urls(doc: YamlDocument, scenario: Scenario) -> Iterator[InputError]:
    """A `url` expectation or a goto on a host the replay may not reach can never hold."""
    hosts = scenario.allowed_hosts
    if hosts is None:
        start = urlsplit(scenario.start_url)
        if not start.hostname:
            return  # the host comes from --base-url, known at run time only
        hosts = (start.hostname,)
    for s, step in enumerate(scenario.steps):
        for e, expectation in enumerate(step.expect):
            href = expectation.url.href if isinstance(expectation, Url) else None
            if href and "*" not in href:
                host = urlsplit(href).hostname
                if host and not host_allowed(host, hosts):
                    yield doc.error("url_not_allowed", ("steps", s, "expect", e, "url"), "allow_host",
                                    host=host, hosts=", ".join(hosts))
        for a, action in enumerate(step.actions):
            if isinstance(action, Goto):
                host = urlsplit(action.goto).hostname
                if host and not host_allowed(host, hosts):
                    yield doc.error("url_not_allowed", ("steps", s, "actions", a, "goto"), "allow_host",
                                    host=host, hosts=", ".join(hosts))


def is_scenario_file(path: Path) -> bool:
    """YAML files are scenarios, but for personas.yaml and names starting with _ or ."""
    return (
        path.suffix in YAML_SUFFIXES
        and path.name != PERSONAS_FILE
        and not path.name.startswith(("_", "."))
    )


def discover(paths: Iterable[Path]) -> list[Path]:
    """Scenario files named or found below the given folders, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    Path(folder) / name
                    for folder, _, names in os.walk(path, followlinks=True)  # scenarios/demo is a link
                    for name in names
                    if is_scenario_file(Path(folder) / name)
                )
            )
        elif path.exists():
            found.append(path)
        else:
            raise InputError("file_not_found", {"path": str(path)}, Location(path=path))
    return found


def load_all(paths: Iterable[Path]) -> tuple[list[LoadedScenario], list[ParcoursError]]:
    """Load every scenario; bad files are reported, good ones still returned."""
    loaded: list[LoadedScenario] = []
    problems: list[ParcoursError] = []
    ids: dict[str, Path] = {}
    for path in discover(paths):
        try:
            one = load_scenario(path)
        except InputErrors as exc:
            problems.extend(exc.errors)
            continue
        except ParcoursError as exc:
            problems.append(exc)
            continue
        first = ids.setdefault(one.scenario.id, path)
        if first != path:
            problems.append(one.doc.error("duplicate_id", ("id",), "unique_id", key=one.scenario.id, other=str(first)))
            continue
        loaded.append(one)
    return loaded, problems
