"""A user's own notifications."""
from sqlalchemy import Select, func, select

from app.extensions import db
from app.notifications.models import Notification


def unread_count(user_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)))


def mine(user_id: int) -> Select:
    return select(Notification).where(Notification.user_id == user_id).order_by(
        Notification.id.desc())
