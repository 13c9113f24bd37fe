"""The run.json format: typed, frozen, versioned."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from harness.errors import InputError
from harness.scenario.models import Impact, LocatorKind

SCHEMA_VERSION = 2  # 2: precise failure kinds, blocked request kinds, popups, screenshot fallback

# A campaign name becomes a folder under runs/: no separators, no "..", no glob
# characters, bounded length.
# A screenshot's path in a run folder, as the engine names it: a record from elsewhere (a CI
# artefact, a shard merged by hand) is untrusted, and "../../x" or "/etc/passwd" must be refused.
SCREENSHOT_NAME = r"^screens/[A-Za-z0-9][A-Za-z0-9_.-]{0,200}\.png$"  # one name in screens/: no "/", no leading "."
CAMPAIGN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def check_campaign_name(name: str) -> str:
    """The name as given, or an InputError saying what a campaign name may hold."""
    if not CAMPAIGN_NAME.match(name) or ".." in name:
        raise InputError("bad_campaign_name", {"value": name}, hint="campaign_name")
    return name


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    STOPPED = "stopped"  # before an irreversible step: not a failure


class StepStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    STOPPED = "stopped"  # its screen was recorded, its irreversible actions skipped
    NOT_REACHED = "not_reached"


class FailureKind(StrEnum):
    ELEMENT_NOT_FOUND = "element_not_found"
    AMBIGUOUS_ELEMENT = "ambiguous_element"
    EXPECTATION_UNMET = "expectation_unmet"
    NAVIGATION_ERROR = "navigation_error"
    BLOCKED_HOST = "blocked_host"
    TIMEOUT = "timeout"
    BROWSER_CRASH = "browser_crash"
    ACTION_ERROR = "action_error"
    HTTP_STATUS = "http_status"  # the screen was answered with a status >= 400
    CONNECTION_REFUSED = "connection_refused"
    CONNECTION_CLOSED = "connection_closed"
    DNS_FAILURE = "dns_failure"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    UNSAFE_URL = "unsafe_url"  # file:, data:, javascript:, chrome:…
    POPUP_OPENED = "popup_opened"
    DOWNLOAD_STARTED = "download_started"
    TAB_CRASHED = "tab_crashed"
    PAGE_TIMEOUT = "page_timeout"  # a page named by URL did not load in time
    NEXT_SCREEN_TIMEOUT = "next_screen_timeout"  # blamed on the action that led there
    DEADLINE = "deadline"  # Parcours' own work on a screen (screenshot, audit) ran out of time
    KEYBOARD_UNREACHABLE = "keyboard_unreachable"  # keyboard profile: Tab never reaches the element
    RESPONSE_HEAD_TOO_LARGE = "response_head_too_large"  # status line and headers over 64 KiB
    PAGE_MEMORY = "page_memory"  # the page's renderer passed its memory limit and was stopped
    NAVIGATION_LOOP = "navigation_loop"  # the page kept loading new documents by itself
    POPUP_FLOOD = "popup_flood"  # the page opened many windows by itself


class ScreenshotFallback(StrEnum):
    """Why a screen was captured as its visible part only."""

    TOO_TALL = "too_tall"
    TIMEOUT = "timeout"


class ElementFacts(Record):
    """An element as a person meets it: what identifies a finding across screens and versions."""

    role: str | None = None
    name: str | None = Field(None, description="Accessible name, as the markup gives it.")
    landmark: str | None = Field(None, description="The landmark it sits in, role and name, e.g. \"navigation Menu\".")
    heading: str | None = Field(None, description="The last heading before it, inside that landmark.")
    path: str = Field("", description="Tag path from the landmark, classes that are words only.")
    field: str | None = Field(None, description='A form control\'s kind: an input\'s type, "select" or "textarea".')
    box: list[int] | None = Field(None, description="x, y, width, height on the page, in CSS pixels.")

    @property
    def key(self) -> str:
        """Its identity: role and name, or without a name, where it sits."""
        if self.name:
            return f'{self.role or "element"} "{self.name}"'
        return self.place

    @property
    def place(self) -> str:
        """Where it sits: landmark, heading, tag path."""
        return " › ".join(part for part in (self.landmark, self.heading, self.path) if part)


class AxeNode(Record):
    target: list[str]
    html: str
    failure_summary: str | None = None
    element: ElementFacts | None = None


class AxeResult(Record):
    """One axe-core rule that failed (violation) or needs a person to review."""

    id: str
    impact: Impact | None
    help: str
    description: str
    help_url: str
    tags: list[str]
    wcag: list[str] = Field(description="WCAG success criteria and levels from the tags.")
    rgaa: list[str] = Field(description="RGAA 4 criteria (x.y.z) from the tags.")
    nodes: list[AxeNode]

    @property
    def best_practice(self) -> bool:
        """A good practice of axe's, tied to no WCAG success criterion: no barrier by itself."""
        return "best-practice" in self.tags and not self.wcag


