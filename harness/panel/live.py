"""The facilitator app's store side: accounts, and sessions recorded live, screen by screen.

Every write is one transaction. A live session is a `draft` until finished: `complete` when every
screen and the SUS are answered and nothing waits to be corrected, else `incomplete` (finished on
purpose, counted apart, never in a rate). A form the app refuses is kept as typed in `form_draft`,
shown "to correct", and is never an answer. Each save names the
session's `row_version` it was made on, so that a second facilitator's stale save is refused, never
silently applied. Changes to a finished session (complete or not) keep an audit trail (who, when, the old value).
Facilitators see and change only their own sessions; coordinators see all.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import UTC, date, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import Field, field_validator, model_validator
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session as DbSession

from harness.errors import InputError, InputErrors, Location, ParcoursError
from harness.forms import validate_form
from harness.panel.models import (
    FEELING_SCORE,
    Contact,
    Feeling,
    HelpKind,
    StepOutcome,
    TesterIn,
    choice,
    help_fits,
    no_contact_data,
    quality_fits,
)
from harness.panel.service import add_testers, session_answers
from harness.scenario.models import Frozen
from harness.store.db import Store
from harness.store.tables import (
    AppUser,
    AuditEntry,
    Campaign,
    CriterionScore,
    Enrolment,
    Facilitator,
    FormDraft,
    Observation,
    Procedure,
    ProcedureVersion,
    Session,
    SignIn,
    StepResult,
    SusAnswer,
    Tester,
)

ROLES = ("coordinator", "facilitator", "committee")
LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MIN_PASSWORD = 12
_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("parcours: no such account")  # verified against when the login is unknown: same cost


class Forbidden(ParcoursError):
    """The account may not see or change this."""

    def __init__(self) -> None:
        super().__init__("app_forbidden", {})


class Conflict(ParcoursError):
    """The session changed since the form was shown: a second save is refused, never merged silently."""

    def __init__(self) -> None:
        super().__init__("app_conflict", {}, hint="app_reload")


@dataclass(frozen=True)
class Account:
    id: int
    login: str
    role: str
    facilitator_id: int | None


# -- accounts ----------------------------------------------------------------------


def add_user(store: Store, login: str, password: str, role: str, facilitator_code: str | None = None) -> Account:
    """A new account; a facilitator's is tied to a pseudonymous facilitator code (its login, upper-cased,
    unless given)."""
    problems = []
    if not LOGIN.match(login):
        problems.append(InputError("app_bad_login", {"value": login}, Location(field="login")))
    if len(password) < MIN_PASSWORD:
        problems.append(InputError("app_short_password", {"count": str(MIN_PASSWORD)}, Location(field="password")))
    if role not in ROLES:
        problems.append(InputError("app_bad_role", {"value": role, "allowed": ", ".join(ROLES)}, Location(field="role")))
    if problems:
        raise InputErrors(errors=problems)
    with store.transaction() as db:
        if db.scalar(select(AppUser).where(AppUser.login == login)) is not None:
            raise InputError("app_login_taken", {"value": login}, Location(field="login"))
        facilitator_id = None
        if role == "facilitator":
            code = (facilitator_code or login).upper()[:16]
            facilitator = db.scalar(select(Facilitator).where(Facilitator.code == code)) or Facilitator(code=code)
            db.add(facilitator)
            db.flush()
            facilitator_id = facilitator.id
        user = AppUser(login=login, role=role, password_hash=_HASHER.hash(password), facilitator_id=facilitator_id)
        db.add(user)
        db.flush()
        return Account(user.id, login, role, facilitator_id)


def set_password(store: Store, login: str, password: str) -> None:
    """A new password; every sign-in of the account ends with the old one."""
    if len(password) < MIN_PASSWORD:
        raise InputError("app_short_password", {"count": str(MIN_PASSWORD)}, Location(field="password"))
    with store.transaction() as db:
        user = _active(db, login)
        user.password_hash = _HASHER.hash(password)
        db.execute(delete(SignIn).where(SignIn.user_id == user.id))


def remove_user(store: Store, login: str) -> None:
    """Switch an account off: it signs in no more and its sign-ins end now. The row stays, so that the
    sessions, corrections and decisions it recorded keep their author."""
    with store.transaction() as db:
        user = _active(db, login)
        user.removed_at = datetime.now(UTC)
        db.execute(delete(SignIn).where(SignIn.user_id == user.id))


def _active(db: DbSession, login: str) -> AppUser:
    user = db.scalar(select(AppUser).where(AppUser.login == login, AppUser.removed_at.is_(None)))
    if user is None:
        raise InputError("app_unknown", {"value": login}, Location(field="login"))
    return user


# At most this many password checks at once: argon2 takes 64 MiB for each, so a burst of sign-ins
# for unknown logins cannot take the server's memory; a sign-in that would wait longer than
# HASH_WAIT_S is told to try again (Busy: the app answers 503).
HASH_SLOTS = threading.BoundedSemaphore(2)
HASH_WAIT_S = 5.0


class Busy(Exception):
    """Too many password checks under way: try again in a moment."""


def authenticate(store: Store, login: str, password: str) -> Account | None:
    with store.reading() as db:
        user = db.scalar(select(AppUser).where(AppUser.login == login, AppUser.removed_at.is_(None)))
    if not HASH_SLOTS.acquire(timeout=HASH_WAIT_S):
        raise Busy
    try:
        _HASHER.verify(user.password_hash if user else _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    finally:
        HASH_SLOTS.release()
    return Account(user.id, user.login, user.role, user.facilitator_id) if user else None


def sign_in(store: Store, account: Account, lifetime_s: int) -> str:
    """A new sign-in of the account: the token its cookie carries (the store keeps only its hash)."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with store.transaction() as db:
        db.execute(delete(SignIn).where(SignIn.expires_at < now))  # the expired ones, while we are here
        db.add(SignIn(token_hash=_token_hash(token), user_id=account.id, expires_at=now + timedelta(seconds=lifetime_s)))
    return token


