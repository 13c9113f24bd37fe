"""The committee's decisions file to fill in: every recommendation, most urgent first, what is decided filled in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from harness.i18n import Lang, t
from harness.reports.formatting import number
from harness.reports.views import RecommendationView
from harness.store.tables import Decision


def decisions_template(campaign: str, recommendations: Sequence[RecommendationView], decided: dict[str, Decision],
                       lang: Lang, today: dt.date) -> str:
    """A decisions file listing every recommendation of the campaign, most urgent first, with what is
    already decided filled in: the committee completes it and imports it."""
    lines = [f"# {line}" for line in t("decisions.template_header", lang).split("\n")]
    lines += [f"campaign: {campaign}", f"decided_on: {today.isoformat()}", "decisions:"]
    for view in recommendations:
        row = decided.get(view.id)
        lines.append(f"  # {view.rank}. {view.title} ({t('report.priority', lang, value=number(view.priority, 1, lang))}, {view.severity_label})")
        lines.append(f"  - recommendation: {view.id}")
        lines.append(f"    status: {row.status if row else ''}".rstrip() + f"  # {t('decisions.template_status', lang)}")
        lines.append(f"    owner: {_quoted(row.owner) if row and row.owner else ''}".rstrip() + f"  # {t('decisions.template_owner', lang)}")
        lines.append(f"    due: {row.due.isoformat() if row and row.due else ''}".rstrip() + f"  # {t('decisions.template_due', lang)}")
        lines.append(f"    reason: {_quoted(row.reason) if row and row.reason else ''}".rstrip() + f"  # {t('decisions.template_reason', lang)}")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
