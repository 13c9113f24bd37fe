"""Recommendations: findings gathered under the best practice that answers them, ranked.

Priority = severity (1–4) × (0.5 + share of testers affected) × (1 + 0.2 × (publics reached − 1)).
Without panel data the share counts as 1: a barrier on every screen walk is met by everyone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from harness.analysis.findings import SEVERITY_WEIGHT, Finding
from harness.criteria.models import Catalogue, Practice
from harness.scenario.models import Impact

FALLBACK_PRACTICE = "clavier-et-lecteurs"  # an accessibility rule no practice names


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


def practices_for(finding: Finding, catalogue: Catalogue) -> list[Practice]:
    """The practices a finding points to: its criterion's, or those naming its axe rule or RGAA criterion."""
    if finding.source in ("criterion", "panel"):
        criterion = next((c for c in catalogue.criteria if c.id == finding.rule), None)
        return [catalogue.practice(p) for p in criterion.practices] if criterion else []
    if finding.source == "observation":
        tag = finding.rule.removeprefix("tag:")
        return [p for p in catalogue.practices if tag in p.id or tag in p.title.lower()]
    if finding.rule == "css-only":
        return [catalogue.practice("etiquettes-visibles")]
    named = [p for p in catalogue.practices if finding.rule in p.axe_rules]
    if named:
        return named
    criteria = {".".join(r.split(".")[:2]) for r in finding.rgaa}
    by_rgaa = [p for p in catalogue.practices if criteria & set(p.rgaa)]
    return by_rgaa or [catalogue.practice(FALLBACK_PRACTICE)]


def recommend(findings: list[Finding], catalogue: Catalogue) -> tuple[list[Recommendation], list[Finding]]:
    """Recommendations ranked by priority, and the findings no practice answers."""
    grouped: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    orphans = []
    for finding in findings:
        practices = practices_for(finding, catalogue)
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
