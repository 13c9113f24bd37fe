"""`parcours demo` replays both versions under both profiles, and shows what the issue promises."""

from __future__ import annotations

import functools
import json
import re
from html import unescape
import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.analysis.campaign import analyse
from harness.scenario.models import Impact

from harness.analysis.effort import run_figures
from harness.i18n import t
from harness.reports import formatting
from harness.runs.record import Outcome, RunRecord

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo")


@pytest.fixture(scope="module")
def demo_runs(demo_folder: Path) -> tuple[dict[tuple[str, str], RunRecord], str]:
    runs = demo_folder / "runs"
    # its own process, as a user runs it (one Playwright per thread)
    result = subprocess.run(
        [sys.executable, "-c", "from harness.cli import main; main()", "demo", "--runs-dir", str(runs),
         "--out", str(demo_folder / "reports"), "--jobs", "1"],  # the suite keeps every core busy already: no worker
        # processes to start (each a Python and a Chromium; `parcours run -j` has its own tests)
        capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"}, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    records = {}
    for path in runs.glob("demo/*/*/run.json"):
        record = RunRecord.model_validate(json.loads(path.read_text()))
        records[(record.scenario.version, record.profile)] = record
    return records, result.stdout


def test_both_versions_and_both_profiles_are_recorded(demo_runs) -> None:
    records, output = demo_runs
    assert sorted(records) == [
        ("après", "desktop"), ("après", "keyboard"), ("après", "mobile"), ("après", "rural"),
        ("avant", "desktop"), ("avant", "keyboard"), ("avant", "mobile"), ("avant", "rural"),
    ]
    assert all(r.outcome is Outcome.PASSED for r in records.values())
    assert "Avant / après : la démarche de démonstration" in output
    assert "Rejeux enregistrés dans" in output


def test_the_rural_profile_s_figures_are_in_the_procedure_report_and_the_observatoire_sheet(demo_runs, demo_folder: Path) -> None:
    records, _ = demo_runs
    rural, desktop = records[("après", "rural")], records[("après", "desktop")]
    assert rural.steps[0].viewport_width == 360
    loads = [s.load for s in rural.steps]
    assert all(load is not None and load.load_ms and load.bytes > 0 for load in loads), loads
    # slow 4G: every new document waits at least one emulated round trip of 150 ms, whatever the machine's load
    # (a floor, not a timing: a busy machine only adds to it); the desktop's own link has no such floor
    assert all(load.load_ms >= 150 and load.usable_ms >= 150 for load in loads), loads  # type: ignore[union-attr, operator]
    assert [s.load.bytes for s in rural.steps] == [s.load.bytes for s in desktop.steps]  # type: ignore[union-attr]
    folder = demo_folder / "reports" / "demo" / "procedure-cmi-stationnement-apres"
    table = (folder / "tables" / "chargement.csv").read_text(encoding="utf-8-sig").splitlines()
    rows = [line.split(";") for line in table[1:]]
    assert {row[0] for row in rows} == {"ordinateur", "mobile en zone rurale (4G lente)"}
    total = next(row for row in rows if row[0].startswith("mobile") and row[1] == "Total de la démarche")
    assert total[3] == formatting.number(sum(load.load_ms for load in loads), 0, "fr") + " ms"  # type: ignore[misc]
    assert total[4].endswith(" ko")
    sheet = (folder / "tables" / "observatoire.csv").read_text(encoding="utf-8-sig")
    rural_row = next(line for line in sheet.splitlines() if line.startswith("Temps de chargement des pages, sur mobile en zone rurale"))
    assert rural_row.split(";")[-2] in ("Optimal", "Partiel", "Faible") and rural_row.split(";")[-1].startswith(("vert", "orange", "rouge"))
    assert 'id="chargement"' in (folder / "index.html").read_text()


def test_avant_shows_more_barriers_than_apres(demo_runs) -> None:
    records, _ = demo_runs
    for profile in ("desktop", "mobile"):
        avant, apres = run_figures(records[("avant", profile)]), run_figures(records[("après", profile)])
        assert apres["critical"] == 0 and apres["serious"] == 0
        assert avant["critical"] > 0 and avant["serious"] > 0
        for effort in ("fields", "required_fields", "words", "actions"):
            assert avant[effort] > apres[effort], effort
        assert avant["css_only"] > 0 and apres["css_only"] == 0
    assert run_figures(records[("avant", "mobile")])["hscroll"] is True
    assert run_figures(records[("avant", "desktop")])["hscroll"] is False
    assert run_figures(records[("après", "mobile")])["hscroll"] is False


def test_the_procedure_checks_find_the_avant_error_path_and_nothing_on_apres(demo_runs) -> None:
    from harness.analysis.procedure_checks import check_procedure

    records, _ = demo_runs
    for profile in ("desktop", "mobile"):
        avant = {(c.rule, records[("avant", profile)].steps[c.steps[0]].name) for c in check_procedure(records[("avant", profile)])}
        # its error screen: one line at the top, "the fields in red", nothing tied, nothing announced
        assert ("error-by-colour-only", "Formulaire — erreur") in avant
        assert ("error-not-announced", "Formulaire — erreur") in avant
        assert ("choices-not-grouped", "Formulaire") in avant
        assert check_procedure(records[("après", profile)]) == []


def test_a_keyboard_replay_completes_apres_and_shows_where_avant_fails_keyboard_users(demo_runs, demo_folder: Path) -> None:
    from harness.analysis.procedure_checks import check_procedure

    records, _ = demo_runs
    apres, avant = records[("après", "keyboard")], records[("avant", "keyboard")]
    assert apres.outcome is Outcome.PASSED and check_procedure(apres) == []
    assert all(s.keyboard and s.keyboard.complete and not s.keyboard.invisible_focus for s in apres.steps if s.effort)
    invisible = [avant.steps[c.steps[0]].name for c in check_procedure(avant) if c.rule == "focus-invisible"]
    assert "Formulaire" in invisible
    report = report_html(demo_folder, "procedure-cmi-stationnement-avant")
    assert "On ne voit pas quel élément a le focus clavier" in report and "Formulaire" in report


def test_reports_and_the_run_summary_say_what_automation_covers_and_never_claim_compliance(demo_runs, demo_folder: Path) -> None:
    _, output = demo_runs
    assert "autres demandent une personne" in output and "établissent pas la conformité" in output
    report = report_html(demo_folder, "procedure-cmi-stationnement-apres")
    assert "Ce que les tests automatiques couvrent" in report and "établissent pas la conformité" in report
    assert " conforme " not in report and "est conforme" not in report


def test_good_practices_and_points_to_check_by_hand_are_kept_apart_from_barriers(demo_runs, demo_folder: Path) -> None:
    from harness.analysis.procedure_checks import check_procedure

    records, _ = demo_runs
    avant = records[("avant", "desktop")]
    assert avant.good_practice_count() > 0  # region, landmark-one-main…: not counted as barriers
    barriers = sum(avant.violation_count(impact) for impact in Impact)
    assert barriers == sum(1 for s in avant.steps for v in s.violations if not v.best_practice)
    report = report_html(demo_folder, "procedure-cmi-stationnement-avant")
    good = report.split('id="bonnes-pratiques"')[1].split('id="a-verifier"')[0]
    barrier_part = report.split('id="constats"')[1].split('id="ecrans"')[0]
    # one entry per rule (a distinct finding), its elements listed in it, however many screens and profiles show them
    rules = {v.id for profile in ("desktop", "mobile", "keyboard") for s in records[("avant", profile)].steps
             for v in s.violations if v.best_practice}
    rules |= {r.rule for profile in ("desktop", "mobile", "keyboard") for r in check_procedure(records[("avant", profile)])
              if r.check.kind == "good_practice"}  # Parcours' own: the start screen says neither steps, time nor documents
    assert "not-announced-up-front" in rules
    assert good.count('<article class="card') == len(rules)
    groups = barrier_part.count('<article class="card')
    assert f"{groups} sortes d&#39;obstacles, de la plus grave à la moins grave." in barrier_part
    to_check = report.split('id="a-verifier"')[1].split('id="couverture"')[0]
    needs_review = sum(len(s.needs_review) for s in avant.steps)
    assert needs_review > 0 and t("report.to_check_intro", "fr", count=needs_review) in unescape(to_check) and "(bypass)" in to_check


REPORTS = ["procedure-cmi-stationnement-avant", "procedure-cmi-stationnement-apres", "comite",
           "comparaison-cmi-stationnement-avant-cmi-stationnement-apres", "guide", "elus", "tendance-cmi-stationnement"]


def report_html(demo_folder: Path, name: str) -> str:
    return (demo_folder / "reports" / "demo" / name / "index.html").read_text(encoding="utf-8")


def test_every_report_is_written_as_html_pdf_and_csv(demo_runs, demo_folder: Path) -> None:
    _, output = demo_runs
    for name in REPORTS:
        folder = demo_folder / "reports" / "demo" / name
        assert (folder / f"{name}.pdf").read_bytes().startswith(b"%PDF")
        assert list((folder / "tables").glob("*.csv")) or name == "elus", name  # the officials' page has no table
        assert f"{name}/index.html" in output
    assert output.count("Audit d'accessibilité du rapport : 0 violation\n") == len(REPORTS)


def test_compare_report_shows_the_barriers_removed_with_both_screens(demo_runs, demo_folder: Path) -> None:
    html = unescape(report_html(demo_folder, REPORTS[3]))
    fixed = re.search(r'<details class="annex" id="corriges">\s*<summary><h3>Obstacles levés \((\d+)\)</h3></summary>(.*?)<details class="annex" id="ecrans-correspondants">', html, re.S)
    assert fixed and int(fixed.group(1)) > 10
    cards = re.findall(r'<article class="card [a-z]+" id="constat-[0-9a-f]+">(.*?)</article>', fixed.group(2), re.S)
    occurrences = sum(max(1, len(re.findall(r"<tr><th scope=\"row\">", card))) for card in cards)
    assert len(cards) < occurrences == int(fixed.group(1))  # one entry per distinct finding, each element listed
    for card in cards:  # the element outlined before, and after: outlined, or the screen that stands for its own
        if "Élément :" in card.split("<table")[0] or '<figure class="crop">' in card:
            # outlined where its box is known; gone: the screen that stands for its own, a link away
            assert len(re.findall(r'<img src="(?:img/|data:)', card)) + len(re.findall(r"l'écran correspondant : <a href=\"img/", card)) == 2, card[:400]
        assert "L'élément est toujours là" in card or "L'élément n'est plus" in card or "Plus relevé" in card \
            or "Les séances du panel" in card, card[:400]
    titles = " ".join(cards)
    for barrier in ("Des champs n'ont pas d'étiquette", "Du texte est trop pâle", "La page interdit d'agrandir l'affichage"):
        assert barrier in titles
    # the single form became three screens, said by `replaces:` in the scenario
    assert re.search(r"<th scope=\"row\">Formulaire</th><td>Identité, Adresse, Justificatif</td>", html)


def test_the_demo_compare_counts_as_fixed_only_what_evidence_shows(demo_runs, demo_folder: Path) -> None:
    document = json.loads((demo_folder / "reports" / "demo" / REPORTS[3] / "findings.json").read_text())
    barriers = [f for f in document["findings"] if f["kind"] == "barrier"]
    fixed = [f for f in barriers if f["status"] == "fixed"]
    assert fixed and not [f for f in barriers if f["status"] in ("redesigned", "unverified")]
    for finding in fixed:
        if finding["element"] and (finding["element"]["name"] or finding["element"]["where"]):  # an element, described
            assert finding["how"] in ("mended", "gone"), finding
            assert finding["evidence"] and finding["after"]["evidence"], finding  # both versions shown
    mended = [f for f in fixed if f["how"] == "mended"]
    assert {f["rule"] for f in mended} >= {"document-title", "html-has-lang"}  # the page itself, titled and in French now


def test_each_verified_recommendation_is_measured_and_about_what_the_procedure_has(demo_runs, demo_folder: Path, catalogue) -> None:
    from harness.analysis.comparison import compare_versions
    from harness.analysis.findings import VersionEvidence, barriers, build_findings
    from harness.runs.reader import latest, load_runs

    runs = latest(load_runs(demo_folder / "runs", "demo"))
    evidence = {
        version: VersionEvidence("cmi-stationnement", version, *(runs[(f"cmi-stationnement-{version}", p)] for p in ("desktop", "mobile")),
                                 None, runs[(f"cmi-stationnement-{version}", "keyboard")])
        for version in ("avant", "apres")
    }
    comparison = compare_versions(evidence["avant"], evidence["apres"], catalogue)
    before = {f.fingerprint for f in barriers(build_findings(evidence["avant"], catalogue))}
    after = {f.fingerprint for f in barriers(build_findings(evidence["apres"], catalogue))}
    verified = [r for r in comparison.recommendations if comparison.verification[r.id].verified]
    assert verified
    for rec in verified:
        prints = {f.fingerprint for f in rec.findings}
        assert prints and prints <= before and not prints & after, rec.id  # present before, absent after
        assert all(c.status == "fixed" for c in comparison.verification[rec.id].changes)
    kinds = evidence["avant"].field_kinds
    for rec in comparison.recommendations:  # nothing about a kind of field the procedure does not have
        assert not rec.practice.fields or set(rec.practice.fields) & kinds, rec.id
    franceconnect = comparison.verification.get("cmi-stationnement:franceconnect")
    assert franceconnect is None or not franceconnect.verified  # the new version offers no FranceConnect


def french_number(text: str) -> float:
    return float(text.replace("\u202f", "").replace("\xa0", "").rstrip("%s ").replace(",", "."))


def test_compare_report_shows_completion_and_sus_improving_with_intervals_and_p(demo_runs, demo_folder: Path) -> None:
    import csv

    path = demo_folder / "reports" / "demo" / REPORTS[3] / "tables" / "panel-avant-apres.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:  # as French spreadsheets read it: ";" and decimal commas
        header, *lines = list(csv.reader(f, delimiter=";"))
    assert header[:4] == ["Mesure", "Avant", "Avant : bas de la fourchette à 95 %", "Avant : haut de la fourchette à 95 %"]
    rows = {line[0]: line for line in lines}
    assert rows["Réussite sans aide"][1:7] == ["33\xa0%", "14\xa0%", "61\xa0%", "92\xa0%", "62\xa0%", "100\xa0%"]
    for name in ("Réussite sans aide", "SUS (sur 100)"):
        row = rows[name]
        before, after = french_number(row[1]), french_number(row[4])
        assert after > before and (row[8].startswith("<") or french_number(row[8]) < 0.05), name
        assert french_number(row[2]) <= before <= french_number(row[3]) and french_number(row[5]) <= after <= french_number(row[6])
    assert rows["SUS (sur 100)"][1] == "25,8"
    html = report_html(demo_folder, REPORTS[3])
    assert re.search(r'Réussite sans aide</th><td>\d+\u00a0% <span class="meta">\(entre \d+\u00a0% et \d+\u00a0%, n = 12\)', html)
    # the demo's twelve testers walked both versions: paired tests, and the report says why
    assert re.search(r"test exact de McNemar, p [=<] 0,0\d+<br><span class=\"meta\">apparié : les 12 mêmes testeurs", html)
    assert "t apparié, p &lt; 0,001" in html and "t de Welch, p" not in html
    assert all(row[9].startswith("apparié") for row in rows.values())


def test_every_interval_has_its_n_and_every_finding_its_evidence(demo_runs, demo_folder: Path) -> None:
    for name in REPORTS[:4]:
        html = report_html(demo_folder, name)
        for interval in re.finditer(r"entre [^<]*? et ", html):
            if html.rfind("<td", 0, interval.start()) > html.rfind("</td>", 0, interval.start()):
                continue  # in a table: its n is a column of the row
            shown = html[interval.start(): interval.start() + 120]
            assert "n = " in shown, (name, shown)
        for card in re.findall(r'<article class="card [a-z]+" id="constat-[0-9a-f]+">(.*?)</article>', html, re.S):
            assert ("<img" in card or '<a href="img/' in card or "<blockquote" in card or "Mesure :" in card
                    or "Mesure avant → après" in card or "Les séances du panel" in card), (name, card[:300])


def test_reports_pass_parcours_own_accessibility_audit_and_plain_language_checks(demo_runs, demo_folder: Path,
                                                                                browser_session) -> None:
    from harness.reports.own_language import describe, own_language_issues, own_text

    # `parcours demo` audits each report it writes with axe, as every report command does (reports.render's
    # pdf_and_audit; tests/browser/test_reports.py holds that audit to the rendered page): its word is read here
    demo_output = demo_runs[1]
    assert demo_output.count("Audit d'accessibilité du rapport : 0 violation") == len(REPORTS), demo_output
    context = browser_session.browser().new_context()
    try:
        page = context.new_page()
        for name in REPORTS:
            page.goto((demo_folder / "reports" / "demo" / name / "index.html").as_uri())
            assert [describe(issue) for issue in own_language_issues(page)] == [], name
            text = own_text(page)
            assert len(text.split()) > 150, name  # the check read the report's own words, not an empty page
            for acronym in ("RGAA", "WCAG", "SUS", "JDMA"):  # spelled out in the page's glossary where used
                if re.search(rf"\b{acronym}\b", text):
                    assert re.search(rf"^{acronym} : \w", text, re.M), (name, acronym)
    finally:
        context.close()
    assert demo_output.count("Langage clair du rapport : 0 point à revoir") == len(REPORTS), demo_output


def test_findings_json_of_every_report_validates_and_rebuilds_the_compare_verdict(demo_runs, demo_folder: Path) -> None:
    import jsonschema

    root = Path(__file__).parents[2]
    schema = json.loads((root / "harness" / "schema" / "findings.schema.json").read_text())
    folders = sorted(p for p in (demo_folder / "reports" / "demo").iterdir() if (p / "findings.json").is_file())
    assert len(folders) == 5  # the officials' page is a summary of the committee report: no findings of its own
    for folder in folders:
        document = json.loads((folder / "findings.json").read_text())
        jsonschema.validate(document, schema)
        for finding in document["findings"]:
            assert all((folder / path).is_file() for path in finding["evidence"])
    avant = json.loads((demo_folder / "reports" / "demo" / "procedure-cmi-stationnement-avant" / "findings.json").read_text())
    logo = [f for f in avant["findings"] if f["rule"] == "image-alt"]  # the site header's logo, on every screen
    assert len(logo) == 1 and len(logo[0]["screens"]) == 5 and logo[0]["profiles"] == ["desktop", "mobile", "keyboard", "rural"]
    compare = next(f for f in folders if f.name.startswith("comparaison-"))
    result = subprocess.run([sys.executable, str(root / "scripts" / "compare_verdict.py"), str(compare / "findings.json")],
                            capture_output=True, text=True, check=True)
    verdict = dict(line.split(": ") for line in result.stdout.splitlines())
    page = (compare / "index.html").read_text()
    for status in ("fixed", "still", "new", "redesigned"):
        shown = re.search(rf'class="value status-{status}">(\d+)<', page).group(1)
        assert verdict[status] == shown, status
    assert int(verdict["fixed"]) > 0 and verdict["unverified"] == "0"


def test_renaming_every_step_changes_no_finding(demo_runs, demo_folder: Path, browser_session, tmp_path: Path, catalogue) -> None:
    """The same pages walked under other screen names: the same findings, none new, none fixed."""
    from harness.analysis.comparison import compare_versions
    from harness.analysis.findings import VersionEvidence
    from harness.cli import demo_scenarios
    from harness.demo.app import create_app
    from harness.replay.campaign import Settings, run_campaign
    from harness.replay.profiles import PROFILES
    from harness.runs.reader import load_runs
    from harness.runs.writer import RunWriter
    from harness.scenario.loader import load_scenario
    from harness.webserver import BackgroundServer
    from ruamel.yaml import YAML

    yaml = YAML()
    source = demo_scenarios() / "cmi-stationnement-avant.yaml"
    document = yaml.load(source.read_text(encoding="utf-8"))
    document["id"] = "cmi-stationnement-renomme"
    for number, step in enumerate(document["steps"], 1):
        step["name"] = f"Écran renommé {number}"
    renamed = source.parent / "renomme.yaml"  # beside the original: its persona and fixtures resolve alike
    try:
        with renamed.open("w", encoding="utf-8") as f:
            yaml.dump(document, f)
        scenarios = [load_scenario(source), load_scenario(renamed)]
    finally:
        renamed.unlink()
    with BackgroundServer(create_app()) as server:
        run_campaign(scenarios, [PROFILES["desktop"]], Settings("renomme", server.url), [RunWriter(tmp_path, "renomme")],
                     browser_session)
    stored = sorted(load_runs(tmp_path, "renomme"), key=lambda r: r.record.scenario.id)
    assert len(stored) == 2 and {s.record.steps[0].name for s in stored} == {"Accueil", "Écran renommé 1"}
    before, after = (VersionEvidence("cmi-stationnement", "avant", s, None, None) for s in stored)
    comparison = compare_versions(before, after, catalogue)
    moved = [(c.finding.rule, c.finding.target, c.status) for c in comparison.changes if c.status != "still"]
    assert comparison.changes and moved == []
    seen = [s.name for s in stored[0].record.steps if s.effort is not None]  # the replay stops before sending
    assert seen and all(comparison.screens.pairs[name] for name in seen)  # every screen seen is matched, by its page


# -- reports people read: short, verdict first, exact, in good French and real English -------------


def visible_text(html: str) -> str:
    """What a reader sees: no style, no markup, quotations in their guillemets (drawn by the style sheet),
    entities resolved, spaces (no-break ones too) collapsed."""
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S).replace("<q>", "« ").replace("</q>", " »")
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_compare_and_committee_pdfs_are_short_with_the_verdict_on_page_one(demo_runs, demo_folder: Path) -> None:
    def pdf(name: str) -> list[str]:
        return pdf_text(demo_folder / "reports" / "demo" / name / f"{name}.pdf")

    compare, committee, officials = pdf(REPORTS[3]), pdf("comite"), pdf("elus")
    # well under half what they were (71 and 66 pages): one entry per distinct finding, detail in the annex;
    # the compare report grew a page when the JDMA satisfaction and clarity findings (Observatoire target 8/10)
    # arrived, and two when its cards stopped being split across pages
    assert len(compare) <= 26 and len(committee) <= 22, (len(compare), len(committee))
    first = compare[0]
    assert "En bref" in first and "Réussite sans aide" in first and "Obstacles qui demeurent" not in first.split("En bref")[0]
    first = committee[0]
    assert "L'essentiel pour les élus" in first and "décisions à prendre" in first
    assert "Chiffres clés" in first  # the officials' page does not leave page one half empty
    assert len(officials) == 1
    # the annex comes after the verdict, and the main part ends before it
    text = " ".join(compare)
    assert text.index("En bref") < text.index("Annexe : le détail")


