"""User accounts: a role, a unit scope and, for officers, the officer they are."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.core.models import utcnow
from app.extensions import db
from app.org.models import Unit
from app.people.models import Officer

ROLES = ("officer", "hr", "legal", "leader", "admin")


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __scope_unit__ = "unit_id"
    __scope_officer__ = "officer_id"
    __table_args__ = (
        CheckConstraint("role IN ('officer','hr','legal','leader','admin')", name="role_known"),
        CheckConstraint("role = 'admin' OR unit_id IS NOT NULL", name="scoped_unless_admin"),
        CheckConstraint("role <> 'officer' OR officer_id IS NOT NULL", name="officer_linked"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(50), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # Raised to revoke every session and remember-me cookie of the user (see get_id).
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    unit: Mapped[Unit | None] = relationship()
    officer: Mapped[Officer | None] = relationship()

    # When this log-in began (epoch seconds): set at log-in, read back from the session.
    signed_in_at = None     # not a column

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """What the session and the remember-me cookie carry: id, generation, log-in time.

        The loader accepts it only while the generation is current and the log-in is younger
        than the absolute lifetime, so revoking is one increment and a copied cookie dies too.
        """
        return f"{self.id}:{self.session_generation}:{self.signed_in_at or 0}"

    def revoke_sessions(self) -> None:
        self.session_generation = (self.session_generation or 0) + 1

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def snapshot(self) -> dict:
        return {"username": self.username, "role": self.role,
                "unit_code": self.unit.code if self.unit else None, "active": self.active}
