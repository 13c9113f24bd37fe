"""Database tables. Testers are pseudonymous: there is no column for a name or contact data."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Campaign(Base):
    __tablename__ = "campaign"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Procedure(Base):
    __tablename__ = "procedure"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(String(200))
    owner: Mapped[str | None] = mapped_column(String(200))


class ProcedureVersion(Base):
    __tablename__ = "procedure_version"
    __table_args__ = (UniqueConstraint("procedure_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"))
    version: Mapped[str] = mapped_column(String(64))
    procedure: Mapped[Procedure] = relationship()


class Tester(Base):
    __tablename__ = "tester"
    __table_args__ = (CheckConstraint("digital_comfort BETWEEN 1 AND 10", name="comfort_range"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    segment: Mapped[str] = mapped_column(String(16))
    age_band: Mapped[str] = mapped_column(String(8))
    territory: Mapped[str] = mapped_column(String(8))
    digital_comfort: Mapped[int] = mapped_column(Integer)
    assistive_tech: Mapped[str] = mapped_column(String(32))
    device: Mapped[str] = mapped_column(String(16))
    consent_on: Mapped[date | None] = mapped_column(Date)  # the day the tester agreed to take part
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Enrolment(Base):
    """A tester on a campaign's panel."""

    __tablename__ = "enrolment"
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), primary_key=True)
    tester_id: Mapped[int] = mapped_column(ForeignKey("tester.id"), primary_key=True)


class Facilitator(Base):
    __tablename__ = "facilitator"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)


class Session(Base):
    """One tester walking one procedure version, with one facilitator, on one day."""

    __tablename__ = "session"
    __table_args__ = (UniqueConstraint("campaign_id", "ref"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(32))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    tester_id: Mapped[int] = mapped_column(ForeignKey("tester.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("procedure_version.id"))
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitator.id"))
    held_on: Mapped[date] = mapped_column(Date)
    device: Mapped[str] = mapped_column(String(16))
    satisfaction: Mapped[int | None] = mapped_column(Integer)  # JDMA: the face's mark, 10 (good), 5 or 0 (bad)
    clarity: Mapped[int | None] = mapped_column(Integer)  # JDMA: information and instructions, 1 to 5
    contact: Mapped[str | None] = mapped_column(String(16))  # JDMA: Contact (none, reached, not_reached)
    help_quality: Mapped[int | None] = mapped_column(Integer)  # JDMA: the help obtained, 1 to 5
    source: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    status: Mapped[str] = mapped_column(String(16), server_default="complete")  # draft while recorded live
    row_version: Mapped[int] = mapped_column(Integer, server_default="1")  # a save names the version it changes
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", name="fk_session_user"))  # who records it
    steps: Mapped[list[StepResult]] = relationship(cascade="all, delete-orphan", order_by="StepResult.position")


class StepResult(Base):
    __tablename__ = "step_result"
    __table_args__ = (UniqueConstraint("session_id", "step"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    step: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(16))
    seconds: Mapped[float | None] = mapped_column(Float)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    help_requests: Mapped[int] = mapped_column(Integer, default=0)
    help_kind: Mapped[str | None] = mapped_column(String(16))  # the most the facilitator had to do: HelpKind
    seq: Mapped[int | None] = mapped_column(Integer)


class FormDraft(Base):
    """A form of a live session the app refused, kept as typed: "to correct", never an answer. `form` names
    it: "screen:<step>", "sus", "opinion" or "scores"; `values` holds the typed fields as JSON."""

    __tablename__ = "form_draft"
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), primary_key=True)
    form: Mapped[str] = mapped_column(String(220), primary_key=True)
    values: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SusAnswer(Base):
    __tablename__ = "sus_answer"
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), primary_key=True)
    item: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class CriterionScore(Base):
    __tablename__ = "criterion_score"
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), primary_key=True)
    criterion: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[float] = mapped_column(Float)


class Observation(Base):
    __tablename__ = "observation"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"))
    step: Mapped[str | None] = mapped_column(String(200))
    severity: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    tags: Mapped[str] = mapped_column(String(400), default="")


class Decision(Base):
    """The technical committee's decision on a recommendation (the latest one counts)."""

    __tablename__ = "decision"
    __table_args__ = (UniqueConstraint("campaign_id", "recommendation"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    recommendation: Mapped[str] = mapped_column(String(200))  # "<procedure>:<practice>"
    status: Mapped[str] = mapped_column(String(16))  # retained, set_aside, done
    reason: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(200))  # a service, never a tester
    due: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date] = mapped_column(Date)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", name="fk_decision_user"))  # set by the app


class AppUser(Base):
    """An account of the facilitator app. A tester never has one."""

    __tablename__ = "app_user"
    __table_args__ = (CheckConstraint("role IN ('coordinator', 'facilitator', 'committee')", name="known_role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("facilitator.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # switched off: signs in no more


class SignIn(Base):
    """A signed-in browser: its cookie holds the token, the store its hash. Signing out, a new password
    or a removed account delete the rows, which ends those sign-ins at once, wherever the cookie was copied."""

    __tablename__ = "app_sign_in"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SignInKey(Base):
    """A login or an address (hashed) whose failed sign-ins are counted: the row a count locks."""

    __tablename__ = "app_sign_in_key"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)


class SignInAttempt(Base):
    """A sign-in attempt of the limit's window, for one key (hashed login or address): pruned as it ages."""

    __tablename__ = "app_sign_in_attempt"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class AuditEntry(Base):
    """A correction to a recorded session: who, when, which field, the value before and after."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(200))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
