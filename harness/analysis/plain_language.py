"""Plain-language checks on French screens: what makes a text hard for the publics who struggle most.

From the plain-language and "Facile à lire et à comprendre" (FALC) guidance: short sentences, no
acronym left unexplained, everyday words instead of administrative jargon (a word list the project
writes: plain_language_fr.yaml), no negations stacked in one sentence, no "(s)" plurals. Each
finding quotes the sentence. These are heuristics on the words a screen shows: a person judges
whether the sentence is really hard for its readers, and WCAG places them at level AAA (3.1.3 to
3.1.5), outside RGAA, so they never touch an RGAA grid.

The same functions check any French text, so Parcours's own reports and app are held to them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ruamel.yaml import YAML

from harness.analysis.readability import WORD

MAX_WORDS = 25  # a sentence longer than this is hard to follow (FALC: one idea per sentence)
RULES = ("sentence-too-long", "acronym-unexplained", "admin-jargon", "negations-stacked", "plural-parenthesis")

_BLOCKS = re.compile(r"[\n\t]+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"(]?[A-ZÀ-Ý0-9])")
_ACRONYM = re.compile(r"(?<![\w-])([A-ZÀ-Ý][A-ZÀ-Ý0-9]{1,5}(?:-[A-Z0-9]{1,3})?)(?![\w-])")
_ROMAN = re.compile(r"^[IVXLCDM]+$")
# Read as words by everyone, or file formats named as the files themselves are named.
KNOWN_ACRONYMS = frozenset({"OK", "SMS", "TV", "PDF", "JPG", "JPEG", "PNG"})
# A verbal negation: "ne"/"n'" with its particle a few words on ("ne … que" restricts, it does not deny).
_NEGATION = re.compile(
    r"\b(?:ne|n['’])(?=\s|[^\W\d_])(?=(?:\W*[^\W\d_]+){0,5}?\W*(?:pas|plus|jamais|rien|personne|aucune?|ni|guère|point)\b)",
    re.IGNORECASE,
)
_WITHOUT = re.compile(r"\bsans\b", re.IGNORECASE)
# Where a sentence's clauses part: a colon, a semicolon, a spaced dash.
_CLAUSES = re.compile(r"\s*[:;]\s|\s[–—]\s")
_PLURAL = re.compile(r"[^\W\d_]\((?:s|x)\)", re.IGNORECASE)


@dataclass(frozen=True)
class LanguageIssue:
    rule: str
    sentence: str  # as the screen shows it, spaces folded
    params: dict[str, str]


@dataclass(frozen=True)
class Term:
    term: str
    plain: str
    pattern: re.Pattern[str]


@cache
def jargon() -> tuple[Term, ...]:
    """The project's list of administrative jargon, longest terms first (one match per place)."""
    text = resources.files("harness.analysis").joinpath("plain_language_fr.yaml").read_text("utf-8")
    entries = YAML(typ="safe").load(text)["terms"]
    terms = [
        Term(e["term"], e["plain"], re.compile(rf"(?<![\w-]){re.escape(e['term'])}(?:s|x)?(?![\w-])", re.IGNORECASE))
        for e in entries
    ]
    return tuple(sorted(terms, key=lambda term: -len(term.term)))


def sentences(text: str) -> Iterator[str]:
    """The sentences of a screen's text: each block (a line, a cell) cut after its full stops."""
    for block in _BLOCKS.split(text):
        for sentence in _SENTENCE_END.split(block):
            sentence = " ".join(sentence.split())
            if WORD.search(sentence):
                yield sentence


def words(sentence: str) -> list[str]:
    return WORD.findall(sentence)


def check_text(text: str) -> list[LanguageIssue]:
    """Every plain-language issue of a French text, each sentence quoted once per rule and term."""
    found: dict[tuple[str, str, str], LanguageIssue] = {}

    def add(rule: str, sentence: str, key: str = "", **params: str) -> None:
        found.setdefault((rule, sentence, key), LanguageIssue(rule, sentence, {"sentence": _quote(sentence), **params}))

    explained = _explained_acronyms(text)
    ordinary = _lower_words(text)
    for sentence in sentences(text):
        count = len(words(sentence))
        if count > MAX_WORDS:
            add("sentence-too-long", sentence, words=str(count), limit=str(MAX_WORDS))
        if not _styled_in_capitals(sentence):
            for acronym in _ACRONYM.findall(sentence):
                if (acronym in KNOWN_ACRONYMS or _ROMAN.match(acronym) or acronym in explained
                        or acronym.lower() in ordinary):  # a word set in capitals, written plainly elsewhere
                    continue
                add("acronym-unexplained", sentence, acronym, acronym=acronym)
        taken: list[tuple[int, int]] = []
        for term in jargon():
            for match in term.pattern.finditer(sentence):
                if any(start < match.end() and match.start() < end for start, end in taken):
                    continue  # inside a longer term already flagged
                taken.append(match.span())
                add("admin-jargon", sentence, term.term, term=match.group(0), plain=term.plain)
        negations = _stacked_negations(sentence)
        if negations >= 2:
            add("negations-stacked", sentence, count=str(negations))
        plural = _PLURAL.search(sentence)
        if plural:
            add("plural-parenthesis", sentence, word=_word_at(sentence, plural.end()))
    return list(found.values())


def _stacked_negations(sentence: str) -> int:
    """The most negations one clause of the sentence holds, counted where a verb is denied: "ne … pas"
    with another "ne … pas", or with a "sans" ("not treated without proof"). A list of "sans" alone
    ("a page without title, a button without name") denies no verb and is not counted."""
    most = 0
    for clause in _CLAUSES.split(sentence):
        verbal = len(_NEGATION.findall(clause))
        if verbal:
            most = max(most, verbal + len(_WITHOUT.findall(clause)))
    return most


def _quote(sentence: str) -> str:
    return sentence if len(sentence) <= 240 else sentence[:239] + "…"


def _explained_acronyms(text: str) -> set[str]:
    """Acronyms the text spells out: "Maison départementale … (MDPH)" or "MDPH (Maison départementale …)"."""
    folded = " ".join(text.split())
    explained = {m.group(1) for m in re.finditer(r"[^\W\d_]{3,}[^()]{0,80}\(([A-ZÀ-Ý][A-ZÀ-Ý0-9-]{1,9})\)", folded)}
    explained |= {m.group(1) for m in re.finditer(r"(?<![\w-])([A-ZÀ-Ý][A-ZÀ-Ý0-9-]{1,9})\s*(?:\(|:|,\s*c'est-à-dire)\s*[«“\"]?\s*[^\W\d_]{2,}", folded)}
    return explained


def _styled_in_capitals(sentence: str) -> bool:
    """A heading or a button set in capitals by its style: several capitalised words, no small letter."""
    letters = [c for c in sentence if c.isalpha()]
    long_words = [w for w in words(sentence) if len(w) >= 3]
    return bool(letters) and not any(c.islower() for c in letters) and len(long_words) >= 2


def _lower_words(text: str) -> set[str]:
    """The words a text writes in small letters: a capitalised one that appears so is a word, not an acronym."""
    return {w.lower() for w in words(text) if w.islower() or w[:1].isupper() and w[1:].islower()}


def _word_at(sentence: str, end: int) -> str:
    start = end
    while start > 0 and not sentence[start - 1].isspace():
        start -= 1
    return sentence[start:end]
