"""A facilitator records a whole session through the app in a real Chromium, and the committee report
built afterwards counts it; a committee member records a decision the report then shows. On SQLite
and on PostgreSQL. Then what app.js promises: the field being typed survives a closed tab, and a
screen finished offline is sent when the connection returns."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import select

from harness.analysis.campaign import analyse
from harness.analysis.panel_data import load_panel
from harness.analysis.stats import sus_score
from harness.cli import demo_scenarios
from harness.i18n import t
from harness.panel import live
from harness.panel.models import CampaignIn
from harness.panel.service import create_campaign
from harness.replay.campaign import Settings, run_campaign
from harness.replay.profiles import PROFILES
from harness.reports.committee import committee_report
from harness.reports.own_language import describe, own_language_issues
from harness.analysis.sources import gather
from harness.runs.writer import RunWriter
from harness.scenario.loader import load_all
from harness.store.tables import FormDraft, Session, StepResult
from harness.web.app import create_app
from harness.webserver import BackgroundServer

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
SUS = [4, 2, 4, 2, 5, 1, 4, 2, 4, 2]


@pytest.fixture(scope="module")
def replayed(tmp_path_factory, demo, browser_session) -> Path:  # noqa: ANN001
    """A desktop replay of the demo's first version as the campaign's run: made once for the file, only
    read by the app (each test has its own store)."""
    scenarios, _ = load_all([demo_scenarios()])
    runs = tmp_path_factory.mktemp("replayed") / "runs"
    avant = [s for s in scenarios if s.scenario.version == "avant"]
    run_campaign(avant, [PROFILES["desktop"]], Settings("essai", demo.url, timeout_ms=5_000), [RunWriter(runs, "essai")],
                 browser_session)
    return runs


@pytest.fixture
def app(store, catalogue, replayed: Path) -> Iterator[tuple[str, Path]]:  # noqa: ANN001
    """The app on a fresh store, with the replay of the demo's first version as the campaign's run."""
    create_campaign(store, CampaignIn(code="essai", title="Campagne d'essai"))
    live.add_user(store, "anne", PASSWORD, "facilitator")
    live.add_user(store, "clara", PASSWORD, "committee")
    live.add_user(store, "coralie", PASSWORD, "coordinator")
    scenarios, _ = load_all([demo_scenarios()])
    runs = replayed
    with BackgroundServer(create_app(store, catalogue, scenarios, runs, "fr", secret="test-secret")) as server:
        yield server.url, runs


def signed_in(browser_session, url: str, login: str) -> tuple[BrowserContext, Page]:  # noqa: ANN001
    context = browser_session.browser().new_context(base_url=url)
    page = context.new_page()
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text(f"Connecté : {login}")).to_be_visible()
    return context, page


def plain(page: Page, found: list[str]) -> None:
    """What the plain-language checks Parcours makes on French screens find in the page's own words."""
    expect(page.locator("main h1")).to_be_visible()
    found += [f"{page.url}: {describe(issue)}" for issue in own_language_issues(page)]


def step_saved(store, name: str) -> StepResult | None:  # noqa: ANN001
    with store.reading() as db:
        return db.scalar(select(StepResult).where(StepResult.step == name))


def wait_for(check, timeout_s: float = 10):  # noqa: ANN001, ANN201
    deadline = time.monotonic() + timeout_s
    while (found := check()) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def names(page: Page) -> list[str]:
    """The screens listed on a session's page, by name."""
    return [text.split(" : ", 1)[1] for text in page.get_by_role("list", name="Les écrans").get_by_role("link").all_inner_texts()]


