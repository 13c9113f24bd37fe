"""`parcours serve` and `parcours user add`: the facilitator app and its accounts."""

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from harness.cli_panel import Options
from harness.i18n import Lang, t

LOOPBACK = ("127.0.0.1", "localhost", "::1")
PASSWORD_VAR = "PARCOURS_PASSWORD"  # for scripts: the new account's password, never on the command line
SECRET_VAR, SECRET_FILE = "PARCOURS_SECRET", ".app-secret"  # signs session cookies; kept so a restart keeps them


def app_secret(runs_dir: Path) -> str:
    """$PARCOURS_SECRET, else a random secret kept in <runs>/.app-secret (readable by its owner only)."""
    if os.environ.get(SECRET_VAR):
        return os.environ[SECRET_VAR]
    path = runs_dir / SECRET_FILE
    if not path.exists():
        import secrets

        runs_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def register(app: typer.Typer, lang: Lang, options: Options, out: Console, err: Console,
             default_scenarios: Path, default_runs: Path) -> None:
    h: Callable[[str], str] = lambda key: t(f"cli.{key}", lang)  # noqa: E731
    user_app = typer.Typer(help=h("user_group"), no_args_is_help=True)
    app.add_typer(user_app, name="user")

    @user_app.command("add", help=h("user_add"))
    def user_add(
        login: Annotated[str, typer.Argument(help=h("user_login"))],
        role: Annotated[str, typer.Option("--role", help=h("user_role"))] = "facilitator",
        code: Annotated[str | None, typer.Option("--code", help=h("user_code"))] = None,
    ) -> None:
        from harness.panel import live

        password = os.environ.get(PASSWORD_VAR) or typer.prompt(
            t("app.cli.password", lang), hide_input=True, confirmation_prompt=t("app.cli.password_again", lang))
        account = live.add_user(options.store(), login, password, role, code)
        out.print(t("app.cli.user_added", lang, login=account.login, role=t(f"app.roles.{account.role}", lang)))

    @app.command(help=h("serve_app"))
    def serve(
        host: Annotated[str, typer.Option("--host", help=h("serve_host"))] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", help=h("serve_port"))] = 8765,
        scenarios: Annotated[Path, typer.Option("--scenarios", help=h("serve_scenarios"))] = default_scenarios,
        runs_dir: Annotated[Path, typer.Option("--runs-dir", help=h("runs_dir"))] = default_runs,
        expose: Annotated[bool, typer.Option("--expose", help=h("serve_expose"))] = False,
    ) -> None:
        import uvicorn

        if host not in LOOPBACK and not expose:
            err.print(t("app.cli.expose_needed", lang, host=host))
            raise typer.Exit(2)
        if host not in LOOPBACK:
            err.print(t("app.cli.exposed", lang, host=host), style="bold yellow")
        web = build(options, lang, scenarios, runs_dir)
        out.print(t("app.cli.serving", lang, url=f"http://{host}:{port}"))
        uvicorn.run(web, host=host, port=port, log_level="warning")


def build(options: Options, lang: Lang, scenarios: Path, runs_dir: Path, secret: str | None = None):  # noqa: ANN201
    """The app on the store and scenarios the options name; a store without accounts is said first."""
    from harness.panel import live
    from harness.scenario.loader import load_all
    from harness.web.app import create_app

    store = options.store()
    loaded, _ = load_all([scenarios]) if scenarios.exists() else ([], [])
    if not live.has_users(store):
        print(t("app.cli.no_user", lang), file=sys.stderr)
    return create_app(store, options.catalogue(), loaded, runs_dir, lang, secret=secret or app_secret(runs_dir))
