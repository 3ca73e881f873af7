"""Pool members, inspection tasks and the draws that staff them.

A draw keeps everything needed to replay it: each round (the first draw and
every replacement) records its seed and the ordered candidate list with
weights, and the members it picked.
"""
import hashlib
import json
from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import utcnow
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer
from app.specialties.models import Specialty

LEVELS = {"backbone": "骨干", "expert": "专家"}
LEVEL_BY_LABEL = {label: code for code, label in LEVELS.items()}
STATES = {"nominated": "待审核", "approved": "已入库", "rejected": "未通过"}
ROLES = {"leader": "组长", "member": "组员", "expert": "专家"}


class TalentMember(db.Model):
    """One officer in the pool for one specialty: nominated, then approved or rejected."""

    __tablename__ = "talent_members"
    __table_args__ = (
        UniqueConstraint("officer_id", "specialty_id", name="uq_talent_members_officer_specialty"),
        CheckConstraint("level IN ('backbone','expert')", name="level_known"),
        CheckConstraint("state IN ('nominated','approved','rejected')", name="state_known"),
        CheckConstraint("paused_until IS NULL OR paused_from IS NULL OR paused_until >= paused_from",
                        name="pause_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    specialty_id: Mapped[int] = mapped_column(ForeignKey("specialties.id"), index=True)
    level: Mapped[str] = mapped_column(String(10), default="backbone")
    state: Mapped[str] = mapped_column(String(10), default="nominated")
    note: Mapped[str | None] = mapped_column(String(200))
    nominated_at: Mapped[datetime] = mapped_column(default=utcnow)
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_note: Mapped[str | None] = mapped_column(String(200))
    paused_from: Mapped[date | None]
    paused_until: Mapped[date | None]
    pause_reason: Mapped[str | None] = mapped_column(String(100))

    officer: Mapped[Officer] = relationship()
    specialty: Mapped[Specialty] = relationship()

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]

    @property
    def state_label(self) -> str:
        return STATES[self.state]

    def paused_between(self, start: date, end: date | None = None) -> bool:
        """True when a pause overlaps the days from `start` to `end` (inclusive)."""
        return pause_overlaps(self.paused_from, self.paused_until, start, end or start)

    def snapshot(self) -> dict:
        return {"officer": self.officer.name if self.officer else None,
                "specialty": self.specialty.code if self.specialty else None,
                "level": self.level, "state": self.state, "note": self.note,
                "paused_from": _iso(self.paused_from), "paused_until": _iso(self.paused_until),
                "pause_reason": self.pause_reason}


class InspectionTask(db.Model):
    """A cross-inspection (交叉执法检查) of one unit; one draw per specialty staffs it."""

    __tablename__ = "inspection_tasks"
    __scope_unit__ = "unit_id"
    __table_args__ = (
        CheckConstraint("cooloff_days >= 0", name="cooloff_not_negative"),
        CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on",
                        name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(200))
    inspected_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    # The organising unit: whose legal section made the task (the draws' scope).
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    avoid_city: Mapped[bool] = mapped_column(default=False, server_default="0")
    cooloff_days: Mapped[int] = mapped_column(default=0, server_default="0")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    inspected_unit: Mapped[Unit] = relationship(foreign_keys=[inspected_unit_id])
    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id])
    draws: Mapped[list["Draw"]] = relationship(back_populates="task", order_by="Draw.id")

    def snapshot(self) -> dict:
        return {"purpose": self.purpose, "inspected_unit": self.inspected_unit.code,
                "starts_on": _iso(self.starts_on), "ends_on": _iso(self.ends_on),
                "avoid_city": self.avoid_city, "cooloff_days": self.cooloff_days}


class Draw(db.Model):
    """The team of one specialty for one task; a task has at most one draw per specialty."""

    __tablename__ = "draws"
    __table_args__ = (
        UniqueConstraint("task_id", "specialty_id", name="uq_draws_task_specialty"),
        CheckConstraint("size >= 2", name="at_least_two"),
        CheckConstraint("experts >= 0", name="experts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("inspection_tasks.id"), index=True)
    specialty_id: Mapped[int] = mapped_column(ForeignKey("specialties.id"), index=True)
    size: Mapped[int]
    experts: Mapped[int] = mapped_column(default=0, server_default="0")
    # The rules as they were applied, printed on the draw record.
    rules: Mapped[dict] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_name: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    task: Mapped[InspectionTask] = relationship(back_populates="draws")
    specialty: Mapped[Specialty] = relationship()
    rounds: Mapped[list["DrawRound"]] = relationship(
        back_populates="draw", order_by="DrawRound.number", cascade="all, delete-orphan")
    members: Mapped[list["DrawMember"]] = relationship(
        back_populates="draw", order_by="DrawMember.position", cascade="all, delete-orphan")

    @property
    def first_round(self) -> "DrawRound":
        return self.rounds[0]

    @property
    def team(self) -> list["DrawMember"]:
        """Who goes: the members not withdrawn, leader first, then officers, then experts."""
        active = [m for m in self.members if m.withdrawn_at is None]
        order = {"leader": 0, "member": 1, "expert": 2}
        return sorted(active, key=lambda m: (order[m.role], m.position))


class DrawRound(db.Model):
    """One random pick: round 0 is the draw, each later round one replacement (递补)."""

    __tablename__ = "draw_rounds"
    __table_args__ = (UniqueConstraint("draw_id", "number", name="uq_draw_rounds_draw_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("draws.id"), index=True)
    number: Mapped[int]
    seed: Mapped[int] = mapped_column(BigInteger)
    # How many officers and experts this round picks (a replacement: one of either).
    size: Mapped[int]
    experts: Mapped[int] = mapped_column(default=0, server_default="0")
    # [[officer_id, weight, is_expert], ...] in the order the pick reads them.
    candidates: Mapped[list] = mapped_column(JSON)
    eligible_count: Mapped[int]
    excluded: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(String(200))
    created_by_name: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    draw: Mapped[Draw] = relationship(back_populates="rounds")

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the candidate list: printed on the record so the list cannot change unseen."""
        text = json.dumps(self.candidates, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


class DrawMember(db.Model):
    """One officer picked by a round; withdrawn with a reason when replaced."""

    __tablename__ = "draw_members"
    __table_args__ = (
        UniqueConstraint("draw_id", "officer_id", name="uq_draw_members_draw_officer"),
        UniqueConstraint("draw_id", "position", name="uq_draw_members_draw_position"),
        CheckConstraint("role IN ('leader','member','expert')", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("draws.id"), index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    round_number: Mapped[int]
    position: Mapped[int]
    role: Mapped[str] = mapped_column(String(10))
    # The officer's unit when drawn (for the per-unit history and the dispatch list).
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    drawn_on: Mapped[date] = mapped_column(index=True)
    withdrawn_at: Mapped[datetime | None]
    withdrawn_reason: Mapped[str | None] = mapped_column(String(200))
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("draw_members.id"))

    draw: Mapped[Draw] = relationship(back_populates="members")
    officer: Mapped[Officer] = relationship()
    unit: Mapped[Unit] = relationship()

    @property
    def role_label(self) -> str:
        return ROLES[self.role]


def pause_overlaps(paused_from: date | None, paused_until: date | None,
                   start: date, end: date) -> bool:
    """A pause (open-ended without `paused_until`) overlapping the days `start`..`end`."""
    if paused_from is None:
        return False
    return paused_from <= end and (paused_until is None or paused_until >= start)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
