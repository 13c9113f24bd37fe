"""Write reports to disk: HTML and CSV, then the PDF and an accessibility audit of each, in one browser."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from harness.reports.report import Report
from harness.reports.render import ReportFiles, pdf_and_audit, write_report
from harness.replay.browser import launch

DEFAULT_OUT = Path("reports")


def produce(reports: list[Report], out_dir: Path, pdf: bool = True, on_written: Callable[[ReportFiles], None] | None = None) -> list[ReportFiles]:
    written: list[tuple[Report, Path, list[Path]]] = []
    for report in reports:
        html, tables = write_report(report, out_dir)
        written.append((report, html, tables))
    results = []
    if pdf:
        with launch() as browser:
            for report, html, tables in written:
                target = html.parent / f"{report.slug}.pdf"
                checked = pdf_and_audit(html, target, browser)
                results.append(ReportFiles(html, target, tables, checked.violations, checked.language))
                if on_written:
                    on_written(results[-1])
    else:
        for _, html, tables in written:
            results.append(ReportFiles(html, None, tables, None))
            if on_written:
                on_written(results[-1])
    return results
