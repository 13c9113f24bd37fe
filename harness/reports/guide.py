"""The best-practices guide: the catalogue by stage, illustrated with re-tests that verified a practice."""

from __future__ import annotations

from typing import Any

from harness.analysis.campaign import CampaignAnalysis
from harness.criteria.models import Stage
from harness.i18n import Lang, t
from harness.reports.common import finding_title, sorted_changes
from harness.reports.report import FindingsData, GuidePage, Report
from harness.reports.views import Table


def guide_report(all_analyses: list[CampaignAnalysis], lang: Lang) -> Report:
    """The catalogue by stage; each practice illustrated where a campaign's re-test verified it."""
    examples: dict[str, list[dict[str, object]]] = {}
    catalogue = all_analyses[0].catalogue
    for analysis in all_analyses:
        for procedure, scenario_ids in analysis.procedures().items():
            if len(scenario_ids) < 2:
                continue
            before_runs, after_runs = analysis.sources.runs[scenario_ids[0]], analysis.sources.runs[scenario_ids[-1]]
            cmp = analysis.comparison(scenario_ids[0], scenario_ids[-1])
            for rec in cmp.recommendations:
                check = cmp.verification[rec.id]
                if not check.verified:
                    continue
                changes = sorted_changes(list(check.changes))
                shot = next((e for c in changes for e in c.finding.evidence if e.screenshot), None)
                after = next((e for c in changes for e in c.after if e.screenshot), None)
                examples.setdefault(rec.practice.id, []).append({
                    "campaign": analysis.name, "procedure": procedure, "title": after_runs.scenario.title,
                    "before_version": before_runs.scenario.version, "after_version": after_runs.scenario.version,
                    "before_image": shot.screenshot if shot else None, "before_caption": shot.caption if shot else None,
                    "after_image": after.screenshot if after else None, "after_caption": after.caption if after else None,
                    "findings": [finding_title(c.finding, lang) for c in changes[:4]],
                })
    stages: list[dict[str, Any]] = []
    criteria = {c.id: c.label for c in catalogue.criteria}
    for stage in Stage:
        practices = [p for p in catalogue.practices if p.stage is stage]
        stages.append({"id": stage.value, "label": t(f"report.stage.{stage.value}", lang), "practices": [
            {"practice": p, "criteria": [criteria[c] for c in p.criteria if c in criteria], "examples": examples.get(p.id, [])}
            for p in practices
        ]})
    table = Table(name="bonnes-pratiques", caption=t("report.table.practices", lang),
                  columns=[t(f"report.col.{c}", lang) for c in ("stage", "practice", "title", "examples")],
                  rows=[[stage["label"], entry["practice"].id, entry["practice"].title, len(entry["examples"])]
                        for stage in stages for entry in stage["practices"]],
                  kinds=["text", "text", "text", "int"])
    return Report(kind="guide", slug="guide", lang=lang, title=t("report.guide.title", lang),
                  data=GuidePage(stages=stages, campaigns=[a.name for a in all_analyses], tables=[table]), tables=[table],
                  findings=FindingsData(", ".join(a.campaign for a in all_analyses), [], True))
