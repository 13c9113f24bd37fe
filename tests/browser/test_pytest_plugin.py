"""`pytest scenarios/` collects scenario files as items, replays them, and fails with the step's YAML."""

from __future__ import annotations

import shutil
from xml.etree import ElementTree
from pathlib import Path

import pytest

from tests.browser.demo_copies import short_demo

pytestmark = pytest.mark.browser
DEMO = Path(__file__).parents[2] / "harness" / "demo" / "scenarios"


@pytest.fixture
def project(pytester: pytest.Pytester) -> Path:
    shutil.copytree(DEMO, pytester.path / "scenarios")
    return pytester.path / "scenarios"


@pytest.fixture
def short_project(pytester: pytest.Pytester) -> Path:
    """The demo's two versions cut to their first two screens: for what does not depend on a procedure's length."""
    return short_demo(pytester.path / "scenarios")


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    # no "-p": the plugin comes from Parcours' pytest11 entry point, in a folder outside the project
    return pytester.runpytest_subprocess("scenarios/", "--parcours-runs-dir", "runs", "--parcours-timeout", "2", *args)


def test_scenarios_are_collected_and_replayed_against_the_demo(pytester: pytest.Pytester, short_project: Path) -> None:
    result = run(pytester, "-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*cmi-stationnement-apres.yaml::cmi-stationnement-apres?desktop? PASSED*"])
    assert len(list((pytester.path / "runs" / "pytest").glob("*/*/run.json"))) == 2


def test_a_failing_step_is_shown_with_its_yaml(pytester: pytest.Pytester, project: Path) -> None:
    path = project / "cmi-stationnement-apres.yaml"
    path.write_text(path.read_text().replace("heading: Votre adresse", "heading: Votre adresse postale"))
    result = run(pytester, "-k", "apres", "--junitxml", "junit.xml")
    result.assert_outcomes(failed=1, deselected=1)
    result.stdout.fnmatch_lines([  # the line of the expectation that failed, the step as written, the page
        "*cmi-stationnement-apres.yaml:42: échec à l'étape « Adresse » : attendu non vérifié : heading \"Votre adresse postale\"",
        "  39 |   - name: Adresse",
        "  42 |       - heading: Votre adresse postale",
        "    page : http://127.0.0.1:*/apres/adresse (titre « *",
        "    la page propose plutôt : heading \"Votre adresse\"*",
        "*capture : */04-adresse.png",
        "[[][[]ATTACHMENT|*/04-adresse.png]]",
    ])
    # JUnit: the run folder, the failing screen and its screenshot as properties; the attachment line in the failure
    junit = ElementTree.parse(pytester.path / "junit.xml").getroot()
    case = next(c for c in junit.iter("testcase") if "apres" in c.get("name", ""))
    properties = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert properties["parcours_outcome"] == "failed" and properties["parcours_failing_screen"] == "Adresse"
    assert Path(properties["parcours_screenshot"]).is_file() and Path(properties["parcours_run"]).is_dir()
    assert f"[[ATTACHMENT|{properties['parcours_screenshot']}]]" in case.find("failure").text


def test_an_element_not_found_lists_what_the_page_offers(pytester: pytest.Pytester, project: Path) -> None:
    path = project / "cmi-stationnement-apres.yaml"
    path.write_text(path.read_text().replace("fill: {label: Code postal,", "fill: {label: Code postale,"))
    result = run(pytester, "-k", "apres")
    result.assert_outcomes(failed=1, deselected=1)
    result.stdout.fnmatch_lines([
        "*cmi-stationnement-apres.yaml:46: échec à l'étape « Adresse » : élément introuvable : label \"Code postale\"",
        "    la page propose plutôt : textbox \"Code postal*",
    ])


def test_thresholds_fail_an_item_that_replayed_fine(pytester: pytest.Pytester, project: Path) -> None:
    path = project / "cmi-stationnement-avant.yaml"
    path.write_text(path.read_text().replace(
        "allowed_hosts: [127.0.0.1, localhost]\n",
        "allowed_hosts: [127.0.0.1, localhost]\nthresholds:\n  max_violations: {critical: 0}\n  no_horizontal_scroll: true\n",
    ))
    result = run(pytester, "-k", "avant", "--parcours-profile", "mobile")
    result.assert_outcomes(failed=1, deselected=1)
    result.stdout.fnmatch_lines(["*violations de gravité « critique », 0 au plus autorisées : *image-alt*",
                                 "*défilement horizontal en profil mobile sur : *"])


def test_yaml_marks_select_items_with_m(pytester: pytest.Pytester, short_project: Path) -> None:
    path = short_project / "cmi-stationnement-apres.yaml"
    path.write_text(path.read_text().replace("procedure: cmi-stationnement\n", "procedure: cmi-stationnement\nmarks: [smoke]\n", 1))
    result = run(pytester, "-m", "smoke", "--strict-markers", "-v")
    result.assert_outcomes(passed=1, deselected=1)
    result.stdout.fnmatch_lines(["*cmi-stationnement-apres?desktop? PASSED*"])


def test_an_invalid_scenario_is_a_collection_error_naming_its_line(pytester: pytest.Pytester, project: Path) -> None:
    (project / "casse.yaml").write_text("id: casse\ntitle: x\nprocedure: casse\nversion: v1\nstart_url: /\nsteps:\n  - name: A\n    actions:\n      - clik: {text: x}\n")
    result = run(pytester)
    result.stdout.fnmatch_lines(["*casse.yaml:9: action inconnue « clik »", "*vouliez-vous dire « click » ?"])
    assert result.ret != 0


def test_items_spread_over_xdist_workers(pytester: pytest.Pytester, short_project: Path) -> None:
    # four Chromiums on two cores while the suite runs beside: a page may take longer than 2 s to load
    result = run(pytester, "-n", "2", "--parcours-timeout", "15")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*2 workers*"])
    runs = list((pytester.path / "runs" / "pytest").glob("*/*/run.json"))
    assert len(runs) == 2  # each item once, whichever worker ran it

