"""harness/ type-checks with mypy ([tool.mypy] in pyproject.toml): zero errors, no `type: ignore` left that
has nothing to ignore. In the suite so that `make test` (and CI) fail on a type error as on a test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_harness_type_checks_with_zero_errors() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "Success: no issues found" in result.stdout
