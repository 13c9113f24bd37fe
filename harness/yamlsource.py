"""YAML read with its line numbers, so errors can quote the user's own file."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, Tag, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    ScalarEvent,
)

from harness.errors import InputError, InputErrors, Location
from harness.files import read_regular
from harness.text import closest, text_lines

Loc = tuple[str | int, ...]

# Limits that keep a hostile or broken file from taking the machine: a scenario
# or a criteria file is a few hundred lines, nested a few levels.
MAX_YAML_BYTES = 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 100_000  # values once aliases (*name) are expanded


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: its data (plain Python values) and its text. The nodes that know
    their lines are built from the text when a line is first asked for: most files never need one."""

    path: Path
    text: str
    data: Any

    @cached_property
    def nodes(self) -> Any:
        """The file's round-trip nodes (ruamel), which carry their line numbers."""
        if isinstance(self.data, (CommentedMap, CommentedSeq)):
            return self.data
        return YAML(typ="rt").load(self.text)

    @property
    def lines(self) -> list[str]:
        return text_lines(self.text)

    def line_of(self, loc: Loc) -> int:
        """1-based line of the deepest node on `loc` that exists in the file."""
        node, line = self.nodes, 1
        if isinstance(node, (CommentedMap, CommentedSeq)):
            line = node.lc.line + 1
        for part in loc:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        return line

    def location(self, loc: Loc) -> Location:
        line = self.line_of(loc)
        excerpt = self.lines[line - 1] if 0 < line <= len(self.lines) else None
        return Location(path=self.path, line=line, excerpt=excerpt)

    def error(self, code: str, loc: Loc, hint: str | None = None, **params: Any) -> InputError:
        return InputError(code, params, self.location(loc), hint)


def read_yaml(path: Path) -> YamlDocument:
    """Parse `path`, turning syntax errors into an InputError at the faulty line.

    The file's size, nesting depth and size once aliases are expanded are
    checked first, from the parser's events, before anything is built."""
    data_bytes = read_regular(path, MAX_YAML_BYTES, f"{MAX_YAML_BYTES // 1024} Kio")
    try:
        text = data_bytes.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("not_utf8", {}, Location(path=path)) from None
    if "\x00" in text:
        at = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError("nul_byte", {}, Location(path, at, text_lines(text)[at - 1].replace("\x00", "␀")), "not_text")
    try:
        data = _load(path, text)
    except MarkedYAMLError as exc:
        # where the faulty construct began (an unclosed "{", a key without ":")
        # is nearer the user's mistake than where the parser gave up
        mark = exc.context_mark or exc.problem_mark
        line: int | None = mark.line + 1 if mark else None
        lines = text_lines(text)
        excerpt: str | None = lines[line - 1] if line and line <= len(lines) else None
        problem = ": ".join(p.strip() for p in (exc.context, exc.problem) if p)
        raise InputError(
            "yaml_syntax", {"problem": problem}, Location(path, line, excerpt), "yaml_syntax"
        ) from None
    return YamlDocument(path=path, text=text, data=data)


def _load(path: Path, text: str) -> Any:
    """The file's data, once its shape is checked (see `_count_events`).

    Read by libyaml (ruamel.yaml.clib) where it is installed, about ten times faster than the
    pure-Python parser; a file libyaml cannot read is read again by the round-trip parser,
    whose error, if any, is the one the user reads."""
    def read(yaml: YAML) -> Any:
        _count_events(path, text, yaml.parse(text))
        return yaml.load(text)

    try:
        return read(YAML(typ="safe"))
    except MarkedYAMLError:
        return read(YAML(typ="rt"))


def _count_events(path: Path, text: str, events: Iterable[Any]) -> None:
    """Refuse, from the parser's events and before anything is built, a document nested too deep,
    too large once its aliases are expanded (an "alias bomb"), an alias inside its own anchor (a value
    without end), and values no file or field can hold (a NUL, a lone surrogate, a number too long)."""
    sizes: dict[str, int] = {}  # anchor -> values under it, aliases expanded
    open_nodes: list[list[Any]] = []  # [anchor, values so far, line]

    def fail(code: str, line: int, hint: str | None = None, **params: Any) -> InputError:
        lines = text_lines(text)
        return InputError(code, params, Location(path, line + 1, lines[line] if line < len(lines) else None), hint)

    def add(count: int, line: int) -> None:
        target = open_nodes[-1] if open_nodes else None
        if target is not None:
            target[1] += count
        if count > MAX_NODES or (target is not None and target[1] > MAX_NODES):
            raise fail("yaml_too_large", line, "yaml_aliases", limit=MAX_NODES)

    for event in events:
        line = event.start_mark.line if event.start_mark else 0
        if isinstance(event, CollectionStartEvent):
            if len(open_nodes) >= MAX_DEPTH:
                raise fail("yaml_too_deep", line, "yaml_syntax", limit=MAX_DEPTH)
            open_nodes.append([event.anchor, 1, line])
        elif isinstance(event, CollectionEndEvent):
            anchor, count, start = open_nodes.pop()
            if anchor:
                sizes[anchor] = count
            add(count, start)
        elif isinstance(event, ScalarEvent):
            _check_scalar(event, fail, line)
            if event.anchor:
                sizes[event.anchor] = 1
            add(1, line)
        elif isinstance(event, AliasEvent):
            if any(node[0] == event.anchor for node in open_nodes):
                raise fail("yaml_recursive_alias", line, "yaml_aliases", anchor=event.anchor)
            add(sizes.get(event.anchor, 1), line)


