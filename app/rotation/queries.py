"""Named reads: programmes in scope, each participant's completion and check result, and the
two plain functions other domains call (年度考核, the yearly report)."""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.core.scoping import Scope, scoped
from app.exams.models import Attempt, Exam
from app.extensions import db
from app.rotation import rules
from app.rotation.models import Juror, Participant, Programme, ProgrammeSession, Score
from app.training.models import Attendance

RESULTS = {True: "合格", False: "不合格", None: "待评定"}


@dataclass
class Row:
    """One participant of a programme: attendance, completion and the check."""

    participant: Participant
    attended: dict[int, Decimal]                 # session id -> hours
    required_total: int
    completed: bool
    scores: dict[int, Decimal] = field(default_factory=dict)   # juror id -> score
    average: Decimal | None = None
    passed: bool | None = None

    @property
    def officer(self):
        return self.participant.officer

    @property
    def hours(self) -> Decimal:
        return sum(self.attended.values(), Decimal(0))

    @property
    def required_attended(self) -> int:
        return self.required_total - len(self._missing)

    @property
    def result_label(self) -> str:
        return RESULTS[self.passed]

    _missing: set[int] = field(default_factory=set)


def programmes(scope: Scope, year: int | None = None) -> Select:
    stmt = scoped(Programme, scope).options(joinedload(Programme.unit))
    if year:
        stmt = stmt.where(Programme.year == year)
    return stmt.order_by(Programme.year.desc(), Programme.id.desc())


def juror_programmes(user_id: int) -> list[Programme]:
    """Programmes where this account sits on the panel, whatever its unit scope."""
    return list(db.session.scalars(
        select(Programme).join(Juror).where(Juror.user_id == user_id)
        .order_by(Programme.year.desc(), Programme.id.desc())))


def juror_of(programme: Programme, user_id: int | None) -> Juror | None:
    return next((j for j in programme.jurors if user_id and j.user_id == user_id), None)


def rows(programme: Programme, officer_ids: set[int] | None = None) -> list[Row]:
    """Every participant (or only `officer_ids`), with completion and check result."""
    participants = [p for p in _participants(programme)
                    if officer_ids is None or p.officer_id in officer_ids]
    ids = {p.officer_id for p in participants}
    attended = _attendance(programme, ids)
    links = programme.sessions
    session_ids = {s.session_id for s in links}
    required = {s.session_id for s in links if s.required}
    out = []
    for p in participants:
        mine = attended.get(p.officer_id, {})
        out.append(Row(participant=p, attended=mine, required_total=len(required),
                       completed=rules.completed(session_ids, required, mine,
                                                 programme.required_hours),
                       _missing=required - set(mine)))
    _check(programme, out)
    return out


def _participants(programme: Programme) -> list[Participant]:
    return list(db.session.scalars(
        select(Participant).where(Participant.programme_id == programme.id)
        .options(joinedload(Participant.officer), joinedload(Participant.unit))
        .order_by(Participant.unit_id, Participant.id)))


def _attendance(programme: Programme, officer_ids: set[int]) -> dict[int, dict[int, Decimal]]:
    out: dict[int, dict[int, Decimal]] = defaultdict(dict)
    if not officer_ids or not programme.sessions:
        return out
    for officer_id, session_id, hours in db.session.execute(
            select(Attendance.officer_id, Attendance.session_id, Attendance.hours)
            .join(ProgrammeSession, ProgrammeSession.session_id == Attendance.session_id)
            .where(ProgrammeSession.programme_id == programme.id,
                   Attendance.officer_id.in_(officer_ids))):
        out[officer_id][session_id] = hours
    return out


def _check(programme: Programme, out: list[Row]) -> None:
    if programme.by_panel:
        _panel(programme, out)
    elif programme.exam_id is not None:
        _exam(programme, out)


