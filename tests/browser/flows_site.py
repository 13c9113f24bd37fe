"""A one-question procedure built from GOV.UK Frontend's and the DSFR's component markup, with their real
stylesheets and scripts: question → server-side error → confirmation, in English (GOV.UK) and French (DSFR).

`correct` follows each design system's error pattern (an error summary or alert that takes the focus and
links to the fields, messages tied to their fields — through the fieldset for radios —, "Error:" in the
title, the values kept) and ends on its confirmation component (GOV.UK's panel, the DSFR's success alert).
Each broken copy drops one thing and keeps the look:
- `untied`: the messages are tied to nothing;
- `no-summary`: no summary or alert, the title unchanged, nothing announced;
- `colour-only`: no message and no error markup at all: red borders and a red "correct the fields in red";
- `focus-left`: the check runs in the page, which redraws the form without moving the focus.
Fake identities only.
"""

from __future__ import annotations

import json
from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.browser.design_systems import dsfr_page, govuk_page

VARIANTS = ("correct", "untied", "no-summary", "colour-only", "focus-left")
WORDS = {
    "govuk": {"lang": "en", "service": "Apply for a blue badge", "question": "Your details", "name": "Full name",
              "contact": "How should we contact you?", "email": "Email", "post": "Post", "continue": "Continue",
              "problem": "There is a problem", "missing_name": "Enter your full name",
              "missing_contact": "Select how we should contact you", "error": "Error: ",
              "done": "Application complete", "reference": "Your reference number", "red": "Please correct the fields in red"},
    "dsfr": {"lang": "fr", "service": "Demander une carte de stationnement", "question": "Vos coordonnées",
             "name": "Nom et prénom", "contact": "Comment souhaitez-vous être contacté ?", "email": "Courriel",
             "post": "Courrier", "continue": "Continuer", "problem": "Le formulaire contient des erreurs",
             "missing_name": "Saisissez votre nom et votre prénom", "missing_contact": "Choisissez comment être contacté",
             "error": "Erreur : ", "done": "Demande envoyée", "reference": "Votre numéro de dossier",
             "red": "Corrigez les champs en rouge"},
}
RED = "#ce0500"


