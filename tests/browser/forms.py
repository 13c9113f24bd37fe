"""A one-question-per-screen procedure in GOV.UK and DSFR markup, each in a fixed and a failing version.

The fixed versions follow the design systems' own patterns (error summary,
error message classes tied to their fields, fieldsets, hints, titles that say
"Error"); each failing version keeps the look and drops what assistive
technologies rely on: untied messages, unchanged titles, no announcement, lost
values, unexplained asterisks, ungrouped radios, vague links, fake headings,
skipped heading levels and a table without headers. Fake identities only.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

# Words of each design system's pages, in its own language.
WORDS = {
    "govuk": {
        "lang": "en", "service": "Apply for a parking permit", "name": "Full name", "postcode": "Postcode",
        "contact": "How should we contact you?", "email": "Email", "post": "Post", "continue": "Continue",
        "problem": "There is a problem", "missing": "Enter your postcode", "error": "Error: ",
        "question": "Your details", "check": "Check your answers", "more": "Read more", "guidance": "Read the guidance on parking permits",
        "hint": "For example, SW1A 1AA", "fees": "Fees", "kind": "Permit", "price": "Price",
        "required_note": "",
    },
    "dsfr": {
        "lang": "fr", "service": "Demander une carte de stationnement", "name": "Nom", "postcode": "Code postal",
        "contact": "Comment souhaitez-vous être contacté ?", "email": "Courriel", "post": "Courrier", "continue": "Continuer",
        "problem": "Le formulaire contient une erreur", "missing": "Saisissez votre code postal", "error": "Erreur : ",
        "question": "Vos coordonnées", "check": "Vérifiez vos réponses", "more": "En savoir plus",
        "guidance": "Consulter la notice de la carte de stationnement", "hint": "Par exemple : 68000",
        "fees": "Tarifs", "kind": "Carte", "price": "Prix",
        "required_note": "Sauf mention contraire, tous les champs sont obligatoires.",
    },
}


def page(system: str, title: str, body: str, script: str = "") -> HTMLResponse:
    lang = WORDS[system]["lang"]
    return HTMLResponse(
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
        "<style>.bad-error{border:2px solid #d4351c}.big{font-size:1.6em;font-weight:bold;display:block}</style>"
        f'</head><body><header><a href="#main">{"Aller au contenu" if lang == "fr" else "Skip to content"}</a></header>'
        f'<main id="main">{body}</main>{script}</body></html>'
    )


@dataclass
class FormsSite:
    """Routes: /{system}/{fixed|failing}/ — the question, its error state, and the check page."""

    def question(self, request: Request) -> Response:
        system, version = request.path_params["system"], request.path_params["version"]
        return self._question(system, version, {}, error=False)

    async def answer(self, request: Request) -> Response:
        system, version = request.path_params["system"], request.path_params["version"]
        form = await request.form()
        values = {k: str(v) for k, v in form.items()}
        if not values.get("postcode", "").strip():  # server-side validation, as real services do
            return self._question(system, version, values, error=True)
        return RedirectResponse(f"/{system}/{version}/check", 303)

    def check(self, request: Request) -> Response:
        system, version = request.path_params["system"], request.path_params["version"]
        w = WORDS[system]
        title = f"{w['check']} – {w['service']}" if version == "fixed" else w["service"]
        return page(system, title, f"<h1>{w['check']}</h1>")

    def _question(self, system: str, version: str, values: dict[str, str], error: bool) -> Response:
        w = WORDS[system]
        fixed = version == "fixed"
        title = f"{w['question']} – {w['service']}"
        if fixed and error:
            title = w["error"] + title
        if not fixed:
            title = w["service"]  # the same title on every screen, errors or not
        name = escape(values.get("name", "")) if fixed else ""  # the failing version forgets what was typed
        body = (self._fixed if fixed else self._failing)[system](self, w, name, error)
        script = ""
        if fixed and error:  # what govuk-frontend and the DSFR do: focus moves to the error summary
            script = "<script>const s = document.getElementById('error-summary'); s.focus();</script>"
        return page(system, title, body, script)

    # -- the fixed versions, as the design systems write them ----------------------

    def _govuk_fixed(self, w: dict[str, str], name: str, error: bool) -> str:
        summary = (
            '<div class="govuk-error-summary" id="error-summary" tabindex="-1" data-module="govuk-error-summary">'
            f'<div role="alert"><h2 class="govuk-error-summary__title">{w["problem"]}</h2>'
            '<div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">'
            f'<li><a href="#postcode">{w["missing"]}</a></li></ul></div></div></div>'
        ) if error else ""
        group_error = " govuk-form-group--error" if error else ""
        message = (f'<p id="postcode-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> '
                   f'{w["missing"]}</p>') if error else ""
        described = "postcode-hint postcode-error" if error else "postcode-hint"
        return (
            f'{summary}<h1 class="govuk-heading-l">{w["question"]}</h1>'
            '<form method="post" novalidate>'
            f'<div class="govuk-form-group"><label class="govuk-label" for="name">{w["name"]}</label>'
            f'<input class="govuk-input" id="name" name="name" type="text" autocomplete="name" value="{name}"></div>'
            f'<div class="govuk-form-group{group_error}"><label class="govuk-label" for="postcode">{w["postcode"]}</label>'
            f'<div id="postcode-hint" class="govuk-hint">{w["hint"]}</div>{message}'
            f'<input class="govuk-input{" govuk-input--error" if error else ""}" id="postcode" name="postcode" type="text"'
            f' autocomplete="postal-code" aria-describedby="{described}"></div>'
            f'<div class="govuk-form-group"><fieldset class="govuk-fieldset"><legend class="govuk-fieldset__legend">{w["contact"]}</legend>'
            '<div class="govuk-radios" data-module="govuk-radios">'
            f'<div class="govuk-radios__item"><input class="govuk-radios__input" id="contact" name="contact" type="radio" value="email">'
            f'<label class="govuk-label govuk-radios__label" for="contact">{w["email"]}</label></div>'
            f'<div class="govuk-radios__item"><input class="govuk-radios__input" id="contact-2" name="contact" type="radio" value="post">'
            f'<label class="govuk-label govuk-radios__label" for="contact-2">{w["post"]}</label></div></div></fieldset></div>'
            f'<button type="submit" class="govuk-button" data-module="govuk-button">{w["continue"]}</button></form>'
            f'<h2 class="govuk-heading-m">{w["fees"]}</h2>'
            f'<table class="govuk-table"><caption class="govuk-table__caption">{w["fees"]}</caption>'
            f'<thead><tr><th scope="col">{w["kind"]}</th><th scope="col">{w["price"]}</th></tr></thead>'
            "<tbody><tr><td>A</td><td>10</td></tr><tr><td>B</td><td>20</td></tr></tbody></table>"
            f'<p><a href="/guidance">{w["guidance"]}</a></p>'
        )

    def _dsfr_fixed(self, w: dict[str, str], name: str, error: bool) -> str:
        summary = (
            '<div class="fr-alert fr-alert--error" id="error-summary" tabindex="-1" role="alert">'
            f'<h2 class="fr-alert__title">{w["problem"]}</h2><ul><li><a href="#postcode">{w["missing"]}</a></li></ul></div>'
        ) if error else ""
        group_error = " fr-input-group--error" if error else ""
        message = f'<p id="postcode-desc-error" class="fr-error-text">{w["missing"]}</p>' if error else ""
        described = "postcode-hint postcode-desc-error" if error else "postcode-hint"
        return (
            f'{summary}<h1>{w["question"]}</h1><p class="fr-hint-text">{w["required_note"]}</p>'
            '<form method="post" novalidate>'
            f'<div class="fr-input-group"><label class="fr-label" for="name">{w["name"]}</label>'
            f'<input class="fr-input" id="name" name="name" type="text" autocomplete="family-name" value="{name}"></div>'
            f'<div class="fr-input-group{group_error}"><label class="fr-label" for="postcode">{w["postcode"]}'
            f'<span class="fr-hint-text" id="postcode-hint">{w["hint"]}</span></label>'
            f'<input class="fr-input{" fr-input--error" if error else ""}" id="postcode" name="postcode" type="text"'
            f' autocomplete="postal-code" aria-describedby="{described}">{message}</div>'
            f'<fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">{w["contact"]}</legend>'
            f'<div class="fr-fieldset__element"><div class="fr-radio-group"><input type="radio" id="contact-1" name="contact" value="email">'
            f'<label class="fr-label" for="contact-1">{w["email"]}</label></div></div>'
            f'<div class="fr-fieldset__element"><div class="fr-radio-group"><input type="radio" id="contact-2" name="contact" value="post">'
            f'<label class="fr-label" for="contact-2">{w["post"]}</label></div></div></fieldset>'
            f'<button class="fr-btn" type="submit">{w["continue"]}</button></form>'
            f'<h2>{w["fees"]}</h2><div class="fr-table"><table><caption>{w["fees"]}</caption>'
            f'<thead><tr><th scope="col">{w["kind"]}</th><th scope="col">{w["price"]}</th></tr></thead>'
            "<tbody><tr><td>A</td><td>10</td></tr><tr><td>B</td><td>20</td></tr></tbody></table></div>"
            f'<p><a href="/notice">{w["guidance"]}</a></p>'
        )

    # -- the failing versions: the same look, what assistive technologies need gone --

    def _failing_markup(self, w: dict[str, str], name: str, error: bool) -> str:
        message = f'<span class="error-message">{w["missing"]}</span>' if error else ""  # next to the field, tied to nothing
        return (
            f'<h1>{w["question"]}</h1>'
            '<form method="post" novalidate>'
            f'<div class="form-group"><label for="name">{w["name"]} *</label>'
            f'<input id="name" name="name" type="text" value="{name}"></div>'
            f'<div class="form-group"><label for="postcode">{w["postcode"]} *</label>'
            f'<input id="postcode" name="postcode" type="text" class="{"bad-error" if error else ""}">{message}</div>'
            f'<p class="big">{w["contact"]}</p>'  # a question styled as a heading, grouping nothing
            f'<input type="radio" id="contact-1" name="contact" value="email"><label for="contact-1">{w["email"]}</label>'
            f'<input type="radio" id="contact-2" name="contact" value="post"><label for="contact-2">{w["post"]}</label>'
            f'<p><button type="submit">{w["continue"]}</button></p></form>'
            f'<h3>{w["fees"]}</h3>'  # h1 then h3
            f"<table><tr><td><strong>{w['kind']}</strong></td><td><strong>{w['price']}</strong></td></tr><tr><td>A</td><td>10</td></tr>"
            "<tr><td>B</td><td>20</td></tr></table>"
            f'<ul><li><a href="/guidance">{w["more"]}</a></li></ul>'
            f'<form role="search"><input type="search" name="q" placeholder="{w["postcode"]}"></form>'
        )

    _fixed = {"govuk": _govuk_fixed, "dsfr": _dsfr_fixed}
    _failing = {"govuk": _failing_markup, "dsfr": _failing_markup}

    def app(self) -> Starlette:
        return Starlette(routes=[
            Route("/{system}/{version}/", self.question, methods=["GET"]),
            Route("/{system}/{version}/", self.answer, methods=["POST"]),
            Route("/{system}/{version}/check", self.check),
        ])


def scenario(system: str, version: str, base: str) -> str:
    """The walk a person makes: a name, no postcode, continue; the error; the postcode, continue."""
    w = WORDS[system]
    return f"""
id: {system}-{version}
title: {w['service']}
procedure: {system}-formulaire
version: {version}
start_url: {base}/{system}/{version}/
steps:
  - name: {w['question']}
    actions:
      - fill: {{label: {w['name']}, value: Exemple}}
      - click: {{role: button, name: {w['continue']}}}
  - name: {w['question']} — erreur
    expect:
      - field_error: {{label: {w['postcode']}, message: "{w['missing']}"}}
    actions:
      - fill: {{label: {w['postcode']}, value: "68999"}}
      - check: {{label: {w['email']}}}
      - click: {{role: button, name: {w['continue']}}}
  - name: {w['check']}
    expect:
      - heading: {w['check']}
"""
