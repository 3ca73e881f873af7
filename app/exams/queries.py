"""Named reads of exams, always through the actor's scope."""
from flask import abort
from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.core.scoping import Scope, clause, scoped, subtree_ids
from app.exams.models import Answer, Attempt, AttemptEvent, Exam, ExamCandidate, PaperItem
from app.extensions import db
from app.people.models import Officer


def exams(scope: Scope, year: int | None = None) -> Select:
    """Exams organised within the scope, or with candidates within it."""
    stmt = select(Exam).options(joinedload(Exam.specialty), joinedload(Exam.unit))
    if not scope.everything:
        stmt = stmt.where(or_(clause(Exam, scope), exists().where(
            ExamCandidate.exam_id == Exam.id, clause(ExamCandidate, scope))))
    if year:
        stmt = stmt.where(Exam.year == year)
    return stmt.order_by(Exam.opens_at.desc(), Exam.id.desc())


SORTS = {"name": Exam.name, "opens_at": Exam.opens_at, "specialty": Exam.specialty_id}


def listing(scope: Scope, year: int | None = None, q: str = "", sort: str = "",
            desc: bool = False) -> Select:
    """The exam list: `exams()` searched by name and sorted by a known column."""
    stmt = exams(scope, year)
    if q:
        stmt = stmt.where(Exam.name.contains(q))
    if sort in SORTS:
        column = SORTS[sort]
        stmt = stmt.order_by(None).order_by(column.desc() if desc else column, Exam.id.desc())
    return stmt


def get_exam(exam_id: int, scope: Scope) -> Exam:
    exam = db.session.scalar(exams(scope).where(Exam.id == exam_id))
    if exam is None:
        abort(404)
    return exam


def manageable(exam: Exam, scope: Scope) -> bool:
    """Only those whose scope covers the organising unit change an exam."""
    return scope.covers_unit(exam.unit)


def candidates(exam: Exam, scope: Scope) -> list[ExamCandidate]:
    """The seats of `exam` the scope may see, with attempts and officers loaded."""
    stmt = scoped(ExamCandidate, scope, select(ExamCandidate)).where(
        ExamCandidate.exam_id == exam.id).options(
        joinedload(ExamCandidate.officer).joinedload(Officer.unit),
        selectinload(ExamCandidate.attempt)).join(ExamCandidate.officer).order_by(
        Officer.unit_id, Officer.name, ExamCandidate.id)
    return list(db.session.scalars(stmt))


def counts(exam: Exam) -> dict:
    """Candidates, started, submitted, passed: the exam page's figures."""
    seats = db.session.scalar(select(func.count()).select_from(ExamCandidate).where(
        ExamCandidate.exam_id == exam.id))
    rows = dict(db.session.execute(select(Attempt.state, func.count()).where(
        Attempt.exam_id == exam.id).group_by(Attempt.state)).all())
    passed = db.session.scalar(select(func.count()).select_from(Attempt).where(
        Attempt.exam_id == exam.id, Attempt.passed.is_(True)))
    papers = db.session.scalar(select(func.count(func.distinct(PaperItem.candidate_id))).where(
        PaperItem.exam_id == exam.id))
    return {"candidates": seats, "in_progress": rows.get("in_progress", 0),
            "submitted": rows.get("submitted", 0), "passed": passed, "papers": papers}


def events_of(attempt: Attempt) -> list[AttemptEvent]:
    return list(db.session.scalars(select(AttemptEvent).where(
        AttemptEvent.attempt_id == attempt.id).order_by(AttemptEvent.id)))


def answered(attempt: Attempt) -> int:
    return db.session.scalar(select(func.count()).select_from(Answer).where(
        Answer.attempt_id == attempt.id, Answer.response != ""))


def seats_of(officer_id: int) -> list[ExamCandidate]:
    """An officer's exams, newest first (cancelled and draft exams left out)."""
    stmt = (select(ExamCandidate).join(ExamCandidate.exam)
            .where(ExamCandidate.officer_id == officer_id, Exam.status == "scheduled")
            .options(joinedload(ExamCandidate.exam).joinedload(Exam.specialty),
                     selectinload(ExamCandidate.attempt))
            .order_by(Exam.opens_at.desc()))
    return list(db.session.scalars(stmt))


def officers_in(unit_path: str, scope: Scope, only_enforcing: bool = True) -> list[Officer]:
    stmt = scoped(Officer, scope).where(Officer.unit_id.in_(subtree_ids(unit_path)))
    if only_enforcing:
        stmt = stmt.where(Officer.on_post.is_(True), Officer.status == "active")
    return list(db.session.scalars(stmt.order_by(Officer.id)))


def open_or_upcoming(scope: Scope, now) -> list[Exam]:
    """Exams an accommodation can still apply to: scheduled and not closed, organised in scope."""
    stmt = scoped(Exam, scope).where(Exam.status == "scheduled", Exam.closes_at > now) \
        .options(joinedload(Exam.specialty)).order_by(Exam.opens_at)
    return list(db.session.scalars(stmt))


def failed_twice_in_a_row(officer_ids) -> set[int]:
    """Officers whose last two graded, published exams were both failed (certificate review)."""
    ids = list(officer_ids)
    if not ids:
        return set()
    rows = db.session.execute(
        select(Attempt.officer_id, Attempt.passed).join(Exam, Exam.id == Attempt.exam_id)
        .where(Attempt.officer_id.in_(ids), Attempt.passed.is_not(None),
               Exam.results_published_at.is_not(None))
        .order_by(Attempt.officer_id, Exam.closes_at.desc(), Attempt.id.desc())).all()
    last: dict[int, list[bool]] = {}
    for officer_id, passed in rows:
        last.setdefault(officer_id, [])
        if len(last[officer_id]) < 2:
            last[officer_id].append(passed)
    return {o for o, results in last.items() if results == [False, False]}


def own_attempt(attempt_id: int, officer_id: int | None) -> Attempt:
    """The officer's own attempt; anyone else's is 404 (no existence leak)."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or officer_id is None or attempt.officer_id != officer_id:
        abort(404)
    return attempt


def answering_count(exam: Exam) -> int:
    """Attempts still in progress (what ending the exam early would submit)."""
    return db.session.scalar(select(func.count()).select_from(Attempt).where(
        Attempt.exam_id == exam.id, Attempt.state == "in_progress")) or 0
