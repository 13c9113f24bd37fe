"""Replays stay on their allowed hosts and never send for real unless told to."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.runs.record import FailureKind, Outcome, StepStatus

pytestmark = pytest.mark.browser
DEMO = Path(__file__).parents[2] / "harness" / "demo" / "scenarios"


def test_requests_to_other_hosts_are_blocked_and_recorded(site, replay) -> None:
    prefix = site.add({
        "/": '<h1>Accueil</h1><img alt="traceur" src="http://tracker.invalid/pixel.gif">'
             '<script src="http://cdn.invalid/lib.js"></script>',
    })
    record, _ = replay(
        f"""
        id: tiers
        title: Tiers
        procedure: tiers
        version: v1
        start_url: {prefix}/
        steps:
          - name: Accueil
            expect:
              - heading: Accueil
        """,
        site.url,
    )
    assert record.outcome is Outcome.PASSED
    assert record.allowed_hosts == ["127.0.0.1"]
    assert sorted(b.host for b in record.blocked_requests) == ["cdn.invalid", "tracker.invalid"]
    assert all(b.step == 0 for b in record.blocked_requests)


def test_leaving_the_allowed_hosts_fails_the_run(site, replay) -> None:
    prefix = site.add({"/": '<h1>Accueil</h1><a href="http://franceconnect.invalid/login">Se connecter</a>'})
    action = "click: {role: link, name: Se connecter}"
    record, _ = replay(
        f"""
        id: sortie
        title: Sortie
        procedure: sortie
        version: v1
        start_url: {prefix}/
        allowed_hosts: [127.0.0.1]
        steps:
          - name: Accueil
            actions:
              - {action}
          - name: Connexion
        """,
        site.url,
    )
    assert record.outcome is Outcome.FAILED
    assert record.failure.kind is FailureKind.BLOCKED_HOST
    assert record.failure.params == {"host": "franceconnect.invalid"}
    assert record.blocked_requests[0].host == "franceconnect.invalid"


def test_irreversible_step_is_recorded_but_not_sent_by_default(demo, replay) -> None:
    sent = demo.app.state.demo.count("apres")
    record, folder = replay(DEMO / "cmi-stationnement-apres.yaml", demo.url)
    assert record.outcome is Outcome.STOPPED and record.failure is None
    statuses = [s.status for s in record.steps]
    assert statuses == [StepStatus.PASSED] * 5 + [StepStatus.STOPPED, StepStatus.NOT_REACHED]
    stopped = record.steps[5]
    assert stopped.name == "Récapitulatif" and stopped.actions == []
    assert (folder / stopped.screenshot).exists()
    assert demo.app.state.demo.count("apres") == sent  # nothing was sent


def test_irreversible_step_runs_when_explicitly_allowed(demo, replay) -> None:
    sent = demo.app.state.demo.count("apres")
    record, _ = replay(DEMO / "cmi-stationnement-apres.yaml", demo.url, allow_irreversible=True)
    assert record.outcome is Outcome.PASSED and record.irreversible_allowed
    assert record.steps[-1].headings[0] == "Votre demande a bien été envoyée"
    assert demo.app.state.demo.count("apres") == sent + 1
