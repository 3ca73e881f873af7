"""Who may be drawn, and why not: the pool's eligibility rules in one place.

A member is eligible while approved for the specialty and not paused, on an
enforcement post with status 在岗, and holding a 行政执法证 valid on every day of the
inspection window (fail closed: no certificate on record is no certificate). A draw adds
its own rules: avoidance of the inspected unit's subtree (and of its city when
the task says so), the cool-off period, and nobody twice in one task.
"""
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Select, and_, case, func, not_, or_, select

from app.certificates.queries import covers_window_clause, holders_over
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer
from app.talentpool.drawing import weight_for
from app.talentpool.models import DrawMember, TalentMember

# Draws in this many days before the draw lower a member's weight.
RECENT_DAYS = 365
CITY_KIND = "设区市局"
BULK = 900


UNCERTIFIED = "无覆盖检查期间的有效行政执法证"


def certified_ids(officer_ids: Iterable[int], on: date, until: date | None = None) -> set[int]:
    """Ids holding a 行政执法证 valid on every day from `on` to `until` (default: `on` only)."""
    ids = set(officer_ids)
    if len(ids) > BULK:  # one query for every holder beats a long run of chunked IN lists
        return holders_over(None, on, until) & ids
    return holders_over(ids, on, until)


def member_problems(member: TalentMember, certified: bool, on: date) -> list[str]:
    """Why a member cannot be drawn today (empty when eligible), in Chinese."""
    problems = []
    if member.state != "approved":
        problems.append(f"未入库（{member.state_label}）")
    if member.paused_between(on):
        until = member.paused_until.isoformat() if member.paused_until else "另行通知"
        problems.append(f"暂停至{until}（{member.pause_reason or '未注明原因'}）")
    officer = member.officer
    if not officer.on_post:
        problems.append("不在执法岗位")
    if officer.status != "active":
        problems.append(f"人员状态为{officer.status_label}")
    if not certified:
        problems.append(UNCERTIFIED)
    return problems


def problems_for(members: list[TalentMember], on: date) -> dict[int, list[str]]:
    """member id -> reasons, for a page of members (one certificate lookup)."""
    certified = certified_ids({m.officer_id for m in members}, on)
    return {m.id: member_problems(m, m.officer_id in certified, on) for m in members}


@dataclass(frozen=True)
class Terms:
    """The rules of one draw, as the task and the actor set them."""

    specialty_id: int
    inspected_unit: Unit
    starts_on: date
    ends_on: date
    avoid_city: bool = False
    cooloff_days: int = 0
    pool_path: str | None = None          # the organiser's subtree; None = the whole province
    taken: frozenset[int] = frozenset()   # officers already on this task (or this draw)

    @property
    def avoided_path(self) -> str:
        """The subtree nobody may come from: the inspected unit, or its city."""
        unit = self.inspected_unit
        if self.avoid_city:
            city = city_of(unit)
            if city is not None:
                return city.path
        return unit.path

    def describe(self) -> dict:
        return {"avoid_unit": self.inspected_unit.code, "avoid_city": self.avoid_city,
                "avoided_path": self.avoided_path, "cooloff_days": self.cooloff_days,
                "recent_days": RECENT_DAYS, "weight": "60 // (1 + 近期被抽次数)",
                "min_certified": 2, "pool_path": self.pool_path,
                "on": self.starts_on.isoformat(),
                "certificate": f"行政执法证{self.starts_on}至{self.ends_on}全程有效"}


@dataclass
class Candidates:
    """The ordered candidate list of a draw and how many each rule kept out."""

    rows: list[tuple] = field(default_factory=list)     # (officer_id, weight, is_expert)
    excluded: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.rows)


def city_of(unit: Unit) -> Unit | None:
    """The city bureau (设区市局) above or at `unit`, if any."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    return db.session.scalar(select(Unit).where(Unit.id.in_(ids), Unit.kind == CITY_KIND))


def certified_clause(on: date, until: date | None = None) -> ColumnElement[bool]:
    """SQL: the officer (Officer.id) holds a 行政执法证 valid from `on` to `until`.

    The same definition as `certified_ids`, as a correlated EXISTS so that a draw never loads
    the certificates of thousands of candidates.
    """
    return covers_window_clause(on, until or on)


# Why a pool row is left out, in the order the rules are applied (the first that applies counts).
REASONS = ("paused", "avoidance", "this_task", "uncertified", "cooloff")


def pool_query(terms: Terms) -> Select:
    """One row per approved member of the specialty on post and at work, within the organiser's
    scope, ordered by officer id: (officer_id, is_expert, reason, recent draws).

    `reason` is 0 for a candidate, else 1 + the index in REASONS of the first rule keeping the
    member out. Every rule is evaluated here in SQL; only integers come back.
    """
    since = terms.starts_on - timedelta(days=RECENT_DAYS)
    recent = (select(DrawMember.officer_id, func.count().label("n"),
                     func.max(DrawMember.drawn_on).label("last"))
              .where(DrawMember.withdrawn_at.is_(None), DrawMember.drawn_on > since)
              .group_by(DrawMember.officer_id).subquery("recent"))
    paused = and_(TalentMember.paused_from.is_not(None), TalentMember.paused_from <= terms.ends_on,
                  or_(TalentMember.paused_until.is_(None),
                      TalentMember.paused_until >= terms.starts_on))
    certified = certified_clause(terms.starts_on, terms.ends_on)
    cooloff_after = terms.starts_on - timedelta(days=terms.cooloff_days)
    whens = [(paused, 1), (Unit.path.startswith(terms.avoided_path), 2)]
    if terms.taken:
        whens.append((TalentMember.officer_id.in_(sorted(terms.taken)), 3))
    whens.append((not_(certified), 4))
    if terms.cooloff_days:
        whens.append((recent.c.last > cooloff_after, 5))
    stmt = (select(TalentMember.officer_id,
                   case((TalentMember.level == "expert", 1), else_=0).label("expert"),
                   case(*whens, else_=0).label("reason"),
                   func.coalesce(recent.c.n, 0).label("recent"))
            .join(Officer, Officer.id == TalentMember.officer_id)
            .join(Unit, Unit.id == Officer.unit_id)
            .outerjoin(recent, recent.c.officer_id == TalentMember.officer_id)
            .where(TalentMember.specialty_id == terms.specialty_id,
                   TalentMember.state == "approved", Officer.on_post.is_(True),
                   Officer.status == "active")
            .order_by(TalentMember.officer_id))
    if terms.pool_path:
        stmt = stmt.where(Unit.path.startswith(terms.pool_path))
    return stmt


def candidates(terms: Terms) -> Candidates:
    """Everyone the rules let through, ordered by officer id, with their weights.

    One query (pool_query) streamed row by row; each candidate is a tuple of plain values
    (recorded as the same JSON array a list gives). Ten thousand lists or ORM rows kept alive
    at once would push the garbage collector into full collections of the whole heap.
    """
    excluded, weights, kept = [0] * (len(REASONS) + 1), {}, []
    for officer_id, expert, reason, recent in db.session.connection().execute(pool_query(terms)):
        if reason:
            excluded[reason] += 1
            continue
        weight = weights.get(recent)
        if weight is None:
            weight = weights[recent] = weight_for(recent)
        kept.append((officer_id, weight, expert == 1))
    return Candidates(rows=kept, excluded=dict(zip(REASONS, excluded[1:], strict=True)))