def _panel(programme: Programme, out: list[Row]) -> None:
    by_participant: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for juror_id, participant_id, score in db.session.execute(
            select(Score.juror_id, Score.participant_id, Score.score).join(Juror)
            .where(Juror.programme_id == programme.id)):
        by_participant[participant_id][juror_id] = score
    jurors = len(programme.jurors)
    for row in out:
        row.scores = by_participant.get(row.participant.id, {})
        row.average = rules.average(list(row.scores.values()))
        row.passed = rules.panel_result(list(row.scores.values()), jurors, programme.pass_mark)


def _exam(programme: Programme, out: list[Row]) -> None:
    """The linked exam and its make-ups: Attempt.passed as the exam's own grading set it."""
    exam_ids = select(Exam.id).where((Exam.id == programme.exam_id)
                                     | (Exam.parent_id == programme.exam_id))
    passes: dict[int, list] = defaultdict(list)
    officer_ids = [r.participant.officer_id for r in out]
    for officer_id, passed, score in db.session.execute(
            select(Attempt.officer_id, Attempt.passed, Attempt.score)
            .where(Attempt.exam_id.in_(exam_ids), Attempt.officer_id.in_(officer_ids))
            .order_by(Attempt.id)):
        passes[officer_id].append((passed, score))
    for row in out:
        mine = passes.get(row.participant.officer_id, [])
        row.passed = rules.exam_result([p for p, _s in mine])
        scored = [s for _p, s in mine if s is not None]
        row.average = max(scored) if scored else None


def officer_rows(officer_id: int) -> list[tuple[Programme, Row]]:
    """An officer's own programmes, newest first, with their row in each."""
    found = db.session.scalars(
        select(Programme).join(Participant).where(Participant.officer_id == officer_id)
        .options(selectinload(Programme.sessions))
        .order_by(Programme.year.desc(), Programme.id.desc())).all()
    return [(p, rows(p, {officer_id})[0]) for p in found]


def rotation_check_passed(officer_id: int, year: int) -> bool | None:
    """Whether the officer passed the check of the year's rotation training.

    None: in no programme of that year. True: passed the check of every programme of that
    year they are in. False otherwise, a check not yet held or scored included."""
    return rotation_checks([officer_id], year).get(officer_id)


def rotation_checks(officer_ids, year: int) -> dict[int, bool]:
    """rotation_check_passed for many officers at once, one pass per programme; officers in
    no programme of the year are left out."""
    wanted = set(officer_ids)
    found: dict[int, bool] = {}
    for programme in db.session.scalars(select(Programme).where(Programme.year == year)):
        for row in rows(programme, wanted):
            officer_id = row.participant.officer_id
            found[officer_id] = found.get(officer_id, True) and row.passed is True
    return found


def rotation_figures(unit_ids, year: int) -> dict:
    """The year's figures for the participants enrolled from `unit_ids` (participations:
    an officer in two programmes counts twice): programmes, participants, completed,
    checked (a result, pass or fail), passed."""
    unit_ids = list(unit_ids)
    figures = {"programmes": 0, "participants": 0, "completed": 0, "checked": 0, "passed": 0}
    found = db.session.scalars(
        select(Programme).where(Programme.year == year, Programme.id.in_(
            select(Participant.programme_id).where(Participant.unit_id.in_(unit_ids))))).all()
    for programme in found:
        officers = set(db.session.scalars(select(Participant.officer_id).where(
            Participant.programme_id == programme.id, Participant.unit_id.in_(unit_ids))))
        these = rows(programme, officers)
        figures["programmes"] += 1
        figures["participants"] += len(these)
        figures["completed"] += sum(r.completed for r in these)
        figures["checked"] += sum(r.passed is not None for r in these)
        figures["passed"] += sum(r.passed is True for r in these)
    return figures


def participant_count(programme_ids: list[int]) -> dict[int, int]:
    return dict(db.session.execute(
        select(Participant.programme_id, func.count()).where(
            Participant.programme_id.in_(programme_ids)).group_by(Participant.programme_id)).all())
