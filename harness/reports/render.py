"""Render reports: HTML from templates, CSV for every table, PDF and an accessibility audit in Chromium."""

from __future__ import annotations

import base64
import csv
import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket

from harness.analysis.procedure_checks import WCAG_22_NEW
from harness.files import atomic_path, clean_leftovers, write_atomic
from harness.i18n import Lang, t
from harness.panel.csvio import neutralise
from harness.reports import findings_json, formatting
from harness.reports.report import Report
from harness.reports.own_language import describe, own_language_issues, own_page
from harness.replay.audit import audit
from harness.reports.views import EstimateView, Table, Withheld


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    pdf: Path | None
    tables: list[Path]
    violations: int | None  # from auditing the report itself
    language: tuple[str, ...] = ()  # its own sentences the plain-language checks flag (French reports)


INLINE_BYTES = 8192  # generated images up to this size go inline, larger ones alongside


class _Compiled(BytecodeCache):
    """The templates compiled once per process and language, for every report's environment in it.

    Compiled code holds words: Jinja evaluates a filter on constants at compile time, so
    `"report.annex" | t` is compiled into the language's text. Hence one cache per language."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])  # Jinja checks it against the template's source

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED: defaultdict[str, _Compiled] = defaultdict(_Compiled)


def environment(lang: Lang, folder: Path | None = None) -> Environment:
    """Templates with their filters; screenshots are copied once into `folder`/img and linked."""
    env = Environment(
        loader=PackageLoader("harness.reports", "templates"), autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, bytecode_cache=COMPILED[lang],
    )
    def formatted(value: object, kind: str) -> str:
        return cell_text(value, kind, lang)

    def ci(estimate: EstimateView | None) -> str:
        return interval_text(estimate, lang)

    copied: dict[str, str] = {}

    def embed(source: str | bytes | None, mime: str = "image/png") -> str:
        """Small generated images inline; screenshots alongside, each file stored once."""
        if source is None:
            return ""
        if folder is None or (isinstance(source, bytes) and len(source) <= INLINE_BYTES):
            data = source if isinstance(source, bytes) else Path(source).read_bytes()
            return f"data:{mime};base64,{base64.b64encode(data).decode()}"
        if isinstance(source, bytes):  # a generated picture too big to inline (a crop): stored once, by content
            suffix = ".svg" if mime == "image/svg+xml" else ".png"  # a file:// page knows an image by its suffix
            name = f"img/{hashlib.sha1(source).hexdigest()[:16]}{suffix}"
            (folder / "img").mkdir(parents=True, exist_ok=True)
            if not (folder / name).exists():
                write_atomic(folder / name, source)
            return name
        if source not in copied:
            data = Path(source).read_bytes()
            name = f"img/{hashlib.sha1(data).hexdigest()[:16]}{Path(source).suffix}"
            (folder / "img").mkdir(parents=True, exist_ok=True)
            if not (folder / name).exists():
                write_atomic(folder / name, data)
            copied[source] = name
        return copied[source]

    env.filters.update(pct=lambda value: formatting.percent(value, lang), num=lambda value, digits=1: number_text(value, digits, lang),
                       seconds=lambda value: formatting.seconds(value, lang), cell=formatted, ci=ci, embed=embed,
                       long_date=lambda value: formatting.long_date(value, lang),
                       t=lambda key, **params: t(key, lang, **params))
    # a figure given as words instead (why no interval, why not measured): it wraps as text does
    env.tests["words"] = lambda value, kind: isinstance(value, Withheld) or (
        kind == "ci_est" and isinstance(value, EstimateView) and bool(value.withheld))
    # a finding on WCAG 2.2's new success criteria alone, which RGAA 4.1.2 has no criterion for
    env.tests["wcag22"] = lambda f: bool(f.wcag) and not f.rgaa and all(c in WCAG_22_NEW for c in f.wcag)
    env.globals.update(lang=lang, stylesheet=(Path(__file__).parent / "templates" / "report.css").read_text("utf-8"))
    return env


def number_text(value: float | None, digits: int, lang: Lang) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return formatting.number(float(value), digits, lang)


def cell_text(value: object, kind: str, lang: Lang) -> str:
    """A table cell as the report shows it; the CSV exports write the same text, rounded the same."""
    if value is None:
        return "–"
    if isinstance(value, Withheld):
        return value.text
    if kind == "ci_est":  # an estimate's interval, as its own kind reads
        return interval_text(value, lang)  # type: ignore[arg-type]
    if isinstance(value, EstimateView):
        return cell_text(value.value, value.kind, lang)
    if kind.startswith("ci_"):
        low, high = cast(tuple[float, float], value)
        return t("report.interval", lang, low=cell_text(low, kind[3:], lang), high=cell_text(high, kind[3:], lang))
    if kind == "pct":
        return formatting.percent(float(value), lang)  # type: ignore[arg-type]
    if kind == "num":
        return number_text(float(value), 1, lang)  # type: ignore[arg-type]
    if kind == "seconds":
        return formatting.seconds(float(value), lang)  # type: ignore[arg-type]
    if kind == "ms":
        return t("report.unit.ms", lang, value=formatting.number(float(value), 0, lang))  # type: ignore[arg-type]
    if kind == "bytes":  # prepaid plans count megabytes; a light screen is said in kilobytes
        size = float(value)  # type: ignore[arg-type]
        if size < 1e6:
            return t("report.unit.kb", lang, value=formatting.number(size / 1e3, 0 if size >= 1e4 else 1, lang))
        return t("report.unit.mb", lang, value=formatting.number(size / 1e6, 1, lang))
    if kind == "p":
        p = float(value)  # type: ignore[arg-type]
        return f"p < {formatting.number(0.001, 3, lang)}" if p < 0.001 else f"p = {formatting.number(p, 3, lang)}"
    if kind == "delta":
        return f"{'+' if float(value) > 0 else ''}{value}"  # type: ignore[arg-type]
    if isinstance(value, bool):
        return t("report.yes" if value else "report.no", lang)
    return str(value)


def interval_text(estimate: EstimateView | None, lang: Lang) -> str:
    if estimate is not None and estimate.withheld:
        return estimate.withheld
    if estimate is None or math.isnan(estimate.low):
        return ""
    return t("report.interval", lang, low=cell_text(estimate.low, estimate.kind, lang), high=cell_text(estimate.high, estimate.kind, lang))


def render_html(report: Report, folder: Path | None = None) -> str:
    """The report's page, its quotations marked, with the glossary of the acronyms it uses."""
    template = environment(report.lang, folder).get_template(f"{report.kind}.html")
    return own_page(lambda glossary: template.render(report=report, glossary=glossary, **report.data.fields()), report.lang)


