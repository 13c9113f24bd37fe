"""A short procedure in plain French with one field that has no label (fake data only).

Every screen is written in short sentences of everyday words, so its reading ease is good: a
plain-language recommendation would be wrong here. The one barrier is the phone number field,
which shows its question as text beside it but has no label tied to it.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

PLAIN = (
    "<p>Vous avez une carte de bus. Elle est perdue ou cassée. Vous pouvez en avoir une autre. "
    "Cela prend cinq minutes. Vous avez besoin de votre nom. Vous avez besoin de votre numéro de téléphone. "
    "Nous vous appelons quand la carte est prête. Vous venez la prendre à la mairie.</p>"
)


def page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title} - Carte de bus</title></head>'
        f'<body><header><a href="#contenu">Aller au contenu</a></header><main id="contenu"><h1>{title}</h1>{body}</main></body></html>'
    )


async def start(request: Request) -> Response:
    return page("Une nouvelle carte de bus", PLAIN + '<p><a href="/coordonnees">Commencer</a></p>')


async def details(request: Request) -> Response:
    if request.method == "POST":
        return RedirectResponse("/fin", status_code=303)
    return page("Vos coordonnées", (
        "<p>Étape 1 sur 1. Nous avons besoin de deux choses. Votre nom nous dit à qui est la carte. "
        "Votre numéro nous sert à vous appeler. Nous ne le donnons à personne. Il reste chez nous. "
        "Si vous avez un souci, appelez la mairie. Nous vous aidons.</p>"
        '<form method="post" action="/coordonnees">'
        '<div class="fr-input-group"><label class="fr-label" for="nom">Votre nom</label>'
        '<input class="fr-input" id="nom" name="nom" autocomplete="family-name"></div>'
        '<div class="fr-input-group"><p class="fr-label">Votre numéro de téléphone</p>'
        '<input class="fr-input" name="telephone" type="tel"></div>'  # no label: the barrier
        '<button class="fr-btn">Continuer</button></form>'
    ))


async def done(request: Request) -> Response:
    return page("Demande envoyée", (
        "<p>Merci. Votre demande est bien partie. Nous vous appelons quand la carte est prête. "
        "Cela prend une semaine en général. Vous venez la prendre à la mairie avec une photo. "
        "Si vous avez une question, appelez la mairie. Nous sommes là pour vous aider.</p>"
    ))


def app() -> Starlette:
    return Starlette(routes=[Route("/", start), Route("/coordonnees", details, methods=["GET", "POST"]), Route("/fin", done)])


SCENARIO = """
id: carte-bus
title: Une nouvelle carte de bus
procedure: carte-bus
version: v1
start_url: {base}/
steps:
  - name: Accueil
    actions:
      - click: {{role: link, name: Commencer}}
  - name: Coordonnées
    actions:
      - fill: {{label: Votre nom, value: Exemple}}
      - fill: {{css: "input[name=telephone]", value: "0600000000"}}
      - click: {{role: button, name: Continuer}}
  - name: Fin
    expect:
      - heading: Demande envoyée
"""
