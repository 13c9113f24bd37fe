"""A fake French administrative procedure (disability parking card), in two versions.

`avant` gathers the barriers real procedures still show; `apres` fixes them
along recognised practice (DSFR, GOV.UK form patterns, RGAA). Everything is
fake: no data leaves the process, submissions are only counted.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

ROOT = resources.files("harness.demo")
templates = Jinja2Templates(directory=str(ROOT / "templates"))

DEPARTEMENTS = [
    ("67", "Bas-Rhin"), ("68", "Haut-Rhin"), ("54", "Meurthe-et-Moselle"), ("57", "Moselle"),
    ("88", "Vosges"), ("90", "Territoire de Belfort"),
]
DATE = re.compile(r"^\s*(\d{1,2})\s*[/ .-]\s*(\d{1,2})\s*[/ .-]\s*(\d{4})\s*$")
POSTCODE = re.compile(r"^\s*\d{5}\s*$")


@dataclass
class DemoState:
    """What the demo keeps: how many requests were really "sent", per version."""

    submissions: list[dict[str, str]] = field(default_factory=list)

    def count(self, version: str) -> int:
        return sum(1 for s in self.submissions if s["version"] == version)


def _render(request: Request, name: str, **context: Any) -> Response:
    return templates.TemplateResponse(request, name, context)


def _redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _reference() -> str:
    return "CMI-" + datetime.now().strftime("%Y") + "-" + secrets.token_hex(3).upper()


# -- après: one topic per screen, a step indicator, errors linked to fields --

APRES_STEPS = ["Votre identité", "Votre adresse", "Votre justificatif de domicile", "Vérifiez vos réponses"]


def _apres_page(request: Request, name: str, step: int | None, errors: dict[str, str] | None = None, **context: Any) -> Response:
    return _render(
        request, f"apres/{name}.html", step=step, steps=APRES_STEPS, errors=errors or {},
        answers=request.session.get("apres", {}), departements=DEPARTEMENTS, **context,
    )


async def apres_accueil(request: Request) -> Response:
    return _apres_page(request, "accueil", None)


async def apres_identite(request: Request) -> Response:
    if request.method == "GET":
        return _apres_page(request, "identite", 1)
    form = await request.form()
    values = {k: str(form.get(k, "")).strip() for k in ("nom", "prenom", "naissance")}
    errors = {}
    if not values["nom"]:
        errors["nom"] = "Saisissez votre nom de famille"
    if not values["prenom"]:
        errors["prenom"] = "Saisissez votre prénom"
    if not values["naissance"]:
        errors["naissance"] = "Saisissez votre date de naissance, par exemple 27/03/1948"
    elif not _valid_date(values["naissance"]):
        errors["naissance"] = "La date de naissance doit être une vraie date, au format jour/mois/année"
    _remember(request, values)
    if errors:
        return _apres_page(request, "identite", 1, errors)
    return _redirect("/apres/adresse")


async def apres_adresse(request: Request) -> Response:
    if request.method == "GET":
        return _apres_page(request, "adresse", 2)
    form = await request.form()
    values = {k: str(form.get(k, "")).strip() for k in ("adresse", "code_postal", "commune", "departement")}
    errors = {}
    if not values["adresse"]:
        errors["adresse"] = "Saisissez votre adresse (numéro et rue)"
    if not POSTCODE.match(values["code_postal"]):
        errors["code_postal"] = "Saisissez un code postal de 5 chiffres, par exemple 68000"
    if not values["commune"]:
        errors["commune"] = "Saisissez votre commune"
    if values["departement"] not in dict(DEPARTEMENTS):
        errors["departement"] = "Choisissez votre département"
    _remember(request, values)
    if errors:
        return _apres_page(request, "adresse", 2, errors)
    return _redirect("/apres/justificatif")


async def apres_justificatif(request: Request) -> Response:
    if request.method == "GET":
        return _apres_page(request, "justificatif", 3)
    form = await request.form()
    upload = form.get("justificatif")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _apres_page(request, "justificatif", 3, {"justificatif": "Choisissez le fichier de votre justificatif de domicile"})
    _remember(request, {"justificatif": upload.filename})
    return _redirect("/apres/recapitulatif")


async def apres_recapitulatif(request: Request) -> Response:
    answers = request.session.get("apres", {})
    if request.method == "GET":
        return _apres_page(request, "recapitulatif", 4, departement_nom=dict(DEPARTEMENTS).get(answers.get("departement", ""), ""))
    form = await request.form()
    if form.get("attestation") != "oui":
        return _apres_page(
            request, "recapitulatif", 4, {"attestation": "Cochez la case pour attester que vos réponses sont exactes"},
            departement_nom=dict(DEPARTEMENTS).get(answers.get("departement", ""), ""),
        )
    return _submit(request, "apres", "/apres/confirmation")


async def apres_confirmation(request: Request) -> Response:
    return _apres_page(request, "confirmation", None, reference=request.session.get("reference", ""))


# -- avant: one long page, unlabelled fields, colour-only cues, jargon --------


async def avant_accueil(request: Request) -> Response:
    return _render(request, "avant/accueil.html")


async def avant_formulaire(request: Request) -> Response:
    if request.method == "GET":
        return _render(request, "avant/formulaire.html", error=False, departements=DEPARTEMENTS)
    form = await request.form()
    required = ("nom_naissance", "prenoms", "jour", "mois", "annee", "nir", "adresse", "cp", "ville",
                "dept", "adresse_corresp", "cp_corresp", "ville_corresp")
    missing = [k for k in required if not str(form.get(k, "")).strip()]
    upload = form.get("piece")
    if not isinstance(upload, UploadFile) or not upload.filename:
        missing.append("piece")
    if form.get("attestation") != "1":
        missing.append("attestation")
    if missing:  # everything typed is lost, as on many real forms
        return _render(request, "avant/formulaire.html", error=True, departements=DEPARTEMENTS)
    request.session["avant"] = {"nom": str(form.get("nom_naissance"))}
    return _redirect("/avant/validation")


async def avant_validation(request: Request) -> Response:
    if request.method == "GET":
        return _render(request, "avant/validation.html")
    return _submit(request, "avant", "/avant/confirmation")


async def avant_confirmation(request: Request) -> Response:
    return _render(request, "avant/confirmation.html", reference=request.session.get("reference", ""))


# -- shared ---------------------------------------------------------------


async def home(request: Request) -> Response:
    return _render(request, "home.html")


def _remember(request: Request, values: dict[str, str]) -> None:
    request.session["apres"] = {**request.session.get("apres", {}), **values}


def _valid_date(text: str) -> bool:
    match = DATE.match(text)
    if not match:
        return False
    day, month, year = map(int, match.groups())
    try:
        return date(year, month, day) <= date.today()
    except ValueError:
        return False


def _submit(request: Request, version: str, then: str) -> Response:
    """The irreversible part: a demand is "sent" (here, only counted)."""
    reference = _reference()
    request.app.state.demo.submissions.append({"version": version, "reference": reference})
    request.session["reference"] = reference
    return _redirect(then)


class _KeptFiles(StaticFiles):
    """The demo's stylesheet and images, kept an hour by the browser as a well-served procedure's are: a later
    screen fetches none of them again, whatever the files' age (without it the browser guesses a freshness from
    their date, and a fresh copy of the demo would have its files asked again within a replay)."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = "public, max-age=3600"
        return response


def create_app() -> Starlette:
    app = Starlette(
        routes=[
            Route("/", home),
            Route("/apres/", apres_accueil),
            Route("/apres/identite", apres_identite, methods=["GET", "POST"]),
            Route("/apres/adresse", apres_adresse, methods=["GET", "POST"]),
            Route("/apres/justificatif", apres_justificatif, methods=["GET", "POST"]),
            Route("/apres/recapitulatif", apres_recapitulatif, methods=["GET", "POST"]),
            Route("/apres/confirmation", apres_confirmation),
            Route("/avant/", avant_accueil),
            Route("/avant/formulaire", avant_formulaire, methods=["GET", "POST"]),
            Route("/avant/validation", avant_validation, methods=["GET", "POST"]),
            Route("/avant/confirmation", avant_confirmation),
            Mount("/static", _KeptFiles(directory=str(ROOT / "static")), name="static"),
        ],
        middleware=[Middleware(SessionMiddleware, secret_key=secrets.token_hex(16), same_site="strict")],
    )
    app.state.demo = DemoState()
    return app
