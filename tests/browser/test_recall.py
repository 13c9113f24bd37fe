"""Barriers experts find that a rule engine easily misses, each on a failing and a fixed page built on GOV.UK
Frontend's and the DSFR's own stylesheets: text alternatives that say nothing, links told apart by colour
only, vague links whose paragraph says more than their sentence, and a list that navigates as soon as it
is changed (a finding, where it used to fail the run). Fake identities only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from harness.analysis.procedure_checks import RULES, Confidence, check_procedure
from harness.replay.campaign import Settings, run_campaign
from harness.replay.profiles import PROFILES
from harness.runs.record import Outcome
from harness.scenario.loader import load_scenario
from harness.webserver import BackgroundServer
from tests.browser.design_systems import CorpusSite, dsfr_page, govuk_page

pytestmark = pytest.mark.browser
SYSTEMS = ("govuk", "dsfr")
TEXT = {"govuk": "#0b0c0c", "dsfr": "#3a3a3a"}  # each system's body text colour


def _svg(request: Request) -> Response:
    return Response('<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200"><rect width="320" height="200" '
                    'fill="#1d70b8"/></svg>', media_type="image/svg+xml")


def _images(system: str, fixed: bool) -> str:
    if fixed:
        return ('<p><a href="/"><img src="/img/logo.svg" alt="" width="40" height="40"> Mairie de Bourg-Exemple</a></p>'
                '<figure><img src="/img/demandes-2025.svg" width="320" height="200" alt="Demandes par mois en 2025 : '
                'de 120 en janvier à 310 en juin"><figcaption>Demandes reçues en 2025</figcaption></figure>'
                '<p><img src="/img/guichet.svg" width="320" height="200" alt="Le guichet d\'accueil de la mairie"></p>')
    return ('<p><a href="/"><img src="/img/logo.svg" alt="Mairie de Bourg-Exemple, accueil du site" width="40" height="40">'
            " Mairie de Bourg-Exemple, accueil du site</a></p>"
            '<figure><img src="/img/demandes-2025.svg" width="320" height="200" alt=""><figcaption>Demandes reçues '
            "en 2025</figcaption></figure>"
            '<p><img src="/img/guichet.svg" width="320" height="200" alt="guichet.svg"></p>'
            '<p><img src="/img/puce.svg" width="16" height="16" alt="image"> Pièce d\'identité</p>')


def _links(system: str, fixed: bool) -> str:
    plain = f'style="color:{TEXT[system]};text-decoration:none;background-image:none"'  # looks like the text
    link = "govuk-link" if system == "govuk" else "fr-link"
    if fixed:
        return (f'<p class="{"govuk-body" if system == "govuk" else ""}">Votre demande est examinée sous quinze jours. '
                f'Pour tout savoir sur les délais de traitement des demandes, <a class="{link}" href="/delais">lisez la suite</a>.</p>'
                f'<p>Vous pouvez aussi <a href="/guichet">prendre rendez-vous au guichet de la mairie</a> si vous préférez.</p>')
    return (f'<p class="{"govuk-body" if system == "govuk" else ""}">Votre demande est examinée sous quinze jours. '
            f'Les délais de traitement dépendent du dossier. <a class="{link}" href="/delais">Lire la suite</a></p>'
            f'<p>Vous pouvez aussi <a {plain} href="/guichet">prendre rendez-vous au guichet de la mairie</a> si vous préférez.</p>')


def _navigating_list(system: str, fixed: bool) -> str:
    change = "" if fixed else ' onchange="location.href = \'/choix/\' + this.value"'
    field = ("govuk-select", "govuk-label", "govuk-button") if system == "govuk" else ("fr-select", "fr-label", "fr-btn")
    return (f'<form action="/choix/" method="get"><div class="{"govuk-form-group" if system == "govuk" else "fr-select-group"}">'
            f'<label class="{field[1]}" for="commune">Votre commune</label>'
            f'<select class="{field[0]}" id="commune" name="commune"{change}><option value="">Choisir</option>'
            '<option value="bourg">Bourg-Exemple</option><option value="val">Val-Exemple</option></select></div>'
            f'<button class="{field[2]}" type="submit">Afficher</button></form>')


def _date(system: str, fixed: bool) -> str:
    """A date asked in three fields, its format said once for all three, each system's way."""
    if system == "govuk":
        hint = '<div id="naissance-hint" class="govuk-hint">Par exemple, 27 3 2007</div>' if fixed else ""
        described = ' aria-describedby="naissance-hint"' if fixed else ""
        parts = "".join(f'<div class="govuk-date-input__item"><div class="govuk-form-group"><label class="govuk-label '
                        f'govuk-date-input__label" for="naissance-{p}">{label}</label><input class="govuk-input '
                        f'govuk-date-input__input" id="naissance-{p}" name="naissance-{p}" type="text" inputmode="numeric">'
                        "</div></div>" for p, label in (("jour", "Jour"), ("mois", "Mois"), ("annee", "Année")))
        return (f'<div class="govuk-form-group"><fieldset class="govuk-fieldset" role="group"{described}>'
                '<legend class="govuk-fieldset__legend">Date de naissance</legend>'
                f'{hint}<div class="govuk-date-input" id="naissance">{parts}</div></fieldset></div>')
    hint = '<span class="fr-hint-text">Format attendu : JJ/MM/AAAA</span>' if fixed else ""
    return (f'<div class="fr-input-group"><label class="fr-label" for="naissance">Date de naissance{hint}</label>'
            '<input class="fr-input" id="naissance" name="naissance" type="text"></div>')


