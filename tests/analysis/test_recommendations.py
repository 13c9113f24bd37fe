"""Findings become recommendations under the practice that answers them, ranked by priority."""

from __future__ import annotations

from dataclasses import replace

from harness.analysis.findings import Finding
from harness.analysis.recommendations import practices_for, recommend
from harness.scenario.models import Impact
from tests.analysis.builders import element


def finding(rule: str, source: str, severity: Impact, hit: int | None = None, total: int | None = None,
            segments: tuple[str, ...] = (), rgaa: tuple[str, ...] = (), step: str | None = "Formulaire") -> Finding:
    return Finding(procedure="proc", version="avant", step=step, source=source, rule=rule, severity=severity,
                   title_key="x", rgaa=rgaa, testers_hit=hit, testers_total=total, segments=segments)


def test_findings_map_to_practices_through_what_the_catalogue_lists(catalogue) -> None:  # noqa: ANN001
    ids = lambda f, fields=(): [p.id for p in practices_for(f, catalogue, fields)]  # noqa: E731
    assert ids(finding("css-only", "accessibility", Impact.SERIOUS)) == ["etiquettes-visibles"]  # checks:
    assert ids(finding("data-lost-after-error", "accessibility", Impact.SERIOUS)) == ["conserver-saisie"]
    assert ids(finding("some-new-rule", "accessibility", Impact.MINOR, rgaa=("11.10.1",))) == ["aide-format", "obligatoire-explicite", "messages-erreur"]
    assert ids(finding("some-other-rule", "accessibility", Impact.MINOR)) == []  # no practice names it: an orphan, never a guess
    assert ids(finding("saisie-unique", "criterion", Impact.MODERATE)) == ["pas-de-saisie-en-double", "dites-le-nous-une-fois"]
    # observations by the tags a practice lists, or its id; never a word found in a title
    assert ids(finding("tag:obligatoire", "observation", Impact.SERIOUS)) == ["obligatoire-explicite"]
    assert ids(finding("tag:conserver-saisie", "observation", Impact.SERIOUS)) == ["conserver-saisie"]
    assert ids(finding("tag:etape", "observation", Impact.MINOR)) == []  # "étapes" is in a title, not a tag
    assert ids(finding("tag:météo", "observation", Impact.MINOR)) == []


def test_a_practice_about_a_kind_of_field_appears_only_where_that_field_exists(catalogue) -> None:  # noqa: ANN001
    ids = lambda f, fields=(): [p.id for p in practices_for(f, catalogue, fields)]  # noqa: E731
    on = lambda kind: replace(finding("label", "accessibility", Impact.CRITICAL), element=element("textbox", None, "main › input", kind))  # noqa: E731
    assert ids(on("text")) == ["etiquettes-visibles"]
    assert ids(on("file")) == ["etiquettes-visibles", "pieces-justificatives"]
    mobile = finding("usage-mobile", "criterion", Impact.SERIOUS, step=None)
    assert "pieces-justificatives" not in ids(mobile, {"text", "select"})
    assert "pieces-justificatives" in ids(mobile, {"text", "file"})


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
