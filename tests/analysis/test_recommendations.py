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


def test_priority_weighs_what_testers_met_where_the_barrier_is(catalogue) -> None:  # noqa: ANN001
    findings = [
        # 1 of 10 testers blocked and 2 helped on the contrast's screen; 6 of 10 blocked on the field asked twice
        replace(finding("color-contrast", "accessibility", Impact.SERIOUS, 3, 10, ("senior",)), blocked=1, helped=2),
        replace(finding("saisie-unique", "criterion", Impact.MODERATE, 8, 10, ("senior", "young", "disability")), blocked=6, helped=0),
        finding("tag:météo", "observation", Impact.MINOR, 2, 10),
    ]
    recommendations, orphans = recommend(findings, catalogue)
    by_id = {r.practice.id: r for r in recommendations}
    # severity × (1 + 2 × (blocked + ½ helped) / reached) × (1 + 0.2 × (publics − 1))
    assert by_id["contraste-lisibilite"].priority == round(3 * (1 + 2 * (1 + 0.5 * 2) / 10) * 1.0, 2)
    assert by_id["pas-de-saisie-en-double"].priority == round(2 * (1 + 2 * 6 / 10) * 1.4, 2)
    assert recommendations[0].practice.id in ("pas-de-saisie-en-double", "dites-le-nous-une-fois")
    assert [f.rule for f in orphans] == ["tag:météo"]
    # nobody measured: the severity alone
    assert recommend([finding("color-contrast", "accessibility", Impact.SERIOUS)], catalogue)[0][0].priority == 3


def test_an_outcome_measure_weighs_half_and_never_recommends_a_practice_already_in_place(catalogue) -> None:  # noqa: ANN001
    from harness.analysis.recommendations import ProcedureFacts

    completion = finding("reussite", "panel", Impact.SERIOUS, 4, 6, ("senior", "disability"), step=None)
    field = replace(finding("label", "accessibility", Impact.CRITICAL, 2, 6, ("senior", "disability")), blocked=2, helped=0)
    facts = {"proc": ProcedureFacts(frozenset({"text"}), frozenset({"langage-clair", "messages-erreur"}))}
    recommendations, _ = recommend([completion, field], catalogue, facts)
    ids = [r.practice.id for r in recommendations]
    assert ids[0] == "etiquettes-visibles"  # 4 × (1 + 2 × 2/6) × 1.2 = 8.0
    assert recommendations[0].priority == 8.0
    assert "langage-clair" not in ids and "messages-erreur" not in ids  # their own measures are met there
    assert "une-question-par-ecran" in ids  # not measured in place: still a lead, at half its severity
    assert {r.practice.id: r.priority for r in recommendations}["une-question-par-ecran"] == 3 * 0.5
    critical = replace(completion, severity=Impact.CRITICAL, testers_hit=6)  # even when everyone failed
    assert recommend([critical, field], catalogue, facts)[0][0].practice.id == "etiquettes-visibles"
    assert recommendations[0].id == f"proc:{recommendations[0].practice.id}"


def test_recommendations_of_equal_priority_come_graver_first_then_broader_then_by_id() -> None:
    from types import SimpleNamespace

    from harness.analysis.recommendations import tie_order

    def rec(rid: str, priority: float, severity: Impact, count: int):  # noqa: ANN202
        return SimpleNamespace(id=rid, priority=priority, severity=severity, findings=(None,) * count)

    recs = [rec("p:b", 16.2, Impact.SERIOUS, 1), rec("p:a", 16.2, Impact.SERIOUS, 1), rec("p:c", 16.2, Impact.CRITICAL, 1),
            rec("p:d", 16.2, Impact.SERIOUS, 3), rec("p:e", 20.0, Impact.MINOR, 1)]
    assert [r.id for r in sorted(recs, key=tie_order)] == ["p:e", "p:c", "p:d", "p:a", "p:b"]  # recommend() sorts so
