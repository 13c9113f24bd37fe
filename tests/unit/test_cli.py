"""The parcours command, as a user runs it: text out, exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BAD = Path(__file__).parent / "bad_scenarios"
DEMO = Path(__file__).parents[2] / "harness" / "demo" / "scenarios"


def parcours(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from harness.cli import main; main()", *args],
        capture_output=True, text=True, cwd=cwd, env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )


def test_check_passes_on_the_demo_scenarios() -> None:
    result = parcours("check", str(DEMO))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2 fichiers vérifiés, aucune erreur"


def test_check_names_file_and_line_with_a_hint_and_no_traceback() -> None:
    result = parcours("check", str(BAD / "unknown_action.yaml"))
    assert result.returncode == 1
    assert f"{BAD / 'unknown_action.yaml'}:10: action inconnue « clik »" in result.stderr
    assert "vouliez-vous dire « click » ?" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_check_speaks_english_on_request() -> None:
    result = parcours("--lang", "en", "check", str(BAD / "unknown_action.yaml"))
    assert "unknown action 'clik'" in result.stderr and "did you mean 'click'?" in result.stderr


def test_check_on_a_missing_path_is_a_clear_error() -> None:
    result = parcours("check", "/nonexistent/scenarios")
    assert result.returncode == 2
    assert result.stderr.strip() == "/nonexistent/scenarios: fichier introuvable : /nonexistent/scenarios"


def test_run_rejects_bad_scenarios_before_starting_a_browser(tmp_path: Path) -> None:
    result = parcours("run", str(BAD / "unknown_role.yaml"), "--runs-dir", str(tmp_path))
    assert result.returncode == 2
    assert "rôle ARIA inconnu « buton »" in result.stderr
    assert not any(tmp_path.iterdir())


def test_help_is_french_by_default_and_english_on_request() -> None:
    assert "Rejouer des scénarios" in parcours("run", "--help").stdout
    assert "Replay scenarios in Chromium" in parcours("--lang", "en", "run", "--help").stdout


def test_run_refuses_settings_that_can_never_work_before_any_browser(tmp_path: Path) -> None:
    cases = [
        (("--timeout", "0"), "« --timeout »: le délai doit être un nombre de secondes supérieur à 0 (trouvé : 0)"),
        (("--timeout", "-5"), "(trouvé : -5)"),
        (("--campaign-timeout", "0"), "« --campaign-timeout »"),
        (("--campaign", "../../x"), "nom de campagne invalide « ../../x »"),
        (("--campaign", "a*"), "nom de campagne invalide « a* »"),
    ]
    for args, expected in cases:
        result = parcours("run", str(DEMO), "--runs-dir", str(tmp_path), *args)
        assert result.returncode == 2, args
        assert expected in result.stderr and "→" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir())


def test_reports_refuse_a_campaign_that_leads_outside_the_runs_folder(tmp_path: Path) -> None:
    result = parcours("report", "committee", "--campaign", "../..", "--runs-dir", str(tmp_path))
    assert result.returncode == 2 and "nom de campagne invalide" in result.stderr


def test_runs_clean_removes_what_killed_runs_left(tmp_path: Path) -> None:
    stale = tmp_path / "essai" / "demo" / ".tmp-dead"
    stale.mkdir(parents=True)
    (stale / "owner").write_text("some-other-host 1")
    import os

    os.utime(stale, (0, 0))
    result = parcours("runs", "clean", "--runs-dir", str(tmp_path))
    assert result.returncode == 0 and "1 dossier temporaire supprimé" in result.stdout
    assert not stale.exists()


def test_check_refuses_a_waiver_that_names_nothing_parcours_computes(tmp_path) -> None:  # noqa: ANN001
    from harness.checking import check_paths

    scenario = tmp_path / "connexion.yaml"
    scenario.write_text(
        "id: connexion\ntitle: Connexion\nprocedure: connexion\nversion: v1\nstart_url: http://127.0.0.1/\n"
        "waive:\n  - check: indicateur-etape\n    reason: Un seul écran\n  - check: title-repeated\n    reason: Titre commun voulu\n"
        "steps:\n  - name: Connexion\n", encoding="utf-8")
    result = check_paths([scenario])
    assert [(e.code, e.location.line, e.params["suggestion"]) for e in result.problems] == [
        ("unknown_waiver", 7, "indicateur-etapes")]
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("indicateur-etape\n", "indicateur-etapes\n"), encoding="utf-8")
    assert check_paths([scenario]).problems == []


def test_check_warns_of_a_criterion_or_practice_without_its_english_words(tmp_path: Path) -> None:
    import shutil

    grid = Path(__file__).parents[2] / "harness" / "criteria" / "grid"
    folder = tmp_path / "criteria"
    shutil.copytree(grid, folder)
    assert parcours("check", str(folder)).stderr == ""  # the shipped grid: every entry has its English
    practices = folder / "practices.yaml"
    text = practices.read_text(encoding="utf-8")
    start = text.index("    en:", text.index("  - id: autocomplete"))
    practices.write_text(text[:start] + text[text.index("  - id:", start):], encoding="utf-8")
    criteria = folder / "criteria.yaml"
    criteria.write_text(criteria.read_text(encoding="utf-8").replace(
        '      question: "Overall, this screen was: from 1 (very difficult) to 7 (very easy)."\n', ""), encoding="utf-8")
    result = parcours("check", str(folder))
    assert result.returncode == 0  # a warning, not an error
    assert "« autocomplete » n'a pas de traduction anglaise (en)" in result.stderr
    assert "« seq » n'a pas de traduction anglaise (en.question)" in result.stderr


def test_help_and_usage_errors_speak_french_throughout() -> None:
    """Typer's own words too: the help option, the usage line, the value names, defaults, usage errors."""
    shown = parcours("run", "--help").stdout
    for english in ("Show this message", "Usage:", "[default:", "<str>", "<list[Path]>", "x>=1", "<int"):
        assert english not in shown, english
    assert "Utilisation : parcours run" in shown and "Afficher cette aide et quitter." in shown
    assert "[par défaut : adhoc]" in shown and "<texte>" in shown and "<chemins>" in shown
    assert "Commandes:" in parcours("--help").stdout
    refused = parcours("run", "--jobs", "0")
    assert refused.returncode == 2 and "Erreur : valeur refusée pour '--jobs' / '-j' : il en faut 1 au moins." in refused.stderr
    unknown = parcours("run", "--vitesse")
    assert unknown.returncode == 2 and "l'option --vitesse n'existe pas." in unknown.stderr
    assert "Aide : parcours run --help" in unknown.stderr and "Traceback" not in unknown.stderr
    english = parcours("--lang", "en", "run", "--help").stdout
    assert "Show this message and exit." in english and "<text>" in english


def test_the_run_summary_reads_at_80_columns_without_cutting_a_word(tmp_path: Path) -> None:
    """What a CI log shows (no terminal, 80 columns): every header and figure whole, none cut with "…"."""
    from rich.console import Console

    from harness.console import summary_table
    from harness.demo.summary import comparison_table
    from tests.analysis.builders import run, step

    records = [run(tmp_path, version, [step(i, f"Écran {i}", "Un texte.") for i in range(count)], profile).record
               for version, count in (("avant", 5), ("après", 7)) for profile in ("desktop", "mobile", "keyboard", "rural")]
    records = [r.model_copy(update={"scenario": r.scenario.model_copy(update={"id": f"cmi-stationnement-{r.scenario.version}"})})
               for r in records]
    console = Console(width=80, force_terminal=False, record=True)
    console.print(summary_table(records, "fr"))
    console.print(comparison_table(records, "fr"))
    text = console.export_text()
    assert "…" not in text and "crit/gra/mod/min" in text and "5 → 7" in text
    assert max(len(line) for line in text.splitlines()) <= 80
