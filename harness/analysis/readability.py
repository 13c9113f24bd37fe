"""Reading ease: Kandel & Moles' French adaptation (1958) of Flesch's index, and Flesch's own for English.

    French:  L = 207 − 1.015 × (words / sentences) − 73.6 × (syllables / words)
    English: F = 206.835 − 1.015 × (words / sentences) − 84.6 × (syllables / words)

On both scales about 60–70 is standard prose; below 50, hard for a wide
public. Syllables are counted from each language's hyphenation patterns
(pyphen), which follow syllables closely; a word has at least one.
"""

from __future__ import annotations

import re
from functools import cache

import pyphen

from harness.runs.record import StepRecord

WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]+(?:['’-][A-Za-zÀ-ÖØ-öø-ÿŒœ]+)*")  # a word, elisions and compounds whole
_SENTENCE_END = re.compile(r"[.!?:;]+|\n+")


# (constant, words-per-sentence weight, syllables-per-word weight, hyphenation dictionary)
FORMULAS = {"fr": (207.0, 1.015, 73.6, "fr_FR"), "en": (206.835, 1.015, 84.6, "en_US")}


@cache
def _dictionary(name: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=name)


@cache
def syllables(word: str, lang: str = "fr") -> int:
    """Syllables of one word; cached, as screens repeat the same words."""
    dictionary = _dictionary(FORMULAS[lang][3])
    count = 0
    for part in re.split(r"['’-]", word):
        if part:
            count += len(dictionary.positions(part.lower())) + 1
    return max(count, 1)


# Below this many words of running text a screen's index says nothing: it is not judged.
MIN_WORDS = 30


def reading_ease(text: str, lang: str, min_words: int = 1) -> float | None:
    """The language's reading-ease index of `text`; None under `min_words` words or when the language has
    no formula."""
    if lang not in FORMULAS:
        return None
    constant, per_sentence, per_syllable, _ = FORMULAS[lang]
    words = WORD.findall(text)
    if not words or len(words) < min_words:
        return None
    sentences = max(1, sum(1 for chunk in _SENTENCE_END.split(text) if WORD.search(chunk)))
    syllable_count = sum(syllables(w, lang) for w in words)
    return constant - per_sentence * (len(words) / sentences) - per_syllable * (syllable_count / len(words))


def kandel_moles(text: str) -> float | None:
    """The French index of `text`, or None when it has no words to judge."""
    return reading_ease(text, "fr")


def screen_reading_ease(step: StepRecord, lang: str) -> float | None:
    """A screen's index on its running text (paragraphs, list items), never on a form's labels or a recap
    table; runs recorded before running text was kept fall back to the whole text."""
    text = step.prose if step.prose is not None else step.text or ""
    return reading_ease(text, lang, MIN_WORDS)
