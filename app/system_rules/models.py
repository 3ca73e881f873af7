"""Sign-offs of the rules page: who signed which version of the text, and when."""
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.models import utcnow
from app.extensions import db


class RulesSignoff(db.Model):
    """The legal section's sign-off of one version of app/system_rules/text.py; a newer text
    has a new version, which no sign-off covers until someone signs again."""

    __tablename__ = "rules_signoffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(64), index=True)
    signed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str | None] = mapped_column(String(500))

    signed_by: Mapped[User] = relationship()
