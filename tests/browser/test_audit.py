"""axe-core results per screen: every frame, violations apart from needs-review, WCAG and RGAA tags."""

from __future__ import annotations

import pytest

from harness.runs.record import Outcome

pytestmark = pytest.mark.browser


def one_screen(prefix: str, path: str, profile_note: str = "") -> str:
    return f"""
    id: audit{profile_note}
    title: Audit
    procedure: audit
    version: v1
    start_url: {prefix}{path}
    allowed_hosts: [127.0.0.1, localhost]
    steps:
      - name: Écran
    """


def test_violations_inside_iframes_are_found_same_and_cross_origin(site, replay) -> None:
    port = site.url.rsplit(":", 1)[1]
    prefix = site.add({
        "/frame": '<img src="/nothing.png">',
        "/page": "",
    })
    site.pages[prefix + "/page"] = (
        f'<h1>Cadres</h1><iframe title="même origine" src="{prefix}/frame"></iframe>'
        f'<iframe title="autre origine" src="http://localhost:{port}{prefix}/frame"></iframe>'
    )
    record, _ = replay(one_screen(prefix, "/page"), site.url)
    assert record.outcome is Outcome.PASSED
    image_alt = next(v for v in record.steps[0].violations if v.id == "image-alt")
    assert len(image_alt.nodes) == 2
    assert all(node.target[0].startswith("iframe") for node in image_alt.nodes)
    assert image_alt.impact == "critical"
    assert "1.1.1" in image_alt.wcag and "1.1.1" in image_alt.rgaa
    assert "RGAA-1.1.1" in image_alt.tags


def test_needs_review_is_kept_apart_from_violations(site, replay) -> None:
    prefix = site.add({
        "/p": '<h1>Fond</h1><p style="background-image: url(/fond.png); color: #777">Texte sur une image</p>',
    })
    record, _ = replay(one_screen(prefix, "/p"), site.url)
    step = record.steps[0]
    review = {r.id for r in step.needs_review}
    assert "color-contrast" in review
    assert "color-contrast" not in {v.id for v in step.violations}


def test_mobile_profile_detects_horizontal_scrolling(site, replay) -> None:
    prefix = site.add({"/large": '<div style="min-width: 980px"><h1>Large</h1></div>', "/souple": "<h1>Souple</h1>"})
    wide_mobile, _ = replay(one_screen(prefix, "/large", "-m"), site.url, profile="mobile")
    wide_desktop, _ = replay(one_screen(prefix, "/large", "-d"), site.url, profile="desktop")
    fluid_mobile, _ = replay(one_screen(prefix, "/souple", "-s"), site.url, profile="mobile")
    assert wide_mobile.steps[0].horizontal_scroll and wide_mobile.steps[0].viewport_width == 320
    assert wide_mobile.steps[0].page_width >= 980
    assert not wide_desktop.steps[0].horizontal_scroll
    assert not fluid_mobile.steps[0].horizontal_scroll


def test_a_frame_from_a_host_not_allowed_is_not_audited_and_said_so(site, replay) -> None:
    prefix = site.add({
        "/carte": '<h1>Où nous trouver</h1><iframe title="Carte" src="http://cartes.invalid/embed?q=mairie"></iframe>'
                  '<img src="/sans-alt.png">',
    })
    record, _ = replay(one_screen(prefix, "/carte"), site.url)
    step = record.steps[0]
    assert step.not_audited_frames == ["http://cartes.invalid/embed?q=mairie"]
    # the page itself is audited; nothing comes from the browser's error page in the frame
    assert "image-alt" in {v.id for v in step.violations}
    assert not any(node.target[0].startswith("iframe") for v in step.violations for node in v.nodes)
    assert not any(node.target[0].startswith("iframe") for v in step.needs_review for node in v.nodes)


RECAP = """
<header><nav><ul><li><a href="/">Accueil</a></li><li><a href="/aide">Aide</a></li></ul></nav></header>
<main><h1>Vérifiez vos réponses</h1>
<p>Relisez vos réponses avant d'envoyer la demande. Vous pouvez encore les modifier.</p>
<ul><li>Vous recevrez un accusé de réception.</li></ul>
<table><tr><th>Numéro d'identification fiscale</th><td>0123456789012</td></tr></table>
<form><label for="x">Adresse électronique de correspondance administrative</label><input id="x" name="x">
<button>Envoyer ma demande</button></form>
<img src="/logo.png" alt="Ville de Sainte-Claire"></main>
"""


def test_running_text_leaves_out_labels_tables_menus_and_buttons(site, replay) -> None:
    prefix = site.add({"/recap": RECAP})
    record, _ = replay(one_screen(prefix, "/recap"), site.url)
    prose = record.steps[0].prose.splitlines()
    assert prose == ["Relisez vos réponses avant d'envoyer la demande. Vous pouvez encore les modifier.",
                     "Vous recevrez un accusé de réception."]
    assert "fiscale" in record.steps[0].text  # the whole text still holds everything shown


def test_each_screen_keeps_an_inventory_of_its_elements_by_identity(site, replay) -> None:
    prefix = site.add({"/recap": RECAP})
    record, _ = replay(one_screen(prefix, "/recap"), site.url)
    keys = {e.key for e in record.steps[0].inventory}
    assert {'link "Aide"', 'heading "Vérifiez vos réponses"', 'button "Envoyer ma demande"',
            'img "Ville de Sainte-Claire"', 'textbox "Adresse électronique de correspondance administrative"'} <= keys
    field = next(e for e in record.steps[0].inventory if e.role == "textbox")
    assert field.field == "text" and field.landmark == "main" and field.box
    assert any(e.path == "html" for e in record.steps[0].inventory)  # the page itself: its title, its language


def test_axe_waits_unseen_until_the_audit_and_a_page_without_it_is_sent_it_whole(site, replay, browser_session) -> None:
    # the page's own script lists what it finds on `window`: axe-core must not be among it, nor run yet
    prefix = site.add({"/page": '<h1>Fenêtre</h1><p id="seen"></p><img src="/nothing.png">'
                                '<script>document.getElementById("seen").textContent = '
                                'Object.keys(window).filter((k) => /axe/i.test(k)).join(",") || "rien";</script>'})
    record, _ = replay(one_screen(prefix, "/page"), site.url)
    screen = record.steps[0]
    assert "rien" in screen.text and "axe" not in screen.text.lower()
    assert [v.id for v in screen.violations if v.id == "image-alt"] == ["image-alt"]
    # a browser context made elsewhere (the reports' own audit) has no preload: the script is sent
    from harness.replay.audit import audit

    page = browser_session.browser().new_context().new_page()
    try:
        page.goto(site.url + prefix + "/page")
        assert any(v.id == "image-alt" for v in audit(page, 10_000).violations)
    finally:
        page.context.close()
