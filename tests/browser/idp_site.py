"""A procedure behind a sign-in through an identity provider on another host, as with
FranceConnect-style services (fake accounts only).

The service is reached as http://127.0.0.1:PORT, the identity provider as http://localhost:PORT
(one server, two host names, so two sets of cookies). Signing in: the service's "Se connecter"
link leads to the provider's form; the provider checks the account, keeps a session cookie of its
own and sends the browser back to the service with a one-time code; the service turns it into its
session cookie. Every page of the procedure needs that cookie, else it sends to the sign-in page.
The app counts sign-ins, so a test can tell signing in once from signing in for each scenario."""

from __future__ import annotations

import secrets
from html import escape

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

ACCOUNT = {"login": "usager.test-117@example.org", "password": "Idp-Test-Pa55!2026"}  # fake, for tests only


def page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)} - Mes démarches</title>'
        f'</head><body><header><p>Mes démarches</p></header><main id="contenu"><h1>{escape(title)}</h1>{body}</main></body></html>'
    )


def create_app() -> Starlette:
    codes: dict[str, str] = {}  # one-time code → account
    sessions: set[str] = set()
    app = Starlette()
    app.state.sign_ins = 0

    def port(request: Request) -> int:
        return request.url.port or 80

    def signed_in(request: Request) -> bool:
        return request.cookies.get("session") in sessions

    async def sign_in_page(request: Request) -> Response:
        provider = f"http://localhost:{port(request)}/fournisseur/connexion"
        return page("Connexion", f'<p><a href="{provider}">Se connecter avec son compte</a></p>')

    async def provider(request: Request) -> Response:
        if request.url.hostname != "localhost":
            return page("Introuvable", "<p>Page introuvable.</p>")
        if request.method == "POST":
            form = await request.form()
            if form.get("identifiant") != ACCOUNT["login"] or form.get("mot_de_passe") != ACCOUNT["password"]:
                return page("Connexion impossible", "<p>L'identifiant ou le mot de passe est incorrect.</p>")
            app.state.sign_ins += 1
            code = secrets.token_urlsafe(8)
            codes[code] = ACCOUNT["login"]
            response = RedirectResponse(f"http://127.0.0.1:{port(request)}/retour?code={code}", status_code=303)
            response.set_cookie("fournisseur", secrets.token_urlsafe(8), httponly=True)
            return response
        return page("Identifiez-vous", (
            '<form method="post">'
            '<p><label for="id">Identifiant</label><br><input id="id" name="identifiant" autocomplete="username"></p>'
            '<p><label for="mdp">Mot de passe</label><br><input id="mdp" name="mot_de_passe" type="password" '
            'autocomplete="current-password"></p><button>Valider</button></form>'
        ))

    async def back(request: Request) -> Response:
        if codes.pop(request.query_params.get("code", ""), None) is None:
            return RedirectResponse("/connexion", status_code=303)
        session = secrets.token_urlsafe(12)
        sessions.add(session)
        response = RedirectResponse("/espace", status_code=303)
        response.set_cookie("session", session, httponly=True)
        return response

    def behind_sign_in(title: str, body: str):  # noqa: ANN202
        async def endpoint(request: Request) -> Response:
            if not signed_in(request):
                return RedirectResponse("/connexion", status_code=303)
            return page(title, body)
        return endpoint

    app.router.routes.extend([
        Route("/connexion", sign_in_page),
        Route("/fournisseur/connexion", provider, methods=["GET", "POST"]),
        Route("/retour", back),
        Route("/espace", behind_sign_in("Votre espace", '<p><a href="/attestation">Demander une attestation</a></p>')),
        Route("/attestation", behind_sign_in("Demande d'attestation", (
            '<form action="/attestation/envoyee"><p><label for="motif">Motif de la demande</label><br>'
            '<input id="motif" name="motif"></p><button>Continuer</button></form>'
        ))),
        Route("/attestation/envoyee", behind_sign_in("Demande enregistrée", "<p>Votre demande est enregistrée.</p>")),
        Route("/adresse", behind_sign_in("Changement d'adresse", "<p>Indiquez votre nouvelle adresse.</p>")),
    ])
    return app
