"""Number formatting for readers, in one place: template filters and finding titles both use it."""

from __future__ import annotations

import math

from harness.i18n import Lang


def number(value: float, digits: int, lang: Lang) -> str:
    """1 234,5 in French, 1,234.5 in English."""
    text = f"{value:,.{digits}f}".replace(",", "\u202f")
    return text.replace(".", ",") if lang == "fr" else text.replace("\u202f", ",")


def percent(value: float | None, lang: Lang) -> str:
    if value is None or math.isnan(value):
        return "–"
    return f"{number(value * 100, 0, lang)}{chr(0xA0) if lang == 'fr' else ''}%"


def decimal(value: float | None, lang: Lang, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    value = float(value)
    return number(value, 0 if value.is_integer() and digits == 1 else digits, lang)


def seconds(value: float | None, lang: Lang) -> str:
    if value is None or math.isnan(value):
        return "–"
    return f"{number(value, 0, lang)}{chr(0xA0) if lang == 'fr' else ''}s"


def by_kind(value: float | None, kind: str, lang: Lang) -> str:
    """`kind` as criteria scales name it: a rate is a percentage, seconds are seconds."""
    if kind in ("rate", "pct"):
        return percent(value, lang)
    if kind == "seconds":
        return seconds(value, lang)
    return decimal(value, lang)
