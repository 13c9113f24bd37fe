"""Effort and accessibility totals over the screens a run walked through."""

from __future__ import annotations

from harness.runs.record import FormField, RunRecord, StepRecord
from harness.scenario.models import Impact
from harness.text import fold


def distinct_fields(steps: list[StepRecord]) -> list[FormField]:
    """The fields of a walk, each once: a screen shown again (in error, say) asks nothing new. A field is
    its kind and its name (else its label); radio buttons or checkboxes sharing a name are one question."""
    fields: dict[tuple[str, str, str], FormField] = {}
    for step in steps:
        for position, f in enumerate(step.fields):
            who = f.name or fold(f.accessible_name) or f"{step.index}:{position}"
            fields.setdefault((f.tag, (f.type or "").lower(), who), f)
    return list(fields.values())


def run_figures(record: RunRecord) -> dict[str, int | bool]:
    """Totals over the screens a run walked through; fields are counted once however many screens show them."""
    seen = [s for s in record.steps if s.effort is not None]
    fields = distinct_fields(seen)
    figures: dict[str, int | bool] = {
        "screens": record.screens,
        "fields": len(fields),
        "required_fields": sum(1 for f in fields if f.required),
        "words": sum(s.effort.words for s in seen if s.effort is not None),
        "actions": sum(len(s.actions) for s in record.steps),
    }
    for impact in Impact:
        figures[impact.value] = record.violation_count(impact)
    figures["hscroll"] = any(s.horizontal_scroll for s in seen)
    figures["css_only"] = sum(1 for s in record.steps for a in s.actions if a.unnamed)
    return figures
