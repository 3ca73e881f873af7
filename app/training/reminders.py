"""Pace reminders: quarterly, and weekly in December, officers behind the calendar's pace and
their HR are told in-app. Keys make a re-run of the same period notify nobody twice."""
from collections import defaultdict
from datetime import date

from sqlalchemy import select

from app.auth.models import User
from app.core import clock
from app.core.actor import SCHEDULER
from app.core.scoping import Scope
from app.extensions import db
from app.notifications.services import hr_users_for, notify
from app.org.models import Unit
from app.training import compliance


def elapsed_months(day: date) -> int:
    """Whole months of the year already behind `day` (the pace asks for that share)."""
    return day.month - 1


def period_of(day: date) -> str:
    """Q1..Q4 for quarterly runs; the ISO week in December."""
    if day.month == 12:
        return f"W{day.isocalendar().week:02d}"
    return f"Q{(day.month - 1) // 3 + 1}"


def behind_pace(year: int, months: int) -> list[compliance.Row]:
    query = compliance.Query(year, Scope.of(SCHEDULER), behind_pace_months=months)
    return list(compliance.stream(query))


def send_reminders(day: date | None = None) -> int:
    """Notify who is behind pace on `day` (default today); returns notifications added."""
    day = day or clock.today()
    months = elapsed_months(day)
    if months == 0:
        return 0
    rows = behind_pace(day.year, months)
    key = f"training-pace:{day.year}-{period_of(day)}"
    return _notify_officers(rows, key, months) + _notify_hr(rows, key)


def _notify_officers(rows: list[compliance.Row], key: str, months: int) -> int:
    accounts = dict(db.session.execute(
        select(User.officer_id, User.id).where(User.officer_id.in_([r.officer_id for r in rows]),
                                               User.active.is_(True))).all())
    added = 0
    for row in rows:
        if row.officer_id in accounts:
            text = (f"您本年度已完成培训 {row.total_hours:g} 学时，按进度截至目前应完成 "
                    f"{row.expected_by(months):g} 学时（全年应修 {row.required_total:g} 学时），请抓紧参训。")
            added += notify([accounts[row.officer_id]], text, link="/training/me",
                            key=f"{key}:{row.officer_id}")
    return added


def _notify_hr(rows: list[compliance.Row], key: str) -> int:
    by_unit: dict[int, int] = defaultdict(int)
    for row in rows:
        by_unit[row.unit_id] += 1
    added = 0
    for unit in db.session.scalars(select(Unit).where(Unit.id.in_(list(by_unit)))):
        users = [u.id for u in hr_users_for(unit)]
        text = f"{unit.name}有 {by_unit[unit.id]} 名执法人员培训学时落后于进度。"
        link = f"/training/compliance?unit={unit.id}&pace=1"
        added += notify(users, text, link=link, key=f"{key}:unit:{unit.id}")
    return added


def run() -> None:
    """The scheduled job (app/scheduling.py)."""
    send_reminders()