def add_tester_and_start(page: Page, code: str, language: list[str] | None = None) -> None:
    page.get_by_role("link", name="Ajouter un testeur", exact=True).click()
    if language is not None:
        plain(page, language)
    page.get_by_label("Code du testeur").fill(code)
    page.get_by_label("Public").select_option("senior")
    page.get_by_label("Tranche d'âge").select_option("75+")
    page.get_by_label("Territoire").select_option("rural")
    page.get_by_label("Aisance avec le numérique").fill("2")
    page.get_by_label("Appareil habituel").select_option("tablet")
    page.get_by_label("Date du consentement").fill(date.today().isoformat())
    page.get_by_role("button", name="Ajouter le testeur").click()
    expect(page.get_by_role("heading", name="Nouvelle séance")).to_be_visible()
    expect(page.get_by_role("status").first).to_have_text(f"Testeur {code} ajouté au panel. Vous pouvez commencer sa séance.")
    expect(page.get_by_label("Code du testeur")).to_have_value(code)  # carried over
    expect(page.get_by_label("Campagne d'essai")).to_be_checked()  # the one campaign there is
    page.get_by_role("group", name="Démarche et version testées").get_by_label(
        "Carte mobilité inclusion — stationnement (version actuelle)").check()
    page.get_by_role("button", name="Commencer la séance").click()  # the device left to the tester's usual one
    expect(page.get_by_role("heading", name="Séance APP-0001")).to_be_visible()
    expect(page.get_by_text("appareil : Tablette")).to_be_visible()


def on_first_screen(browser_session, url: str, code: str) -> tuple[BrowserContext, Page, str]:  # noqa: ANN001
    """Anne signed in, tester `code` added and their session started, on its first screen (its name)."""
    context, page = signed_in(browser_session, url, "anne")
    add_tester_and_start(page, code)
    first = names(page)[0]
    page.get_by_role("link", name=f"Écran 1 : {first}").click()
    return context, page, first


