"""The facilitator app over real HTTP on loopback, on a real store (SQLite and PostgreSQL): accounts,
CSRF, scoping, validation at the field, concurrent saves, audit trail."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from tests.web.clients import Client as TestClient
from tests.web.clients import version_choice

from harness.analysis.panel_data import load_panel
from harness.cli import demo_scenarios
from harness.panel import live
from harness.panel.models import CampaignIn, TesterIn
from harness.panel.service import add_testers, coverage, create_campaign, list_testers
from harness.scenario.loader import load_all
from harness.store.tables import AuditEntry, Observation, Session, StepResult, Tester
from harness.web.app import create_app
from harness.web.limits import PER_LOGIN as LOGIN_ATTEMPTS
from harness.webserver import BackgroundServer

PASSWORD = "correct horse battery"


@pytest.fixture
def app(store, catalogue, tmp_path: Path):  # noqa: ANN001, ANN201
    create_campaign(store, CampaignIn(code="essai", title="Campagne d'essai"))
    add_testers(store, [TesterIn(code="T-001", segment="senior", age_band="75+", territory="rural", digital_comfort=2,
                                 device="tablet")], "essai")
    for login, role in (("anne", "facilitator"), ("bruno", "facilitator"), ("coord", "coordinator")):
        live.add_user(store, login, PASSWORD, role)
    loaded, _ = load_all([demo_scenarios()])
    with BackgroundServer(create_app(store, catalogue, loaded, tmp_path / "runs", "fr", secret="test-secret")) as server:
        yield server.url


def client(app: str, login: str | None = "anne") -> TestClient:
    c = TestClient(base_url=app)
    if login:
        page = c.get("/connexion")
        response = c.post("/connexion", data={"login": login, "password": PASSWORD, "csrf": token(page.text)},
                          follow_redirects=False)
        assert response.status_code == 303, response.text
    return c


def token(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def version_field(html: str) -> str:
    return re.search(r'name="row_version" value="(\d+)"', html).group(1)


def start(c: TestClient) -> int:
    page = c.get("/seances/nouvelle")
    version = version_choice(page.text, "version améliorée")
    response = c.post("/seances/nouvelle", data={"csrf": token(page.text), "campaign": "essai", "version_id": version,
                                                 "tester": "t-001", "held_on": "2026-11-23", "device": "tablet"},
                      follow_redirects=False)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def test_pages_need_an_account_and_send_security_headers(app) -> None:  # noqa: ANN001
    anonymous = TestClient(base_url=app)
    response = anonymous.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/connexion"
    page = anonymous.get("/connexion")
    assert "script-src 'self'" in page.headers["content-security-policy"] and "unsafe-inline" not in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY" and page.headers["x-content-type-options"] == "nosniff"
    signed = anonymous.post("/connexion", data={"login": "anne", "password": PASSWORD, "csrf": token(page.text)})
    set_cookie = signed.headers["set-cookie"].lower()
    assert set_cookie.startswith("parcours=") and "httponly" in set_cookie and "samesite=strict" in set_cookie


def test_a_sign_in_posted_from_nowhere_is_refused(app) -> None:  # noqa: ANN001
    fresh = TestClient(base_url=app)  # no page shown first: no token in its session
    response = fresh.post("/connexion", data={"login": "anne", "password": PASSWORD, "csrf": ""})
    assert response.status_code == 403
    assert fresh.get("/").headers["location"] == "/connexion"  # not signed in


def test_a_wrong_password_is_refused_and_attempts_are_limited(app) -> None:  # noqa: ANN001
    c = TestClient(base_url=app)
    csrf = token(c.get("/connexion").text)
    for _ in range(LOGIN_ATTEMPTS):
        wrong = c.post("/connexion", data={"login": "anne", "password": "nope", "csrf": csrf})
        assert wrong.status_code == 401 and "Identifiant ou mot de passe incorrect" in wrong.text
    blocked = c.post("/connexion", data={"login": "anne", "password": PASSWORD, "csrf": csrf})
    assert blocked.status_code == 429 and "Trop d'essais" in unescape(blocked.text)


def test_a_form_without_its_csrf_token_is_refused(app, store) -> None:  # noqa: ANN001
    c = client(app)
    session_id = start(c)
    page = c.get(f"/seances/{session_id}/ecran/1")
    response = c.post(f"/seances/{session_id}/ecran/1", data={"outcome": "success", "row_version": version_field(page.text)})
    assert response.status_code == 403
    with store.reading() as db:
        assert db.query(StepResult).count() == 0


def test_a_full_session_is_recorded_screen_by_screen(app, store) -> None:  # noqa: ANN001
    c = client(app)
    session_id = start(c)
    screens = re.findall(r'<a href="/seances/\d+/ecran/(\d+)">', c.get(f"/seances/{session_id}").text)
    assert len(screens) == 7  # the scenario's screens guide the recording
    for n in screens:
        page = c.get(f"/seances/{session_id}/ecran/{n}")
        response = c.post(f"/seances/{session_id}/ecran/{n}", follow_redirects=False, data={
            "csrf": token(page.text), "row_version": version_field(page.text), "outcome": "assisted" if n == "2" else "success",
            "seconds": "42", "help_requests": "1" if n == "2" else "0", "help_kind": "showed" if n == "2" else "",
            "errors": "0", "seq": "6"})
        assert response.status_code == 303, response.text
    page = c.get(f"/seances/{session_id}/sus")
    answers = {f"sus_{i}": "4" if i % 2 else "2" for i in range(1, 11)}
    assert c.post(f"/seances/{session_id}/sus", data={"csrf": token(page.text), "row_version": version_field(page.text), **answers},
                  follow_redirects=False).status_code == 303
    page = c.get(f"/seances/{session_id}/observations")
    assert c.post(f"/seances/{session_id}/observations", follow_redirects=False, data={
        "csrf": token(page.text), "row_version": version_field(page.text), "step": "Identité", "severity": "high",
        "text": "Cherche le bouton <script>alert(1)</script> longtemps", "tags": "erreur"}).status_code == 303
    shown = c.get(f"/seances/{session_id}/observations").text
    assert "&lt;script&gt;" in shown and "<script>alert" not in shown  # kept as text, shown escaped
    assert load_panel(store, "essai").sessions.empty  # a draft is no evidence yet
    page = c.get(f"/seances/{session_id}")
    assert c.post(f"/seances/{session_id}/terminer", data={"csrf": token(page.text), "row_version": version_field(page.text)},
                  follow_redirects=False).status_code == 303
    session = live.load_session(store, live.authenticate(store, "anne", PASSWORD), session_id)
    assert session.status == "complete" and len(session.steps) == 7 and len(session.sus) == 10
    assert session.steps["Identité"]["outcome"] == "assisted" and session.steps["Identité"]["help_kind"] == "showed"
    assert session.observations[0]["tags"] == "erreur"
    panel = load_panel(store, "essai")  # what every report reads
    assert list(panel.sessions["tester"]) == ["T-001"] and len(panel.steps) == 7 and len(panel.sus) == 10
    assert list(panel.observations["tags"]) == ["erreur"]



def as_read(html: str) -> str:
    """A page's text as read: its quotations (<q>) in their guillemets."""
    return unescape(re.sub(r"</?q>", lambda tag: "« " if tag.group(0) == "<q>" else " »", html))


