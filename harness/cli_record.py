"""`parcours record` and `parcours import recording`: a procedure recorded instead of written."""


from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from harness.i18n import Lang, t

if TYPE_CHECKING:
    from harness.recording.chrome import Recording


def register(app: typer.Typer, import_app: typer.Typer, lang: Lang, out: Console, err: Console, scenarios: Path) -> None:
    h: Callable[[str], str] = lambda key: t(f"cli.{key}", lang)  # noqa: E731

    @app.command("record", help=h("record"))
    def record(
        url: Annotated[str, typer.Argument(help=h("record_url"))],
        output: Annotated[Path | None, typer.Option("--output", "-o", help=h("recording_output"))] = None,
        allowed_host: Annotated[list[str] | None, typer.Option("--allowed-host", help=h("recording_hosts"))] = None,
        send: Annotated[bool, typer.Option("--send", help=h("recording_send"))] = False,
        force: Annotated[bool, typer.Option("--force", help=h("recording_force"))] = False,
        cdp_port: Annotated[int | None, typer.Option("--cdp-port", min=1024, max=65535, help=h("record_cdp_port"))] = None,
        timeout: Annotated[float, typer.Option("--timeout", min=1, help=h("timeout"))] = 10.0,
    ) -> None:
        from harness.recording.live import capture

        recording = capture(url, tuple(allowed_host or ()), send=send, cdp_port=cdp_port, timeout_ms=timeout * 1000,
                            started=lambda: err.print(t("recording.started", lang), highlight=False, soft_wrap=True))
        err.print(t("recording.captured", lang, count=len(recording.steps) - 1), highlight=False)
        _import_and_write(recording, output, send, force, timeout)

    @import_app.command("recording", help=h("import_recording"))
    def import_recording(
        file: Annotated[Path, typer.Argument(help=h("recording_file"))],
        output: Annotated[Path | None, typer.Option("--output", "-o", help=h("recording_output"))] = None,
        allowed_host: Annotated[list[str] | None, typer.Option("--allowed-host", help=h("recording_hosts"))] = None,
        send: Annotated[bool, typer.Option("--send", help=h("recording_send"))] = False,
        force: Annotated[bool, typer.Option("--force", help=h("recording_force"))] = False,
        timeout: Annotated[float, typer.Option("--timeout", min=1, help=h("timeout"))] = 10.0,
    ) -> None:
        from harness.recording.chrome import read_recording_file

        recording = read_recording_file(file, tuple(allowed_host or ()))
        _import_and_write(recording, output, send, force, timeout)

    def _import_and_write(recording: "Recording", output: Path | None, send: bool, force: bool, timeout: float) -> None:
        from harness.recording.importer import import_in_chromium
        from harness.recording.output import write

        err.print(t("recording.walking", lang, count=len(recording.steps)), highlight=False)
        imported = import_in_chromium(recording, lang, send=send, timeout_ms=timeout * 1000)
        slug = imported.scenario["id"]
        target = output or (scenarios / f"{slug}.yaml" if scenarios.is_dir() else Path(f"{slug}.yaml"))
        written = write(imported, target, lang, force=force)
        out.print(t("recording.written", lang, path=str(written.scenario), steps=len(imported.scenario["steps"])),
                  highlight=False, soft_wrap=True)
        for replaced in imported.replacements:
            out.print(t(f"recording.replaced_{replaced.kind}", lang, field=replaced.field, written=replaced.written),
                      highlight=False, soft_wrap=True)
        if written.personas:
            out.print(t("recording.personas_written", lang, path=str(written.personas)), highlight=False, soft_wrap=True)
        for fixture in written.fixtures:
            out.print(t("recording.fixture_written", lang, path=str(fixture)), highlight=False, soft_wrap=True)
        for screen, action in imported.css_only:
            out.print(t("recording.css_only", lang, screen=screen, action=action), style="yellow", highlight=False,
                      soft_wrap=True)
        if imported.stopped_before:
            out.print(t("recording.stopped_before", lang, action=imported.stopped_before, count=imported.left_out),
                      highlight=False, soft_wrap=True)
        secrets = sorted({r.written[len("{env."):-1] for r in imported.replacements if r.kind == "secret"})
        out.print(t("recording.replay_with", lang, path=str(written.scenario),
                    env="".join(f"{name}=… " for name in secrets)), highlight=False, soft_wrap=True)
