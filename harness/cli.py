"""The `parcours` command: check, run, demo, schema."""


import os
import signal
import sys
import time
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from harness.cli_app import register as register_app
from harness.cli_panel import Options
from harness.cli_panel import register as register_panel
from harness.cli_record import register as register_record
from harness.cli_reports import register as register_reports
from harness.cli_words import run, use_language
from harness.errors import ParcoursError, render_error
from harness.i18n import LANGS, Lang, default_lang, t
from harness.files import write_atomic

# Commands import what they use when they run: `parcours panel …` never loads
# Playwright, `parcours check` never loads the database.

DEFAULT_SCENARIOS = Path("scenarios")
DEFAULT_PATHS = (DEFAULT_SCENARIOS, Path("criteria"))
DEFAULT_RUNS = Path("runs")


def demo_scenarios() -> Path:
    return Path(str(resources.files("harness.demo") / "scenarios"))


def build_app(lang: Lang) -> typer.Typer:
    """The command tree, its help in `lang`."""
    h = lambda key: t(f"cli.{key}", lang)  # noqa: E731
    app = typer.Typer(help=h("app"), no_args_is_help=True, add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)
    out, err = Console(), Console(stderr=True)

    opts = Options(lang=lang)

    @app.callback()
    def main_options(
        _lang: Annotated[str, typer.Option("--lang", help=h("lang"))] = lang,
        db: Annotated[str | None, typer.Option("--db", help=h("db"))] = None,
        criteria: Annotated[Path | None, typer.Option("--criteria", help=h("criteria"))] = None,
    ) -> None:
        """Language is read before the app is built; the option is declared for --help."""
        opts.db, opts.criteria = db, criteria

    import_app = register_panel(app, lang, opts, out, err)
    register_record(app, import_app, lang, out, err, DEFAULT_SCENARIOS)
    register_reports(app, lang, opts, out, err)
    register_app(app, lang, opts, out, err, DEFAULT_SCENARIOS, DEFAULT_RUNS)

    @app.command(help=h("check"))
    def check(paths: Annotated[list[Path] | None, typer.Argument(help=h("check_paths"))] = None) -> None:
        from harness.checking import check_paths
        from harness.console import print_errors

        result = check_paths(paths or [p for p in DEFAULT_PATHS if p.exists()])
        for path, key, text in result.untranslated:  # a warning: English reports would show the French words
            err.print(t("check.untranslated", lang, path=path, id=key, field=text), style="yellow", markup=False)
        if result.problems:
            print_errors(err, result.problems, lang)
            err.print(t("check.failed", lang, count=result.error_count), style="bold red")
            raise typer.Exit(1)
        out.print(t("check.ok", lang, count=result.files), style="green")

    @app.command(help=h("run"))
    def run(
        paths: Annotated[list[Path] | None, typer.Argument(help=h("run_paths"))] = None,
        base_url: Annotated[str | None, typer.Option("--base-url", help=h("base_url"))] = None,
        campaign: Annotated[str, typer.Option("--campaign", help=h("campaign"))] = "adhoc",
        profile: Annotated[list[str] | None, typer.Option("--profile", help=h("profile"))] = None,
        allow_irreversible: Annotated[bool, typer.Option("--allow-irreversible", help=h("allow_irreversible"))] = False,
        headed: Annotated[bool, typer.Option("--headed", help=h("headed"))] = False,
        runs_dir: Annotated[Path, typer.Option("--runs-dir", help=h("runs_dir"))] = DEFAULT_RUNS,
        timeout: Annotated[float, typer.Option("--timeout", help=h("timeout"))] = 10.0,
        campaign_timeout: Annotated[float | None, typer.Option("--campaign-timeout", help=h("campaign_timeout"))] = None,
        ignore_https_errors: Annotated[bool, typer.Option("--ignore-https-errors", help=h("ignore_https_errors"))] = False,
        locale: Annotated[str | None, typer.Option("--locale", help=h("locale"))] = None,
        timezone: Annotated[str | None, typer.Option("--timezone", help=h("timezone"))] = None,
        shard: Annotated[str | None, typer.Option("--shard", help=h("shard"))] = None,
        jobs: Annotated[int, typer.Option("--jobs", "-j", callback=at_least_one, help=h("jobs"))] = os.cpu_count() or 1,
        baseline: Annotated[Path | None, typer.Option("--baseline", help=h("baseline"))] = None,
    ) -> None:
        from harness.console import print_errors
        from harness.replay.campaign import Settings, check_settings, pairs_of, parse_shard
        from harness.replay.profiles import get_profile
        from harness.runs.record import Outcome
        from harness.scenario.loader import load_all

        from harness.checking import waiver_problems
        from harness.criteria.loader import default_criteria, load_catalogue
        from harness.scenario.secrets import register_secrets, secret_problems

        check_settings(campaign, timeout, campaign_timeout, locale, timezone)
        share = parse_shard(shard) if shard else None
        known = None
        if baseline:  # a bad baseline file is refused before any replay (pandas loads only then)
            from harness.baseline import load_baseline

            known = load_baseline(baseline)
        targets = paths or [DEFAULT_SCENARIOS]
        loaded, problems = load_all(targets)
        problems += waiver_problems(loaded, load_catalogue(default_criteria()))
        problems += secret_problems(loaded)  # every `{env.NAME}` set, before any replay
        if problems:  # reject bad input before any browser starts
            print_errors(err, problems, lang)
            raise typer.Exit(2)
        if not loaded:
            raise ParcoursError("no_scenarios", {"paths": ", ".join(map(str, targets))})
        register_secrets(loaded)  # what this process prints of any run is redacted, whichever process replayed it
        profiles = [get_profile(p) for p in (profile or ["desktop"])]
        settings = Settings(
            campaign, base_url, allow_irreversible, timeout * 1000, headed, campaign_timeout, ignore_https_errors,
            locale=locale, timezone=timezone,
        )
        pairs = pairs_of(loaded, profiles, share)
        if share:
            out.print(t("run.shard", lang, index=share[0], shards=share[1], count=len(pairs),
                        total=len(loaded) * len(profiles)), highlight=False)
        try:
            records, folders = _replay(out, lang, loaded, profiles, settings, runs_dir, pairs, jobs)
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM: finished runs are kept, those in progress left nothing
            err.print(t("run.interrupted", lang), style="yellow", highlight=False)
            raise typer.Exit(130) from None
        failed = any(r.outcome is Outcome.FAILED for r in records) or len(records) < len(pairs)
        if known is not None and records:
            failed = not _check_baseline(out, err, lang, known, runs_dir, campaign, {r.scenario.id for r in records}) or failed
        if failed:
            raise typer.Exit(1)

    @app.command(help=h("demo"))
    def demo(
        serve: Annotated[bool, typer.Option("--serve", help=h("serve"))] = False,
        runs_dir: Annotated[Path, typer.Option("--runs-dir", help=h("runs_dir"))] = DEFAULT_RUNS,
        campaign: Annotated[str, typer.Option("--campaign", help=h("campaign"))] = "demo",
        port: Annotated[int, typer.Option("--port", help=h("port"))] = 0,
        app_port: Annotated[int, typer.Option("--app-port", help=h("app_port"))] = 8765,
        out_dir: Annotated[Path, typer.Option("--out", help=h("reports_dir"))] = Path("reports"),
        jobs: Annotated[int, typer.Option("--jobs", "-j", callback=at_least_one, help=h("jobs"))] = os.cpu_count() or 1,
    ) -> None:
        from harness.console import print_errors
        from harness.demo.app import create_app
        from harness.demo.summary import comparison_table
        from harness.replay.campaign import Settings
        from harness.replay.profiles import PROFILES
        from harness.runs.record import Outcome
        from harness.scenario.loader import load_all
        from harness.webserver import BackgroundServer
        from harness.runs.record import check_campaign_name

        check_campaign_name(campaign)
        with BackgroundServer(create_app(), port=port) as server:
            out.print(t("demo.serving", lang, url=server.url))
            if serve:
                from harness.demo.loop import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_app_store
                from harness.scenario.loader import load_all as load_scenarios
                from harness.web.app import create_app as create_web_app

                store = demo_app_store(runs_dir, campaign, opts.catalogue())
                scenarios, _ = load_scenarios([demo_scenarios()])
                web = create_web_app(store, opts.catalogue(), scenarios, runs_dir, lang)
                with BackgroundServer(web, port=app_port) as facilitators:
                    out.print(t("demo.app_serving", lang, url=facilitators.url))
                    for login, role in DEMO_ACCOUNTS:
                        out.print(t("demo.app_account", lang, login=login, password=DEMO_PASSWORD,
                                    role=t(f"app.roles.{role}", lang)))
                    out.print(t("demo.serving_forever", lang))
                    try:
                        while True:
                            time.sleep(3600)
                    except KeyboardInterrupt:
                        return
            loaded, problems = load_all([demo_scenarios()])
            if problems:
                print_errors(err, problems, lang)
                raise typer.Exit(2)
            # The demo site is our own fake, on loopback: its "send" steps are safe to run.
            settings = Settings(campaign, server.url, allow_irreversible=True)
            profiles = [PROFILES["desktop"], PROFILES["mobile"], PROFILES["keyboard"], PROFILES["rural"]]
            records, _ = _replay(out, lang, loaded, profiles, settings, runs_dir, jobs=jobs)
            # a third campaign for the trend report: the improved version replayed again, as after a later release
            from harness.demo.loop import follow_up_campaign
            from harness.analysis.sources import version_order

            latest = max(version_order(item.scenario.version) for item in loaded)
            improved = [item for item in loaded if version_order(item.scenario.version) == latest]
            follow_up = follow_up_campaign(campaign)
            out.print(t("demo.follow_up", lang, campaign=follow_up, version=improved[0].scenario.version))
            trend = [p for p in profiles if p.name != "rural"]  # the trend compares barriers: the rural figures are the first campaign's
            later, _ = _replay(out, lang, improved, trend, Settings(follow_up, server.url, allow_irreversible=True), runs_dir,
                               jobs=jobs)
        out.print(comparison_table(records, lang))
        out.print(t("demo.runs_in", lang, path=str(runs_dir / campaign)))
        if any(r.outcome is Outcome.FAILED for r in [*records, *later]):
            raise typer.Exit(1)
        from harness.cli_reports import print_files
        from harness.demo.loop import demo_reports

        out.print(t("demo.panel", lang, path=str(runs_dir / "demo.db")))
        files = demo_reports(runs_dir, campaign, out_dir, opts.catalogue(), lang, lambda f: print_files(out, lang, f))
        if any(f.violations for f in files):
            raise typer.Exit(1)

    runs_app = typer.Typer(help=h("runs_group"), no_args_is_help=True)
    app.add_typer(runs_app, name="runs")

    @runs_app.command("clean", help=h("runs_clean"))
    def runs_clean(
        campaign: Annotated[str | None, typer.Option("--campaign", help=h("campaign_filter"))] = None,
        runs_dir: Annotated[Path, typer.Option("--runs-dir", help=h("runs_dir"))] = DEFAULT_RUNS,
    ) -> None:
        from harness.runs.record import check_campaign_name
        from harness.runs.writer import clean_stale

        removed = clean_stale(runs_dir, check_campaign_name(campaign) if campaign else None)
        for folder in removed:
            out.print(t("run.removed", lang, path=str(folder)), highlight=False, soft_wrap=True)
        out.print(t("run.cleaned", lang, count=len(removed)))

    @app.command(help=h("schema"))
    def schema(
        output: Annotated[Path | None, typer.Option("--output", "-o", help=h("schema_output"))] = None,
        findings: Annotated[bool, typer.Option("--findings", help=h("schema_findings"))] = False,
    ) -> None:
        if findings:
            from harness.reports.findings_json import schema_text
        else:
            from harness.scenario.schema import schema_text

        text = schema_text()
        if output is None:
            sys.stdout.write(text)
        else:
            write_atomic(output, text)

    return app


