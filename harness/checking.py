"""`parcours check`: validate scenarios and criteria folders without a browser."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from harness.analysis.procedure_checks import CHECK_RULES, RULES
from harness.criteria.loader import FILES as CRITERIA_FILES
from harness.criteria.loader import default_criteria, is_criteria_folder, load_catalogue
from harness.criteria.models import Catalogue, Mode
from harness.errors import InputError, InputErrors, ParcoursError
from harness.scenario.loader import LoadedScenario, discover, load_all
from harness.text import closest

DEFAULT_PATHS = (Path("scenarios"), Path("criteria"))


@dataclass
class CheckResult:
    files: int = 0
    problems: list[ParcoursError] = field(default_factory=list)
    untranslated: list[tuple[str, str, str]] = field(default_factory=list)  # (file, id, field): English missing

    @property
    def error_count(self) -> int:
        return sum(len(p.errors) if isinstance(p, InputErrors) else 1 for p in self.problems)


def check_paths(paths: Iterable[Path]) -> CheckResult:
    """Criteria folders (or their files) are checked as a whole; anything else as scenarios."""
    result = CheckResult()
    scenario_paths: list[Path] = []
    catalogue: Catalogue | None = None
    criteria_given = False
    for path in paths:
        folder = path.parent if path.name in CRITERIA_FILES else path
        if is_criteria_folder(folder):
            criteria_given = True
            result.files += sum(1 for name in CRITERIA_FILES if (folder / name).is_file())
            try:
                catalogue = load_catalogue(folder, CHECK_RULES)
                result.untranslated += [(str(folder / name), key, text) for name, key, text in catalogue.missing_translations()]
            except InputErrors as exc:
                result.problems.extend(exc.errors)
        else:
            scenario_paths.append(path)
    if scenario_paths:
        result.files += len(discover(scenario_paths))
        loaded, problems = load_all(scenario_paths)
        result.problems.extend(problems)
        if catalogue is None and not criteria_given:
            catalogue = load_catalogue(default_criteria())
        if catalogue is not None:
            result.problems.extend(waiver_problems(loaded, catalogue))
    return result


def waivable(catalogue: Catalogue) -> set[str]:
    """What a scenario may waive: the grid's criteria computed from runs, and Parcours's own checks."""
    return {c.id for c in catalogue.criteria if c.mode is Mode.AUTO} | set(RULES)


def waiver_problems(loaded: Iterable[LoadedScenario], catalogue: Catalogue) -> list[InputError]:
    """A waiver naming nothing Parcours computes would silently waive nothing: refuse it."""
    known = waivable(catalogue)
    problems = []
    for one in loaded:
        for index, waiver in enumerate(one.scenario.waive):
            if waiver.check not in known:
                suggestion = closest(waiver.check, known)
                problems.append(one.doc.error(
                    "unknown_waiver", ("waive", index, "check"), "did_you_mean" if suggestion else "waivable",
                    key=waiver.check, suggestion=suggestion,
                ))
    return problems
