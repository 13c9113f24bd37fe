"""Baselines: the barriers a campaign already knows, by fingerprint, so that CI fails on new ones only.

A baseline is a YAML file kept beside the scenarios (reviewed like code): each barrier finding of
the campaign with its fingerprint, which is stable across runs, versions and renamed screens
(procedure, rule and the element or screen it is about). A later replay fails only on barriers
whose fingerprint the baseline lacks, and lists the baseline's barriers no longer found, to remove
from it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field
from ruamel.yaml import YAML

from harness.analysis.campaign import CampaignAnalysis
from harness.analysis.findings import Finding
from harness.i18n import Lang
from harness.reports.common import finding_title
from harness.scenario.models import SLUG, Frozen
from harness.yamlsource import read_model
from harness.files import atomic_path


class BaselineEntry(Frozen):
    fingerprint: str = Field(pattern=r"^[0-9a-f]{12}$")
    procedure: str
    rule: str
    step: str | None = None
    title: str = Field(description="The finding as the reports word it, for the people who review the file.")


class BaselineFile(Frozen):
    campaign: str = Field(pattern=SLUG)
    written: dt.date
    findings: tuple[BaselineEntry, ...] = ()

    @property
    def fingerprints(self) -> set[str]:
        return {entry.fingerprint for entry in self.findings}


def write_baseline(path: Path, analysis: CampaignAnalysis, lang: Lang, today: dt.date) -> int:
    """Write the campaign's barriers as a baseline; the number written."""
    found = analysis.barriers()
    document = {
        "campaign": analysis.campaign, "written": today.isoformat(),
        "findings": [
            {"fingerprint": fp, "procedure": f.procedure, "rule": f.rule, "step": f.step, "title": finding_title(f, lang)}
            for fp, f in sorted(found.items(), key=lambda item: (item[1].procedure, item[1].rule, item[0]))
        ],
    }
    yaml = YAML()
    yaml.width = 4096
    with atomic_path(path) as temporary, temporary.open("w", encoding="utf-8") as f:
        f.write("# Parcours baseline: the barriers already known. `parcours run --baseline` fails only on others.\n")
        yaml.dump(document, f)
    return len(found)


def load_baseline(path: Path) -> BaselineFile:
    return read_model(path, BaselineFile)


@dataclass(frozen=True)
class BaselineVerdict:
    new: list[Finding]  # not in the baseline: these fail
    gone: list[BaselineEntry]  # in the baseline, no longer found in what was replayed: to remove from it

    @property
    def passed(self) -> bool:
        return not self.new


def against_baseline(baseline: BaselineFile, found: dict[str, Finding], procedures: set[str]) -> BaselineVerdict:
    """What the replayed procedures show beyond the baseline, and what of it they no longer show."""
    new = [f for fp, f in found.items() if fp not in baseline.fingerprints]
    gone = [e for e in baseline.findings if e.procedure in procedures and e.fingerprint not in found]
    return BaselineVerdict(sorted(new, key=lambda f: (f.procedure, f.step or "", f.rule)), gone)
