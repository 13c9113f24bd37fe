"""Which language a screen speaks: its words first, its lang attribute next; None when neither says."""

from __future__ import annotations

import re
from typing import Literal

from harness.runs.record import StepRecord

Language = Literal["fr", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "en")

# Words that are frequent in one language and rare in the other.
STOPWORDS: dict[Language, frozenset[str]] = {
    "fr": frozenset("le la les des du un une et est pour vous votre vos dans sur avec pas que qui au aux ce cette "
                    "sont être avez nous ou par plus".split()),
    "en": frozenset("the and is for you your to of in on with not that which are be have we or by this "
                    "will can if".split()),
}
_WORD = re.compile(r"[a-zà-öø-ÿœ']+")
MIN_WORDS = 20  # fewer stop words than this: too little text to tell


def text_language(text: str) -> Language | None:
    """The language of the words, when one clearly dominates."""
    counts = dict.fromkeys(LANGUAGES, 0)
    for word in _WORD.findall(text.lower()):
        for language in LANGUAGES:
            if word in STOPWORDS[language]:
                counts[language] += 1
    total = sum(counts.values())
    if total < MIN_WORDS:
        return None
    best = max(LANGUAGES, key=counts.__getitem__)
    return best if counts[best] >= 0.75 * total else None


def declared_language(step: StepRecord) -> str | None:
    """The primary subtag of the page's lang attribute (`fr-FR` → `fr`), lower case."""
    return step.lang.split("-")[0].strip().lower() if step.lang and step.lang.strip() else None


def page_language(step: StepRecord) -> Language | None:
    """What French or English heuristics may judge: the words' language, else the declared one."""
    found = text_language(step.text or "")
    if found is not None:
        return found
    declared = declared_language(step)
    return declared if declared in LANGUAGES else None


def lang_mismatch(step: StepRecord) -> tuple[str, str] | None:
    """(declared, spoken) when the page says one language and its words are clearly another."""
    declared, spoken = declared_language(step), text_language(step.text or "")
    if declared and spoken and declared != spoken:
        return declared, spoken
    return None
