"""The committee report and the elected officials' page: recommendations from the reviewed versions, ranked."""

from __future__ import annotations

import math

from harness.analysis.campaign import CampaignAnalysis
from harness.analysis.comparison import PanelDelta, Verification
from harness.analysis.panel_data import PanelData
from harness.analysis.panel_summary import tester_outcomes
from harness.i18n import Lang, t
from harness.reports import formatting
from harness.reports.common import (
    estimate_view,
    findings_table,
    group_findings,
    headline,
    observatoire_table,
    recommendation_views,
    sorted_findings,
    sus_meaning,
)
from harness.reports.report import CommitteePage, FindingsData, Officials, Report
from harness.reports.views import KeyFigure, RecommendationView, Table
from harness.scenario.models import Impact
from harness.text import common_name


def committee_report(analysis: CampaignAnalysis, lang: Lang) -> Report:
    """Recommendations from the first version of each procedure (the one under review);
    where a later version was re-tested, each is marked verified or not, and the officials' page
    opens with the before/after headline."""
    reviewed_versions = analysis.reviewed()
    findings = [f for v in reviewed_versions for f in v.barriers]  # good practices and waived heuristics are no headlines
    practices = sum(len(v.good_practices) for v in reviewed_versions)
    complete = [v.completeness.complete for v in reviewed_versions]
    reviewed = [v.ref for v in reviewed_versions]
    verification: dict[str, Verification] = {}
    headlines: list[dict[str, object]] = []
    for retest in analysis.retests():
        cmp, later = retest.comparison, retest.after.ref
        verification.update(cmp.verification)
        measures = [d for d in cmp.panel if d.measure in ("completion", "sus")]
        headlines.append({
            "title": later.title, "before": retest.before.ref.version, "after": later.version,
            "name": common_name([retest.before.ref.title, later.title]),
            "measures": [headline(d, lang) for d in measures],  # the statistical detail: the committee's annex
            **plain_headlines(measures, opening_sentence(retest.before.panel, retest.after.panel, lang), lang),
            "counts": cmp.counts,
        })
    _, orphans = analysis.recommendations()
    views = committee_recommendations(analysis, lang)
    panel = analysis.sources.panel
    key = [KeyFigure(t("report.key.procedures", lang), len(reviewed))]
    tested = None
    if panel is not None:
        figures = analysis.reviewed_figures()
        testers = panel.sessions.drop_duplicates("tester")
        publics = ", ".join(f"{t(f'segments.{s}', lang)} {n}" for s, n in testers["segment"].value_counts().sort_index().items())
        in_words = ", ".join(t("report.officials.public_count", lang, public=t(f"segments.{s}", lang).lower(), count=n)
                             for s, n in testers["segment"].value_counts().items())
        tested = t("report.officials.tested", lang, count=len(testers), list=in_words)
        key.append(KeyFigure(t("report.key.testers", lang), len(testers), detail=publics))
        if (rate := figures.completion) is not None:
            key.append(KeyFigure(t("report.key.completion", lang), rate.value, "pct", estimate=estimate_view(rate, "pct", lang)))
            if (sus := figures.sus) is not None:
                key.append(KeyFigure(t("report.key.sus", lang), sus.value, "num", estimate=estimate_view(sus, "num", lang),
                                     detail=sus_meaning(sus.value, lang)))
    grave = sum(1 for f in findings if f.severity in (Impact.CRITICAL, Impact.SERIOUS))
    key.append(KeyFigure(t("report.key.grave_findings", lang), grave,
                         detail=t("report.key.of_findings", lang, count=len(findings), practices=practices)))
    panel_publics = ({t(f"segments.{s}", lang) for s in panel.sessions["segment"].unique()} if panel is not None else set())

    def publics_said(segments: list[str]) -> str:  # every public of the panel: said so, not listed again on each row
        if len(panel_publics) > 1 and set(segments) == panel_publics:
            return t("report.all_publics", lang, count=len(panel_publics))
        return ", ".join(segments)

    table = Table(
        name="recommandations", caption=t("report.table.recommendations", lang),
        columns=[t(f"report.col.{c}", lang) for c in ("rank", "id", "recommendation", "priority", "severity", "share", "segments", "decision", "verified")],
        rows=[[v.rank, v.id, v.title, v.priority, v.severity_label, v.share if v.share_measured else None, publics_said(v.segments),
               v.decision.status_label if v.decision else t("report.decision.pending", lang),
               "—" if v.verified is None else t("report.yes" if v.verified else "report.no", lang)] for v in views],
        kinds=["int", "text", "text", "num", "text", "pct", "text", "text", "text"],
    )
    tables = [table, findings_table(sorted_findings(findings), lang, "constats")]
    observatoire = None
    every = [analysis.version(i) for ids in analysis.procedures().values() for i in ids]
    versions = [(f"{v.ref.title} ({v.ref.version})", v.panel, v.evidence.loads) for v in every
                if v.panel is not None or any(v.evidence.loads.values())]
    if versions:
        observatoire = observatoire_table(versions, lang)
        tables.append(observatoire)
    officials = Officials(
        headlines=headlines, tested=tested, procedures=len(reviewed),
        to_decide=[v for v in views if v.decision is None and not v.verified][:3],  # a verified one is done, not asked
        decided=[v for v in views if v.decision is not None],
    )
    return Report(
        kind="committee", slug="comite", lang=lang, title=t("report.committee.title", lang, campaign=analysis.name),
        data=CommitteePage(campaign=analysis.name, key=key, top=[v for v in views if v.actionable][:3], recommendations=views,
              key_versions=", ".join(t("report.committee.version_named", lang, title=r.title, version=r.version) for r in reviewed),
              reviewed=reviewed, officials=officials,
              orphans=group_findings(sorted_findings(orphans), lang), retested=bool(verification), tables=tables,
              observatoire=observatoire),
        tables=tables,
        findings=FindingsData(analysis.campaign, [f"{r.procedure}/{r.version}" for r in reviewed], all(complete),
                              [(f, None) for f in sorted_findings(findings)]),
    )