def field_message(html: str, field: str) -> str | None:
    """The message shown by a field, as read."""
    found = re.search(rf'<p class="error-message" id="{field}-error">(.*?)</p>', html)
    return as_read(found.group(1)) if found else None

BAD_INPUTS = [  # page, what is sent, the field in error, words of its message
    ("ecran/1", {"outcome": "success", "seq": "9"}, "seq", "au plus 7"),
    ("ecran/1", {"outcome": "peut-être"}, "outcome", ""),
    ("ecran/1", {"outcome": "success", "seconds": "-3"}, "seconds", ""),
    ("ecran/1", {"outcome": "success", "help_kind": "did_it"}, "help_kind", "choisissez « Réussi avec de l'aide »"),
    ("sus", {"sus_1": "7"}, "sus_1", "entre 1 et 5"),
    ("observations", {"severity": "high", "text": "Mme Martin ne voit pas le champ"}, "text", "nomme une personne"),
    ("observations", {"severity": "high", "text": "Écrire à jean.dupont@example.org"}, "text", "adresse électronique"),
    ("observations", {"severity": "high", "text": "x" * 2001}, "text", ""),
]


def test_bad_input_gets_a_message_at_its_field_and_nothing_is_stored(app, store, subtests) -> None:  # noqa: ANN001
    # one session takes every bad input in turn: none of them may change it
    c = client(app)
    session_id = start(c)
    for path, data, field, message in BAD_INPUTS:
        with subtests.test(path=path, field=field, message=message):
            page = c.get(f"/seances/{session_id}/{path}")
            response = c.post(f"/seances/{session_id}/{path}",
                              data={"csrf": token(page.text), "row_version": version_field(page.text), **data})
            assert response.status_code == 422
            error = field_message(response.text, field)
            assert error and message in error, response.text[:2000]
            assert f'href="#{field}"' in response.text  # the summary links to the field
            with store.reading() as db:
                assert db.query(StepResult).count() == 0 and db.query(Observation).count() == 0


