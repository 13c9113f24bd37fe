"""Typed, frozen models of criteria, best practices and panel quotas."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from harness.scenario.models import SLUG, Frozen, Impact
from harness.text import closest


class Mode(StrEnum):
    PANEL = "panel"  # asked of testers, scored by facilitators
    EXPERT = "expert"  # judged by an expert (RGAA audit, content review)
    AUTO = "auto"  # computed from replays


class Theme(StrEnum):
    UNDERSTANDING = "understanding"
    ORIENTATION = "orientation"
    LANGUAGE = "language"
    FORMS = "forms"
    ERRORS = "errors"
    ONCE_ONLY = "once_only"
    HELP = "help"
    ACCESSIBILITY = "accessibility"
    MOBILE = "mobile"
    TASK = "task"
    QUESTIONNAIRE = "questionnaire"


class Stage(StrEnum):
    """Where in a procedure a practice applies."""

    INFORMATION = "information"
    IDENTIFICATION = "identification"
    DATA_ENTRY = "data_entry"
    DOCUMENTS = "documents"
    CHECK_ANSWERS = "check_answers"
    CONFIRMATION = "confirmation"
    HELP = "help"


# Metrics an `auto` criterion may name; computed from run records by the analysis.
METRICS = frozenset(
    {
        "intro_screen", "step_indicator", "steps_announced", "check_answers_screen",
        "confirmation_screen", "readability", "fields_per_screen", "required_marked",
        "field_help", "error_summary", "error_fix_message", "asked_twice", "prefillable_requested",
        "help_reachable", "non_digital_alternative", "axe_violations", "css_only",
        "horizontal_scroll", "screens",
    }
)


class Source(Frozen):
    title: str
    ref: str | None = Field(None, description="Criterion, chapter or page within the source.")
    url: str | None = None
    lang: str = Field("fr", description="Language of the title and ref (the English guide marks French ones, and the reverse).")


class Scale(Frozen):
    kind: Literal["likert", "binary", "rate", "count", "score", "seconds", "categorical"]
    min: float | None = None
    max: float | None = None
    labels: dict[str, str] = Field(default_factory=dict, description="Meaning of the end points or categories.")


class Threshold(Frozen):
    """Below `min` (or above `max`) the criterion is a finding."""

    min: float | None = None
    max: float | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> Threshold:
        if (self.min is None) == (self.max is None):
            raise PydanticCustomError("bad_threshold", "threshold", {"detail": "give exactly one of min, max"})
        return self

    def breached(self, value: float) -> bool:
        return value < self.min if self.min is not None else value > self.max  # type: ignore[operator]


class CriterionText(Frozen):
    """A criterion's words in another language, beside the French source."""

    label: str
    question: str | None = None
    scale_labels: dict[str, str] = Field(default_factory=dict)
    threshold_note: str | None = None


class PracticeText(Frozen):
    """A practice's words in another language, beside the French source."""

    title: str
    why: str
    do: tuple[str, ...] = Field(min_length=1)
    dont: tuple[str, ...] = Field(min_length=1)


def missing_text(source: Frozen, text: Frozen | None, fields: dict[str, str]) -> list[str]:
    """The fields the source has and its translation lacks (`fields`: source field -> translated field)."""
    if text is None:
        return ["en"]
    missing = []
    for field_name, translated in fields.items():
        value, other = _field(source, field_name), getattr(text, translated)
        if value and (not other or (isinstance(value, dict | tuple) and len(other) != len(value))):
            missing.append(f"en.{translated}")
    return missing


def _field(model: Frozen, dotted: str) -> object:
    value: object = model
    for part in dotted.split("."):
        value = getattr(value, part, None) if value is not None else None
    return value


