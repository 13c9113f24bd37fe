"""Load scenario files into typed models, with errors that quote the user's own line."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from harness.errors import InputError, InputErrors, Location, ParcoursError
from harness.scenario.models import Goto, Include, Scenario, SharedSteps, Upload, Url
from harness.weburl import host_allowed, host_of
from harness.scenario.personas import (
    PERSONAS_FILE,
    Persona,
    find_personas_file,
    load_personas,
    substitute,
)
from harness.yamlsource import Loc, YamlDocument, read_yaml, validation_errors
from harness.text import closest

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class ScenarioDocument(YamlDocument):
    """A scenario with its `include:` entries replaced by the shared steps they name.

    `data` holds the expanded scenario; a location under ("steps", i) is routed to the file the
    step comes from, so an error in shared steps names the shared file and its own line."""

    main: YamlDocument  # the scenario file as written
    origins: tuple[tuple[YamlDocument, Loc], ...] = ()  # per expanded step: its file and its place there
    included: tuple[tuple[YamlDocument, SharedSteps, Loc], ...] = ()  # each shared file, where it is included

    def source(self, loc: Loc) -> tuple[YamlDocument, Loc]:
        """The file and the place in it that a location of the expanded scenario stands for."""
        if len(loc) >= 2 and loc[0] == "steps" and isinstance(loc[1], int) and loc[1] < len(self.origins):
            doc, place = self.origins[loc[1]]
            return doc, (*place, *loc[2:])
        return self.main, loc

    def line_of(self, loc: Loc) -> int:
        doc, place = self.source(loc)
        return doc.line_of(place)

    def location(self, loc: Loc) -> Location:
        doc, place = self.source(loc)
        return doc.location(place)


@dataclass(frozen=True)
class LoadedScenario:
    """A valid scenario and where it came from."""

    scenario: Scenario
    doc: ScenarioDocument
    persona: Persona | None
    setup: LoadedScenario | None = None  # the scenario replayed first, whose browser state this one starts with

    @property
    def path(self) -> Path:
        return self.doc.path

    @property
    def base_dir(self) -> Path:
        return self.doc.path.parent.resolve()

    @property
    def sha256(self) -> str:
        """The scenario's identity: its text and that of the shared steps it includes."""
        digest = hashlib.sha256(self.doc.text.encode("utf-8"))
        for shared, _, _ in self.doc.included:
            digest.update(b"\0" + shared.text.encode("utf-8"))
        return digest.hexdigest()

    def step_line(self, index: int) -> int:
        return self.doc.line_of(("steps", index))

    def step_file(self, index: int) -> Path:
        """The file the step is written in: the scenario, or the shared steps it includes."""
        return self.doc.source(("steps", index))[0].path

    def step_excerpt(self, index: int) -> str:
        """The step's lines of YAML, numbered, as the user wrote them (in its own file)."""
        source, (_, place) = self.doc.source(("steps", index))
        assert isinstance(place, int)
        start = source.line_of(("steps", place))
        last = len(source.data["steps"]) - 1
        end = source.line_of(("steps", place + 1)) - 1 if place < last else len(source.lines)
        lines = source.lines[start - 1 : end]
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join(f"{start + i:4d} | {text}" for i, text in enumerate(lines))

    def upload_path(self, relative: str) -> Path:
        """The file to upload, checked again at run time: it must lie inside the scenario's folder."""
        path = (self.base_dir / relative).resolve()
        if not path.is_relative_to(self.base_dir) or not path.is_file():
            raise InputError("upload_outside", {"value": relative}, Location(path=self.path), "upload_inside")
        return path


def load_scenario(path: Path, personas_path: Path | None = None, *, as_setup: bool = False) -> LoadedScenario:
    """Parse and validate one scenario file, its shared steps and its setup scenario; raise
    InputErrors listing every problem, each at its own file and line."""
    written = read_yaml(path)
    if not isinstance(written.data, dict):
        raise written.error("scenario_not_mapping", (), "scenario_shape")
    doc, problems = _expand(written)

    persona, persona_problems = _persona(doc, personas_path)
    problems.extend(persona_problems)
    data, placeholder_problems = substitute(doc, persona, doc.data.get("persona"))
    problems.extend(placeholder_problems.errors)
    scenario = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems.extend(validation_errors(doc, exc, Scenario).errors)
    setup = None
    if scenario is not None:
        problems.extend(_duplicate_steps(doc, scenario))
        problems.extend(_missing_files(doc, scenario))
        problems.extend(_unreachable_urls(doc, scenario))
        problems.extend(_hosts_not_named(doc, scenario))
        if scenario.setup is not None:
            setup, setup_problems = _setup(doc, scenario.setup, personas_path, as_setup)
            problems.extend(setup_problems)
    if problems:
        raise InputErrors(errors=problems)
    assert scenario is not None
    return LoadedScenario(scenario=scenario, doc=doc, persona=persona, setup=setup)


