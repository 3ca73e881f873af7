"""Sending notifications, and finding whom to send them to."""
from collections.abc import Iterable

from sqlalchemy import insert, select, update

from app.auth.models import User
from app.core.models import utcnow
from app.extensions import db
from app.notifications.models import Notification
from app.org.models import Unit


def notify(user_ids: Iterable[int], text: str, *, link: str | None = None,
           key: str | None = None) -> int:
    """One notification per user; with `key`, users who already have it get none. Returns count."""
    ids = set(user_ids)
    if key is not None and ids:
        ids -= set(db.session.scalars(select(Notification.user_id).where(
            Notification.key == key, Notification.user_id.in_(ids))))
    if ids:
        db.session.execute(insert(Notification), [
            {"user_id": uid, "text": text[:500], "link": link, "key": key,
             "created_at": utcnow()} for uid in sorted(ids)])
    return len(ids)


def hr_users_for(unit: Unit) -> list[User]:
    """Active HR accounts whose scope covers `unit` (their unit is it or above it)."""
    ancestors = [int(part) for part in unit.path.strip("/").split("/") if part]
    return list(db.session.scalars(select(User).where(
        User.role == "hr", User.active.is_(True), User.unit_id.in_(ancestors))))


def mark_read(user: User, notification_ids: Iterable[int] | None = None) -> None:
    """Mark the user's notifications read (all of them when no ids are given)."""
    stmt = update(Notification).where(Notification.user_id == user.id,
                                      Notification.read_at.is_(None))
    if notification_ids is not None:
        stmt = stmt.where(Notification.id.in_(list(notification_ids)))
    db.session.execute(stmt.values(read_at=utcnow()))
