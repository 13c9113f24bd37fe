"""Typed, frozen models of the scenario format: scenario, step, action, locator, expectation."""

from __future__ import annotations

import ipaddress
import re
from enum import StrEnum
from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated, Any, Literal, Union

from pydantic_core import PydanticCustomError
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from harness.text import closest, slugify  # noqa: F401  (re-exported: slugs of screens)
from harness.weburl import canonical_host, has_scheme, parse

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
WEB_SCHEMES = ("http", "https")
HOST_NAME = re.compile(r"^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*\.?$", re.I)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("string_too_short", "must not be empty")
    return value


NonBlank = Annotated[str, AfterValidator(_not_blank)]


def url_problem(url: str) -> tuple[str, dict[str, str]] | None:
    """Why a URL of a scenario can never be visited safely, or None.

    Relative paths are fine (joined to --base-url); absolute ones must be http
    or https with a host and a valid port, read as the browser reads them
    (weburl). `file:`, `data:`, `javascript:`, `chrome:` … are refused: a
    replay visits web pages only."""
    text = url.strip()
    if any(c.isspace() for c in text) or "\x00" in url:
        return "url_spaces", {}
    if not has_scheme(text):
        return ("url_without_scheme", {}) if text.startswith("//") else None
    scheme = text.split(":", 1)[0].lower()
    if scheme not in WEB_SCHEMES:
        return "unsafe_scheme", {"scheme": scheme}
    parsed = parse(text)
    if parsed is None:  # no browser would go there; the port is the usual culprit
        return ("bad_port", {}) if re.match(r"^[a-z]+://[^/?#\[\]]*:", text, re.I) else ("url_invalid", {})
    if not parsed.host:
        return "url_without_host", {}
    return None


def _web_url(value: str) -> str:
    problem = url_problem(value)
    if problem is not None:
        code, params = problem
        raise PydanticCustomError(code, "not a web URL", {"value": value, **params})
    return value


WebUrl = Annotated[str, AfterValidator(_not_blank), AfterValidator(_web_url)]


def _host_name(value: str) -> str:
    """A host name or an IP address, in the form the browser uses (`127.1` → `127.0.0.1`,
    `Café.fr` → `xn--caf-dma.fr`): no scheme, port, path or wildcard."""
    canonical = canonical_host(value)
    if canonical is None or not (HOST_NAME.match(canonical) or _is_address(canonical)):
        raise PydanticCustomError("bad_host", "not a host name", {"value": value})
    return canonical


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")
DEFAULT_LOCALE, DEFAULT_TIMEZONE = "fr-FR", "Europe/Paris"


def _locale(value: str) -> str:
    """A browser locale as Chromium takes it: a language, optionally its region (fr-FR, en-GB, br)."""
    if not LANGUAGE_TAG.match(value):
        raise PydanticCustomError("bad_locale", "not a locale", {"value": value})
    return value


def _timezone(value: str) -> str:
    """An IANA time zone name (Europe/Paris, America/Cayenne, Indian/Reunion)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise PydanticCustomError("bad_timezone", "not a time zone", {"value": value}) from None
    return value


BrowserLocale = Annotated[str, AfterValidator(_locale)]
TimeZone = Annotated[str, AfterValidator(_timezone)]


def _inside_folder(value: str) -> str:
    """A path below the scenario's folder: relative, without `..`."""
    posix, windows = PurePosixPath(value), PureWindowsPath(value)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or ".." in posix.parts or ".." in windows.parts:
        raise PydanticCustomError("upload_outside", "outside the scenario folder", {"value": value})
    return value


def _yaml_path(value: str) -> str:
    """A YAML file named relatively to the scenario's own (shared steps, a setup scenario)."""
    posix, windows = PurePosixPath(value), PureWindowsPath(value)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or posix.suffix not in (".yaml", ".yml"):
        raise PydanticCustomError("bad_yaml_path", "not a relative YAML path", {"value": value})
    return value