PAGES = {"images": _images, "links": _links, "list": _navigating_list, "date": _date}


class RecallSite:
    def page(self, request: Request) -> Response:
        system, kind, version = (request.path_params[k] for k in ("system", "kind", "version"))
        if system not in SYSTEMS or kind not in PAGES or version not in ("fixed", "failing"):
            return HTMLResponse("<title>404</title><h1>Introuvable</h1>", status_code=404)
        body = f"<h1>Démarche d'essai</h1>{PAGES[kind](system, version == 'fixed')}"
        title = f"{kind} ({version}) – Démarche d'essai"
        return HTMLResponse(govuk_page(title, body, lang="fr") if system == "govuk" else dsfr_page(title, body))

    def chosen(self, request: Request) -> Response:
        body = "<h1>Votre commune</h1><p>Les démarches de votre commune.</p>"
        return HTMLResponse(dsfr_page("Votre commune – Démarche d'essai", body))

    def routes(self) -> list[Route]:
        return [Route("/recall/{system}/{kind}/{version}", self.page), Route("/img/{name}", _svg),
                Route("/choix/{rest:path}", self.chosen)]


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with BackgroundServer(CorpusSite().app(RecallSite().routes())) as server:
        yield server.url


def _scenario(system: str, kind: str, version: str) -> str:
    steps = "  - name: Page\n"
    if kind == "list":
        steps += ("    actions:\n      - select: {label: Votre commune, option: Val-Exemple}\n"
                  "      - click: {role: button, name: Afficher}\n  - name: Commune\n")
    return (f"id: {system}-{kind}-{version}\ntitle: {kind}\nprocedure: {system}-{kind}\nversion: {version}\n"
            f"start_url: /recall/{system}/{kind}/{version}\nallowed_hosts: [127.0.0.1]\nsteps:\n{steps}")


@pytest.fixture(scope="module")
def walks(site, browser_session, tmp_path_factory):
    folder = tmp_path_factory.mktemp("recall")
    loaded = []
    for system in SYSTEMS:
        for kind in PAGES:
            for version in ("fixed", "failing"):
                path = folder / f"{system}-{kind}-{version}.yaml"
                path.write_text(_scenario(system, kind, version), encoding="utf-8")
                loaded.append(load_scenario(path))
    records = run_campaign(loaded, [PROFILES["desktop"]], Settings("recall", site, screenshots=False), [], browser_session)
    return {r.scenario.id: r for r in records}


def _found(record) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for result in check_procedure(record):
        found.setdefault(result.rule, []).append(result.variant or result.element)
    return found


@pytest.mark.parametrize("system", SYSTEMS)
def test_text_alternatives_that_say_nothing_are_found_for_a_person_to_confirm(walks, system) -> None:
    failing, fixed = _found(walks[f"{system}-images-failing"]), _found(walks[f"{system}-images-fixed"])
    assert sorted(failing.get("image-alt-suspicious", [])) == ["empty_with_caption", "file_name", "generic_word", "repeats_text"]
    assert "image-alt-suspicious" not in fixed
    check = RULES["image-alt-suspicious"]
    assert check.wcag == ("1.1.1",) and check.rgaa == ("1.3",) and check.confidence is Confidence.TO_CONFIRM


@pytest.mark.parametrize("system", SYSTEMS)
def test_links_told_by_colour_alone_and_vague_links_with_only_their_sentence_are_found(walks, system) -> None:
    failing, fixed = _found(walks[f"{system}-links-failing"]), _found(walks[f"{system}-links-fixed"])
    assert failing.get("link-colour-only") == ["prendre rendez-vous au guichet de la mairie"]
    assert failing.get("link-text-unclear") == ["Lire la suite"]  # the paragraph says more; its sentence does not
    assert "link-colour-only" not in fixed and "link-text-unclear" not in fixed
    assert RULES["link-colour-only"].wcag == ("1.4.1",) and RULES["link-colour-only"].confidence is Confidence.ESTABLISHED


@pytest.mark.parametrize("system", SYSTEMS)
def test_a_list_that_navigates_when_changed_is_a_finding_and_the_run_goes_on(walks, system) -> None:
    failing, fixed = walks[f"{system}-list-failing"], walks[f"{system}-list-fixed"]
    assert failing.outcome is Outcome.PASSED and fixed.outcome is Outcome.PASSED, (failing.failure, fixed.failure)
    assert [a.navigated for a in failing.steps[0].actions] == [True]  # the button was never needed
    assert len(_found(failing).get("change-of-context-on-input", [])) == 1
    assert "change-of-context-on-input" not in _found(fixed)
    assert failing.steps[1].headings[:1] == ["Votre commune"]


def test_expert_readings_are_tagged_focus_taken_away_fails_3_2_1_and_unlabelled_fields_3_3_2() -> None:
    from harness.analysis.findings import ALSO_FAILS

    assert "3.2.1" in RULES["focus-removed"].wcag
    assert "3.3.2" in RULES["choices-not-grouped"].wcag
    assert ALSO_FAILS["label"] == ("3.3.2",) and ALSO_FAILS["select-name"] == ("3.3.2",)


@pytest.mark.parametrize("system", SYSTEMS)
def test_a_format_hint_on_the_question_or_in_the_label_is_help_for_its_fields(walks, system) -> None:
    from harness.analysis.metrics import compute_metrics

    assert compute_metrics(walks[f"{system}-date-fixed"], None)["field_help"].value == 1.0
    assert compute_metrics(walks[f"{system}-date-failing"], None)["field_help"].value == 0.0
