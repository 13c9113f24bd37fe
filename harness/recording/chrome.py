"""Chrome DevTools Recorder exports (the JSON of @puppeteer/replay), read and checked before any browser starts.

A recording is a list of steps, each with a `type`: `navigate` (a URL), `click` and `change` (with
`selectors`: alternatives, each a string or a list of strings through shadow roots), `keyDown`/`keyUp`
(a key on the focused element), `setViewport`, `waitForElement`, `scroll`, `hover`, `close`. Parcours
reads those it can turn into a scenario and refuses the others by their step number; a recording of a
host the scenario may not reach is refused here too, before anything is visited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError

from harness.errors import InputError, Location
from harness.files import read_regular
from harness.weburl import canonical_host, host_allowed, parse

MAX_BYTES = 5 * 1024 * 1024  # a recording of a long procedure is a few hundred kilobytes
MAX_BYTES_TEXT = "5 Mo"
MAX_STEPS = 2_000

# Steps of the format Parcours does not turn into scenario actions, and why (the hint shown)
REFUSED = {
    "waitForExpression": "recording_expression",  # runs page code: a scenario says what a person sees instead
    "customStep": "recording_custom",
    "emulateNetworkConditions": "recording_network",  # the profile sets the network (--profile rural)
}
# Steps read but without an action of their own
IGNORED = ("setViewport", "keyUp", "scroll", "hover", "close")

Selector = Union[str, list[str]]


class _Step(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)  # Chrome adds offsets, timeouts, asserted events…

    target: str | None = None
    frame: list[int] | None = None


class Navigate(_Step):
    type: Literal["navigate"]
    url: str


class Click(_Step):
    type: Literal["click", "doubleClick"]
    selectors: list[Selector] = Field(min_length=1)


class Change(_Step):
    type: Literal["change"]
    selectors: list[Selector] = Field(min_length=1)
    value: str


class Key(_Step):
    type: Literal["keyDown"]
    key: str


class WaitForElement(_Step):
    type: Literal["waitForElement"]
    selectors: list[Selector] = Field(min_length=1)


class Ignored(_Step):
    type: Literal["setViewport", "keyUp", "scroll", "hover", "close"]


RecordedStep = Annotated[
    Union[
        Annotated[Navigate, Tag("navigate")],
        Annotated[Click, Tag("click")],
        Annotated[Change, Tag("change")],
        Annotated[Key, Tag("keyDown")],
        Annotated[WaitForElement, Tag("waitForElement")],
        Annotated[Ignored, Tag("ignored")],
    ],
    Discriminator(lambda v: {"doubleClick": "click"}.get(v.get("type"), v.get("type")) if v.get("type") not in IGNORED
                  else "ignored"),
]


class _Recording(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    title: str = ""
    steps: list[RecordedStep] = Field(min_length=1, max_length=MAX_STEPS)


@dataclass(frozen=True)
class Recording:
    """A recording read and checked: its title, its steps numbered from 1 as Chrome shows them, its hosts."""

    title: str
    steps: list[tuple[int, Any]]
    start_url: str
    hosts: tuple[str, ...]
    source: str  # the file's name, for messages


SUPPORTED = "navigate, click, doubleClick, change, keyDown, keyUp, waitForElement, setViewport, scroll, hover, close"


def read_recording(data: bytes, source: str, allowed_hosts: tuple[str, ...] = ()) -> Recording:
    """A Chrome Recorder export, checked: valid JSON, steps of known types, a first `navigate`, every URL
    on the allowed hosts (the first URL's host, and those given). Every error names the step by its number."""
    path = Path(source)
    if len(data) > MAX_BYTES:
        raise InputError("file_too_large", {"limit": MAX_BYTES_TEXT}, Location(path=path))
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError("recording_not_json", {"detail": "UTF-8"}, Location(path=path), "recording_export") from None
    except RecursionError:  # arrays nested past what a parser follows: no recording is built that way
        raise InputError("recording_not_json", {"detail": "nesting"}, Location(path=path), "recording_export") from None
    except json.JSONDecodeError as exc:
        raise InputError("recording_not_json", {"detail": f"{exc.msg} ({exc.lineno}:{exc.colno})"},
                         Location(path=path, line=exc.lineno), "recording_export") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("steps"), list) or not raw["steps"]:
        raise InputError("recording_shape", {}, Location(path=path), "recording_export")
    for number, step in enumerate(raw["steps"], start=1):
        kind = step.get("type") if isinstance(step, dict) else None
        if kind in REFUSED:
            raise _at(path, number, "recording_step_refused", REFUSED[kind], kind=kind)
        if not isinstance(kind, str) or kind not in {*IGNORED, "navigate", "click", "doubleClick", "change", "keyDown", "waitForElement"}:
            raise _at(path, number, "recording_step_unknown", "recording_supported", kind=str(kind)[:60], supported=SUPPORTED)
    try:
        recording = _Recording.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = first["loc"]
        number = loc[1] + 1 if len(loc) > 1 and loc[0] == "steps" and isinstance(loc[1], int) else 0
        field = ".".join(str(part) for part in loc[3:]) or str(loc[-1])
        raise _at(path, number, "recording_step_invalid", "recording_export", field=field, detail=first["msg"]) from None
    steps = list(enumerate(recording.steps, start=1))
    for number, step in steps:
        if getattr(step, "frame", None) or (step.target not in (None, "main")):
            raise _at(path, number, "recording_other_frame", "recording_frames")
    navigations = [(number, step) for number, step in steps if isinstance(step, Navigate)]
    if not navigations or navigations[0][0] != min(n for n, s in steps if not isinstance(s, Ignored)):
        raise _at(path, 1, "recording_no_start", "recording_export")
    start = navigations[0][1].url
    hosts = list(allowed_hosts)
    for number, step in navigations:
        parsed = parse(step.url)
        if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
            raise _at(path, number, "recording_bad_url", "recording_export", url=step.url[:200])
        host = canonical_host(parsed.host) or parsed.host
        if number == navigations[0][0] and not hosts:
            hosts.append(host)
        if not host_allowed(host, hosts):
            raise _at(path, number, "recording_other_host", "recording_hosts", host=host, hosts=", ".join(hosts))
    return Recording(recording.title.strip(), steps, start, tuple(hosts), path.name)


def read_recording_file(path: Path, allowed_hosts: tuple[str, ...] = ()) -> Recording:
    return read_recording(read_regular(path, MAX_BYTES, MAX_BYTES_TEXT), str(path), allowed_hosts)


def _at(path: Path, number: int, code: str, hint: str, **params: Any) -> InputError:
    return InputError(code, {"step": number, **params}, Location(path=path), hint)


def selector_texts(step: Any) -> list[str]:
    """A step's selectors as one line each, for messages."""
    return [" >> ".join(s) if isinstance(s, list) else s for s in getattr(step, "selectors", [])]
