"""Courses, their chapters, who studies them and how far, the study log and the quiz.

Study time lives in `ChapterProgress.counted_seconds`, and only the heartbeat service
(`heartbeat.py`) adds to it; every heartbeat leaves a `StudyBeat` row (the study log that the
archive shows as evidence). `LiveStudy` is one row per officer: the one tab and chapter whose
time counts now, so a second tab or a second course never doubles the time.
"""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import utcnow
from app.extensions import db
from app.laws.models import Law
from app.org.models import Unit
from app.people.models import Officer
from app.training.models import CATEGORIES, HALF_HOURS, HOURS, TrainingSession

CHAPTER_KINDS = {"video": "视频", "pdf": "PDF/课件", "text": "图文"}
COURSE_STATES = {"draft": "草稿", "published": "已发布", "closed": "已关闭"}

course_units = Table(
    "learning_course_units", db.metadata,
    Column("course_id", ForeignKey("learning_courses.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("units.id"), primary_key=True, index=True),
)
course_laws = Table(
    "learning_course_laws", db.metadata,
    Column("course_id", ForeignKey("learning_courses.id", ondelete="CASCADE"), primary_key=True),
    Column("law_id", ForeignKey("laws.id"), primary_key=True),
)


class Course(db.Model):
    """A course: its hours count in `category` once every chapter is studied and the quiz passed.

    Audience: officers on an enforcement post in the subtree of any of `units` (every such
    officer of the owner's subtree when none is given), narrowed to `specialty` when set."""

    __tablename__ = "learning_courses"
    __scope_unit__ = "unit_id"
    __table_args__ = (
        CheckConstraint("hours > 0", name="hours_positive"),
        CheckConstraint(HALF_HOURS, name="hours_half_hours"),
        CheckConstraint("category IN ('public_law','business','political')",
                        name="category_known"),
        CheckConstraint("state IN ('draft','published','closed')", name="state_known"),
        CheckConstraint("closes_on >= opens_on", name="window_ordered"),
        CheckConstraint("quiz_size >= 0 AND pass_percent BETWEEN 1 AND 100", name="quiz_sane"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(20))
    hours: Mapped[Decimal] = mapped_column(HOURS)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)   # the owner
    specialty: Mapped[str | None] = mapped_column(String(100))
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    state: Mapped[str] = mapped_column(String(10), default="draft", server_default="draft")
    quiz_size: Mapped[int] = mapped_column(default=5, server_default="5")
    pass_percent: Mapped[int] = mapped_column(default=60, server_default="60")
    # A 讲法微课堂 session whose recording this course is: its attendees were credited there.
    source_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit] = relationship()
    units: Mapped[list[Unit]] = relationship(secondary=course_units, order_by=Unit.code)
    laws: Mapped[list[Law]] = relationship(secondary=course_laws, order_by=Law.name)
    chapters: Mapped[list["Chapter"]] = relationship(
        back_populates="course", order_by="Chapter.position", cascade="all, delete-orphan")
    source_session: Mapped[TrainingSession | None] = relationship()

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category]

    @property
    def state_label(self) -> str:
        return COURSE_STATES[self.state]

    def is_open_on(self, day: date) -> bool:
        return self.state == "published" and self.opens_on <= day <= self.closes_on

    def snapshot(self) -> dict:
        return {"title": self.title, "category": self.category, "hours": float(self.hours),
                "opens_on": self.opens_on.isoformat(), "closes_on": self.closes_on.isoformat(),
                "state": self.state, "specialty": self.specialty,
                "units": [u.code for u in self.units], "laws": [law.name for law in self.laws],
                "chapters": [c.title for c in self.chapters]}


