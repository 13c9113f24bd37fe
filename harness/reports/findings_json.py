"""findings.json: a report's findings for machines, versioned, with a shipped JSON Schema.

Every report folder holds one. Its schema is `harness/schema/findings.schema.json`
(`parcours schema --findings`), kept equal to these models by a test; the
format is described in docs/reports.md.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from harness.analysis.comparison import Change
from harness.analysis.findings import Finding, ToCheck
from harness.scenario.models import Impact
from harness.scenario.schema import as_text, json_schema, shipped
from harness.files import write_atomic

FORMAT_VERSION = 2  # 2: status "redesigned", and each compared finding's `how`, `value` and `after`
SCHEMA_ID = "https://parcours.example/schema/findings.schema.json"
Status = Literal["fixed", "still", "new", "redesigned", "unverified"]


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ElementOut(Out):
    role: str | None = None
    name: str | None = Field(None, description="Accessible name, as the markup gives it; null when it has none.")
    where: str | None = Field(None, description="Its landmark, heading and tag path: what identifies it without a name.")
    selector: str | None = Field(None, description="A CSS selector of the element on its first screen (may change between builds).")
    html: str | None = Field(None, description="An excerpt of its markup.")


class TestersOut(Out):
    hit: int
    total: int
    segments: list[str]


class AfterOut(Out):
    """The later version's side of a compared finding (the second of `versions`)."""

    value: str | None = Field(None, description="The later measure, for a finding still there that is measured.")
    screens: list[str] = Field(description="The later screens that show it, or that match its screens.")
    evidence: list[str] = Field(description="Screenshots of the later version, relative to the report folder.")


class FindingOut(Out):
    fingerprint: str = Field(description="Stable across runs, versions and renamed screens: procedure, rule, element.")
    kind: Literal["barrier", "good_practice", "to_check", "waived"]
    source: str = Field(description="accessibility, criterion, panel, observation, axe_review (axe's \"needs review\") or "
                                    "check_review (a Parcours check listing what a person must check).")
    rule: str
    wcag: list[str] = Field(description='WCAG success criteria, as "1.1.1".')
    rgaa: list[str]
    severity: Impact | None
    procedure: str
    version: str
    screens: list[str]
    urls: list[str]
    profiles: list[str]
    element: ElementOut | None = None
    evidence: list[str] = Field(description="Screenshots, as paths relative to the report folder.")
    testers: TestersOut | None = None
    waiver: str | None = Field(None, description="Why the scenario sets this heuristic aside.")
    confidence: Literal["established", "to_confirm"] = Field(
        "established", description="established: the replay shows the failure itself; to_confirm: a heuristic points "
                                   "at it, and a person must look before calling it a barrier.")
    value: str | None = Field(None, description="The measure, for a finding from a measured criterion.")
    status: Status | None = Field(None, description="In a comparison: what became of it in the later version.")
    how: Literal["mended", "gone", "measure", "procedure", "panel", "incomplete", "no_panel"] | None = Field(
        None, description="How its status is known: fixed because its element is still there without the barrier "
                          "(mended), gone from the matching screen (gone), no longer found on the matching screen "
                          "(measure) or in the procedure (procedure), or the later panel sessions no longer show it (panel); unverified because the later replay is "
                          "incomplete or the later version has no panel sessions.")
    after: AfterOut | None = Field(None, description="In a comparison: the later version's side.")


class FindingsFile(Out):
    format_version: int = FORMAT_VERSION
    report: Literal["procedure", "committee", "compare", "guide"]
    campaign: str
    generated: str
    versions: list[str] = Field(description='The procedure versions covered, as "procedure/version".')
    complete: bool = Field(description="Every replay behind the report saw every screen.")
    findings: list[FindingOut]


def finding_out(finding: Finding, folder: Path, change: Change | None = None) -> FindingOut:
    element = finding.element
    kind = "waived" if finding.waiver else finding.kind
    return FindingOut(
        fingerprint=finding.fingerprint, kind=kind, source=finding.source, rule=finding.rule, wcag=list(finding.wcag),
        rgaa=list(finding.rgaa), severity=finding.severity, procedure=finding.procedure, version=finding.version,
        screens=list(finding.screens or ([finding.step] if finding.step else [])), urls=list(finding.urls),
        profiles=list(finding.profiles),
        element=ElementOut(role=element.role if element else None, name=element.name if element else None,
                           where=element.key if element and not element.name else None, selector=finding.selector,
                           html=finding.html) if element or finding.html else None,
        evidence=[_relative(e.screenshot, folder) for e in finding.evidence if e.screenshot],
        testers=TestersOut(hit=finding.testers_hit or 0, total=finding.testers_total, segments=list(finding.segments))
        if finding.testers_total else None,
        waiver=finding.waiver, confidence=finding.confidence, value=finding.params.get("value"),
        status=change.status if change else None, how=change.how if change else None,
        after=_after(change, folder) if change and change.status != "new" else None,
    )


def _after(change: Change, folder: Path) -> AfterOut:
    later = change.later
    screens = list(later.screens) if later else list(dict.fromkeys(e.caption for e in change.after if e.caption))
    return AfterOut(value=later.params.get("value") if later else None,
                    screens=screens, evidence=[_relative(e.screenshot, folder) for e in change.after if e.screenshot])


def to_check_out(item: ToCheck, procedure: str, version: str) -> FindingOut:
    return FindingOut(
        fingerprint=item.fingerprint(procedure), kind="to_check", source=item.source, rule=item.rule, wcag=list(item.wcag),
        rgaa=list(item.rgaa), severity=None, procedure=procedure, version=version, screens=[item.step], urls=[],
        profiles=["desktop"], evidence=[],
    )


def _relative(path: str, folder: Path) -> str:
    return Path(os.path.relpath(path, folder)).as_posix()


def write(document: FindingsFile, folder: Path) -> Path:
    path = folder / "findings.json"
    write_atomic(path, document.model_dump_json(indent=2) + "\n")
    return path


def schema_text() -> str:
    return as_text(json_schema(FindingsFile, SCHEMA_ID, "Parcours findings"))


def shipped_schema_text() -> str:
    return shipped("findings.schema.json")
