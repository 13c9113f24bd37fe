"""Typed input for the panel: testers, campaigns, and the rows of a sessions CSV.

Values may be written as their English id or their French label ("réussite",
"avec aide", "précarité"…), accents and case aside: facilitators type them.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from harness.criteria.models import Segment, Territory
from harness.scenario.models import SLUG, Frozen
from harness.text import fold

# A pseudonymous code: capital letters, digits and dashes, with at least one
# digit, so that a name typed by mistake ("DUPONT") is refused.
CODE = re.compile(r"^(?=.*\d)[A-Z0-9]+(-[A-Z0-9]+)*$")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# The same, written to dodge filters: "jean.dupont (at) gmail (dot) com", "arobase", "[@]"…
EMAIL_SPELLED = re.compile(
    r"[\w.+-]+\s*[\(\[\{<]?\s*(?:@|at|arobase|chez)\s*[\)\]\}>]?\s*[\w-]+"
    r"\s*[\(\[\{<]?\s*(?:\.|dot|point)\s*[\)\]\}>]?\s*[a-z]{2,}\b",
    re.IGNORECASE,
)
# French numbers in every usual form: 06 12 34 56 78, 06.12.34.56.78, +33 6 12 34 56 78,
# +33 (0)6 12 34 56 78, 0033 6 12 34 56 78; and any international number of 8+ digits.
PHONE = re.compile(
    r"(?<!\d)(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)"
    r"|(?<![\w+])(?:\+|00)\s?[1-9]\d{0,2}(?:[\s.()-]*\d){7,}"
)


class AgeBand(StrEnum):
    UNDER_25 = "16-24"
    FROM_25 = "25-39"
    FROM_40 = "40-59"
    FROM_60 = "60-74"
    FROM_75 = "75+"


class AssistiveTech(StrEnum):
    NONE = "none"
    SCREEN_READER = "screen_reader"
    MAGNIFIER = "magnifier"
    VOICE = "voice_control"
    SWITCH = "switch_access"
    OTHER = "other"


class Device(StrEnum):
    SMARTPHONE = "smartphone"
    TABLET = "tablet"
    COMPUTER = "computer"


class StepOutcome(StrEnum):
    SUCCESS = "success"  # alone
    ASSISTED = "assisted"  # with help
    FAILURE = "failure"
    ABANDON = "abandon"


class HelpKind(StrEnum):
    """The most a facilitator had to do for a screen to be passed, from least to most."""

    EXPLAINED = "explained"  # reworded or explained what was asked
    SHOWED = "showed"  # showed where to look or act
    DID_IT = "did_it"  # did it in the tester's place
    OTHER = "other"


class Feeling(StrEnum):
    """The JDMA's first question, "De façon générale, comment ça s'est passé ?", answered with one of
    three faces; the Observatoire turns them into a mark out of 10 (FEELING_SCORE) and averages it."""

    GOOD = "good"
    MEDIUM = "medium"
    BAD = "bad"


FEELING_SCORE = {Feeling.GOOD: 10, Feeling.MEDIUM: 5, Feeling.BAD: 0}


class Contact(StrEnum):
    """The JDMA's help question, folded into one answer: did the tester try to reach the administration
    for help during the procedure, and did they reach it?"""

    NONE = "none"  # did not try
    REACHED = "reached"
    NOT_REACHED = "not_reached"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    BLOCKING = "blocking"


ALIASES: dict[type[StrEnum], dict[str, str]] = {
    Segment: {"senior": "senior", "precarite": "precarious", "handicap": "disability", "jeune": "young",
              "professionnel": "professional", "mediateur": "professional", "autre": "other"},
    Territory: {"rural": "rural", "urbain": "urban"},
    AssistiveTech: {"aucune": "none", "aucun": "none", "": "none", "lecteur d'ecran": "screen_reader",
                    "loupe": "magnifier", "commande vocale": "voice_control", "contacteur": "switch_access",
                    "autre": "other"},
    Device: {"telephone": "smartphone", "smartphone": "smartphone", "tablette": "tablet", "ordinateur": "computer"},
    StepOutcome: {"reussite": "success", "reussite seul": "success", "avec aide": "assisted",
                  "reussite avec aide": "assisted", "echec": "failure", "abandon": "abandon"},
    HelpKind: {"explication": "explained", "reformulation": "explained", "a explique": "explained",
               "a montre": "showed", "montre": "showed", "a fait a sa place": "did_it", "fait a sa place": "did_it",
               "a fait": "did_it", "autre": "other"},
    Feeling: {"bien": "good", "moyen": "medium", "pas bien": "bad", "mal": "bad",
              **{str(score): feeling.value for feeling, score in FEELING_SCORE.items()}},
    Contact: {"non": "none", "pas essaye": "none", "aucun": "none", "joint": "reached", "oui, joint": "reached",
              "pas joint": "not_reached", "non joint": "not_reached", "oui, pas joint": "not_reached"},
    Severity: {"faible": "low", "moyenne": "medium", "elevee": "high", "bloquante": "blocking"},
}


def _fold(text: str) -> str:
    return fold(text).strip().replace("’", "'")


def choice(enum: type[StrEnum]) -> Any:
    """An enum field that also takes the French label."""

    code = "choice_" + re.sub(r"(?<!^)(?=[A-Z])", "_", enum.__name__).lower()  # choice_step_outcome…

    def convert(value: Any) -> Any:
        if isinstance(value, str):
            folded = _fold(value)
            converted = ALIASES.get(enum, {}).get(folded, folded)
            if converted not in enum._value2member_map_:  # the words it accepts, in the reader's language
                raise PydanticCustomError(code, "choice", {"value": value.strip()})
            return converted
        return value

    return Annotated[enum, BeforeValidator(convert)]


def _code(value: str) -> str:
    code = value.strip().upper()
    if not CODE.match(code):
        raise PydanticCustomError("not_pseudonymous", "code", {"value": value.strip()})  # as the user typed it
    return code


Code = Annotated[str, BeforeValidator(lambda v: _code(v) if isinstance(v, str) else v)]


def _spelled_email(text: str) -> bool:
    """An address written out: it needs an "at" word or sign set apart (brackets or spaces)."""
    for match in EMAIL_SPELLED.finditer(text):
        found = match.group(0)
        if re.search(r"[\(\[\{<]\s*(?:at|arobase|chez|@)|\s(?:at|arobase)\s|@", found, re.IGNORECASE) and re.search(
            r"[\(\[\{<]\s*(?:dot|point)|\s(?:dot|point)\s|\.", found, re.IGNORECASE
        ):
            return True
    return False


# A person named with a title: "Mme Martin", "Monsieur Durand", "Mr Smith".
NAMED_PERSON = re.compile(
    r"\b(?:M\.|Mme|Mlle|Mmes|MM\.|Monsieur|Madame|Mademoiselle|Mr\.?|Mrs\.?|Ms\.?|Miss)\s+[A-ZÀ-Ý][\w'’-]+"
)


def help_fits(outcome: StepOutcome, help_kind: HelpKind | None) -> None:
    """A screen passed alone had no help: a kind of help given means "with help"."""
    if outcome is StepOutcome.SUCCESS and help_kind is not None:
        raise PydanticCustomError("help_with_success", "help given", {"field": "help_kind"})


def quality_fits(contact: Contact | None, help_quality: int | None) -> None:
    """The JDMA asks how good the help was only of those who reached the administration."""
    if help_quality is not None and contact is not Contact.REACHED:
        raise PydanticCustomError("quality_without_contact", "help quality", {"field": "help_quality"})


def no_contact_data(text: str) -> str:
    """Observations are free text: refuse the e-mail addresses and phone numbers people paste in, and a
    person named with a title (testers are known by their code only)."""
    if EMAIL.search(text) or PHONE.search(text) or _spelled_email(text):
        raise PydanticCustomError("contact_data", "contact data")
    if NAMED_PERSON.search(text):
        raise PydanticCustomError("name_in_text", "a name", {"value": NAMED_PERSON.search(text).group(0)})  # type: ignore[union-attr]
    return text


def _day(value: Any) -> Any:
    """A day as spreadsheets write it: YYYY-MM-DD, or DD/MM/YYYY as French ones do. A bare number is
    refused by name: it is a spreadsheet's serial number (45000), which pydantic would read as seconds."""
    if isinstance(value, str):
        text = value.strip()
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
            day, month, year = m.groups()
            return f"{year}-{int(month):02d}-{int(day):02d}"
        if re.fullmatch(r"\d+([.,]\d+)?", text):
            raise PydanticCustomError("date_serial", "spreadsheet serial number", {"value": text[:20]})
        return text
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise PydanticCustomError("date_serial", "spreadsheet serial number", {"value": str(value)[:20]})
    return value


