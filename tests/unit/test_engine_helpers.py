"""URL handling and profiles, without a browser."""

from __future__ import annotations

import pytest

from harness.errors import InputError, ReplayError
from harness.replay.engine import resolve_url, url_pattern
from harness.replay.profiles import get_profile


def test_relative_urls_join_the_base_url_keeping_its_path() -> None:
    assert resolve_url("/avant/", "http://127.0.0.1:8000") == "http://127.0.0.1:8000/avant/"
    assert resolve_url("/avant/", "http://h/app/") == "http://h/app/avant/"
    assert resolve_url("https://other.example/x", "http://h") == "https://other.example/x"


def test_a_relative_url_without_base_url_is_a_clear_error() -> None:
    with pytest.raises(ReplayError) as caught:
        resolve_url("/avant/", None)
    assert caught.value.code == "base_url_needed"
    with pytest.raises(ReplayError):
        resolve_url("/avant/", "127.0.0.1:8000")


@pytest.mark.parametrize(
    ("pattern", "url", "matches"),
    [
        ("/apres/adresse", "http://127.0.0.1:5/apres/adresse", True),
        ("/apres/adresse", "http://127.0.0.1:5/apres/adresse?x=1", True),
        ("/apres/adresse", "http://127.0.0.1:5/apres/adresse/plus", False),
        ("*/apres/*", "http://h/apres/identite", True),
        ("*/apres/*", "http://h/avant/identite", False),
        ("http://h/x", "http://h/x", True),
        ("http://h/x", "http://h/xy", False),
    ],
)
def test_url_expectation_patterns(pattern: str, url: str, matches: bool) -> None:
    assert bool(url_pattern(pattern).match(url)) is matches


def test_unknown_profile_suggests_the_right_one() -> None:
    assert get_profile("mobile").context["viewport"]["width"] == 320
    with pytest.raises(InputError) as caught:
        get_profile("mobil")
    assert caught.value.params["suggestion"] == "mobile"


def test_one_slug_helper_spells_out_french_ligatures() -> None:
    from harness.analysis.metrics import _fold
    from harness.panel.models import _fold as panel_fold
    from harness.scenario.models import Step
    from harness.text import fold, slugify

    assert slugify("Cœur de l'Œuvre — Étape 1") == "coeur-de-l-oeuvre-etape-1"
    assert slugify("Straße, Æsop") == "strasse-aesop"
    assert Step(name="Vœux").slug == "voeux"  # screens, fingerprints and panel values fold alike
    assert _fold("Sœur (conjointe)") == "soeur" and panel_fold("Bœuf ") == "boeuf" == fold("bœuf")
