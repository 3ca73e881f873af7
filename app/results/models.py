"""What results add to the exams: grading claims, logged key fixes, the wrong-answer book.

Scores themselves stay on the exams' Attempt and Answer rows; this package only
reads and updates them.
"""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import utcnow
from app.extensions import db

SOURCES = {"practice": "练习", "exam": "考试"}


class GradeClaim(db.Model):
    """An answer a grader took from the queue: the other graders skip it until it expires."""

    __tablename__ = "result_grade_claims"

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("exam_answers.id", ondelete="CASCADE"), primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"), index=True)
    grader_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)


class KeyFix(db.Model):
    """A corrected answer key and the regrade it caused: the log the legal section keeps."""

    __tablename__ = "result_key_fixes"
    __scope_unit__ = "unit_id"

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    old_version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"))
    new_version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"))
    old_key: Mapped[str] = mapped_column(Text)
    new_key: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(200))
    attempts_regraded: Mapped[int] = mapped_column(default=0, server_default="0")
    results_changed: Mapped[int] = mapped_column(default=0, server_default="0")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    exam = relationship("Exam")


class WrongBookEntry(db.Model):
    """A question an officer got wrong (错题本), until they answer it right on a retry.

    Only its officer ever sees it (no unit scope on purpose: practice leaves no
    record for anyone else). Entries from an exam become visible when the exam's
    review opens (`visible_from`).
    """

    __tablename__ = "result_wrong_book"
    __table_args__ = (
        UniqueConstraint("officer_id", "question_id"),
        CheckConstraint("source IN ('practice','exam')", name="source_known"),
        CheckConstraint("wrong_count > 0", name="wrong_count_positive"),
        Index("ix_result_wrong_book_officer_open", "officer_id", "cleared_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"),
                                             index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"))
    source: Mapped[str] = mapped_column(String(10))
    exam_id: Mapped[int | None] = mapped_column(ForeignKey("exams.id", ondelete="SET NULL"))
    last_response: Mapped[str] = mapped_column(Text, default="", server_default="")
    wrong_count: Mapped[int] = mapped_column(default=1, server_default="1")
    last_wrong_at: Mapped[datetime] = mapped_column(default=utcnow)
    visible_from: Mapped[datetime] = mapped_column(default=utcnow)
    cleared_at: Mapped[datetime | None]

    version = relationship("QuestionVersion")
    exam = relationship("Exam")

    @property
    def source_label(self) -> str:
        return SOURCES[self.source]
