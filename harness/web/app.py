"""`parcours serve`: the facilitator app, server-rendered pages that work without JavaScript.

Security, for an app facilitators may open on a shared machine: passwords hashed with argon2
(harness/panel/live.py), a few at a time; sign-ins kept on the server (the signed cookie carries a
token the store knows, so signing out ends it everywhere); a CSRF token on every form; failed
sign-ins limited per login and per address, the attempt counted before the password is checked;
only the host names the app is served under (DNS rebinding); security headers with a CSP that
allows no inline script on every answer, errors included; form bodies counted as they arrive; and
every query scoped to what the account's role may see.
"""

from __future__ import annotations

import dataclasses
import re
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from harness.committee.decisions import (
    DecisionIn,
    DecisionsFile,
    Status,
    decisions_for,
    record_decisions,
)
from harness.criteria.models import Catalogue, Criterion, Mode, Segment, Territory
from harness.errors import InputError, InputErrors, Location, ParcoursError, render_error
from harness.forms import validate_form
from harness.i18n import Lang, has, t
from harness.panel import live
from harness.panel.models import AgeBand, AssistiveTech, Contact, Device, Feeling, HelpKind
from harness.panel.service import coverage, list_campaigns
from harness.reports import formatting
from harness.reports.own_language import own_page
from harness.reports.views import RecommendationView
from harness.runs.reader import StoredRun, latest, load_runs
from harness.scenario.loader import LoadedScenario
from harness.store.db import Store
from harness.web import recording as web_recording
from harness.web.limits import SignInLimits

MAX_FORM_BYTES = 64_000
SIGN_IN_S = 12 * 3600  # how long a sign-in lasts
MAX_ID = 2**31 - 1  # ids in a URL: larger ones name nothing (and would overflow the store's integers)
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]", "::1")
HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}
AUTOSAVE = "x-parcours-autosave"  # a save sent by app.js as a field changes: answered in JSON, no redirect
OUTCOMES = ("success", "assisted", "failure", "abandon")
SEVERITIES = ("low", "medium", "high", "blocking")
DEVICES = ("computer", "tablet", "smartphone")


class Guard:
    """The app's outermost layer: answers only requests for the host names it is served under, and
    adds the security headers to every response, the error pages of an unexpected fault included."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str], hsts: bool) -> None:
        self.app, self.hosts = app, hosts
        self.headers = [(k.encode(), v.encode()) for k, v in HEADERS.items()]
        if hsts:
            self.headers.append((b"strict-transport-security", b"max-age=31536000"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        if _host_of(scope) not in self.hosts:  # another name pointed at this address: DNS rebinding
            await PlainTextResponse("Unknown host", 421)(scope, receive, with_headers)
            return
        try:
            await self.app(scope, receive, with_headers)
        except Exception:
            if started:
                raise
            await PlainTextResponse("Internal error", 500)(scope, receive, with_headers)
            raise


def _host_of(scope: Scope) -> str:
    """The Host header's name, without its port, lower case."""
    host = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), "")
    host = host.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def served_names(host: str, names: tuple[str, ...] = ()) -> frozenset[str]:
    """The host names the app answers to: the loopback ones, the address it listens on (unless
    every address), and the names given to reach it by."""
    wanted = {*LOOPBACK_NAMES, *(n.strip().lower() for n in names)}
    if host not in ("0.0.0.0", "::", ""):
        wanted.add(f"[{host}]" if ":" in host else host.lower())
    return frozenset(wanted)


@dataclass
class AppState:
    store: Store
    catalogue: Catalogue
    scenarios: list[LoadedScenario]
    runs_dir: Path
    lang: Lang
    limits: SignInLimits  # in the store: they hold across the app's processes
    # campaign -> (the run folders seen, the latest run of each scenario and profile): run records are
    # read again only when a replay has added a folder, never on every page
    runs: dict[str, tuple[frozenset[Path], dict[tuple[str, str], StoredRun]]] = field(default_factory=dict)

    def latest_runs(self, campaign: str) -> dict[tuple[str, str], StoredRun]:
        folders = frozenset(self.runs_dir.glob(f"{campaign}/*/*"))
        cached = self.runs.get(campaign)
        if cached is None or cached[0] != folders:
            cached = (folders, latest(load_runs(self.runs_dir, campaign)))
            self.runs[campaign] = cached
        return cached[1]

    # campaign -> (run folders and panel mark it was built on, the committee's recommendations of its analysis)
    recommendations_cache: dict[str, tuple[tuple, list[RecommendationView]]] = field(default_factory=dict)

    def recommendations(self, campaign: str) -> list[RecommendationView]:
        """The committee's recommendations with their evidence, as its report ranks them (the same analysis),
        each with its latest decision. Analysed again only when a replay or a finished session has changed
        what they rest on."""
        # the analysis (pandas, SciPy) loads with the first committee page, not with every server process
        from harness.analysis.campaign import analyse
        from harness.analysis.sources import gather
        from harness.reports.committee import committee_recommendations
        from harness.reports.common import decision_view

        mark = (frozenset(self.runs_dir.glob(f"{campaign}/*/*")), live.panel_mark(self.store, campaign))
        cached = self.recommendations_cache.get(campaign)
        if cached is None or cached[0] != mark:
            analysis = analyse(gather(self.runs_dir, campaign, self.catalogue, self.store))
            cached = (mark, committee_recommendations(analysis, self.lang))
            self.recommendations_cache[campaign] = cached
        decisions = decisions_for(self.store, campaign)
        return [dataclasses.replace(v, decision=decision_view(decisions.get(v.id), self.lang)) for v in cached[1]]

    def scenario(self, procedure: str, version: str) -> LoadedScenario | None:
        return next((s for s in self.scenarios if (s.scenario.procedure, s.scenario.version) == (procedure, version)), None)