def write_report(report: Report, out_dir: Path) -> tuple[Path, list[Path]]:
    """index.html and tables/*.csv under out_dir/<slug>/, written whole (temporary file, then rename)."""
    folder = out_dir / report.slug
    (folder / "tables").mkdir(parents=True, exist_ok=True)
    for part in (folder, folder / "tables", folder / "img"):
        clean_leftovers(part)  # what a report killed while writing left behind
    html = folder / "index.html"
    write_atomic(html, render_html(report, folder))
    written = []
    if report.findings is not None:
        _write_findings(report, folder)
    for table in report.tables:
        path = folder / "tables" / f"{table.name}.csv"
        header, rows = export_rows(table, report.lang)
        with atomic_path(path) as temporary, temporary.open("w", newline="", encoding="utf-8-sig") as f:
            writer = csv.writer(f, delimiter=CSV_SEPARATOR[report.lang])  # with a BOM: spreadsheets read the accents right
            writer.writerow(header)
            writer.writerows(rows)
        written.append(path)
    return html, written


CSV_SEPARATOR: dict[Lang, str] = {"fr": ";", "en": ","}  # French spreadsheets expect ";" with decimal commas


def export_rows(table: Table, lang: Lang) -> tuple[list[str], list[list[object]]]:
    """A table as its CSV export: the report's column names, its numbers rounded and written as the
    report shows them (decimal comma in French), each interval as two columns, its low and its high end."""
    kinds = table.kinds or ["text"] * len(table.columns)
    header: list[str] = []
    for index, (column, kind) in enumerate(zip(table.columns, kinds)):
        if kind.startswith("ci_"):  # named after the figure it belongs to, the column before it
            figure = table.columns[index - 1] if index else column
            header += [t("report.col.low", lang, name=figure), t("report.col.high", lang, name=figure)]
        else:
            header.append(column)
    rows = []
    for row in table.rows:
        line: list[object] = []
        for value, kind in zip(row, kinds):
            if kind.startswith("ci_"):
                line += _interval_ends(value, kind, lang)
            elif value is None:
                line.append("")
            elif kind == "p" and not isinstance(value, Withheld):
                p = float(value)  # type: ignore[arg-type]
                line.append(f"< {formatting.number(0.001, 3, lang)}" if p < 0.001 else formatting.number(p, 3, lang))
            elif kind in ("int", "text"):
                line.append(neutralise(value))
            else:
                line.append(neutralise(cell_text(value, kind, lang)))
        rows.append(line)
    return header, rows


