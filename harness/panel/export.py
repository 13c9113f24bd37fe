"""CSV exports of the panel: raw records, and the per-segment summary tables."""

from __future__ import annotations

import io

import pandas as pd

from harness.analysis.panel_data import load_panel, sessions_in_import_layout
from harness.analysis.panel_summary import summary_tables
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