def _check_baseline(out, err, lang, known, runs_dir, campaign, scenario_ids) -> bool:  # noqa: ANN001
    """Barriers of the scenarios just replayed against the baseline: new ones fail, those gone are listed."""
    from harness.analysis.campaign import analyse
    from harness.analysis.sources import gather
    from harness.baseline import against_baseline
    from harness.criteria.loader import default_criteria, load_catalogue
    from harness.reports.common import finding_title

    analysis = analyse(gather(runs_dir, campaign, load_catalogue(default_criteria()).localized(lang), None))
    verdict = against_baseline(known, analysis.barriers(sorted(scenario_ids)),
                               {analysis.version(i).ref.procedure for i in scenario_ids})
    for finding in verdict.new:
        err.print(t("baseline.new", lang, title=finding_title(finding, lang), step=finding.step or "—",
                    fingerprint=finding.fingerprint), style="red", highlight=False, markup=False, soft_wrap=True)
    for entry in verdict.gone:
        out.print(t("baseline.gone", lang, title=entry.title, fingerprint=entry.fingerprint), style="yellow",
                  highlight=False, markup=False, soft_wrap=True)
    out.print(t("baseline.passed" if verdict.passed else "baseline.failed", lang, count=len(verdict.new),
                known=len(known.findings)), highlight=False)
    return verdict.passed


