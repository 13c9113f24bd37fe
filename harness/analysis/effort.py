"""Effort and accessibility totals over the screens a run walked through."""

from __future__ import annotations

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