def _expand(written: YamlDocument) -> tuple[ScenarioDocument, list[ParcoursError]]:
    """The scenario with each `- include: file` step entry replaced by that file's steps."""
    steps = written.data.get("steps")
    problems: list[ParcoursError] = []
    if not isinstance(steps, list):
        return ScenarioDocument(written.path, written.text, written.data, main=written), problems
    expanded: list[Any] = []
    origins: list[tuple[YamlDocument, Loc]] = []
    included: list[tuple[YamlDocument, SharedSteps, Loc]] = []
    for index, entry in enumerate(steps):
        if not (isinstance(entry, dict) and "include" in entry):
            expanded.append(entry)
            origins.append((written, ("steps", index)))
            continue
        loc = ("steps", index)
        shared = _shared_steps(written, loc, entry, problems)
        if shared is not None:
            doc, model = shared
            included.append((doc, model, loc))
            expanded.extend(model.steps)
            origins.extend((doc, ("steps", j)) for j in range(len(model.steps)))
    data = {**written.data, "steps": expanded}
    return ScenarioDocument(written.path, written.text, data, main=written, origins=tuple(origins),
                            included=tuple(included)), problems


def _shared_steps(written: YamlDocument, loc: Loc, entry: dict, problems: list[ParcoursError]) -> tuple[YamlDocument, SharedSteps] | None:
    """The shared steps an include entry names, read and checked in their own file."""
    try:
        include = Include.model_validate(entry)
    except ValidationError as exc:
        problems.extend(validation_errors(written, exc, Include, prefix=loc).errors)
        return None
    target = written.path.parent / include.include
    try:
        doc = read_yaml(target)
    except InputError as exc:
        if exc.code == "not_regular_file":  # a device or a pipe: said at the include line
            problems.append(written.error("not_regular_file", (*loc, "include"), "regular_file", path=include.include))
            return None
        if exc.code != "file_not_found":
            problems.append(exc)
            return None
        problems.append(written.error("include_missing", (*loc, "include"), "include_path", file=include.include,
                                      folder=str(written.path.parent)))
        return None
    if not isinstance(doc.data, dict):
        problems.append(doc.error("shared_not_mapping", (), "shared_shape"))
        return None
    try:
        model = SharedSteps.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(validation_errors(doc, exc, SharedSteps).errors)
        return None
    nested = [j for j, step in enumerate(model.steps) if isinstance(step, dict) and "include" in step]
    for j in nested:
        problems.append(doc.error("include_nested", ("steps", j), "include_once"))
    return None if nested else (doc, model)


def _hosts_not_named(doc: ScenarioDocument, scenario: Scenario) -> Iterator[InputError]:
    """Shared steps that reach an identity provider's host may do so only in scenarios that name it."""
    hosts = _own_hosts(scenario)
    for shared, model, loc in doc.included:
        for host in model.hosts:
            if hosts is None or not host_allowed(host, hosts):
                yield doc.main.error("include_host", (*loc, "include"), "allow_host_include", file=shared.path.name,
                                     host=host, hosts=", ".join(hosts or ()) or "—")


def _setup(doc: ScenarioDocument, relative: str, personas_path: Path | None, as_setup: bool) -> tuple[LoadedScenario | None, list[ParcoursError]]:
    """The setup scenario, loaded with every check; a setup of a setup is refused."""
    if as_setup:
        return None, [doc.error("setup_nested", ("setup",), "setup_once")]
    target = doc.path.parent / relative
    if not target.is_file():
        return None, [doc.error("setup_missing", ("setup",), "include_path", file=relative, folder=str(doc.path.parent))]
    try:
        return load_scenario(target, personas_path, as_setup=True), []
    except InputErrors as exc:
        return None, list(exc.errors)
    except ParcoursError as exc:
        return None, [exc]


def _own_hosts(scenario: Scenario) -> tuple[str, ...] | None:
    """The hosts a replay of the scenario may reach, or None when they come from --base-url."""
    if scenario.allowed_hosts is not None:
        return scenario.allowed_hosts
    start = host_of(scenario.start_url)
    return (start,) if start else None


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
    hosts = _own_hosts(scenario)
    if hosts is None:
        return  # the host comes from --base-url, known at run time only
    start = host_of(scenario.start_url)  # as the browser reads it: `http://a\\@b/` goes to a
    if start and not host_allowed(start, hosts):
        yield doc.error("url_not_allowed", ("start_url",), "allow_host", host=start, hosts=", ".join(hosts))
    for s, step in enumerate(scenario.steps):
        for e, expectation in enumerate(step.expect):
            href = expectation.url.href if isinstance(expectation, Url) else None
            if href and "*" not in href:
                host = host_of(href)
                if host and not host_allowed(host, hosts):
                    yield doc.error("url_not_allowed", ("steps", s, "expect", e, "url"), "allow_host",
                                    host=host, hosts=", ".join(hosts))
        for a, action in enumerate(step.actions):
            if isinstance(action, Goto):
                host = host_of(action.goto)
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