class FormField(Record):
    """A form control shown on a screen, as a person and assistive tech meet it."""

    tag: str
    type: str | None
    name: str | None
    id: str | None = None
    accessible_name: str
    has_label: bool = Field(description="A <label>, aria-label or aria-labelledby names it.")
    required: bool
    required_marked: bool = Field(description="Required, and said so in text or attributes.")
    autocomplete: str | None
    invalid: bool
    described: bool = Field(False, description="A hint or message is linked (aria-describedby).")
    placeholder_only: bool = Field(False, description="Named only by its placeholder, which goes away as one types.")


class Effort(Record):
    actions: int
    fields: int
    required_fields: int
    words: int


def value_hash(value: str) -> str:
    """What a field holds, as a short hash: run records compare values, never keep them."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:16] if value else ""


class Accessible(Record):
    """An element as assistive technologies get it: its role and accessible name."""

    role: str | None
    name: str = Field(description="Empty: the element has no accessible name.")


class ActionRecord(Record):
    kind: str
    target: str | None = Field(None, description="The locator as written in the scenario.")
    locator_kind: LocatorKind | None = Field(None, description="Which locator kind reached it.")
    accessible: Accessible | None = Field(
        None, description="For an element reached by CSS: its role and name in the accessibility tree (None: not read).")
    duration_s: float
    field: str | None = Field(None, description="id or name of the field filled, chosen or ticked.")
    value_hash: str | None = Field(None, description="value_hash() of what the field held after the action.")
    navigated: bool = Field(False, description="The page changed to another document during or right after it.")

    @property
    def unnamed(self) -> bool:
        """Reached by CSS, and the accessibility tree gives it no name (or it could not be read)."""
        return self.locator_kind is LocatorKind.CSS and (self.accessible is None or not self.accessible.name)


class ErrorMessage(Record):
    text: str
    field: str | None = Field(None, description="id or name of the field in the message's group.")
    tied: bool = Field(description="The field points to it (aria-describedby, aria-errormessage) or its label holds it.")
    announced: bool = Field(description="It sits in an alert or a live region.")


class ErrorState(Record):
    """Signs of an error state on a screen, recognised by structure, not by words."""

    messages: list[ErrorMessage] = []
    groups: int = Field(0, description="Form groups marked in error (GOV.UK, DSFR and similar classes).")
    summary: bool = False
    alerts: int = Field(0, description="Alerts and assertive live regions holding text.")
    focus_in_summary: bool = False
    said: list[str] = Field([], description="What alerts, live regions and the summary say, each cut short.")
    red_texts: list[str] = Field([], description="Short red text standing with a form field, marked up or not.")

    @property
    def shown(self) -> bool:
        return bool(self.messages or self.groups or self.summary)


class LinkFacts(Record):
    name: str
    context: bool = Field(description="Its own sentence, list item or table cell, or a description it points to, "
                                      "says more than its name.")
    colour_only: bool = Field(False, description="In running text, told from the text around it by colour alone: no "
                                                 "underline, border or weight, and a contrast under 3:1 with that text.")


class ImageFacts(Record):
    """An image with a text alternative, and what surrounds it: for a person to judge the alternative."""

    alt: str
    file: str = ""
    in_link: bool = False
    near: str = Field("", description="The text of its link, else of its parent.")
    caption: str | None = None
    width: int = 0
    height: int = 0


class ObscuredFocus(Record):
    """A focused element entirely hidden by author content that stays on screen (WCAG 2.4.11)."""

    name: str
    by: str = Field(description="What covers it: the covering element's role and name, or its tag and classes.")
    shot: str | None = Field(None, pattern=SCREENSHOT_NAME, description="The viewport at that moment, in the run folder.")
    box: list[int] = Field([], description="The focused element's box in that picture: x, y, width, height (CSS px).")
    width: int = Field(0, description="The picture's width in CSS pixels.")


class KeyboardWalk(Record):
    """What Tab meets on a screen (keyboard profile), by element names."""

    tab_stops: int
    complete: bool = Field(description="Tab came back to the first element: the whole sequence was walked.")
    unreachable: list[str] = Field([], description="Operable by pointer, never reached by Tab.")
    trap: str | None = Field(None, description="Where Tab stopped moving or looped.")
    invisible_focus: list[str] = Field([], description="Focused, yet looking the same as unfocused.")
    focus_removed: list[str] = Field([], description="Skipped because a script took the focus away.")
    positive_tabindex: list[str] = []
    order_jumps: list[str] = Field([], description="Tab moving back up the page within a column, as \"from → to\".")
    skip_link: bool = Field(False, description="The first link leads to a part of the same page.")
    before_main: int | None = Field(None, description="Focusable elements before the main content, in document order.")
    obscured: list[ObscuredFocus] = Field([], description="Stops whose focused element was hidden by sticky content.")


class HelpFacts(Record):
    """A help mechanism a person can find on the screen (WCAG 3.2.6)."""

    kind: str = Field(description="contact (a phone number or e-mail address), link (a help, contact or FAQ page), "
                                  "chat, block (a \"Besoin d'aide ?\" section)")
    name: str = Field(description="What it says, cut short: its identity across screens.")
    part: str = Field(description="The part of the page it sits in: header, navigation, main, aside, footer, or page.")


class AuthField(Record):
    """A field of a sign-in or code step, and what it lets a person do (WCAG 3.3.8)."""

    name: str
    kind: str = Field(description="password, or code (a one-time code, one field or split in boxes)")
    autocomplete: str | None = None
    paste_blocked: bool = Field(False, description="A paste into it was cancelled and left it unchanged.")
    parts: int = Field(0, description="The one-character boxes the code is split in (0: one field).")
    paste_fills_parts: bool | None = Field(
        None, description="Split: something on the page listens for a paste, which a one-character box needs to take a whole code.")


class Challenge(Record):
    """A test of the person rather than of what they know (a CAPTCHA), on a sign-in or code step."""

    kind: str = Field(description="characters (type what a picture shows), puzzle (drag, rotate, pick pieces), or "
                                  "captcha (a test of a known service whose kind the page does not say)")
    text: str = Field(description="What identifies it: its instruction, its image's text alternative, or its service.")
    alternative: bool = Field(description="An audio or other way offered beside it.")


class Draggable(Record):
    """Something operated by dragging (WCAG 2.5.7): a person checks for a single-pointer way."""

    name: str
    kind: str = Field(description="draggable (the attribute), slider (a scripted one), sortable (a list reordered by dragging)")


class TimeLimit(Record):
    """What the screen does by itself when left alone for 20 minutes (WCAG 2.2.1), found with the page's
    timers fast-forwarded."""

    after_s: int = Field(description="Seconds after arrival when it first acts.")
    acts: str = Field(description="leaves (another page), expires (its form goes, a message takes its place), warns")
    text: str = Field("", description="What it says then, cut short.")
    extend: bool | None = Field(None, description="Warned: a control in the warning keeps the person on the screen.")
    leaves_after_s: int | None = Field(None, description="Warned: seconds from the warning to leaving, left alone.")


class JourneyFacts(Record):
    """What WCAG 2.2's journey criteria look at on one screen."""

    help: list[HelpFacts] = []
    auth: list[AuthField] = []
    challenges: list[Challenge] = []
    draggables: list[Draggable] = []
    timers_s: list[int] = Field([], description="Delays of the page's own timers and refresh, from a minute to 20 hours.")
    time_limit: TimeLimit | None = None


