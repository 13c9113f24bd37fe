"""A two-screen procedure in a keyboard-failing and a keyboard-fixed version (fake data only)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

NAV = "".join(f'<li><a href="/rubrique-{i}">Rubrique {i}</a></li>' for i in range(1, 7))


def page(title: str, body: str, style: str = "", skip: bool = True, menu: bool = True) -> HTMLResponse:
    skip_link = '<a href="#contenu">Aller au contenu</a>' if skip else ""
    header = f'<header><nav aria-label="Menu"><ul>{NAV}</ul></nav></header>' if menu else ""
    return HTMLResponse(
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title><style>{style}</style></head>'
        f'<body>{skip_link}{header}<main id="contenu"><h1>{title}</h1>{body}</main></body></html>'
    )


async def fixed(request: Request) -> Response:
    # Order that differs from the DOM only where it keeps the meaning: a help column beside the form
    # (reached after it, though it starts higher up), a reversed button group (DSFR's inline-reverse),
    # a header that sticks to the top of the screen.
    return page(
        "Votre demande",
        '<div class="colonnes"><form method="post" action="/fixed/envoi"><label for="nom">Nom</label>'
        '<input id="nom" name="nom"><p>Texte d\'aide assez long pour pousser les boutons plus bas.</p>'
        '<div class="boutons"><button>Continuer</button><a href="/annuler">Annuler</a></div></form>'
        '<aside><h2>Besoin d\'aide ?</h2><a href="/aide">Aide</a></aside></div>',
        style=".colonnes { display: grid; grid-template-columns: 2fr 1fr; } "
              ".boutons { display: flex; flex-direction: row-reverse; justify-content: flex-end; gap: 1rem; } "
              "header { position: sticky; top: 0; }",
    )


async def failing(request: Request) -> Response:
    # focus hidden everywhere, a "button" that is a div, a link that throws the focus away, a positive tabindex
    return page(
        "Votre demande",
        '<form method="post" action="/failing/envoi" id="f"><label for="nom">Nom</label>'
        '<input id="nom" name="nom" tabindex="1">'
        '<a href="/aide" onfocus="this.blur()">Aide</a>'
        '<div class="bouton" onclick="document.getElementById(\'f\').submit()">Continuer</div></form>'
        # the choices shown from the last to the first: Tab climbs up the screen
        '<div class="inverse"><a href="/choix-1">Choix 1</a><a href="/choix-2">Choix 2</a></div>',
        style="*:focus { outline: none; } .bouton { cursor: pointer; background: #000091; color: #fff; padding: 8px; } "
              ".inverse { display: flex; flex-direction: column-reverse; }",
        skip=False,
    )


async def only_button(request: Request) -> Response:
    # a confirmation screen whose one stop is its button: Tab goes round the page back to it
    return page("Valider la demande", '<p>Votre saisie est enregistrée.</p><form method="post" action="/fixed/envoi">'
                '<button>Valider</button></form>', skip=False, menu=False)


async def message(request: Request) -> Response:
    # a message field that takes Tab to indent its text (as code editors do) holds the keyboard there;
    # without that script, Tab goes on to the button
    trap = ' onkeydown="if (event.key === \'Tab\') { event.preventDefault(); this.setRangeText(\'\\t\', ' \
           'this.selectionStart, this.selectionEnd, \'end\'); }"' if request.path_params["version"] == "failing" else ""
    return page("Votre message", f'<form method="post" action="/fixed/envoi"><label for="texte">Message</label>'
                f'<textarea id="texte" name="texte"{trap}></textarea><button>Envoyer</button></form>')


async def note(request: Request) -> Response:
    # the same field alone on its screen: Tab has nowhere else to go, yet it must still leave the field
    trap = ' onkeydown="if (event.key === \'Tab\') event.preventDefault();"' if request.path_params["version"] == "failing" else ""
    return page("Votre note", f'<label for="note">Note</label><textarea id="note" name="note"{trap}></textarea>',
                skip=False, menu=False)


async def sent(request: Request) -> Response:
    return page("Demande envoyée", "<p>Merci.</p>")


def app() -> Starlette:
    return Starlette(routes=[
        Route("/fixed/", fixed), Route("/failing/", failing),
        Route("/valider", only_button), Route("/{version}/message", message), Route("/{version}/note", note),
        Route("/{version}/envoi", lambda r: RedirectResponse("/envoyee", 303), methods=["POST"]),
        Route("/envoyee", sent),
    ])


def scenario(version: str, base: str) -> str:
    return f"""
id: clavier-{version}
title: Demande au clavier
procedure: clavier
version: {version}
start_url: {base}/{version}/
steps:
  - name: Votre demande
    actions:
      - fill: {{label: Nom, value: Exemple}}
      - click: {{text: Continuer}}
  - name: Demande envoyée
    expect:
      - heading: Demande envoyée
"""


def screen_scenario(sid: str, path: str, heading: str, base: str) -> str:
    """One screen, walked by the keyboard profile."""
    return f"""
id: {sid}
title: {heading}
procedure: {sid}
version: v1
start_url: {base}{path}
steps:
  - name: {heading}
    expect:
      - heading: {heading}
"""
