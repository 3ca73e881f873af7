"""The yearly assessment (年度考核): the legal section's scheme for a year (indicators with
weights and hard conditions, grades with their lowest scores), scores a unit gives by hand,
and the grade a unit leader confirms.

A year without a scheme row uses DEFAULT_GRADES and DEFAULT_INDICATORS (app/assessment/scheme.py).
"""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import utcnow
from app.extensions import db
from app.people.models import Officer

SCORE = Numeric(5, 1)


class AssessmentScheme(db.Model):
    """What a year's assessment looks at and how it grades (the legal section owns it)."""

    __tablename__ = "assessment_schemes"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    grades: Mapped[list["AssessmentGrade"]] = relationship(
        order_by="AssessmentGrade.position", cascade="all, delete-orphan")
    indicators: Mapped[list["AssessmentIndicator"]] = relationship(
        order_by="AssessmentIndicator.position", cascade="all, delete-orphan")

    def snapshot(self) -> dict:
        return {"year": self.year,
                "grades": [[g.name, float(g.min_score)] for g in self.grades],
                "indicators": [[i.code, i.name, float(i.weight), i.cap_grade]
                               for i in self.indicators]}


class AssessmentGrade(db.Model):
    """One grade (优秀, 合格 ...): best first; reached from `min_score` of 100 upward."""

    __tablename__ = "assessment_grades"
    __table_args__ = (
        UniqueConstraint("scheme_id", "name", name="uq_assessment_grades_name"),
        CheckConstraint("min_score >= 0 AND min_score <= 100", name="min_score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("assessment_schemes.id",
                                                      ondelete="CASCADE"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(20))
    min_score: Mapped[Decimal] = mapped_column(SCORE)


class AssessmentIndicator(db.Model):
    """One indicator: measured from the system's data (`code` is a key of
    app/assessment/indicators.INDICATORS) or scored by the unit (`code` 'manual_N').
    `cap_grade`: the best grade an officer who misses it can get (a hard condition)."""

    __tablename__ = "assessment_indicators"
    __table_args__ = (
        UniqueConstraint("scheme_id", "code", name="uq_assessment_indicators_code"),
        CheckConstraint("weight >= 0 AND weight <= 100", name="weight_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("assessment_schemes.id",
                                                      ondelete="CASCADE"), index=True)
    position: Mapped[int]
    code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(50))
    weight: Mapped[Decimal] = mapped_column(SCORE)
    cap_grade: Mapped[str | None] = mapped_column(String(20))

    @property
    def manual(self) -> bool:
        return self.code.startswith("manual_")


class AssessmentScore(db.Model):
    """A unit's hand-given score (0-100) of one officer on a manual indicator."""

    __tablename__ = "assessment_scores"
    __scope_unit__ = "unit_id"
    __table_args__ = (
        UniqueConstraint("year", "officer_id", "code", name="uq_assessment_scores_once"),
        CheckConstraint("score >= 0 AND score <= 100", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    code: Mapped[str] = mapped_column(String(30))
    score: Mapped[Decimal] = mapped_column(SCORE)
    scored_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    scored_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AssessmentDecision(db.Model):
    """The grade a unit leader confirmed for an officer's year, with the system's proposal
    at that moment and the reason when the leader chose another grade."""

    __tablename__ = "assessment_decisions"
    __scope_unit__ = "unit_id"
    __scope_officer__ = "officer_id"
    __table_args__ = (
        UniqueConstraint("year", "officer_id", name="uq_assessment_decisions_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    proposed_grade: Mapped[str | None] = mapped_column(String(20))
    grade: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    officer: Mapped[Officer] = relationship()
    confirmed_by = relationship("User")

    def snapshot(self) -> dict:
        return {"year": self.year, "proposed_grade": self.proposed_grade, "grade": self.grade,
                "reason": self.reason}