# SQLite, the default store: the same pages on PostgreSQL are walked through HTTP by tests/web/test_app.py
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_session_recorded_in_the_browser_reaches_the_committee_report(app, store, catalogue, browser_session) -> None:  # noqa: ANN001
    url, runs = app
    language: list[str] = []  # every page's own words are checked as the facilitator goes
    context, page = signed_in(browser_session, url, "anne")
    plain(page, language)
    add_tester_and_start(page, "T-101", language)
    plain(page, language)
    screens = names(page)
    assert len(screens) >= 3
    page.get_by_role("link", name=f"Écran 1 : {screens[0]}").click()
    for index, name in enumerate(screens):
        expect(page.get_by_role("heading", name=f"Écran {index + 1} sur {len(screens)} : {name}")).to_be_visible()
        if index == 0:
            plain(page, language)
        if index == 0:  # a reminder from the latest replay (which stops before a step that would send anything)
            expect(page.get_by_role("img", name=f"Capture de l'écran « {name} »")).to_be_visible()
        page.get_by_label("Réussi avec de l'aide" if index == 1 else "Réussi seul").check()
        if index == 0:  # autosave: the outcome is on the server before the form is sent
            saved = wait_for(lambda screen=name: step_saved(store, screen))
            assert saved is not None and saved.outcome == "success"
            timer = page.get_by_role("button", name="Démarrer le chronomètre")
            timer.click()
            page.wait_for_timeout(1_200)
            page.get_by_role("button", name="Arrêter le chronomètre").click()
            assert int(page.get_by_label("Temps passé, en secondes").input_value()) >= 1
        else:
            page.get_by_label("Temps passé, en secondes").fill(str(30 + index))
        page.get_by_label("Nombre de fois où le testeur a demandé de l'aide").fill("1" if index == 1 else "0")
        if index == 1:
            page.get_by_label("Aide apportée").select_option(label="A montré où regarder ou agir")
        page.get_by_role("group", name="Facilité ressentie (SEQ)").get_by_label("5", exact=True).check()
        page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_role("heading", name="Questionnaire SUS")).to_be_visible()
    plain(page, language)
    for item, answer in enumerate(SUS, 1):
        page.get_by_role("group", name=f"{item}. ").get_by_label(str(answer) if answer not in (1, 5) else
                                                                  "1 – Pas du tout d'accord" if answer == 1 else "5 – Tout à fait d'accord").check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    # the JDMA's questions: help is rated only by a tester who reached the administration
    expect(page.get_by_role("heading", name="Je donne mon avis")).to_be_visible()
    plain(page, language)
    page.get_by_role("group", name="De façon générale, comment ça s'est passé ?").get_by_label("Moyen").check()
    page.get_by_role("group", name="Qu'avez-vous pensé des informations").get_by_label("4", exact=True).check()
    page.get_by_role("group", name="avez-vous cherché à joindre l'administration").get_by_label("Non").check()
    page.get_by_role("group", name="Comment jugez-vous l'aide").get_by_label("3", exact=True).check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_text("La qualité de l'aide ne se note que si le testeur a pu joindre l'administration").first).to_be_visible()
    with store.reading() as db:
        assert db.scalar(select(Session.help_quality)) is None  # the refused answer is not stored
    page.get_by_role("group", name="avez-vous cherché à joindre l'administration").get_by_label("Oui, et je l'ai jointe").check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_role("heading", name="Critères de la grille")).to_be_visible()
    plain(page, language)
    questions = page.get_by_role("group")
    assert questions.count() >= 3
    for i in range(questions.count()):  # a scale (4 of 5), or yes and no (yes)
        choices = questions.nth(i)
        (choices.get_by_label("4", exact=True) if choices.get_by_label("4", exact=True).count() else choices.get_by_label("Oui")).check()
    expect(page.get_by_text("Sur votre téléphone ou votre tablette")).to_have_count(1)  # a tablet session
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.get_by_label("Écran concerné").select_option(screens[1])
    page.get_by_label("élevée").check()
    page.get_by_label("Ce que vous avez observé").fill("Le testeur cherche longtemps le bouton pour continuer.")
    page.get_by_label("Étiquettes").fill("navigation")
    page.get_by_role("button", name="Ajouter l'observation").click()
    expect(page.get_by_text("Le testeur cherche longtemps le bouton")).to_be_visible()
    plain(page, language)
    page.get_by_role("link", name="J'ai fini : revenir à la séance").click()
    page.get_by_role("button", name="Terminer la séance").click()
    expect(page.get_by_role("cell", name="terminée")).to_be_visible()
    plain(page, language)
    context.close()

    panel = load_panel(store, "essai")
    answers = panel.sessions.iloc[0]
    assert (answers["satisfaction"], answers["clarity"], answers["contact"], answers["help_quality"]) == (5, 4, "reached", 3)
    steps = panel.steps
    assert steps.loc[steps["outcome"] == "assisted", "help_kind"].tolist() == ["showed"]
    report = committee_report(analyse(gather(runs, "essai", catalogue, store)), "fr")
    key = {k.label: k for k in report.data["key"]}
    testers = key[t("report.key.testers", "fr")]
    assert testers.value == 1 and testers.detail == f"{t('segments.senior', 'fr')} 1"
    assert key[t("report.key.completion", "fr")].value == 0.0  # one screen passed with help: not a success alone
    assert key[t("report.key.sus", "fr")].value == pytest.approx(sus_score(SUS))

    # the committee decides, in the app; the report shows the decision
    context, page = signed_in(browser_session, url, "clara")
    page.get_by_role("link", name="Décisions du comité").click()
    plain(page, language)
    first = report.data["recommendations"][0]
    page.get_by_role("link", name=f"Décider : {first.title}").click()
    plain(page, language)
    page.get_by_label("Retenue").check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Indiquez le service responsable")).to_have_count(2)  # summary and field
    page.get_by_label("Service responsable").fill("M. Durand, chef du service numérique")
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Nommez un service, pas une personne (M. Durand)")).to_have_count(2)  # quoted: <q>
    page.get_by_label("Service responsable").fill("Service urbanisme")
    page.get_by_label("Échéance").fill("2027-03-31")
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Retenue – Service urbanisme – échéance 31 mars 2027")).to_be_visible()
    context.close()
    again = committee_report(analyse(gather(runs, "essai", catalogue, store)), "fr").data["recommendations"][0]
    assert again.id == first.id and again.decision is not None
    assert (again.decision.status, again.decision.owner) == ("retained", "Service urbanisme")

    # the pages no role above has walked: sign-in, the panel's coverage, a page refused
    context = browser_session.browser().new_context(base_url=url)
    page = context.new_page()
    page.goto("/connexion")
    plain(page, language)
    context.close()
    context, page = signed_in(browser_session, url, "coralie")
    page.get_by_role("link", name="Couverture du panel").click()
    plain(page, language)
    page.goto("/seances/999")
    plain(page, language)
    context.close()
    assert language == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_closed_tab_keeps_the_field_being_typed_and_an_offline_screen_is_sent_later(app, store, browser_session) -> None:  # noqa: ANN001
    url, _ = app
    context, page = signed_in(browser_session, url, "anne")
    add_tester_and_start(page, "T-102")
    screens = names(page)
    page.get_by_role("link", name=f"Écran 1 : {screens[0]}").click()
    screen_url = page.url

    # typed, not sent: the tab is closed; a new one on the same screen gets it back
    page.get_by_label("Réussi seul").check()
    wait_for(lambda: step_saved(store, screens[0]))
    # the page has the server's answer (the new row version) before the next field is typed: a draft
    # typed before it would name the old version, and be rightly dropped as out of date
    expect(page.locator("input[name=row_version]")).not_to_have_value("1")
    page.get_by_label("Temps passé, en secondes").press_sequentially("47")
    page.close()
    page = context.new_page()
    page.goto(screen_url)
    expect(page.get_by_label("Temps passé, en secondes")).to_have_value("47")
    expect(page.get_by_role("status")).to_have_text("Brouillon repris : la saisie faite sur cet appareil a été remise dans le formulaire.")

    # finished offline: kept on the device, sent when the connection returns
    page.wait_for_load_state("load")  # the page's script is there before the connection goes
    context.set_offline(True)
    page.wait_for_function("() => !navigator.onLine")  # the page knows it before anything is sent
    page.get_by_role("group", name="Facilité ressentie (SEQ)").get_by_label("6", exact=True).check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_role("status")).to_contain_text("Hors connexion")
    assert step_saved(store, screens[0]).seq is None  # type: ignore[union-attr]
    context.set_offline(False)
    expect(page.get_by_role("heading", name=f"Écran 2 sur {len(screens)} : {screens[1]}")).to_be_visible(timeout=15_000)
    saved = step_saved(store, screens[0])
    assert saved is not None and (saved.seconds, saved.seq) == (47, 6)

    # signing out forgets what was typed on this device (a shared machine); the page's script
    # keeps drafts once it has run, so typing waits for the page to have loaded
    page.wait_for_load_state("load")
    page.get_by_label("Temps passé, en secondes").press_sequentially("99")
    assert page.evaluate("Object.keys(localStorage).some(k => k.startsWith('parcours:draft:'))")
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    assert not page.evaluate("Object.keys(localStorage).some(k => k.startsWith('parcours:draft:'))")
    context.close()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_screen_queued_offline_is_not_taken_as_saved_when_the_session_has_expired(app, store, browser_session) -> None:  # noqa: ANN001
    url, _ = app
    context, page, first = on_first_screen(browser_session, url, "T-103")
    page.wait_for_load_state("load")  # the page's script is there before the connection goes
    context.set_offline(True)
    page.wait_for_function("() => !navigator.onLine")  # the page knows it before anything is sent
    page.get_by_label("Réussi seul").check()
    page.get_by_role("group", name="Facilité ressentie (SEQ)").get_by_label("3", exact=True).check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_role("status")).to_contain_text("Hors connexion")
    context.clear_cookies()  # the sign-in expired while the device was offline: the form is refused (403), not lost
    context.set_offline(False)
    expect(page.get_by_role("status")).to_contain_text("n'a pas pu être enregistrée", timeout=15_000)
    assert step_saved(store, first) is None
    assert page.evaluate("Object.keys(localStorage).some(k => k.startsWith('parcours:draft:'))")  # kept to send again
    context.close()


