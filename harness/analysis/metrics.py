"""The grid's automatic metrics, computed from the run records of one procedure version."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from harness.analysis.language import page_language
from harness.analysis.readability import screen_reading_ease
from harness.runs.record import RunRecord, StepRecord, StepStatus
from harness.text import fold

# Wording heuristics, per language: a screen in another language is not assessed
# by them (never a finding because the words are in another language).
WORDING = {
    "fr": {
        "step_indicator": r"[ÉE]tape\s+\d+\s*(?:sur|/)\s*(\d+)",
        "check_answers": r"v[ée]rifi|r[ée]capitulatif",
        "confirmation": r"envoy[ée]e?|transmise?|re[çc]ue?|enregistr[ée]e|d[ée]p[ôo]t effectu[ée]|confirm|merci",
        "help": r"besoin d'aide|\baide\b|appelez|nous contacter|\bcontact\b",
        "non_digital": r"sur papier|au guichet|[àa] l'accueil|par courrier|sur place",
        "error_state": r"\berreur",
    },
    "en": {
        "step_indicator": r"\b(?:step|question|page|section)\s+\d+\s+(?:of|/)\s*(\d+)",
        "check_answers": r"check your answers|review your (?:answers|application)|summary of your",
        "confirmation": r"(?:application|request|claim|form) (?:complete|submitted|sent|received)|submitted|has been sent|"
                        r"confirmation|confirming|reference number|thank you",
        "help": r"\bhelp\b|contact us|call us|\bcontact\b",
        "non_digital": r"by post|paper form|in person|by phone|at the counter",
        "error_state": r"\berror\b|there is a problem|there was a problem",
    },
}
PATTERNS = {lang: {key: re.compile(rx, re.IGNORECASE) for key, rx in table.items()} for lang, table in WORDING.items()}
# Data the administration already holds: numbers people must dig out of their papers.
PREFILLABLE = re.compile(
    r"\bnir\b|s[ée]curit[ée] sociale|num[ée]ro fiscal|revenu fiscal|allocataire|\bcaf\b|france travail|p[ôo]le emploi",
    re.IGNORECASE,
)
TEXT_TYPES = {None, "text", "email", "tel", "number", "date", "search"}


@dataclass(frozen=True)
class Metric:
    """A metric's value for the version, and the steps that make it what it is."""

    value: float | None  # None: not applicable (e.g. no error state was walked)
    steps: tuple[int, ...] = ()
    per_step: dict[int, float] = field(default_factory=dict)
    details: tuple[str, ...] = ()


def _fold(text: str) -> str:
    text = fold(text)
    text = re.sub(r"\([^)]*\)", " ", text)  # "CP (correspondance)" asks the same thing as "CP"
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _seen(record: RunRecord) -> list[StepRecord]:
    return [s for s in record.steps if s.effort is not None]


