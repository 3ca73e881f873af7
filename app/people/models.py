"""Officers and the history of their transfers, posts and status changes."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import idcard
from app.core.models import utcnow
from app.extensions import db
from app.org.models import Unit

# Stored codes and the Chinese labels the import files and the UI use.
PERSON_STATUSES = {
    "active": "在岗",
    "transferred": "调离执法岗位",
    "retired": "退休",
    "resigned": "辞职",
    "other": "其他",
}
STATUS_BY_LABEL = {label: code for code, label in PERSON_STATUSES.items()}
EVENT_KINDS = ("created", "transfer", "status", "post")


class Officer(db.Model):
    __tablename__ = "officers"
    __scope_unit__ = "unit_id"
    __scope_officer__ = "id"
    __table_args__ = (
        CheckConstraint(
            "status IN ('active','transferred','retired','resigned','other')",
            name="status_known"),
        CheckConstraint("length(id_number) = 18", name="id_number_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    on_post: Mapped[bool] = mapped_column(default=True)
    post_since: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="active")
    status_changed_on: Mapped[date | None]
    specialty: Mapped[str | None] = mapped_column(String(100))
    education: Mapped[str | None] = mapped_column(String(30))
    legal_major: Mapped[bool] = mapped_column(default=False)
    phone: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    unit: Mapped[Unit] = relationship()
    events: Mapped[list["OfficerEvent"]] = relationship(
        back_populates="officer", order_by="OfficerEvent.id", cascade="all, delete-orphan")

    @property
    def id_number_masked(self) -> str:
        return idcard.mask(self.id_number)

    @property
    def status_label(self) -> str:
        return PERSON_STATUSES[self.status]

    @property
    def enforcing(self) -> bool:
        """On an enforcement post and at work: the people the floors and draws are about."""
        return self.on_post and self.status == "active"

    def snapshot(self) -> dict:
        """The fields the audit log and the history compare."""
        return {
            "name": self.name, "id_number": self.id_number_masked,
            "unit_code": self.unit.code if self.unit else None,
            "on_post": self.on_post, "post_since": _iso(self.post_since),
            "status": self.status, "status_changed_on": _iso(self.status_changed_on),
            "specialty": self.specialty, "education": self.education,
            "legal_major": self.legal_major, "phone": self.phone,
        }


class OfficerEvent(db.Model):
    """One change in an officer's unit, post or status: the history that is never rewritten."""

    __tablename__ = "officer_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    before: Mapped[str | None] = mapped_column(String(100))
    after: Mapped[str | None] = mapped_column(String(100))
    effective_on: Mapped[date | None]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    officer: Mapped[Officer] = relationship(back_populates="events")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
