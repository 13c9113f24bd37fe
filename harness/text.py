"""Text folded to plain ASCII, for slugs, fingerprints and comparisons: the one place that does it.

NFKD takes accents apart, but leaves ligatures whole (œ, æ, ß would be dropped
by an ASCII encoding): they are spelt out first, so `cœur` folds to `coeur`.
"""

from __future__ import annotations

import os

import difflib
import re
import unicodedata
from collections.abc import Iterable

LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ẞ": "SS", "ﬁ": "fi", "ﬂ": "fl"})


def fold(text: str) -> str:
    """Lower-case ASCII, accents and ligatures spelt out: `Cœur — Étape` → `coeur — etape` (non-Latin letters dropped)."""
    spelt = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    return spelt.encode("ascii", "ignore").decode().lower()


MAX_SLUG = 80  # a slug names files: a long step name must not exceed what a file system takes (255 bytes)


def slugify(text: str, empty: str = "step") -> str:
    """`Identité — erreur` → `identite-erreur`: ASCII, lower case, dashes; cut at a dash to MAX_SLUG characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug[:MAX_SLUG + 1]
        slug = (cut.rsplit("-", 1)[0] if "-" in cut[MAX_SLUG // 2:] else cut[:MAX_SLUG]).strip("-")
    return slug or empty


LINE_BREAK = re.compile(r"\r\n|\r|\n")


def text_lines(text: str) -> list[str]:
    """The lines of a file as editors, YAML and CSV count them: only CR, LF and CRLF end a line
    (str.splitlines also breaks at U+2028, NEL, form feeds…, which would quote the wrong line)."""
    lines = LINE_BREAK.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


# Characters that act on a terminal instead of showing: C0 and C1 controls (ESC starts colour, blink,
# cursor moves, OSC 8 hyperlinks; CR rewrites a line) and the bidirectional overrides that reorder
# what follows. Text from a page or a scenario never reaches a terminal, a log or a JUnit file with them.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, one_line: bool = False) -> str:
    """`text` without control characters; with `one_line`, line breaks and tabs become spaces too."""
    cleaned = CONTROLS.sub("", text)
    return cleaned.replace("\n", " ").replace("\t", " ") if one_line else cleaned


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice a typo most likely meant, if any is close enough ("Did you mean …?")."""
    found = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def common_name(titles: list[str]) -> str:
    """What several versions' titles share, as people name the procedure: "Carte mobilité inclusion —
    stationnement" for "… (version actuelle)" and "… (version améliorée)"; the first title when they share
    too little to name anything."""
    if not titles:
        return ""
    prefix = os.path.commonprefix(titles)
    if len(titles) > 1 and prefix != titles[0]:
        prefix = prefix.rstrip(" ([{—–-:,;·")
        if prefix.count("(") > prefix.count(")"):  # cut inside a bracket: the words before it
            prefix = prefix[: prefix.rfind("(")].rstrip(" —–-:,;·")
    return prefix if len(prefix) >= 8 else titles[0]
