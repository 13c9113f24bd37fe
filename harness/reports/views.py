"""Plain data for templates: strings, numbers, lists. Templates never see a DataFrame."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    """A table shown in the report and exported as tables/<name>.csv."""

    name: str
    caption: str
    columns: list[str]
    rows: Sequence[Sequence[object]]
    kinds: list[str] = field(default_factory=list)  # per column: "text", "int", "pct", "num", "ci", "p"

    def said_once(self) -> tuple[list[int], list[tuple[str, object, str]]]:
        """How the table reads on a page: the columns shown, and those whose every row (three or more) says
        the same thing, said once instead, as (column, value, kind). The CSV keeps every column."""
        if len(self.rows) < 3:
            return list(range(len(self.columns))), []
        kind = (lambda i: self.kinds[i] if i < len(self.kinds) else "text")
        same = [i for i in range(1, len(self.columns))
                if self.rows[0][i] not in (None, "") and all(row[i] == self.rows[0][i] for row in self.rows)]
        return ([i for i in range(len(self.columns)) if i not in same],
                [(self.columns[i], self.rows[0][i], kind(i)) for i in same])


@dataclass(frozen=True)
class Chart:
    svg: bytes
    alt: str  # a sentence; the chart's table follows as its full text alternative
    table: Table


@dataclass(frozen=True)
class Withheld:
    """A figure or an interval not given, in words: why (too few testers, all answers the same, no tester)."""

    text: str


@dataclass(frozen=True)
class EstimateView:
    value: float
    low: float
    high: float
    n: int
    kind: str  # "pct", "num", "seconds"
    withheld: str | None = None  # why there is no interval, in words

    @property
    def has_interval(self) -> bool:
        return self.withheld is None and self.low == self.low  # NaN: no interval


@dataclass(frozen=True)
class EvidenceView:
    image: str | None  # path of a PNG, embedded when rendered
    caption: str | None
    quote: str | None
    figure: str | None
    crop: bytes | None = None  # the element outlined on the screenshot, when its box is known


@dataclass(frozen=True)
class FindingView:
    fingerprint: str
    title: str
    severity: str
    severity_label: str
    step: str | None
    rule: str
    source_label: str
    rgaa: list[str]
    wcag: list[str]
    hit: int | None
    total: int | None
    segments: list[str]
    estimate: EstimateView | None
    evidence: list[EvidenceView]
    status: str | None = None  # compare: fixed / new / still
    screens: list[str] = field(default_factory=list)  # every screen that shows it
    profiles: list[str] = field(default_factory=list)  # labels of the profiles it was seen under
    element: str | None = None  # role and name, or where it sits
    html: str | None = None  # excerpt of its markup (escaped when rendered)
    crop: bytes | None = None  # the element outlined on its screenshot
    crop_caption: str | None = None
    waiver: str | None = None
    confidence: str = "established"  # or "to_confirm": a heuristic points at it, a person must look


@dataclass(frozen=True)
class DecisionView:
    status: str
    status_label: str
    reason: str | None
    owner: str | None
    due: str | None
    decided_on: str


@dataclass(frozen=True)
class RecommendationView:
    id: str
    rank: int
    priority: float
    procedure: str
    practice_id: str
    title: str
    stage_label: str
    why: str
    do: list[str]
    dont: list[str]
    severity: str
    severity_label: str
    share: float
    share_measured: bool
    segments: list[str]
    findings: list[FindingView]
    decision: DecisionView | None
    verified: bool | None = None
    verified_note: str | None = None  # what the re-test measured: why it is verified or not
    tied: bool = False  # another recommendation has the same priority: their order is the documented one, not a measure
    groups: list[FindingGroup] = field(default_factory=list)  # its findings, one entry per rule
    procedure_name: str = ""  # the procedure as people name it (what its versions' titles share)

    @property
    def actionable(self) -> bool:
        """Still to act on: neither set aside by the committee nor done."""
        return self.decision is None or self.decision.status == "retained"


@dataclass(frozen=True)
class ChangeView:
    """A finding of a comparison and what shows its fate in the later version."""

    finding: FindingView
    status: str
    status_label: str
    how: str | None  # how the fate is known (element mended, element gone, measure), in words
    after: list[EvidenceView]  # the later version: the element outlined, its screens, or the redesign
    values: str | None = None  # a measure still short of its threshold: "before → after"


@dataclass(frozen=True)
class ScreenView:
    index: int
    name: str
    image: str | None
    url: str | None
    status_label: str
    fields: int
    required: int
    words: int
    actions: int
    violations: dict[str, int]
    readability: float | None
    mobile_scroll: bool | None
    panel: Table | None
    not_audited: list[str] = field(default_factory=list)  # frames of hosts not allowed
    unaudited: str | None = None  # the screen was never seen: why (the replay failed or stopped before)


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: object
    kind: str = "int"  # how the template formats `value`
    detail: str | None = None
    estimate: EstimateView | None = None  # shown as its interval and n


@dataclass(frozen=True)
class Occurrence:
    """One more place where a grouped finding shows: its screen, its element, its fingerprint."""

    screen: str
    element: str | None
    fingerprint: str
    note: str | None = None  # compare: how its fate is known


@dataclass(frozen=True)
class FindingGroup:
    """The findings of one rule (and, in a comparison, one fate) as one entry: the most serious shown with
    its evidence, every occurrence listed. A report's length follows distinct findings, not elements."""

    lead: FindingView
    occurrences: list[Occurrence]
    change: ChangeView | None = None  # compare: the lead's fate and the later version's picture

    @property
    def count(self) -> int:
        return len(self.occurrences)


@dataclass(frozen=True)
class Headline:
    """A measure before and after, as the officials' page and a verdict state it."""

    measure: str  # label
    before: EstimateView | None
    after: EstimateView | None
    meaning_before: str | None = None  # e.g. the SUS adjective
    meaning_after: str | None = None
    test: str | None = None  # what the test says, in words


@dataclass(frozen=True)
class StatementEntry:
    """A criterion the statement draft lists as failing: what was found, on which pages."""

    criterion: str
    found: list[str]
    pages: list[str]  # "page title: screens"
    count: int  # pages concerned
