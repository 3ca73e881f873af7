"""Who may be drawn, and why not: the pool's eligibility rules in one place.

A member is eligible while approved for the specialty and not paused, on an
enforcement post with status 在岗, and holding a valid certificate. A draw adds
its own rules: avoidance of the inspected unit's subtree (and of its city when
the task says so), the cool-off period, and nobody twice in one task.
"""
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from app.core.scoping import subtree_ids
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer
from app.talentpool.drawing import weight_for
from app.talentpool.models import DrawMember, TalentMember, pause_overlaps

# Draws in this many days before the draw lower a member's weight.
RECENT_DAYS = 365
CITY_KIND = "设区市局"
BULK = 900


def certified_ids(officer_ids: Iterable[int], on: date) -> set[int] | None:
    """Ids holding a valid certificate on `on`; None while the certificates module is absent.

    None means "every on-post officer counts as certified" (until certificates exist).
    """
    try:
        from app.certificates.queries import valid_holder_ids
    except ImportError:
        return None
    ids = set(officer_ids)
    if len(ids) > BULK:  # one query for every holder beats a long run of chunked IN lists
        return valid_holder_ids(None, on) & ids
    return valid_holder_ids(ids, on)


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
        problems.append("无有效执法证")
    return problems


def problems_for(members: list[TalentMember], on: date) -> dict[int, list[str]]:
    """member id -> reasons, for a page of members (one certificate lookup)."""
    certified = certified_ids({m.officer_id for m in members}, on)
    return {m.id: member_problems(m, certified is None or m.officer_id in certified, on)
            for m in members}


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
                "on": self.starts_on.isoformat()}


@dataclass
class Candidates:
    """The ordered candidate list of a draw and how many each rule kept out."""

    rows: list[list] = field(default_factory=list)      # [officer_id, weight, is_expert]
    excluded: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.rows)


def city_of(unit: Unit) -> Unit | None:
    """The city bureau (设区市局) above or at `unit`, if any."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    return db.session.scalar(select(Unit).where(Unit.id.in_(ids), Unit.kind == CITY_KIND))


def pool_rows(terms: Terms) -> list[tuple]:
    """Approved members of the specialty, on post and at work, within the organiser's scope."""
    stmt = (select(TalentMember.officer_id, TalentMember.level, TalentMember.paused_from,
                   TalentMember.paused_until, Unit.path)
            .join(Officer, Officer.id == TalentMember.officer_id)
            .join(Unit, Unit.id == Officer.unit_id)
            .where(TalentMember.specialty_id == terms.specialty_id,
                   TalentMember.state == "approved", Officer.on_post.is_(True),
                   Officer.status == "active")
            .order_by(TalentMember.officer_id))
    if terms.pool_path:
        stmt = stmt.where(Officer.unit_id.in_(subtree_ids(terms.pool_path)))
    # Plain Core rows: no ORM loading for thousands of tuples.
    return db.session.connection().execute(stmt).all()


def recent_draws(on: date) -> dict[int, tuple[int, date]]:
    """officer id -> (times drawn in the last RECENT_DAYS, last day drawn); withdrawn don't count."""
    since = on - timedelta(days=RECENT_DAYS)
    rows = db.session.execute(
        select(DrawMember.officer_id, func.count(), func.max(DrawMember.drawn_on))
        .where(DrawMember.withdrawn_at.is_(None), DrawMember.drawn_on > since)
        .group_by(DrawMember.officer_id))
    return {officer_id: (count, last) for officer_id, count, last in rows}


def candidates(terms: Terms) -> Candidates:
    """Everyone the rules let through, ordered by officer id, with their weights."""
    result = Candidates(excluded=dict.fromkeys(
        ("paused", "avoidance", "this_task", "uncertified", "cooloff"), 0))
    rows = _unpaused_unavoided(pool_rows(terms), terms, result.excluded)
    certified = certified_ids([r[0] for r in rows], terms.starts_on)
    recent = recent_draws(terms.starts_on)
    cooloff_after = terms.starts_on - timedelta(days=terms.cooloff_days)
    for officer_id, level in rows:
        drawn = recent.get(officer_id)
        if certified is not None and officer_id not in certified:
            result.excluded["uncertified"] += 1
        elif terms.cooloff_days and drawn and drawn[1] > cooloff_after:
            result.excluded["cooloff"] += 1
        else:
            result.rows.append([officer_id, weight_for(drawn[0] if drawn else 0),
                                level == "expert"])
    return result


def _unpaused_unavoided(rows: list[tuple], terms: Terms, excluded: dict) -> list[tuple]:
    avoided, kept = terms.avoided_path, []
    for officer_id, level, paused_from, paused_until, path in rows:
        if pause_overlaps(paused_from, paused_until, terms.starts_on, terms.ends_on):
            excluded["paused"] += 1
        elif path.startswith(avoided):
            excluded["avoidance"] += 1
        elif officer_id in terms.taken:
            excluded["this_task"] += 1
        else:
            kept.append((officer_id, level))
    return kept
