"""`parcours check`: validate scenarios and criteria folders without a browser."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from harness.criteria.loader import FILES as CRITERIA_FILES
from harness.criteria.loader import is_criteria_folder, load_catalogue
from harness.errors import InputErrors, ParcoursError
from harness.scenario.loader import discover, load_all

DEFAULT_PATHS = (Path("scenarios"), Path("criteria"))


@dataclass
class CheckResult:
    files: int = 0
    problems: list[ParcoursError] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return sum(len(p.errors) if isinstance(p, InputErrors) else 1 for p in self.problems)


def check_paths(paths: Iterable[Path]) -> CheckResult:
    """Criteria folders (or their files) are checked as a whole; anything else as scenarios."""
    result = CheckResult()
    scenario_paths: list[Path] = []
    for path in paths:
        folder = path.parent if path.name in CRITERIA_FILES else path
        if is_criteria_folder(folder):
            result.files += sum(1 for name in CRITERIA_FILES if (folder / name).is_file())
            try:
                load_catalogue(folder)
            except InputErrors as exc:
                result.problems.extend(exc.errors)
        else:
            scenario_paths.append(path)
    if scenario_paths:
        result.files += len(discover(scenario_paths))
        _, problems = load_all(scenario_paths)
        result.problems.extend(problems)
    return result
