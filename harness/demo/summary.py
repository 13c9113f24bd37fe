"""The demo's side-by-side table: the same procedure, before and after, per profile."""

from __future__ import annotations

from rich.table import Table

from harness.i18n import Lang, t
from harness.analysis.effort import run_figures
from harness.runs.record import RunRecord


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
