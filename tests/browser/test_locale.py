"""Replays browse as the service's public does: in French, on Paris time, unless the scenario or the campaign says otherwise."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from harness.errors import InputError
from harness.webserver import BackgroundServer

pytestmark = pytest.mark.browser


async def echo(request: Request) -> HTMLResponse:
    """The header as the server received it, and what the page's script reads of the browser."""
    header = request.headers.get("accept-language", "(aucun)")
    return HTMLResponse(
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Langue</title></head><body><main>'
        f'<h1>Langue du navigateur</h1><p id="entete">En-tête : {header}</p><p id="script"></p>'
        "<script>document.getElementById('script').textContent = 'Script : ' + navigator.language + ' '"
        " + Intl.DateTimeFormat().resolvedOptions().timeZone;</script></main></body></html>"
    )


def _scenario(base: str, extra: str = "") -> str:
    return f"""
id: langue
title: Langue du navigateur
procedure: langue
version: v1
start_url: {base}/
{extra}
steps:
  - name: Écho
    expect:
      - heading: Langue du navigateur
"""


def _replay(browser_session, tmp_path, text: str, **settings: str):  # noqa: ANN001, ANN202
    from harness.replay.campaign import Settings, run_campaign
    from harness.replay.profiles import PROFILES
    from harness.scenario.loader import load_scenario

    path = tmp_path / "langue.yaml"
    path.write_text(text, encoding="utf-8")
    [record] = run_campaign([load_scenario(path)], [PROFILES["desktop"]], Settings("langue", None, **settings), [],
                            browser_session)
    return record


@pytest.fixture(scope="module")
def site():
    with BackgroundServer(Starlette(routes=[Route("/", echo)])) as server:
        yield server


def test_a_replay_browses_in_french_on_paris_time_by_default(site, browser_session, tmp_path) -> None:
    record = _replay(browser_session, tmp_path, _scenario(site.url))
    text = record.steps[0].text
    assert "En-tête : fr-FR" in text  # the header the server received starts with fr-FR
    assert "Script : fr-FR Europe/Paris" in text
    assert (record.locale, record.timezone) == ("fr-FR", "Europe/Paris")


def test_the_scenario_names_its_public_s_language_and_wins_over_the_campaign(site, browser_session, tmp_path) -> None:
    scenario = _scenario(site.url, "locale: en-GB\ntimezone: Europe/London")
    record = _replay(browser_session, tmp_path, scenario, locale="de-DE", timezone="Indian/Reunion")
    assert "En-tête : en-GB" in record.steps[0].text and "Script : en-GB Europe/London" in record.steps[0].text
    campaign_wide = _replay(browser_session, tmp_path, _scenario(site.url), locale="en-GB", timezone="Indian/Reunion")
    assert "Script : en-GB Indian/Reunion" in campaign_wide.steps[0].text


def test_a_bad_locale_or_time_zone_is_refused_before_any_browser_starts(tmp_path) -> None:
    from harness.replay.campaign import check_settings
    from harness.scenario.loader import load_all

    with pytest.raises(InputError) as caught:
        check_settings("c", 10, locale="french")
    assert caught.value.code == "bad_locale" and caught.value.location.field == "--locale"
    with pytest.raises(InputError) as caught:
        check_settings("c", 10, timezone="Europe/Lutece")
    assert caught.value.code == "bad_timezone"
    path = tmp_path / "mauvais.yaml"
    path.write_text(_scenario("http://127.0.0.1:9", "locale: Français\ntimezone: Paris"), encoding="utf-8")
    _, problems = load_all([path])
    found = {(p.code, p.location.line) for p in problems}
    assert ("bad_locale", 7) in found and ("bad_timezone", 8) in found, found  # lines of the file
