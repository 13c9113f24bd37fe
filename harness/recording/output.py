"""A recorded scenario written out: the YAML, the fake identity it names, the fake documents it
uploads. Everything is first written to a folder of its own and checked the way `parcours check`
checks (harness.checking), then moved into place; an invalid scenario writes nothing."""

from __future__ import annotations

import io
import shutil
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from harness.checking import check_paths
from harness.errors import InputError, InputErrors, Location
from harness.files import atomic_path
from harness.i18n import Lang, t
from harness.recording.importer import Imported
from harness.recording.values import FAKE_IDENTITY, PERSONA_ID
from harness.scenario.personas import PERSONAS_FILE, find_personas_file

FLOW_KEYS = ("click", "fill", "select", "check", "uncheck", "upload", "press", "wait_for")


@dataclass(frozen=True)
class Written:
    scenario: Path
    personas: Path | None  # the personas file written or completed, if the scenario names a persona
    fixtures: list[Path]


def scenario_yaml(imported: Imported, lang: Lang) -> str:
    """The scenario as YAML, with a header that says what the recording replaced and what it reached by CSS."""
    data = CommentedMap(imported.scenario)
    steps = CommentedSeq()
    for step in imported.scenario["steps"]:
        one = CommentedMap(step)
        if "actions" in step:
            actions = CommentedSeq()
            for action in step["actions"]:
                kind, spec = next(iter(action.items()))
                value = CommentedMap(spec) if isinstance(spec, dict) else spec
                if isinstance(value, CommentedMap):
                    value.fa.set_flow_style()
                    if "css" in value:
                        actions.append(CommentedMap({kind: value}))
                        actions.yaml_add_eol_comment(t("recording.css_comment", lang), len(actions) - 1)
                        continue
                actions.append(CommentedMap({kind: value}))
            one["actions"] = actions
        if "expect" in step:
            expect = CommentedSeq()
            for expectation in step["expect"]:
                kind, value = next(iter(expectation.items()))
                if isinstance(value, dict):  # a locator, on one line as in the actions
                    value = CommentedMap(value)
                    value.fa.set_flow_style()
                expect.append(CommentedMap({kind: value}))
            one["expect"] = expect
        steps.append(one)
    data["steps"] = steps
    data.yaml_set_start_comment("\n".join(header_lines(imported, lang)))
    yaml = YAML()
    yaml.width = 120
    yaml.allow_unicode = True
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def header_lines(imported: Imported, lang: Lang) -> list[str]:
    """What the person reads first in the file: where it came from and what was replaced."""
    lines = [t("recording.header", lang)]
    parts = [t(f"recording.header_{kind}", lang, count=count, id=PERSONA_ID) for kind in ("persona", "secret", "fake")
             if (count := sum(1 for r in imported.replacements if r.kind == kind))]
    if parts:
        lines.append(t("recording.header_replaced", lang, parts=", ".join(parts)))
    secrets = sorted({r.written for r in imported.replacements if r.kind == "secret"})
    if secrets:
        lines.append(t("recording.header_secrets", lang, names=", ".join(secrets)))
    if imported.uploads:
        lines.append(t("recording.header_uploads", lang, files=", ".join(sorted(imported.uploads))))
    if imported.css_only:
        lines.append(t("recording.header_css", lang, count=len(imported.css_only)))
    if imported.stopped_before:
        lines.append(t("recording.header_stopped", lang))
    return lines