class FlowsSite:
    """Routes: /flow/{system}/{variant}/ (GET the question, POST the answers) and …/done."""

    def routes(self) -> list[Route]:
        return [Route("/flow/{system}/{variant}/", self.question, methods=["GET", "POST"]),
                Route("/flow/{system}/{variant}/done", self.done)]

    async def question(self, request: Request) -> Response:
        system, variant = request.path_params["system"], request.path_params["variant"]
        if system not in WORDS or variant not in VARIANTS:
            return HTMLResponse("<title>404</title><h1>Not found</h1>", status_code=404)
        values: dict[str, str] = {}
        errors: dict[str, str] = {}
        if request.method == "POST":
            values = {k: str(v) for k, v in (await request.form()).items()}
            w = WORDS[system]
            if not values.get("name", "").strip():
                errors["name"] = w["missing_name"]
            if values.get("contact") not in ("email", "post"):
                errors["contact"] = w["missing_contact"]
            if not errors:
                return RedirectResponse(f"/flow/{system}/{variant}/done", 303)
        return HTMLResponse(self._question(system, variant, values, errors))

    def done(self, request: Request) -> Response:
        system = request.path_params["system"]
        w = WORDS.get(system)
        if w is None:
            return HTMLResponse("<title>404</title><h1>Not found</h1>", status_code=404)
        title = f"{w['done']} – {w['service']}"
        if system == "govuk":
            return HTMLResponse(govuk_page(title, (
                '<div class="govuk-panel govuk-panel--confirmation">'
                f'<h1 class="govuk-panel__title">{w["done"]}</h1>'
                f'<div class="govuk-panel__body">{w["reference"]}<br><strong>HDJ2123F</strong></div></div>'
                '<p class="govuk-body">We have sent you a confirmation email.</p>')))
        return HTMLResponse(dsfr_page(title, (
            f'<h1>{w["done"]}</h1><div class="fr-alert fr-alert--success fr-mb-3w">'
            f'<h2 class="fr-alert__title">{w["reference"]} : HDJ2123F</h2>'
            "<p>Un courriel de confirmation vous a été envoyé.</p></div>")))

    def _question(self, system: str, variant: str, values: dict[str, str], errors: dict[str, str]) -> str:
        w = WORDS[system]
        shown = errors and variant != "colour-only"  # messages by the fields
        summary = errors and variant in ("correct", "untied")
        red = bool(errors) and variant == "colour-only"
        title = f"{w['question']} – {w['service']}"
        if errors and variant in ("correct", "untied"):
            title = w["error"] + title
        form = (self._govuk_form if system == "govuk" else self._dsfr_form)(w, values, errors if shown else {},
                                                                           tied=variant != "untied", red=red)
        script = ""
        if variant == "focus-left":  # checked in the page: the form is redrawn, the focus goes nowhere
            script = self._client_check(system, w)
        if system == "govuk":
            top = self._govuk_summary(w, errors) if summary else ""
            return govuk_page(title, f'<h1 class="govuk-heading-l">{w["question"]}</h1>{top}{form}', after=script)
        top = self._dsfr_summary(w, errors) if summary else ""
        return dsfr_page(title, f"<h1>{w['question']}</h1>{top}{form}", script)

    # -- GOV.UK Frontend ----------------------------------------------------

    @staticmethod
    def _govuk_summary(w: dict[str, str], errors: dict[str, str]) -> str:
        links = "".join(f'<li><a href="#{"name" if key == "name" else "contact"}">{escape(text)}</a></li>'
                        for key, text in errors.items())
        return ('<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert">'
                f'<h2 class="govuk-error-summary__title">{w["problem"]}</h2><div class="govuk-error-summary__body">'
                f'<ul class="govuk-list govuk-error-summary__list">{links}</ul></div></div></div>')

    @staticmethod
    def _govuk_form(w: dict[str, str], values: dict[str, str], errors: dict[str, str], tied: bool, red: bool) -> str:
        def message(key: str) -> str:
            if key not in errors:
                return ""
            return (f'<p id="{key}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> '
                    f"{escape(errors[key])}</p>")

        described = lambda key: f' aria-describedby="{key}-error"' if key in errors and tied else ""  # noqa: E731
        group = lambda key: " govuk-form-group--error" if key in errors else ""  # noqa: E731
        border = f' style="border-color:{RED}"' if red else ""
        radios = "".join(
            f'<div class="govuk-radios__item"><input class="govuk-radios__input" id="{"contact" if i == 0 else f"contact-{i + 1}"}" '
            f'name="contact" type="radio" value="{value}"{" checked" if values.get("contact") == value else ""}>'
            f'<label class="govuk-label govuk-radios__label" for="{"contact" if i == 0 else f"contact-{i + 1}"}">{w[value]}</label></div>'
            for i, value in enumerate(("email", "post")))
        note = f'<p class="govuk-body" style="color:{RED}">{w["red"]}</p>' if red else ""
        return (
            f'<form method="post" novalidate>{note}<div class="govuk-form-group{group("name")}">'
            f'<label class="govuk-label" for="name">{w["name"]}</label>{message("name")}'
            f'<input class="govuk-input" id="name" name="name" type="text" autocomplete="name"{border}'
            f'{described("name")} value="{escape(values.get("name", ""))}"></div>'
            f'<div class="govuk-form-group{group("contact")}"><fieldset class="govuk-fieldset"{described("contact")}>'
            f'<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{w["contact"]}</legend>{message("contact")}'
            f'<div class="govuk-radios" data-module="govuk-radios">{radios}</div></fieldset></div>'
            f'<button type="submit" class="govuk-button" data-module="govuk-button">{w["continue"]}</button></form>'
        )

    # -- DSFR ---------------------------------------------------------------

    @staticmethod
    def _dsfr_summary(w: dict[str, str], errors: dict[str, str]) -> str:
        links = "".join(f'<li><a href="#{key}">{escape(text)}</a></li>' for key, text in errors.items())
        return ('<div class="fr-alert fr-alert--error fr-mb-3w" id="erreurs" tabindex="-1" role="alert">'
                f'<h2 class="fr-alert__title">{w["problem"]}</h2><ul>{links}</ul></div>'
                "<script>document.getElementById('erreurs').focus()</script>")

    @staticmethod
    def _dsfr_form(w: dict[str, str], values: dict[str, str], errors: dict[str, str], tied: bool, red: bool) -> str:
        def message(key: str) -> str:
            text = f'<p class="fr-message fr-message--error" id="{key}-message-error">{escape(errors[key])}</p>' if key in errors else ""
            return f'<div class="fr-messages-group" id="{key}-messages" aria-live="polite">{text}</div>'

        described = lambda key: f' aria-describedby="{key}-messages"' if tied else ""  # noqa: E731
        border = f' style="box-shadow: inset 0 -2px 0 0 {RED}"' if red else ""
        name_error = " fr-input-group--error" if "name" in errors else ""
        contact_error = " fr-fieldset--error" if "contact" in errors else ""
        radios = "".join(
            f'<div class="fr-fieldset__element"><div class="fr-radio-group"><input type="radio" id="contact-{value}" '
            f'name="contact" value="{value}"{" checked" if values.get("contact") == value else ""}>'
            f'<label class="fr-label" for="contact-{value}">{w[value]}</label></div></div>'
            for value in ("email", "post"))
        note = f'<p style="color:{RED}">{w["red"]}</p>' if red else ""
        return (
            f'<form method="post" novalidate>{note}<p class="fr-hint-text">Sauf mention contraire, tous les champs sont obligatoires.</p>'
            f'<div class="fr-input-group{name_error}"><label class="fr-label" for="name">{w["name"]}</label>'
            f'<input class="fr-input" id="name" name="name" type="text" autocomplete="name"{border}{described("name")} '
            f'value="{escape(values.get("name", ""))}">{message("name")}</div>'
            f'<fieldset class="fr-fieldset{contact_error}" id="contact-set"{described("contact")}>'
            f'<legend class="fr-fieldset__legend">{w["contact"]}</legend>{radios}'
            f'{message("contact")}</fieldset>'
            f'<button class="fr-btn" type="submit">{w["continue"]}</button></form>'
        )

    # -- checked in the page --------------------------------------------------

    def _client_check(self, system: str, w: dict[str, str]) -> str:
        """On send with a field empty: the form is drawn again, with its messages, and the focus is left to fall."""
        form = (self._govuk_form if system == "govuk" else self._dsfr_form)(
            w, {}, {"name": w["missing_name"], "contact": w["missing_contact"]}, tied=True, red=False)
        literal = json.dumps(form).replace("</", "<\\/")  # a JavaScript string that cannot close the script
        return (
            "<script>document.addEventListener('submit', (event) => {"
            "const form = event.target; const data = new FormData(form);"
            "if (data.get('name') && data.get('contact')) return;"
            "event.preventDefault(); const box = document.createElement('div');"
            f"box.innerHTML = {literal}; form.replaceWith(box.firstElementChild);"
            "}, true);</script>"
        )
