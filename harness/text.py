"""Text folded to plain ASCII, for slugs, fingerprints and comparisons: the one place that does it.

NFKD takes accents apart, but leaves ligatures whole (œ, æ, ß would be dropped
by an ASCII encoding): they are spelt out first, so `cœur` folds to `coeur`.
"""

from __future__ import annotations

import re
import unicodedata

LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ẞ": "SS", "ﬁ": "fi", "ﬂ": "fl"})


def fold(text: str) -> str:
    """Lower-case ASCII, accents and ligatures spelt out: `Cœur — Étape` → `coeur — etape` (non-Latin letters dropped)."""
    spelt = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    return spelt.encode("ascii", "ignore").decode().lower()


def slugify(text: str, empty: str = "step") -> str:
    """`Identité — erreur` → `identite-erreur`: ASCII, lower case, dashes."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or empty
