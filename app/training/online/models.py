"""An officer's completed course on an external learning platform.

Its hours live where every other hour lives: a training session of its own
(no organising unit, 线上, the completion date as start and end) with the
officer's attendance, so that the compliance aggregate, the officer's year and
the archive PDF count it like any session, in the year of 完成日期. This row
holds what a session lacks (the platform, the certificate number) and the key:
one officer, one course, one platform, counted once.
"""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import utcnow
from app.extensions import db
from app.people.models import Officer
from app.training.models import TrainingSession


class OnlineCourse(db.Model):
    __tablename__ = "training_online_courses"
    __scope_officer__ = "officer_id"
    __table_args__ = (
        UniqueConstraint("officer_id", "course", "platform", name="uq_training_online_courses_once_per_course"),
        CheckConstraint("course <> ''", name="course_not_empty"),
        CheckConstraint("platform <> ''", name="platform_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    course: Mapped[str] = mapped_column(String(150))
    platform: Mapped[str] = mapped_column(String(40))
    certificate_no: Mapped[str | None] = mapped_column(String(100))
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    officer: Mapped[Officer] = relationship()
    session: Mapped[TrainingSession] = relationship()

    def snapshot(self) -> dict:
        s = self.session
        return {"course": self.course, "platform": self.platform,
                "certificate_no": self.certificate_no, "category": s.category,
                "hours": float(s.hours), "completed_on": s.end_date.isoformat()}
