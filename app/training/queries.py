"""Named reads of training data, always through the actor's scope."""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.core.scoping import Scope, scoped, subtree_ids
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer
from app.training.models import (
    CATEGORIES,
    Attendance,
    ExternalTraining,
    PlanItem,
    TrainingSession,
)
from app.training.rules import (
    Floors,
    floors_for,
    gaps,
    months_across,
    political_done,
    shortfall,
)

SESSION_SORTS = {"title": TrainingSession.title, "category": TrainingSession.category,
                 "date": TrainingSession.start_date, "hours": TrainingSession.hours}


@dataclass
class SessionFilter:
    q: str = ""
    year: int | None = None
    category: str = ""
    unit_id: int | None = None
    sort: str = ""
    desc: bool = False

    @classmethod
    def from_args(cls, args) -> "SessionFilter":
        category = args.get("category", "")
        return cls(q=args.get("q", "").strip()[:50], year=args.get("year", type=int),
                   category=category if category in CATEGORIES else "",
                   unit_id=args.get("unit", type=int), sort=args.get("sort", ""),
                   desc=args.get("dir") == "desc")


def sessions(scope: Scope, f: SessionFilter) -> Select:
    """Sessions the actor may see, newest first, with their attendee counts."""
    stmt = scoped(TrainingSession, scope).options(joinedload(TrainingSession.unit))
    if f.q:
        stmt = stmt.where(TrainingSession.title.contains(f.q))
    if f.year:
        stmt = stmt.where(TrainingSession.year == f.year)
    if f.category:
        stmt = stmt.where(TrainingSession.category == f.category)
    if f.unit_id:
        unit = db.session.get(Unit, f.unit_id)
        if unit is not None:
            stmt = stmt.where(TrainingSession.unit_id.in_(subtree_ids(unit.path)))
    if f.sort in SESSION_SORTS:
        column = SESSION_SORTS[f.sort]
        return stmt.order_by(column.desc() if f.desc else column, TrainingSession.id.desc())
    return stmt.order_by(TrainingSession.start_date.desc(), TrainingSession.id.desc())


def attendee_counts(session_ids: list[int]) -> dict[int, int]:
    stmt = select(Attendance.session_id, func.count()).where(
        Attendance.session_id.in_(session_ids)).group_by(Attendance.session_id)
    return dict(db.session.execute(stmt).all())


def attendees(session: TrainingSession) -> list[Attendance]:
    stmt = select(Attendance).where(Attendance.session_id == session.id) \
        .options(joinedload(Attendance.officer).joinedload(Officer.unit)) \
        .join(Attendance.officer).order_by(Officer.name, Attendance.id)
    return list(db.session.scalars(stmt))


@dataclass
class OfficerYear:
    """One officer's year: hours per category against the (prorated) floors."""

    officer: Officer
    year: int
    attendances: list[Attendance]
    hours: dict[str, Decimal]
    months: int
    floors: Floors

    @property
    def total(self) -> Decimal:
        return self.hours["public_law"] + self.hours["business"]

    @property
    def shortfall(self) -> Decimal:
        return shortfall(self.hours, self.floors)

    @property
    def political_done(self) -> bool | None:
        return political_done(self.hours["political"], self.floors.political)

    @property
    def gaps(self) -> list[tuple[str, Decimal]]:
        return gaps(self.hours, self.floors)

    def percent(self, category: str) -> int:
        floor = {"public_law": self.floors.public_law, "business": self.floors.business,
                 "total": self.floors.total}[category]
        value = self.total if category == "total" else self.hours[category]
        return 100 if floor == 0 else min(100, int(100 * value / floor))


def officer_year(officer: Officer, year: int) -> OfficerYear:
    stmt = select(Attendance).join(Attendance.session) \
        .where(Attendance.officer_id == officer.id, Attendance.year == year) \
        .options(joinedload(Attendance.session).joinedload(TrainingSession.unit),
                 joinedload(Attendance.session).selectinload(TrainingSession.evidence)) \
        .order_by(TrainingSession.end_date, TrainingSession.id)
    rows = list(db.session.scalars(stmt).unique())
    hours = {code: Decimal(0) for code in CATEGORIES}
    for a in rows:
        hours[a.category] += a.hours
    months = months_across(year, [(p.start_on, p.end_on) for p in officer.post_periods])
    return OfficerYear(officer, year, rows, hours, months, floors_for(year).prorated(months))


def submissions(scope: Scope, state: str = "pending") -> Select:
    stmt = scoped(ExternalTraining, scope).options(
        joinedload(ExternalTraining.officer).joinedload(Officer.unit),
        selectinload(ExternalTraining.evidence))
    if state:
        stmt = stmt.where(ExternalTraining.state == state)
    return stmt.order_by(ExternalTraining.submitted_at.desc(), ExternalTraining.id.desc())


def own_submissions(officer: Officer) -> list[ExternalTraining]:
    stmt = select(ExternalTraining).where(ExternalTraining.officer_id == officer.id) \
        .options(selectinload(ExternalTraining.evidence)) \
        .order_by(ExternalTraining.submitted_at.desc())
    return list(db.session.scalars(stmt))


def plan_items(scope: Scope, unit: Unit, year: int) -> list[PlanItem]:
    stmt = scoped(PlanItem, scope).where(PlanItem.unit_id == unit.id, PlanItem.year == year) \
        .options(selectinload(PlanItem.sessions)).order_by(PlanItem.month, PlanItem.id)
    return list(db.session.scalars(stmt))


def delivered_by_category(unit: Unit, year: int) -> dict[str, Decimal]:
    """Hours of the courses the unit's subtree held in `year`, per category."""
    stmt = select(TrainingSession.category, func.sum(TrainingSession.hours)) \
        .where(TrainingSession.unit_id.in_(subtree_ids(unit.path)), TrainingSession.year == year) \
        .group_by(TrainingSession.category)
    found = dict(db.session.execute(stmt).all())
    return {code: Decimal(found.get(code) or 0) for code in CATEGORIES}


def plan_options(scope: Scope, year: int) -> list[tuple[int, str]]:
    stmt = scoped(PlanItem, scope).where(PlanItem.year == year).order_by(PlanItem.month)
    return [(p.id, f"{p.month}月 · {p.title}") for p in db.session.scalars(stmt)]


PICK_LIMIT = 30


def officers_named(scope: Scope, q: str) -> list[Officer]:
    """Officers in scope whose name contains `q` (spaces ignored), with their unit, to pick
    attendees by name; at most PICK_LIMIT."""
    q = "".join(q.split())
    if not q:
        return []
    stmt = scoped(Officer, scope).where(Officer.name.contains(q, autoescape=True)) \
        .options(joinedload(Officer.unit)).order_by(Officer.name, Officer.id).limit(PICK_LIMIT)
    return list(db.session.scalars(stmt))


def officers_on_post_of(scope: Scope, unit_id: int) -> list[Officer]:
    """The active officers on an enforcement post of one unit (not its subtree), in scope."""
    stmt = scoped(Officer, scope).where(
        Officer.unit_id == unit_id, Officer.status == "active", Officer.on_post.is_(True)) \
        .options(joinedload(Officer.unit)).order_by(Officer.name, Officer.id)
    return list(db.session.scalars(stmt))
