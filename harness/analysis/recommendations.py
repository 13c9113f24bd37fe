"""Recommendations: findings gathered under the best practice that answers them, ranked by what
testers met.

A barrier's weight = severity (1–4) × (1 + 2 × met) × (1 + 0.2 × (publics − 1)), where `met` (0–1) is
how much testers met it where it is (blocked 1, helped ½, over the testers who reached its screen;
for an observation or a criterion testers scored, the share it holds for; see `Finding.met`) and
publics are the segments of the testers who struggled there (counted only when met > 0). A finding
about the procedure as a whole met nowhere in particular has met = 0. An outcome measure
(completion, SUS, SEQ, satisfaction, help asked, input errors, time) says that something is wrong
but not what: it weighs severity × ½. A recommendation's priority is the weight of its strongest
finding.

An outcome measure points to several practices (completion: one question per screen, plain
language, error messages); a practice whose own measure is met on that procedure (its automatic
criteria all measured and within threshold: readability, an error summary) is not recommended
there on an outcome measure alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cached_property

from harness.analysis.findings import PANEL_MEASURES, SEVERITY_WEIGHT, Finding, VersionEvidence
from harness.criteria.models import Catalogue, Mode, Practice
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

    @cached_property
    def priority(self) -> float:
        return max(weight(f) for f in self.findings)


def tie_order(recommendation: Recommendation) -> tuple[float, int, int, str]:
    """The one order of recommendations: priority first; at equal priority, the graver first, then the one
    that answers more barriers, then by id (procedure, practice) so that the order never changes by chance."""
    return (-recommendation.priority, -SEVERITY_WEIGHT[recommendation.severity], -len(recommendation.findings),
            recommendation.id)


def is_outcome(finding: Finding) -> bool:
    """A panel measure of how the procedure went (completion, SUS, SEQ, …), not of one barrier."""
    return finding.source == "panel" and finding.rule in PANEL_MEASURES


def weight(finding: Finding) -> float:
    """See the module's doc: an outcome measure weighs half its severity; a barrier its severity, raised by
    how much testers met it and how many publics they belong to."""
    severity = SEVERITY_WEIGHT[finding.severity]
    if is_outcome(finding):
        return severity * 0.5
    met = finding.met
    publics = 1 + 0.2 * (max(len(finding.segments), 1) - 1) if met > 0 else 1.0
    return round(severity * (1 + 2 * met) * publics, 2)


@dataclass(frozen=True)
class ProcedureFacts:
    """What recommendations need to know of a procedure beyond its findings."""

    fields: frozenset[str] = frozenset()  # the kinds of form field it has (see `VersionEvidence.field_kinds`)
    met: frozenset[str] = frozenset()  # practices whose own measure is met there (see `practices_met`)


def practices_met(evidence: VersionEvidence, catalogue: Catalogue) -> frozenset[str]:
    """Practices whose automatic criteria were all measured on this version and are all within threshold
    (readability of every screen, an error summary on every error state walked, …)."""
    if evidence.desktop is None:
        return frozenset()
    metrics = evidence.metrics
    by_id = {c.id: c for c in catalogue.criteria}
    met = set()
    for practice in catalogue.practices:
        own = [by_id[c] for c in practice.criteria
               if c in by_id and by_id[c].mode is Mode.AUTO and by_id[c].metric in metrics and by_id[c].threshold is not None]
        values = [metrics[c.metric].value for c in own if c.metric is not None]
        measured = [(c.threshold, v) for c, v in zip(own, values) if c.threshold is not None and v is not None]
        if own and len(measured) == len(own) and not any(threshold.breached(v) for threshold, v in measured):
            met.add(practice.id)
    return frozenset(met)


def procedure_facts(evidence: VersionEvidence, catalogue: Catalogue) -> ProcedureFacts:
    return ProcedureFacts(evidence.field_kinds, practices_met(evidence, catalogue))


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


def recommend(findings: list[Finding], catalogue: Catalogue, facts: Mapping[str, ProcedureFacts] | None = None,
              ) -> tuple[list[Recommendation], list[Finding]]:
    """Recommendations ranked by priority, and the findings no practice answers.

    `facts`: by procedure, its kinds of form field and the practices already measured in place.
    """
    grouped: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    orphans = []
    for finding in findings:
        known = (facts or {}).get(finding.procedure, ProcedureFacts())
        practices = practices_for(finding, catalogue, known.fields)
        if is_outcome(finding):  # a guess among several practices: not one already in place
            practices = [p for p in practices if p.id not in known.met]
        if not practices:
            orphans.append(finding)
        for practice in practices:
            grouped[(finding.procedure, practice.id)].append(finding)
    recommendations = [
        Recommendation(procedure, catalogue.practice(practice_id), tuple(items))
        for (procedure, practice_id), items in grouped.items()
    ]
    recommendations.sort(key=tie_order)
    return recommendations, orphans
