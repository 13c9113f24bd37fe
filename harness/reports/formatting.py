"""Number and date formatting for readers, in one place (Babel, CLDR rules): templates, charts, finding
titles and CSV exports all use it, so a figure reads the same everywhere."""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal

from harness.i18n import Lang

LOCALES: dict[Lang, str] = {"fr": "fr_FR", "en": "en_GB"}


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float, digits: int, lang: Lang, grouping: bool = True) -> str:
    """1 234,5 in French (narrow no-break space, decimal comma), 1,234.5 in English."""
    return _number(round(float(value), digits) + 0.0, digits, lang, grouping)


@lru_cache(maxsize=8192)
def _number(value: float, digits: int, lang: Lang, grouping: bool) -> str:  # a report repeats its figures: formatted once
    pattern = ("#,##0" if grouping else "0") + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def percent(value: float | None, lang: Lang, digits: int = 0) -> str:
    """33 % in French (no-break space), 33% in English."""
    if _missing(value):
        return "–"
    return f"{number(value * 100, digits, lang)}{chr(0xA0) if lang == 'fr' else ''}%"  # type: ignore[operator]


def decimal(value: float | None, lang: Lang, digits: int = 1) -> str:
    if _missing(value):
        return "–"
    value = float(value)  # type: ignore[arg-type]
    return number(value, 0 if value.is_integer() and digits == 1 else digits, lang)  # 4, not 4,0


def seconds(value: float | None, lang: Lang) -> str:
    if _missing(value):
        return "–"
    return f"{number(value, 0, lang)}{chr(0xA0) if lang == 'fr' else ' '}s"  # type: ignore[arg-type]


def by_kind(value: float | None, kind: str, lang: Lang, extra: int = 0) -> str:
    """`kind` as criteria scales name it: a rate is a percentage, seconds are seconds; `extra` digits more."""
    if kind in ("rate", "pct"):
        return percent(value, lang, extra)
    if kind == "seconds":
        return seconds(value, lang) if not extra else f"{decimal(value, lang, extra)}{chr(0xA0) if lang == 'fr' else ' '}s"
    return decimal(value, lang, 1 + extra)


def apart(value: float, limit: float, kind: str, lang: Lang) -> tuple[str, str]:
    """A value and the threshold it is compared with, with as many digits as it takes for rounding never
    to show them equal when they differ (79,96 % is not "80 %" below a threshold of 80 %)."""
    scale, digits = (100, 0) if kind in ("rate", "pct") else (1, 0) if kind == "seconds" else (1, 1)
    extra = 0
    while extra < 3 and value != limit and round(value * scale, digits + extra) == round(limit * scale, digits + extra):
        extra += 1
    return by_kind(value, kind, lang, extra), by_kind(limit, kind, lang, extra)


def long_date(value: dt.date | dt.datetime | str, lang: Lang) -> str:
    """23 novembre 2026 / 23 November 2026: a date as people write it, never ISO."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return format_date(value, format="long", locale=LOCALES[lang])
