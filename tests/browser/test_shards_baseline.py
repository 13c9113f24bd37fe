"""CI at scale: shards of a campaign merged into one, and a baseline that fails on new barriers only."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from starlette.middleware.base import BaseHTTPMiddleware

from harness.analysis.findings import barriers, build_findings
from harness.criteria.loader import default_criteria, load_catalogue
from harness.demo.app import create_app
from harness.analysis.sources import gather
from harness.webserver import BackgroundServer
from tests.browser.demo_copies import AVANT, APRES, trimmed

pytestmark = pytest.mark.browser


def parcours(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from harness.cli import main; main()", *args], cwd=cwd,
                          capture_output=True, text=True, env={**os.environ, "COLUMNS": "200", "PARCOURS_LANG": "fr"},
                          timeout=300)


def fingerprints(runs_dir: Path, campaign: str) -> dict[str, set[str]]:
    catalogue = load_catalogue(default_criteria())
    sources = gather(runs_dir, campaign, catalogue, None)
    return {sid: {f.fingerprint for f in barriers(build_findings(sources.evidence(sid), catalogue))} for sid in sources.runs}


def test_two_shards_merged_give_the_findings_of_one_unsharded_run(tmp_path: Path) -> None:
    avant, apres = trimmed(AVANT, 3, tmp_path / "scenarios"), trimmed(APRES, 2, tmp_path / "scenarios")
    with BackgroundServer(create_app()) as site:
        # one process each (-j 1): what a shard replays does not depend on how it is spread on its machine
        common = [str(avant), str(apres), "--base-url", site.url, "--campaign", "ci", "-j", "1"]
        whole = parcours(tmp_path, "run", *common, "--runs-dir", "whole")
        first = parcours(tmp_path, "run", *common, "--runs-dir", "shard1", "--shard", "1/2")
        second = parcours(tmp_path, "run", *common, "--runs-dir", "shard2", "--shard", "2/2")
    for result in (whole, first, second):
        assert result.returncode == 0, result.stdout + result.stderr
    assert "Part 1/2 : 1 paire scénario × profil sur 2" in first.stdout
    one = {p.relative_to(tmp_path / "shard1" / "ci") for p in (tmp_path / "shard1" / "ci").glob("*/*")}
    two = {p.relative_to(tmp_path / "shard2" / "ci") for p in (tmp_path / "shard2" / "ci").glob("*/*")}
    assert len(one) == len(two) == 1 and not one & two  # each pair replayed once, on one machine
    merged = tmp_path / "merged"  # what a CI job does with the artefacts of the matrix
    for shard in ("shard1", "shard2"):
        shutil.copytree(tmp_path / shard, merged, dirs_exist_ok=True)
    found = fingerprints(merged, "ci")
    assert found == fingerprints(tmp_path / "whole", "ci")
    # not an empty comparison: both versions are there, and the first one's screens have many barriers
    assert set(found) == {"cmi-stationnement-avant", "cmi-stationnement-apres"}
    assert len(found["cmi-stationnement-avant"]) > len(found["cmi-stationnement-apres"])


class NewBarrier(BaseHTTPMiddleware):
    """The demo's form page with one more image, which has no text alternative."""

    async def dispatch(self, request, call_next):  # noqa: ANN001, ANN201
        response = await call_next(request)
        if request.url.path.rstrip("/") != "/avant/formulaire" or response.headers.get("content-type", "").find("html") < 0:
            return response
        body = b"".join([chunk async for chunk in response.body_iterator])
        body = body.replace(b"</form>", b'<img src="/static/logo.svg" width="40" height="40" class="tampon"></form>', 1)
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        from starlette.responses import Response

        return Response(body, status_code=response.status_code, headers=headers)


def test_a_baseline_passes_a_rerun_and_fails_on_one_new_barrier_only(tmp_path: Path) -> None:
    avant = trimmed(AVANT, 3, tmp_path / "scenarios")  # the new barrier comes on the form, its second screen
    with BackgroundServer(create_app()) as site:
        common = [str(avant), "--base-url", site.url, "--campaign", "avant", "--runs-dir", "runs"]
        assert parcours(tmp_path, "run", *common).returncode == 0
        written = parcours(tmp_path, "baseline", "write", "reference.yaml", "--campaign", "avant", "--runs-dir", "runs")
        assert written.returncode == 0 and "Référence écrite : reference.yaml" in written.stdout, written.stderr
        again = parcours(tmp_path, "run", *common, "--baseline", "reference.yaml")
        assert again.returncode == 0, again.stdout + again.stderr
        assert "Aucun obstacle nouveau par rapport à la référence" in again.stdout
    changed = create_app()
    changed.add_middleware(NewBarrier)
    with BackgroundServer(changed) as site:
        result = parcours(tmp_path, "run", str(avant), "--base-url", site.url, "--campaign", "avant", "--runs-dir", "runs",
                          "--baseline", "reference.yaml")
    assert result.returncode == 1, result.stdout + result.stderr
    new = [line for line in result.stderr.splitlines() if line.startswith("Nouvel obstacle")]
    assert len(new) == 1 and "texte de remplacement" in new[0] and "Formulaire" in new[0], result.stderr
    assert "1 obstacle nouveau par rapport à la référence." in result.stdout
    assert "à retirer de la référence" not in result.stdout  # the known ones are all still there


def test_the_pytest_option_fails_an_item_on_barriers_beyond_the_baseline_only(pytester: pytest.Pytester) -> None:
    trimmed(AVANT, 3, pytester.path / "scenarios")
    args = ["scenarios/", "--parcours-runs-dir", "runs", "--parcours-campaign", "avant", "--parcours-timeout", "5"]
    first = pytester.runpytest_subprocess(*args)
    first.assert_outcomes(passed=1)  # the demo's avant has no thresholds
    written = parcours(pytester.path, "baseline", "write", "reference.yaml", "--campaign", "avant", "--runs-dir", "runs")
    assert written.returncode == 0, written.stderr
    text = (pytester.path / "reference.yaml").read_text(encoding="utf-8")
    known = pytester.runpytest_subprocess(*args, "--parcours-baseline", "reference.yaml")
    known.assert_outcomes(passed=1)
    # one barrier forgotten from the baseline: the item fails, naming it alone
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "rule: image-alt" in line) - 2
    (pytester.path / "reference.yaml").write_text("\n".join(lines[:start] + lines[start + 5:]) + "\n", encoding="utf-8")
    result = pytester.runpytest_subprocess(*args, "--parcours-baseline", "reference.yaml")
    result.assert_outcomes(failed=1)
    named = set(re.findall(r"Nouvel obstacle, absent de la référence : .*?empreinte ([0-9a-f]{12})", result.stdout.str()))
    assert len(named) == 1 and "texte de remplacement" in result.stdout.str()  # that barrier alone (shown in the summary too)