def create_app(store: Store, catalogue: Catalogue, scenarios: list[LoadedScenario], runs_dir: Path, lang: Lang,
               secret: str | None = None, https: bool = False, hosts: frozenset[str] | None = None) -> ASGIApp:
    """The app. `https`: it is reached over HTTPS (itself, or a proxy that says so), so cookies are
    Secure and HSTS is sent; `hosts`: the names it answers to (default: the loopback ones)."""
    live.register_versions(store, sorted({(s.scenario.procedure, s.scenario.version, s.scenario.title, s.scenario.owner)
                                          for s in scenarios}))
    state = AppState(store, catalogue, scenarios, runs_dir, lang, SignInLimits(store))
    env = Environment(loader=PackageLoader("harness.web", "templates"), autoescape=select_autoescape(["html"]))
    env.filters["t"] = lambda key, **params: t(key, lang, **params)
    env.globals["lang"] = lang
    env.globals["anchor"] = _anchor
    env.filters["decimal"] = lambda value: formatting.decimal(value, lang)
    env.filters["percent"] = lambda value: formatting.percent(value, lang)

    recording_hosts = web_recording.allowed_hosts(scenarios)  # where an uploaded recording may be walked
    tags = sorted({tag for practice in catalogue.practices for tag in practice.tags})  # the observation tags listed

    def page(request: Request, template: str, status: int = 200, **data: Any) -> HTMLResponse:
        user = _user(request, state)
        chosen = env.get_template(template)
        html = own_page(lambda glossary: chosen.render(user=user, csrf=_csrf(request), glossary=glossary,
                                                      **data), lang)
        return HTMLResponse(html, status_code=status)

    async def form(request: Request) -> dict[str, str]:
        """The posted form, after its CSRF token is checked (a missing or wrong one is a 403). The body
        is counted as it arrives, whatever Content-Length says (a chunked one says nothing)."""
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_FORM_BYTES):
            raise _Refused(413)
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":  # what the pages and app.js send
            raise _Refused(415)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_FORM_BYTES:
                raise _Refused(413)
        try:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=1000)
        except (UnicodeDecodeError, ValueError):
            raise _Refused(400) from None
        data = dict(pairs)
        expected = request.session.get("csrf")  # set when a page was shown: a post from nowhere has none
        if not expected or not secrets.compare_digest(data.pop("csrf", ""), expected):
            raise _Refused(403)
        return data

    def signed_in(request: Request, *roles: str) -> live.Account:
        user = _user(request, state)
        if user is None:
            raise _Refused(401)
        if roles and user.role not in roles:
            raise _Refused(403)
        return user

    def session_of(request: Request) -> tuple[live.Account, live.LiveSession]:
        """The account of a session page and the session it names, if it may see it."""
        user = signed_in(request, "facilitator", "coordinator")
        return user, _session(request, state, user)

    def attempt(request: Request, save: Callable[[], object], following: str, conflict_field: str,
                draft: Callable[[], None] | None = None) -> tuple[Response | None, dict[str, str]]:
        """Save, then go on; else the messages by field (a stale save's on `conflict_field`), and the form
        kept as typed by `draft`, to correct (never an answer). A save sent by app.js as a field changes is
        answered in JSON: the new row version, or the messages."""
        autosave = AUTOSAVE in request.headers
        try:
            version = save()
            return (JSONResponse({"row_version": version}) if autosave else RedirectResponse(following, 303)), {}
        except (InputError, InputErrors) as exc:
            errors, status = _field_errors(exc, lang), 422
            if draft is not None:
                draft()
        except live.Conflict:
            errors, status = {conflict_field: t("app.conflict", lang)}, 409
        return (JSONResponse({"errors": errors}, status) if autosave else None), errors

    def campaign_options(values: dict[str, str] | None = None) -> list[tuple[str, str]]:
        """Each campaign by what a person reads: its title, and its code only where two titles are the same.
        `values`: a form's, whose campaign is then the one there is when there is one alone."""
        campaigns = list_campaigns(state.store)
        if values is not None and not values.get("campaign") and len(campaigns) == 1:
            values["campaign"] = campaigns[0].code
        titles = Counter(c.title.strip().casefold() for c in campaigns)
        return [(c.code, c.title if titles[c.title.strip().casefold()] == 1 else f"{c.title} – {c.code}") for c in campaigns]

    def just_added(request: Request, message: str) -> str | None:
        """The confirmation that a tester was added, after the redirect that follows: only for a tester the
        panel has (a link cannot make the page say anything else)."""
        code = live.tester_code(state.store, request.query_params.get("ajoute", ""))
        return t(message, lang, code=code) if code else None

    def version_options() -> list[tuple[str, str]]:  # ids as the form sends them back
        """Each procedure version by the names people give it: its scenario's title, with the version's
        name where two versions share a title."""
        found = [(id_, _version_name(state, procedure, version, lang), version) for id_, procedure, version in live.versions(state.store)]
        titles = Counter(name for _, name, _ in found)
        named = [(str(id_), name if titles[name] == 1 else t("app.version_name", lang, title=name, version=version))
                 for id_, name, version in found]
        return sorted(named, key=lambda option: option[1].casefold())

    # -- pages ----------------------------------------------------------------

    def home(request: Request, data: dict[str, str] | None) -> Response:
        user = signed_in(request)
        return page(request, "home.html", sessions=live.sessions_of(state.store, user),
                    title=t("app.home.title", lang))

    def login(request: Request, data: dict[str, str] | None) -> Response:
        errors: dict[str, str] = {}
        if request.method == "POST":
            assert data is not None
            address, who = request.client.host if request.client else "?", data.get("login", "")[:64]
            try:
                reserved = state.limits.reserve(address, who)  # counted before the check: a burst cannot slip through
            except ParcoursError:  # the store busy past its timeout: said as such, not a fault
                return page(request, "login.html", 503, errors={"login": t("app.login.busy", lang)},
                            title=t("app.login.title", lang))
            if reserved is None:
                return page(request, "login.html", 429, errors={"login": t("app.login.too_many", lang)},
                            title=t("app.login.title", lang))
            try:
                user = live.authenticate(state.store, who, data.get("password", ""))
            except live.Busy:
                state.limits.succeeded(reserved)  # not checked: no failure
                return page(request, "login.html", 503, errors={"login": t("app.login.busy", lang)},
                            title=t("app.login.title", lang))
            if user is not None:
                state.limits.succeeded(reserved)
                request.session.clear()
                request.session.update(token=live.sign_in(state.store, user, SIGN_IN_S), csrf=secrets.token_urlsafe(32))
                return RedirectResponse("/", 303)
            errors["login"] = t("app.login.wrong", lang)
        return page(request, "login.html", 401 if errors else 200, errors=errors, title=t("app.login.title", lang))

    def logout(request: Request, data: dict[str, str] | None) -> Response:
        token = request.session.get("token")
        if isinstance(token, str):
            live.sign_out(state.store, token)  # a copy of the cookie is worth nothing from now on
        request.session.clear()
        return RedirectResponse("/connexion", 303)

    def new_session(request: Request, data: dict[str, str] | None) -> Response:
        user = signed_in(request, "facilitator")
        errors: dict[str, str] = {}
        values: dict[str, str] = {"held_on": date.today().isoformat(), "tester": request.query_params.get("testeur", ""),
                                  "campaign": request.query_params.get("campagne", "")}
        if request.method == "POST":
            values = dict(data or {})
            try:
                session_id = live.start_session(state.store, user, values)
                return RedirectResponse(f"/seances/{session_id}", 303)
            except (InputError, InputErrors) as exc:
                errors = _field_errors(exc, lang)
        added = just_added(request, "app.tester.added")
        campaigns = campaign_options(values)
        return page(request, "new_session.html", 422 if errors else 200, errors=errors, values=values,
                    campaigns=campaigns, versions=version_options(), added=added,
                    devices=[("", t("app.new.usual_device", lang))] + [(d, t(f"app.devices.{d}", lang)) for d in DEVICES],
                    title=t("app.new.title", lang))

    def new_tester(request: Request, data: dict[str, str] | None) -> Response:
        user = signed_in(request, "facilitator", "coordinator")
        errors: dict[str, str] = {}
        values: dict[str, str] = {"consent_on": date.today().isoformat(), "campaign": request.query_params.get("campagne", "")}
        if request.method == "POST":
            values = dict(data or {})
            campaign = values.get("campaign", "")
            try:
                code = live.add_tester(state.store, user, values, campaign)
                target = "/seances/nouvelle" if user.role == "facilitator" else "/couverture"
                query = ({"testeur": code, "campagne": campaign, "ajoute": code} if user.role == "facilitator"
                         else {"campagne": campaign, "ajoute": code})
                return RedirectResponse(f"{target}?{urlencode(query)}", 303)
            except (InputError, InputErrors) as exc:
                errors = _field_errors(exc, lang)
        pick = [("", t("app.tester.pick", lang))]  # nothing chosen for the facilitator: a forgotten field is refused, not guessed
        choices = {"segment": pick + [(s.value, t(f"segments.{s.value}", lang)) for s in Segment],
                   "age_band": pick + [(a.value, a.value) for a in AgeBand],
                   "territory": pick + [(x.value, t(f"territories.{x.value}", lang)) for x in Territory],
                   "assistive_tech": pick + [(a.value, t(f"assistive_tech.{a.value}", lang)) for a in AssistiveTech],
                   "device": pick + [(d.value, t(f"devices.{d.value}", lang)) for d in Device]}
        campaigns = campaign_options(values)
        return page(request, "new_tester.html", 422 if errors else 200, errors=errors, values=values, lists=choices,
                    campaigns=campaigns,
                    title=t("app.tester.title", lang))

    def committee(request: Request, data: dict[str, str] | None) -> Response:
        signed_in(request, "committee", "coordinator")
        campaigns = list_campaigns(state.store)
        chosen = request.query_params.get("campagne") or (campaigns[0].code if campaigns else "")
        if chosen not in {c.code for c in campaigns}:
            chosen = ""
        recommendations, missing = [], None
        try:
            if chosen and not state.latest_runs(chosen):
                missing = t("app.committee.no_runs", lang, campaign=chosen)
            elif chosen:
                recommendations = state.recommendations(chosen)
        except ParcoursError as exc:  # a run record that cannot be read, named with its path
            missing = render_error(exc, lang)
        tally = Counter(r.decision.status for r in recommendations if r.decision)
        return page(request, "committee.html", campaigns=campaign_options(), chosen=chosen, recommendations=recommendations,
                    tally=sorted(tally.items()), missing=missing, title=t("app.committee.title", lang))

    def decision(request: Request, data: dict[str, str] | None) -> Response:
        user = signed_in(request, "committee", "coordinator")
        campaign = request.query_params.get("campagne", "")
        wanted = request.query_params.get("recommandation", "")
        if campaign not in {c.code for c in list_campaigns(state.store)}:
            raise _Refused(404)
        try:
            recommendation = next((r for r in state.recommendations(campaign) if r.id == wanted), None)
        except ParcoursError:
            recommendation = None
        if recommendation is None:
            raise _Refused(404)
        errors: dict[str, str] = {}
        current = recommendation.decision
        values = {"status": current.status, "owner": current.owner or "", "due": current.due or "",
                  "reason": current.reason or ""} if current else {}
        if request.method == "POST":
            values = dict(data or {})
            try:
                given = validate_form(DecisionIn, {"recommendation": wanted, **live.answered(DecisionIn, values)})
                record_decisions(state.store, DecisionsFile(campaign=campaign, decided_on=date.today(), decisions=(given,)), user.id)
                return RedirectResponse(f"/comite?{urlencode({'campagne': campaign})}#{_anchor(wanted)}", 303)
            except (InputError, InputErrors) as exc:
                errors = _field_errors(exc, lang)
        return page(request, "decision.html", 422 if errors else 200, errors=errors, values=values, campaign=campaign,
                    recommendation=recommendation, statuses=[s.value for s in Status],
                    title=t("app.decision.title", lang, title=recommendation.title))

    def session_page(request: Request, session: live.LiveSession, status: int = 200, problem: str | None = None) -> Response:
        """A session's overview: its screens and questionnaires, what is answered and what is to correct."""
        campaign = dict(campaign_options()).get(session.campaign, session.campaign)
        return page(request, "session.html", status, session=session, screens=_screens(state, session), problem=problem,
                    procedure_name=_version_name(state, session.procedure, session.version, lang), campaign_name=campaign,
                    title=t("app.session.title", lang, ref=session.ref))

    def session_overview(request: Request, data: dict[str, str] | None) -> Response:
        user = signed_in(request, "facilitator", "coordinator")
        return session_page(request, _session(request, state, user))

    def screen(request: Request, data: dict[str, str] | None) -> Response:
        user = signed_in(request, "facilitator", "coordinator")
        session_id, index = _id(request, "id"), _id(request, "n") - 1
        errors: dict[str, str] = {}
        if request.method == "POST":  # the hot path: one light look at the session, then the save
            values = dict(data or {})
            loaded = state.scenario(*live.session_head(state.store, user, session_id))
            screens = [s.name for s in loaded.scenario.steps] if loaded else _screens(state, _session(request, state, user))
            if not 0 <= index < len(screens):
                raise _Refused(404)
            following = f"/seances/{session_id}/ecran/{index + 2}" if index + 1 < len(screens) else f"/seances/{session_id}/sus"
            done, errors = attempt(request, lambda: live.save_step(state.store, user, session_id, _version(values), index,
                                                                   screens[index], values), following, "outcome",
                                   lambda: live.keep_draft(state.store, user, session_id, live.screen_form(screens[index]), values))
            if done:
                return done
        session = _session(request, state, user)
        screens = _screens(state, session)
        if not 0 <= index < len(screens):
            raise _Refused(404)
        name = screens[index]
        if request.method != "POST":
            values, errors = shown(session, live.screen_form(name),
                                   {k: "" if v is None else str(v) for k, v in session.steps.get(name, {}).items()},
                                   lambda typed: validate_form(live.StepIn, live.answered(live.StepIn, typed)))
        conflict = errors.get("outcome") == t("app.conflict", lang)
        refused = errors and request.method == "POST"  # a draft to correct shown again is no refusal
        return page(request, "screen.html", 409 if conflict else 422 if refused else 200, session=session, index=index,
                    name=name, total=len(screens), errors=errors, values=values, outcomes=OUTCOMES,
                    help_kinds=[("", t("app.help_kinds.none", lang))] + [(k.value, t(f"app.help_kinds.{k.value}", lang)) for k in HelpKind],
                    seq=range(1, 8), shot=_shot(state, session, index) is not None,
                    title=t("app.screen.title", lang, index=index + 1, total=len(screens), name=name))

    def shown(session: live.LiveSession, form: str, saved: dict[str, str],
              check: Callable[[dict[str, str]], object]) -> tuple[dict[str, str], dict[str, str]]:
        """What a form of the session shows: what is saved, or, when the app refused what was typed last,
        that draft with the messages that say what to correct."""
        typed = session.drafts.get(form)
        if typed is None:
            return saved, {}
        try:
            check(typed)
        except (InputError, InputErrors) as exc:
            return typed, _field_errors(exc, lang)
        return typed, {}

    def screenshot(request: Request, data: dict[str, str] | None) -> Response:
        user = signed_in(request, "facilitator", "coordinator")
        session = _session(request, state, user)
        path = _shot(state, session, _id(request, "n") - 1)
        if path is None:
            raise _Refused(404)
        return FileResponse(path, media_type="image/png")

    def session_form(request: Request, data: dict[str, str] | None, template: str, form_name: str,
                     saved: Callable[[live.LiveSession], dict[str, str]],
                     save: Callable[[live.Account, live.LiveSession, dict[str, str]], int],
                     check: Callable[[dict[str, str]], object], following: str,
                     conflict_field: str, opened: tuple[live.Account, live.LiveSession] | None = None,
                     **page_data: Any) -> Response:
        """A questionnaire of the session: shown with what is saved (`saved` reads it from the session), or
        the draft the app refused with its messages (`check` says them); sent, saved then on to `following`
        (a path under the session), or shown again with its messages and kept as a draft to correct.
        `opened`: the account and session, when the caller has looked them up already."""
        user, session = opened or session_of(request)
        if request.method == "POST":
            values = dict(data or {})
            done, errors = attempt(request, lambda: save(user, session, values), f"/seances/{session.id}/{following}", conflict_field,
                                   lambda: live.keep_draft(state.store, user, session.id, form_name, values))
            if done:
                return done
        else:
            values, errors = shown(session, form_name, saved(session), check)
        status = 422 if errors and request.method == "POST" else 200  # a draft to correct shown again is no refusal
        return page(request, template, status, session=session, errors=errors, values=values, **page_data)

    def sus(request: Request, data: dict[str, str] | None) -> Response:
        def answers(values: dict[str, str]) -> dict[int, int]:
            return {i: int(raw) for i in range(1, 11) if INTEGER.fullmatch(raw := values.get(f"sus_{i}", "").strip())}

        def save(user: live.Account, session: live.LiveSession, values: dict[str, str]) -> int:
            partial = AUTOSAVE in request.headers  # a questionnaire being answered: all ten are needed to go on
            return live.save_sus(state.store, user, session.id, _version(values), answers(values), partial)

        return session_form(request, data, "sus.html", "sus", lambda session: {f"sus_{i}": str(v) for i, v in session.sus.items()},
                            save, lambda values: live.sus_problems(answers(values)), "avis", "sus_1",
                            items=[t(f"app.sus.q{i}", lang) for i in range(1, 11)], title=t("app.sus.title", lang))

    def opinion(request: Request, data: dict[str, str] | None) -> Response:
        """The JDMA's questions, read to the tester at the end of the procedure."""
        return session_form(request, data, "opinion.html", "opinion", lambda session: dict(session.opinion),
                            lambda user, session, values: live.save_opinion(state.store, user, session.id, _version(values), values),
                            lambda values: validate_form(live.OpinionIn, live.answered(live.OpinionIn, values)),
                            "criteres", "satisfaction", feelings=[f.value for f in Feeling], contacts=[c.value for c in Contact],
                            title=t("app.opinion.title", lang))

    def scores(request: Request, data: dict[str, str] | None) -> Response:
        """The grid's criteria put to the tester (a scale, or yes and no), each answered by a choice."""
        opened = session_of(request)
        session = opened[1]
        criteria = [c.localized(lang) for c in state.catalogue.criteria
                    if c.mode is not Mode.AUTO and c.question and c.scale.kind in ("likert", "binary")
                    and (not c.devices or session.device in c.devices)]
        scales = {c.id: (float(c.scale.min or 1), float(c.scale.max or 5)) if c.scale.kind == "likert" else (0.0, 1.0)
                  for c in criteria}

        def given(values: dict[str, str]) -> dict[str, float]:
            """The scores chosen; one that is not a number of its scale is refused with its field."""
            found: dict[str, float] = {}
            problems = []
            for c in criteria:
                raw = values.get(f"score_{c.id}", "").strip().replace(",", ".")
                if not raw:
                    continue
                try:
                    found[c.id] = float(raw)
                except ValueError:
                    problems.append(InputError("app_not_a_number", {"value": raw[:40]}, Location(field=f"score_{c.id}")))
            if problems:
                raise InputErrors(errors=problems)
            return found

        def save(user: live.Account, session: live.LiveSession, values: dict[str, str]) -> int:
            return live.save_scores(state.store, user, session.id, _version(values), given(values), scales)

        return session_form(request, data, "scores.html", "scores", lambda session: {f"score_{c}": f"{v:g}" for c, v in session.scores.items()},
                            save, lambda values: live.scores_problems(given(values), scales), "observations",
                            f"score_{criteria[0].id}" if criteria else "form", opened,
                            criteria=[(c, _scale_options(c, lang)) for c in criteria], title=t("app.scores.title", lang))

    def observations(request: Request, data: dict[str, str] | None) -> Response:
        user = signed_in(request, "facilitator", "coordinator")
        session = _session(request, state, user)
        errors: dict[str, str] = {}
        values: dict[str, str] = {}
        if request.method == "POST":
            values = dict(data or {})
            done, errors = attempt(request, lambda: live.add_observation(state.store, user, session.id, _version(values), values),
                                   f"/seances/{session.id}/observations", "text")
            if done:
                return done
        session = live.load_session(state.store, user, session.id)
        return page(request, "observations.html", 422 if errors else 200, session=session, errors=errors, values=values,
                    screens=_screens(state, session), severities=SEVERITIES, title=t("app.observations.title", lang),
                    tags=tags)

    def finish(request: Request, data: dict[str, str] | None) -> Response:
        """Finish the session. One that lacks something is finished only once the facilitator has seen what
        and confirmed: it is then counted apart, as unfinished."""
        user = signed_in(request, "facilitator", "coordinator")
        session = _session(request, state, user)
        values = dict(data or {})
        screens = _screens(state, session)
        try:
            live.finish(state.store, user, session.id, _version(values), screens, confirmed=values.get("confirm") == "1")
        except live.Unfinished as exc:
            return page(request, "finish.html", 200, session=session, missing=[_gap_text(g, lang) for g in exc.missing],
                        title=t("app.finish.title", lang, ref=session.ref))
        except (InputError, InputErrors, live.Conflict) as exc:
            conflict = isinstance(exc, live.Conflict)
            problem = t("app.conflict", lang) if conflict else next(iter(_field_errors(exc, lang).values()))  # type: ignore[arg-type]
            return session_page(request, session, 409 if conflict else 422, problem)
        return RedirectResponse("/", 303)

    def panel_coverage(request: Request, data: dict[str, str] | None) -> Response:
        signed_in(request, "coordinator")
        campaigns = list_campaigns(state.store)
        chosen = request.query_params.get("campagne") or (campaigns[0].code if campaigns else "")
        lines = coverage(state.store, chosen, state.catalogue.quotas) if chosen else []
        return page(request, "coverage.html", campaigns=campaign_options(), chosen=chosen, lines=lines,
                    added=just_added(request, "app.tester.added_coordination"),
                    unfinished=live.unfinished_refs(state.store, chosen) if chosen else [],
                    title=t("app.coverage.title", lang))

    def recording_page(request: Request, errors: dict[str, str], status: int = 200) -> Response:
        signed_in(request, "coordinator")
        return page(request, "recording.html", status, errors=errors, hosts=", ".join(recording_hosts) or "—",
                    title=t("app.recording.title", lang))

    def recording_zip(request: Request, csrf: str, filename: str, data: bytes) -> Response:
        signed_in(request, "coordinator")
        expected = request.session.get("csrf")
        if not expected or not secrets.compare_digest(csrf, expected):
            raise _Refused(403)
        try:
            name, zipped = web_recording.scenario_zip(data, filename, recording_hosts, lang)
        except web_recording.Busy:
            return recording_page(request, {"recording": t("app.recording.busy", lang)}, 503)
        except (InputError, InputErrors) as exc:
            message = render_error(exc, lang) if filename else next(iter(_field_errors(exc, lang).values()))
            return recording_page(request, {"recording": message}, 422)
        return Response(zipped, media_type="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    async def recording(request: Request) -> Response:
        """GET: the form; POST: the recording (multipart, the only form that is), imported to a zip."""
        if request.method == "GET":
            return await run_in_threadpool(recording_page, request, {})
        await run_in_threadpool(signed_in, request, "coordinator")  # before a byte of the body is read
        try:
            csrf, filename, data = await web_recording.read_upload(request)
        except web_recording.BadUpload as exc:
            raise _Refused(exc.status) from None
        return await run_in_threadpool(recording_zip, request, csrf, filename, data)

    async def stylesheet(_: Request) -> Response:
        return FileResponse(Path(__file__).parent / "static" / "app.css", media_type="text/css")

    async def script(_: Request) -> Response:
        return FileResponse(Path(__file__).parent / "static" / "app.js", media_type="text/javascript")

    def endpoint(handler):  # noqa: ANN001, ANN202
        """The posted form is read (and its CSRF token checked) on the event loop; the handler, which
        talks to the store, runs in the thread pool so that one save never holds up the others."""
        async def run(request: Request) -> Response:
            data = await form(request) if request.method == "POST" else None
            return await run_in_threadpool(handler, request, data)
        return run

    routes = [
        Route("/", endpoint(home)), Route("/connexion", endpoint(login), methods=["GET", "POST"]),
        Route("/deconnexion", endpoint(logout), methods=["POST"]),
        Route("/seances/nouvelle", endpoint(new_session), methods=["GET", "POST"]),
        Route("/seances/{id:int}", endpoint(session_overview)),
        Route("/seances/{id:int}/ecran/{n:int}", endpoint(screen), methods=["GET", "POST"]),
        Route("/seances/{id:int}/ecran/{n:int}/capture", endpoint(screenshot)),
        Route("/seances/{id:int}/sus", endpoint(sus), methods=["GET", "POST"]),
        Route("/seances/{id:int}/avis", endpoint(opinion), methods=["GET", "POST"]),
        Route("/seances/{id:int}/criteres", endpoint(scores), methods=["GET", "POST"]),
        Route("/seances/{id:int}/observations", endpoint(observations), methods=["GET", "POST"]),
        Route("/seances/{id:int}/terminer", endpoint(finish), methods=["POST"]),
        Route("/couverture", endpoint(panel_coverage)),
        Route("/testeurs/nouveau", endpoint(new_tester), methods=["GET", "POST"]),
        Route("/comite", endpoint(committee)),
        Route("/comite/decision", endpoint(decision), methods=["GET", "POST"]),
        Route("/scenarios/enregistrement", recording, methods=["GET", "POST"]),
        Route("/app.css", stylesheet), Route("/app.js", script),
    ]

    async def refused(request: Request, exc: Exception) -> Response:
        status = exc.status if isinstance(exc, _Refused) else 403
        if status == 401:
            return RedirectResponse("/connexion", 303)
        return await run_in_threadpool(page, request, "refused.html", status, code=status,
                                       title=t(f"app.refused.{status}", lang))

    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(SessionMiddleware, secret_key=secret or secrets.token_urlsafe(32), session_cookie="parcours",
                       same_site="strict", https_only=https, max_age=SIGN_IN_S),
        ],
        exception_handlers={_Refused: refused, live.Forbidden: refused},
    )
    return Guard(app, hosts if hosts is not None else served_names("127.0.0.1"), hsts=https)