class Criterion(Frozen):
    id: str = Field(pattern=SLUG)
    label: str
    theme: Theme
    mode: Mode
    question: str | None = Field(None, description="Put to the tester (panel) or the expert.")
    metric: str | None = Field(None, description="What is computed (auto).")
    scale: Scale
    threshold: Threshold | None = None
    practices: tuple[str, ...] = ()
    sources: tuple[Source, ...] = Field(min_length=1)
    severity: Impact = Field(Impact.SERIOUS, description="How serious a breach is, for ranking findings.")
    devices: tuple[Literal["computer", "tablet", "smartphone"], ...] = Field(
        (), description="Put to the tester only in sessions on these devices (none: every session).")
    en: CriterionText | None = Field(None, description="The criterion's words in English, for English reports.")

    TEXT_FIELDS: ClassVar[dict[str, str]] = {"label": "label", "question": "question", "scale.labels": "scale_labels",
                                             "threshold.note": "threshold_note"}

    def localized(self, lang: str) -> Criterion:
        """The criterion in `lang`: the French source, or its English words where they are given."""
        if lang == "fr" or self.en is None:
            return self
        text = self.en
        return self.model_copy(update={
            "label": text.label, "question": text.question or self.question,
            "scale": self.scale.model_copy(update={"labels": {**self.scale.labels, **text.scale_labels}}),
            "threshold": self.threshold.model_copy(update={"note": text.threshold_note or self.threshold.note}) if self.threshold else None,
        })

    def missing_translation(self) -> list[str]:
        return missing_text(self, self.en, self.TEXT_FIELDS)

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, metric: str | None) -> str | None:
        if metric is not None and metric not in METRICS:
            raise PydanticCustomError(
                "unknown_metric", "metric",
                {"value": metric, "suggestion": closest(metric, METRICS) or "", "allowed": ", ".join(sorted(METRICS))},
            )
        return metric

    @model_validator(mode="after")
    def _question_or_metric(self) -> Criterion:
        if self.mode is Mode.AUTO and self.metric is None:
            raise PydanticCustomError("metric_needed", "metric")
        if self.mode is not Mode.AUTO and not self.question:
            raise PydanticCustomError("question_needed", "question")
        return self


class Practice(Frozen):
    id: str = Field(pattern=SLUG)
    title: str
    stage: Stage
    why: str
    do: tuple[str, ...] = Field(min_length=1)
    dont: tuple[str, ...] = Field(min_length=1)
    sources: tuple[Source, ...] = Field(min_length=1)
    criteria: tuple[str, ...] = ()
    axe_rules: tuple[str, ...] = ()
    checks: tuple[str, ...] = Field((), description="Parcours check rules it answers (see docs/reports.md), e.g. css-only.")
    rgaa: tuple[str, ...] = Field((), description="RGAA 4.1 criteria, e.g. 11.1")
    tags: tuple[str, ...] = Field((), description="Observation tags facilitators use for what this practice answers.")
    fields: tuple[str, ...] = Field(
        (), description="Kinds of form field it is about (an input type, select, textarea): recommended only "
                        "for such a field, or in a procedure that has one.")
    signs: tuple[str, ...] = Field(
        (), description="Words in the name of a button or link that shows the practice in place: a re-test "
                        "verifies it only when the later version has one.")
    en: PracticeText | None = Field(None, description="The practice's words in English, for English reports and guides.")

    TEXT_FIELDS: ClassVar[dict[str, str]] = {"title": "title", "why": "why", "do": "do", "dont": "dont"}

    def localized(self, lang: str) -> Practice:
        if lang == "fr" or self.en is None:
            return self
        return self.model_copy(update={"title": self.en.title, "why": self.en.why, "do": self.en.do, "dont": self.en.dont})

    def missing_translation(self) -> list[str]:
        return missing_text(self, self.en, self.TEXT_FIELDS)


class CriteriaFile(Frozen):
    criteria: tuple[Criterion, ...] = Field(min_length=1)


class PracticesFile(Frozen):
    practices: tuple[Practice, ...] = Field(min_length=1)


class Segment(StrEnum):
    """The roadmap's target publics, and those who help them."""

    SENIOR = "senior"
    PRECARIOUS = "precarious"
    DISABILITY = "disability"
    YOUNG = "young"
    PROFESSIONAL = "professional"  # digital mediators, social workers, reception staff
    OTHER = "other"


class Territory(StrEnum):
    RURAL = "rural"
    URBAN = "urban"


class Quotas(Frozen):
    """How many testers a campaign's panel should count, at least."""

    segments: dict[Segment, int] = Field(default_factory=dict)
    territories: dict[Territory, int] = Field(default_factory=dict)


class QuotasFile(Frozen):
    quotas: Quotas


class Catalogue(Frozen):
    """The whole criteria folder, cross-checked."""

    criteria: tuple[Criterion, ...]
    practices: tuple[Practice, ...]
    quotas: Quotas

    def localized(self, lang: str) -> Catalogue:
        """The catalogue in `lang` (French is the source; English where each entry gives it)."""
        if lang == "fr":
            return self
        return self.model_copy(update={"criteria": tuple(c.localized(lang) for c in self.criteria),
                                       "practices": tuple(p.localized(lang) for p in self.practices)})

    def missing_translations(self) -> list[tuple[str, str, str]]:
        """(file, id, field) of every text with no English beside it: `parcours check` warns of each."""
        return ([("criteria.yaml", c.id, f) for c in self.criteria for f in c.missing_translation()]
                + [("practices.yaml", p.id, f) for p in self.practices for f in p.missing_translation()])

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.criteria if c.id == criterion_id)

    def practice(self, practice_id: str) -> Practice:
        return next(p for p in self.practices if p.id == practice_id)
