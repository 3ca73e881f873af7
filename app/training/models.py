"""Training sessions, who attended them, their evidence, the yearly floors and the plan."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import utcnow
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer

# Stored codes and the Chinese labels that import files and the UI use.
CATEGORIES = {
    "public_law": "公共法律知识",
    "business": "业务知识和行政执法技能",
    "political": "政治理论",
}
CATEGORY_BY_LABEL = {label: code for code, label in CATEGORIES.items()}
MODES = {"offline": "线下", "online": "线上"}
MODE_BY_LABEL = {label: code for code, label in MODES.items()}
# The study formats named in the source documents; every one is a session with a category.
FORMATS = ("专题培训", "会前学法", "中心组学法", "支部学法", "讲法微课堂", "学法普法清单",
           "全员轮训", "外部培训", "其他")
# The study format of a course taken on an external learning platform (app/training/online).
ONLINE_FORMAT = "网络学习平台"
SUBMISSION_STATES = {"pending": "待审核", "approved": "已通过", "rejected": "已退回"}
DEFAULT_FLOORS = (Decimal(30), Decimal(30), Decimal(60))
HOURS = Numeric(5, 1)
# 学时 are whole half hours; CAST truncates on SQLite and rounds on PostgreSQL, and either
# way differs from a value with a fraction other than .5 (0.8 * 2 = 1.6 -> 1 or 2).
HALF_HOURS = "hours * 2 = CAST(hours * 2 AS INTEGER)"


class TrainingPolicy(db.Model):
    """The floors of one year; a year without a row uses DEFAULT_FLOORS."""

    __tablename__ = "training_policies"
    __table_args__ = (
        CheckConstraint("public_law_hours >= 0 AND business_hours >= 0", name="floors_positive"),
        CheckConstraint("total_hours >= public_law_hours + business_hours", name="total_covers"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    public_law_hours: Mapped[Decimal] = mapped_column(HOURS)
    business_hours: Mapped[Decimal] = mapped_column(HOURS)
    total_hours: Mapped[Decimal] = mapped_column(HOURS)
    # Political theory's floor, outside the 60 (0: not required); set by the legal section.
    political_hours: Mapped[Decimal] = mapped_column(HOURS, default=Decimal(0),
                                                     server_default="0")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def snapshot(self) -> dict:
        return {"year": self.year, "public_law_hours": float(self.public_law_hours),
                "business_hours": float(self.business_hours),
                "total_hours": float(self.total_hours),
                "political_hours": float(self.political_hours or 0)}


class PlanItem(db.Model):
    """One planned course of a unit's yearly training plan (年度培训工作计划)."""

    __tablename__ = "training_plan_items"
    __scope_unit__ = "unit_id"
    __table_args__ = (
        CheckConstraint("month BETWEEN 1 AND 12", name="month_valid"),
        CheckConstraint("planned_hours > 0", name="hours_positive"),
        CheckConstraint("category IN ('public_law','business','political')",
                        name="category_known"),
        Index("ix_training_plan_items_unit_year", "unit_id", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    year: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(20))
    planned_hours: Mapped[Decimal] = mapped_column(HOURS)
    audience: Mapped[str] = mapped_column(String(200), default="")
    month: Mapped[int]

    unit: Mapped[Unit] = relationship()
    sessions: Mapped[list["TrainingSession"]] = relationship(back_populates="plan_item")

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category]

    @property
    def delivered_hours(self) -> Decimal:
        return sum((s.hours for s in self.sessions), Decimal(0))

    def snapshot(self) -> dict:
        return {"year": self.year, "title": self.title, "category": self.category,
                "planned_hours": float(self.planned_hours), "audience": self.audience,
                "month": self.month}


