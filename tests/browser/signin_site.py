"""A sign-in page as many procedures have one (fake accounts only): an identifier, a password with a
"show the password" box that turns it into plain text, and a personal space that greets the user by
their identifier, as real sites echo it."""

from __future__ import annotations

from html import escape

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

ACCOUNT = {"login": "usager.test-042@example.org", "password": 'S3cret"Pa\\ss-2026!'}  # fake, for tests only
# A password whose encodings differ from it: spaces, "@", "&", "<", an accent (fake, for tests only).
GET_ACCOUNT = {"login": "usager.test-043@example.org", "password": "p@ss wörd&<2026> ~x"}

SHOW = "document.getElementById('mdp').type = this.checked ? 'text' : 'password'"


def page(title: str, body: str, script: str = "") -> HTMLResponse:
    return HTMLResponse(
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title} - Mon compte</title></head>'
        f'<body><header><p>Mon compte</p></header><main id="contenu"><h1>{title}</h1>{body}</main>{script}</body></html>'
    )


async def sign_in(request: Request) -> Response:
    if request.method == "POST":
        form = await request.form()
        if form.get("identifiant") == ACCOUNT["login"] and form.get("mot_de_passe") == ACCOUNT["password"]:
            return page("Votre espace", f"<p>Bonjour {escape(str(form['identifiant']))}, vous êtes connecté.</p>")
        return page("Connexion impossible", "<p>L'identifiant ou le mot de passe est incorrect.</p>")
    return page("Connexion", (
        '<form method="post" action="/connexion">'
        '<p><label for="id">Identifiant</label><br><input id="id" name="identifiant" autocomplete="username"></p>'
        '<p><label for="mdp">Mot de passe</label><br><input id="mdp" name="mot_de_passe" type="password" '
        'autocomplete="current-password"></p>'
        '<p><input type="checkbox" id="voir"><label for="voir">Afficher le mot de passe</label></p>'
        '<button>Se connecter</button></form>'
    ), '<script>document.getElementById("voir").addEventListener("change", function () {' + SHOW + '});</script>')


async def sign_in_by_get(request: Request) -> Response:
    """A form sent by GET, as some old procedures do: the password travels in the address, percent-encoded."""
    return page("Connexion", (
        '<form method="get" action="/espace">'
        '<p><label for="id">Identifiant</label><br><input id="id" name="identifiant" autocomplete="username"></p>'
        '<p><label for="mdp">Mot de passe</label><br><input id="mdp" name="mot_de_passe" type="password"></p>'
        '<button>Se connecter</button></form>'))


async def space(request: Request) -> Response:
    """Echoes both values HTML-escaped, one on a background axe cannot judge (a gradient): its HTML goes
    into the run's "needs review" results."""
    login, password = request.query_params.get("identifiant", ""), request.query_params.get("mot_de_passe", "")
    if (login, password) != (GET_ACCOUNT["login"], GET_ACCOUNT["password"]):
        return page("Connexion impossible", "<p>L'identifiant ou le mot de passe est incorrect.</p>")
    return page("Votre espace", f'<p>Bonjour {escape(login)}.</p><p style="background: linear-gradient(#777, #fff); '
                                f'color: #555" title="{escape(password)}">Votre mot de passe : {escape(password)}</p>')


def create_app() -> Starlette:
    return Starlette(routes=[Route("/connexion", sign_in, methods=["GET", "POST"]),
                             Route("/connexion-get", sign_in_by_get), Route("/espace", space)])
