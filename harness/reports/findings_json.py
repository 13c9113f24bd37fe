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

from harness.analysis.findings import Finding, ToCheck
from harness.scenario.models import Impact
from harness.scenario.schema import as_text, json_schema, shipped

FORMAT_VERSION = 1
SCHEMA_ID = "https://parcours.example/schema/findings.schema.json"
Status = Literal["fixed", "still", "new", "unverified"]


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


class FindingOut(Out):
    fingerprint: str = Field(description="Stable across runs, versions and renamed screens: procedure, rule, element.")
    kind: Literal["barrier", "good_practice", "to_check", "waived"]
    source: str = Field(description="accessibility, criterion, panel, observation or axe_review.")
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
    status: Status | None = Field(None, description="In a comparison: what became of it in the later version.")


class FindingsFile(Out):
    format_version: int = FORMAT_VERSION
    report: Literal["procedure", "committee", "compare", "guide"]
    campaign: str
    generated: str
    versions: list[str] = Field(description='The procedure versions covered, as "procedure/version".')
    complete: bool = Field(description="Every replay behind the report saw every screen.")
    findings: list[FindingOut]


def finding_out(finding: Finding, folder: Path, status: str | None = None) -> FindingOut:
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
        waiver=finding.waiver, status=status,  # type: ignore[arg-type]
    )


def to_check_out(item: ToCheck, procedure: str, version: str) -> FindingOut:
    return FindingOut(
        fingerprint=item.fingerprint(procedure), kind="to_check", source="axe_review", rule=item.rule, wcag=list(item.wcag),
        rgaa=list(item.rgaa), severity=None, procedure=procedure, version=version, screens=[item.step], urls=[],
        profiles=["desktop"], evidence=[],
    )


def _relative(path: str, folder: Path) -> str:
    return Path(os.path.relpath(path, folder)).as_posix()


def write(document: FindingsFile, folder: Path) -> Path:
    path = folder / "findings.json"
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(document.model_dump_json(indent=2) + "\n", encoding="utf-8")
    temporary.replace(path)
    return path


def schema_text() -> str:
    return as_text(json_schema(FindingsFile, SCHEMA_ID, "Parcours findings"))


def shipped_schema_text() -> str:
    return shipped("findings.schema.json")
