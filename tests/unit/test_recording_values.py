"""What a recording keeps of typed values (nothing), and how a Chrome Recorder export is read before any
browser starts: the rules, on the fields and files that show them."""

from __future__ import annotations

import json

import pytest

from harness.errors import InputError
from harness.recording.chrome import Click, read_recording
from harness.recording.values import FAKE_IDENTITY, FREE_TEXT, replace


@pytest.mark.parametrize(("facts", "written"), [
    ({"autocomplete": "family-name", "label": "Nom"}, "{persona.last_name}"),
    ({"autocomplete": "section-a shipping given-name"}, "{persona.first_name}"),
    ({"type": "email", "label": "Votre adresse"}, "{persona.email}"),  # the type before the label's "adresse"
    ({"label": "Code postal"}, "{persona.postcode}"),  # a postcode, not a secret code
    ({"label": "Courriel"}, "{persona.email}"),
    ({"label": "Numéro de téléphone portable"}, "{persona.phone}"),
    ({"label": "Date de naissance", "type": "date"}, "{persona.birth_date_iso}"),
    ({"label": "Date of birth"}, "{persona.birth_date}"),
    ({"label": "Full name"}, "{persona.last_name}"),
    ({"type": "password", "label": "Mot de passe"}, "{env.PARCOURS_MOT_DE_PASSE}"),
    ({"autocomplete": "one-time-code", "label": "Code"}, "{env.PARCOURS_CODE}"),
    ({"label": "Code reçu par SMS"}, "{env.PARCOURS_CODE}"),
    ({"label": "Numéro de dossier"}, "XX-123-45"),  # the same shape, nothing of the value
    ({"label": "Votre message", "tag": "textarea"}, FREE_TEXT),
])
def test_a_typed_value_is_never_kept(facts: dict, written: str) -> None:
    typed = "AB-907-22"
    replaced = replace(typed, facts, "champ")
    assert replaced.written == written
    assert typed not in replaced.written
    if replaced.kind == "persona":  # the import types the fake identity, never the person's value
        assert replaced.replay_value == FAKE_IDENTITY[written[len("{persona."):-1]]
    if replaced.kind == "secret":  # typed while importing, held in memory only
        assert replaced.replay_value == typed


def recording(*steps: dict) -> bytes:
    return json.dumps({"title": "t", "steps": [{"type": "navigate", "url": "https://demarche.example.fr/"}, *steps]}).encode()


def test_a_recording_is_read_with_its_step_numbers_and_hosts() -> None:
    read = read_recording(recording({"type": "setViewport", "width": 1}, {"type": "doubleClick", "selectors": ["#a"]}),
                          "r.json")
    assert read.hosts == ("demarche.example.fr",) and read.start_url == "https://demarche.example.fr/"
    assert [(n, type(s).__name__) for n, s in read.steps][2] == (3, Click.__name__)


@pytest.mark.parametrize(("data", "code", "step"), [
    (b"[1, 2", "recording_not_json", None),
    (b'{"steps": []}', "recording_shape", None),
    (recording({"type": "teleport"}), "recording_step_unknown", 2),
    (recording({"type": "customStep", "name": "x"}), "recording_step_refused", 2),
    (recording({"type": "click", "selectors": []}), "recording_step_invalid", 2),
    (recording({"type": "click", "selectors": ["#a"], "frame": [0]}), "recording_other_frame", 2),
    (recording({"type": "navigate", "url": "https://ailleurs.example.com/"}), "recording_other_host", 2),
    (recording({"type": "navigate", "url": "file:///etc/passwd"}), "recording_bad_url", 2),
    (json.dumps({"steps": [{"type": "click", "selectors": ["#a"]}]}).encode(), "recording_no_start", 1),
])
def test_a_bad_recording_is_refused_before_any_browser_starts(data: bytes, code: str, step: int | None) -> None:
    with pytest.raises(InputError) as caught:
        read_recording(data, "r.json")
    assert caught.value.code == code
    if step is not None:
        assert caught.value.params["step"] == step


def test_the_allowed_hosts_given_bound_even_the_first_page() -> None:
    with pytest.raises(InputError) as caught:
        read_recording(recording(), "r.json", ("127.0.0.1",))
    assert caught.value.code == "recording_other_host" and caught.value.params["step"] == 1
