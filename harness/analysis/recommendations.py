"""Recommendations: findings gathered under the best practice that answers them, ranked.

Priority = severity (1–4) × (0.5 + share of testers affected) × (1 + 0.2 × (publics reached − 1)).
Without panel data the share counts as 1: a barrier on every screen walk is met by everyone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from harness.analysis.findings import SEVERITY_WEIGHT, Finding
from harness.criteria.models import Catalogue, Practice
from harness.scenario.models import Impact


@dataclass(frozen=True)
class Recommendation:
    procedure: str
    practice: Practice
    findings: tuple[Finding, ...]

    @property
    def id(self) -> str:
        return f"{self.procedure}:{self.practice.id}"

    @property
    def severity(self) -> Impact:
        return max((f.severity for f in self.findings), key=SEVERITY_WEIGHT.get)  # type: ignore[arg-type]

    @property
    def share(self) -> float:
        shares = [f.share for f in self.findings if f.share is not None]
        return max(shares) if shares else 1.0

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(sorted({s for f in self.findings for s in f.segments}))

    @property
    def priority(self) -> float:
        publics = max(len(self.segments), 1)
        return round(SEVERITY_WEIGHT[self.severity] * (0.5 + self.share) * (1 + 0.2 * (publics - 1)), 2)


def practices_for(finding: Finding, catalogue: Catalogue, fields: Collection[str] = ()) -> list[Practice]:
    """The practices a finding points to, through what the catalogue lists and nothing looser: its criterion's
    practices; for an observation, those listing its tag (or named by it); for a rule, those naming it
    (`axe_rules`, `checks`), else those listing one of its RGAA criteria. None: no practice answers it.

    A practice about a kind of field (`fields:`) answers only a finding about such a field, or, for a
    finding about the procedure or a screen, a procedure that has one (`fields`: the kinds it has).
    """
    if finding.source in ("criterion", "panel"):
        criterion = next((c for c in catalogue.criteria if c.id == finding.rule), None)
        found = [catalogue.practice(p) for p in criterion.practices] if criterion else []
    elif finding.source == "observation":
        tag = finding.rule.removeprefix("tag:")
        found = [p for p in catalogue.practices if tag == p.id or tag in p.tags]
    else:
        found = [p for p in catalogue.practices if finding.rule in p.axe_rules or finding.rule in p.checks]
        if not found:
            criteria = {".".join(r.split(".")[:2]) for r in finding.rgaa}
            found = [p for p in catalogue.practices if criteria & set(p.rgaa)]
    return [p for p in found if _applies(p, finding, fields)]


def _applies(practice: Practice, finding: Finding, fields: Collection[str]) -> bool:
    if not practice.fields:
        return True
    element = finding.element
    if element is not None:
        return element.field in practice.fields
    return bool(set(practice.fields) & set(fields))


def recommend(findings: list[Finding], catalogue: Catalogue, fields: Mapping[str, Collection[str]] | None = None,
              ) -> tuple[list[Recommendation], list[Finding]]:
    """Recommendations ranked by priority, and the findings no practice answers.

    `fields`: by procedure, the kinds of form field it has (see `field_kinds`).
    """
    grouped: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    orphans = []
    for finding in findings:
        practices = practices_for(finding, catalogue, (fields or {}).get(finding.procedure, ()))
        if not practices:
            orphans.append(finding)
        for practice in practices:
            grouped[(finding.procedure, practice.id)].append(finding)
    recommendations = [
        Recommendation(procedure, catalogue.practice(practice_id), tuple(items))
        for (procedure, practice_id), items in grouped.items()
    ]
    recommendations.sort(key=lambda r: (-r.priority, r.id))
    return recommendations, orphans