class _Refused(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _user(request: Request, state: AppState) -> live.Account | None:
    token = request.session.get("token")
    return live.signed_in_account(state.store, token) if isinstance(token, str) else None


def _csrf(request: Request) -> str:
    if "csrf" not in request.session:
        request.session["csrf"] = secrets.token_urlsafe(32)
    return request.session["csrf"]


def _id(request: Request, name: str) -> int:
    """A number of the URL (a session, a screen); one no row can have is a 404, not a fault."""
    value = int(request.path_params[name])
    if not 0 < value <= MAX_ID:
        raise _Refused(404)
    return value


INTEGER = re.compile(r"-?[0-9]{1,9}")  # a number typed in a form or kept in one: ASCII digits ("²" is a digit to Python)


def _session(request: Request, state: AppState, user: live.Account) -> live.LiveSession:
    return live.load_session(state.store, user, _id(request, "id"))


def _version(values: dict[str, str]) -> int:
    raw = values.get("row_version", "")
    if not INTEGER.fullmatch(raw.strip()):
        raise _Refused(400)
    try:
        return int(raw)
    except ValueError:
        raise _Refused(400) from None


def _screens(state: AppState, session: live.LiveSession) -> list[str]:
    """The scenario's screens of the session's procedure version, else those already recorded."""
    loaded = state.scenario(session.procedure, session.version)
    if loaded is not None:
        return [s.name for s in loaded.scenario.steps]
    return sorted(session.steps, key=lambda name: session.steps[name]["position"])  # type: ignore[arg-type,return-value]


def _shot(state: AppState, session: live.LiveSession, index: int) -> Path | None:
    """The screen's screenshot in the latest desktop replay of the version, as a reminder."""
    loaded = state.scenario(session.procedure, session.version)
    if loaded is None:
        return None
    try:
        runs = state.latest_runs(session.campaign)
    except ParcoursError:
        return None
    run = runs.get((loaded.scenario.id, "desktop"))
    if run is None or not 0 <= index < len(run.record.steps):
        return None
    try:
        path = run.screenshot(index)
    except ParcoursError:  # a record that names a file outside its run: nothing is shown
        return None
    return path


def _version_name(state: AppState, procedure: str, version: str, lang: Lang) -> str:
    """A procedure version as people name it: its scenario's title (else the procedure and version codes)."""
    loaded = state.scenario(procedure, version)
    return loaded.scenario.title if loaded is not None else t("app.version_name", lang, title=procedure, version=version)


def _scale_options(criterion: Criterion, lang: Lang) -> list[tuple[str, str]]:
    """A criterion's answers as choices: each point of its scale, its end points with their words; yes and no."""
    labels = criterion.scale.labels
    if criterion.scale.kind == "binary":
        return [("1", labels.get("1", t("app.scores.yes", lang)).capitalize()), ("0", labels.get("0", t("app.scores.no", lang)).capitalize())]
    low, high = int(criterion.scale.min or 1), int(criterion.scale.max or 5)
    return [(str(n), f"{n} – {labels[str(n)]}" if str(n) in labels else str(n)) for n in range(low, high + 1)]


def _gap_text(gap: live.Gap, lang: Lang) -> str:
    """What a session lacks, said to the facilitator."""
    forms = {"sus": t("app.sus.title", lang), "opinion": t("app.opinion.title", lang), "scores": t("app.scores.title", lang)}
    return t(f"app.finish.{gap.kind}", lang, name=forms.get(gap.name, gap.name), count=gap.count)


def _anchor(recommendation: str) -> str:
    """An id for a recommendation ("procedure:practice") that any CSS selector or fragment takes."""
    return "rec-" + recommendation.replace(":", "--")


def _field_errors(exc: InputError | InputErrors, lang: Lang) -> dict[str, str]:
    """One message per field, in the reader's language, as a sentence. The app's own wording where the
    shared one speaks of files or stored values: `app.field_errors.<field>.<code>`, then `app.field_errors.<code>`."""
    errors = exc.errors if isinstance(exc, InputErrors) else [exc]
    found: dict[str, str] = {}
    for error in errors:
        name = error.location.field if error.location and error.location.field else "form"
        code = next((key for key in (f"app.field_errors.{name}.{error.code}", f"app.field_errors.{error.code}") if has(key, lang)),
                    f"errors.{error.code}")
        message = t(code, lang, **error.params)
        found.setdefault(name, message[:1].upper() + message[1:])
    return found
