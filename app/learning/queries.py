"""Named reads: an enrolment's progress, an officer's courses, a course's progress per unit."""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from app.core.scoping import Scope, subtree_ids
from app.extensions import db
from app.learning.models import Course, Enrolment
from app.learning.services import audience_clause, courses_for
from app.org.models import Unit
from app.people.models import Officer


@dataclass
class ChapterRow:
    chapter: object
    seconds: float
    position: float
    complete: bool

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.seconds / self.chapter.min_seconds))


@dataclass
class Progress:
    course: Course
    enrolment: Enrolment | None
    chapters: list[ChapterRow]

    @property
    def percent(self) -> int:
        need = sum(r.chapter.min_seconds for r in self.chapters) or 1
        got = sum(min(r.seconds, r.chapter.min_seconds) for r in self.chapters)
        return int(100 * got / need)

    @property
    def chapters_done(self) -> bool:
        return all(r.complete for r in self.chapters)

    @property
    def completed(self) -> bool:
        return self.enrolment is not None and self.enrolment.completed_at is not None

    def resume(self) -> ChapterRow | None:
        """The chapter to open: the last one studied unless complete, else the first not done."""
        last = self.enrolment.last_chapter_id if self.enrolment else None
        for row in self.chapters:
            if row.chapter.id == last and not row.complete:
                return row
        return next((r for r in self.chapters if not r.complete), None)


def progress(course: Course, enrolment: Enrolment | None) -> Progress:
    by_chapter = {p.chapter_id: p for p in enrolment.progress} if enrolment else {}
    rows = []
    for chapter in course.chapters:
        p = by_chapter.get(chapter.id)
        rows.append(ChapterRow(chapter, p.counted_seconds if p else 0.0,
                               p.position if p else 0.0, bool(p and p.completed_at)))
    return Progress(course, enrolment, rows)


def officer_courses(officer_id: int, today) -> list[Progress]:
    """Open courses for the officer, and every course they enrolled in, with progress."""
    enrolments = {e.course_id: e for e in db.session.scalars(
        select(Enrolment).where(Enrolment.officer_id == officer_id))}
    courses = {c.id: c for c in courses_for(officer_id, today)}
    for e in enrolments.values():
        courses.setdefault(e.course_id, e.course)
    return [progress(c, enrolments.get(c.id)) for c in courses.values()]


def adds_to_floors(items: list[Progress]) -> dict[str, Decimal]:
    """Hours the courses not yet completed would add, per category."""
    totals: dict[str, Decimal] = {}
    for item in items:
        if not item.completed:
            totals[item.course.category] = totals.get(item.course.category, Decimal(0)) \
                + item.course.hours
    return totals


@dataclass
class UnitProgress:
    unit: Unit
    audience: int
    started: int
    completed: int

    @property
    def percent(self) -> int:
        return int(100 * self.completed / self.audience) if self.audience else 0


def by_unit(course: Course, scope: Scope) -> list[UnitProgress]:
    """Per unit of the scope: officers in the audience, how many started, how many completed."""
    in_scope = Officer.unit_id.in_(subtree_ids(scope.unit_path)) if scope.unit_path else True
    rows = db.session.execute(
        select(Officer.unit_id, func.count(Officer.id), func.count(Enrolment.id),
               func.count(Enrolment.completed_at))
        .outerjoin(Enrolment, db.and_(Enrolment.officer_id == Officer.id,
                                      Enrolment.course_id == course.id))
        .where(audience_clause(course), in_scope).group_by(Officer.unit_id)).all()
    units = {u.id: u for u in db.session.scalars(
        select(Unit).where(Unit.id.in_([r[0] for r in rows])))}
    return sorted((UnitProgress(units[uid], n, s, c) for uid, n, s, c in rows),
                  key=lambda r: r.unit.code)


def laggards(course: Course, scope: Scope) -> list[int]:
    """Officers of the scope in the audience who have not completed the course."""
    in_scope = Officer.unit_id.in_(subtree_ids(scope.unit_path)) if scope.unit_path else True
    done = select(Enrolment.officer_id).where(Enrolment.course_id == course.id,
                                              Enrolment.completed_at.is_not(None))
    return list(db.session.scalars(select(Officer.id).where(
        audience_clause(course), in_scope, Officer.id.not_in(done))))


def staff_courses(scope: Scope):
    """Courses a staff member follows: those organised in their subtree, and those organised
    above them (a city's course reaches its counties, whose HR follows its own units)."""
    if scope.everything:
        return select(Course)
    if not scope.unit_path:
        return select(Course).where(db.false())
    above = [int(part) for part in scope.unit_path.strip("/").split("/") if part]
    return select(Course).where(db.or_(Course.unit_id.in_(subtree_ids(scope.unit_path)),
                                       Course.unit_id.in_(above)))


def staff_course(course_id: int, scope: Scope) -> Course | None:
    return db.session.scalar(staff_courses(scope).where(Course.id == course_id))