def compute_metrics(desktop: RunRecord, mobile: RunRecord | None = None) -> dict[str, Metric]:
    all_steps = _seen(desktop)
    languages = {s.index: page_language(s) for s in all_steps}
    steps = [s for s in all_steps if languages[s.index] is not None]  # what the wording heuristics may judge

    def pattern(step: StepRecord, key: str) -> re.Pattern[str]:
        return PATTERNS[languages[step.index]][key]  # type: ignore[index]

    entry = [s for s in steps if s.fields]  # screens where the user types or chooses
    metrics: dict[str, Metric] = {}

    first = all_steps[0] if all_steps else None
    metrics["intro_screen"] = Metric(float(bool(first and not first.fields and first.headings)), (0,) if first else ())

    missing = tuple(s.index for s in entry if not pattern(s, "step_indicator").search(s.text or ""))
    metrics["step_indicator"] = Metric(float(not missing) if entry else None, missing)
    announced = [int(m.group(1)) for s in steps for m in pattern(s, "step_indicator").finditer(s.text or "")]
    metrics["steps_announced"] = Metric(float(max(announced)) if announced else 0.0)

    def checks_answers(step: StepRecord, first_heading_only: bool = False) -> bool:
        headings = step.headings[:1] if first_heading_only else step.headings
        return languages[step.index] is not None and any(pattern(step, "check_answers").search(h) for h in headings)

    last = all_steps[-1] if all_steps else None
    # The walk stopped before sending: at an irreversible step it did not run, or on a screen whose
    # heading is a check of the answers (a scenario ends there so as not to send a real request).
    # Otherwise its last screen is the one after sending, whose "Récapitulatif" is no check before it.
    before_sending = last is not None and (last.status is StepStatus.STOPPED or checks_answers(last, first_heading_only=True))
    checks = tuple(s.index for s in (steps if before_sending else steps[:-1]) if checks_answers(s))
    metrics["check_answers_screen"] = Metric(float(bool(checks)) if steps else None, checks)
    reached_end = last is not None and last.index == len(desktop.steps) - 1 and languages[last.index] is not None
    seen_sent = reached_end and not before_sending  # a confirmation cannot be judged on a walk that never sent
    # said by structure (a success panel or alert) or in words (a heading such as "Demande envoyée")
    confirmed = seen_sent and (last.confirmation or bool(pattern(last, "confirmation").search(" ".join([*last.headings, last.text or ""]))))  # type: ignore[arg-type,union-attr]
    metrics["confirmation_screen"] = Metric(float(confirmed) if seen_sent else None, (last.index,) if last else ())

    scores = {s.index: score for s in steps if (score := screen_reading_ease(s, languages[s.index] or "")) is not None}
    metrics["readability"] = Metric(min(scores.values()) if scores else None, per_step=scores)

    counts = {s.index: float(len(s.fields)) for s in entry}
    metrics["fields_per_screen"] = Metric(max(counts.values()) if counts else 0.0, per_step=counts)

    required = [(s.index, f) for s in steps for f in s.fields if f.required]
    unmarked = {s for s, f in required if not f.required_marked}
    metrics["required_marked"] = Metric(
        sum(f.required_marked for _, f in required) / len(required) if required else None, tuple(sorted(unmarked))
    )
    typed = [(s.index, f) for s in steps for f in s.fields if f.tag == "textarea" or (f.tag == "input" and f.type in TEXT_TYPES)]
    metrics["field_help"] = Metric(sum(f.described for _, f in typed) / len(typed) if typed else None,
                                   tuple(sorted({s for s, f in typed if not f.described})))

    errors = [s for s in entry if any(f.invalid for f in s.fields) or s.errors.shown or pattern(s, "error_state").search(s.text or "")]
    without = tuple(s.index for s in errors if s.error_summary_links == 0)
    metrics["error_summary"] = Metric(float(not without) if errors else None, without)

    metrics["asked_twice"] = _asked_twice(steps)
    prefillable: dict[str, int] = {}
    for s in steps:
        for f in s.fields:
            if PREFILLABLE.search(f"{f.accessible_name} {f.name or ''}"):
                prefillable.setdefault(f.name or f.accessible_name, s.index)
    metrics["prefillable_requested"] = Metric(float(len(prefillable)), tuple(sorted(set(prefillable.values()))), details=tuple(prefillable))

    no_help = tuple(s.index for s in entry if not pattern(s, "help").search(s.text or ""))
    metrics["help_reachable"] = Metric(float(not no_help) if entry else None, no_help)
    metrics["non_digital_alternative"] = Metric(
        float(any(pattern(s, "non_digital").search(s.text or "") for s in steps)) if steps else None
    )

    serious = [(s.index, v.id) for s in steps for v in s.violations if v.impact in ("critical", "serious")]
    metrics["axe_violations"] = Metric(float(len(serious)), tuple(sorted({i for i, _ in serious})))
    css = [(s.index, a.target) for s in desktop.steps for a in s.actions if a.unnamed]
    metrics["css_only"] = Metric(float(len(css)), tuple(sorted({i for i, _ in css})))

    wide = tuple(s.index for s in _seen(mobile) if s.horizontal_scroll) if mobile else ()
    metrics["horizontal_scroll"] = Metric(float(len(wide)) if mobile else None, wide)
    metrics["screens"] = Metric(float(len(steps)))
    metrics["error_fix_message"] = Metric(None)  # judged by the panel, not computed
    return metrics


def _asked_twice(steps: list[StepRecord]) -> Metric:
    """Two different fields (by name) asking the same thing (by label, qualifiers aside)."""
    first_seen: dict[str, tuple[str, int, str]] = {}
    pairs: dict[str, str] = {}  # one pair per label, however many screens show it again
    where: set[int] = set()
    for step in steps:
        for f in step.fields:
            label = _fold(f.accessible_name)
            if not label or f.type in ("checkbox", "radio"):
                continue
            name = f.name or f.accessible_name
            if label in first_seen and first_seen[label][0] != name:
                _, index, original = first_seen[label]
                pairs.setdefault(label, f"{original} / {f.accessible_name}")
                where.update({index, step.index})
            first_seen.setdefault(label, (name, step.index, f.accessible_name))
    return Metric(float(len(pairs)), tuple(sorted(where)), details=tuple(pairs.values()))