def draft_of(store, form: str) -> FormDraft | None:  # noqa: ANN001
    with store.reading() as db:
        return db.scalar(select(FormDraft).where(FormDraft.form == form))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_refused_answer_waits_to_be_corrected_and_an_incomplete_session_is_finished_apart(app, store, browser_session) -> None:  # noqa: ANN001
    url, _ = app
    context, page, first = on_first_screen(browser_session, url, "T-104")

    # the ease scale is a row of choices the keyboard walks: Tab into it, arrows along it
    page.get_by_label("Nombre d'erreurs de saisie").focus()
    page.keyboard.press("Tab")  # onto the choice made: none yet, "not asked"
    expect(page.get_by_label("Question non posée")).to_be_focused()
    for _ in range(3):  # round to 1, 2, 3
        page.keyboard.press("ArrowRight")
    expect(page.get_by_role("group", name="Facilité ressentie (SEQ)").get_by_label("3", exact=True)).to_be_checked()
    expect(page.get_by_role("group", name="Facilité ressentie (SEQ)").get_by_label("3", exact=True)).to_be_focused()

    # passed alone, autosaved; then "did it for the tester" is chosen: refused, kept as a draft to correct
    page.get_by_label("Réussi seul").check()
    assert wait_for(lambda: step_saved(store, first)) is not None
    page.get_by_label("Aide apportée").select_option(label="A fait à la place du testeur")
    assert wait_for(lambda: draft_of(store, f"screen:{first}")) is not None
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_role("alert")).to_contain_text("Une aide a été apportée")
    page.get_by_role("link", name="Retour à la séance").click()
    screen_line = page.get_by_role("list", name="Les écrans").get_by_role("listitem").first
    expect(screen_line).to_contain_text("à corriger")
    expect(screen_line).not_to_contain_text("Réussi seul")
    page.get_by_role("link", name=f"Écran 1 : {first}").click()  # the draft comes back with what to correct
    expect(page.get_by_label("Aide apportée")).to_have_value("did_it")
    expect(page.locator("#help_kind-error")).to_contain_text("Une aide a été apportée")
    page.get_by_role("link", name="Retour à la séance").click()

    # finishing now asks, saying what is missing; confirmed, the session is counted apart
    page.get_by_role("button", name="Terminer la séance").click()
    expect(page.get_by_role("heading", name="Terminer la séance APP-0001 ?")).to_be_visible()
    missing = page.locator("main ul").first
    expect(missing).to_contain_text(f"la réponse à l'écran {first} a été refusée")  # quoted: <q>
    expect(missing).to_contain_text("le questionnaire SUS n'a pas de réponse")
    page.get_by_role("button", name="Terminer quand même, comme inachevée").click()
    expect(page.get_by_role("cell", name="terminée inachevée (comptée à part)")).to_be_visible()
    context.close()
    assert load_panel(store, "essai").sessions.empty  # never in a rate
    context, page = signed_in(browser_session, url, "coralie")
    page.goto("/couverture?campagne=essai")
    expect(page.get_by_text("1 séance terminée inachevée, comptée à part")).to_be_visible()
    context.close()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_committee_page_opens_with_its_verdict_and_fits_320_px(app, browser_session) -> None:  # noqa: ANN001
    url, _ = app
    context, page = signed_in(browser_session, url, "clara")
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/comite")
        headings = page.locator("main h2").all_inner_texts()
        assert headings[:2] == ["En bref", f"À décider ({headings[1].split('(')[1]}"], headings
        expect(page.locator("main p").filter(has_text="recommandations tirées des tests")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width  # nothing wider than the screen
        folded = page.locator("section.recommendation details")
        assert folded.count() > 0 and not any(folded.nth(i).evaluate("d => d.open") for i in range(folded.count()))
        assert "Empreinte" not in page.inner_text("main") and "situé :" not in page.inner_text("main")
    folded.first.locator("summary").click()
    expect(folded.first.locator("li").first).to_be_visible()
    context.close()
