"""Seconds each test file took, from a JUnit XML report, written as tests/durations.json.

The suite runs on one worker more than the machine has cores (the Makefile's TEST_WORKERS), one test file
per worker at a time (`--dist loadfile`).
tests/conftest.py hands out the slowest files first, so that no long file starts last
and leaves one worker alone at the end. Refresh the figures after a change that moves
them (a new slow file, a faster fixture):

    PYTEST_ADDOPTS=--junitxml=/tmp/junit.xml make test
    .venv/bin/python scripts/test_durations.py /tmp/junit.xml > tests/durations.json

A file missing from the list is handed out first (its time is unknown: it may be long).
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict


def file_seconds(junit: str) -> dict[str, float]:
    seconds: dict[str, float] = defaultdict(float)
    for case in ET.parse(junit).getroot().iter("testcase"):
        module = case.get("classname", "").split(".")
        # "tests.browser.test_demo" (or "…test_demo.TestClass"): the file is the part up to the test_ module
        upto = next((i for i, part in enumerate(module) if part.startswith("test_")), len(module) - 1)
        seconds["/".join(module[:upto + 1]) + ".py"] += float(case.get("time", 0))
    return dict(sorted(((name, round(value, 1)) for name, value in seconds.items()), key=lambda kv: -kv[1]))


if __name__ == "__main__":
    json.dump(file_seconds(sys.argv[1]), sys.stdout, indent=1)
    sys.stdout.write("\n")