def personas_text(existing: str | None, fields: set[str], lang: Lang) -> str:
    """The personas file with the recording's fake identity in it: added if absent, completed with the
    fields it lacks; nothing already there is changed (comments kept)."""
    yaml = YAML()
    yaml.width = 120
    yaml.allow_unicode = True
    data = yaml.load(existing) if existing else None
    if data is None:
        data = CommentedMap()
        data.yaml_set_start_comment(t("recording.personas_header", lang))
    personas = data.setdefault("personas", CommentedMap()) if isinstance(data, CommentedMap) else None
    persona = personas.setdefault(PERSONA_ID, CommentedMap({"description": t("recording.persona_description", lang),
                                                            "fields": CommentedMap()})) if isinstance(personas, CommentedMap) else None
    values = persona.setdefault("fields", CommentedMap()) if isinstance(persona, CommentedMap) else None
    if not isinstance(values, CommentedMap):
        raise ValueError("not a personas file")
    for name in sorted(fields):
        if name not in values:
            values[name] = FAKE_IDENTITY[name]
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def write(imported: Imported, out: Path, lang: Lang, *, force: bool = False) -> Written:
    """Write the scenario to `out`, with its persona and fixtures, once `parcours check` accepts them."""
    if out.suffix not in (".yaml", ".yml"):
        raise InputError("recording_output_suffix", {"path": str(out)}, Location(path=out))
    if out.exists() and not force:
        raise InputError("recording_output_exists", {"path": str(out)}, Location(path=out), "recording_force")
    text = scenario_yaml(imported, lang)
    personas_path = None
    personas = None
    if imported.persona_fields:
        personas_path = find_personas_file(out.resolve()) or out.parent / PERSONAS_FILE
        existing = personas_path.read_text(encoding="utf-8") if personas_path.is_file() else None
        try:
            personas = personas_text(existing, imported.persona_fields, lang)
        except Exception:  # not YAML, or not the shape of a personas file: left as it is
            raise InputError("recording_personas_unreadable", {"path": str(personas_path)},
                             Location(path=personas_path), "recording_personas") from None
    with tempfile.TemporaryDirectory(prefix="parcours-recording-") as folder:
        trial = Path(folder) / out.name
        trial.write_text(text, encoding="utf-8")
        if personas is not None:
            (Path(folder) / PERSONAS_FILE).write_text(personas, encoding="utf-8")
        for fixture in imported.uploads:
            (Path(folder) / "fixtures").mkdir(exist_ok=True)
            shutil.copyfile(_fixture(fixture), Path(folder) / "fixtures" / fixture)
        result = check_paths([trial])
        if result.problems:
            raise InputErrors(errors=result.problems)
    fixtures = []
    for fixture in sorted(imported.uploads):
        target = out.parent / "fixtures" / fixture
        if not target.exists():
            with atomic_path(target) as tmp:
                shutil.copyfile(_fixture(fixture), tmp)
        fixtures.append(target)
    if personas_path is not None and personas is not None:
        with atomic_path(personas_path) as tmp:
            tmp.write_text(personas, encoding="utf-8")
    with atomic_path(out) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Written(out, personas_path, fixtures)


def bundle(imported: Imported, lang: Lang) -> tuple[str, bytes]:
    """The scenario, its persona and its fixtures in one zip (the app's download), checked first;
    its name and bytes. The files sit in a folder named after the scenario, ready for scenarios/."""
    import zipfile

    slug = imported.scenario["id"]
    text = scenario_yaml(imported, lang)
    with tempfile.TemporaryDirectory(prefix="parcours-recording-") as folder:
        root = Path(folder) / slug
        root.mkdir()
        (root / f"{slug}.yaml").write_text(text, encoding="utf-8")
        if imported.persona_fields:
            (root / PERSONAS_FILE).write_text(personas_text(None, imported.persona_fields, lang), encoding="utf-8")
        for fixture in imported.uploads:
            (root / "fixtures").mkdir(exist_ok=True)
            shutil.copyfile(_fixture(fixture), root / "fixtures" / fixture)
        result = check_paths([root / f"{slug}.yaml"])
        if result.problems:
            raise InputErrors(errors=result.problems)
        data = io.BytesIO()
        with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(folder).as_posix())
    return f"{slug}.zip", data.getvalue()


def _fixture(name: str) -> Any:
    return resources.files("harness.recording").joinpath("fixtures", name)
