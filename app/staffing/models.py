"""One unit's staffing figures as they stood in one year.

Why a snapshot per year and not figures computed from history: the officer record holds
only today's education, major and 法制审核 role, and nothing records when those changed;
a year's figures, once reported, must also not move when a record is corrected or an
officer leaves later. The daily job refreshes the current year's row, so a year's row is
its last day's state once the year is over (app/staffing/services.py).
"""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import utcnow
from app.extensions import db
from app.org.models import Unit

COUNTS = ("enforcing", "law_major", "bachelor", "reviewers", "reviewers_qualified")


class StaffingSnapshot(db.Model):
    """Counts of the unit's own officers (not of the units below it: sums make subtrees)."""

    __tablename__ = "staffing_snapshots"
    __scope_unit__ = "unit_id"
    __table_args__ = (
        UniqueConstraint("unit_id", "year"),
        CheckConstraint("law_major <= enforcing AND bachelor <= enforcing",
                        name="shares_of_enforcing"),
        CheckConstraint("reviewers_qualified <= reviewers", name="qualified_of_reviewers"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    year: Mapped[int] = mapped_column(index=True)
    enforcing: Mapped[int] = mapped_column(default=0)        # on a post and at work
    law_major: Mapped[int] = mapped_column(default=0)        # of them, law majors
    bachelor: Mapped[int] = mapped_column(default=0)         # of them, 本科 or above
    reviewers: Mapped[int] = mapped_column(default=0)        # 法制审核 staff at work
    reviewers_qualified: Mapped[int] = mapped_column(default=0)   # of them, 法律职业资格
    taken_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    unit: Mapped[Unit] = relationship()
