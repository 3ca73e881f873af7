"""Training fixtures: sessions and attendance in the small province."""
from datetime import date
from decimal import Decimal

import pytest

from app.training.models import Attendance, TrainingSession


@pytest.fixture
def make_session(db):
    def make(unit, title: str = "行政处罚法培训", category: str = "public_law", *,
             start: date = date(2026, 3, 10), end: date | None = None,
             hours: float = 8) -> TrainingSession:
        end = end or start
        session = TrainingSession(title=title, category=category, unit=unit, start_date=start,
                                  end_date=end, year=end.year, hours=Decimal(str(hours)),
                                  mode="offline", study_format="专题培训", content="")
        db.session.add(session)
        db.session.commit()
        return session
    return make


@pytest.fixture
def attend(db):
    def add(session: TrainingSession, officer, hours: float | None = None) -> Attendance:
        row = Attendance(session=session, officer=officer,
                         hours=session.hours if hours is None else Decimal(str(hours)),
                         year=session.year, category=session.category)
        db.session.add(row)
        db.session.commit()
        return row
    return add