def signed_in_account(store: Store, token: str) -> Account | None:
    """The account of a live sign-in, or None (signed out, expired, password changed, account removed)."""
    with store.reading() as db:
        row = db.get(SignIn, _token_hash(token))
        if row is None or _aware(row.expires_at) < datetime.now(UTC):
            return None
        user = db.get(AppUser, row.user_id)
        if user is None or user.removed_at is not None:
            return None
        return Account(user.id, user.login, user.role, user.facilitator_id)


def sign_out(store: Store, token: str) -> None:
    with store.transaction() as db:
        db.execute(delete(SignIn).where(SignIn.token_hash == _token_hash(token)))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _aware(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes: they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def account(store: Store, user_id: int) -> Account | None:
    with store.reading() as db:
        user = db.get(AppUser, user_id)
        return Account(user.id, user.login, user.role, user.facilitator_id) if user and user.removed_at is None else None


def has_users(store: Store) -> bool:
    with store.reading() as db:
        return bool(db.scalar(select(func.count()).select_from(AppUser)))


# -- live sessions ---------------------------------------------------------------------


class SessionStart(Frozen):
    campaign: str = Field(min_length=1, max_length=64)
    version_id: int
    tester: str = Field(min_length=1, max_length=16)
    held_on: date
    device: str | None = Field(None, pattern=r"^(computer|tablet|smartphone)$")  # none: the tester's usual one

    @field_validator("tester", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value


class TesterForm(TesterIn):
    """A tester added in the app: the panel's profile, and the day consent was given (required here)."""

    consent_on: date


class StepIn(Frozen):
    outcome: choice(StepOutcome)  # type: ignore[valid-type]
    seconds: float | None = Field(None, ge=0, le=36_000)
    help_requests: int = Field(0, ge=0, le=100)
    help_kind: choice(HelpKind) | None = None  # type: ignore[valid-type]
    errors: int = Field(0, ge=0, le=100)
    seq: int | None = Field(None, ge=1, le=7)

    @model_validator(mode="after")
    def _help_fits(self) -> StepIn:
        help_fits(self.outcome, self.help_kind)
        return self


class OpinionIn(Frozen):
    """The JDMA's questions ("Je donne mon avis"), as the facilitator records the tester's answers."""

    satisfaction: choice(Feeling) | None = None  # type: ignore[valid-type]
    clarity: int | None = Field(None, ge=1, le=5)
    contact: choice(Contact) | None = None  # type: ignore[valid-type]
    help_quality: int | None = Field(None, ge=1, le=5)

    @model_validator(mode="after")
    def _quality_fits(self) -> OpinionIn:
        quality_fits(self.contact, self.help_quality)
        return self


OPINION = tuple(OpinionIn.model_fields)
FEELING_OF_SCORE = {score: feeling.value for feeling, score in FEELING_SCORE.items()}


class ObservationIn(Frozen):
    step: str | None = Field(None, max_length=200)
    severity: str = Field(pattern=r"^(low|medium|high|blocking)$")
    text: str = Field(min_length=1, max_length=2000)
    tags: str = Field("", max_length=400)

    @field_validator("text")
    @classmethod
    def _no_contact(cls, value: str) -> str:
        return no_contact_data(value)


@dataclass(frozen=True)
class LiveSession:
    id: int
    ref: str
    campaign: str
    procedure: str
    version: str
    tester: str
    status: str
    row_version: int
    steps: dict[str, dict[str, object]]  # step name -> saved values
    sus: dict[int, int]
    scores: dict[str, float]
    observations: list[dict[str, str | None]]
    opinion: dict[str, str]  # the JDMA answers given, as the form sends them (satisfaction: good, medium, bad)
    device: str = "computer"
    drafts: dict[str, dict[str, str]] = dataclass_field(default_factory=dict)  # form -> values refused, to correct

    def to_correct(self, form: str) -> bool:
        return form in self.drafts


def screen_form(step: str) -> str:
    """The name a screen's form goes by among a session's drafts."""
    return f"screen:{step}"


@dataclass(frozen=True)
class Gap:
    """What a session still lacks to be complete: `kind` is screen_missing, screen_to_correct, sus_missing,
    sus_partial or form_to_correct; `name` the screen or form concerned."""

    kind: str
    name: str = ""
    count: int = 0


def gaps(session: LiveSession, screens: list[str]) -> list[Gap]:
    """Everything a finished session would lack: screens not answered or to correct, the SUS not answered
    whole, a questionnaire waiting to be corrected. None: the session is complete."""
    found = []
    for name in screens:
        if session.to_correct(screen_form(name)):
            found.append(Gap("screen_to_correct", name))
        elif name not in session.steps:
            found.append(Gap("screen_missing", name))
    found += [Gap("form_to_correct", form) for form in ("sus", "opinion", "scores") if session.to_correct(form)]
    if not session.to_correct("sus"):  # a SUS refused is said once, above
        if not session.sus:
            found.append(Gap("sus_missing"))
        elif len(session.sus) != 10:
            found.append(Gap("sus_partial", count=len(session.sus)))
    return found


def _owned(db, account: Account, session_id: int) -> Session:  # noqa: ANN001
    row = db.get(Session, session_id)
    if row is None or (account.role != "coordinator" and row.user_id != account.id):
        raise Forbidden()
    return row


def _touch(row: Session, row_version: int) -> None:
    if row.row_version != row_version:
        raise Conflict()
    row.row_version += 1


def start_session(store: Store, account: Account, data: Mapping[str, object]) -> int:
    if account.role != "facilitator":
        raise Forbidden()
    start = validate_form(SessionStart, answered(SessionStart, data))
    with store.transaction() as db:
        campaign = db.scalar(select(Campaign).where(Campaign.code == start.campaign))
        version = db.get(ProcedureVersion, start.version_id)
        tester = db.scalar(select(Tester).where(Tester.code == start.tester))
        problems = []
        if campaign is None:
            problems.append(InputError("app_unknown", {"value": start.campaign}, Location(field="campaign")))
        if version is None:
            problems.append(InputError("app_unknown", {"value": str(start.version_id)}, Location(field="version_id")))
        if tester is None:
            problems.append(InputError("app_unknown_tester", {"value": start.tester}, Location(field="tester")))
        if campaign is None or version is None or tester is None:
            raise InputErrors(errors=problems)
        if db.get(Enrolment, (campaign.id, tester.id)) is None:
            db.add(Enrolment(campaign_id=campaign.id, tester_id=tester.id))
        count = db.scalar(select(func.count()).select_from(Session).where(Session.campaign_id == campaign.id)) or 0
        row = Session(ref=f"APP-{count + 1:04d}", campaign_id=campaign.id, tester_id=tester.id,
                      version_id=version.id, facilitator_id=account.facilitator_id, held_on=start.held_on,
                      device=start.device or tester.device, source="app", status="draft", row_version=1, user_id=account.id)
        db.add(row)
        db.flush()
        return row.id


def add_tester(store: Store, account: Account, data: Mapping[str, object], campaign: str) -> str:
    """A tester added to the panel and enrolled in `campaign`, by a facilitator or the coordination;
    their code."""
    if account.role not in ("facilitator", "coordinator"):
        raise Forbidden()
    tester = validate_form(TesterForm, answered(TesterForm, data))
    add_testers(store, [tester], campaign)
    return tester.code


def tester_code(store: Store, code: str) -> str | None:
    """The panel's code of the tester `code` names, if the panel has one."""
    if len(code) > 16:
        return None
    with store.reading() as db:
        return db.scalar(select(Tester.code).where(Tester.code == code))


def session_head(store: Store, account: Account, session_id: int) -> tuple[str, str]:
    """The session's procedure and version, in one query, if the account may see it."""
    with store.reading() as db:
        row = db.execute(
            select(Session.user_id, Procedure.code, ProcedureVersion.version)
            .join(ProcedureVersion, ProcedureVersion.id == Session.version_id)
            .join(Procedure, Procedure.id == ProcedureVersion.procedure_id).where(Session.id == session_id)
        ).first()
    if row is None or (account.role != "coordinator" and row.user_id != account.id):
        raise Forbidden()
    return row.code, row.version


def load_session(store: Store, account: Account, session_id: int) -> LiveSession:
    with store.reading() as db:
        row = _owned(db, account, session_id)
        version = db.get(ProcedureVersion, row.version_id)
        return LiveSession(
            id=row.id, ref=row.ref, campaign=db.get(Campaign, row.campaign_id).code,  # type: ignore[union-attr]
            procedure=db.get(Procedure, version.procedure_id).code, version=version.version,  # type: ignore[union-attr]
            tester=db.get(Tester, row.tester_id).code, status=row.status, row_version=row.row_version,  # type: ignore[union-attr]
            steps={s.step: {"outcome": s.outcome, "seconds": s.seconds, "help_requests": s.help_requests,
                            "help_kind": s.help_kind, "errors": s.errors, "seq": s.seq, "position": s.position} for s in row.steps},
            sus={a.item: a.value for a in db.scalars(select(SusAnswer).where(SusAnswer.session_id == row.id))},
            scores={c.criterion: c.value for c in db.scalars(select(CriterionScore).where(CriterionScore.session_id == row.id))},
            observations=[{"step": o.step, "severity": o.severity, "text": o.text, "tags": o.tags}
                          for o in db.scalars(select(Observation).where(Observation.session_id == row.id))],
            opinion={name: str(FEELING_OF_SCORE.get(value, value) if name == "satisfaction" else value)
                     for name in OPINION if (value := getattr(row, name)) is not None},
            device=row.device,
            drafts={d.form: _typed(d.values) for d in db.scalars(select(FormDraft).where(FormDraft.session_id == row.id))},
        )


def _typed(text: str) -> dict[str, str]:
    """A draft's values as stored; anything else than a flat object of strings reads as nothing typed."""
    try:
        values = json.loads(text)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in values.items()} if isinstance(values, dict) else {}


def keep_draft(store: Store, account: Account, session_id: int, form: str, values: dict[str, str]) -> None:
    """A form the app refused, kept as typed (the token and row version left out) until it is corrected:
    shown "to correct", never counted. The session's row version does not move: the page can still send."""
    typed = {k: v for k, v in values.items() if k not in ("csrf", "row_version")}
    with store.transaction() as db:
        row = _owned(db, account, session_id)
        draft = db.get(FormDraft, (row.id, form))
        if draft is None:
            db.add(FormDraft(session_id=row.id, form=form, values=json.dumps(typed, ensure_ascii=False)))
        else:
            draft.values, draft.saved_at = json.dumps(typed, ensure_ascii=False), datetime.now(UTC)


@contextmanager
def _editing(store: Store, account: Account, session_id: int, row_version: int,
             form: str | None = None) -> Iterator[tuple[DbSession, Session]]:
    """One write to a session the account may change, made on the version it was shown; `form`: the form
    saved, whose draft to correct (if any) goes with the save."""
    with store.transaction() as db:
        row = _owned(db, account, session_id)
        _touch(row, row_version)
        if form is not None:
            db.execute(delete(FormDraft).where(FormDraft.session_id == row.id, FormDraft.form == form))
        yield db, row


def _replace(store: Store, account: Account, session_id: int, row_version: int, table: type[SusAnswer] | type[CriterionScore],
             rows: list[dict], form: str) -> int:
    """The session's rows of `table` (SUS answers, scores) replaced by `rows`; its new row version."""
    with _editing(store, account, session_id, row_version, form) as (db, row):
        db.execute(delete(table).where(table.session_id == row.id))
        db.add_all(table(session_id=row.id, **values) for values in rows)
        return row.row_version


def save_step(store: Store, account: Account, session_id: int, row_version: int, position: int, step: str,
              data: Mapping[str, object]) -> int:
    """Save one screen's result as soon as it is entered; the session's new row version."""
    values = validate_form(StepIn, answered(StepIn, data))
    with _editing(store, account, session_id, row_version, screen_form(step)) as (db, row):
        # this screen's row only: a session's other screens are not loaded on every save
        existing = db.scalar(select(StepResult).where(StepResult.session_id == row.id, StepResult.step == step))
        fields = {"outcome": values.outcome.value, "seconds": values.seconds, "help_requests": values.help_requests,
                  "help_kind": values.help_kind.value if values.help_kind else None, "errors": values.errors, "seq": values.seq}
        if existing is None:
            db.add(StepResult(session_id=row.id, position=position, step=step, **fields))
        else:
            for name, value in fields.items():
                if getattr(existing, name) != value and row.status != "draft":
                    db.add(AuditEntry(user_id=account.id, session_id=row.id, field=f"{step}.{name}",
                                      old=_text(getattr(existing, name)), new=_text(value)))
                setattr(existing, name, value)
        return row.row_version


def sus_problems(answers: dict[int, int], partial: bool = False) -> None:
    """Refuses SUS answers off the scale, or some of the ten missing (unless `partial`: the questionnaire is
    being answered); a missing one's message goes on the first question not answered."""
    problems = [InputError("sus_range", {"item": str(i), "value": str(v)}, Location(field=f"sus_{i}"))
                for i, v in answers.items() if not 1 <= v <= 5 or not 1 <= i <= 10]
    if answers and len(answers) != 10 and not partial:
        first = min(set(range(1, 11)) - set(answers))
        problems.append(InputError("app_sus_all", {}, Location(field=f"sus_{first}")))
    if problems:
        raise InputErrors(errors=problems)


def save_sus(store: Store, account: Account, session_id: int, row_version: int, answers: dict[int, int],
             partial: bool = False) -> int:
    """The SUS answers, all ten or none; `partial` while the questionnaire is being answered (autosave):
    a session is not finished with some answers missing."""
    sus_problems(answers, partial)
    rows = [{"item": i, "value": v} for i, v in sorted(answers.items())]
    return _replace(store, account, session_id, row_version, SusAnswer, rows, "sus")


def save_opinion(store: Store, account: Account, session_id: int, row_version: int, data: Mapping[str, object]) -> int:
    """The JDMA answers of the session, stored as the sessions file stores them (satisfaction as the
    Observatoire's mark); a question left blank is unanswered. Changes to a finished session are logged."""
    opinion = validate_form(OpinionIn, answered(OpinionIn, data))
    stored = session_answers(opinion.model_dump())
    with _editing(store, account, session_id, row_version, "opinion") as (db, row):
        for name, value in stored.items():
            if getattr(row, name) != value and row.status != "draft":
                db.add(AuditEntry(user_id=account.id, session_id=row.id, field=name, old=_text(getattr(row, name)), new=_text(value)))
            setattr(row, name, value)
        return row.row_version


def scores_problems(scores: dict[str, float], scales: dict[str, tuple[float, float]]) -> None:
    """Refuses a score off its criterion's scale."""
    problems = []
    for criterion, value in scores.items():
        low, high = scales.get(criterion, (float("nan"), float("nan")))
        if not low <= value <= high:
            problems.append(InputError("app_score_range", {"value": f"{value:g}", "low": f"{low:g}", "high": f"{high:g}"},
                                       Location(field=f"score_{criterion}")))
    if problems:
        raise InputErrors(errors=problems)


def save_scores(store: Store, account: Account, session_id: int, row_version: int, scores: dict[str, float],
                scales: dict[str, tuple[float, float]]) -> int:
    scores_problems(scores, scales)
    rows = [{"criterion": c, "value": v} for c, v in sorted(scores.items())]
    return _replace(store, account, session_id, row_version, CriterionScore, rows, "scores")


def add_observation(store: Store, account: Account, session_id: int, row_version: int, data: Mapping[str, object]) -> int:
    observation = validate_form(ObservationIn, answered(ObservationIn, data))
    with _editing(store, account, session_id, row_version) as (db, row):
        db.add(Observation(session_id=row.id, step=observation.step or None, severity=observation.severity,
                           text=observation.text, tags=observation.tags))
        return row.row_version


class Unfinished(ParcoursError):
    """A session finished with something missing, not yet confirmed: what it lacks."""

    def __init__(self, missing: list[Gap]) -> None:
        super().__init__("session incomplete")
        self.missing = missing


def finish(store: Store, account: Account, session_id: int, row_version: int, screens: list[str],
           confirmed: bool = False) -> str:
    """The session finished: reports count it from now on if it is complete; one that lacks something
    (`gaps`) is finished only when `confirmed`, as `incomplete`, and counted apart. Its new status. It
    needs one screen answered, at least."""
    session = load_session(store, account, session_id)
    missing = gaps(session, screens)
    if not session.steps:
        raise InputError("app_no_step", {}, Location(field="steps"))
    if missing and not confirmed:
        raise Unfinished(missing)
    with _editing(store, account, session_id, row_version) as (_, row):
        row.status = "incomplete" if missing else "complete"
        return row.status


def panel_mark(store: Store, campaign: str) -> tuple[int, int, int]:
    """Changes whenever a session of the campaign is finished or corrected: what a cache of the panel's
    figures is checked against."""
    with store.reading() as db:
        row = db.execute(select(func.count(), func.coalesce(func.sum(Session.row_version), 0), func.coalesce(func.max(Session.id), 0))
                         .join(Campaign, Campaign.id == Session.campaign_id)
                         .where(Campaign.code == campaign, Session.status == "complete")).one()
    return tuple(int(v) for v in row)  # type: ignore[return-value]


def unfinished_refs(store: Store, campaign: str) -> list[str]:
    """The refs of the campaign's sessions finished incomplete: counted apart, never in a rate."""
    with store.reading() as db:
        return list(db.scalars(select(Session.ref).join(Campaign, Campaign.id == Session.campaign_id)
                               .where(Campaign.code == campaign, Session.status == "incomplete").order_by(Session.ref)))


def sessions_of(store: Store, account: Account) -> list[tuple[int, str, str, str]]:
    """(id, ref, tester, status) of the sessions the account may see, newest first."""
    with store.reading() as db:
        query = select(Session.id, Session.ref, Tester.code, Session.status).join(Tester, Tester.id == Session.tester_id)
        if account.role != "coordinator":
            query = query.where(Session.user_id == account.id)
        return [tuple(r) for r in db.execute(query.order_by(Session.id.desc()))]  # type: ignore[misc]


def versions(store: Store) -> list[tuple[int, str, str]]:
    """(id, procedure, version) of every procedure version, to start a session on."""
    with store.reading() as db:
        rows = db.execute(select(ProcedureVersion.id, Procedure.code, ProcedureVersion.version)
                          .join(Procedure, Procedure.id == ProcedureVersion.procedure_id).order_by(Procedure.code))
        return [tuple(r) for r in rows]  # type: ignore[misc]


def answered(model: type[Frozen], data: Mapping[str, object]) -> dict[str, object]:
    """A form's values for `model`: its own fields only, an empty answer left to the default."""
    return {k: v for k, v in data.items() if k in model.model_fields and not (isinstance(v, str) and not v.strip())}


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def register_versions(store: Store, found: list[tuple[str, str, str | None, str | None]]) -> None:
    """Make each (procedure, version, title, owner) of the scenarios known to the store, once."""
    with store.transaction() as db:
        for code, version, title, owner in found:
            procedure = db.scalar(select(Procedure).where(Procedure.code == code))
            if procedure is None:
                procedure = Procedure(code=code, title=title, owner=owner)
                db.add(procedure)
                db.flush()
            known = db.scalar(select(ProcedureVersion).where(ProcedureVersion.procedure_id == procedure.id,
                                                            ProcedureVersion.version == version))
            if known is None:
                db.add(ProcedureVersion(procedure_id=procedure.id, version=version))