def opening_sentence(before: PanelData | None, after: PanelData | None, lang: Lang) -> str | None:
    """What changed for the people who struggle, in one plain sentence: how many testers do the procedure
    alone now and before, and the publics it changed most for."""
    if before is None or after is None:
        return None
    b, a = tester_outcomes(before), tester_outcomes(after)
    if b.empty or a.empty:
        return None
    alone_b, alone_a = int((b["outcome"] == "success").sum()), int((a["outcome"] == "success").sum())
    gains = {str(segment): float((group["outcome"] == "success").mean() - (b[b["segment"] == segment]["outcome"] == "success").mean())
             for segment, group in a.groupby("segment") if (b["segment"] == segment).any()}
    most = [segment for segment, gain in sorted(gains.items(), key=lambda item: -item[1]) if gain > 0][:2]
    said = t("report.officials.opening", lang, after=alone_a, after_n=len(a), before=alone_b, before_n=len(b))
    if most and alone_a > alone_b:
        publics = t("report.officials.and", lang, first=t(f"segments.{most[0]}", lang).lower(),
                    second=t(f"segments.{most[1]}", lang).lower()) if len(most) == 2 else t(f"segments.{most[0]}", lang).lower()
        said = t("report.officials.opening_most", lang, sentence=said.rstrip("."), publics=publics)
    return said


def plain_headlines(measures: list[PanelDelta], opening: str | None, lang: Lang) -> dict[str, object]:
    """The officials' page's words for a re-test: its opening sentence (with whether the change in who does the
    procedure alone is more than chance), and each other measure as a person says it."""
    completion = next((d for d in measures if d.measure == "completion"), None)
    if opening is not None and completion is not None:
        return {"opening": f"{opening} {chance_said(completion, lang)}".strip(),
                "plain": [plain_headline(d, lang) for d in measures if d is not completion]}
    return {"opening": opening, "plain": [plain_headline(d, lang) for d in measures]}


def chance_said(delta: PanelDelta, lang: Lang) -> str:
    """Whether a change is more than chance, in words; nothing where nothing changed or nothing was tested."""
    p = delta.test.p
    if math.isnan(p) or delta.before.value == delta.after.value:
        return ""
    return t("report.officials.beyond_chance" if p < 0.05 else "report.officials.maybe_chance", lang)


def plain_headline(delta: PanelDelta, lang: Lang) -> str:
    """A measure before and after as a person says it, and whether the change is more than chance, in words:
    no test name, no p value, no interval, no "n =" (those are the committee's annex)."""
    before, after = delta.before, delta.after
    if delta.measure == "completion":
        said = t("report.officials.completion_said", lang, before=round(before.value * before.n), before_n=before.n,
                 after=round(after.value * after.n), after_n=after.n)
    else:
        said = t("report.officials.sus_said", lang, before=formatting.number(before.value, 0, lang),
                 after=formatting.number(after.value, 0, lang), before_word=sus_meaning(before.value, lang),
                 after_word=sus_meaning(after.value, lang))
    return f"{said} {chance_said(delta, lang)}".strip()


def committee_recommendations(analysis: CampaignAnalysis, lang: Lang) -> list[RecommendationView]:
    """The committee's recommendations as its report ranks them, each marked verified where a later version
    was re-tested: what the report, the app's committee page and the decisions template all show."""
    recommendations, _ = analysis.recommendations()
    verification: dict[str, Verification] = {}
    for retest in analysis.retests():
        verification.update(retest.comparison.verification)
    return recommendation_views(recommendations, analysis, lang, verification)


def officials_report(committee: Report) -> Report:
    """The officials' page of a committee report, on its own: one page to hand to elected officials."""
    return Report(kind="officials", slug="elus", lang=committee.lang,
                  title=t("report.officials.title", committee.lang, campaign=committee.data["campaign"]),
                  data=committee.data, generated=committee.generated)
