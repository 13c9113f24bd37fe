"""`parcours serve` and `parcours user add`: the facilitator app and its accounts."""

import json
import os
import secrets
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
SECRET_VAR = "PARCOURS_SECRET"  # signs session cookies; kept so a restart keeps them
SECRET_FILE_VAR = "PARCOURS_SECRET_FILE"
WORKER_VAR = "PARCOURS_SERVE_WORKER"  # what `parcours serve --workers N` gives each of its processes


def secret_path() -> Path:
    """Where the app keeps its cookie secret: $PARCOURS_SECRET_FILE, else the user's configuration folder
    ($XDG_CONFIG_HOME or ~/.config)/parcours/app-secret. Never under runs/, whose folders come from outside."""
    if os.environ.get(SECRET_FILE_VAR):
        return Path(os.environ[SECRET_FILE_VAR])
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "parcours" / "app-secret"


def app_secret() -> str:
    """$PARCOURS_SECRET, else a random secret kept in secret_path() (readable by its owner only)."""
    if os.environ.get(SECRET_VAR):
        return os.environ[SECRET_VAR]
    path = secret_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it meanwhile
            return path.read_text().strip()
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
        out.print(t("app.cli.database", lang, db=_database_said(options.db)), highlight=False, soft_wrap=True)

    @user_app.command("password", help=h("user_password"))
    def user_password(login: Annotated[str, typer.Argument(help=h("user_login"))]) -> None:
        from harness.panel import live

        password = os.environ.get(PASSWORD_VAR) or typer.prompt(
            t("app.cli.password", lang), hide_input=True, confirmation_prompt=t("app.cli.password_again", lang))
        live.set_password(options.store(), login, password)
        out.print(t("app.cli.password_set", lang, login=login))

    @user_app.command("remove", help=h("user_remove"))
    def user_remove(login: Annotated[str, typer.Argument(help=h("user_login"))]) -> None:
        from harness.panel import live

        live.remove_user(options.store(), login)
        out.print(t("app.cli.user_removed", lang, login=login))

    @app.command(help=h("serve_app"))
    def serve(
        host: Annotated[str, typer.Option("--host", help=h("serve_host"))] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", help=h("serve_port"))] = 8765,
        scenarios: Annotated[Path, typer.Option("--scenarios", help=h("serve_scenarios"))] = default_scenarios,
        runs_dir: Annotated[Path, typer.Option("--runs-dir", help=h("runs_dir"))] = default_runs,
        expose: Annotated[bool, typer.Option("--expose", help=h("serve_expose"))] = False,
        names: Annotated[list[str] | None, typer.Option("--name", help=h("serve_name"))] = None,
        tls_cert: Annotated[Path | None, typer.Option("--tls-cert", help=h("serve_tls_cert"))] = None,
        tls_key: Annotated[Path | None, typer.Option("--tls-key", help=h("serve_tls_key"))] = None,
        trusted_proxies: Annotated[list[str] | None, typer.Option("--trusted-proxy", help=h("serve_trusted_proxy"))] = None,
        proxy_https: Annotated[bool, typer.Option("--proxy-https", help=h("serve_proxy_https"))] = False,
        workers: Annotated[int, typer.Option("--workers", help=h("serve_workers"))] = 1,
    ) -> None:
        import uvicorn
        from starlette.types import ASGIApp

        from harness.store.db import database_url
        from harness.web.app import served_names
        from harness.webserver import proxy_settings

        if host not in LOOPBACK and not expose:
            err.print(t("app.cli.expose_needed", lang, host=host))
            raise typer.Exit(2)
        if (tls_cert is None) != (tls_key is None):
            err.print(t("app.cli.tls_pair", lang))
            raise typer.Exit(2)
        if proxy_https and not trusted_proxies:
            err.print(t("app.cli.proxy_https_alone", lang))
            raise typer.Exit(2)
        https = tls_cert is not None or proxy_https
        if host not in LOOPBACK:
            err.print(t("app.cli.exposed", lang, host=host), style="bold yellow")
            if not https:
                err.print(t("app.cli.exposed_plain_http", lang), style="bold red")
        if not 1 <= workers <= 64:
            err.print(t("app.cli.workers_range", lang, value=workers))
            raise typer.Exit(2)
        hosts = served_names(host, tuple(names or ()))
        scheme = "https" if tls_cert is not None else "http"
        certificate = (str(tls_cert), str(tls_key)) if tls_cert and tls_key else (None, None)
        target: ASGIApp | str
        if workers == 1:
            target = build(options, lang, scenarios, runs_dir, https=https, hosts=hosts)
            out.print(t("app.cli.serving", lang, url=f"{scheme}://{host}:{port}"))
        else:
            # several processes: each builds the same app from what the command was given (the cookie secret is
            # the one kept on disk, the sign-in limits are in the store), uvicorn shares the socket among them
            if database_url(options.db).startswith("sqlite"):  # works (one writer at a time), PostgreSQL scales
                err.print(t("app.cli.workers_sqlite", lang), style="yellow")
            app_secret()  # made once, before the workers read it
            os.environ[WORKER_VAR] = json.dumps({
                "db": options.db, "criteria": str(options.criteria) if options.criteria else None, "lang": lang,
                "scenarios": str(scenarios), "runs_dir": str(runs_dir), "https": https, "hosts": sorted(hosts)})
            target = "harness.cli_app:worker_app"
            out.print(t("app.cli.serving_workers", lang, url=f"{scheme}://{host}:{port}", count=workers))
        out.print(t("app.cli.names", lang, names=", ".join(sorted(hosts))), highlight=False)
        uvicorn.run(target, factory=workers > 1, workers=workers if workers > 1 else None, host=host, port=port,
                    log_level="warning", ssl_certfile=certificate[0], ssl_keyfile=certificate[1],
                    **proxy_settings(tuple(trusted_proxies or ())))


def build(options: Options, lang: Lang, scenarios: Path, runs_dir: Path, secret: str | None = None,  # noqa: ANN201
          https: bool = False, hosts: frozenset[str] | None = None):
    """The app on the store and scenarios the options name; a store without accounts is said first."""
    from harness.panel import live
    from harness.scenario.loader import load_all
    from harness.web.app import create_app

    store = options.store()
    loaded, _ = load_all([scenarios]) if scenarios.exists() else ([], [])
    if not live.has_users(store):
        print(t("app.cli.no_user", lang), file=sys.stderr)
    return create_app(store, options.catalogue(), loaded, runs_dir, lang, secret=secret or app_secret(), https=https, hosts=hosts)


def worker_app():  # noqa: ANN201 - an ASGI app
    """One process of `parcours serve --workers N`: the app built from what the command was given."""
    given = json.loads(os.environ[WORKER_VAR])
    options = Options(db=given["db"], criteria=Path(given["criteria"]) if given["criteria"] else None, lang=given["lang"])
    return build(options, given["lang"], Path(given["scenarios"]), Path(given["runs_dir"]), https=given["https"],
                 hosts=frozenset(given["hosts"]))


def _database_said(url: str | None) -> str:
    """The database a command wrote to, as it can be given to --db again: its password hidden."""
    from sqlalchemy.engine import make_url

    from harness.store.db import database_url

    return make_url(database_url(url)).render_as_string(hide_password=True)
