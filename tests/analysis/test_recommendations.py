"""Findings become recommendations under the practice that answers them, ranked by priority."""

from __future__ import annotations

from harness.analysis.findings import Finding
from harness.analysis.recommendations import practices_for, recommend
from harness.reports.build import verify
from harness.scenario.models import Impact


def finding(rule: str, source: str, severity: Impact, hit: int | None = None, total: int | None = None,
            segments: tuple[str, ...] = (), rgaa: tuple[str, ...] = (), step: str | None = "Formulaire") -> Finding:
    return Finding(procedure="proc", version="avant", step=step, source=source, rule=rule, severity=severity,
                   title_key="x", rgaa=rgaa, testers_hit=hit, testers_total=total, segments=segments)


def test_findings_map_to_practices(catalogue) -> None:  # noqa: ANN001
    ids = lambda f: [p.id for p in practices_for(f, catalogue)]  # noqa: E731
    assert ids(finding("label", "accessibility", Impact.CRITICAL)) == ["etiquettes-visibles", "pieces-justificatives"]
    assert ids(finding("css-only", "accessibility", Impact.SERIOUS)) == ["etiquettes-visibles"]
    assert ids(finding("some-new-rule", "accessibility", Impact.MINOR, rgaa=("11.10.1",))) == ["aide-format", "obligatoire-explicite", "messages-erreur"]
    assert ids(finding("some-other-rule", "accessibility", Impact.MINOR)) == ["clavier-et-lecteurs"]
    assert ids(finding("saisie-unique", "criterion", Impact.MODERATE)) == ["pas-de-saisie-en-double", "dites-le-nous-une-fois"]
    assert ids(finding("tag:obligatoire", "observation", Impact.SERIOUS)) == ["obligatoire-explicite"]
    assert ids(finding("tag:météo", "observation", Impact.MINOR)) == []


def test_priority_weighs_severity_share_and_publics(catalogue) -> None:  # noqa: ANN001
    findings = [
        finding("color-contrast", "accessibility", Impact.SERIOUS, 1, 10, ("senior",)),
        finding("saisie-unique", "criterion", Impact.MODERATE, 8, 10, ("senior", "young", "disability")),
        finding("tag:météo", "observation", Impact.MINOR, 2, 10),
    ]
    recommendations, orphans = recommend(findings, catalogue)
    by_id = {r.practice.id: r for r in recommendations}
    assert by_id["contraste-lisibilite"].priority == round(3 * (0.5 + 0.1) * 1.0, 2)
    assert by_id["pas-de-saisie-en-double"].priority == round(2 * (0.5 + 0.8) * 1.4, 2)
    assert recommendations[0].practice.id in ("pas-de-saisie-en-double", "dites-le-nous-une-fois")
    assert [f.rule for f in orphans] == ["tag:météo"]
    assert recommendations[0].id == f"proc:{recommendations[0].practice.id}"


def test_a_recommendation_is_verified_when_its_findings_are_gone(catalogue) -> None:  # noqa: ANN001
    before = [finding("label", "accessibility", Impact.CRITICAL), finding("saisie-unique", "criterion", Impact.MODERATE, step=None)]
    recommendations, _ = recommend(before, catalogue)
    after = [Finding(**{**before[1].__dict__, "version": "apres"})]  # the same problem, still there
    verified = verify(recommendations, after)
    assert verified["proc:etiquettes-visibles"] is True
    assert verified["proc:pas-de-saisie-en-double"] is False
