"""Checks axe cannot make on one screen alone: the sequence, the error path, the structure a person meets.

Each check reads the run record only (no browser) and claims what the record
proves: the WCAG success criterion and RGAA criterion it fails, the screens,
and the element in question.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from harness.analysis.language import lang_mismatch, page_language
from harness.analysis.plain_language import check_text
from harness.runs.record import FailureKind, RunRecord, StepRecord
from harness.scenario.models import Impact

# Link names that say nothing out of their context, in French and English.
VAGUE_LINKS = re.compile(
    r"^(cliquez ici|cliquer ici|ici|en savoir plus|lire la suite|la suite|suite|plus|voir|voir plus|lien|"
    r"plus d'infos?|plus d'informations|d[ée]tails?|click here|here|read more|more|learn more|see more|"
    r"link|this link|details|more info)\W*$",
    re.IGNORECASE,
)
BARE_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
# A page that explains what its asterisks mean.
ASTERISK_EXPLAINED = re.compile(
    r"\*[^\n]{0,60}(obligatoire|requis|required|mandatory)|(obligatoire|requis|required|mandatory)[^\n]{0,60}\*",
    re.IGNORECASE,
)
SUBMITS = {"click", "press"}


@dataclass(frozen=True)
class Check:
    """A rule of this module: what it fails and how badly."""

    rule: str
    wcag: tuple[str, ...]
    rgaa: tuple[str, ...]
    severity: Impact


RULES = {
    check.rule: check
    for check in (
        Check("title-repeated", ("2.4.2",), ("8.6",), Impact.MODERATE),
        Check("error-title-unchanged", ("2.4.2", "3.3.1"), ("8.6",), Impact.MODERATE),
        Check("error-not-announced", ("3.3.1", "4.1.3"), ("11.10", "7.5"), Impact.SERIOUS),
        Check("error-message-not-tied", ("3.3.1", "1.3.1"), ("11.10",), Impact.SERIOUS),
        Check("error-by-colour-only", ("1.4.1", "3.3.1"), ("3.1", "11.10"), Impact.SERIOUS),
        Check("data-lost-after-error", ("3.3.7",), (), Impact.SERIOUS),
        Check("focus-lost", ("2.4.3",), ("12.8",), Impact.MODERATE),
        Check("required-asterisk-unexplained", ("3.3.2",), ("11.10",), Impact.MODERATE),
        Check("choices-not-grouped", ("1.3.1",), ("11.5", "11.6"), Impact.SERIOUS),
        Check("link-text-unclear", ("2.4.4",), ("6.1",), Impact.MODERATE),
        Check("heading-levels-skip", ("1.3.1",), ("9.1",), Impact.MINOR),
        Check("fake-heading", ("1.3.1",), ("9.1",), Impact.MODERATE),
        Check("table-without-headers", ("1.3.1",), ("5.6", "5.7"), Impact.SERIOUS),
        Check("change-of-context-on-input", ("3.2.2",), ("7.4",), Impact.SERIOUS),
        Check("lang-mismatch", ("3.1.1",), ("8.4",), Impact.SERIOUS),
        Check("placeholder-as-label", ("3.3.2",), ("11.1",), Impact.SERIOUS),
        # plain language, on French screens (plain_language.py): WCAG AAA, outside RGAA
        Check("sentence-too-long", ("3.1.5",), (), Impact.MINOR),
        Check("acronym-unexplained", ("3.1.4",), (), Impact.MODERATE),
        Check("admin-jargon", ("3.1.3",), (), Impact.MODERATE),
        Check("negations-stacked", ("3.1.5",), (), Impact.MINOR),
        Check("plural-parenthesis", ("3.1.5",), (), Impact.MINOR),
        # keyboard profile
        Check("step-not-doable-by-keyboard", ("2.1.1",), ("7.3",), Impact.CRITICAL),
        Check("keyboard-unreachable", ("2.1.1",), ("7.3",), Impact.SERIOUS),
        Check("keyboard-trap", ("2.1.2",), ("12.9",), Impact.CRITICAL),
        Check("focus-invisible", ("2.4.7",), ("10.7",), Impact.SERIOUS),
        Check("focus-removed", ("2.4.7", "2.1.1"), ("10.7", "7.3"), Impact.SERIOUS),
        Check("tab-order", ("2.4.3",), ("12.8",), Impact.MODERATE),
        Check("tab-order-visual", ("2.4.3",), ("12.8",), Impact.MODERATE),
        Check("no-skip-link", ("2.4.1",), ("12.7",), Impact.MODERATE),
    )
}
# What a practice may name in `checks:`: the procedure checks, and CSS-only locators (reported by findings).
CHECK_RULES = frozenset(RULES) | {"css-only"}


@dataclass(frozen=True)
class CheckResult:
    rule: str
    steps: tuple[int, ...]  # the screens that show it
    element: str  # what a person meets: a field, a title, a link name, a message; "" when the screen is all
    params: dict[str, str]

    @property
    def check(self) -> Check:
        return RULES[self.rule]


def check_procedure(record: RunRecord) -> list[CheckResult]:
    """Every check on the screens the replay recorded."""
    seen = [s for s in record.steps if s.effort is not None]
    return [*_titles(seen), *_error_states(seen), *_focus(seen), *_per_screen(seen), *_keyboard(record, seen)]


def is_error_state(step: StepRecord, previous: StepRecord | None) -> bool:
    """A screen shown in error after the person sent something: messages, groups or fields marked."""
    sent = previous is not None and any(a.kind in SUBMITS for a in previous.actions)
    return sent and (step.errors.shown or any(f.invalid for f in step.fields))


def _titles(steps: list[StepRecord]) -> Iterator[CheckResult]:
    by_title: dict[str, list[StepRecord]] = defaultdict(list)
    for i, step in enumerate(steps):
        if step.title and not is_error_state(step, steps[i - 1] if i else None):
            by_title[step.title.strip()].append(step)
    for title, same in by_title.items():
        screens = {tuple(s.headings[:1]) for s in same}  # one screen seen twice is not two screens
        if len(screens) > 1:
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
        if not (errors.alerts or errors.focus_in_summary or any(m.announced for m in errors.messages)
                or reloaded_with_new_title):
            yield CheckResult("error-not-announced", where, "", {})
        for message in errors.messages:
            if message.field and not message.tied:
                yield CheckResult("error-message-not-tied", where, message.field,
                                  {"field": message.field, "message": message.text})
        # Which fields are wrong must be said in text: a message by the field, or a summary linking to it.
        identified = any(m.field for m in errors.messages) or step.error_summary_links > 0
        if not identified:  # the evidence: what the page does say, e.g. "correct the fields in red"
            said = next((m.text for m in errors.messages), "")
            yield CheckResult("error-by-colour-only", where, said, {})
        for action in previous.actions:
            if action.field and action.value_hash and action.field in step.field_values:
                if step.field_values[action.field] != action.value_hash:
                    yield CheckResult("data-lost-after-error", where, action.field, {"field": action.target or action.field})


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
            if not link.context and (VAGUE_LINKS.match(link.name) or BARE_URL.match(link.name)):
                yield CheckResult("link-text-unclear", where, link.name, {"name": link.name})
        levels = step.heading_levels
        for before, after in zip(levels, levels[1:]):
            if after > before + 1:
                yield CheckResult("heading-levels-skip", where, f"h{before} → h{after}", {"from": str(before), "to": str(after)})
                break
        for text in step.fake_headings:
            yield CheckResult("fake-heading", where, text, {"text": text})
        for table in step.tables:
            if not table.presentation and table.headers == 0 and table.cells >= 4:
                yield CheckResult("table-without-headers", where, f"{table.cells}", {"cells": str(table.cells)})
        for action in step.actions:
            if action.kind in ("select", "check", "uncheck", "fill") and action.navigated:
                yield CheckResult("change-of-context-on-input", where, action.target or action.kind,
                                  {"target": action.target or action.kind})


KEYBOARD_RULES = frozenset({
    "step-not-doable-by-keyboard", "keyboard-unreachable", "keyboard-trap", "focus-invisible", "focus-removed",
    "tab-order", "tab-order-visual", "no-skip-link",
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