def test_another_facilitators_session_is_out_of_reach(app) -> None:  # noqa: ANN001
    session_id = start(client(app, "anne"))
    bruno = client(app, "bruno")
    assert bruno.get(f"/seances/{session_id}").status_code == 403
    page = bruno.get("/")
    response = bruno.post(f"/seances/{session_id}/ecran/1", data={"csrf": token(page.text), "row_version": "1", "outcome": "success"})
    assert response.status_code == 403
    assert client(app, "coord").get(f"/seances/{session_id}").status_code == 200  # the coordinator sees all
    assert client(app, "coord").get("/seances/nouvelle").status_code == 403  # but records none


def test_a_stale_save_is_refused_not_merged(app, store) -> None:  # noqa: ANN001
    c = client(app)
    session_id = start(c)
    first_tab, second_tab = c.get(f"/seances/{session_id}/ecran/1"), c.get(f"/seances/{session_id}/ecran/1")
    ok = c.post(f"/seances/{session_id}/ecran/1", follow_redirects=False, data={
        "csrf": token(first_tab.text), "row_version": version_field(first_tab.text), "outcome": "success"})
    assert ok.status_code == 303
    stale = c.post(f"/seances/{session_id}/ecran/1", data={
        "csrf": token(second_tab.text), "row_version": version_field(second_tab.text), "outcome": "failure"})
    assert stale.status_code == 409 and "modifiée entre-temps" in unescape(stale.text)
    with store.reading() as db:
        assert [s.outcome for s in db.query(StepResult)] == ["success"]


def test_a_correction_to_a_finished_session_keeps_an_audit_trail(app, store) -> None:  # noqa: ANN001
    anne = live.authenticate(store, "anne", PASSWORD)
    session_id = start(client(app))
    version = live.save_step(store, anne, session_id, 1, 0, "Accueil", {"outcome": "success"})
    assert live.finish(store, anne, session_id, version, ["Accueil"], confirmed=True) == "incomplete"  # no SUS
    live.save_step(store, anne, session_id, version + 1, 0, "Accueil", {"outcome": "assisted", "help_requests": "1"})
    with store.reading() as db:
        trail = [(e.field, e.old, e.new) for e in db.query(AuditEntry).order_by(AuditEntry.id)]
    assert trail == [("Accueil.outcome", "success", "assisted"), ("Accueil.help_requests", "0", "1")]


def test_accounts_refuse_weak_passwords_and_unknown_roles(store) -> None:  # noqa: ANN001
    from harness.errors import InputErrors

    with pytest.raises(InputErrors) as caught:
        live.add_user(store, "X y", "court", "admin")
    assert {e.code for e in caught.value.errors} == {"app_bad_login", "app_short_password", "app_bad_role"}
    assert live.authenticate(store, "personne", PASSWORD) is None


