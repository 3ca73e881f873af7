"""Named reads of the pool and the draws, always through the actor's scope."""
from dataclasses import dataclass

from flask import abort
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.core.scoping import Scope, clause, scoped, subtree_ids
from app.exams.models import Attempt, Exam
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer
from app.specialties.models import Specialty
from app.talentpool.models import (
    LEVELS,
    STATES,
    Draw,
    DrawMember,
    DrawRound,
    InspectionTask,
    TalentMember,
)


@dataclass
class PoolFilter:
    q: str = ""
    specialty_id: int | None = None
    state: str = ""
    level: str = ""
    unit_id: int | None = None
    by_number: bool = False    # q may match a whole ID number (app/auth/id_access.py)

    @classmethod
    def from_args(cls, args, by_number: bool = False) -> "PoolFilter":
        return cls(by_number=by_number, q=args.get("q", "").strip()[:50], specialty_id=args.get("specialty", type=int),
                   state=args.get("state", "") if args.get("state") in STATES else "",
                   level=args.get("level", "") if args.get("level") in LEVELS else "",
                   unit_id=args.get("unit", type=int))


def members(scope: Scope, f: PoolFilter | None = None) -> Select:
    """Pool members whose officer the scope covers, filtered."""
    stmt = scoped(Officer, scope, select(TalentMember).join(TalentMember.officer)).options(
        joinedload(TalentMember.officer).joinedload(Officer.unit),
        joinedload(TalentMember.specialty))
    f = f or PoolFilter()
    if f.q:
        by_number = [Officer.id_number_matches(f.q)] if f.by_number else []
        stmt = stmt.where(or_(Officer.name.contains(f.q), *by_number))
    if f.specialty_id:
        stmt = stmt.where(TalentMember.specialty_id == f.specialty_id)
    if f.state:
        stmt = stmt.where(TalentMember.state == f.state)
    if f.level:
        stmt = stmt.where(TalentMember.level == f.level)
    if f.unit_id:
        unit = db.session.get(Unit, f.unit_id)
        if unit is not None:
            stmt = stmt.where(Officer.unit_id.in_(subtree_ids(unit.path)))
    return stmt.order_by(TalentMember.state.desc(), Officer.unit_id, Officer.name,
                         TalentMember.id)


def get_member(member_id: int, scope: Scope) -> TalentMember:
    member = db.session.scalar(members(scope).where(TalentMember.id == member_id))
    if member is None:
        abort(404)
    return member


def memberships_of(officer: Officer) -> list[TalentMember]:
    return list(db.session.scalars(
        select(TalentMember).where(TalentMember.officer_id == officer.id)
        .options(joinedload(TalentMember.specialty)).order_by(TalentMember.specialty_id)))


def inspections_of(officer: Officer) -> list[DrawMember]:
    """Every time the officer was drawn, newest first."""
    return list(db.session.scalars(
        select(DrawMember).where(DrawMember.officer_id == officer.id)
        .options(joinedload(DrawMember.draw).joinedload(Draw.task),
                 joinedload(DrawMember.draw).joinedload(Draw.specialty))
        .order_by(DrawMember.drawn_on.desc(), DrawMember.id.desc())))


def exam_results_of(officer: Officer, scope: Scope, specialty_ids) -> list:
    """The officer's exam results in these specialties that `scope` may see, newest first.

    A result shows once it is one: the exam's results are published (Exam.results_published_at)
    and the submitted attempt is fully graded (passed is set). Rows: (exam id, exam name,
    kind, year, quarter, specialty name, score, pass mark, passed, submitted at).
    """
    ids = list(specialty_ids)
    if not ids:
        return []
    stmt = (select(Exam.id, Exam.name, Exam.kind, Exam.year, Exam.quarter,
                   Specialty.name.label("specialty"), Attempt.score, Exam.pass_mark,
                   Attempt.passed, Attempt.submitted_at)
            .join(Exam, Exam.id == Attempt.exam_id)
            .join(Specialty, Specialty.id == Exam.specialty_id)
            .where(Attempt.officer_id == officer.id, Attempt.state == "submitted",
                   Attempt.passed.is_not(None), Exam.status == "scheduled",
                   Exam.results_published_at.is_not(None), Exam.specialty_id.in_(ids),
                   clause(Attempt, scope))
            .order_by(Exam.year.desc(), Exam.closes_at.desc(), Exam.id.desc()))
    return db.session.execute(stmt).all()


