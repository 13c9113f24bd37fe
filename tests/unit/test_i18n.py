"""Both catalogues say the same things, with the same placeholders."""

from __future__ import annotations

import string

from harness.errors import InputError, Location, render_error
from harness.i18n import catalogue, t


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_french_and_english_have_the_same_keys_and_placeholders() -> None:
    fr, en = catalogue("fr"), catalogue("en")
    assert sorted(fr) == sorted(en)
    for key in fr:
        assert fields(fr[key]) == fields(en[key]), key


def test_message_is_filled_and_unknown_key_shows_itself() -> None:
    assert t("errors.unknown_action", "fr", key="clik") == "action inconnue « clik »"
    assert t("errors.unknown_action", "en", key="clik") == "unknown action 'clik'"
    assert t("no.such.key", "fr") == "no.such.key"


def test_render_error_without_location_is_just_the_message() -> None:
    error = InputError("no_scenarios", {"paths": "scenarios"})
    assert render_error(error, "fr") == "aucun scénario trouvé dans scenarios"
    located = InputError("unknown_key", {"key": "x"}, Location(row=4, column="seq"))
    assert render_error(located, "en") == "row 4, column 'seq': unknown key 'x'"
    assert render_error(located, "fr") == "ligne 4, colonne « seq » : clé inconnue « x »".replace(" : ", ": ", 1)