class Chapter(db.Model):
    """A video, a PDF or a text; complete for an officer once `min_seconds` were counted."""

    __tablename__ = "learning_chapters"
    __table_args__ = (
        UniqueConstraint("course_id", "position", name="uq_learning_chapters_position"),
        CheckConstraint("kind IN ('video','pdf','text')", name="kind_known"),
        CheckConstraint("min_seconds > 0", name="min_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("learning_courses.id", ondelete="CASCADE"),
                                           index=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))
    body: Mapped[str] = mapped_column(Text, default="", server_default="")
    stored_name: Mapped[str | None] = mapped_column(String(64))
    original_name: Mapped[str | None] = mapped_column(String(200))
    min_seconds: Mapped[int]

    course: Mapped[Course] = relationship(back_populates="chapters")

    @property
    def kind_label(self) -> str:
        return CHAPTER_KINDS[self.kind]

    @property
    def min_minutes(self) -> int:
        return -(-self.min_seconds // 60)


class Enrolment(db.Model):
    """An officer studying a course; `credited_session_id` is the hours it brought (once)."""

    __tablename__ = "learning_enrolments"
    __scope_officer__ = "officer_id"
    __scope_unit__ = "unit_id"
    __table_args__ = (
        UniqueConstraint("course_id", "officer_id", name="uq_learning_enrolments_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("learning_courses.id", ondelete="CASCADE"),
                                           index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)  # at enrolment
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_chapter_id: Mapped[int | None] = mapped_column(
        ForeignKey("learning_chapters.id", ondelete="SET NULL"))
    quiz_passed_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    credited_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="SET NULL"), unique=True)
    # Counted seconds after which the page must answer "仍在学习吗" before more time counts.
    check_at_seconds: Mapped[int] = mapped_column(default=900, server_default="900")
    check_pending: Mapped[bool] = mapped_column(default=False, server_default="0")

    course: Mapped[Course] = relationship()
    officer: Mapped[Officer] = relationship()
    progress: Mapped[list["ChapterProgress"]] = relationship(
        back_populates="enrolment", cascade="all, delete-orphan")


class ChapterProgress(db.Model):
    __tablename__ = "learning_progress"
    __table_args__ = (
        UniqueConstraint("enrolment_id", "chapter_id", name="uq_learning_progress_once"),
        CheckConstraint("counted_seconds >= 0", name="counted_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("learning_enrolments.id", ondelete="CASCADE"), index=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("learning_chapters.id", ondelete="CASCADE"))
    counted_seconds: Mapped[float] = mapped_column(default=0.0, server_default="0")
    position: Mapped[float] = mapped_column(default=0.0, server_default="0")   # resume here
    completed_at: Mapped[datetime | None]

    enrolment: Mapped[Enrolment] = relationship(back_populates="progress")
    chapter: Mapped[Chapter] = relationship()


class LiveStudy(db.Model):
    """The officer's one counting place: which tab, which chapter, and the last beat."""

    __tablename__ = "learning_live"

    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), primary_key=True)
    tab: Mapped[str] = mapped_column(String(40))
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("learning_enrolments.id", ondelete="CASCADE"))
    chapter_id: Mapped[int] = mapped_column(ForeignKey("learning_chapters.id", ondelete="CASCADE"))
    last_at: Mapped[datetime]
    last_position: Mapped[float] = mapped_column(default=0.0)
    active: Mapped[bool] = mapped_column(default=False)   # the last beat was visible and playing


class StudyBeat(db.Model):
    """One heartbeat as the server judged it: the study log (学习记录)."""

    __tablename__ = "learning_beats"
    __table_args__ = (Index("ix_learning_beats_enrolment_at", "enrolment_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("learning_enrolments.id", ondelete="CASCADE"))
    chapter_id: Mapped[int] = mapped_column(ForeignKey("learning_chapters.id", ondelete="CASCADE"))
    at: Mapped[datetime]
    credited: Mapped[float]
    verdict: Mapped[str] = mapped_column(String(12))
    rate: Mapped[float] = mapped_column(default=1.0)


class QuizAttempt(db.Model):
    """The end-of-course quiz: the versions drawn, the answers given, the score."""

    __tablename__ = "learning_quiz_attempts"
    __table_args__ = (Index("ix_learning_quiz_attempts_enrolment", "enrolment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("learning_enrolments.id", ondelete="CASCADE"))
    version_ids: Mapped[list] = mapped_column(JSON, default=list)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    score: Mapped[int | None]
    passed: Mapped[bool | None]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]

    enrolment: Mapped[Enrolment] = relationship()
