"""A small known data set for the home pages: two counties of one city, one county elsewhere.

County A (360102): officer A1 meets both floors, A2 has 10 h of public law only.
A3 left the enforcement post but holds a valid certificate.
County B (360103): officer B1 has no hours. County C (360702): officer C1 has no hours.
Each county has an exam seat, a certificate and, for B, a paper waiting for grading.
"""
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest

from app.certificates.models import Certificate
from app.core import clock
from app.core.models import utcnow
from app.exams.models import Attempt, Exam, ExamCandidate
from app.specialties.models import find
from app.talentpool.models import Draw, DrawRound, InspectionTask
from app.training.models import Attendance, ExternalTraining, TrainingSession


@dataclass
class World:
    units: dict
    officers: dict
    exams: dict


def add_hours(db, unit, officer, category: str, hours: int, title: str | None = None):
    today = clock.today()
    session = TrainingSession(title=title or f"{officer.name}{category}培训", category=category, unit=unit, start_date=today,
                              end_date=today, year=today.year, hours=Decimal(hours))
    db.session.add(session)
    db.session.flush()
    db.session.add(Attendance(session_id=session.id, officer_id=officer.id,
                              hours=Decimal(hours), year=today.year, category=category))
    return session


def add_exam(db, unit, name: str, opens_at, closes_at) -> Exam:
    exam = Exam(name=name, specialty=find("basic"), unit=unit, year=opens_at.year,
                opens_at=opens_at, closes_at=closes_at, status="scheduled")
    db.session.add(exam)
    db.session.flush()
    return exam


def add_seat(db, exam, officer, *, submitted=False, passed=None, pending=0) -> ExamCandidate:
    seat = ExamCandidate(exam_id=exam.id, officer_id=officer.id, unit_id=officer.unit_id)
    db.session.add(seat)
    db.session.flush()
    if submitted:
        db.session.add(Attempt(exam_id=exam.id, candidate_id=seat.id, officer_id=officer.id,
                               unit_id=officer.unit_id, state="submitted",
                               deadline_at=exam.closes_at, submitted_at=exam.closes_at,
                               token_nonce=f"n{seat.id}", passed=passed,
                               pending_manual=pending))
    return seat


def add_certificate(db, officer, number: str, valid_days: int, status: str = "valid"):
    today = clock.today()
    db.session.add(Certificate(officer_id=officer.id, number=number, status=status,
                               issued_on=today - timedelta(days=365),
                               valid_until=today + timedelta(days=valid_days)))


@pytest.fixture
def world(db, province, make_officer):
    a, b, c = province["360102"], province["360103"], province["360702"]
    officers = {"A1": make_officer(a, "甲一"), "A2": make_officer(a, "甲二"),
                "B1": make_officer(b, "乙一"), "C1": make_officer(c, "丙一"),
                "A3": make_officer(a, "甲三", on_post=False)}
    add_hours(db, a, officers["A1"], "public_law", 30)
    add_hours(db, a, officers["A1"], "business", 30)
    add_hours(db, a, officers["A2"], "public_law", 10)
    add_hours(db, b, officers["B1"], "political", 5, title="乙县政治学习")
    db.session.add(ExternalTraining(officer_id=officers["A2"].id, unit_id=a.id,
                                    title="外部培训甲", category="business",
                                    start_date=clock.today(), end_date=clock.today(),
                                    hours=Decimal(4)))
    db.session.add(ExternalTraining(officer_id=officers["B1"].id, unit_id=b.id,
                                    title="外部培训乙", category="business",
                                    start_date=clock.today(), end_date=clock.today(),
                                    hours=Decimal(4)))
    now = utcnow()
    open_a = add_exam(db, a, "甲县本季考试", now - timedelta(hours=1), now + timedelta(days=2))
    open_b = add_exam(db, b, "乙县本季考试", now - timedelta(hours=1), now + timedelta(days=2))
    closed = add_exam(db, province["360100"], "市局上季考试", now - timedelta(days=30),
                      now - timedelta(days=29))
    add_seat(db, open_a, officers["A1"])
    add_seat(db, open_a, officers["A2"])
    add_seat(db, open_b, officers["B1"], submitted=True, passed=None, pending=2)
    add_seat(db, closed, officers["A1"], submitted=True, passed=True)
    add_seat(db, closed, officers["A2"], submitted=True, passed=False)
    add_seat(db, closed, officers["B1"], submitted=True, passed=True)
    add_certificate(db, officers["A1"], "赣执A1", 30)
    add_certificate(db, officers["A2"], "赣执A2", 400)
    add_certificate(db, officers["B1"], "赣执B1", 20)
    add_certificate(db, officers["C1"], "赣执C1", 20)
    add_certificate(db, officers["A3"], "赣执A3", 200)   # left the post: waits for clearance
    for inspected, organiser in ((a, a), (b, b)):
        task = InspectionTask(purpose=f"{inspected.code}交叉检查", inspected_unit_id=inspected.id,
                              unit_id=organiser.id)
        db.session.add(task)
        db.session.flush()
        draw = Draw(task_id=task.id, specialty_id=find("basic").id, size=2, rules={})
        db.session.add(draw)
        db.session.flush()
        db.session.add(DrawRound(draw_id=draw.id, number=1, seed=1, size=2, candidates=[],
                                 eligible_count=0))
    db.session.commit()
    return World(province, officers, {"open_a": open_a, "open_b": open_b, "closed": closed})