class LoadFacts(Record):
    """How long the screen took to come and what it weighed (navigation and resource timing of its document)."""

    load_ms: int | None = Field(None, description="From the request to the load event: everything drawn. None: no new document.")
    usable_ms: int | None = Field(None, description="From the request to DOMContentLoaded: the page shown, its scripts run.")
    bytes: int = Field(0, description="Bytes received for it over the network (cross-origin files that do not say count 0).")


class TableFacts(Record):
    headers: int
    cells: int
    presentation: bool
    caption: bool
    looks_headed: bool = Field(False, description="A header group, or a first row or column set apart (bold, background).")


class Timings(Record):
    expect_s: float
    screenshot_s: float
    audit_s: float
    actions_s: float


class BlockedRequest(Record):
    url: str
    host: str
    step: int | None
    kind: str = Field("other", description="document, image, script, fetch, websocket, ping, eventsource, "
                      "redirect (a hop of a redirect chain), popup, tunnel, webrtc (a peer connection, refused "
                      "whatever its host: WebRTC is off during replays)…")


class Popup(Record):
    """A new tab or window the page opened; it is closed at once."""

    url: str
    step: int | None


class Failure(Record):
    kind: FailureKind
    step: int = Field(description="Index of the failing step.")
    params: dict[str, str] = Field(description="Fills the failure message of the locale.")
    detail: str = Field(description="The browser's own words, for developers.")
    line: int | None = Field(None, description="Line of the scenario file: the action or expectation that failed.")
    file: str | None = Field(None, description="The shared steps file holding that line, when the step was included.")
    page_url: str | None = Field(None, description="Where the page was when it failed.")
    page_title: str | None = None
    candidates: list[str] = Field(
        [], description="For an element not found: what the page offers instead, as role and name, closest first.")


