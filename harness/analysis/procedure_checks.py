"""Checks axe cannot make on one screen alone: the sequence, the error path, the structure a person meets.

Each check reads the run record only (no browser) and claims what the record
proves: the WCAG success criterion and RGAA criterion it fails, the screens,
and the element in question, and how sure it is: established when the record
shows the failure itself, to confirm when a heuristic points at it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from harness.analysis.language import lang_mismatch, page_language
from harness.analysis.plain_language import check_text
from harness.runs.record import FailureKind, FormField, ImageFacts, RunRecord, StepRecord
from harness.scenario.models import Impact
from harness.text import fold

# Link names that say nothing out of their context, in French and English.
VAGUE_LINKS = re.compile(
    r"^(cliquez ici|cliquer ici|ici|en savoir plus|lire la suite|la suite|suite|plus|voir|voir plus|lien|"
    r"plus d'infos?|plus d'informations|d[ée]tails?|click here|here|read more|more|learn more|see more|"
    r"link|this link|details|more info)\W*$",
    re.IGNORECASE,
)
# Text alternatives that say nothing of the image: a file name, the kind of thing, a placeholder.
IMAGE_FILE = re.compile(r"\.(png|jpe?g|gif|svg|webp|bmp|tiff?)$|^(img|dsc|image|photo)[_-]?\d+", re.IGNORECASE)
EMPTY_ALT_WORDS = re.compile(
    r"^(image|img|photo|picture|pic|icon|ic[ôo]ne|logo|bullet|puce|graphic|graphique|chart|spacer|"
    r"illustration|visuel|banner|banni[èe]re|untitled|sans titre|null|undefined|alt)\W*$", re.IGNORECASE)
LONG_ALT = 150
# A page that explains what its asterisks mean.
ASTERISK_EXPLAINED = re.compile(
    r"\*[^\n]{0,60}(obligatoire|requis|required|mandatory)|(obligatoire|requis|required|mandatory)[^\n]{0,60}\*",
    re.IGNORECASE,
)
SUBMITS = {"click", "press"}


class Confidence(StrEnum):
    """What a finding's evidence proves. ESTABLISHED: the record shows the failure itself (a value lost,
    a field that cannot be reached). TO_CONFIRM: a heuristic points at it, and a person must look before
    it is called a barrier (a word list, a look, a guess at what the page means)."""

    ESTABLISHED = "established"
    TO_CONFIRM = "to_confirm"


@dataclass(frozen=True)
class Check:
    """A rule of this module: what it fails, how badly, and how sure its evidence is."""

    rule: str
    wcag: tuple[str, ...]
    rgaa: tuple[str, ...]
    severity: Impact
    confidence: Confidence = Confidence.ESTABLISHED
    # or "good_practice": no WCAG success criterion fails (a skipped heading level); or "review": what a
    # person must check, for which the record proves nothing either way (a drag, a CAPTCHA of unknown kind)
    kind: str = "barrier"

    @property
    def level(self) -> str | None:
        """The WCAG level it claims a failure at: the lowest of its success criteria, None for a good practice."""
        levels = [WCAG_LEVELS.get(criterion, "A") for criterion in self.wcag]
        return min(levels, key=len) if levels else None

    @property
    def claims_failure(self) -> bool:
        """It says a WCAG A or AA success criterion fails (plain-language advice is AAA; good practices say none)."""
        return self.kind == "barrier" and self.level in ("A", "AA")


# Success criteria of WCAG 2.2 above level A that these checks name (the rest are level A).
WCAG_LEVELS = {"2.5.7": "AA", "2.4.7": "AA", "1.4.3": "AA", "1.4.10": "AA", "1.4.11": "AA", "2.4.11": "AA",
               "2.5.8": "AA", "3.3.8": "AA", "3.1.3": "AAA", "3.1.4": "AAA", "3.1.5": "AAA", "2.4.9": "AAA",
               "2.4.10": "AAA", "2.4.6": "AA", "3.2.4": "AA", "3.3.4": "AA", "1.4.5": "AA"}
GUESS = Confidence.TO_CONFIRM
RULES = {
    check.rule: check
    for check in (
        Check("title-repeated", ("2.4.2",), ("8.6",), Impact.MODERATE, GUESS),
        Check("error-title-unchanged", ("2.4.2", "3.3.1"), ("8.6",), Impact.MODERATE, GUESS),
        Check("error-not-announced", ("3.3.1", "4.1.3"), ("11.10", "7.5"), Impact.SERIOUS),
        Check("error-message-not-tied", ("3.3.1", "1.3.1"), ("11.10",), Impact.SERIOUS),
        Check("error-by-colour-only", ("1.4.1", "3.3.1"), ("3.1", "11.10"), Impact.SERIOUS, GUESS),
        Check("data-lost-after-error", ("3.3.7",), (), Impact.SERIOUS),
        Check("focus-lost", ("2.4.3",), ("12.8",), Impact.MODERATE),
        Check("required-asterisk-unexplained", ("3.3.2",), ("11.10",), Impact.MODERATE, GUESS),
        Check("choices-not-grouped", ("1.3.1", "3.3.2"), ("11.5", "11.6"), Impact.SERIOUS),
        Check("link-text-unclear", ("2.4.4",), ("6.1",), Impact.MODERATE, GUESS),
        Check("link-colour-only", ("1.4.1",), ("10.6",), Impact.SERIOUS),
        Check("image-alt-suspicious", ("1.1.1",), ("1.3",), Impact.SERIOUS, GUESS),
        # WCAG asks for structure, not for unbroken levels: a skipped level is advice (RGAA 9.1 reads it stricter)
        Check("heading-levels-skip", (), ("9.1",), Impact.MINOR, GUESS, kind="good_practice"),
        Check("fake-heading", ("1.3.1",), ("9.1",), Impact.MODERATE, GUESS),
        Check("table-without-headers", ("1.3.1",), ("5.6", "5.7"), Impact.SERIOUS, GUESS),
        Check("change-of-context-on-input", ("3.2.2",), ("7.4",), Impact.SERIOUS),
        Check("lang-mismatch", ("3.1.1",), ("8.4",), Impact.SERIOUS, GUESS),
        Check("placeholder-as-label", ("3.3.2",), ("11.1",), Impact.SERIOUS),
        # plain language, on French screens (plain_language.py): WCAG AAA, outside RGAA
        Check("sentence-too-long", ("3.1.5",), (), Impact.MINOR, GUESS),
        Check("acronym-unexplained", ("3.1.4",), (), Impact.MODERATE, GUESS),
        Check("admin-jargon", ("3.1.3",), (), Impact.MODERATE, GUESS),
        Check("negations-stacked", ("3.1.5",), (), Impact.MINOR, GUESS),
        Check("plural-parenthesis", ("3.1.5",), (), Impact.MINOR, GUESS),
        # keyboard profile
        Check("step-not-doable-by-keyboard", ("2.1.1",), ("7.3",), Impact.CRITICAL),
        Check("keyboard-unreachable", ("2.1.1",), ("7.3",), Impact.SERIOUS),
        Check("keyboard-trap", ("2.1.2",), ("12.9",), Impact.CRITICAL),
        Check("focus-invisible", ("2.4.7",), ("10.7",), Impact.SERIOUS, GUESS),
        # focus taken away as it arrives: WCAG F55, a change of context on focus
        Check("focus-removed", ("2.4.7", "2.1.1", "3.2.1"), ("10.7", "7.3"), Impact.SERIOUS),
        Check("tab-order", ("2.4.3",), ("12.8",), Impact.MODERATE, GUESS),
        Check("tab-order-visual", ("2.4.3",), ("12.8",), Impact.MODERATE, GUESS),
        # found only where a main landmark exists, which WCAG 2.4.1 accepts as a way to bypass blocks (ARIA11):
        # RGAA 12.7 asks for the link all the same
        Check("no-skip-link", (), ("12.7",), Impact.MODERATE, GUESS, kind="good_practice"),
        # WCAG 2.2's journey criteria (RGAA 4.1.2 has no criterion for them: none is named)
        Check("redundant-entry", ("3.3.7",), (), Impact.SERIOUS, GUESS),
        Check("help-inconsistent", ("3.2.6",), (), Impact.MODERATE, GUESS),
        Check("help-missing", (), (), Impact.MINOR, GUESS, kind="good_practice"),
        Check("auth-paste-blocked", ("3.3.8",), (), Impact.SERIOUS),
        Check("auth-code-split", ("3.3.8",), (), Impact.SERIOUS),
        Check("auth-password-manager-off", ("3.3.8",), (), Impact.MODERATE, GUESS),
        Check("auth-cognitive-test", ("3.3.8",), (), Impact.SERIOUS, GUESS),
        Check("auth-test-to-check", ("3.3.8",), (), Impact.MODERATE, GUESS, kind="review"),
        Check("focus-obscured", ("2.4.11",), (), Impact.SERIOUS),
        Check("dragging-to-check", ("2.5.7",), (), Impact.MODERATE, GUESS, kind="review"),
        Check("time-limit-no-warning", ("2.2.1",), ("13.1",), Impact.CRITICAL),
        Check("time-limit-not-extendable", ("2.2.1",), ("13.1",), Impact.SERIOUS, GUESS),
        # the State's "ten principles of an exemplary online procedure": no WCAG criterion
        Check("not-announced-up-front", (), (), Impact.MINOR, GUESS, kind="good_practice"),
    )
}
# WCAG 2.2's new success criteria at levels A and AA (RGAA 4.1.2 has no criterion for any of them).
WCAG_22_NEW = ("2.4.11", "2.5.7", "2.5.8", "3.2.6", "3.3.7", "3.3.8")
# What a practice may name in `checks:`: the procedure checks, and CSS-only locators (reported by findings).
CHECK_RULES = frozenset(RULES) | {"css-only"}


@dataclass(frozen=True)
class CheckResult:
    rule: str
    steps: tuple[int, ...]  # the screens that show it
    element: str  # what a person meets: a field, a title, a link name, a message; "" when the screen is all
    params: dict[str, str]
    variant: str = ""  # which wording of the rule: why it holds, when there are several reasons
    shot: tuple[str, tuple[int, ...], int] | None = None  # a picture of its own: file in the run, box, width (CSS px)

    @property
    def title_key(self) -> str:
        return f"checks.{self.rule}.{self.variant}" if self.variant else f"checks.{self.rule}"

    @property
    def check(self) -> Check:
        return RULES[self.rule]


def check_procedure(record: RunRecord) -> list[CheckResult]:
    """Every check on the screens the replay recorded."""
    seen = [s for s in record.steps if s.effort is not None]
    return [*_titles(seen), *_error_states(seen), *_focus(seen), *_per_screen(seen), *_keyboard(record, seen),
            *_journey(seen)]


def is_error_state(step: StepRecord, previous: StepRecord | None) -> bool:
    """A screen shown in error after the person sent something: messages, groups or fields marked, or,
    on a site that marks nothing up, the same form back with red text by its fields that was not there."""
    sent = previous is not None and any(a.kind in SUBMITS for a in previous.actions)
    if not sent:
        return False
    if step.errors.shown or any(f.invalid for f in step.fields):
        return True
    assert previous is not None
    same_form = bool(step.fields) and _field_names(step) == _field_names(previous)
    return same_form and bool(set(step.errors.red_texts) - set(previous.errors.red_texts))


def _field_names(step: StepRecord) -> frozenset[str]:
    return frozenset(f.name or f.accessible_name for f in step.fields)


def _screen(step: StepRecord) -> tuple[str, frozenset[str], str]:
    """What tells two screens apart: their address, their questions, their first heading."""
    address = urlsplit(step.url or "")
    return f"{address.path}?{address.query}", _field_names(step), (step.headings[:1] or [""])[0]


def _titles(steps: list[StepRecord]) -> Iterator[CheckResult]:
    """The same title on different screens, whatever their headings say: the title is what a screen reader
    reads first, and what tells tabs and the history apart (the DSFR's stepper names the step, not the title)."""
    by_title: dict[str, list[StepRecord]] = defaultdict(list)
    for i, step in enumerate(steps):
        if step.title and not is_error_state(step, steps[i - 1] if i else None):
            by_title[step.title.strip()].append(step)
    for title, same in by_title.items():
        if len({_screen(s) for s in same}) > 1:  # one screen seen twice is not two screens
            yield CheckResult("title-repeated", tuple(s.index for s in same), title, {"title": title, "count": str(len(same))})


def _error_states(steps: list[StepRecord]) -> Iterator[CheckResult]:
    for previous, step in zip(steps, steps[1:]):
        if not is_error_state(step, previous):
            continue
        where = (step.index,)
        if step.title and step.title.strip() == (previous.title or "").strip():
            yield CheckResult("error-title-unchanged", where, step.title, {"title": step.title})
        errors = step.errors
        reloaded_with_new_title = bool(step.navigated) and step.title != previous.title
        # a live region speaks when its content changes: on a page loaded with its messages in it, it says nothing
        spoken_in_place = not step.navigated and any(m.announced for m in errors.messages)
        if not (errors.alerts or errors.focus_in_summary or spoken_in_place or reloaded_with_new_title):
            yield CheckResult("error-not-announced", where, "", {})
        for message in errors.messages:
            if message.field and not message.tied:
                yield CheckResult("error-message-not-tied", where, message.field,
                                  {"field": message.field, "message": message.text})
        # Which fields are wrong must be said in text: a message by the field, a summary linking to it,
        # or words that name it ("Identifiant/mot de passe incorrect").
        words = [m.text for m in errors.messages] + errors.said
        identified = (any(m.field for m in errors.messages) or step.error_summary_links > 0
                      or any(_names_a_field(text, step) for text in words))
        if not identified:  # the evidence: what the page does say, e.g. "correct the fields in red"
            said = next(iter(words + errors.red_texts), "")
            yield CheckResult("error-by-colour-only", where, said, {})
        for action in previous.actions:
            if action.field and action.value_hash and action.field in step.field_values:
                if step.field_values[action.field] != action.value_hash:
                    yield CheckResult("data-lost-after-error", where, action.field, {"field": action.target or action.field})


def _names_a_field(text: str, step: StepRecord) -> bool:
    """Whether the words name one of the screen's fields by its label (its first words, without hints)."""
    said = " ".join(re.findall(r"\w+", fold(text)))
    for f in step.fields:
        label = re.findall(r"\w+", fold(f.accessible_name.split("*")[0]))[:3]
        if label and len(" ".join(label)) >= 3 and f" {' '.join(label)} " in f" {said} ":
            return True
    return False


def _focus(steps: list[StepRecord]) -> Iterator[CheckResult]:
    """A screen that changed without a new page, with the focus left behind on the page itself."""
    for previous, step in zip(steps, steps[1:]):
        if step.navigated is False and any(a.kind in SUBMITS for a in previous.actions) and step.focus == "body":
            if not step.errors.focus_in_summary:
                yield CheckResult("focus-lost", (step.index,), "", {})


def _per_screen(steps: list[StepRecord]) -> Iterator[CheckResult]:
    for step in steps:
        where = (step.index,)
        if page_language(step) == "fr":  # the plain-language guidance is French
            for issue in check_text(step.text or ""):
                key = issue.params.get("acronym") or issue.params.get("term")  # one finding per term of a sentence
                element = f"{key} — {issue.sentence}" if key else issue.sentence
                yield CheckResult(issue.rule, where, element[:300], issue.params)
        mismatch = lang_mismatch(step)
        if mismatch:  # a screen reader would read the words with the wrong voice
            declared, spoken = mismatch
            yield CheckResult("lang-mismatch", where, f'lang="{step.lang}"', {"declared": declared, "spoken": spoken})
        for f in step.fields:
            if f.placeholder_only:
                yield CheckResult("placeholder-as-label", where, f.accessible_name, {"field": f.accessible_name})
        starred = [f.accessible_name for f in step.fields if "*" in f.accessible_name]
        if starred and not ASTERISK_EXPLAINED.search(step.text or ""):
            yield CheckResult("required-asterisk-unexplained", where, starred[0], {"field": starred[0]})
        for name in step.ungrouped_choices:
            yield CheckResult("choices-not-grouped", where, name, {"name": name})
        for link in step.links:
            if not link.context and VAGUE_LINKS.match(link.name):
                yield CheckResult("link-text-unclear", where, link.name, {"name": link.name})
        colour_only = [link.name for link in step.links if link.colour_only]
        if colour_only:
            yield CheckResult("link-colour-only", where, colour_only[0], {"name": colour_only[0], "count": str(len(colour_only))})
        for image in step.images:
            why = suspicious_alt(image)
            if why:
                yield CheckResult("image-alt-suspicious", where, image.alt or image.file, {"alt": image.alt}, variant=why)
        levels = step.heading_levels
        for before, after in zip(levels, levels[1:]):
            if after > before + 1:
                yield CheckResult("heading-levels-skip", where, f"h{before} → h{after}", {"from": str(before), "to": str(after)})
                break
        for text in step.fake_headings:
            yield CheckResult("fake-heading", where, text, {"text": text})
        for table in step.tables:
            if not table.presentation and table.headers == 0 and table.cells >= 4 and table.looks_headed:
                yield CheckResult("table-without-headers", where, f"{table.cells}", {"cells": str(table.cells)})
        for action in step.actions:
            if action.kind in ("select", "check", "uncheck", "fill") and action.navigated:
                yield CheckResult("change-of-context-on-input", where, action.target or action.kind,
                                  {"target": action.target or action.kind})


def suspicious_alt(image: ImageFacts) -> str | None:
    """Why a text alternative likely fails its image (a person confirms), or None. An image of text or a
    misleading description cannot be told from the record; these can."""
    alt = image.alt.strip()
    if alt:
        if IMAGE_FILE.search(alt) or (image.file and fold(alt) == fold(image.file)):
            return "file_name"
        if EMPTY_ALT_WORDS.match(alt):
            return "generic_word"
        if len(alt) > LONG_ALT:
            return "too_long"
        near = fold(image.near)
        if len(alt) >= 15 and fold(alt) in near:
            return "repeats_text"  # read twice: by the image, then by the text beside it
        return None
    if image.caption and image.width >= 200 and image.height >= 150:
        return "empty_with_caption"  # a figure with a caption is content: a chart, a map
    return None


KEYBOARD_RULES = frozenset({
    "step-not-doable-by-keyboard", "keyboard-unreachable", "keyboard-trap", "focus-invisible", "focus-removed",
    "tab-order", "tab-order-visual", "no-skip-link", "focus-obscured",
})
# Tab stops before the main content beyond which a way to skip them is needed.
LONG_NAVIGATION = 4


def _keyboard(record: RunRecord, steps: list[StepRecord]) -> Iterator[CheckResult]:
    """What the keyboard profile's walk of each screen met, and a step it could not do."""
    failure = record.failure
    if failure is not None and failure.kind is FailureKind.KEYBOARD_UNREACHABLE:
        target = failure.params.get("target", "")
        yield CheckResult("step-not-doable-by-keyboard", (failure.step,), target, {"target": target})
    for step in steps:
        walk = step.keyboard
        if walk is None:
            continue
        where = (step.index,)
        for name in walk.unreachable:
            yield CheckResult("keyboard-unreachable", where, name, {"name": name})
        if walk.trap:
            yield CheckResult("keyboard-trap", where, walk.trap, {"name": walk.trap})
        if walk.invisible_focus:
            names = ", ".join(walk.invisible_focus[:5])
            yield CheckResult("focus-invisible", where, names, {"names": names, "count": str(len(walk.invisible_focus))})
        for name in walk.focus_removed:
            yield CheckResult("focus-removed", where, name, {"name": name})
        if walk.positive_tabindex:
            names = ", ".join(walk.positive_tabindex[:5])
            yield CheckResult("tab-order", where, names, {"names": names})
        if walk.order_jumps:
            yield CheckResult("tab-order-visual", where, walk.order_jumps[0],
                              {"jump": walk.order_jumps[0], "count": str(len(walk.order_jumps))})
        if not walk.skip_link and walk.before_main is not None and walk.before_main >= LONG_NAVIGATION:
            yield CheckResult("no-skip-link", where, "", {"count": str(walk.before_main)})
        for hidden in walk.obscured[:5]:
            yield CheckResult("focus-obscured", where, hidden.name, {"name": hidden.name, "by": hidden.by},
                              shot=(hidden.shot, tuple(hidden.box), hidden.width) if hidden.shot else None)


# -- WCAG 2.2: what only a whole procedure shows ----------------------------------------------------------

# What a field asks for, by its autocomplete token (the browser can fill it again) or by its label.
AUTOCOMPLETE_KINDS = {
    "email": "email", "tel": "phone", "tel-national": "phone", "bday": "birth_date", "given-name": "first_name",
    "family-name": "last_name", "name": "full_name", "street-address": "address", "address-line1": "address",
    "postal-code": "postcode", "address-level2": "town", "country-name": "country", "country": "country",
}
LABEL_KINDS = (
    ("email", re.compile(r"\b(e-?mail|courriel|adresse (e-?mail|électronique|electronique|mail))\b")),
    ("phone", re.compile(r"\b(t[ée]l[ée]phone|portable|mobile|phone( number)?)\b")),
    ("birth_date", re.compile(r"\b(date de naissance|n[ée]e? le|date of birth|birth ?date|birthday)\b")),
    ("first_name", re.compile(r"\b(pr[ée]noms?|first names?|given names?|forenames?)\b")),
    ("last_name", re.compile(r"\b(nom de famille|nom de naissance|nom d'usage|last name|surname|family name)\b|^nom\b")),
    ("full_name", re.compile(r"\b(nom et pr[ée]nom|nom complet|full name|your name)\b")),
    ("postcode", re.compile(r"\b(code postal|postcode|post code|zip( code)?)\b")),
    ("town", re.compile(r"\b(commune|ville|town|city)\b")),
    ("address", re.compile(r"\b(adresse|num[ée]ro et (nom de )?(la )?voie|address( line)?|street)\b")),
    ("tax_number", re.compile(r"\b(num[ée]ro fiscal|num[ée]ro de s[ée]curit[ée] sociale|nir|national insurance number)\b")),
)
# A choice offered to take back what was given ("same address as above").
SAME_AS = re.compile(r"\b(m[êe]me|identique|same|reprendre|utiliser (la|cette|mon|ma) |use (the|this|my) )", re.IGNORECASE)
TYPED = {None, "", "text", "email", "tel", "number", "date", "search", "url"}


def info_kind(field: FormField) -> tuple[str | None, bool]:
    """What a field asks for, and whether its autocomplete token lets the browser fill it again."""
    token = (field.autocomplete or "").lower().split()[-1:] or [""]
    kind = AUTOCOMPLETE_KINDS.get(token[0])
    if kind:
        return kind, True
    label = fold(field.accessible_name.split("*")[0])
    for name, pattern in LABEL_KINDS:
        if pattern.search(label):
            return name, False
    return None, False


def _journey(steps: list[StepRecord]) -> Iterator[CheckResult]:
    yield from _redundant_entry(steps)
    yield from _help(steps)
    for step in steps:
        yield from _authentication(step)
        for dragged in step.journey.draggables[:5]:
            yield CheckResult("dragging-to-check", (step.index,), dragged.name, {"name": dragged.name}, variant=dragged.kind)
        yield from _time_limit(step)
    if steps:
        yield from _announced(steps[0])


def _time_limit(step: StepRecord) -> Iterator[CheckResult]:
    """A screen that leaves or expires by itself, without a warning that leaves 20 seconds to ask for more
    time, or whose warning offers no way to stay (WCAG 2.2.1)."""
    limit = step.journey.time_limit
    if limit is None:
        return
    minutes = {"minutes": f"{limit.after_s / 60:.3g}"}
    short = limit.leaves_after_s is not None and limit.leaves_after_s < 20
    if limit.acts in ("leaves", "expires") or short:
        yield CheckResult("time-limit-no-warning", (step.index,), limit.text, minutes, variant=limit.acts)
    elif limit.acts == "warns" and not limit.extend:
        yield CheckResult("time-limit-not-extendable", (step.index,), limit.text, {**minutes, "said": limit.text})


def _redundant_entry(steps: list[StepRecord]) -> Iterator[CheckResult]:
    """What the person gave on one screen, asked again on a later one: neither filled in already, nor
    offered as a choice, nor fillable by the browser (WCAG 3.3.7). A password asked twice is security."""
    given: dict[str, tuple[StepRecord, str]] = {}  # kind of information → where it was first given, its label
    for step in steps:
        by_key = {f.name: f for f in step.fields if f.name} | {f.id: f for f in step.fields if f.id}
        offered = any(f.type in ("checkbox", "radio") and SAME_AS.search(fold(f.accessible_name)) for f in step.fields)
        for f in step.fields:
            kind, fillable = info_kind(f)
            if kind is None or f.type not in TYPED or f.tag == "select":
                continue
            earlier = given.get(kind)
            prefilled = bool(step.field_values.get(f.id or f.name or ""))
            if earlier is not None and earlier[0].index != step.index and _screen(earlier[0]) != _screen(step):
                if not (prefilled or fillable or offered):
                    yield CheckResult("redundant-entry", (earlier[0].index, step.index), f.accessible_name,
                                      {"field": f.accessible_name, "first": earlier[1], "screen": earlier[0].name})
        for action in step.actions:  # what the person gave here
            given_field = by_key.get(action.field or "")
            if given_field is not None and action.value_hash:
                kind, _ = info_kind(given_field)
                if kind:
                    given.setdefault(kind, (step, given_field.accessible_name))


def _help(steps: list[StepRecord]) -> Iterator[CheckResult]:
    """The same help in another part of the page from one screen to the next (WCAG 3.2.6); help found on
    some screens and not on others (advice: WCAG asks for consistency only where help is repeated)."""
    where: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)  # a help, by kind and name → screen → its part
    names: dict[tuple[str, str], str] = {}
    with_help = [s for s in steps if s.journey.help]
    for step in with_help:
        for h in step.journey.help:
            key = (h.kind, fold(h.name))
            where[key].setdefault(step.index, h.part)
            names.setdefault(key, h.name)
    for key, screens in where.items():
        parts = sorted(set(screens.values()))
        if len(parts) > 1:
            said = ", ".join(f"{part} ({list(screens.values()).count(part)})" for part in parts)
            yield CheckResult("help-inconsistent", tuple(screens), names[key], {"name": names[key], "parts": said})
    if with_help and len(with_help) < len(steps):
        without = tuple(s.index for s in steps if not s.journey.help)
        yield CheckResult("help-missing", without, "", {"count": str(len(without)), "total": str(len(steps))})


