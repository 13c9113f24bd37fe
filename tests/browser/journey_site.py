"""Procedures built from the DSFR's and GOV.UK Frontend's component markup, with their real stylesheets and
scripts, each in a correct copy (`pass`) and a broken one (`fail`), for WCAG 2.2's journey checks: what only
a whole procedure shows. The DSFR ones are in French, the GOV.UK ones in English. Fake identities only.

- redundant: an e-mail (DSFR) or an address (GOV.UK) given on the first screen and asked again on the
  second; pass: filled in already (DSFR) or offered as "the same address" (GOV.UK);
- help: three screens with a help link; fail: on the second it sits in another part of the page;
- auth: a sign-in or code screen; fail-paste: paste refused; fail-split: a code in six one-character boxes
  that take no paste; fail-captcha: "type the characters" with no other way; fail-autocomplete:
  autocomplete="off" on the password; check-captcha: a CAPTCHA with an audio version (a person checks);
  pass: the systems' own password component, and split boxes that take a pasted code;
- obscured: a long form under a cookie banner fixed at the bottom; pass: the page keeps room for it
  (scroll-padding);
- target: small icon buttons side by side (fail) or the system's buttons (pass);
- drag: a list reordered by dragging and a scripted slider (listed for a person); pass: the DSFR's range;
- timeout: fail-leaves: the page leaves after 10 minutes without warning; fail-no-extend: it warns after
  8 minutes with no way to stay; pass: it warns after 8 minutes with a button that gives more time;
- start: a start screen that says how many steps, how long and which documents (pass), or none of it;
- heavy: a 500 kB page, for the rural profile's throttling.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.browser.design_systems import dsfr_page, govuk_page

HEAVY_BYTES = 500_000


def _dsfr_field(label: str, name: str, kind: str = "text", attrs: str = "") -> str:
    return (f'<div class="fr-input-group"><label class="fr-label" for="{name}">{label}</label>'
            f'<input class="fr-input" type="{kind}" id="{name}" name="{name}" {attrs}></div>')


def _govuk_field(label: str, name: str, kind: str = "text", attrs: str = "") -> str:
    return (f'<div class="govuk-form-group"><label class="govuk-label" for="{name}">{label}</label>'
            f'<input class="govuk-input" id="{name}" name="{name}" type="{kind}" {attrs}></div>')


def _form(system: str, body: str, button: str) -> str:
    css = "fr-btn" if system == "dsfr" else "govuk-button"
    return f'<form method="post" novalidate>{body}<button type="submit" class="{css}">{button}</button></form>'


def _page(system: str, title: str, main: str, before: str = "", after: str = "", script: str = "", head: str = "") -> str:
    if system == "dsfr":
        return dsfr_page(title, main, script=script, before=before, after=after, head=head)
    return govuk_page(title, main + script, before=before + head, after=after)


# -- 1. redundant entry -------------------------------------------------------------------------------


def _redundant(system: str, variant: str) -> dict[str, str]:
    if system == "dsfr":
        first = _dsfr_field("Adresse électronique", "email", "email", 'autocomplete="email"') + \
            _dsfr_field("Numéro de téléphone", "phone", "tel", 'autocomplete="tel"')
        again = (_dsfr_field("Adresse électronique de contact", "contact", "email",
                             'value="camille.exemple@example.org"' if variant == "pass" else ""))
        return {"1": _page(system, "Vos coordonnées – Demande de carte", "<h1>Vos coordonnées</h1>" + _form(system, first, "Continuer")),
                "2": _page(system, "Votre contact – Demande de carte", "<h1>Qui contacter ?</h1>" + _form(system, again, "Continuer")),
                "3": _page(system, "Récapitulatif – Demande de carte", "<h1>Récapitulatif</h1><p>Vérifiez vos réponses.</p>")}
    first = _govuk_field("Address line 1", "home", attrs='autocomplete="off"') + _govuk_field("Town or city", "town", attrs='autocomplete="off"')
    same = ('<div class="govuk-form-group"><div class="govuk-checkboxes" data-module="govuk-checkboxes">'
            '<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="same" name="same" type="checkbox" '
            'value="yes"><label class="govuk-label govuk-checkboxes__label" for="same">Use the same address as your home '
            'address</label></div></div></div>') if variant == "pass" else ""
    again = same + _govuk_field("Address line 1", "post", attrs='autocomplete="off"')
    return {"1": _page(system, "Your home address – Apply for a blue badge", '<h1 class="govuk-heading-l">Your home address</h1>' + _form(system, first, "Continue")),
            "2": _page(system, "Postal address – Apply for a blue badge", '<h1 class="govuk-heading-l">Where should we send the badge?</h1>' + _form(system, again, "Continue")),
            "3": _page(system, "Check your answers – Apply for a blue badge", '<h1 class="govuk-heading-l">Check your answers</h1>')}


# -- 2. consistent help -------------------------------------------------------------------------------


def _help(system: str, variant: str) -> dict[str, str]:
    pages = {}
    for n in ("1", "2", "3"):
        moved = variant == "fail" and n == "2"
        if system == "dsfr":
            link = '<a class="fr-btn fr-icon-question-line" href="/journey/aide">Aide</a>'
            header = ('<header role="banner" class="fr-header"><div class="fr-header__body"><div class="fr-container">'
                      '<div class="fr-header__body-row"><div class="fr-header__service"><p class="fr-header__service-title">'
                      'Demande de carte</p></div><div class="fr-header__tools"><div class="fr-header__tools-links">'
                      f'<ul class="fr-btns-group"><li>{"" if moved else link}</li></ul></div></div></div></div></div></header>')
            footer = ('<footer class="fr-footer" role="contentinfo"><div class="fr-container"><div class="fr-footer__body">'
                      f'<p class="fr-footer__content-desc">Ministère des exemples.</p>{link if moved else ""}</div></div></footer>')
            main = f"<h1>Question {n} sur 3</h1>" + _form(system, _dsfr_field(f"Réponse {n}", f"r{n}"), "Continuer")
            pages[n] = _page(system, f"Question {n} sur 3 – Demande de carte", main, before=header, after=footer)
        else:
            link = '<a class="govuk-footer__link" href="/journey/help">Help</a>'
            footer = ('<footer class="govuk-footer"><div class="govuk-width-container"><div class="govuk-footer__meta">'
                      '<div class="govuk-footer__meta-item govuk-footer__meta-item--grow"><h2 class="govuk-visually-hidden">'
                      f'Support links</h2><ul class="govuk-footer__inline-list"><li class="govuk-footer__inline-list-item">{"" if moved else link}'
                      '</li></ul></div></div></div></footer>')
            lead = '<p class="govuk-body"><a class="govuk-link" href="/journey/help">Help</a></p>' if moved else ""
            main = f'<h1 class="govuk-heading-l">Question {n} of 3</h1>{lead}' + _form(system, _govuk_field(f"Answer {n}", f"r{n}"), "Continue")
            pages[n] = _page(system, f"Question {n} of 3 – Apply for a blue badge", main, after=footer)
    return pages


# -- 3. accessible authentication ---------------------------------------------------------------------

PASTE_INTO_BOXES = """<script>
document.querySelector("[data-code]").addEventListener("paste", (event) => {
  const digits = event.clipboardData.getData("text").replace(/\\D/g, "").split("");
  document.querySelectorAll("[data-code] input").forEach((box, i) => { box.value = digits[i] || ""; });
  event.preventDefault();
});
</script>"""


def _auth(system: str, variant: str) -> dict[str, str]:
    if system == "dsfr":
        refuse = ' onpaste="return false"' if variant == "fail-paste" else ""
        complete = "off" if variant == "fail-autocomplete" else "current-password"
        body = (_dsfr_field("Identifiant", "login", attrs='autocomplete="username"') +
                '<div class="fr-password" id="password-1"><label class="fr-label" for="password-1-input">Mot de passe</label>'
                f'<div class="fr-input-wrap"><input class="fr-password__input fr-input" aria-describedby="password-1-messages" '
                f'aria-required="true" name="password" autocomplete="{complete}" id="password-1-input" type="password"{refuse}></div>'
                '<div class="fr-messages-group" id="password-1-messages" aria-live="polite"></div>'
                '<div class="fr-password__checkbox fr-checkbox-group fr-checkbox-group--sm">'
                '<input aria-label="Afficher le mot de passe" id="password-1-show" type="checkbox">'
                '<label class="fr-password__checkbox fr-label" for="password-1-show">Afficher</label></div></div>')
        if variant in ("fail-captcha", "check-captcha"):
            audio = '<button type="button" class="fr-btn fr-btn--secondary">Écouter une version audio</button>' if variant == "check-captcha" else ""
            body += ('<div class="fr-input-group"><img src="/journey/captcha.png" alt="Image de vérification" width="160" height="50">'
                     '<label class="fr-label" for="captcha">Recopiez les caractères de l\'image</label>'
                     f'<input class="fr-input" type="text" id="captcha" name="captcha">{audio}</div>')
        main = "<h1>Se connecter</h1>" + _form(system, body, "Se connecter")
        return {"1": _page(system, "Se connecter – Demande de carte", main)}
    if variant in ("fail-split", "pass-split"):
        boxes = "".join(f'<input class="govuk-input govuk-input--width-2" id="code-{i}" name="code-{i}" type="text" '
                        f'inputmode="numeric" maxlength="1" aria-label="Digit {i + 1}">' for i in range(6))
        body = ('<div class="govuk-form-group"><fieldset class="govuk-fieldset" data-code><legend class="govuk-fieldset__legend">'
                f'Security code</legend>{boxes}</fieldset></div>')
        script = PASTE_INTO_BOXES if variant == "pass-split" else ""
    else:
        body = _govuk_field("Security code", "code", attrs='inputmode="numeric" autocomplete="one-time-code" spellcheck="false"')
        script = ""
    main = ('<h1 class="govuk-heading-l">Check your phone</h1><p class="govuk-body">We have sent you a text message with a '
            'security code.</p>' + _form(system, body, "Continue"))
    return {"1": _page(system, "Check your phone – Apply for a blue badge", main, script=script)}


# -- 4. focus not obscured --------------------------------------------------------------------------

def _obscured(system: str, variant: str) -> dict[str, str]:
    # the room a fixed banner needs: scrolling keeps the focus above it, and the page's end can scroll clear of it
    room = "<style>html { scroll-padding-bottom: 11rem; } body { padding-bottom: 11rem; }</style>" if variant == "pass" else ""
    if system == "dsfr":
        fields = "".join(_dsfr_field(f"Champ {i}", f"f{i}") for i in range(1, 9))
        banner = ('<div class="fr-consent-banner" style="position: fixed; bottom: 0; left: 0; right: 0; height: 10rem; '
                  'background: #fff; z-index: 100"><h2 class="fr-h6">À propos des cookies</h2><p>Bienvenue ! Nous utilisons '
                  'des cookies pour mesurer l\'audience.</p></div>')
        return {"1": _page(system, "Vos informations – Demande de carte", "<h1>Vos informations</h1>" + _form(system, fields, "Continuer"),
                           after=banner, head=room)}
    fields = "".join(_govuk_field(f"Field {i}", f"f{i}") for i in range(1, 9))
    banner = ('<div class="govuk-cookie-banner" role="region" aria-label="Cookies on this service" style="position: fixed; '
              'bottom: 0; left: 0; right: 0; height: 10rem; z-index: 100"><div class="govuk-cookie-banner__message '
              'govuk-width-container"><h2 class="govuk-cookie-banner__heading govuk-heading-m">Cookies on this service</h2>'
              '<p class="govuk-body">We use some essential cookies to make this service work.</p></div></div>')
    return {"1": _page(system, "Your details – Apply for a blue badge", '<h1 class="govuk-heading-l">Your details</h1>' +
                       _form(system, fields, "Continue"), after=banner, head=room)}


# -- 5. target size -----------------------------------------------------------------------------------

def _target(system: str, variant: str) -> dict[str, str]:
    if variant == "pass":
        buttons = ('<div class="govuk-button-group"><button class="govuk-button">Save and continue</button>'
                   '<a class="govuk-link" href="/journey/help">Cancel</a></div>')
    else:  # icon buttons of 16 px side by side: each other's neighbours within 24 px
        tiny = "width: 16px; height: 16px; padding: 0; margin: 0; border: 1px solid #0b0c0c; font-size: 10px; line-height: 1"
        buttons = "".join(f'<button type="button" style="{tiny}" aria-label="{name}">{mark}</button>'
                          for name, mark in (("Remove", "×"), ("Move up", "↑"), ("Move down", "↓")))
    main = '<h1 class="govuk-heading-l">Your documents</h1><p class="govuk-body">proof-of-address.pdf</p>' + buttons
    return {"1": _page(system, "Your documents – Apply for a blue badge", main)}


# -- 6. dragging ----------------------------------------------------------------------------------------

SORTABLE = """<script>
let dragged = null;
document.querySelectorAll("[draggable=true]").forEach((item) => {
  item.addEventListener("dragstart", () => { dragged = item; });
  item.addEventListener("drop", (event) => { event.preventDefault(); item.before(dragged); });
  item.addEventListener("dragover", (event) => event.preventDefault());
});
</script>"""


def _drag(system: str, variant: str) -> dict[str, str]:
    if variant == "pass":
        body = ('<div class="fr-range-group" id="range-1"><label class="fr-label" for="range-input">Montant souhaité</label>'
                '<div class="fr-range" data-fr-js-range="true"><span class="fr-range__output">50</span>'
                '<input type="range" id="range-input" name="amount" min="0" max="100" value="50"></div></div>')
        script = ""
    else:
        items = "".join(f'<li draggable="true" class="fr-tag">{name}</li>' for name in ("Téléphone", "Courriel", "Courrier"))
        body = (f'<p id="order">Classez vos moyens de contact préférés</p><ul aria-labelledby="order">{items}</ul>'
                '<div role="slider" tabindex="0" aria-label="Montant souhaité" aria-valuemin="0" aria-valuemax="100" '
                'aria-valuenow="50" style="width: 200px; height: 24px; background: #ddd"></div>')
        script = SORTABLE
    return {"1": _page(system, "Vos préférences – Demande de carte", "<h1>Vos préférences</h1>" + _form(system, body, "Continuer"),
                       script=script)}


# -- 7. time limits -------------------------------------------------------------------------------

TIMEOUT = """<script>
const warn = WARN, leave = 10 * 60 * 1000;
let warning = null, leaving = null;
const start = () => {
  clearTimeout(warning); clearTimeout(leaving);
  if (warn) warning = setTimeout(() => { document.getElementById("warning").hidden = false; }, warn);
  leaving = setTimeout(() => { location.href = "/journey/expired"; }, leave);
};
document.getElementById("more")?.addEventListener("click", () => { document.getElementById("warning").hidden = true; start(); });
start();
</script>"""


def _timeout(system: str, variant: str) -> dict[str, str]:
    warn = "0" if variant == "fail-leaves" else "8 * 60 * 1000"
    words = {"dsfr": ("Votre session va expirer", "Sans action de votre part, vous serez déconnecté dans 2 minutes.", "Rester connecté"),
             "govuk": ("You’re about to be signed out", "For your security, we will sign you out in 2 minutes.", "Stay signed in")}[system]
    button = f'<button type="button" id="more" class="{"fr-btn" if system == "dsfr" else "govuk-button"}">{words[2]}</button>' \
        if variant == "pass" else ""
    dialog = (f'<div id="warning" role="dialog" aria-modal="true" aria-labelledby="warning-title" hidden>'
              f'<h2 id="warning-title">{words[0]}</h2><p>{words[1]}</p>{button}</div>')
    if system == "dsfr":
        main = "<h1>Votre demande</h1>" + _form(system, _dsfr_field("Motif de la demande", "motif"), "Continuer") + dialog
        title = "Votre demande – Demande de carte"
    else:
        main = '<h1 class="govuk-heading-l">Your application</h1>' + _form(system, _govuk_field("Reason", "reason"), "Continue") + dialog
        title = "Your application – Apply for a blue badge"
    return {"1": _page(system, title, main, script=TIMEOUT.replace("WARN", warn))}


# -- 10. announced up front ---------------------------------------------------------------------------


def _start(system: str, variant: str) -> dict[str, str]:
    if system == "dsfr":
        said = ("<p>Cette démarche compte 3 étapes et prend environ 10 minutes.</p><p>Munissez-vous de :</p>"
                "<ul><li>un justificatif de domicile de moins de 3 mois ;</li><li>votre carte d'identité.</li></ul>") \
            if variant == "pass" else ""
        main = (f"<h1>Demander une carte de stationnement</h1><p>Ce service permet de demander une carte de stationnement "
                f"pour personne handicapée.</p>{said}<a class=\"fr-btn\" href=\"/journey/aide\">Commencer la démarche</a>")
        return {"1": _page(system, "Demander une carte de stationnement", main)}
    said = ('<p class="govuk-body">Applying takes around 10 minutes and has 4 steps.</p><p class="govuk-body">You’ll need:</p>'
            '<ul class="govuk-list govuk-list--bullet"><li>a digital photo of your face</li><li>proof of address</li></ul>') \
        if variant == "pass" else ""
    main = ('<h1 class="govuk-heading-l">Apply for a blue badge</h1><p class="govuk-body">Use this service to apply for a '
            f'blue badge.</p>{said}<a href="/journey/help" role="button" draggable="false" class="govuk-button '
            'govuk-button--start" data-module="govuk-button">Start now</a>')
    return {"1": _page(system, "Apply for a blue badge – GOV.UK", main)}


BUILDERS = {"redundant": _redundant, "help": _help, "auth": _auth, "obscured": _obscured, "target": _target,
            "drag": _drag, "timeout": _timeout, "start": _start}
# The copies of each fixture: (system, variant)
FIXTURES: dict[str, tuple[tuple[str, str], ...]] = {
    "redundant": (("dsfr", "fail"), ("dsfr", "pass"), ("govuk", "fail"), ("govuk", "pass")),
    "help": (("dsfr", "fail"), ("dsfr", "pass"), ("govuk", "fail"), ("govuk", "pass")),
    "auth": (("dsfr", "fail-paste"), ("dsfr", "fail-autocomplete"), ("dsfr", "fail-captcha"), ("dsfr", "check-captcha"),
             ("dsfr", "pass"), ("govuk", "fail-split"), ("govuk", "pass-split"), ("govuk", "pass")),
    "obscured": (("dsfr", "fail"), ("dsfr", "pass"), ("govuk", "fail"), ("govuk", "pass")),
    "target": (("govuk", "fail"), ("govuk", "pass")),
    "drag": (("dsfr", "fail"), ("dsfr", "pass")),
    "timeout": (("dsfr", "fail-leaves"), ("dsfr", "fail-no-extend"), ("dsfr", "pass"), ("govuk", "fail-leaves"),
                ("govuk", "fail-no-extend"), ("govuk", "pass")),
    "start": (("dsfr", "fail"), ("dsfr", "pass"), ("govuk", "fail"), ("govuk", "pass")),
}


class JourneySite:
    """/journey/{check}/{system}/{variant}/{n}: GET a screen, POST its form to go on to the next one."""

    def __init__(self) -> None:
        self.pages = {(check, system, variant): BUILDERS[check](system, variant)
                      for check, copies in FIXTURES.items() for system, variant in copies}

    def routes(self) -> list[Route]:
        return [Route("/journey/{check}/{system}/{variant}/{n}", self.screen, methods=["GET", "POST"]),
                Route("/journey/heavy", self.heavy),
                Route("/journey/{other}", self.other)]

    def screen(self, request: Request) -> Response:
        p = request.path_params
        pages = self.pages.get((p["check"], p["system"], p["variant"]))
        if pages is None or p["n"] not in pages:
            return HTMLResponse("<title>404</title><h1>Not found</h1>", status_code=404)
        if request.method == "POST":
            return RedirectResponse(f"/journey/{p['check']}/{p['system']}/{p['variant']}/{int(p['n']) + 1}", 303)
        return HTMLResponse(pages[p["n"]])

    @staticmethod
    def heavy(request: Request) -> Response:
        """A page of 500 kB: what a slow 4G link takes 2.5 seconds to bring."""
        filler = "<p>" + "Texte de remplissage pour peser. " * (HEAVY_BYTES // 33) + "</p>"
        return HTMLResponse(f'<!DOCTYPE html><html lang="fr"><title>Une page lourde</title><main><h1>Une page lourde</h1>'
                            f"{filler}</main></html>")

    @staticmethod
    def other(request: Request) -> Response:
        """Where links lead (help, a session expired): a plain page."""
        name = request.path_params["other"]
        if name == "captcha.png":
            return Response(b"", media_type="image/png")
        return HTMLResponse(dsfr_page(name, f"<h1>{name}</h1>"))


def scenario(check: str, system: str, variant: str, screens: int, fill: list[tuple[str, str]] | None = None) -> str:
    """A scenario walking a fixture's screens, filling the first screen's fields by label."""
    button = "Continuer" if system == "dsfr" else "Continue"
    lines = [f"id: {check}-{system}-{variant}", f"title: {check} ({system}, {variant})", f"procedure: {check}-{system}",
             f"version: {variant}", f"start_url: /journey/{check}/{system}/{variant}/1", "allowed_hosts: [127.0.0.1]", "steps:"]
    for n in range(1, screens + 1):
        lines.append(f"  - name: Screen {n}")
        if n < screens:
            actions = [f"      - fill: {{label: {label}, value: {value}}}" for label, value in (fill or [])] if n == 1 else []
            actions.append(f"      - click: {{role: button, name: {button}}}")
            lines += ["    actions:", *actions]
    return "\n".join(lines) + "\n"
