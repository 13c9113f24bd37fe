"""CSV exports of the panel: raw records, and the per-segment summary tables."""

from __future__ import annotations

import io

import pandas as pd

from harness.analysis.panel_data import load_panel, sessions_in_import_layout
from harness.analysis.panel_summary import summary_tables
from harness.i18n import Lang, t
from harness.panel.csvio import write_csv
from harness.panel.service import TESTER_COLUMNS, list_testers
from harness.store.db import Store


def export_frame(store: Store, what: str, campaign: str | None) -> pd.DataFrame:
    if what == "testers":
        columns = list(TESTER_COLUMNS)
        return pd.DataFrame([[getattr(t, c) for c in columns] for t in list_testers(store, campaign)], columns=columns)
    data = load_panel(store, campaign)
    if what == "sessions":
        return sessions_in_import_layout(data)
    if what == "observations":
        return data.observations.merge(data.sessions[["session_id", "session", "campaign", "procedure", "version", "segment"]])[
            ["campaign", "session", "procedure", "version", "segment", "step", "severity", "text", "tags"]
        ]
    return summary_tables(data)[what]  # as computed; `summary_for_readers` writes it as reports show it


SUMMARY_KINDS = {"completion": "pct", "sus": "num", "seq": "num", "time": "seconds", "satisfaction": "num"}


def frame_csv(frame: pd.DataFrame, delimiter: str = ",") -> str:
    """The CSV text of an export: empty cells for missing values, formulas neutralised."""
    stream = io.StringIO()
    rows = ([None if pd.isna(v) else v for v in row] for row in frame.itertuples(index=False, name=None))
    write_csv(stream, list(frame.columns), rows, delimiter)
    return stream.getvalue()


def summary_for_readers(frame: pd.DataFrame, what: str, lang: Lang) -> pd.DataFrame:
    """A summary table as the reports show it: column names and publics in the reader's language,
    figures rounded and written as the reports write them (decimal comma in French), why an
    interval is withheld in words."""
    from harness.reports.build import withheld_text
    from harness.reports.render import cell_text

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
