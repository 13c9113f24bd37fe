"""Panel operations on the store: testers, campaigns, session imports, coverage, exports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session as DbSession

from harness.criteria.models import Catalogue, Quotas, Segment, Territory
from harness.errors import InputError, InputErrors, Location
from harness.panel.csvio import check_header, parse_rows, read_csv
from harness.panel.models import FEELING_SCORE, CampaignIn, Contact, Feeling, TesterIn
from harness.panel.sessions_csv import ParsedSession, StepNames, parse_sessions
from harness.scenario.loader import load_all
from harness.store.db import Store
from harness.store.tables import (
    Campaign,
    CriterionScore,
    Enrolment,
    Facilitator,
    Observation,
    Procedure,
    ProcedureVersion,
    Session,
    StepResult,
    SusAnswer,
    Tester,
)
from harness.text import closest

Progress = Callable[[int, int], None]  # (sessions written, total)
CHUNK = 500  # sessions written per batch of statements
TESTER_COLUMNS = ("code", "segment", "age_band", "territory", "digital_comfort", "assistive_tech", "device", "consent_on")


def create_campaign(store: Store, campaign: CampaignIn) -> None:
    with store.transaction() as db:
        if db.scalar(select(Campaign).where(Campaign.code == campaign.code)):
            raise InputError("campaign_exists", {"key": campaign.code}, Location(field="code"))
        same = db.scalar(select(Campaign.code).where(func.lower(func.trim(Campaign.title)) == campaign.title.strip().lower()))
        if same is not None:  # campaigns are told apart by what a person reads: their titles
            raise InputError("campaign_title_taken", {"value": campaign.title, "key": same}, Location(field="title"))
        db.add(Campaign(code=campaign.code, title=campaign.title, description=campaign.description))


def list_campaigns(store: Store) -> list[Campaign]:
    with store.reading() as db:
        return list(db.scalars(select(Campaign).order_by(Campaign.code)))


def add_testers(store: Store, testers: list[TesterIn], campaign: str | None = None) -> None:
    """Add testers (and enrol them in `campaign`); none is added if one is refused."""
    with store.transaction() as db:
        target = _campaign(db, campaign) if campaign else None
        for tester in testers:
            if db.scalar(select(Tester.id).where(Tester.code == tester.code)):
                raise InputError("tester_exists", {"key": tester.code}, Location(field="code"))
            row = Tester(**tester.model_dump(mode="python"))
            db.add(row)
            db.flush()
            if target is not None:
                db.add(Enrolment(campaign_id=target.id, tester_id=row.id))


def import_testers(store: Store, path: Path, campaign: str | None = None) -> int:
    csv_file = read_csv(path)
    problems = check_header(csv_file, TESTER_COLUMNS[:5] + ("device",), ("assistive_tech", "consent_on"))
    if problems:
        raise InputErrors(errors=problems)
    rows, problems = parse_rows(
        csv_file, TesterIn, lambda raw: {k: v for k, v in raw.items() if v != ""}, lambda loc: str(loc[0])
    )
    with store.reading() as db:
        existing = set(db.scalars(select(Tester.code)))
    seen: set[str] = set()
    for located in rows:
        if located.row.code in existing or located.row.code in seen:
            problems.append(csv_file.error("tester_exists", located.line, "code", key=located.row.code))
        seen.add(located.row.code)
    if problems:
        raise InputErrors(errors=problems)
    add_testers(store, [r.row for r in rows], campaign)
    return len(rows)


def list_testers(store: Store, campaign: str | None = None) -> list[Tester]:
    with store.reading() as db:
        query = select(Tester).order_by(Tester.code)
        if campaign:
            target = _campaign(db, campaign)
            query = query.join(Enrolment, Enrolment.tester_id == Tester.id).where(Enrolment.campaign_id == target.id)
        return list(db.scalars(query))


@dataclass(frozen=True)
class ImportReport:
    sessions: int
    steps: int


def import_sessions(store: Store, path: Path, catalogue: Catalogue, progress: Progress | None = None,
                    steps: StepNames | None = None) -> ImportReport:
    """All sessions of the file in one transaction, or nothing and every reason why; step names are
    checked against `steps`, each procedure version's scenario (see `scenario_steps`)."""
    sessions, problems = parse_sessions(path, catalogue, steps)
    if problems:
        raise InputErrors(errors=problems)
    with store.transaction() as db:
        # checked inside the write transaction: a second import of the same
        # file, run at the same time, waits for the first and then finds its sessions
        problems = _check_against_store(db, path, sessions)
        if problems:
            raise InputErrors(errors=problems)
        cache = _Cache(db)
        for first in range(0, len(sessions), CHUNK):
            chunk = sessions[first : first + CHUNK]
            _write_sessions(db, cache, chunk, source=f"csv:{path.name}")
            if progress:
                progress(first + len(chunk), len(sessions))
    return ImportReport(sessions=len(sessions), steps=sum(len(parsed.steps) for parsed in sessions))