def certificate_of(officer: Officer):
    """The officer's current 行政执法证, else the latest; None without one."""
    from app.certificates.queries import current_for
    return current_for(officer)


@dataclass
class DrawFilter:
    q: str = ""
    specialty_id: int | None = None

    @classmethod
    def from_args(cls, args) -> "DrawFilter":
        return cls(q=args.get("q", "").strip()[:50], specialty_id=args.get("specialty", type=int))


def draws(scope: Scope, f: DrawFilter | None = None) -> Select:
    """Draws of tasks organised within the scope, newest first."""
    stmt = scoped(InspectionTask, scope, select(Draw).join(Draw.task)).options(
        joinedload(Draw.task).joinedload(InspectionTask.inspected_unit),
        joinedload(Draw.specialty),
        selectinload(Draw.members).joinedload(DrawMember.officer),
        selectinload(Draw.rounds).defer(DrawRound.candidates))  # lists skip the big JSON
    f = f or DrawFilter()
    if f.q:
        inspected = select(Unit.id).where(Unit.name.contains(f.q))
        stmt = stmt.where(or_(InspectionTask.purpose.contains(f.q),
                              InspectionTask.inspected_unit_id.in_(inspected)))
    if f.specialty_id:
        stmt = stmt.where(Draw.specialty_id == f.specialty_id)
    return stmt.order_by(Draw.id.desc())


def get_draw(draw_id: int, scope: Scope) -> Draw:
    record = db.session.scalar(draws(scope).where(Draw.id == draw_id))
    if record is None:
        abort(404)
    return record


def get_task(task_id: int, scope: Scope) -> InspectionTask:
    task = db.session.scalar(scoped(InspectionTask, scope).where(InspectionTask.id == task_id))
    if task is None:
        abort(404)
    return task


def get_draw_member(member_id: int, scope: Scope) -> DrawMember:
    member = db.session.get(DrawMember, member_id)
    if member is None:
        abort(404)
    get_draw(member.draw_id, scope)
    return member


def in_scope(scope: Scope) -> Select:
    """Draw-member rows of draws the scope may see (not withdrawn)."""
    return (select(DrawMember).join(Draw, Draw.id == DrawMember.draw_id)
            .join(InspectionTask, InspectionTask.id == Draw.task_id)
            .where(clause(InspectionTask, scope), DrawMember.withdrawn_at.is_(None)))


def load_by_unit(scope: Scope) -> list[tuple[str, int]]:
    """(unit name, times its officers were drawn), most drawn first."""
    sub = in_scope(scope).subquery()
    return db.session.execute(
        select(Unit.name, func.count()).join(sub, sub.c.unit_id == Unit.id)
        .group_by(Unit.id, Unit.name).order_by(func.count().desc(), Unit.name)).all()


def load_by_specialty(scope: Scope) -> list[tuple[str, int]]:
    sub = in_scope(scope).subquery()
    return db.session.execute(
        select(Specialty.name, func.count()).join(Draw, Draw.specialty_id == Specialty.id)
        .join(sub, sub.c.draw_id == Draw.id)
        .group_by(Specialty.id, Specialty.name).order_by(Specialty.sort_order)).all()


def times_drawn_spread(scope: Scope) -> list[tuple[int, int]]:
    """(times drawn, how many approved members in scope were drawn that often), 0 included."""
    sub = in_scope(scope).subquery()
    counts = (select(TalentMember.officer_id, func.count(func.distinct(sub.c.id)).label("n"))
              .join(Officer, Officer.id == TalentMember.officer_id)
              .outerjoin(sub, sub.c.officer_id == TalentMember.officer_id)
              .where(TalentMember.state == "approved", clause(Officer, scope))
              .group_by(TalentMember.officer_id).subquery())
    return db.session.execute(select(counts.c.n, func.count()).group_by(counts.c.n)
                              .order_by(counts.c.n)).all()


def most_drawn(scope: Scope, limit: int = 20) -> list[tuple[Officer, int]]:
    sub = in_scope(scope).subquery()
    rows = db.session.execute(
        select(Officer, func.count()).join(sub, sub.c.officer_id == Officer.id)
        .options(selectinload(Officer.unit))
        .group_by(Officer.id).order_by(func.count().desc(), Officer.id).limit(limit)).all()
    return [(officer, n) for officer, n in rows]
