"""The half-hour rule and the other invariants live in the tables (issue 18, item 6)."""
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy.exc import IntegrityError

from app import create_app
from app.training.demo import half_hour_floor
from app.training.models import Attendance, TrainingSession


def session_row(**fields) -> TrainingSession:
    values = {"title": "培训", "category": "public_law", "study_format": "专题培训",
              "start_date": date(2026, 3, 5), "end_date": date(2026, 3, 5), "year": 2026,
              "hours": Decimal(4), "mode": "offline", "content": ""} | fields
    return TrainingSession(**values)


@pytest.mark.parametrize("hours", ["0.8", "1.3", "2.2"])
def test_hours_that_are_not_whole_half_hours_cannot_be_inserted(db, make_officer, province, hours):
    session = session_row()
    db.session.add(session)
    db.session.flush()
    officer = make_officer(province["360102"])
    db.session.add(Attendance(session_id=session.id, officer_id=officer.id, hours=Decimal(hours),
                              year=2026, category="public_law"))
    with pytest.raises(IntegrityError, match="hours_half_hours"):
        db.session.flush()
    db.session.rollback()
    db.session.add(session_row(hours=Decimal(hours)))
    with pytest.raises(IntegrityError, match="hours_half_hours"):
        db.session.flush()


def test_whole_half_hours_are_accepted(db, make_officer, province):
    session = session_row(hours=Decimal("7.5"))
    db.session.add(session)
    db.session.flush()
    officer = make_officer(province["360102"])
    db.session.add(Attendance(session_id=session.id, officer_id=officer.id, hours=Decimal("0.5"),
                              year=2026, category="public_law"))
    db.session.flush()


def test_a_candidate_window_given_backwards_cannot_be_inserted(db, make_officer, province):
    from app.exams.models import Exam, ExamCandidate
    from app.specialties.models import Specialty

    now = datetime(2026, 3, 5, 9)
    specialty = db.session.scalar(sa.select(Specialty))
    exam = Exam(name="考试", specialty_id=specialty.id, unit_id=province["top"].id, year=2026,
                opens_at=now, closes_at=now + timedelta(hours=2), time_limit_minutes=60)
    db.session.add(exam)
    db.session.flush()
    officer = make_officer(province["360102"])
    db.session.add(ExamCandidate(exam_id=exam.id, officer_id=officer.id, unit_id=officer.unit_id,
                                 window_opens_at=now + timedelta(hours=1), window_closes_at=now))
    with pytest.raises(IntegrityError, match="window_in_order"):
        db.session.flush()
    db.session.rollback()


def test_the_demo_halves_hours_to_whole_half_hours():
    assert [half_hour_floor(Decimal(h)) for h in ("0.8", "1.6", "4", "0.25", "7.5")] == [
        Decimal("0.5"), Decimal("1.5"), Decimal(2) * 2, Decimal("0.5"), Decimal("7.5")]


def test_the_migration_repairs_existing_rows_and_says_so(tmp_path, capsys):
    from config import TestingConfig

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'old.db'}"
        UPLOAD_DIR = str(tmp_path / "uploads")

    app = create_app(Config)
    with app.app_context():
        from app.extensions import db

        upgrade(revision="0010_results")
        with db.engine.begin() as conn:
            for title, hours in (("甲", "0.8"), ("乙", "0.2"), ("丙", "3.5")):
                conn.execute(sa.text(
                    "INSERT INTO training_sessions (title, category, study_format, start_date,"
                    " end_date, year, hours, mode, content, created_at) VALUES (:t, 'business',"
                    " '专题培训', '2026-03-05', '2026-03-05', 2026, :h, 'offline', '',"
                    " '2026-03-05 00:00:00')"), {"t": title, "h": hours})
        upgrade(revision="0012_integrity_checks")
        with db.engine.connect() as conn:
            hours = dict(conn.execute(sa.text("SELECT title, hours FROM training_sessions")).all())
        db.engine.dispose()
    assert {t: Decimal(str(h)) for t, h in hours.items()} == {
        "甲": Decimal(1), "乙": Decimal("0.5"), "丙": Decimal("3.5")}
    assert "training_sessions: 2 行学时取整到最近的半小时（至少0.5） (id 1, 2)" in capsys.readouterr().out