YamlPath = Annotated[str, AfterValidator(_not_blank), AfterValidator(_yaml_path)]
HostName = Annotated[str, AfterValidator(_host_name)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LocatorKind(StrEnum):
    """How an element is found, in the order a person perceives it (CSS last)."""

    ROLE = "role"
    LABEL = "label"
    PLACEHOLDER = "placeholder"
    TEXT = "text"
    TEST_ID = "test_id"
    CSS = "css"


# ARIA roles Playwright's get_by_role understands (WAI-ARIA 1.2).
ARIA_ROLES = frozenset(
    "alert alertdialog application article banner blockquote button caption cell checkbox "
    "code columnheader combobox complementary contentinfo definition deletion dialog "
    "directory document emphasis feed figure form generic grid gridcell group heading img "
    "insertion link list listbox listitem log main marquee math meter menu menubar menuitem "
    "menuitemcheckbox menuitemradio navigation none note option paragraph presentation "
    "progressbar radio radiogroup region row rowgroup rowheader scrollbar search searchbox "
    "separator slider spinbutton status strong subscript superscript switch tab table "
    "tablist tabpanel term textbox time timer toolbar tooltip tree treegrid treeitem".split()
)


# What `within:` may name: the regions a person tells apart on a page.
CONTAINER_ROLES = frozenset({
    "banner", "navigation", "main", "contentinfo", "complementary", "region", "search", "form", "group",
    "radiogroup", "dialog", "alertdialog", "article", "list", "table", "tabpanel",
})


class Scope(Frozen):
    """A landmark, region, form or fieldset, by role and name, that holds the element."""

    role: str = Field(description="A container role: form, group (a fieldset), region, navigation, main, dialog…")
    name: str | None = Field(None, description="Its accessible name: a form's title, a fieldset's legend…")
    exact: bool = False

    @field_validator("role")
    @classmethod
    def _container(cls, role: str) -> str:
        if role not in CONTAINER_ROLES:
            raise PydanticCustomError(
                "not_a_container", "not a container role {role}",
                {"role": role, "suggestion": closest(role, CONTAINER_ROLES) or "", "allowed": ", ".join(sorted(CONTAINER_ROLES))},
            )
        return role

    def describe(self) -> str:
        return f'{self.role} "{self.name}"' if self.name is not None else self.role


class Locator(Frozen):
    """What a person sees of an element. Several kinds may be given: the first
    in LocatorKind order that finds the element is used, and recorded."""

    role: str | None = None
    name: str | None = Field(None, description="Accessible name, with `role`.")
    label: str | None = None
    placeholder: str | None = None
    text: str | None = None
    test_id: str | None = None
    css: str | None = Field(None, description="Last resort: reaching an element by CSS is a finding.")
    exact: bool = Field(False, description="Match names and texts exactly instead of by substring.")
    within: Scope | None = Field(
        None, description="Look only inside this landmark, region, form or fieldset: {role: group, name: Date de naissance}.")

    @field_validator("role")
    @classmethod
    def _known_role(cls, role: str | None) -> str | None:
        if role is not None and role not in ARIA_ROLES:
            raise PydanticCustomError(
                "unknown_role", "unknown ARIA role {role}",
                {"role": role, "suggestion": closest(role, ARIA_ROLES) or ""},
            )
        return role

    @model_validator(mode="after")
    def _has_a_strategy(self) -> Locator:
        if self.name is not None and self.role is None:
            raise PydanticCustomError("name_without_role", "name needs role")
        if not self.strategies():
            raise PydanticCustomError("locator_empty", "no locator given")
        return self

    def strategies(self) -> list[tuple[LocatorKind, str]]:
        found = []
        for kind in LocatorKind:
            value = getattr(self, kind.value)
            if value is not None:
                found.append((kind, value))
        return found

    def describe(self) -> str:
        """A short technical description, the same in every language."""
        parts = []
        for kind, value in self.strategies():
            if kind is LocatorKind.ROLE and self.name is not None:
                parts.append(f'{value} "{self.name}"')
            else:
                parts.append(f'{kind.value} "{value}"')
        return " | ".join(parts) + (f" within {self.within.describe()}" if self.within else "")


class FillTarget(Locator):
    value: str


class SelectTarget(Locator):
    option: str = Field(description="The visible text of the option to choose.")


class UploadTarget(Locator):
    file: Annotated[NonBlank, AfterValidator(_inside_folder)] = Field(
        description="Path of a fake document, relative to the scenario file, inside its folder."
    )


class PressTarget(Frozen):
    key: str = Field(description="A key name as Playwright knows it: Enter, Tab, Escape…")
    role: str | None = None
    name: str | None = None
    label: str | None = None
    placeholder: str | None = None
    text: str | None = None
    test_id: str | None = None
    css: str | None = None
    exact: bool = False
    within: Scope | None = None

    def locator(self) -> Locator | None:
        fields = self.model_dump(exclude={"key"}, exclude_none=True)
        return Locator(**fields) if set(fields) - {"exact", "within"} else None


class WaitTarget(Locator):
    state: Literal["visible", "hidden", "attached", "detached"] = "visible"


class Goto(Frozen):
    goto: WebUrl = Field(description="An absolute http(s) URL, or a path relative to the base URL.")


class Click(Frozen):
    click: Locator


class Fill(Frozen):
    fill: FillTarget


class Select(Frozen):
    select: SelectTarget


class Check(Frozen):
    check: Locator


class Uncheck(Frozen):
    uncheck: Locator


class Upload(Frozen):
    upload: UploadTarget


def _shorthand(key: str) -> Any:
    """`heading: Votre identité` stands for `heading: {name: Votre identité}`."""
    return lambda value: {key: value} if isinstance(value, str) else value


class Press(Frozen):
    press: Annotated[
        PressTarget, BeforeValidator(_shorthand("key"), json_schema_input_type=PressTarget | str)
    ]


class WaitFor(Frozen):
    wait_for: WaitTarget


ACTION_KINDS = ("goto", "click", "fill", "select", "check", "uncheck", "upload", "press", "wait_for")


def _single_key(value: Any) -> str | None:
    if isinstance(value, dict):
        keys = list(value)
        return keys[0] if len(keys) == 1 else None
    return next((k for k in ACTION_KINDS + EXPECTATION_KINDS if hasattr(value, k)), None)


Action = Annotated[
    Union[
        Annotated[Goto, Tag("goto")],
        Annotated[Click, Tag("click")],
        Annotated[Fill, Tag("fill")],
        Annotated[Select, Tag("select")],
        Annotated[Check, Tag("check")],
        Annotated[Uncheck, Tag("uncheck")],
        Annotated[Upload, Tag("upload")],
        Annotated[Press, Tag("press")],
        Annotated[WaitFor, Tag("wait_for")],
    ],
    Discriminator(
        _single_key,
        custom_error_type="unknown_action",
        custom_error_message="unknown action",
        custom_error_context={"allowed": ", ".join(ACTION_KINDS)},
    ),
]


def action_kind(action: BaseModel) -> str:
    return next(iter(type(action).model_fields))


class HeadingSpec(Frozen):
    name: NonBlank
    level: int | None = Field(None, ge=1, le=6)


class FieldErrorTarget(Locator):
    message: str | None = Field(None, description="Text the field's error message contains.")


class Heading(Frozen):
    heading: Annotated[
        HeadingSpec, BeforeValidator(_shorthand("name"), json_schema_input_type=HeadingSpec | str)
    ]


class Text(Frozen):
    text: NonBlank


def _url_can_match(value: str) -> str:
    """A link-like URL expectation that no visited page could ever have is refused."""
    if any(c.isspace() for c in value):
        raise PydanticCustomError("url_spaces", "spaces", {"value": value})
    if "*" not in value and has_scheme(value):
        _web_url(value)  # an absolute address must be a web one
    return value


def _path_can_match(value: str) -> str:
    if not value.startswith("/") or any(c.isspace() for c in value):
        raise PydanticCustomError("url_path_never_matches", "never matches", {"value": value})
    return value


def _regex_compiles(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise PydanticCustomError("bad_regex", "bad regex", {"value": value, "detail": str(exc)}) from None
    return value


class UrlSpec(Frozen):
    """Where the screen must be, in one of four forms."""

    href: Annotated[NonBlank, AfterValidator(_url_can_match)] | None = Field(
        None, description="Like a link on the previous screen: `survey.html`, `../apres/adresse`, `/apres/adresse` "
                          "(compared by path), or a whole http(s) address; with `*`, a glob on the whole URL. "
                          "`url: <text>` is short for `url: {href: <text>}`.")
    path: Annotated[NonBlank, AfterValidator(_path_can_match)] | None = Field(
        None, description="The URL's path, exactly, starting with `/`.")
    contains: NonBlank | None = Field(None, description="Text the whole URL contains.")
    regex: Annotated[NonBlank, AfterValidator(_regex_compiles)] | None = Field(
        None, description="A regular expression (Python syntax) found in the whole URL.")

    @model_validator(mode="after")
    def _one_form(self) -> UrlSpec:
        if sum(v is not None for v in (self.href, self.path, self.contains, self.regex)) != 1:
            raise PydanticCustomError("url_one_form", "one form")
        return self

    def describe(self) -> str:
        for form in ("href", "path", "contains", "regex"):
            if (value := getattr(self, form)) is not None:
                return value if form == "href" else f"{form} {value}"
        return ""


class Url(Frozen):
    url: Annotated[UrlSpec, BeforeValidator(_shorthand("href"), json_schema_input_type=UrlSpec | str)]


class Title(Frozen):
    title: NonBlank


class Visible(Frozen):
    visible: Locator


class FieldError(Frozen):
    field_error: FieldErrorTarget


EXPECTATION_KINDS = ("heading", "text", "url", "title", "visible", "field_error")

Expectation = Annotated[
    Union[
        Annotated[Heading, Tag("heading")],
        Annotated[Text, Tag("text")],
        Annotated[Url, Tag("url")],
        Annotated[Title, Tag("title")],
        Annotated[Visible, Tag("visible")],
        Annotated[FieldError, Tag("field_error")],
    ],
    Discriminator(
        _single_key,
        custom_error_type="unknown_expectation",
        custom_error_message="unknown expectation",
        custom_error_context={"allowed": ", ".join(EXPECTATION_KINDS)},
    ),
]


class Step(Frozen):
    """A screen: what must be on it, and the actions that lead to the next one."""

    name: NonBlank = Field(description="The screen, as a user names it.")
    expect: tuple[Expectation, ...] = ()
    actions: tuple[Action, ...] = ()
    irreversible: bool = Field(
        False, description="Its actions send something for real: skipped unless allowed."
    )
    replaces: tuple[NonBlank, ...] = Field(
        (), description="The earlier version's screens this one takes the place of, by their step names: "
                        "a comparison matches them (a screen split in two, renamed or redesigned).",
    )

    @property
    def slug(self) -> str:
        return slugify(self.name)


class Impact(StrEnum):
    CRITICAL = "critical"
    SERIOUS = "serious"
    MODERATE = "moderate"
    MINOR = "minor"


class Thresholds(Frozen):
    """Limits that make a pytest item fail even when the replay went through."""

    max_violations: dict[Impact, int] = Field(
        default_factory=dict, description="Most axe violations allowed, per impact."
    )
    no_horizontal_scroll: bool = False


class Waiver(Frozen):
    """A heuristic set aside for this procedure, and why: shown in every report, never silent."""

    check: str = Field(pattern=SLUG, max_length=100,
                       description="A criterion id of the grid computed automatically, or a Parcours check rule.")
    reason: NonBlank = Field(max_length=500, description="Why it does not fit this procedure, for the report's readers.")


class Scenario(Frozen):
    """One version of one procedure, walked step by step."""

    id: str = Field(pattern=SLUG, max_length=100)
    title: NonBlank
    procedure: str = Field(pattern=SLUG, max_length=100, description="The same procedure across versions.")
    version: NonBlank = Field(description="e.g. avant / apres, v1 / v2")
    owner: str | None = None
    description: str | None = None
    start_url: WebUrl
    persona: str | None = None
    allowed_hosts: tuple[HostName, ...] | None = Field(
        None, min_length=1,
        description="Host names (or IP addresses) the replay may reach, never `*`; default: the start URL's host.",
    )
    locale: BrowserLocale | None = Field(
        None, description="The browser's language (navigator.language and Accept-Language), e.g. en-GB for an "
        "English service; default: the campaign's, else fr-FR.",
    )
    timezone: TimeZone | None = Field(
        None, description="The browser's time zone (IANA name); default: the campaign's, else Europe/Paris.",
    )
    thresholds: Thresholds | None = None
    marks: tuple[Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_]*$")], ...] = Field(
        (), description="pytest marks of this scenario's items, for `pytest scenarios/ -m smoke`.",
    )
    waive: tuple[Waiver, ...] = Field(
        (), description="Heuristics that do not fit this kind of procedure (a step indicator on a one-screen sign-in).",
    )
    needs: Literal["parcours-app"] | None = Field(
        None, description="What its pages are served by, which `pytest scenarios/` starts for it: `parcours-app`, "
        "Parcours' own facilitator app on the demo's data (its demo accounts; the demo replayed once, for the "
        "committee's pages). Without it, relative URLs go to --base-url, else to the bundled demo site.",
    )
    setup: YamlPath | None = Field(
        None, description="A scenario replayed first (signing in, say), once per profile and browser: this one starts "
        "with its cookies and local storage, for its own allowed hosts only. Path relative to this file.",
    )
    steps: tuple[Step, ...] = Field(
        min_length=1, description="Screens, each with its own name; `- include: _file.yaml` inserts shared steps.")


class Include(Frozen):
    """A step entry that stands for the steps of a shared file (`- include: _connexion.yaml`)."""

    include: YamlPath = Field(description="A file of shared steps, relative to the scenario's file.")


class SharedSteps(Frozen):
    """A file of steps several scenarios include: signing in, a cookie banner, a common first screen."""

    description: str | None = None
    hosts: tuple[HostName, ...] = Field(
        (), description="Hosts these steps reach besides the procedure's own (an identity provider): every scenario "
        "that includes them must name each in its own allowed_hosts.",
    )
    steps: list[Any] = Field(min_length=1, description="Steps, written as in a scenario; no `include:` among them.")
