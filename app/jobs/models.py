"""A job a user started: what it is, whose it is, how it ended."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.models import utcnow
from app.extensions import db

JOB_STATES = ("queued", "running", "done", "failed")


class Job(db.Model):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    state: Mapped[str] = mapped_column(String(10), default="queued")
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    result: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    @property
    def failed(self) -> bool:
        """Ended without doing its work: an error, or an import whose file had bad rows
        (the run finished, but nothing was written)."""
        return self.state == "failed" or bool((self.result or {}).get("errors"))