class StepRecord(Record):
    index: int
    name: str
    slug: str
    status: StepStatus
    url: str | None = None
    title: str | None = None
    screenshot: str | None = Field(
        None, pattern=SCREENSHOT_NAME, description="Path relative to the run folder: screens/NN-<step slug>.png.")
    screenshot_fallback: ScreenshotFallback | None = Field(
        None, description="Set when only the visible part of the screen could be captured."
    )
    duration_s: float | None = Field(None, description="Time on the screen, tool work excluded.")
    timings: Timings | None = None
    effort: Effort | None = None
    viewport_width: int | None = None
    page_width: int | None = None
    horizontal_scroll: bool | None = None
    headings: list[str] = []
    fields: list[FormField] = []
    error_summary_links: int = Field(0, description="Links from an error summary to form fields.")
    text: str | None = Field(None, description="The visible text of the screen.")
    prose: str | None = Field(None, description="Its running text (paragraphs, list items; not labels, buttons, "
                                                "tables or menus), one block a line: what reading ease judges.")
    violations: list[AxeResult] = []
    needs_review: list[AxeResult] = []
    actions: list[ActionRecord] = []
    navigated: bool | None = Field(None, description="The screen came by loading a new document.")
    lang: str | None = Field(None, description="The page's lang attribute.")
    errors: ErrorState = ErrorState()
    focus: str | None = Field(None, description="The focused element on arrival: 'body', or tag#id.")
    field_values: dict[str, str] = Field({}, description="value_hash() of each field's value, by id or name.")
    ungrouped_choices: list[str] = Field([], description="Names of radio/checkbox sets without a named group.")
    links: list[LinkFacts] = []
    heading_levels: list[int] = []
    fake_headings: list[str] = Field([], description="Short text styled as a heading that is not one.")
    tables: list[TableFacts] = []
    images: list[ImageFacts] = []
    confirmation: bool = Field(False, description="A success panel or alert, as the design systems build them.")
    journey: JourneyFacts = JourneyFacts()
    load: LoadFacts | None = None
    keyboard: KeyboardWalk | None = None
    not_audited_frames: list[str] = Field([], description="Frames of hosts not allowed: not audited, never as error pages.")
    inventory: list[ElementFacts] = Field(
        [], description="The screen's elements, each once by identity: a later version's comparison tells a barrier "
                        "mended (its element is still there) from one whose element is gone.")

    def violation_count(self, impact: Impact) -> int:
        """WCAG/RGAA barriers of this impact; axe's good-practice rules are counted apart."""
        return sum(1 for v in self.violations if v.impact == impact and not v.best_practice)

    def good_practice_count(self) -> int:
        return sum(1 for v in self.violations if v.best_practice)


class ScenarioRef(Record):
    id: str
    title: str
    procedure: str
    version: str
    owner: str | None
    path: str
    sha256: str
    waivers: dict[str, str] = Field({}, description="Heuristic (criterion id or check rule) → why the scenario waives it.")
    replaces: dict[str, list[str]] = Field(
        {}, description="Step name → the earlier version's screens it replaces (the scenario's `replaces:`).")


class Versions(Record):
    parcours: str
    python: str
    playwright: str
    browser: str
    axe_core: str | None


class RunRecord(Record):
    """Everything one replay of one scenario under one profile produced."""

    schema_version: int = SCHEMA_VERSION
    campaign: str
    scenario: ScenarioRef
    profile: str
    base_url: str | None
    allowed_hosts: list[str]
    irreversible_allowed: bool
    locale: str | None = Field(None, description="The browser's language (None: a run recorded before Parcours set it).")
    timezone: str | None = Field(None, description="The browser's time zone (IANA name).")
    started_at: datetime
    finished_at: datetime
    outcome: Outcome
    failure: Failure | None = None
    setup: str | None = Field(None, description="The setup scenario whose browser state the run started with (its id).")
    versions: Versions
    blocked_requests: list[BlockedRequest] = []
    popups: list[Popup] = []
    steps: list[StepRecord]

    def violation_count(self, impact: Impact) -> int:
        return sum(step.violation_count(impact) for step in self.steps)

    def good_practice_count(self) -> int:
        return sum(step.good_practice_count() for step in self.steps)

    @property
    def screens(self) -> int:
        return sum(1 for step in self.steps if step.screenshot)
