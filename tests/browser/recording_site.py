"""A four-screen procedure in the DSFR's markup (its stylesheet and scripts from the npm package), to be
recorded by a person: a start link, an identity form (text fields with autocomplete, an e-mail, a code
received by text message, a list, radios in a fieldset) with a server-side error state, an upload, a
summary with a box to tick and the button that sends the request. The site counts what was sent, so
that a test can tell whether the last button was held back. Fake identities only.
"""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.browser.design_systems import dsfr_page

SERVICE = "Demander une aide au transport scolaire"
DEPARTEMENTS = ("Bas-Rhin", "Haut-Rhin", "Vosges")
SITUATIONS = ("Lycéen ou lycéenne", "Étudiant ou étudiante")
FIELDS = (("nom", "Nom de famille", "family-name", "text"), ("prenom", "Prénom", "given-name", "text"),
          ("naissance", "Date de naissance", "bday", "text"), ("courriel", "Adresse électronique", "email", "email"),
          ("code", "Code reçu par SMS", "one-time-code", "text"))


class RecordingSite:
    """Routes under /aide/: the start, /identite (GET, POST), /justificatif, /recapitulatif, /envoyee."""

    def __init__(self) -> None:
        self.sent = 0  # requests that reached the last button's endpoint
        self.answers: dict[str, str] = {}

    def routes(self) -> list[Route]:
        return [Route("/aide/", self.start), Route("/aide/identite", self.identity, methods=["GET", "POST"]),
                Route("/aide/justificatif", self.document, methods=["GET", "POST"]),
                Route("/aide/recapitulatif", self.summary, methods=["GET", "POST"]),
                Route("/aide/envoyee", self.done)]

    def start(self, request: Request) -> Response:
        return HTMLResponse(dsfr_page(SERVICE, (
            f"<h1>{SERVICE}</h1><p>Cette démarche prend 10 minutes. Munissez-vous d'un certificat de scolarité.</p>"
            '<a class="fr-btn" href="/aide/identite">Commencer la demande</a>')))

    async def identity(self, request: Request) -> Response:
        values: dict[str, str] = {}
        errors: dict[str, str] = {}
        if request.method == "POST":
            values = {k: str(v).strip() for k, v in (await request.form()).items()}
            for name, label, _, _ in FIELDS:
                if not values.get(name):
                    errors[name] = f"Renseignez le champ « {label} »"
            if values.get("departement") not in DEPARTEMENTS:
                errors["departement"] = "Choisissez votre département"
            if values.get("situation") not in SITUATIONS:
                errors["situation"] = "Choisissez votre situation"
            if not errors:
                self.answers.update(values)
                return RedirectResponse("/aide/justificatif", 303)
        title = ("Erreur : " if errors else "") + f"Vos informations – {SERVICE}"
        summary = ""
        if errors:
            links = "".join(f'<li><a href="#{k}">{escape(v)}</a></li>' for k, v in errors.items())
            summary = ('<div class="fr-alert fr-alert--error fr-mb-3w" id="erreurs" tabindex="-1" role="alert">'
                       f'<h2 class="fr-alert__title">Le formulaire contient des erreurs</h2><ul>{links}</ul></div>'
                       "<script>document.getElementById('erreurs').focus()</script>")
        return HTMLResponse(dsfr_page(title, f"<h1>Vos informations</h1>{summary}{self._form(values, errors)}"))

    @staticmethod
    def _form(values: dict[str, str], errors: dict[str, str]) -> str:
        def message(key: str) -> str:
            text = f'<p class="fr-message fr-message--error" id="{key}-error">{escape(errors[key])}</p>' if key in errors else ""
            return f'<div class="fr-messages-group" id="{key}-messages" aria-live="polite">{text}</div>'

        inputs = "".join(
            f'<div class="fr-input-group{" fr-input-group--error" if name in errors else ""}">'
            f'<label class="fr-label" for="{name}">{label}</label>'
            f'<input class="fr-input" id="{name}" name="{name}" type="{kind}" autocomplete="{token}" '
            f'aria-describedby="{name}-messages" value="{escape(values.get(name, ""))}">{message(name)}</div>'
            for name, label, token, kind in FIELDS)
        options = "".join(f'<option value="{d}"{" selected" if values.get("departement") == d else ""}>{d}</option>'
                          for d in DEPARTEMENTS)
        radios = "".join(
            f'<div class="fr-fieldset__element"><div class="fr-radio-group"><input type="radio" id="situation-{i}" '
            f'name="situation" value="{s}"{" checked" if values.get("situation") == s else ""}>'
            f'<label class="fr-label" for="situation-{i}">{s}</label></div></div>' for i, s in enumerate(SITUATIONS))
        return (
            '<form method="post" action="/aide/identite" novalidate>'
            '<p class="fr-hint-text">Tous les champs sont obligatoires.</p>'
            f"{inputs}"
            f'<div class="fr-select-group"><label class="fr-label" for="departement">Département</label>'
            f'<select class="fr-select" id="departement" name="departement" aria-describedby="departement-messages">'
            f'<option value="" selected disabled hidden>Sélectionner une option</option>{options}</select>'
            f'{message("departement")}</div>'
            f'<fieldset class="fr-fieldset" id="situation-set" aria-describedby="situation-messages">'
            f'<legend class="fr-fieldset__legend">Votre situation</legend>{radios}{message("situation")}</fieldset>'
            '<button class="fr-btn" type="submit">Continuer</button></form>'
        )

    async def document(self, request: Request) -> Response:
        if request.method == "POST":
            upload = (await request.form()).get("certificat")
            if getattr(upload, "filename", ""):
                return RedirectResponse("/aide/recapitulatif", 303)
        return HTMLResponse(dsfr_page(f"Votre certificat – {SERVICE}", (
            "<h1>Votre certificat de scolarité</h1>"
            '<form method="post" action="/aide/justificatif" enctype="multipart/form-data">'
            '<div class="fr-upload-group"><label class="fr-label" for="certificat">Certificat de scolarité'
            '<span class="fr-hint-text">Format PDF, JPG ou PNG, 5 Mo au plus.</span></label>'
            '<input class="fr-upload" type="file" id="certificat" name="certificat" accept=".pdf,.jpg,.png"></div>'
            '<button class="fr-btn fr-mt-3w" type="submit">Continuer</button></form>')))

    async def summary(self, request: Request) -> Response:
        if request.method == "POST":
            form = await request.form()
            if form.get("attestation") == "oui":
                self.sent += 1
                return RedirectResponse("/aide/envoyee", 303)
        return HTMLResponse(dsfr_page(f"Vérifiez votre demande – {SERVICE}", (
            "<h1>Vérifiez votre demande</h1>"
            f"<p>Nom : {escape(self.answers.get('nom', ''))}</p>"
            '<form method="post" action="/aide/recapitulatif"><div class="fr-checkbox-group">'
            '<input type="checkbox" id="attestation" name="attestation" value="oui">'
            '<label class="fr-label" for="attestation">J\'atteste sur l\'honneur que ces informations sont exactes</label></div>'
            '<button class="fr-btn fr-mt-3w" type="submit">Envoyer ma demande</button></form>')))

    def done(self, request: Request) -> Response:
        return HTMLResponse(dsfr_page(f"Demande envoyée – {SERVICE}", (
            '<h1>Demande envoyée</h1><div class="fr-alert fr-alert--success"><p>Votre numéro de dossier : TS-2026-0042</p></div>')))
