"""`pytest scenarios/`: each scenario file becomes test items that replay it in Chromium.

Options: --base-url (without it, the bundled demo site is served and used),
--parcours-profile (repeatable), --parcours-timeout, --parcours-campaign, --parcours-runs-dir,
--parcours-allow-irreversible.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.console import failure_lines
from harness.errors import InputErrors, ParcoursError, render_error
from harness.i18n import default_lang, t
from harness.text import printable
from harness.replay.campaign import BrowserSession, RunSkipped, Settings, check_settings, run_campaign
from harness.replay.profiles import PROFILES, get_profile
from harness.runs.reader import StoredRun
from harness.runs.record import Outcome, RunRecord
from harness.runs.writer import RunWriter
from harness.scenario.loader import LoadedScenario, is_scenario_file, load_scenario
from harness.scenario.models import Impact
from harness.scenario.secrets import redact, secret_problems

SCENARIOS_FOLDER = "scenarios"
_session_key = pytest.StashKey[BrowserSession]()
_demo_key = pytest.StashKey[Any]()
_app_key = pytest.StashKey[Any]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("parcours", "Parcours scenario replays")
    try:  # pytest-base-url may have declared it already
        group.addoption("--base-url", default=None, help="base URL for the scenarios' relative URLs")
    except ValueError:
        pass
    group.addoption(
        "--parcours-profile", action="append", choices=sorted(PROFILES), default=None,
        help="replay profile (repeatable; default desktop)",
    )
    group.addoption(
        "--parcours-timeout", type=float, default=10.0,
        help="seconds to wait for an element or an expectation (default 10)",
    )
    group.addoption("--parcours-campaign", default="pytest", help="campaign the runs are recorded under")
    group.addoption("--parcours-runs-dir", default="runs", help="folder of the run records")
    group.addoption(
        "--parcours-allow-irreversible", action="store_true", help="also run irreversible steps"
    )
    group.addoption("--parcours-locale", default=None,
                    help="browser language for scenarios that name none (default fr-FR)")
    group.addoption("--parcours-timezone", default=None,
                    help="browser time zone for scenarios that name none (default Europe/Paris)")
    group.addoption("--parcours-no-screenshots", action="store_true",
                    help="take no screenshot of each screen: a CI gate on thresholds or a baseline, a fifth less "
                         "work on long pages (a failing step is still pictured)")
    group.addoption("--parcours-baseline", default=None,
                    help="baseline of known barriers (parcours baseline write): fail on barriers it lacks, "
                         "instead of the scenario's thresholds")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    try:
        parts = file_path.relative_to(parent.config.rootpath).parts
    except ValueError:
        parts = file_path.parts
    if SCENARIOS_FOLDER in parts[:-1] and is_scenario_file(file_path):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


def pytest_sessionfinish(session: pytest.Session) -> None:
    stash = session.config.stash
    if _session_key in stash:
        stash[_session_key].close()
        del stash[_session_key]
    if _app_key in stash:  # before the demo site: the app's folder and store go with it
        stash[_app_key].close()
        del stash[_app_key]
    if _demo_key in stash:
        stash[_demo_key].__exit__(None, None, None)
        del stash[_demo_key]


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        try:
            loaded = load_scenario(self.path)
        except ParcoursError as exc:
            raise ScenarioInvalid(exc) from None
        for mark in loaded.scenario.marks:  # declared as it is met: `-m` selects on it, --strict-markers accepts it
            self.config.addinivalue_line("markers", f"{mark}: a mark of Parcours scenarios")
        for name in self.config.getoption("parcours_profile") or ["desktop"]:
            item = ScenarioItem.from_parent(self, name=f"{loaded.scenario.id}[{name}]", loaded=loaded, profile=name)
            for mark in loaded.scenario.marks:
                item.add_marker(mark)
            yield item

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> str:  # type: ignore[override]
        if isinstance(excinfo.value, ScenarioInvalid):
            return render_error(excinfo.value.error, default_lang())
        return super().repr_failure(excinfo)  # type: ignore[return-value]


class ScenarioInvalid(Exception):
    def __init__(self, error: ParcoursError) -> None:
        super().__init__(str(error))
        self.error = error


class ReplayFailed(Exception):
    def __init__(self, record: RunRecord, folder: Path | None, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.record, self.folder, self.reasons = record, folder, reasons


class _Collect:
    def __init__(self, skipped: list[RunSkipped]) -> None:
        self.skipped = skipped

    def handle(self, event: object) -> None:
        if isinstance(event, RunSkipped):
            self.skipped.append(event)


class ScenarioItem(pytest.Item):
    def __init__(self, *, loaded: LoadedScenario, profile: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.loaded, self.profile = loaded, profile

    def runtest(self) -> None:
        config = self.config
        check_settings(config.getoption("parcours_campaign"), config.getoption("parcours_timeout"),
                       locale=config.getoption("parcours_locale"), timezone=config.getoption("parcours_timezone"))
        settings = Settings(
            campaign=config.getoption("parcours_campaign"),
            base_url=_app_url(config) if self.loaded.scenario.needs == "parcours-app"
            else config.getoption("base_url") or _demo_url(config),
            allow_irreversible=config.getoption("parcours_allow_irreversible"),
            timeout_ms=config.getoption("parcours_timeout") * 1000,
            locale=config.getoption("parcours_locale"), timezone=config.getoption("parcours_timezone"),
            screenshots=not config.getoption("parcours_no_screenshots"),
        )
        problems = secret_problems([self.loaded])  # a variable not set: refused before the browser starts
        if problems:
            raise InputErrors(errors=problems)
        writer = RunWriter(Path(config.getoption("parcours_runs_dir")), settings.campaign)
        skipped: list[RunSkipped] = []
        records = run_campaign(
            [self.loaded], [get_profile(self.profile)], settings, [writer, _Collect(skipped)], _browser(config)
        )
        if not records:  # could not start: a relative start URL without a base URL, a dead browser
            raise skipped[0].error
        record, folder = records[0], writer.written[0]
        # JUnit <properties>: where the run is, and where it failed (GitLab and Jenkins show them)
        self.user_properties.append(("parcours_run", str(folder.resolve())))
        self.user_properties.append(("parcours_outcome", record.outcome.value))
        if record.failure is not None:
            step = record.steps[record.failure.step]
            self.user_properties.append(("parcours_failing_screen", printable(step.name, one_line=True)))
            if step.screenshot:
                self.user_properties.append(("parcours_screenshot", str((folder / step.screenshot).resolve())))
        baseline = config.getoption("parcours_baseline")
        reasons = _beyond_baseline(Path(baseline), StoredRun(record, folder), self.profile) if baseline \
            else _threshold_breaches(self.loaded, record)
        if record.outcome is Outcome.FAILED or reasons:
            raise ReplayFailed(record, folder, reasons)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> str:  # type: ignore[override]
        error = excinfo.value
        if isinstance(error, ParcoursError):
            return render_error(error, default_lang())
        if not isinstance(error, ReplayFailed):
            return super().repr_failure(excinfo)  # type: ignore[return-value]
        lang = default_lang()
        lines = []
        failure = error.record.failure
        if failure is not None:
            step = error.record.steps[failure.step]
            step_file = self.loaded.step_file(failure.step)
            located = failure if failure.line else failure.model_copy(update={
                "line": self.loaded.step_line(failure.step),
                "file": str(step_file) if step_file != self.loaded.path else None})
            first, *context = failure_lines(error.record.model_copy(update={"failure": located}), lang, str(self.loaded.path))
            lines += [first, self.loaded.step_excerpt(failure.step), *context, f"    ({failure.detail})"]
            if step.screenshot and error.folder:
                shot = (error.folder / step.screenshot).resolve()
                lines.append("    " + t("pytest.screenshot", lang, path=str(shot)))
                lines.append(f"[[ATTACHMENT|{shot}]]")  # GitLab and Jenkins attach the file to the test case
        lines += error.reasons
        if error.folder:
            lines.append(t("pytest.run", lang, path=str(error.folder.resolve())))
        return redact(printable("\n".join(lines)))  # what JUnit and the terminal show: never a secret, no control code

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario {self.name}"


def _beyond_baseline(path: Path, run: StoredRun, profile: str) -> list[str]:
    """The barriers of this run the baseline lacks, one line each."""
    from harness.analysis.campaign import analyse  # pandas: only when asked
    from harness.analysis.sources import CampaignSources, version_runs
    from harness.baseline import against_baseline, load_baseline
    from harness.criteria.loader import default_criteria, load_catalogue
    from harness.reports.common import finding_title

    lang = default_lang()
    ref = run.record.scenario
    sources = CampaignSources(run.record.campaign, load_catalogue(default_criteria()).localized(lang),
                              {ref.id: version_runs({profile: run})}, None, {})
    found = analyse(sources).barriers()  # the same analysis as the reports and `parcours run --baseline`
    verdict = against_baseline(load_baseline(path), found, set())  # "gone" needs every profile: `parcours run` says it
    return [t("baseline.new", lang, title=finding_title(f, lang), step=f.step or "—", fingerprint=f.fingerprint)
            for f in verdict.new]


def _threshold_breaches(loaded: LoadedScenario, record: RunRecord) -> list[str]:
    limits = loaded.scenario.thresholds
    if limits is None:
        return []
    lang = default_lang()
    breaches = []
    for impact, most in limits.max_violations.items():
        found = record.violation_count(Impact(impact))
        if found > most:
            rules = sorted({v.id for s in record.steps for v in s.violations if v.impact == impact})
            breaches.append(t("pytest.too_many", lang, count=found, impact=t(f"report.impact.{impact}", lang), most=most,
                              rules=", ".join(rules)))
    if limits.no_horizontal_scroll:
        wide = [s.name for s in record.steps if s.horizontal_scroll]
        if wide:
            breaches.append(t("pytest.scrolls", lang, profile=t(f"report.profile.{record.profile}", lang), screens=", ".join(wide)))
    return breaches


def _browser(config: pytest.Config) -> BrowserSession:
    if _session_key not in config.stash:
        config.stash[_session_key] = BrowserSession()
    return config.stash[_session_key]


def _app_url(config: pytest.Config) -> str:
    """For a scenario that needs Parcours' own app: the app on the demo's data, started once for the session."""
    if _app_key not in config.stash:
        config.stash[_app_key] = _DemoApp(_demo_url(config), _browser(config))
    return config.stash[_app_key].url


class _DemoApp:
    """`parcours demo --serve`'s app for the session: a temporary folder with the demo's store and accounts,
    the demo's reviewed version replayed once (the committee's pages read it), served on 127.0.0.1."""

    def __init__(self, demo_url: str, browser: BrowserSession) -> None:
        import tempfile

        from harness.cli import demo_scenarios
        from harness.criteria.loader import default_criteria, load_catalogue
        from harness.demo.loop import demo_app_store
        from harness.scenario.loader import load_all
        from harness.web.app import create_app
        from harness.webserver import BackgroundServer

        self.folder = tempfile.TemporaryDirectory(prefix="parcours-app-")
        runs = Path(self.folder.name) / "runs"
        from harness.analysis.procedure_checks import CHECK_RULES

        catalogue = load_catalogue(default_criteria(), CHECK_RULES)
        self.store = demo_app_store(runs, "demo", catalogue)
        scenarios, _ = load_all([demo_scenarios()])
        reviewed = [s for s in scenarios if s.scenario.version == "avant"]
        run_campaign(reviewed, [get_profile("desktop")], Settings("demo", demo_url, screenshots=False), [RunWriter(runs, "demo")],
                     browser)
        self.server = BackgroundServer(create_app(self.store, catalogue, scenarios, runs, default_lang()))
        self.url = self.server.__enter__().url

    def close(self) -> None:
        self.server.__exit__(None, None, None)
        self.store.close()
        self.folder.cleanup()


def _demo_url(config: pytest.Config) -> str:
    """Without --base-url, serve the bundled demo procedure for the whole session."""
    if _demo_key not in config.stash:
        from harness.demo.app import create_app
        from harness.webserver import BackgroundServer

        config.stash[_demo_key] = BackgroundServer(create_app()).__enter__()
    return config.stash[_demo_key].url