def test_autosave_is_answered_in_json_and_a_half_answered_sus_does_not_finish(app, store) -> None:  # noqa: ANN001
    c = client(app)
    session_id = start(c)
    page = c.get(f"/seances/{session_id}/ecran/1")
    autosave = {"X-Parcours-Autosave": "1"}
    unfinished = c.post(f"/seances/{session_id}/ecran/1", headers=autosave,
                        data={"csrf": token(page.text), "row_version": version_field(page.text), "seconds": "12"})
    assert unfinished.status_code == 422 and set(unfinished.json()["errors"]) == {"outcome"}  # kept on the device
    saved = c.post(f"/seances/{session_id}/ecran/1", headers=autosave,
                   data={"csrf": token(page.text), "row_version": version_field(page.text), "outcome": "success"})
    assert saved.status_code == 200 and saved.json() == {"row_version": int(version_field(page.text)) + 1}
    stale = c.post(f"/seances/{session_id}/ecran/1", headers=autosave,
                   data={"csrf": token(page.text), "row_version": version_field(page.text), "outcome": "failure"})
    assert stale.status_code == 409 and "modifiée entre-temps" in stale.json()["errors"]["outcome"]
    sus = c.get(f"/seances/{session_id}/sus")
    partial = c.post(f"/seances/{session_id}/sus", headers=autosave,
                     data={"csrf": token(sus.text), "row_version": version_field(sus.text), "sus_1": "4", "sus_2": "2"})
    assert partial.status_code == 200  # a questionnaire being answered is saved as it goes
    refused = c.post(f"/seances/{session_id}/sus", data={"csrf": token(sus.text), "row_version": str(partial.json()["row_version"]),
                                                         "sus_1": "4", "sus_2": "2"})
    assert refused.status_code == 422 and "dix questions" in unescape(refused.text)  # but sending it needs all ten
    overview = c.get(f"/seances/{session_id}")
    finished = c.post(f"/seances/{session_id}/terminer", data={"csrf": token(overview.text), "row_version": version_field(overview.text)})
    # finishing asks first, saying what is missing: six screens, eight SUS answers, the SUS to correct
    shown = as_read(finished.text)
    assert finished.status_code == 200 and "l'écran « Identité » n'a pas de réponse" in shown
    assert "la réponse au questionnaire « Questionnaire SUS » a été refusée" in shown
    assert live.load_session(store, live.authenticate(store, "anne", PASSWORD), session_id).status == "draft"
    assert "à corriger" in unescape(c.get(f"/seances/{session_id}").text)


BAD_TESTERS = [  # what differs from a valid tester, the field in error, words of its message
    ({"code": "DUPONT"}, "code", "pseudonyme"),
    ({"consent_on": "2099-01-01"}, "consent_on", "dans le futur"),
    ({"consent_on": ""}, "consent_on", "obligatoire"),
    ({"digital_comfort": "11"}, "digital_comfort", "au plus 10"),
    ({"code": "T-001"}, "code", "T-001"),  # already on the panel
    ({"campaign": "inconnue"}, "campaign", "inconnue"),
    ({"segment": ""}, "segment", "obligatoire"),  # « Choisir… » left as it is: refused, not guessed
]


def test_a_tester_added_in_the_app_is_checked_at_each_field(app, store, subtests) -> None:  # noqa: ANN001
    c = client(app)
    for change, field, message in BAD_TESTERS:
        with subtests.test(field=field, message=message):
            page = c.get("/testeurs/nouveau")
            data = {"csrf": token(page.text), "campaign": "essai", "code": "T-050", "segment": "young", "age_band": "16-24",
                    "territory": "urban", "digital_comfort": "3", "assistive_tech": "none", "device": "smartphone",
                    "consent_on": "2026-11-20", **change}
            response = c.post("/testeurs/nouveau", data=data)
            assert response.status_code == 422
            error = field_message(response.text, field)
            assert error and message in error, response.text[:2000]
            with store.reading() as db:
                assert db.query(Tester).count() == 1  # nothing added


def test_a_tester_added_in_the_app_is_enrolled_with_the_consent_date_and_a_session_can_start(app, store) -> None:  # noqa: ANN001
    c = client(app)
    page = c.get("/testeurs/nouveau?campagne=essai")
    response = c.post("/testeurs/nouveau", follow_redirects=False, data={
        "csrf": token(page.text), "campaign": "essai", "code": "t-050", "segment": "jeune", "age_band": "16-24",
        "territory": "urbain", "digital_comfort": "3", "device": "smartphone", "consent_on": "2026-11-20"})
    assert response.status_code == 303 and response.headers["location"] == "/seances/nouvelle?testeur=T-050&campagne=essai&ajoute=T-050"
    following = c.get(response.headers["location"]).text
    assert 'value="T-050"' in following  # the new session is filled in
    assert "Testeur T-050 ajouté au panel" in following  # and says so
    assert "ajouté au panel" not in c.get("/seances/nouvelle?ajoute=PERSONNE").text  # only a tester the panel has
    [tester] = [t for t in list_testers(store, "essai") if t.code == "T-050"]
    assert (tester.segment, tester.consent_on) == ("young", date(2026, 11, 20))


