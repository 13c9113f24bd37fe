"""Secrets in scenarios: `{env.NAME}` in a `fill` value, read from the environment at run time.

A test account's password never sits in a scenario file. Every value read this way is registered
with the process's redactor: whatever Parcours writes (run.json, console lines, pytest failures,
JUnit) goes through `redact`, which writes "••••" in its place; the field it was typed into is
masked on every screenshot. Placeholders are allowed in `fill` values only: a secret in a URL, a
locator or an expectation would end up in the records that describe them."""

from __future__ import annotations

import html
import json
import os
import re
from urllib.parse import quote, quote_plus
from pathlib import Path
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from harness.errors import InputError
from harness.scenario.loader import LoadedScenario
from harness.yamlsource import Loc

ENV_PLACEHOLDER = re.compile(r"\{env\.([A-Za-z_][A-Za-z0-9_]*)\}")
ANY_ENV = re.compile(r"\{env\.[^}]*\}?")
MASK = "••••"


def _strings(node: Any, loc: Loc) -> Iterator[tuple[str, Loc]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(node, (list, tuple)):
        for index, value in enumerate(node):
            yield from _strings(value, (*loc, index))
    elif isinstance(node, str):
        yield node, loc


def _filled_strings(loaded: LoadedScenario) -> Iterator[tuple[str, Loc]]:
    """Every text of the scenario as the replay will use it: its persona's fields filled in (a persona
    field may hold `{env.NAME}` too), shared steps included, each with its place in the scenario."""
    yield from _strings(loaded.scenario.model_dump(mode="python", exclude_defaults=True), ())


def _in_fill_value(loc: Loc) -> bool:
    return len(loc) == 6 and loc[0] == "steps" and loc[2] == "actions" and loc[4:] == ("fill", "value")


def with_setups(scenarios: Iterable[LoadedScenario]) -> Iterator[LoadedScenario]:
    """The scenarios and the setup scenarios they start from, each once."""
    seen: set[Path] = set()
    for loaded in scenarios:
        for one in (loaded.setup, loaded):
            if one is not None and one.path.resolve() not in seen:
                seen.add(one.path.resolve())
                yield one


def secret_problems(scenarios: Iterable[LoadedScenario], environ: Mapping[str, str] | None = None) -> list[InputError]:
    """Before any replay: a variable that is not set, a placeholder that is not `{env.NAME}`, or one
    outside a `fill` value is an error at its line."""
    environ = os.environ if environ is None else environ
    problems = []
    for loaded in with_setups(scenarios):
        for text, loc in _filled_strings(loaded):
            if "{env." not in text:
                continue
            if not _in_fill_value(loc):
                problems.append(loaded.doc.error("secret_outside_fill", loc, "secret_in_fill"))
                continue
            for found in ANY_ENV.finditer(text):
                match = ENV_PLACEHOLDER.fullmatch(found.group(0))
                if match is None:
                    problems.append(loaded.doc.error("bad_secret_placeholder", loc, "secret_syntax", value=found.group(0)))
                elif match.group(1) not in environ:
                    problems.append(loaded.doc.error("missing_secret", loc, "set_secret", name=match.group(1)))
    return problems


def register_secrets(scenarios: Iterable[LoadedScenario], environ: Mapping[str, str] | None = None) -> None:
    """Read every secret the scenarios use into this process's redactor before replaying: what this
    process prints of runs replayed elsewhere (parallel workers) is redacted too."""
    for loaded in with_setups(scenarios):
        for text, loc in _filled_strings(loaded):
            if _in_fill_value(loc):
                REDACTOR.resolve(text, environ)


def encodings(value: str) -> set[str]:
    """The forms a browser or a page gives a typed value: as typed; percent-encoded in a URL or a form
    sent by GET (spaces as "+" or "%20", "~" kept or not); HTML-escaped where a page echoes it (named or
    numeric entities); and each of these as JSON writes it (run.json). A page that transforms it further
    (base64, hashing, upper case) is out of reach: docs/scenarios.md says so."""
    forms = {value, quote(value, safe=""), quote(value, safe="~"), quote_plus(value, safe=""), quote_plus(value, safe="~"),
             quote(value, safe="/:@!$'()*,;=&+~"), html.escape(value), html.escape(value, quote=False),
             html.escape(value).replace("&#x27;", "&#39;"), html.escape(value).replace("&quot;", "&#34;")}
    forms |= {quote(value, safe="").lower()} if "%" in quote(value, safe="") else set()
    return {form for f in forms for form in (f, json.dumps(f, ensure_ascii=False)[1:-1]) if form}


class Redactor:
    """The secret values read so far in this process, and what writes them out as "••••"."""

    def __init__(self) -> None:
        self.values: set[str] = set()

    def resolve(self, text: str, environ: Mapping[str, str] | None = None) -> tuple[str, bool]:
        """`text` with its placeholders filled in, and whether it holds a secret."""
        environ = os.environ if environ is None else environ
        names = ENV_PLACEHOLDER.findall(text)
        if not names:
            return text, False
        for name in names:
            if environ.get(name):
                self.values |= encodings(environ[name])
        return ENV_PLACEHOLDER.sub(lambda m: environ.get(m.group(1), ""), text), True

    def redact(self, text: str) -> str:
        for value in sorted(self.values, key=len, reverse=True):  # a longer secret before one it contains
            text = text.replace(value, MASK)
        return text


REDACTOR = Redactor()


def redact(text: str) -> str:
    return REDACTOR.redact(text)
