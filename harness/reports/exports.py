"""Summary tables exported as the reports show them (the panel's own layout is in panel/export.py)."""

from __future__ import annotations

import pandas as pd

from harness.i18n import Lang, t
from harness.panel.export import SUMMARY_KINDS
from harness.reports.common import withheld_text
from harness.reports.render import cell_text


def summary_for_readers(frame: pd.DataFrame, what: str, lang: Lang) -> pd.DataFrame:
    """A summary table as the reports show it: column names and publics in the reader's language,
    figures rounded and written as the reports write them (decimal comma in French), why an
    interval is withheld in words."""
    kind = SUMMARY_KINDS[what]
    measure = t(f"report.col.{what}", lang)
    out = pd.DataFrame()
    for column in frame.columns:
        values = frame[column]
        if column == "segment":
            out[t("report.col.segment", lang)] = [t("report.all_testers", lang) if s == "all" else t(f"segments.{s}", lang) for s in values]
        elif column in ("value", "low", "high"):
            name = measure if column == "value" else t(f"report.col.{column}", lang, name=measure)
            out[name] = [None if pd.isna(v) else cell_text(float(v), kind, lang) for v in values]
        elif column == "withheld":
            out[t("report.col.withheld", lang)] = [withheld_text(r, int(n), lang) if isinstance(r, str) and r else None
                                                   for r, n in zip(values, frame["n"])]
        else:  # procedure, version, step, n, with_help
            out[t(f"report.col.{column}", lang)] = values.to_numpy()
    return out
