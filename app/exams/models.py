"""Exams, their blueprints, candidates with their papers, attempts and answers.

Times are stored as naive UTC (like every timestamp here) and shown in
Asia/Shanghai. An exam's content (settings and blueprint) is frozen once it
opens; each candidate has a paper of question *versions*, so that an exam keeps
the exact wording it used after the bank is edited. One attempt per candidate:
a second chance is a make-up exam (补考) of its own.
"""
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
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
from app.specialties.models import Specialty

STATUSES = {"draft": "草稿", "scheduled": "已发布", "cancelled": "已取消"}
PHASES = {"draft": "草稿", "upcoming": "未开始", "open": "进行中", "closed": "已结束",
          "cancelled": "已取消"}
MODES = {"fixed": "统一试卷", "drawn": "每人随机组卷"}
MULTIPLE_SCORING = {"all": "全对才得分", "partial": "少选按比例得分，错选不得分"}
KINDS = {"regular": "正式考试", "makeup": "补考"}
ATTEMPT_STATES = {"in_progress": "答题中", "submitted": "已交卷"}
SUBMITTED_BY = {"candidate": "本人交卷", "deadline": "到时自动交卷"}
EVENT_KINDS = {"hidden": "切换离开页面", "blur": "窗口失去焦点"}


class Exam(db.Model):
    __tablename__ = "exams"
    __scope_unit__ = "unit_id"
    __table_args__ = (
        CheckConstraint("status IN ('draft','scheduled','cancelled')", name="status_known"),
        CheckConstraint("mode IN ('fixed','drawn')", name="mode_known"),
        CheckConstraint("multiple_scoring IN ('all','partial')", name="multiple_scoring_known"),
        CheckConstraint("kind IN ('regular','makeup')", name="kind_known"),
        CheckConstraint("quarter IS NULL OR quarter BETWEEN 1 AND 4", name="quarter_range"),
        CheckConstraint("closes_at > opens_at", name="window_in_order"),
        CheckConstraint("time_limit_minutes > 0", name="time_limit_positive"),
        CheckConstraint("pass_mark >= 0", name="pass_mark_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    specialty_id: Mapped[int] = mapped_column(ForeignKey("specialties.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    year: Mapped[int] = mapped_column(index=True)
    quarter: Mapped[int | None]
    kind: Mapped[str] = mapped_column(String(10), default="regular", server_default="regular")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("exams.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="draft", server_default="draft")
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    time_limit_minutes: Mapped[int] = mapped_column(default=90)
    pass_mark: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(60))
    mode: Mapped[str] = mapped_column(String(10), default="drawn", server_default="drawn")
    shuffle: Mapped[bool] = mapped_column(default=True)
    multiple_scoring: Mapped[str] = mapped_column(String(10), default="all",
                                                  server_default="all")
    avoid_seen: Mapped[bool] = mapped_column(default=True)
    seed: Mapped[int] = mapped_column(BigInteger, default=0)
    results_published_at: Mapped[datetime | None]
    # Publishing scheduled by the legal section (the sweeper publishes once grading is done),
    # and when it was told that grading was not done at that time.
    results_publish_at: Mapped[datetime | None]
    results_publish_warned_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    specialty: Mapped[Specialty] = relationship()
    unit: Mapped[Unit] = relationship()
    parent: Mapped["Exam | None"] = relationship(remote_side=[id])
    sections: Mapped[list["ExamSection"]] = relationship(
        back_populates="exam", order_by="ExamSection.position", cascade="all, delete-orphan")

    def phase(self, now: datetime | None = None) -> str:
        """draft, upcoming, open, closed or cancelled, by the server's clock."""
        now = now or utcnow()
        if self.status != "scheduled":
            return self.status
        if now < self.opens_at:
            return "upcoming"
        return "open" if now < self.closes_at else "closed"

    def phase_label(self, now: datetime | None = None) -> str:
        return PHASES[self.phase(now)]

    def frozen(self, now: datetime | None = None) -> bool:
        """The content may no longer change: the exam opened (or was cancelled)."""
        return self.status == "cancelled" or (
            self.status == "scheduled" and (now or utcnow()) >= self.opens_at)

    @property
    def total_points(self) -> Decimal:
        return sum((s.count * s.points for s in self.sections), Decimal(0))

    @property
    def question_count(self) -> int:
        return sum(s.count for s in self.sections)

    @property
    def is_basic(self) -> bool:
        return self.specialty is not None and self.specialty.code == "basic"

    @property
    def mode_label(self) -> str:
        return MODES[self.mode]

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    def snapshot(self) -> dict:
        return {
            "name": self.name, "specialty": self.specialty.code if self.specialty else None,
            "unit": self.unit.code if self.unit else None, "year": self.year,
            "quarter": self.quarter, "kind": self.kind, "status": self.status,
            "opens_at": _iso(self.opens_at), "closes_at": _iso(self.closes_at),
            "time_limit_minutes": self.time_limit_minutes, "pass_mark": str(self.pass_mark),
            "mode": self.mode, "shuffle": self.shuffle,
            "multiple_scoring": self.multiple_scoring, "avoid_seen": self.avoid_seen,
            "sections": [s.snapshot() for s in self.sections],
        }


class ExamSection(db.Model):
    """One line of the blueprint: so many questions of a type (and difficulty, tags), each worth so much."""

    __tablename__ = "exam_sections"
    __table_args__ = (
        UniqueConstraint("exam_id", "position"),
        CheckConstraint("count > 0", name="count_positive"),
        CheckConstraint("points > 0", name="points_positive"),
        CheckConstraint("difficulty IS NULL OR difficulty BETWEEN 1 AND 5",
                        name="difficulty_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"),
                                         index=True)
    position: Mapped[int]
    qtype: Mapped[str] = mapped_column(String(10))
    count: Mapped[int]
    points: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    difficulty: Mapped[int | None]
    # Another category's questions (e.g. basic laws inside a specialty exam); None = the exam's.
    specialty_id: Mapped[int | None] = mapped_column(ForeignKey("specialties.id"))
    tags: Mapped[list] = mapped_column(JSON, default=list)
    # Questions per difficulty level, fixed on the first draw so every paper has the same mix.
    mix: Mapped[dict | None] = mapped_column(JSON)

    exam: Mapped[Exam] = relationship(back_populates="sections")
    specialty: Mapped[Specialty | None] = relationship()

    def snapshot(self) -> dict:
        return {"type": self.qtype, "count": self.count, "points": str(self.points),
                "difficulty": self.difficulty, "tags": list(self.tags or []),
                "specialty_id": self.specialty_id}


class ExamCandidate(db.Model):
    """An officer's seat in an exam, with any accommodation (extra time, a later window)."""

    __tablename__ = "exam_candidates"
    __scope_unit__ = "unit_id"
    __scope_officer__ = "officer_id"
    __table_args__ = (
        UniqueConstraint("exam_id", "officer_id"),
        CheckConstraint("extra_minutes >= 0", name="extra_minutes_not_negative"),
        CheckConstraint("window_opens_at IS NULL OR window_closes_at IS NULL "
                        "OR window_closes_at > window_opens_at", name="window_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"),
                                         index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    # The officer's unit when enrolled: what unit scope filters on.
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    extra_minutes: Mapped[int] = mapped_column(default=0, server_default="0")
    window_opens_at: Mapped[datetime | None]
    window_closes_at: Mapped[datetime | None]
    accommodation_reason: Mapped[str | None] = mapped_column(String(200))
    paper_seed: Mapped[int | None] = mapped_column(BigInteger)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    exam: Mapped[Exam] = relationship()
    officer: Mapped[Officer] = relationship()
    attempt: Mapped["Attempt | None"] = relationship(back_populates="candidate", uselist=False)

    @property
    def opens_at(self) -> datetime:
        return self.window_opens_at or self.exam.opens_at

    @property
    def closes_at(self) -> datetime:
        return self.window_closes_at or self.exam.closes_at

    def deadline_from(self, started_at: datetime) -> datetime:
        """Start + time limit + extra time, or the closing time, whichever comes first."""
        limit = timedelta(minutes=self.exam.time_limit_minutes + self.extra_minutes)
        return min(started_at + limit, self.closes_at)

    def accommodation(self) -> dict:
        return {"extra_minutes": self.extra_minutes,
                "window_opens_at": _iso(self.window_opens_at),
                "window_closes_at": _iso(self.window_closes_at),
                "reason": self.accommodation_reason}


class PaperItem(db.Model):
    """One question on a paper: the candidate's (candidate_id) or the exam's fixed paper (NULL)."""

    __tablename__ = "exam_paper_items"
    __table_args__ = (
        UniqueConstraint("candidate_id", "position"),
        CheckConstraint("points > 0", name="points_positive"),
        Index("ix_exam_paper_items_exam_fixed", "exam_id", "candidate_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"))
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("exam_candidates.id", ondelete="CASCADE"))
    position: Mapped[int]
    section_position: Mapped[int]
    version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"), index=True)
    points: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    # Original option letters in the order shown: ["C", "A", "D", "B"] shows C as A.
    option_order: Mapped[list] = mapped_column(JSON, default=list)

    version = relationship("QuestionVersion")


class Attempt(db.Model):
    __tablename__ = "exam_attempts"
    __scope_unit__ = "unit_id"
    __scope_officer__ = "officer_id"
    __table_args__ = (
        UniqueConstraint("candidate_id"),
        CheckConstraint("state IN ('in_progress','submitted')", name="state_known"),
        CheckConstraint("score IS NULL OR score >= 0", name="score_not_negative"),
        CheckConstraint("objective_score IS NULL OR objective_score >= 0",
                        name="objective_score_not_negative"),
        Index("ix_exam_attempts_open_deadline", "state", "deadline_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"),
                                         index=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("exam_candidates.id", ondelete="CASCADE"))
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    state: Mapped[str] = mapped_column(String(12), default="in_progress",
                                       server_default="in_progress")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    submitted_by: Mapped[str | None] = mapped_column(String(10))
    # A random number the attempt token carries: a new one revokes old tokens.
    token_nonce: Mapped[str] = mapped_column(String(32))
    objective_score: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    score: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    passed: Mapped[bool | None]
    # Answers waiting for a person (short answers, unmatched fill-ins): issue 6's queue.
    pending_manual: Mapped[int] = mapped_column(default=0, server_default="0")
    graded_at: Mapped[datetime | None]
    leave_count: Mapped[int] = mapped_column(default=0, server_default="0")

    exam: Mapped[Exam] = relationship()
    candidate: Mapped[ExamCandidate] = relationship(back_populates="attempt")
    officer: Mapped[Officer] = relationship()

    @property
    def state_label(self) -> str:
        return ATTEMPT_STATES[self.state]

    @property
    def submitted_by_label(self) -> str:
        return SUBMITTED_BY.get(self.submitted_by or "", "")

    def overdue(self, now: datetime, grace_seconds: int = 0) -> bool:
        return self.state == "in_progress" and \
            now >= self.deadline_at + timedelta(seconds=grace_seconds)

    def seconds_left(self, now: datetime) -> int:
        return max(0, int((self.deadline_at - now).total_seconds()))


class Answer(db.Model):
    """The latest answer to one paper item; `seq` (the client's counter) orders the writes."""

    __tablename__ = "exam_answers"
    # Within the item's points is checked where an answer is graded: a CHECK cannot see
    # the paper item's row.
    __table_args__ = (
        UniqueConstraint("attempt_id", "item_id"),
        CheckConstraint("score IS NULL OR score >= 0", name="score_not_negative"),
        CheckConstraint("auto_score IS NULL OR auto_score >= 0", name="auto_score_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("exam_attempts.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("exam_paper_items.id", ondelete="CASCADE"),
                                         index=True)
    # Original option letters ("AC"), 正确/错误, blanks joined by "|", or free text.
    response: Mapped[str] = mapped_column(Text, default="")
    seq: Mapped[int] = mapped_column(BigInteger)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    auto_score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    needs_review: Mapped[bool] = mapped_column(default=False)
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    item: Mapped[PaperItem] = relationship()


class AttemptEvent(db.Model):
    """The candidate left the page (tab hidden, window blurred): recorded, never blocked."""

    __tablename__ = "exam_attempt_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("exam_attempts.id", ondelete="CASCADE"),
                                            index=True)
    kind: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    seconds_away: Mapped[int | None]

    @property
    def kind_label(self) -> str:
        return EVENT_KINDS.get(self.kind, self.kind)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None
