"""What a recording keeps of the values a person typed: nothing.

An identity field (recognised by its `autocomplete` token, its type, then its label) gets a
`{persona.<field>}` placeholder whose value is a fake identity Parcours writes beside the scenario;
a password or a code gets an `{env.NAME}` placeholder (its value is read from the environment at
replay time and never written); any other field gets a fake value of the same shape (digits for
digits, letters for letters), so that a format check still passes. Each replacement is listed, so
the recording says what it replaced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from harness.text import fold

PERSONA_ID = "enregistrement"
# A fake identity in the style of the demo's personas: placeholder surnames, invented places, phone
# numbers in the range ARCEP reserves for fiction, e-mails at example.org.
FAKE_IDENTITY = {
    "last_name": "Exemple",
    "first_name": "Camille",
    "full_name": "Camille Exemple",
    "civility": "Madame",
    "birth_date": "12/03/1958",
    "birth_date_iso": "1958-03-12",
    "birth_day": "12",
    "birth_month": "03",
    "birth_year": "1958",
    "birth_place": "Fictiville",
    "street": "3 rue des Tilleuls",
    "address_line2": "Bâtiment B",
    "postcode": "68999",
    "city": "Fictiville",
    "country": "France",
    "email": "camille.exemple@example.org",
    "phone": "01 99 00 00 01",
    "nir": "258036899999999",
}

# autocomplete tokens (HTML's autofill field names) → persona field
AUTOCOMPLETE = {
    "family-name": "last_name", "given-name": "first_name", "name": "full_name", "honorific-prefix": "civility",
    "bday": "birth_date", "bday-day": "birth_day", "bday-month": "birth_month", "bday-year": "birth_year",
    "street-address": "street", "address-line1": "street", "address-line2": "address_line2",
    "postal-code": "postcode", "address-level2": "city", "country-name": "country",
    "email": "email", "tel": "phone", "tel-national": "phone", "username": "email",
}
SECRET_AUTOCOMPLETE = {"current-password": "PARCOURS_MOT_DE_PASSE", "new-password": "PARCOURS_MOT_DE_PASSE",
                       "one-time-code": "PARCOURS_CODE"}
# Labels, folded (no accents, lower case), tried in this order: the more precise first
LABELS: tuple[tuple[str, str], ...] = (
    (r"code postal|postcode|postal code|zip", "postcode"),
    (r"courriel|e-?mail|adresse (electronique|mail)|\bmel\b", "email"),
    (r"telephone|phone|portable|mobile", "phone"),
    (r"securite sociale|\bnir\b|national insurance", "nir"),
    (r"jour de naissance|day of birth", "birth_day"),
    (r"mois de naissance|month of birth", "birth_month"),
    (r"annee de naissance|year of birth", "birth_year"),
    (r"lieu de naissance|commune de naissance|place of birth|town of birth", "birth_place"),
    (r"date de naissance|date of birth|\bne\(?e?\)? le\b|birth", "birth_date"),
    (r"prenom|first name|given name|forename", "first_name"),
    (r"\bnom\b|surname|last name|family name|full name|\bname\b", "last_name"),
    (r"complement d.adresse|address line 2", "address_line2"),
    (r"adresse|address|\bvoie\b|\brue\b|street", "street"),
    (r"commune|ville|town|city|localite", "city"),
    (r"civilite|title", "civility"),
    (r"\bpays\b|country", "country"),
)
SECRET_LABELS = ((r"mot de passe|password|passphrase", "PARCOURS_MOT_DE_PASSE"),
                 (r"\bcode\b|\bpin\b|one.time|verification", "PARCOURS_CODE"))
SECRET_TYPES = {"password": "PARCOURS_MOT_DE_PASSE"}
FREE_TEXT = "Texte d'essai écrit pour le test"


@dataclass(frozen=True)
class Replacement:
    """What a typed value became: `{persona.x}`, `{env.NAME}` or a fake value; never the value itself."""

    field: str  # the field as the scenario names it
    kind: str  # "persona", "secret" or "fake"
    written: str  # what the scenario holds
    replay_value: str  # what the import types while it walks the procedure (the fake, or the secret in memory)


def replace(value: str, facts: dict[str, Any], field: str) -> Replacement:
    """The placeholder or fake value written for `value`, typed into a field described by `facts`
    (the page's own description: type, autocomplete, label)."""
    kind = (facts.get("type") or "").lower()
    tokens = (facts.get("autocomplete") or "").lower().split()
    label = fold(" ".join(str(facts.get(key) or "") for key in ("label", "name", "placeholder"))).lower()
    secret = next((SECRET_AUTOCOMPLETE[t] for t in tokens if t in SECRET_AUTOCOMPLETE), None) or SECRET_TYPES.get(kind)
    if secret is None and not _persona_field(tokens, kind, label):
        secret = next((name for pattern, name in SECRET_LABELS if re.search(pattern, label)), None)
    if secret:
        return Replacement(field, "secret", f"{{env.{secret}}}", value)
    persona_field = _persona_field(tokens, kind, label)
    if persona_field:
        if persona_field == "birth_date" and kind == "date":
            persona_field = "birth_date_iso"
        return Replacement(field, "persona", f"{{persona.{persona_field}}}", FAKE_IDENTITY[persona_field])
    fake = fake_value(value, kind, facts.get("tag") == "textarea")
    return Replacement(field, "fake", fake, fake)


def _persona_field(tokens: list[str], kind: str, label: str) -> str | None:
    found = next((AUTOCOMPLETE[t] for t in tokens if t in AUTOCOMPLETE), None)
    if found:
        return found
    if kind in ("email", "tel"):
        return "email" if kind == "email" else "phone"
    return next((name for pattern, name in LABELS if re.search(pattern, label)), None)


def fake_value(value: str, kind: str = "", free_text: bool = False) -> str:
    """A value of the same shape that says nothing of the person: digits become a fixed sequence,
    letters `x` (keeping case), other signs stay; free text (a message, several words) a test sentence."""
    if kind == "date":
        return "2026-01-15"
    if kind in ("number", "range"):
        return "1" if not value.strip() else re.sub(r"\d", "1", value)
    if kind == "url":
        return "https://example.org/"
    if free_text or len(value.split()) > 3:
        return FREE_TEXT
    digits = iter("1234567890" * (len(value) // 10 + 1))
    return "".join(next(digits) if c.isdigit() else ("X" if c.isupper() else "x") if c.isalpha() else c for c in value)