Day = Annotated[date, BeforeValidator(_day)]


class TesterIn(Frozen):
    code: Code
    segment: choice(Segment)  # type: ignore[valid-type]
    age_band: AgeBand
    territory: choice(Territory)  # type: ignore[valid-type]
    digital_comfort: int = Field(ge=1, le=10, description="Self-rated, 1 (not at all at ease) to 10.")
    assistive_tech: choice(AssistiveTech) = AssistiveTech.NONE  # type: ignore[valid-type]
    device: choice(Device)  # type: ignore[valid-type]
    consent_on: Day | None = Field(None, description="The day the tester agreed to take part (not in the future).")

    @field_validator("consent_on")
    @classmethod
    def _not_future(cls, value: date | None) -> date | None:
        if value is not None and value > date.today():
            raise PydanticCustomError("consent_future", "consent date", {"value": value.isoformat()})
        return value


class CampaignIn(Frozen):
    code: str = Field(pattern=SLUG)
    title: str = Field(min_length=1)
    description: str | None = None


class SessionRow(Frozen):
    """One line of a sessions CSV: one step of one session, plus session-wide answers."""

    session: Code
    campaign: str = Field(pattern=SLUG)
    tester: Code
    facilitator: Code
    procedure: str = Field(pattern=SLUG)
    version: str = Field(min_length=1)
    date: Day
    device: choice(Device)  # type: ignore[valid-type]
    step: str = Field(min_length=1)
    outcome: choice(StepOutcome)  # type: ignore[valid-type]
    seconds: float | None = Field(None, ge=0)
    errors: int = Field(0, ge=0)
    help_requests: int = Field(0, ge=0)
    help_kind: choice(HelpKind) | None = None  # type: ignore[valid-type]
    seq: int | None = Field(None, ge=1, le=7)
    observation: str | None = None
    severity: choice(Severity) | None = None  # type: ignore[valid-type]
    tags: str | None = None
    sus: dict[int, int] = Field(default_factory=dict, description="SUS item (1-10) -> answer (1-5).")
    satisfaction: choice(Feeling) | None = None  # type: ignore[valid-type]  # JDMA question 1
    clarity: int | None = Field(None, ge=1, le=5, description="JDMA question 2: 1 (not clear at all) to 5 (very clear).")
    contact: choice(Contact) | None = None  # type: ignore[valid-type]  # JDMA question 3
    help_quality: int | None = Field(None, ge=1, le=5, description="JDMA: the help obtained, 1 (very bad) to 5 (excellent).")
    scores: dict[str, float] = Field(default_factory=dict, description="criterion id -> score")

    @model_validator(mode="after")
    def _help_fits(self) -> SessionRow:
        help_fits(self.outcome, self.help_kind)  # quality_fits is checked on the whole session: its answers may span lines
        return self

    @field_validator("observation")
    @classmethod
    def _observation(cls, value: str | None) -> str | None:
        return no_contact_data(value) if value else None

    @field_validator("sus")
    @classmethod
    def _sus_range(cls, value: dict[int, int]) -> dict[int, int]:
        for item, answer in value.items():
            if not 1 <= answer <= 5:
                raise PydanticCustomError("sus_range", "sus", {"item": item, "value": answer})
        return value
