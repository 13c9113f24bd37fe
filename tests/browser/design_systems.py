"""The design systems public procedures are built with, served as they ship: the precision corpus.

`scripts/setup.sh test` installs `@gouvfr/dsfr` and `govuk-frontend` from npm
into tests/corpus/node_modules, at the versions tests/corpus/package-lock.json
pins. Nothing of theirs is copied into this repository: the pages are the
packages' own files (DSFR) or built from the packages' own component examples
(GOV.UK Frontend ships each example's HTML in its `fixtures.json`), each in a
page following GOV.UK Frontend's page template.

A missing corpus is a failure, never a skip: CI installs it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

NODE_MODULES = Path(__file__).parent.parent / "corpus" / "node_modules"
DSFR = NODE_MODULES / "@gouvfr" / "dsfr"
GOVUK = NODE_MODULES / "govuk-frontend" / "dist" / "govuk"
# The DSFR's example pages of components and page layouts. Left out: `analytics/` (the same components
# again, with tracking attributes), `utility/` (galleries of icons, pictograms and colours) and `core/`
# (the CSS foundations: typography, spacing, grid), which are no procedure's markup.
DSFR_SECTIONS = ("component", "layout")
# Page furniture GOV.UK's template puts around `<main>`, not in it: its header block, and before it.
GOVUK_IN_HEADER = frozenset({"header", "generic-header", "service-navigation"})
GOVUK_BEFORE_MAIN = frozenset({"cookie-banner", "skip-link", "phase-banner", "exit-this-page"})
GOVUK_AFTER_MAIN = frozenset({"footer"})


class CorpusMissing(AssertionError):
    """The npm packages are not installed: `scripts/setup.sh test` installs them."""


@dataclass(frozen=True)
class Example:
    system: str  # "dsfr" or "govuk"
    component: str
    name: str
    path: str  # URL path on the corpus site

    @property
    def label(self) -> str:
        return f"{self.system}/{self.component}: {self.name}"


def _require(path: Path) -> Path:
    if not path.exists():
        raise CorpusMissing(f"{path} is missing: run `scripts/setup.sh test` (npm ci --prefix tests/corpus)")
    return path


def version(package: str) -> str:
    folder = {"dsfr": DSFR, "govuk": NODE_MODULES / "govuk-frontend"}[package]
    return json.loads(_require(folder / "package.json").read_text("utf-8"))["version"]


def dsfr_examples() -> list[Example]:
    """Every DSFR example page of a component or a page layout, in a stable order."""
    root = _require(DSFR / "example")
    pages = sorted(p for section in DSFR_SECTIONS for p in (root / section).rglob("index.html"))
    examples = []
    for page in pages:
        parts = page.parent.relative_to(root).parts
        if len(parts) < 2:  # a section's index, a list of links
            continue
        examples.append(Example("dsfr", parts[1], "/".join(parts[2:]) or "index",
                                "/dsfr/example/" + "/".join(parts) + "/index.html"))
    return examples


def _govuk_fixtures() -> dict[str, list[dict]]:
    fixtures = {}
    for file in sorted(_require(GOVUK / "components").glob("*/fixtures.json")):
        data = json.loads(file.read_text("utf-8"))
        # hidden examples exist for the package's own unit tests (odd attributes, empty values), not to be shown
        fixtures[data["component"]] = [f for f in data["fixtures"] if not f.get("hidden")]
    return fixtures


def govuk_examples() -> list[Example]:
    """Every GOV.UK Frontend component example its review app shows."""
    return [Example("govuk", component, fixture["name"], f"/govuk/{component}/{i}")
            for component, fixtures in _govuk_fixtures().items() for i, fixture in enumerate(fixtures)]


def govuk_page(title: str, main: str, before: str = "", after: str = "", lang: str = "en", body_classes: str = "") -> str:
    """A page as GOV.UK Frontend's `template.njk` lays it out: skip link, header, main, footer, the package's
    stylesheet and script, and the class that says JavaScript runs."""
    return (
        f'<!DOCTYPE html><html lang="{escape(lang)}" class="govuk-template"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">'
        '<link rel="stylesheet" href="/govuk-frontend/govuk-frontend.min.css"></head>'
        f'<body class="govuk-template__body {escape(body_classes)}">'
        "<script>document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype"
        " ? ' govuk-frontend-supported' : '');</script>"
        '<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>'
        f'{before}<div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">{main}</main>'
        f"</div>{after}"
        '<script type="module">import { initAll } from "/govuk-frontend/govuk-frontend.min.js"; initAll()</script>'
        "</body></html>"
    )


def dsfr_page(title: str, main: str, script: str = "", before: str = "", after: str = "", head: str = "") -> str:
    """A page as the DSFR's own examples are built: its stylesheet and module script from the package;
    `before` and `after` main: a header, a footer."""
    return (
        f'<!DOCTYPE html><html lang="fr" data-fr-scheme="system"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">'
        f'<title>{escape(title)}</title><link rel="stylesheet" href="/dsfr/dist/dsfr.min.css">{head}</head><body>'
        '<div class="fr-skiplinks"><nav class="fr-container" role="navigation" aria-label="Accès rapide">'
        '<ul class="fr-skiplinks__list"><li><a class="fr-link" href="#contenu">Contenu</a></li></ul></nav></div>'
        f'{before}<main id="contenu" class="fr-container fr-my-6w" role="main">{main}</main>{after}'
        f'<script type="module" src="/dsfr/dist/dsfr.module.min.js"></script>{script}</body></html>'
    )


class CorpusSite:
    """/dsfr/…: the DSFR package as it ships; /govuk/{component}/{n}: GOV.UK Frontend's nth shown example."""

    def __init__(self) -> None:
        self.fixtures = _govuk_fixtures()

    def govuk(self, request: Request) -> Response:
        component = request.path_params["component"]
        fixtures = self.fixtures.get(component, [])
        n = request.path_params["n"]
        if n >= len(fixtures):
            return HTMLResponse("<title>404</title><h1>Not found</h1>", status_code=404)
        fixture = fixtures[n]
        options = fixture.get("pageTemplateOptions", {})
        html = fixture["html"]
        title = f"{component}: {fixture['name']} – GOV.UK Frontend"
        main, before, after = html, "", ""
        if component in GOVUK_IN_HEADER:  # as the template's header block holds them
            main, before = "", f'<header class="govuk-template__header">{html}</header>'
        elif component in GOVUK_BEFORE_MAIN:
            main, before = "", html
        elif component in GOVUK_AFTER_MAIN:
            main, after = "", html
        return HTMLResponse(govuk_page(title, main, before, after, lang=options.get("htmlLang", "en"),
                                       body_classes=options.get("bodyClasses", "")))

    def app(self, routes: list[Route] = ()) -> Starlette:  # type: ignore[assignment]
        return Starlette(routes=[
            Route("/govuk/{component}/{n:int}", self.govuk),
            *routes,
            Mount("/govuk-frontend", StaticFiles(directory=_require(GOVUK))),
            Mount("/dsfr", StaticFiles(directory=_require(DSFR))),
        ])


def tour(examples: list[Example], scenario_id: str, title: str) -> str:
    """A scenario that visits each example in turn, one screen each."""
    lines = [f"id: {scenario_id}", f"title: {title}", f"procedure: {scenario_id}", "version: corpus",
             f"start_url: {examples[0].path}", "allowed_hosts: [127.0.0.1]", "steps:"]
    for i, example in enumerate(examples):
        lines.append(f"  - name: {json.dumps(example.label)}")
        if i + 1 < len(examples):
            lines.append(f"    actions: [{{goto: {json.dumps(examples[i + 1].path)}}}]")
    return "\n".join(lines) + "\n"
