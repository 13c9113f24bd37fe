"""The demo's side-by-side table: the same procedure, before and after, per profile."""

from __future__ import annotations

from rich import box
from rich.table import Table

from harness.analysis.effort import run_figures
from harness.i18n import Lang, t
from harness.runs.record import RunRecord


def comparison_table(records: list[RunRecord], lang: Lang) -> Table:
    """One row per measure, one column per profile, each cell "before → after": it reads at 80 columns."""
    table = Table(title=t("demo.comparison_title", lang), box=box.SIMPLE_HEAVY, padding=(0, 1))
    table.add_column(t("demo.metric", lang), overflow="fold")
    versions = sorted({r.scenario.version for r in records}, key=lambda v: (v != "avant", v))
    profiles = sorted({r.profile for r in records})
    by = {(r.scenario.version, r.profile): run_figures(r) for r in records}
    for profile in profiles:
        table.add_column(profile, justify="right", no_wrap=True)
    keys = next(iter(by.values()), {})
    for key in keys:
        cells = []
        for profile in profiles:
            said = [_said(by[(v, profile)][key], lang) for v in versions if (v, profile) in by]
            cells.append(" → ".join(said))
        table.add_row(t(f"demo.{key}", lang), *cells)
    table.caption = t("demo.comparison_caption", lang, versions=" → ".join(versions))
    return table


def _said(value: object, lang: Lang) -> str:
    return t("demo.yes", lang) if value is True else t("demo.no", lang) if value is False else str(value)
