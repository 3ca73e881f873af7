"""A rotation programme (全员轮训, seed 004 (7)): the units whose enforcement officers take part,
the training sessions it comprises, its participants, and the check of its effect.

The sessions are app/training's sessions, linked to the programme: their attendance is the
one record of who was there, and their hours count toward the 60 as any session's do.
"""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import utcnow
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer

# The four ways seed 004 (7) names to check the effect: 笔试 is an exam of this system,
# the other three are a panel of jurors scoring each officer.
METHODS = {"written": "笔试", "interview": "面试答辩", "demonstration": "执法演示",
           "contest": "技能竞赛"}
PANEL_METHODS = ("interview", "demonstration", "contest")
SCORE = Numeric(6, 2)


class Programme(db.Model):
    __tablename__ = "rotation_programmes"
    __scope_unit__ = "unit_id"
    __table_args__ = (
        UniqueConstraint("unit_id", "year", "name", name="uq_rotation_programmes_name"),
        CheckConstraint("method IN ('written','interview','demonstration','contest')",
                        name="method_known"),
        CheckConstraint("pass_mark >= 0 AND max_score > 0 AND pass_mark <= max_score",
                        name="marks_in_range"),
        CheckConstraint("required_hours IS NULL OR required_hours > 0", name="hours_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)   # the organiser
    # Completion: every required session attended, and at least these hours in the
    # programme's sessions when set.
    required_hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    method: Mapped[str] = mapped_column(String(20), default="interview")
    exam_id: Mapped[int | None] = mapped_column(ForeignKey("exams.id"), index=True)
    pass_mark: Mapped[Decimal] = mapped_column(SCORE, default=Decimal(60))
    max_score: Mapped[Decimal] = mapped_column(SCORE, default=Decimal(100))
    # Officers see their check result once the organiser publishes it.
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    unit: Mapped[Unit] = relationship()
    exam = relationship("Exam")
    units: Mapped[list["ProgrammeUnit"]] = relationship(
        back_populates="programme", cascade="all, delete-orphan")
    sessions: Mapped[list["ProgrammeSession"]] = relationship(
        back_populates="programme", cascade="all, delete-orphan",
        order_by="ProgrammeSession.id")
    participants: Mapped[list["Participant"]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", order_by="Participant.id")
    jurors: Mapped[list["Juror"]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", order_by="Juror.id")

    @property
    def method_label(self) -> str:
        return METHODS[self.method]

    @property
    def by_panel(self) -> bool:
        return self.method in PANEL_METHODS

    def snapshot(self) -> dict:
        return {"name": self.name, "year": self.year,
                "unit_code": self.unit.code if self.unit else None,
                "required_hours": None if self.required_hours is None
                else float(self.required_hours),
                "method": self.method, "exam_id": self.exam_id,
                "pass_mark": str(self.pass_mark), "max_score": str(self.max_score),
                "units": sorted(u.unit.code for u in self.units)}


class ProgrammeUnit(db.Model):
    """A unit whose enforcement officers (its own and those of the units below it) take part."""

    __tablename__ = "rotation_programme_units"
    __table_args__ = (UniqueConstraint("programme_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("rotation_programmes.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))

    programme: Mapped[Programme] = relationship(back_populates="units")
    unit: Mapped[Unit] = relationship()


class ProgrammeSession(db.Model):
    """A training session that belongs to the programme; `required` ones must be attended."""

    __tablename__ = "rotation_sessions"
    __table_args__ = (UniqueConstraint("programme_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("rotation_programmes.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id"), index=True)
    required: Mapped[bool] = mapped_column(default=True)

    programme: Mapped[Programme] = relationship(back_populates="sessions")
    session = relationship("TrainingSession")


class Participant(db.Model):
    """An officer enrolled in the programme, with the unit they were in when enrolled."""

    __tablename__ = "rotation_participants"
    __scope_unit__ = "unit_id"
    __scope_officer__ = "officer_id"
    __table_args__ = (UniqueConstraint("programme_id", "officer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("rotation_programmes.id", ondelete="CASCADE"), index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)

    programme: Mapped[Programme] = relationship(back_populates="participants")
    officer: Mapped[Officer] = relationship()
    unit: Mapped[Unit] = relationship()
    scores: Mapped[list["Score"]] = relationship(
        back_populates="participant", cascade="all, delete-orphan")


class Juror(db.Model):
    """A member of the panel; one with an account scores on their own page, the others'
    scores are entered by the organiser from the panel's sheets."""

    __tablename__ = "rotation_jurors"
    __table_args__ = (UniqueConstraint("programme_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("rotation_programmes.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    programme: Mapped[Programme] = relationship(back_populates="jurors")
    user = relationship("User")
    scores: Mapped[list["Score"]] = relationship(
        back_populates="juror", cascade="all, delete-orphan")


class Score(db.Model):
    """One juror's score for one participant."""

    __tablename__ = "rotation_scores"
    __table_args__ = (
        UniqueConstraint("juror_id", "participant_id"),
        CheckConstraint("score >= 0", name="score_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    juror_id: Mapped[int] = mapped_column(
        ForeignKey("rotation_jurors.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("rotation_participants.id", ondelete="CASCADE"), index=True)
    score: Mapped[Decimal] = mapped_column(SCORE)
    entered_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    juror: Mapped[Juror] = relationship(back_populates="scores")
    participant: Mapped[Participant] = relationship(back_populates="scores")
