"""What changes courses and enrolments: create, add chapters, publish, enrol."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.core import audit
from app.core.scoping import Scope
from app.extensions import db
from app.laws.models import Law
from app.learning.models import Chapter, Course, Enrolment
from app.org.models import Unit
from app.people.models import Officer


class CourseError(ValueError):
    """A change refused; the message is for the user."""


def create_course(actor, *, title: str, category: str, hours: Decimal, unit: Unit,
                  opens_on: date, closes_on: date, units: list[Unit] = (),
                  specialty: str | None = None, law_ids: list[int] = (), description: str = "",
                  quiz_size: int = 5, pass_percent: int = 60,
                  source_session_id: int | None = None) -> Course:
    scope = Scope.of(actor)
    if not scope.covers_unit(unit) or any(not scope.covers_unit(u) for u in units):
        raise CourseError("只能为本单位及下级单位开设课程")
    if closes_on < opens_on:
        raise CourseError("结束日期不能早于开始日期")
    course = Course(title=title.strip(), category=category, hours=hours, unit=unit,
                    opens_on=opens_on, closes_on=closes_on, units=list(units),
                    specialty=(specialty or "").strip() or None, description=description,
                    quiz_size=quiz_size, pass_percent=pass_percent,
                    source_session_id=source_session_id,
                    laws=list(db.session.scalars(select(Law).where(Law.id.in_(list(law_ids))))))
    db.session.add(course)
    db.session.flush()
    audit.record(actor, "learning.course.create", "learning_course", course.id,
                 label=course.title, unit_id=unit.id, after=course.snapshot())
    return course


def add_chapter(actor, course: Course, *, title: str, kind: str, min_minutes: int,
                stored_name: str | None = None, original_name: str | None = None,
                body: str = "") -> Chapter:
    if kind in ("video", "pdf") and not stored_name:
        raise CourseError("请上传该章节的文件")
    if min_minutes <= 0:
        raise CourseError("最少学习时间须大于0分钟")
    position = max((c.position for c in course.chapters), default=0) + 1
    chapter = Chapter(course=course, position=position, title=title.strip(), kind=kind,
                      min_seconds=min_minutes * 60, stored_name=stored_name,
                      original_name=original_name, body=body)
    db.session.add(chapter)
    db.session.flush()
    audit.record(actor, "learning.chapter.add", "learning_course", course.id,
                 label=f"{course.title} · {chapter.title}", unit_id=course.unit_id,
                 after={"title": chapter.title, "kind": kind, "min_seconds": chapter.min_seconds})
    return chapter


def publish(actor, course: Course) -> None:
    if not course.chapters:
        raise CourseError("课程至少需要一个章节")
    before = course.snapshot()
    course.state = "published"
    audit.record(actor, "learning.course.publish", "learning_course", course.id,
                 label=course.title, unit_id=course.unit_id, before=before,
                 after=course.snapshot())


def audience_clause(course: Course):
    """Officers the course is for: on a post, in one of its units' subtrees, of its specialty."""
    roots = course.units or [course.unit]
    units = select(Unit.id).where(db.or_(*[Unit.path.like(f"{u.path}%") for u in roots]))
    conditions = [Officer.unit_id.in_(units), Officer.on_post.is_(True),
                  Officer.status == "active"]
    if course.specialty:
        conditions.append(Officer.specialty.contains(course.specialty))
    return db.and_(*conditions)


def in_audience(course: Course, officer_id: int) -> bool:
    return db.session.scalar(select(Officer.id).where(
        Officer.id == officer_id, audience_clause(course))) is not None


def courses_for(officer_id: int, today: date) -> list[Course]:
    """Published courses open today whose audience holds the officer."""
    courses = db.session.scalars(select(Course).where(
        Course.state == "published", Course.opens_on <= today, Course.closes_on >= today)
        .order_by(Course.closes_on, Course.id))
    return [c for c in courses if in_audience(c, officer_id)]


def enrol(officer: Officer, course: Course, today: date, now: datetime) -> Enrolment:
    """The officer's enrolment (made on first visit); refused outside the audience or window."""
    found = db.session.scalar(select(Enrolment).where(
        Enrolment.course_id == course.id, Enrolment.officer_id == officer.id))
    if found is not None:
        return found
    if not course.is_open_on(today) or not in_audience(course, officer.id):
        raise CourseError("该课程不对您开放")
    enrolment = Enrolment(course=course, officer_id=officer.id, unit_id=officer.unit_id,
                          started_at=now)
    db.session.add(enrolment)
    db.session.flush()
    return enrolment


def own_enrolment(officer_id: int, enrolment_id: int) -> Enrolment | None:
    """The enrolment if it is the officer's own, else None (the view answers 404)."""
    return db.session.scalar(select(Enrolment).options(
        joinedload(Enrolment.course), selectinload(Enrolment.progress)).where(
        Enrolment.id == enrolment_id, Enrolment.officer_id == officer_id))

