"""Officers and the history of their transfers, posts and status changes."""
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    Index,
    String,
    event,
    false,
    text,
    type_coerce,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.core import idcard, idcrypt
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
        CheckConstraint("length(id_number_masked) = 18", name="id_number_masked_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    # Encrypted at rest (app/core/idcrypt.py); `id_number` reads and writes the plain number,
    # decrypted only when read, so loading officers for a list costs no decryption.
    # Look-ups go through the keyed hash: id_number_matches() / id_number_in().
    id_number_token: Mapped[str] = mapped_column("id_number", String(255))
    id_number_hash: Mapped[str] = mapped_column(String(64), unique=True)
    id_number_masked: Mapped[str] = mapped_column(String(18))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    on_post: Mapped[bool] = mapped_column(default=True)
    post_since: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="active")
    status_changed_on: Mapped[date | None]
    specialty: Mapped[str | None] = mapped_column(String(100))
    education: Mapped[str | None] = mapped_column(String(30))
    legal_major: Mapped[bool] = mapped_column(default=False)
    # 法制审核 staff, and whether they hold the 法律职业资格 (seed 004 (52)).
    legal_reviewer: Mapped[bool] = mapped_column(default=False, server_default=false())
    legal_qualification: Mapped[bool] = mapped_column(default=False, server_default=false())
    phone: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    unit: Mapped[Unit] = relationship()
    events: Mapped[list["OfficerEvent"]] = relationship(
        back_populates="officer", order_by="OfficerEvent.id", cascade="all, delete-orphan")
    post_periods: Mapped[list["PostPeriod"]] = relationship(
        back_populates="officer", order_by="PostPeriod.id", cascade="all, delete-orphan")

    @hybrid_property
    def id_number(self) -> str | None:
        token = self.id_number_token
        return None if token is None else idcrypt.current().decrypt(token)

    @id_number.inplace.setter
    def _id_number_setter(self, number: str) -> None:
        for field, value in self.id_columns(number).items():
            setattr(self, field, value)

    @id_number.inplace.expression
    @classmethod
    def _id_number_expression(cls):
        """In a select(): decrypted as rows are read. Compared with a value: refused."""
        return type_coerce(cls.id_number_token, idcrypt.EncryptedIdNumber()).label("id_number")

    @staticmethod
    def id_columns(number: str) -> dict:
        """The stored columns of one ID number, for bulk inserts too."""
        crypto = idcrypt.current()
        return {"id_number_token": crypto.encrypt(number),
                "id_number_hash": crypto.digest(number), "id_number_masked": idcard.mask(number)}

    @classmethod
    def id_number_matches(cls, number: str) -> ColumnElement[bool]:
        """The officer with exactly this (normalised) ID number: the one way to look one up."""
        return cls.id_number_hash == idcrypt.current().digest(idcard.normalise(number))

    @classmethod
    def id_number_in(cls, numbers) -> ColumnElement[bool]:
        crypto = idcrypt.current()
        return cls.id_number_hash.in_([crypto.digest(idcard.normalise(n)) for n in numbers])

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
            "legal_reviewer": self.legal_reviewer,
            "legal_qualification": self.legal_qualification,
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


class PostPeriod(db.Model):
    """One stretch on an enforcement post: from `start_on` (None: since before the records)
    to `end_on`, the first day off the post (None: still on it).

    The periods are the post history: the floors are prorated by the whole months on post
    across them, and the clearance's 离岗日期 is the end of the last one. `Officer.on_post`
    and `Officer.post_since` mirror the last period (app/people/posts.py keeps them so).
    """

    __tablename__ = "post_periods"
    __table_args__ = (
        # At most one open period per officer.
        Index("uq_post_periods_open", "officer_id", unique=True,
              sqlite_where=text("end_on IS NULL"), postgresql_where=text("end_on IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    start_on: Mapped[date | None]
    end_on: Mapped[date | None]

    officer: Mapped[Officer] = relationship(back_populates="post_periods")

    @property
    def is_open(self) -> bool:
        return self.end_on is None


def initial_period(on_post: bool | None, status: str | None, post_since: date | None,
                   status_changed_on: date | None) -> tuple[date | None, date | None] | None:
    """The one period a new roster row implies, as (start, end), or None.

    Enforcing (on a post and 在岗): open from `post_since`. Otherwise the status change date
    is the first day off the post (the import's 状态变更日期 for someone who left the service or
    moved off the post); without it nothing says the officer was ever on a post.
    """
    if on_post is not False and (status or "active") == "active":
        return post_since, None
    if status_changed_on is None:
        return None
    return post_since, status_changed_on


@event.listens_for(Session, "before_flush")
def _first_period(session, _context, _instances) -> None:
    """A new officer added through the ORM (forms, tests, demo accounts) gets its period."""
    for obj in list(session.new):
        if isinstance(obj, Officer) and not obj.post_periods:
            period = initial_period(obj.on_post, obj.status, obj.post_since,
                                    obj.status_changed_on)
            if period is not None:
                obj.post_periods.append(PostPeriod(start_on=period[0], end_on=period[1]))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