def scenario_steps(paths: Sequence[Path]) -> dict[tuple[str, str], list[str]]:
    """The step names of every scenario found under `paths`, by procedure and version (scenarios
    that do not load are left out: `parcours check` reports them)."""
    existing = [p for p in paths if p.exists()]
    loaded, _ = load_all(existing) if existing else ([], [])
    return {(one.scenario.procedure, one.scenario.version): [step.name for step in one.scenario.steps] for one in loaded}


def _check_against_store(db: DbSession, path: Path, sessions: list[ParsedSession]) -> list[InputError]:
    problems = []
    campaigns = {c.code: c.id for c in db.scalars(select(Campaign))}
    testers = set(db.scalars(select(Tester.code)))
    imported = set(db.execute(select(Campaign.code, Session.ref).join(Campaign, Campaign.id == Session.campaign_id)))
    for parsed in sessions:
        head, line = parsed.head, parsed.first_line

        def error(code: str, column: str, hint: str | None = None, **params: object) -> InputError:
            return InputError(code, dict(params), Location(path=path, line=line, column=column), hint)

        if head.campaign not in campaigns:
            suggestion = closest(head.campaign, campaigns)
            problems.append(error("unknown_campaign", "campaign", "did_you_mean" if suggestion else "create_campaign",
                                  key=head.campaign, suggestion=suggestion))
        if head.tester not in testers:
            problems.append(error("unknown_tester", "tester", "add_tester", key=head.tester))
        if (head.campaign, parsed.ref) in imported:
            problems.append(error("session_exists", "session", key=parsed.ref, campaign=head.campaign))
    return problems


class _Cache:
    """Rows looked up or created once per import."""

    def __init__(self, db: DbSession) -> None:
        self.db = db
        self.campaigns = {c.code: c for c in db.scalars(select(Campaign))}
        self.testers = {t.code: t for t in db.scalars(select(Tester))}
        self.enrolled: set[tuple[int, int]] = {(row[0], row[1]) for row in db.execute(select(Enrolment.campaign_id, Enrolment.tester_id))}
        self.facilitators = {f.code: f for f in db.scalars(select(Facilitator))}
        self.procedures = {p.code: p for p in db.scalars(select(Procedure))}
        self.versions = {(v.procedure_id, v.version): v for v in db.scalars(select(ProcedureVersion))}

    def facilitator(self, code: str) -> Facilitator:
        if code not in self.facilitators:
            self.facilitators[code] = Facilitator(code=code)
            self.db.add(self.facilitators[code])
            self.db.flush()
        return self.facilitators[code]

    def version(self, procedure: str, version: str) -> ProcedureVersion:
        if procedure not in self.procedures:
            self.procedures[procedure] = Procedure(code=procedure)
            self.db.add(self.procedures[procedure])
            self.db.flush()
        key = (self.procedures[procedure].id, version)
        if key not in self.versions:
            self.versions[key] = ProcedureVersion(procedure_id=key[0], version=version)
            self.db.add(self.versions[key])
            self.db.flush()
        return self.versions[key]

    def enrol(self, campaign: Campaign, tester: Tester) -> None:
        if (campaign.id, tester.id) not in self.enrolled:
            self.db.add(Enrolment(campaign_id=campaign.id, tester_id=tester.id))
            self.enrolled.add((campaign.id, tester.id))


