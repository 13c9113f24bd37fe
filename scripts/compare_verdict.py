"""Rebuild a comparison's verdict from its findings.json alone: how many barriers fixed, still there, new,
on a redesigned screen, unverified.

    python scripts/compare_verdict.py reports/<campaign>/comparaison-<before>-<after>/findings.json

Prints one line per status and exits 1 when the comparison is incomplete (a
version's replay did not see every screen), so that a pipeline can stop on it.
Needs nothing but Python: it reads the documented format (docs/reports.md).
"""

from __future__ import annotations

import json
import sys
from collections import Counter


def verdict(document: dict) -> Counter:
    if document.get("report") != "compare":
        raise SystemExit(f"not a comparison's findings.json (report: {document.get('report')!r})")
    return Counter(f["status"] for f in document["findings"] if f["kind"] == "barrier" and f["status"])


def main(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    counts = verdict(document)
    for status in ("fixed", "still", "new", "redesigned", "unverified"):
        print(f"{status}: {counts.get(status, 0)}")
    return 0 if document["complete"] else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1]))