MAX_DIGITS = 100  # a number of a scenario or a grid is a count, a score or a year
PLAIN_NUMBER = re.compile(r"[-+]?[0-9][0-9_]*")


def _check_scalar(event: ScalarEvent, fail: Callable[..., InputError], line: int) -> None:
    value = event.value
    if "\x00" in value:
        raise fail("yaml_nul_in_value", line, "not_text")
    surrogate = next((c for c in value if "\ud800" <= c <= "\udfff"), None)
    if surrogate is not None:
        raise fail("yaml_unstorable", line, "not_text", char=f"U+{ord(surrogate):04X}")
    if not event.style and len(value) > MAX_DIGITS and PLAIN_NUMBER.fullmatch(value):
        raise fail("yaml_number_too_long", line, "number_too_long", digits=len(value), limit=MAX_DIGITS)


def validation_errors(doc: YamlDocument, exc: ValidationError, model: type[BaseModel], prefix: Loc = ()) -> InputErrors:
    """Translate pydantic's errors on `model` (read from the node at `prefix`) into InputErrors at the user's lines."""
    errors: list[InputError] = []
    seen: set[tuple[int, str]] = set()
    raw = exc.errors(include_url=False)
    for err in raw:
        if err["type"] == "too_short" and any(_inside(other["loc"], err["loc"]) for other in raw):
            continue  # pydantic counts only valid items: the real errors are inside
        loc, _ = _walk(model, err["loc"])
        kind = err["type"]
        params: dict[str, Any] = {"detail": err["msg"]}
        hint = None
        if kind == "extra_forbidden":
            code, key = "unknown_key", str(loc[-1])
            _, allowed = _walk(model, err["loc"][:-1])
            params["key"] = key
            hint = _suggest(params, key, allowed)
        elif kind == "missing":
            code, params["key"] = "missing_key", loc[-1]
            hint = "scenario_shape"
        elif kind in ("unknown_action", "unknown_expectation"):
            given = err.get("input")
            keys = [str(k) for k in given] if isinstance(given, dict) else []
            allowed = (err.get("ctx") or {}).get("allowed", "").split(", ")
            code = kind if len(keys) == 1 else f"{kind}_shape"
            params["key"] = keys[0] if len(keys) == 1 else ", ".join(keys) or str(given)
            hint = _suggest(params, keys[0], allowed) if len(keys) == 1 else "one_key"
            params["allowed"] = ", ".join(allowed)
        elif kind in VALUE_ERRORS:
            code = kind
            params.update(error_params(err))
            if params.get("suggestion"):
                hint = "did_you_mean"
            else:
                hint = VALUE_HINTS.get(kind)
        else:
            code = "invalid_value"
        loc = (*prefix, *loc)
        line = doc.line_of(loc)
        if (line, code) in seen:  # a union reports each failed branch; keep one
            continue
        seen.add((line, code))
        errors.append(doc.error(code, loc, hint, **params))
    return InputErrors(errors=errors)


# pydantic error types (and our own PydanticCustomError codes) with a message
# of their own in the catalogues; any other type falls back to invalid_value.
VALUE_ERRORS = frozenset(
    {
        "string_type", "string_pattern_mismatch", "string_too_short", "too_short",
        "bool_parsing", "bool_type", "int_parsing", "int_type", "literal_error", "enum",
        "dict_type", "model_type", "model_attributes_type", "tuple_type", "list_type",
        "greater_than_equal", "less_than_equal", "url_parsing",
        "unknown_role", "not_a_container", "locator_empty", "name_without_role", "duplicate_step", "bad_slug",
        "not_pseudonymous", "contact_data", "name_in_text", "sus_range", "date_from_datetime_parsing", "date_parsing", "date_serial",
        "float_parsing", "greater_than", "less_than",
        "choice_segment", "choice_territory", "choice_assistive_tech", "choice_device", "choice_step_outcome",
        "choice_help_kind", "choice_severity", "choice_feeling", "choice_contact", "quality_without_contact",
        "bad_threshold", "unknown_metric", "question_needed", "metric_needed", "reason_needed", "owner_needed",
        "url_spaces", "unsafe_scheme", "url_without_scheme", "url_without_host", "bad_port", "bad_host",
        "upload_outside", "url_path_never_matches", "bad_regex", "url_one_form", "string_too_long", "consent_future", "help_with_success",
        "bad_locale", "bad_timezone", "bad_yaml_path",
    }
)