@functools.cache
def pdf_text(path: Path) -> list[str]:
    """Each page's text, read once for the tests that read it (pypdf reads a page in tens of milliseconds)."""
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


def test_no_printed_page_ends_with_a_heading(demo_runs, demo_folder: Path) -> None:
    """Every PDF of the demo, page by page: the last line of a page is never a heading of the report (a
    heading stays with what it introduces), and no annex is printed as a disclosure without its title
    (Chromium then prints its own English "Details")."""
    stranded = []
    for pdf in sorted((demo_folder / "reports" / "demo").glob("*/*.pdf")):
        html = (pdf.parent / "index.html").read_text("utf-8")
        headings = {visible_text(h) for h in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", html, re.S)} - {""}
        pages = pdf_text(pdf)
        for number, page in enumerate(pages, 1):
            lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
            if "Details" in lines:
                stranded.append(f"{pdf.name} page {number}: Chromium's own « Details »")
            if number == len(pages):
                continue
            ends = {lines[-1], " ".join(lines[-2:])} if lines else set()
            if ends & headings or any(len(lines[-1]) > 10 and h.endswith(lines[-1]) for h in headings if lines):
                stranded.append(f"{pdf.name} page {number}: {lines[-1]}")
    assert stranded == []


def test_the_officials_page_gives_the_headline_in_words_and_no_jargon(demo_runs, demo_folder: Path) -> None:
    text = visible_text(report_html(demo_folder, "elus"))
    # it opens with one plain sentence: what changed for the people who struggle (demo: 4 of 12 alone -> 11 of 12)
    lead = text.split("Carte mobilité inclusion — stationnement : avant et après")[0]
    assert re.search(r"11 testeurs sur 12 font désormais la démarche seuls, contre 4 sur 12 avant, surtout pour les [^.]+\. "
                     r"Cet écart est trop net pour être dû au hasard\.", lead), lead
    assert "Note de facilité d'utilisation donnée par les testeurs : 26 sur 100 avant (très difficile à utiliser), " \
           "77 sur 100 après (bon). Cet écart est trop net pour être dû au hasard." in text
    # no statistics' words: no p value, test name, sample size notation, interval, identifier
    for jargon in (r"\bp [=<]", r"McNemar", r"apparié", r"Fisher", r"Welch", r"khi-deux", r"\bn =", r"\(n", r"IC 95",
                   r"entre \d+ % et \d+ %", r"\[\d", r"hasard de l'échantillon", r"cmi-stationnement", r"identifiant",
                   r"« avant »", r"« après »"):
        assert not re.search(jargon, text), (jargon, text)
    assert "12 personnes ont testé" in text and "seniors : 3" in text
    # the three decisions to take are recommendations still pending; earlier decisions are reported
    decide = text.split("Les 3 décisions à prendre")[1].split("Où en sont les décisions déjà prises")[0]
    assert "Ne pas redemander ce que l'administration sait déjà" not in decide  # set aside by the committee
    decided = text.split("Où en sont les décisions déjà prises")[1]
    assert "Écartée" in decided and "Retenue" in decided and "31 mars 2027" in decided
    # the statistical detail is the committee's annex
    committee = visible_text(report_html(demo_folder, "comite"))
    annex = committee.split("Détail statistique des nouveaux tests")[1]
    assert re.search(r"Réussite sans aide : 33 % avant, 92 % après", annex)
    assert re.search(r"Avant : entre 14 % et 61 % \(n = 12\)", annex) and "McNemar" in annex
    assert "IC 95" not in committee
    # shown as such, ranked after what is still to act on
    assert re.search(r"Ne pas redemander ce que l'administration sait déjà – Carte mobilité inclusion — stationnement "
                     r"identifiant : \S+ Écartée par le comité", committee)
    ranks = re.findall(r"(\d+)\. (\S[^–]*?) – Carte mobilité inclusion — stationnement", committee)
    assert ranks[0][1].strip() != "Ne pas redemander ce que l'administration sait déjà"


def test_demo_reports_read_in_good_french(demo_runs, demo_folder: Path) -> None:
    for name in REPORTS:
        text = visible_text(report_html(demo_folder, name))
        quoted_away = re.sub(r"«[^»]*»", "«»", text)  # words quoted from the pages tested are theirs, not ours
        assert "(s)" not in quoted_away, (name, quoted_away[quoted_away.find("(s)") - 80:][:160])
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), name  # dates as people write them
        assert not re.search(r"\bapres\b", text), name  # the version as its scenario names it: après
        assert re.search(r"\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}", text)
        assert not re.search(r"\d%", text) and not re.search(r"[a-zé0-9)][.;][A-ZÉ]", quoted_away), name


