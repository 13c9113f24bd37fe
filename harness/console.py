"""Progress and summaries on the terminal, through a rich Console passed in."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from harness.errors import ParcoursError, render_error
from harness.i18n import Lang, t
from harness.replay.campaign import RunSkipped, SetupReplayed
from harness.replay.events import Event, RunFinished, RunStarted, StepFinished, StepStarted
from harness.runs.record import Outcome, RunRecord
from harness.scenario.models import Impact
from harness.scenario.secrets import redact

OUTCOME_STYLE = {Outcome.PASSED: "green", Outcome.FAILED: "bold red", Outcome.STOPPED: "yellow"}


def failure_reason(record: RunRecord, lang: Lang) -> str:
    assert record.failure is not None
    return t(f"failures.{record.failure.kind.value}", lang, **record.failure.params)


def failure_lines(record: RunRecord, lang: Lang, path: str | None = None) -> list[str]:
    """Where and why a run failed: file:line, the reason, the page it was on and, for an element not
    found, what the page offers instead."""
    failure = record.failure
    assert failure is not None
    where = f"{failure.file or path or record.scenario.path}:{failure.line}: " if failure.line else ""
    lines = [where + t("run.failed_at", lang, step=record.steps[failure.step].name, reason=failure_reason(record, lang))]
    if failure.page_url:
        lines.append("    " + t("run.failed_page", lang, url=failure.page_url, title=failure.page_title or "—"))
    if failure.candidates:
        lines.append("    " + t("run.candidates", lang, list=", ".join(failure.candidates)))
    return [redact(line) for line in lines]  # a secret the page echoed back is never printed


class ProgressDisplay:
    """One progress line per run, advancing step by step."""

    def __init__(self, console: Console, lang: Lang) -> None:
        self.console, self.lang = console, lang
        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, transient=False,
        )
        self.task: TaskID | None = None
        self.title = ""
        self.total = 0
        self.skipped: list[RunSkipped] = []
        self.runs: dict[tuple[str, str], tuple[TaskID, str, int]] = {}  # parallel runs, by scenario and profile

    def __enter__(self) -> ProgressDisplay:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def handle(self, event: Event | RunSkipped) -> None:
        self.handle_run(None, None, event)

    def handle_run(self, key: tuple[str, str] | None, worker: int | None, event: Event | RunSkipped) -> None:
        """One line per run; with parallel workers (`key` and `worker` given), one line per run in progress
        on each worker, all advancing at once."""
        if key is not None and key in self.runs:
            self.task, self.title, self.total = self.runs[key]
        match event:
            case RunStarted(scenario_id=sid, profile=profile, step_names=names):
                self.title = escape(t("run.progress", self.lang, scenario=sid, profile=profile))
                if worker is not None:
                    self.title = escape(t("run.worker", self.lang, number=worker)) + " " + self.title
                self.total = len(names)
                self.task = self.progress.add_task(self.title, total=self.total)
                if key is not None:
                    self.runs[key] = (self.task, self.title, self.total)
            case StepStarted(index=index, name=name):
                step = t("run.step", self.lang, index=index + 1, total=self.total, name=name)
                self.progress.update(self.task, description=f"{self.title} {escape(step)}")  # type: ignore[arg-type]
            case StepFinished():
                self.progress.advance(self.task)  # type: ignore[arg-type]
            case RunFinished(record=record):
                style = OUTCOME_STYLE[record.outcome]
                outcome = t(f"outcomes.{record.outcome.value}", self.lang)
                self.progress.update(self.task, description=f"{self.title} [{style}]{outcome}[/]")  # type: ignore[arg-type]
                if record.failure is not None:
                    for line in failure_lines(record, self.lang):
                        self.progress.console.print("  " + line, style="red", markup=False, highlight=False, soft_wrap=True)
            case SetupReplayed():
                self._setup_said(event)
            case RunSkipped(error=error):
                self.skipped.append(event)
                self.progress.console.print(f"[red]{event.scenario_id}[/]: " + render_error(error, self.lang))

    def _setup_said(self, setup: SetupReplayed) -> None:
        said = t("run.setup_done" if setup.succeeded else "run.setup_failed", self.lang, setup=setup.scenario_id,
                 profile=setup.profile)
        self.progress.console.print(said, style=None if setup.succeeded else "red", markup=False, highlight=False)


def summary_table(records: list[RunRecord], lang: Lang) -> Table:
    table = Table(title=t("run.summary_title", lang), box=box.SIMPLE_HEAVY, padding=(0, 1))  # reads at 80 columns
    table.add_column(t("run.col_scenario", lang), overflow="fold")
    for key in ("col_profile", "col_steps", "col_screens", "col_violations", "col_outcome"):
        table.add_column(t(f"run.{key}", lang), no_wrap=key != "col_violations")
    for record in records:
        reached = sum(1 for s in record.steps if s.status.value != "not_reached")
        counts = "/".join(str(record.violation_count(i)) for i in Impact)
        style = OUTCOME_STYLE[record.outcome]
        table.add_row(
            record.scenario.id, record.profile, f"{reached}/{len(record.steps)}", str(record.screens), counts,
            f"[{style}]{t(f'outcomes.{record.outcome.value}', lang)}[/]",
        )
    return table


def print_errors(console: Console, errors: list[ParcoursError], lang: Lang) -> None:
    for error in errors:
        console.print(render_error(error, lang), style="red", highlight=False, markup=False, soft_wrap=True)
        console.print()


def coverage_note(records: list[RunRecord], lang: Lang) -> str:
    """One sentence after a replay: what its profiles tested in part, what needs a person, no compliance."""
    from harness.analysis.coverage import automation_coverage

    coverage = automation_coverage({r.profile for r in records})
    return t("run.coverage", lang, count=len(coverage.tested), total=coverage.total, person=len(coverage.by_person))
