"""The command line's own words in the reader's language: what Typer writes around Parcours' help texts
(usage line, headings, the help option, value names, defaults) and its usage errors.

Typer keeps most of these strings in English in its code; the few it passes through gettext (headings,
"default", "required") are given a catalogue compiled in memory by Babel. The rest is set on the command
tree Parcours builds (each value's name, the help option's text, the usage line), and usage errors are
written here rather than by Typer."""

from __future__ import annotations

import gettext
import io
import sys
from typing import Any, NoReturn

import typer
import typer.core as typer_core
from typer._click.exceptions import (  # Typer's own click, pinned by the lock
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.exceptions import Abort

from harness.i18n import Lang, t

DOMAIN = "parcours-cli"
# the strings Typer looks up through gettext, by message id
GETTEXT_KEYS = {
    "default: {default}": "cli_words.default", "required": "cli_words.required", "env var: {var}": "cli_words.env_var",
    "(dynamic)": "cli_words.dynamic", "Arguments": "cli_words.arguments", "Options": "cli_words.options", "Commands": "cli_words.commands",
    "Aborted!": "cli_words.aborted", "Missing command.": "cli_words.missing_command", "No such command {name!r}.": "cli_words.no_such_command",
}
VALUE_NAMES = {"str": "text", "path": "path", "int": "number", "float": "number", "int range": "number",
               "float range": "number", "list[Path]": "paths", "list[str]": "text", "datetime": "date"}


def use_language(command: Any, lang: Lang) -> None:  # noqa: ANN401 - Typer's command (a click command)
    """Put the command tree's own words in `lang`: Typer's gettext strings, value names, the help option."""
    typer_core._ = _catalogue(lang).gettext  # Typer looks these up through the name `_` of its module
    _words(command, lang)


def _words(command: Any, lang: Lang) -> None:  # noqa: ANN401
    context = typer.Context(command, info_name=command.name)
    helper = command.get_help_option(context)
    if helper is not None:
        helper.help = t("cli_words.help_option", lang)
    for param in command.params:
        if getattr(param, "is_flag", False):
            continue
        shown = "<" + t(f"cli_words.value.{VALUE_NAMES.get(param.display_type(context).strip('<>'), 'text')}", lang) + ">"
        if param.param_type_name == "argument":  # its name stays; its type is said in words
            param.display_type_rich = lambda ctx, shown=shown: shown
        elif param.metavar is None:
            param.metavar = shown
    command.options_metavar = t("cli_words.options_metavar", lang)
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = t("cli_words.subcommand_metavar", lang)
    command.format_usage = lambda ctx, formatter, cmd=command: formatter.write_usage(
        ctx.command_path, " ".join(cmd.collect_usage_pieces(ctx)), prefix=t("cli_words.usage", lang) + " ")
    for sub in getattr(command, "commands", {}).values():
        _words(sub, lang)


def _catalogue(lang: Lang) -> gettext.GNUTranslations:
    """Typer's gettext strings in `lang`, compiled in memory by Babel from Parcours' messages."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale=lang, domain=DOMAIN)
    for msgid, key in GETTEXT_KEYS.items():
        catalog.add(msgid, t(key, lang))
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def run(command: Any, argv: list[str], lang: Lang) -> NoReturn:  # noqa: ANN401
    """Run the command tree; a usage error is said in `lang` with the command's usage and where its help is."""
    try:
        result = command.main(args=argv, prog_name="parcours", standalone_mode=False)
    except NoArgsIsHelpError as exc:
        print(exc.ctx.get_help() if exc.ctx else "", file=sys.stderr)
        sys.exit(exc.exit_code)
    except UsageError as exc:
        print(_usage_error(exc, lang), file=sys.stderr)
        sys.exit(exc.exit_code)
    except ClickException as exc:
        print(t("cli_words.error", lang, message=exc.format_message()), file=sys.stderr)
        sys.exit(exc.exit_code)
    except Abort:
        print(t("cli_words.aborted", lang), file=sys.stderr)
        sys.exit(1)
    sys.exit(result if isinstance(result, int) else 0)


def _usage_error(exc: UsageError, lang: Lang) -> str:
    ctx = exc.ctx
    lines = [ctx.get_usage()] if ctx is not None else []
    if ctx is not None and ctx.command.get_help_option(ctx) is not None:
        lines.append(t("cli_words.try_help", lang, command=ctx.command_path))
    if isinstance(exc, MissingParameter) and exc.param is not None:
        message = t("cli_words.missing", lang, name=exc.param.get_error_hint())
    elif isinstance(exc, NoSuchOption):
        message = t("cli_words.no_such_option", lang, name=exc.option_name)
        if exc.possibilities:
            message += " " + t("cli_words.did_you_mean", lang, names=", ".join(sorted(exc.possibilities)))
    elif isinstance(exc, typer.BadParameter) and exc.param is not None:
        message = t("cli_words.bad_value", lang, name=exc.param.get_error_hint(), message=exc.message)
    else:
        message = exc.format_message()
    lines.append(t("cli_words.error", lang, message=message))
    return "\n".join(lines)