# The hint that goes with a value error, where the message alone does not show the fix.
VALUE_HINTS = {
    "url_spaces": "web_url", "unsafe_scheme": "web_url", "url_without_scheme": "web_url",
    "url_without_host": "web_url", "bad_port": "web_url", "bad_host": "host_name",
    "bad_locale": "locale", "bad_timezone": "timezone", "bad_yaml_path": "yaml_path",
    "upload_outside": "upload_inside", "url_path_never_matches": "url_forms", "bad_regex": "url_forms",
    "url_one_form": "url_forms", "string_too_short": "not_blank",
    "bad_slug": "slug", "string_pattern_mismatch": "slug",
    "too_short": "not_empty_list", "enum": "pick_allowed", "literal_error": "pick_allowed",
    "locator_empty": "locator_example", "name_without_role": "locator_example", "not_a_container": "pick_allowed",
    "bool_parsing": "bool_values", "bool_type": "bool_values",
    "int_parsing": "number_example", "int_type": "number_example", "float_parsing": "number_example",
    "greater_than_equal": "number_example", "less_than_equal": "number_example",
    "string_type": "quote_text", "list_type": "list_example", "tuple_type": "list_example",
    "dict_type": "mapping_example", "model_type": "mapping_example", "model_attributes_type": "mapping_example",
}


def _inside(loc: tuple, prefix: tuple) -> bool:
    return len(loc) > len(prefix) and loc[: len(prefix)] == prefix


def _plain(value: Any) -> Any:
    return value if isinstance(value, (str, int, float)) else str(value)


def field_error(err: Any, name_of: Callable[[tuple[Any, ...]], str]) -> tuple[str, str, dict[str, str]]:
    """A pydantic error on a form or a CSV row: (the field or column, the message code, its parameters).
    A rule across fields has no location: it names the field it asks for in its context. The rule's own
    word for the value wins over the raw input."""
    name = name_of(err["loc"]) if err["loc"] else str((err.get("ctx") or {}).get("field", ""))
    params = {k: str(v) for k, v in error_params(err).items()}
    params.setdefault("detail", err["msg"])
    params.setdefault("value", str(err.get("input", "")))
    kind = err["type"]
    code = "csv_missing_value" if kind == "missing" else kind if kind in VALUE_ERRORS else "csv_bad_value"
    return name, code, params


def error_params(err: Any) -> dict[str, Any]:
    """A pydantic error's context as message parameters; choice lists without English words."""
    params = {k: _plain(v) for k, v in (err.get("ctx") or {}).items()}
    if isinstance(params.get("expected"), str) and "'" in params["expected"]:
        params["expected"] = ", ".join(re.findall(r"'([^']*)'", params["expected"]))
    return params


def _suggest(params: dict[str, Any], key: str, allowed: Sequence[str]) -> str | None:
    suggestion = closest(key, allowed)
    if suggestion:
        params["suggestion"] = suggestion
        return "did_you_mean"
    if allowed:
        params["allowed"] = ", ".join(allowed)
        return "allowed_keys"
    return None


def _walk(model: type[BaseModel], loc: Sequence[str | int]) -> tuple[Loc, Sequence[str]]:
    """Follow pydantic's `loc` through the model: drop the union tags it inserts
    (so the loc matches the YAML), and return the keys allowed at its end."""
    clean: list[str | int] = []
    annotation: Any = model
    for part in loc:
        annotation = _unwrap(annotation)
        branches = _union_branches(annotation)
        if branches is not None:
            if part in branches:
                annotation = branches[part]
                continue
            models = [b for b in branches.values() if _is_model(_unwrap(b))]
            annotation = _unwrap(models[0]) if len(models) == 1 else None
            if not isinstance(part, int) and annotation is None:
                continue  # a branch label such as 'str' or 'function-after[...]'
        clean.append(part)
        if _is_model(annotation):
            field = annotation.model_fields.get(part)
            annotation = field.annotation if field else None
        else:
            args = get_args(annotation)
            annotation = args[-1] if args and get_origin(annotation) in (tuple, list, dict) else None
            if annotation is Ellipsis:
                annotation = args[0]
    annotation = _unwrap(annotation)
    branches = _union_branches(annotation)
    if branches:
        models = [_unwrap(b) for b in branches.values() if _is_model(_unwrap(b))]
        annotation = models[0] if len(models) == 1 else None
    allowed = list(annotation.model_fields) if _is_model(annotation) else []
    return tuple(clean), allowed


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _union_branches(annotation: Any) -> dict[Any, Any] | None:
    """Branches of a union, keyed by their Tag where tagged, else by position."""
    if get_origin(annotation) not in (Union, UnionType):
        return None
    branches: dict[Any, Any] = {}
    for index, branch in enumerate(get_args(annotation)):
        if branch is type(None):
            continue
        tag = next((m.tag for m in getattr(branch, "__metadata__", ()) if isinstance(m, Tag)), index)
        branches[tag] = branch
    return branches


M = TypeVar("M", bound=BaseModel)


def read_model(path: Path, model: type[M]) -> M:
    """A YAML file read as `model`: syntax and validation errors at the user's lines."""
    doc = read_yaml(path)
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise validation_errors(doc, exc, model) from None