def _replay(out, lang, loaded, profiles, settings, runs_dir, pairs=None, jobs=1):  # noqa: ANN001, ANN202
    """Replay in this process, or with `jobs` > 1 and several pairs, in that many worker processes."""
    from harness.console import ProgressDisplay, coverage_note, summary_table
    from harness.replay.campaign import pairs_of, run_campaign
    from harness.runs.parallel import interrupt, run_parallel
    from harness.runs.writer import RunWriter

    pairs = pairs if pairs is not None else pairs_of(loaded, profiles)
    previous = signal.signal(signal.SIGTERM, interrupt)  # stopped like Ctrl-C: clean up, keep what is finished
    try:
        with ProgressDisplay(out, lang) as progress:
            if jobs > 1 and len(pairs) > 1:
                records, written = run_parallel(pairs, settings, runs_dir, jobs, [progress])
            else:
                writer = RunWriter(runs_dir, settings.campaign)
                try:
                    records = run_campaign(loaded, profiles, settings, [writer, progress], pairs=pairs)
                except BaseException:
                    writer.abandon()
                    raise
                written = writer.written
    finally:
        signal.signal(signal.SIGTERM, previous)
    out.print(summary_table(records, lang))
    if records:
        out.print(coverage_note(records, lang), highlight=False)
    for folder in written:
        out.print(t("run.saved", lang, path=str(folder)), highlight=False, soft_wrap=True)
    return records, written


def _lang_from_argv(argv: list[str]) -> Lang:
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None
        if value in LANGS:
            return value
    return default_lang()


def at_least_one(value: int) -> int:
    """A number of replays at once: one at least (said in the reader's language, not as "x>=1")."""
    if value < 1:
        raise typer.BadParameter(t("cli_words.at_least", default_lang(), count=1))
    return value


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_from_argv(argv)
    os.environ["PARCOURS_LANG"] = lang  # the same language for anything spawned
    try:
        command = typer.main.get_command(build_app(lang))
        use_language(command, lang)
        run(command, argv, lang)
    except ParcoursError as exc:  # bad input never shows a traceback
        Console(stderr=True).print(render_error(exc, lang), style="red", highlight=False, markup=False, soft_wrap=True)
        sys.exit(2)
