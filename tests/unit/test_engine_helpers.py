"""URL handling and profiles, without a browser."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from harness.errors import InputError, ReplayError
from harness.replay.engine import resolve_url, url_matches
from harness.replay.profiles import get_profile
from harness.scenario.models import Url


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
    ("spec", "url", "matches"),
    [
        ("/apres/adresse", "http://127.0.0.1:5/apres/adresse", True),
        ("/apres/adresse", "http://127.0.0.1:5/apres/adresse?x=1", True),  # query aside unless given
        ("/apres/adresse", "http://127.0.0.1:5/apres/adresse/plus", False),
        ("*/apres/*", "http://h/apres/identite", True),
        ("*/apres/*", "http://h/avant/identite", False),
        ("http://h/x", "http://h/x", True),
        ("http://h/x", "http://h/xy", False),
        ("http://h/x", "http://other/x", False),
        # like a link on the previous screen, /before/home.html
        ("survey.html", "http://h/before/survey.html", True),
        ("survey.html", "http://h/survey.html", False),
        ("../after/survey.html", "http://h/after/survey.html", True),
        ("survey.html?step=2", "http://h/before/survey.html?step=1", False),
        ({"path": "/before/survey.html"}, "http://h/before/survey.html?x=1#top", True),
        ({"path": "/before"}, "http://h/before/survey.html", False),
        ({"contains": "step=2"}, "http://h/before/survey.html?step=2", True),
        ({"regex": r"/etape-\d+$"}, "http://h/demarche/etape-3", True),
        ({"regex": r"/etape-\d+$"}, "http://h/demarche/etape-3/fin", False),
    ],
)
def test_url_expectations(spec: str | dict, url: str, matches: bool) -> None:
    expectation = Url.model_validate({"url": spec})
    assert url_matches(expectation.url, url, "http://h/before/home.html") is matches


@pytest.mark.parametrize(
    ("spec", "code"),
    [({"path": "before/x"}, "url_path_never_matches"), ({"regex": "etape-("}, "bad_regex"),
     ({"path": "/x", "contains": "x"}, "url_one_form"), ("/a b", "url_spaces"), ("javascript:alert(1)", "unsafe_scheme")],
)
def test_url_expectations_that_can_never_hold_are_refused(spec: str | dict, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Url.model_validate({"url": spec})
    assert code in {e["type"] for e in caught.value.errors()}


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