def test_coverage_counts_testers_who_finished_a_session(app, store, catalogue) -> None:  # noqa: ANN001
    add_testers(store, [TesterIn(code="T-002", segment="senior", age_band="60-74", territory="urban", digital_comfort=3,
                                 device="computer")], "essai")
    anne = live.authenticate(store, "anne", PASSWORD)
    done = start(client(app))
    version = live.save_step(store, anne, done, 1, 0, "Accueil", {"outcome": "success"})
    version = live.save_sus(store, anne, done, version, {i: 3 for i in range(1, 11)})
    assert live.finish(store, anne, done, version, ["Accueil"]) == "complete"
    start(client(app))  # a draft: not counted yet
    unfinished = start(client(app))  # finished on purpose with its SUS missing: counted apart
    version = live.save_step(store, anne, unfinished, 1, 0, "Accueil", {"outcome": "success"})
    with pytest.raises(live.Unfinished):
        live.finish(store, anne, unfinished, version, ["Accueil"])
    live.finish(store, anne, unfinished, version, ["Accueil"], confirmed=True)
    page = client(app, "coord").get("/couverture?campagne=essai").text
    assert "1 séance terminée inachevée, comptée à part" in unescape(page) and "APP-0003" in page
    assert list(load_panel(store, "essai").sessions["session"]) == ["APP-0001"]  # what every report reads
    row = re.search(r'<th scope="row">Seniors</th>((?:<td>\d+</td>)+)', page).group(1)
    quota = next(line for line in coverage(store, "essai", catalogue.quotas) if line.group == "senior").target
    assert re.findall(r"<td>(\d+)</td>", row) == [str(quota), "2", "1", "1", str(max(quota - 1, 0)), str(max(quota - 2, 0))]


def test_the_committee_pages_are_the_committees(app, store) -> None:  # noqa: ANN001
    live.add_user(store, "clara", PASSWORD, "committee")
    session_id = start(client(app))
    assert client(app, "anne").get("/comite").status_code == 403
    clara = client(app, "clara")
    assert clara.get(f"/seances/{session_id}").status_code == 403  # a committee member reads reports, not sessions
    assert "n'a pas encore été rejouée" in unescape(clara.get("/comite?campagne=essai").text)
    assert clara.get("/comite/decision?campagne=essai&recommandation=x:y").status_code == 404


def test_the_jdma_answers_are_stored_as_the_sessions_file_stores_them_and_can_be_taken_back(app, store) -> None:  # noqa: ANN001
    c = client(app)
    session_id = start(c)
    anne = live.authenticate(store, "anne", PASSWORD)

    def send(**answers: str):  # noqa: ANN202
        page = c.get(f"/seances/{session_id}/avis")
        return c.post(f"/seances/{session_id}/avis", follow_redirects=False,
                      data={"csrf": token(page.text), "row_version": version_field(page.text), **answers})

    sent = send(satisfaction="bad", clarity="2", contact="reached", help_quality="4")
    assert sent.status_code == 303 and sent.headers["location"] == f"/seances/{session_id}/criteres"
    assert live.load_session(store, anne, session_id).opinion == {
        "satisfaction": "bad", "clarity": "2", "contact": "reached", "help_quality": "4"}
    with store.reading() as db:
        row = db.get(Session, session_id)
        assert (row.satisfaction, row.contact) == (0, "reached")  # the Observatoire's mark for the "bad" face
    page = c.get(f"/seances/{session_id}/avis")
    assert re.search(r'id="satisfaction-3" name="satisfaction" value="bad" checked', page.text)
    refused = send(satisfaction="bad", clarity="2", contact="none", help_quality="4")
    assert refused.status_code == 422 and "pu joindre l'administration" in field_message(refused.text, "help_quality")
    assert live.load_session(store, anne, session_id).opinion["contact"] == "reached"  # nothing of it stored
    taken_back = send(satisfaction="", clarity="2", contact="none", help_quality="")  # « Pas de réponse »
    assert taken_back.status_code == 303
    assert live.load_session(store, anne, session_id).opinion == {"clarity": "2", "contact": "none"}