def _interval_ends(value: object, kind: str, lang: Lang) -> list[object]:
    """Low and high ends of an interval; where it is withheld, why, in the first column."""
    if isinstance(value, Withheld):
        return [value.text, ""]
    if isinstance(value, EstimateView):
        if not value.has_interval:
            return [value.withheld or "", ""]
        return [cell_text(value.low, value.kind, lang), cell_text(value.high, value.kind, lang)]
    if value is None:
        return ["", ""]
    low, high = cast(tuple[float, float], value)
    return [cell_text(low, kind[3:], lang), cell_text(high, kind[3:], lang)]


def _write_findings(report: Report, folder: Path) -> Path:
    data = report.findings
    assert data is not None
    document = findings_json.FindingsFile(
        report=report.kind, campaign=data.campaign, generated=report.generated, versions=data.versions, complete=data.complete,
        findings=[findings_json.finding_out(f, folder, change) for f, change in data.findings]
        + [findings_json.to_check_out(c, procedure, version) for c, procedure, version in data.to_check],
    )
    return findings_json.write(document, folder)


# Before printing: each annex made a plain block, so it is printed whole; links to the report's own files (a
# screenshot in img/) unlinked, since Chromium would write them as file:///… paths of this machine,
# dead once the PDF is sent and telling where it was made. The images themselves are in the PDF.
PRINT_READY = """() => {
  // an annex is printed whole, as the block it is: its summary a plain heading. (A summary moved into the
  // wrapper below would leave the details without one, and Chromium would print its own "Details".)
  document.querySelectorAll("details.annex").forEach((d) => {
    const block = document.createElement("section");
    block.className = d.className;
    block.id = d.id;
    for (const child of [...d.childNodes]) {
      if (child.tagName === "SUMMARY") block.append(...child.childNodes);
      else block.append(child);
    }
    d.replaceWith(block);
  });
  const here = location.href.split("#")[0];
  document.querySelectorAll("a[href]").forEach((a) => {
    if (a.protocol === "file:" && a.href.split("#")[0] !== here) a.removeAttribute("href");
  });
  // a heading stays with what follows it: wrapped with its introduction and what it introduces (when that
  // is short), in a block the printer does not split and that asks for room after it (report.css)
  const PAGE = 1000;  // px: about an A4 page's printed height
  const heading = /^(H2|H3|H4)$/;
  document.querySelectorAll("main h2, main h3, main h4").forEach((h) => {
    if (h.closest(".card, .keep-next") || h.parentElement.closest(".card")) return;
    const keep = document.createElement("div");
    keep.className = "keep-next";
    h.before(keep);
    keep.append(h);
    let next = keep.nextElementSibling;
    for (let taken = 0; next && next.tagName === "P" && taken < 2; taken++) {  // its introduction
      keep.append(next);
      next = keep.nextElementSibling;
    }
    // and what it introduces, when that is short (else the room asked for below lets it start on the page)
    if (next && !heading.test(next.tagName) && !next.querySelector("h2, h3") && next.getBoundingClientRect().height < PAGE / 6) {
      keep.append(next);
    }
  });
}"""


@dataclass(frozen=True)
class SelfAudit:
    violations: int  # axe-core's, counted by element
    language: tuple[str, ...]  # the plain-language issues of the report's own words, one line each


def pdf_and_audit(html: Path, pdf: Path, browser) -> SelfAudit:  # noqa: ANN001
    """Print the report to PDF in Chromium, audit it with axe and check its own words' plain language."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(html.resolve().as_uri())
        result = audit(page, 60_000)
        language = tuple(describe(issue) for issue in own_language_issues(page))
        page.emulate_media(media="print")  # measured as printed
        page.evaluate(PRINT_READY)
        document = page.pdf(format="A4", print_background=True, tagged=True, outline=True,
                            margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
        write_atomic(pdf, document)
        return SelfAudit(sum(len(v.nodes) for v in result.violations), language)
    finally:
        context.close()
