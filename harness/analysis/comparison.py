"""Before and after: which barriers are fixed, still there, new, or cannot be judged. Computed here, rendered by reports."""

from __future__ import annotations

from dataclasses import dataclass

from harness.analysis.findings import Finding
from harness.runs.reader import StoredRun
from harness.runs.record import Outcome

STATUSES = ("fixed", "still", "new", "unverified")


@dataclass(frozen=True)
class Completeness:
    """Did a version's replay see every screen? If not, where it stopped and why."""

    complete: bool
    step: int | None = None  # index of the step where it stopped
    step_name: str | None = None
    reason: str | None = None  # the failure kind, e.g. "http_status"; None: stopped before an irreversible step
    params: dict[str, str] | None = None  # the failure's parameters, for its wording
    profile: str | None = None


def completeness(runs: list[tuple[str, StoredRun]]) -> Completeness:
    """The first replay of the version (by profile) that did not pass every step."""
    for profile, run in runs:
        record = run.record
        reached = [s for s in record.steps if s.effort is not None]
        if record.outcome is not Outcome.PASSED or len(reached) < len(record.steps):
            failure = record.failure
            index = failure.step if failure else len(reached)
            name = record.steps[index].name if index is not None and index < len(record.steps) else None
            return Completeness(False, index, name, failure.kind.value if failure else None,
                                dict(failure.params) if failure else {}, profile)
    return Completeness(True)


def compare_findings(before: list[Finding], after: list[Finding], after_complete: bool) -> dict[str, str]:
    """Status of every finding by fingerprint. A barrier absent after is "fixed" only when the later
    replay saw every screen; otherwise it is "unverified", never counted as fixed."""
    after_prints = {f.fingerprint for f in after}
    before_prints = {f.fingerprint for f in before}
    absent = "fixed" if after_complete else "unverified"
    statuses = {f.fingerprint: ("still" if f.fingerprint in after_prints else absent) for f in before}
    statuses.update({f.fingerprint: "new" for f in after if f.fingerprint not in before_prints})
    return statuses
