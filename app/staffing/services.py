"""Recording the staffing snapshot of a year (the daily job and the command call this)."""
from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.staffing.models import COUNTS, StaffingSnapshot
from app.staffing.queries import live_counts


def take_snapshot(year: int) -> int:
    """Write today's counts as `year`'s row of every unit (units with nobody counted any
    more get zeros). Idempotent: a second run the same day changes nothing."""
    found = live_counts()
    stored = {s.unit_id: s for s in db.session.scalars(
        select(StaffingSnapshot).where(StaffingSnapshot.year == year))}
    for unit_id in set(found) | set(stored):
        row = stored.get(unit_id) or StaffingSnapshot(unit_id=unit_id, year=year)
        for name in COUNTS:
            value = getattr(found[unit_id], name) if unit_id in found else 0
            if getattr(row, name, None) != value:
                setattr(row, name, value)
        db.session.add(row)
    db.session.flush()
    return len(set(found) | set(stored))


def refresh_current_year() -> None:
    """The scheduled job: this year's row follows the roster until the year ends."""
    take_snapshot(clock.today().year)
