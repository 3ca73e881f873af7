"""Named reads for the administrator: accounts and audit entries."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload

from app.auth.models import User
from app.core.audit import AuditEntry
from app.org.models import Unit


@dataclass
class UserFilter:
    q: str = ""
    role: str = ""
    sort: str = ""
    desc: bool = False


USER_SORTS = {"username": User.username, "role": User.role, "unit": User.unit_id,
              "last_login": User.last_login_at}


@dataclass
class AuditFilter:
    actor: str = ""
    action: str = ""
    entity: str = ""
    entity_id: int | None = None
    unit_id: int | None = None
    since: date | None = None
    until: date | None = None


def users(f: UserFilter) -> Select:
    column = USER_SORTS.get(f.sort, User.username)
    stmt = select(User).options(joinedload(User.unit)).order_by(
        column.desc() if f.desc else column, User.id)
    if f.q:
        stmt = stmt.where(or_(User.username.contains(f.q), User.display_name.contains(f.q)))
    if f.role:
        stmt = stmt.where(User.role == f.role)
    return stmt


def audit_entries(f: AuditFilter) -> Select:
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc())
    if f.actor:
        stmt = stmt.where(or_(AuditEntry.actor_name == f.actor, AuditEntry.actor_id.in_(
            select(User.id).where(User.display_name.contains(f.actor)))))
    if f.action:
        stmt = stmt.where(AuditEntry.action == f.action)
    if f.entity:
        stmt = stmt.where(AuditEntry.entity_type == f.entity)
    if f.entity_id:
        stmt = stmt.where(AuditEntry.entity_id == f.entity_id)
    if f.unit_id:
        stmt = stmt.where(AuditEntry.unit_id.in_(_subtree(f.unit_id)))
    if f.since:
        stmt = stmt.where(AuditEntry.at >= datetime.combine(f.since, time()))
    if f.until:
        stmt = stmt.where(AuditEntry.at < datetime.combine(f.until + timedelta(days=1), time()))
    return stmt


def _subtree(unit_id: int) -> Select:
    path = select(Unit.path).where(Unit.id == unit_id).scalar_subquery()
    return select(Unit.id).where(Unit.path.like(path + "%"))
