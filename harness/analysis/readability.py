"""French readability: Kandel & Moles' adaptation of Flesch's reading ease (1958).

    L = 207 − 1.015 × (words / sentences) − 73.6 × (syllables / words)

About 60–70 is standard prose; below 50, hard for a wide public. Syllables are
counted from French hyphenation patterns (pyphen), which follow syllables
closely; a word has at least one.
"""

from __future__ import annotations

import re
from functools import cache

import pyphen

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]+(?:['’-][A-Za-zÀ-ÖØ-öø-ÿŒœ]+)*")
_SENTENCE_END = re.compile(r"[.!?:;]+|\n+")


@cache
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="fr_FR")


@cache
def syllables(word: str) -> int:
    """Syllables of one word; cached, as screens repeat the same words."""
    count = 0
    for part in re.split(r"['’-]", word):
        if part:
            count += len(_dictionary().positions(part.lower())) + 1
    return max(count, 1)


def kandel_moles(text: str) -> float | None:
    """The index of `text`, or None when it has no words to judge."""
    words = _WORD.findall(text)
    if not words:
        return None
    sentences = max(1, sum(1 for chunk in _SENTENCE_END.split(text) if _WORD.search(chunk)))
    syllable_count = sum(syllables(w) for w in words)
    return 207 - 1.015 * (len(words) / sentences) - 73.6 * (syllable_count / len(words))
