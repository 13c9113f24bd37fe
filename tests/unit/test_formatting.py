"""Figures as readers read them: CLDR plurals, numbers and dates, thresholds never rounded onto a value."""

from __future__ import annotations

import datetime as dt

import pytest

from harness.i18n import catalogue, t
from harness.reports import formatting
from harness.reports.common import sus_meaning


@pytest.mark.parametrize(("count", "fr", "en"), [
    (0, "0 démarche testée", "0 procedures tested"),  # French counts 0 as singular, English does not
    (1, "1 démarche testée", "1 procedure tested"),
    (3, "3 démarches testées", "3 procedures tested"),
])
def test_plural_messages_follow_each_languages_rules(count: int, fr: str, en: str) -> None:
    assert t("report.committee.summary_intro", "fr", count=count, campaign="x").startswith(fr)
    assert t("report.committee.summary_intro", "en", count=count, campaign="x").startswith(en)


def test_no_message_writes_a_plural_with_parentheses() -> None:
    for lang in ("fr", "en"):
        offenders = [key for key, text in catalogue(lang).items() if "(s)" in text.replace("http(s)", "")]
        assert offenders == [], (lang, offenders)


def test_numbers_and_dates_read_as_people_write_them() -> None:
    assert formatting.number(1234.5, 1, "fr") == "1\u202f234,5" and formatting.number(1234.5, 1, "en") == "1,234.5"
    assert formatting.percent(0.335, "fr") == "34\u00a0%" and formatting.percent(0.335, "en") == "34%"
    assert formatting.long_date(dt.date(2026, 11, 23), "fr") == "23 novembre 2026"
    assert formatting.long_date("2026-11-23", "en") == "23 November 2026"


@pytest.mark.parametrize(("value", "limit", "kind", "shown"), [
    (0.7996, 0.8, "rate", ("79,96\u00a0%", "80,00\u00a0%")),  # not "80 %" below a threshold of 80 %
    (3.96, 4.0, "num", ("3,96", "4,00")),
    (0.5, 0.8, "rate", ("50\u00a0%", "80\u00a0%")),  # apart already: no digit added
    (4.0, 4.0, "num", ("4", "4")),
])
def test_a_value_is_never_rounded_onto_its_threshold(value: float, limit: float, kind: str, shown: tuple[str, str]) -> None:
    assert formatting.apart(value, limit, kind, "fr") == shown


@pytest.mark.parametrize(("score", "meaning"), [
    (25.8, "très difficile à utiliser"), (38.0, "difficile à utiliser"), (51.7, "passable"), (76.7, "bon"), (90.0, "excellent"),
])
def test_a_sus_score_reads_on_the_adjective_scale(score: float, meaning: str) -> None:
    assert sus_meaning(score, "fr") == meaning
