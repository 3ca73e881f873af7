"""Staff actions beyond creating a course: reminders, and a lecture's recording as a course."""
from datetime import date

from sqlalchemy import select

from app.auth.models import User
from app.core import audit
from app.core.scoping import Scope
from app.extensions import db
from app.learning import queries, services
from app.learning.models import Course
from app.notifications.services import notify
from app.training.models import TrainingSession

LECTURE_FORMAT = "讲法微课堂"


def remind(actor, course: Course, today: date, link: str) -> int:
    """Notify the officers of the actor's scope who have not completed the course (once a day)."""
    officer_ids = queries.laggards(course, Scope.of(actor))
    users = db.session.scalars(select(User.id).where(
        User.officer_id.in_(officer_ids), User.active.is_(True))) if officer_ids else []
    sent = notify(users, f"请在{course.closes_on:%Y年%m月%d日}前完成在线课程《{course.title}》"
                         f"（{course.hours:g}学时）。", link=link,
                  key=f"learning-remind-{course.id}-{today.isoformat()}")
    audit.record(actor, "learning.remind", "learning_course", course.id, label=course.title,
                 unit_id=course.unit_id, after={"notified": sent})
    return sent


def from_lecture(actor, session: TrainingSession, stored_name: str, original_name: str,
                 min_minutes: int, quiz_size: int, today: date) -> Course:
    """The 讲法微课堂 session's recording as a published course for the organiser's subtree,
    open to the end of the year; its attendees were credited by the session (never twice)."""
    if session.study_format != LECTURE_FORMAT or session.unit is None:
        raise services.CourseError("只有讲法微课堂可以一键转为在线课程")
    found = db.session.scalar(select(Course).where(Course.source_session_id == session.id))
    if found is not None:
        raise services.CourseError("该讲法微课堂已转为在线课程")
    course = services.create_course(
        actor, title=session.title, category=session.category, hours=session.hours,
        unit=session.unit, opens_on=today, closes_on=date(today.year, 12, 31),
        description=session.content, quiz_size=quiz_size, source_session_id=session.id)
    services.add_chapter(actor, course, title=f"{session.title}（录像）", kind="video",
                         min_minutes=min_minutes, stored_name=stored_name,
                         original_name=original_name)
    services.publish(actor, course)
    audit.record(actor, "learning.course.from_lecture", "learning_course", course.id,
                 label=course.title, unit_id=course.unit_id, after={"session_id": session.id})
    return course
