"""Render reports: HTML from templates, CSV for every table, PDF and an accessibility audit in Chromium."""

from __future__ import annotations

import base64
import csv
import hashlib
import math
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from harness.i18n import Lang, t
from harness.panel.csvio import neutralise
from harness.reports import findings_json, formatting
from harness.reports.build import Report
from harness.reports.views import EstimateView, Withheld


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    pdf: Path | None
    tables: list[Path]
    violations: int | None  # from auditing the report itself


INLINE_BYTES = 8192  # generated images up to this size go inline, larger ones alongside


def environment(lang: Lang, folder: Path | None = None) -> Environment:
    """Templates with their filters; screenshots are copied once into `folder`/img and linked."""
    env = Environment(
        loader=PackageLoader("harness.reports", "templates"), autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    def pct(value: float | None) -> str:
        return formatting.percent(value, lang)

    def num(value: float | None, digits: int = 1) -> str:
        return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else formatting.number(float(value), digits, lang)

    def seconds(value: float | None) -> str:
        return formatting.seconds(value, lang)

    def formatted(value: object, kind: str) -> str:
        if value is None:
            return "–"
        if isinstance(value, Withheld):
            return value.text
        if kind == "ci_est":  # an estimate's interval, as its own kind reads
            return ci(value)  # type: ignore[arg-type]
        if isinstance(value, EstimateView):
            return formatted(value.value, value.kind)
        if kind.startswith("ci_"):
            low, high = value  # type: ignore[misc]
            inner = kind[3:]
            return t("report.interval", lang, low=formatted(low, inner), high=formatted(high, inner))
        if kind == "pct":
            return pct(float(value))  # type: ignore[arg-type]
        if kind == "num":
            return num(float(value))  # type: ignore[arg-type]
        if kind == "seconds":
            return seconds(float(value))  # type: ignore[arg-type]
        if kind == "p":
            p = float(value)  # type: ignore[arg-type]
            return "p < 0,001" if p < 0.001 and lang == "fr" else "p < 0.001" if p < 0.001 else f"p = {num(p, 3)}"
        if kind == "delta":
            return f"{'+' if float(value) > 0 else ''}{value}"  # type: ignore[arg-type]
        if isinstance(value, bool):
            return t("report.yes" if value else "report.no", lang)
        return str(value)

    def ci(estimate: EstimateView | None) -> str:
        if estimate is not None and estimate.withheld:
            return estimate.withheld
        if estimate is None or math.isnan(estimate.low):
            return ""
        return t("report.interval", lang, low=formatted(estimate.low, estimate.kind), high=formatted(estimate.high, estimate.kind))

    copied: dict[str, str] = {}

    def embed(source: str | bytes | None, mime: str = "image/png") -> str:
        """Small generated images inline; screenshots alongside, each file stored once."""
        if source is None:
            return ""
        if folder is None or (isinstance(source, bytes) and len(source) <= INLINE_BYTES):
            data = source if isinstance(source, bytes) else Path(source).read_bytes()
            return f"data:{mime};base64,{base64.b64encode(data).decode()}"
        if isinstance(source, bytes):  # a generated picture too big to inline (a crop): stored once, by content
            name = f"img/{hashlib.sha1(source).hexdigest()[:16]}.png"
            (folder / "img").mkdir(parents=True, exist_ok=True)
            if not (folder / name).exists():
                (folder / name).write_bytes(source)
            return name
        if source not in copied:
            data = Path(source).read_bytes()
            name = f"img/{hashlib.sha1(data).hexdigest()[:16]}{Path(source).suffix}"
            (folder / "img").mkdir(parents=True, exist_ok=True)
            if not (folder / name).exists():
                (folder / name).write_bytes(data)
            copied[source] = name
        return copied[source]

    env.filters.update(pct=pct, num=num, seconds=seconds, cell=formatted, ci=ci, embed=embed,
                       long_date=lambda value: formatting.long_date(value, lang),
                       t=lambda key, **params: t(key, lang, **params))
    env.globals.update(lang=lang, stylesheet=(Path(__file__).parent / "templates" / "report.css").read_text("utf-8"))
    return env


def render_html(report: Report, folder: Path | None = None) -> str:
    return environment(report.lang, folder).get_template(f"{report.kind}.html").render(report=report, **report.data)


def write_report(report: Report, out_dir: Path) -> tuple[Path, list[Path]]:
    """index.html and tables/*.csv under out_dir/<slug>/, written whole (temporary file, then rename)."""
    folder = out_dir / report.slug
    (folder / "tables").mkdir(parents=True, exist_ok=True)
    html = folder / "index.html"
    temporary = html.with_suffix(".html.tmp")
    temporary.write_text(render_html(report, folder), encoding="utf-8")
    temporary.replace(html)
    written = []
    if report.findings is not None:
        _write_findings(report, folder)
    for table in report.tables:
        path = folder / "tables" / f"{table.name}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(table.columns)
            for row in table.rows:
                writer.writerow([_csv_value(value, kind) for value, kind in zip(row, table.kinds or ["text"] * len(row))])
        written.append(path)
    return html, written


def _write_findings(report: Report, folder: Path) -> Path:
    data = report.findings
    assert data is not None
    document = findings_json.FindingsFile(
        report=report.kind, campaign=data.campaign, generated=report.generated, versions=data.versions, complete=data.complete,  # type: ignore[arg-type]
        findings=[findings_json.finding_out(f, folder, change) for f, change in data.findings]
        + [findings_json.to_check_out(c, procedure, version) for c, procedure, version in data.to_check],
    )
    return findings_json.write(document, folder)


def _csv_value(value: object, kind: str = "text") -> object:
    """Raw numbers in CSV, for spreadsheets; an interval as "low–high"; an interval not given, why."""
    if value is None:
        return ""
    if isinstance(value, Withheld):
        return value.text
    if isinstance(value, EstimateView):
        if kind == "ci_est":
            return value.withheld or f"{value.low:.4g}–{value.high:.4g}"
        return round(value.value, 4)
    if isinstance(value, tuple):
        return f"{value[0]:.4g}–{value[1]:.4g}"
    if isinstance(value, float):
        return round(value, 4)
    return neutralise(value)


def pdf_and_audit(html: Path, pdf: Path, browser) -> int:  # noqa: ANN001
    """Print the report to PDF in Chromium and audit it with axe; the number of violations."""
    from harness.replay.audit import audit

    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(html.resolve().as_uri())
        result = audit(page, 60_000)
        page.evaluate("document.querySelectorAll('details.annex').forEach(d => { d.open = true; })")  # the annex, printed whole
        page.emulate_media(media="print")
        page.pdf(path=str(pdf), format="A4", print_background=True, tagged=True, outline=True,
                 margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
        return sum(len(v.nodes) for v in result.violations)
    finally:
        context.close()