def _write_sessions(db: DbSession, cache: _Cache, chunk: list[ParsedSession], source: str) -> None:
    """Insert a chunk of sessions and everything recorded in them, a few statements in all."""
    session_rows = []
    for parsed in chunk:
        head = parsed.head
        campaign, tester = cache.campaigns[head.campaign], cache.testers[head.tester]
        cache.enrol(campaign, tester)
        session_rows.append({
            "ref": parsed.ref, "campaign_id": campaign.id, "tester_id": tester.id,
            "version_id": cache.version(head.procedure, head.version).id,
            "facilitator_id": cache.facilitator(head.facilitator).id, "held_on": head.date,
            "device": head.device.value, "source": source, **session_answers(parsed.answers),
        })
    db.flush()  # enrolments and new facilitators or versions, before the rows that point to them
    ids = db.scalars(insert(Session).returning(Session.id, sort_by_parameter_order=True), session_rows).all()
    steps, sus, scores, observations = [], [], [], []
    for session_id, parsed in zip(ids, chunk):
        for position, located in enumerate(parsed.steps):
            row = located.row
            steps.append({"session_id": session_id, "position": position, "step": row.step, "outcome": row.outcome.value,
                          "seconds": row.seconds, "errors": row.errors, "help_requests": row.help_requests,
                          "help_kind": row.help_kind.value if row.help_kind else None, "seq": row.seq})
            if row.observation:
                observations.append({"session_id": session_id, "step": row.step, "severity": (row.severity or "medium"),
                                     "text": row.observation, "tags": row.tags or ""})
        sus += [{"session_id": session_id, "item": item, "value": value} for item, value in parsed.sus.items()]
        scores += [{"session_id": session_id, "criterion": c, "value": v} for c, v in parsed.scores.items()]
    for table, rows in ((StepResult, steps), (SusAnswer, sus), (CriterionScore, scores), (Observation, observations)):
        if rows:
            db.execute(insert(table), rows)


def session_answers(answers: dict[str, object]) -> dict[str, object]:
    """The JDMA answers as stored: satisfaction as the Observatoire's mark (10, 5 or 0), choices as their id."""
    feeling, contact = answers.get("satisfaction"), answers.get("contact")
    return {
        "satisfaction": FEELING_SCORE[Feeling(str(feeling))] if feeling is not None else None,
        "clarity": answers.get("clarity"), "help_quality": answers.get("help_quality"),
        "contact": Contact(str(contact)).value if contact is not None else None,
    }


def _campaign(db: DbSession, code: str) -> Campaign:
    found = db.scalar(select(Campaign).where(Campaign.code == code))
    if found is None:
        known = list(db.scalars(select(Campaign.code)))
        suggestion = closest(code, known)
        raise InputError(
            "unknown_campaign", {"key": code, "suggestion": suggestion}, Location(field="campaign"),
            "did_you_mean" if suggestion else "create_campaign",
        )
    return found


@dataclass(frozen=True)
class CoverageLine:
    """One public segment or territory of a campaign's panel: its quota, the testers enrolled, the testers
    with at least one finished session, and the finished sessions. The quota counts testers who took part."""

    dimension: str  # "segment" or "territory"
    group: str
    target: int
    enrolled: int
    tested: int = 0
    sessions: int = 0

    @property
    def gap(self) -> int:
        """Testers still to see: the quota less those who took part."""
        return max(self.target - self.tested, 0)

    @property
    def to_recruit(self) -> int:
        """Testers still to find: the quota less those enrolled."""
        return max(self.target - self.enrolled, 0)


def coverage(store: Store, campaign: str, quotas: Quotas) -> list[CoverageLine]:
    """The campaign's panel against its quotas, per public segment and territory: who is enrolled, who
    has finished a session (drafts recorded in the app do not count yet), and how many sessions."""
    testers = list_testers(store, campaign)
    with store.reading() as db:
        done = Counter(db.scalars(
            select(Session.tester_id).join(Campaign, Campaign.id == Session.campaign_id)
            .where(Campaign.code == campaign, Session.status == "complete")))
    lines = []
    targets: list[tuple[str, str, int]] = [("segment", s.value, quotas.segments.get(s, 0)) for s in Segment]
    targets += [("territory", x.value, quotas.territories.get(x, 0)) for x in Territory]
    for dimension, group, target in targets:
        members = [t for t in testers if getattr(t, dimension) == group]
        lines.append(CoverageLine(dimension, group, target, len(members),
                                  sum(1 for t in members if done[t.id]), sum(done[t.id] for t in members)))
    return lines