def test_every_interval_in_the_demo_reports_lies_inside_its_scale(demo_runs, demo_folder: Path) -> None:
    import csv

    checked = 0
    for folder in (demo_folder / "reports" / "demo").iterdir():
        for table in (folder / "tables").glob("*.csv") if (folder / "tables").is_dir() else []:
            with table.open(encoding="utf-8-sig", newline="") as f:
                header, *rows = list(csv.reader(f, delimiter=";"))
            for index, column in enumerate(header):
                if "bas de la fourchette" not in column:
                    continue
                measure = column.split(" : ")[0]
                for row in rows:
                    if not row[index] or not row[index][0].isdigit():
                        continue  # withheld: why, in words
                    low, high = french_number(row[index]), french_number(row[index + 1])
                    bounds = ((0, 100) if "%" in row[index] else (1, 7) if "SEQ" in measure else (0, 10) if "Satisfaction" in measure
                              else (0, 100) if "SUS" in measure or table.stem == "sus" else (0, 10) if table.stem == "satisfaction"
                              else None)
                    if bounds is None:
                        continue  # a time: only above 0
                    assert bounds[0] <= low <= high <= bounds[1], (table, measure, row)
                    checked += 1
    assert checked > 20


def test_english_demo_reports_carry_no_sentence_of_the_french_grid_or_catalogue(demo_runs, demo_folder: Path) -> None:
    from harness.criteria.loader import default_criteria, load_catalogue
    from harness.demo.loop import demo_reports

    french = load_catalogue(default_criteria())
    sentences = {text for c in french.criteria for text in (c.label, c.question, *(c.scale.labels.values()),
                                                            c.threshold.note if c.threshold else None) if text}
    sentences |= {text for p in french.practices for text in (p.title, " ".join(p.why.split()), *p.do, *p.dont)}
    sentences = {s for s in sentences if len(s) > 12}
    out = demo_folder / "reports-en"
    written = demo_reports(demo_folder / "runs", "demo", out, french, "en", pdf=False)  # the HTML says it all
    assert len(written) == len(REPORTS)
    for files in written:
        text = visible_text(files.html.read_text(encoding="utf-8"))
        assert not [s for s in sentences if s in text], files.html
        assert "In short" in text or "The essentials for elected officials" in text or files.html.parent.name in ("guide", "tendance-cmi-stationnement")
        assert not re.search(r"\b(?:démarche|testeurs|écran|obstacle levé)\b", text), files.html
    header = (out / "demo" / "comite" / "tables" / "recommandations.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("Rank,Id,Recommendation")  # English columns, "," for English spreadsheets


def avant_barrier_cells(runs: Path) -> set[tuple[str, str]]:
    """(RGAA criterion, page) of every barrier finding of the demo's avant, from the findings themselves."""
    from harness.analysis.findings import barriers, build_findings
    from harness.criteria.loader import default_criteria, load_catalogue
    from harness.reports.rgaa import criterion_of
    from harness.analysis.sources import gather

    catalogue = load_catalogue(default_criteria())
    found = barriers(build_findings(gather(runs, "demo", catalogue, None).evidence("cmi-stationnement-avant"), catalogue))
    return {(criterion, f"Carte mobilité inclusion — stationnement (version actuelle) — {screen}")
            for f in found for criterion in filter(None, map(criterion_of, f.rgaa)) for screen in f.screens}


def parcours_fr(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from harness.cli import main; main()", *args], capture_output=True,
                          text=True, env={**os.environ, "COLUMNS": "200", "PARCOURS_LANG": "fr"}, timeout=300)


def test_the_rgaa_export_of_avant_is_not_compliant_exactly_where_a_barrier_is_and_never_compliant(demo_runs, demo_folder: Path) -> None:
    from harness.reports.rgaa import RGAA_CRITERIA, read_ara_csv

    runs, target = demo_folder / "runs", demo_folder / "rgaa-avant.csv"
    result = parcours_fr("--db", str(demo_folder / "rgaa.db"), "export", "rgaa", "--campaign", "demo",
                         "--scenario", "cmi-stationnement-avant", "--runs-dir", str(runs), "-o", str(target))
    assert result.returncode == 0, result.stderr
    pages, statuses = read_ara_csv(target)
    assert list(statuses) == list(RGAA_CRITERIA) and len(statuses) == 106
    cells = {(criterion, page): status for criterion, row in statuses.items() for page, status in zip(pages, row)}
    expected = avant_barrier_cells(runs)
    assert {key for key, status in cells.items() if status == "NC"} == expected and len(expected) > 20
    assert set(cells.values()) == {"NC", "NT"}  # never "C" (conforme) nor "NA": those are an auditor's
    failing = {criterion for criterion, _ in expected}
    assert f"{len(failing)} critères non conformes, tous les autres « non testé »" in " ".join(result.stdout.split())


def test_the_statement_draft_lists_the_failing_criteria_as_a_draft_without_a_rate(demo_runs, demo_folder: Path) -> None:
    runs, out = demo_folder / "runs", demo_folder / "export-statement"
    result = parcours_fr("--db", str(demo_folder / "statement.db"), "report", "statement", "--campaign", "demo",
                         "--scenario", "cmi-stationnement-avant",
                         "--runs-dir", str(runs), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Audit d'accessibilité du rapport : 0 violation" in result.stdout
    assert "Langage clair du rapport : 0 point à revoir" in result.stdout
    folder = out / "demo" / "declaration-brouillon"
    html = " ".join(unescape((folder / "index.html").read_text(encoding="utf-8")).split())
    text = re.sub(r"<[^>]+>", "", re.sub(r"<style>.*?</style>", "", html))
    assert "Brouillon, à compléter par un audit complet" in html and "Contenus non accessibles" in html
    assert "%" not in text  # no compliance rate, in any form
    rows = (folder / "tables" / "non-conformites.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "Critère RGAA;Ce qui a été relevé;Pages"
    failing = {criterion for criterion, _ in avant_barrier_cells(runs)}
    assert {row.split(";")[0] for row in rows[1:]} == failing
    assert all(re.search(rf"Critère {re.escape(criterion)}(?![\d.])", text) for criterion in failing)


def read_table(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def test_the_procedure_report_shows_the_observatoire_sheet_with_targets_n_and_intervals(demo_runs, demo_folder: Path) -> None:
    before = {row["Indicateur"]: row for row in read_table(demo_folder / "reports" / "demo" / "procedure-cmi-stationnement-avant" / "tables" / "observatoire.csv")}
    satisfaction = before["Satisfaction des usagers (note sur 10)"]
    assert satisfaction["Objectif officiel"] == "8 sur 10 ou plus" and satisfaction["n"] == "12"
    assert satisfaction["Atteint ?"] == "Non atteint"  # the whole interval below 8: the faces of `avant` were mostly sad
    high = float(satisfaction["Valeur : haut de la fourchette à 95 %"].replace(",", "."))
    assert high < 8
    assert before["Accessibilité (taux de conformité au référentiel d'accessibilité)"]["Atteint ?"] == "–"  # never said met
    text = visible_text(report_html(demo_folder, "procedure-cmi-stationnement-apres"))
    assert "Les indicateurs de l'Observatoire" in text and "Simplicité du langage (note sur 10)" in text
    assert "Non mesurée : il faut un audit complet" in text


def test_the_trend_over_three_demo_campaigns_renders_and_its_csv_matches_the_figures(demo_runs, demo_folder: Path) -> None:
    from harness.criteria.loader import default_criteria, load_catalogue
    from harness.reports import formatting
    from harness.analysis.sources import gather
    from harness.reports.trend import trend_points
    from harness.store.db import open_store

    folder = demo_folder / "reports" / "demo" / "tendance-cmi-stationnement"
    rows = read_table(folder / "tables" / "tendance.csv")
    assert [(r["Campagne"], r["Version"]) for r in rows] == [("demo", "avant"), ("demo", "après"), ("demo-suivi", "après")]
    store = open_store(f"sqlite:///{demo_folder / 'runs' / 'demo.db'}")
    try:
        catalogue = load_catalogue(default_criteria())
        points = trend_points([analyse(gather(demo_folder / "runs", c, catalogue, store)) for c in ("demo", "demo-suivi")], "cmi-stationnement")
    finally:
        store.close()
    for row, point in zip(rows, points, strict=True):
        assert row["Réussite sans aide"] == formatting.percent(point.completion.value, "fr")
        assert row["n (Réussite sans aide)"] == str(point.completion.n) == "12"
        assert row["Réussite sans aide : bas de la fourchette à 95 %"] == formatting.percent(point.completion.low, "fr")
        assert row["SUS (sur 100)"] == formatting.decimal(point.sus.value, "fr")
        assert row["Satisfaction (sur 10)"] == formatting.decimal(point.satisfaction.value, "fr")
        assert [int(row[f"Obstacles : {s}"]) for s in ("critique", "grave", "modéré", "mineur")] == list(point.barriers.values())
    assert sum(points[0].barriers.values()) > sum(points[1].barriers.values())  # avant has more barriers than après
    assert (folder / "tendance-cmi-stationnement.pdf").stat().st_size > 10_000
    text = visible_text((folder / "index.html").read_text(encoding="utf-8"))
    assert "demo-suivi · après" in text and "Réussite sans aide, par campagne" in text


def french(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def test_every_report_file_and_the_app_say_the_same_numbers_for_the_same_version(demo_runs, demo_folder: Path, catalogue) -> None:
    """One analysis, many views: the barriers of the reviewed version, how many are grave, fixed, still and
    new, and the panel's figures read the same in the procedure, committee, officials' and compare reports,
    their findings.json and CSV tables, and the app's committee page."""
    from harness.analysis.sources import gather
    from harness.reports.committee import committee_recommendations, committee_report
    from harness.reports.procedure import procedure_report
    from harness.store.db import open_store

    reports = demo_folder / "reports" / "demo"
    store = open_store(f"sqlite:///{demo_folder / 'runs' / 'demo.db'}")
    try:
        analysis = analyse(gather(demo_folder / "runs", "demo", catalogue, store))
        avant = analysis.version("cmi-stationnement-avant")
        retest = analysis.retests()[0]
        committee = committee_report(analysis, "fr")
        procedure = procedure_report(analysis, "cmi-stationnement-avant", "fr")
        app_page = committee_recommendations(analysis, "fr")  # what the app's committee page lists
    finally:
        store.close()

    def barrier_entries(name: str) -> list[dict]:
        data = json.loads((reports / name / "findings.json").read_text("utf-8"))
        return [f for f in data["findings"] if f["kind"] == "barrier" and f["version"] == "avant"]

    distinct = len(avant.barriers)
    grave = avant.grave
    counts = retest.comparison.counts
    print(f"\navant: {distinct} barriers, {grave} grave; retest: {counts}")
    assert distinct > 0 and grave > 0
    # distinct barriers: the analysis, both findings.json, the compare's fixed + still, the procedure report
    assert len(barrier_entries("procedure-cmi-stationnement-avant")) == distinct
    assert len(barrier_entries("comite")) == distinct
    compared = json.loads((reports / "comparaison-cmi-stationnement-avant-cmi-stationnement-apres" / "findings.json").read_text("utf-8"))
    statuses = [f["status"] for f in compared["findings"] if f["status"]]
    assert sum(1 for s in statuses if s != "new") == distinct
    assert {s: statuses.count(s) for s in set(statuses)} == {s: n for s, n in counts.items() if n}
    assert len(procedure.data["findings"]) == distinct and procedure.data["grave"] == grave
    # the same words on page one of the procedure report and in the committee's key figures
    procedure_html = visible_text(report_html(demo_folder, "procedure-cmi-stationnement-avant"))
    assert f"{distinct} obstacles relevés, dont {grave} critiques ou graves" in procedure_html
    key = {k.label: k for k in committee.data["key"]}
    assert key["Constats critiques ou graves"].value == grave
    # fixed / still / new: the compare report, the officials' page (alone and inside the committee report)
    compare_html = visible_text(report_html(demo_folder, "comparaison-cmi-stationnement-avant-cmi-stationnement-apres"))
    for name in ("elus", "comite"):
        officials = visible_text(report_html(demo_folder, name))
        assert f"{counts['fixed']} obstacles levés" in officials, name
    assert f"Obstacles qui demeurent ({counts['still']})" in compare_html or counts["still"] == 0
    # the panel's figures of the reviewed version: the analysis, the committee's key figures, the procedure's CSV
    completion = avant.figures.completion
    assert completion is not None and key["Réussite sans aide"].value == completion.value
    procedure_key = {k.label: k for k in procedure.data["key"]}
    assert procedure_key["Réussite sans aide"].value == completion.value
    # by severity: both findings.json of the reviewed version, and the analysis
    def severities(name: str) -> dict[str, int]:
        found = barrier_entries(name)
        return {level: sum(1 for f in found if f["severity"] == level) for level in ("critical", "serious", "moderate", "minor")}

    assert severities("procedure-cmi-stationnement-avant") == severities("comite") == avant.by_severity()
    # SUS and satisfaction of the reviewed version: the analysis, the committee's key figures, the compare's
    # before column, the officials' headline, and the Observatoire sheet of the procedure and committee reports
    sus = avant.figures.sus
    assert sus is not None and key["Score SUS moyen (sur 100)"].value == sus.value
    deltas = {d.measure: d for d in retest.comparison.panel}
    assert deltas["completion"].before.value == completion.value and deltas["sus"].before.value == sus.value
    officials_text = visible_text(report_html(demo_folder, "elus"))
    assert f"{round(sus.value)} sur 100 avant" in officials_text  # the officials' page says it in words
    assert f"contre {round(completion.value * deltas['completion'].before.n)} sur {deltas['completion'].before.n} avant" in officials_text
    annex = visible_text(report_html(demo_folder, "comite")).split("Détail statistique des nouveaux tests")[1]
    assert f"SUS (sur 100) : {french(sus.value)} avant" in annex
    assert f"Réussite sans aide : {round(completion.value * 100)} % avant" in annex
    own = [r for r in read_table(reports / "procedure-cmi-stationnement-avant" / "tables" / "observatoire.csv")]
    shared = [r for r in read_table(reports / "comite" / "tables" / "observatoire.csv") if "(avant)" in next(iter(r.values()))]
    assert own and [list(r.values())[:4] for r in own] == [list(r.values())[1:5] for r in shared]
    # the app's committee page and the report list the same recommendations in the same order and priorities
    assert [(v.id, v.priority) for v in app_page] == [(v.id, v.priority) for v in committee.data["recommendations"]]
    table = read_table(reports / "comite" / "tables" / "recommandations.csv")
    assert [row[next(iter(row))] for row in table] == [str(v.rank) for v in app_page]


def test_a_recommendation_set_aside_yet_found_done_reads_as_one_sentence(demo_runs, demo_folder: Path) -> None:
    html = visible_text(report_html(demo_folder, "comite"))
    assert "Écartée par le comité, elle est pourtant réalisée" in html
    for card in html.split("Écartée par le comité, elle est pourtant réalisée")[1:]:
        assert "vérifiée au nouveau test" not in card[:120]
