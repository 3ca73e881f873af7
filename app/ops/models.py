"""When each scheduled job last ran, so that a restarted scheduler catches up once."""
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class ScheduledRun(db.Model):
    __tablename__ = "scheduled_runs"

    job_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    last_run_at: Mapped[datetime]   # UTC