class TrainingSession(db.Model):
    """One course (培训): what, when, by whom, how long; its hours count in its end date's year."""

    __tablename__ = "training_sessions"
    __scope_unit__ = "unit_id"
    __table_args__ = (
        UniqueConstraint("title", "start_date", "unit_id", name="uq_training_sessions_session_key"),
        CheckConstraint("end_date >= start_date", name="dates_ordered"),
        CheckConstraint("hours > 0", name="hours_positive"),
        CheckConstraint(HALF_HOURS, name="hours_half_hours"),
        CheckConstraint("category IN ('public_law','business','political')",
                        name="category_known"),
        CheckConstraint("mode IN ('offline','online')", name="mode_known"),
        Index("ix_training_sessions_unit_year", "unit_id", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(20))
    study_format: Mapped[str] = mapped_column(String(20), default="专题培训")
    # The organiser; a session imported without one belongs to no unit (admin only).
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    start_date: Mapped[date]
    end_date: Mapped[date]
    year: Mapped[int]                                    # end_date's year, for the aggregate
    hours: Mapped[Decimal] = mapped_column(HOURS)        # the course's full length
    mode: Mapped[str] = mapped_column(String(10), default="offline")
    content: Mapped[str] = mapped_column(Text, default="")
    plan_item_id: Mapped[int | None] = mapped_column(ForeignKey("training_plan_items.id"),
                                                     index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit | None] = relationship()
    plan_item: Mapped[PlanItem | None] = relationship(back_populates="sessions")
    attendances: Mapped[list["Attendance"]] = relationship(
        back_populates="session", cascade="all, delete-orphan")
    evidence: Mapped[list["Evidence"]] = relationship(
        back_populates="session", order_by="Evidence.id")

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category]

    @property
    def mode_label(self) -> str:
        return MODES[self.mode]

    @property
    def is_platform_course(self) -> bool:
        """One officer's course on a learning platform: no organiser, no session page."""
        return self.study_format == ONLINE_FORMAT

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    def snapshot(self) -> dict:
        return {"title": self.title, "category": self.category,
                "study_format": self.study_format,
                "unit_code": self.unit.code if self.unit else None,
                "start_date": self.start_date.isoformat(), "end_date": self.end_date.isoformat(),
                "hours": float(self.hours), "mode": self.mode, "content": self.content}


class Attendance(db.Model):
    """An officer's hours in one session. `year` and `category` copy the session's, so that
    the compliance aggregate reads one indexed table."""

    __tablename__ = "training_attendances"
    __scope_officer__ = "officer_id"
    __table_args__ = (
        UniqueConstraint("session_id", "officer_id", name="uq_training_attendances_once_per_session"),
        CheckConstraint("hours > 0", name="hours_positive"),
        CheckConstraint(HALF_HOURS, name="hours_half_hours"),
        Index("ix_training_attendances_year_officer", "year", "officer_id", "category", "hours"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id"))
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    hours: Mapped[Decimal] = mapped_column(HOURS)
    year: Mapped[int]
    category: Mapped[str] = mapped_column(String(20))

    session: Mapped[TrainingSession] = relationship(back_populates="attendances")
    officer: Mapped[Officer] = relationship()


class ExternalTraining(db.Model):
    """A training an officer took elsewhere and submits with evidence for HR to approve."""

    __tablename__ = "training_submissions"
    __scope_unit__ = "unit_id"
    __scope_officer__ = "officer_id"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates_ordered"),
        CheckConstraint("hours > 0", name="hours_positive"),
        CheckConstraint(HALF_HOURS, name="hours_half_hours"),
        CheckConstraint("state IN ('pending','approved','rejected')", name="state_known"),
        CheckConstraint("category IN ('public_law','business','political')",
                        name="category_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    organiser: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date]
    end_date: Mapped[date]
    hours: Mapped[Decimal] = mapped_column(HOURS)
    content: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    reason: Mapped[str] = mapped_column(String(500), default="")
    session_id: Mapped[int | None] = mapped_column(ForeignKey("training_sessions.id"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    officer: Mapped[Officer] = relationship()
    evidence: Mapped[list["Evidence"]] = relationship(
        back_populates="submission", order_by="Evidence.id")

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category]

    @property
    def state_label(self) -> str:
        return SUBMISSION_STATES[self.state]


class Evidence(db.Model):
    """A file (佐证) behind a session or a submission, stored under a generated name."""

    __tablename__ = "training_evidence"
    __table_args__ = (
        CheckConstraint("(session_id IS NULL) <> (submission_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("training_sessions.id"),
                                                   index=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("training_submissions.id"),
                                                      index=True)
    original_name: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    file_type: Mapped[str] = mapped_column(String(10))
    size: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    session: Mapped[TrainingSession | None] = relationship(back_populates="evidence")
    submission: Mapped[ExternalTraining | None] = relationship(back_populates="evidence")
