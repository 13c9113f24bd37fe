"""User-facing text in French (default) or English, from the YAML catalogues in `locales/`."""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from typing import Any, Literal, get_args

from babel import Locale
from ruamel.yaml import YAML

from harness.text import printable

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)
DEFAULT_LANG: Lang = "fr"


def default_lang() -> Lang:
    """The language asked for by PARCOURS_LANG, else French."""
    value = os.environ.get("PARCOURS_LANG", DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


@cache
def catalogue(lang: Lang) -> dict[str, str]:
    """Flattened catalogue: nested YAML keys joined by dots."""
    text = resources.files("harness").joinpath(f"locales/{lang}.yaml").read_text("utf-8")
    flat: dict[str, str] = {}

    def walk(prefix: str, node: Any) -> None:
        for key, value in node.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict):
                walk(name + ".", value)
            else:
                flat[name] = str(value)

    walk("", YAML(typ="safe").load(text))
    return flat


def has(key: str, lang: Lang) -> bool:
    return key in catalogue(lang) or f"{key}.other" in catalogue(lang)


def _message(key: str, lang: Lang, params: dict[str, Any]) -> str | None:
    """The message itself, or for a plural message (`one:` and `other:` forms) the form `count` asks for
    under the language's CLDR rules (French: 0 and 1 are singular; English: only 1)."""
    messages = catalogue(lang)
    if key in messages:
        return messages[key]
    if f"{key}.other" not in messages:
        return None
    count = params.get("count", 0)
    if isinstance(count, str) and count.isdigit():  # a check's parameters are strings
        count = int(count)
    form = Locale.parse(lang).plural_form(abs(count) if isinstance(count, int | float) else 0)
    return messages.get(f"{key}.{form}") or messages[f"{key}.other"]


def t(key: str, lang: Lang, /, **params: Any) -> str:
    """The message `key` in `lang`, filled with `params`; the key itself if missing."""
    template = _message(key, lang, params) or _message(key, DEFAULT_LANG, params) or key
    # a parameter may come from a page or a scenario: no control character reaches a terminal or a log
    params = {name: printable(value, one_line=True) if isinstance(value, str) else value for name, value in params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