def _authentication(step: StepRecord) -> Iterator[CheckResult]:
    """A sign-in or code step that makes the person remember or transcribe (WCAG 3.3.8)."""
    where = (step.index,)
    for field in step.journey.auth:
        if field.paste_blocked:
            yield CheckResult("auth-paste-blocked", where, field.name, {"field": field.name})
        if field.parts and field.paste_fills_parts is False:
            yield CheckResult("auth-code-split", where, field.name, {"field": field.name, "parts": str(field.parts)})
        if field.kind == "password" and (field.autocomplete or "").strip().lower() == "off":
            yield CheckResult("auth-password-manager-off", where, field.name, {"field": field.name})
    for test in step.journey.challenges:
        if test.kind in ("characters", "puzzle") and not test.alternative:
            yield CheckResult("auth-cognitive-test", where, test.text, {"text": test.text}, variant=test.kind)
        else:
            yield CheckResult("auth-test-to-check", where, test.text, {"text": test.text})


ANNOUNCED = {
    "fr": {
        "steps": re.compile(r"\b(\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix) (etapes|questions|ecrans|parties)\b"),
        "duration": re.compile(r"\b\d+ ?(min|minutes?|h|heures?)\b|quelques minutes|moins d.une? (minute|heure)"),
        "documents": re.compile(r"pieces? justificatives?|justificatifs?|documents?|munissez-vous|vous aurez besoin|"
                                r"preparez|a portee de main|sous la main|vous devez fournir"),
    },
    "en": {
        "steps": re.compile(r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten) (steps|questions|sections|parts|pages)\b"),
        "duration": re.compile(r"\b\d+ ?(mins?|minutes?|hours?)\b|a few minutes|less than an? (minute|hour)"),
        "documents": re.compile(r"you('ll|ll| will)? need|documents?|have .{0,40} (ready|to hand)|before you start|evidence"),
    },
}


def _announced(start: StepRecord) -> Iterator[CheckResult]:
    """The start screen says how many steps, how long, and which documents (the State's ten principles of
    an exemplary online procedure): which of the three it does not say. A first screen that already asks
    questions is no start screen: the grid's `ecran-introduction` criterion says it is missing."""
    words = ANNOUNCED.get(page_language(start) or "")
    if words is None or not start.text or start.fields:
        return
    text = fold(start.text)
    for what, pattern in words.items():
        if not pattern.search(text):
            yield CheckResult("not-announced-up-front", (start.index,), what, {}, variant=what)
