"""The demo's side-by-side table: the same procedure, before and after, per profile."""

from __future__ import annotations

from rich.table import Table

from harness.i18n import Lang, t
from harness.runs.record import RunRecord
from harness.scenario.models import Impact, LocatorKind


def run_figures(record: RunRecord) -> dict[str, int | bool]:
    """Totals over the screens a run walked through."""
    seen = [s for s in record.steps if s.effort is not None]
    figures: dict[str, int | bool] = {
        "screens": record.screens,
        "fields": sum(s.effort.fields for s in seen),  # type: ignore[union-attr]
        "required_fields": sum(s.effort.required_fields for s in seen),  # type: ignore[union-attr]
        "words": sum(s.effort.words for s in seen),  # type: ignore[union-attr]
        "actions": sum(len(s.actions) for s in record.steps),
    }
    for impact in Impact:
        figures[impact.value] = record.violation_count(impact)
    figures["hscroll"] = any(s.horizontal_scroll for s in seen)
    figures["css_only"] = sum(1 for s in record.steps for a in s.actions if a.locator_kind is LocatorKind.CSS)
    return figures


def comparison_table(records: list[RunRecord], lang: Lang) -> Table:
    table = Table(title=t("demo.comparison_title", lang))
    table.add_column(t("demo.metric", lang))
    ordered = sorted(records, key=lambda r: (r.scenario.version != "avant", r.scenario.version, r.profile))
    for record in ordered:
        table.add_column(f"{record.scenario.version} · {record.profile}", justify="right")
    figures = [run_figures(r) for r in ordered]
    for key in figures[0] if figures else ():
        cells = []
        for f in figures:
            value = f[key]
            cells.append(t("demo.yes", lang) if value is True else t("demo.no", lang) if value is False else str(value))
        table.add_row(t(f"demo.{key}", lang), *cells)
    return table
