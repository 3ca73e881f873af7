"""A hand-computed year 2026 for the assessment (political floor 10 h).

甲 (360102, all year): 30 + 30 h, political 10; Q1 and Q2 exams sat and passed; certificate
   valid 2024-2029 -> every indicator 1 -> 100 -> 优秀.
乙 (360102, all year): 20 + 20 h (misses the 60), political 10; Q1 passed; Q2 absent, its
   make-up sat and failed; certificate withheld (暂扣) 2026-05-01, restored 2026-06-01 ->
   hours 0, political 1, exams_sat 1 (2 of 2), exams_passed 0.5, certificate 0 ->
   (0 + 10 + 15 + 10 + 0) / 100 = 35 -> 不合格.
丙 (360702, all year): 30 + 30 h, no political hours, no exam seat, certificate valid ->
   hours 1, political 0, exams none, certificate 1 -> (40 + 15) / 65 = 84.6 -> 合格
   (also the cap of political theory).
"""
from datetime import date, datetime

import pytest

from app.certificates.models import Certificate, CertificateEvent
from app.exams.models import Attempt, Exam, ExamCandidate
from app.specialties.models import find
from app.training.models import Attendance, TrainingPolicy, TrainingSession


def _session(db, unit, title, category, hours):
    s = TrainingSession(title=title, category=category, unit=unit, start_date=date(2026, 3, 10),
                        end_date=date(2026, 3, 10), year=2026, hours=hours, mode="offline",
                        study_format="专题培训", content="")
    db.session.add(s)
    return s


def _attend(db, session, officer, hours):
    db.session.add(Attendance(session=session, officer=officer, hours=hours, year=2026,
                              category=session.category))


def _exam(db, top, quarter, kind="regular", parent=None):
    exam = Exam(name=f"2026年第{quarter}季度考试{kind}", specialty_id=find("basic").id, unit=top,
                year=2026, quarter=quarter, kind=kind, parent=parent, status="scheduled",
                opens_at=datetime(2026, 3 * quarter, 1), closes_at=datetime(2026, 3 * quarter, 2),
                results_published_at=datetime(2026, 3 * quarter, 20))
    db.session.add(exam)
    return exam


def _seat(db, exam, officer, passed=None):
    seat = ExamCandidate(exam=exam, officer=officer, unit_id=officer.unit_id)
    db.session.add(seat)
    db.session.flush()
    if passed is not None:
        db.session.add(Attempt(exam_id=exam.id, candidate_id=seat.id, officer_id=officer.id,
                               unit_id=officer.unit_id, state="submitted",
                               deadline_at=exam.closes_at, submitted_at=exam.closes_at,
                               token_nonce="n", score=80 if passed else 20, passed=passed))


def _certificate(db, officer, n):
    c = Certificate(officer=officer, status="valid", number=f"赣{n:06d}", authority="江西省人民政府",
                    issued_on=date(2024, 1, 1), valid_until=date(2029, 12, 31), approved=True)
    db.session.add(c)
    return c


@pytest.fixture
def year_2026(db, province, make_officer):
    db.session.add(TrainingPolicy(year=2026, public_law_hours=30, business_hours=30,
                                  total_hours=60, political_hours=10))
    c102, c702 = province["360102"], province["360702"]
    people = {"甲": make_officer(c102, "甲"), "乙": make_officer(c102, "乙"),
              "丙": make_officer(c702, "丙")}
    law30, bus30 = _session(db, c102, "法律", "public_law", 30), _session(db, c102, "业务", "business", 30)
    party = _session(db, c102, "党课", "political", 10)
    for name, hours in (("甲", 30), ("乙", 20), ("丙", 30)):
        _attend(db, law30, people[name], hours)
        _attend(db, bus30, people[name], hours)
    _attend(db, party, people["甲"], 10)
    _attend(db, party, people["乙"], 10)
    q1, q2 = _exam(db, province["top"], 1), _exam(db, province["top"], 2)
    makeup = _exam(db, province["top"], 2, "makeup", q2)
    db.session.flush()
    _seat(db, q1, people["甲"], True)
    _seat(db, q2, people["甲"], True)
    _seat(db, q1, people["乙"], True)
    _seat(db, q2, people["乙"])            # absent
    _seat(db, makeup, people["乙"], False)
    _certificate(db, people["甲"], 1)
    _certificate(db, people["丙"], 3)
    withheld = _certificate(db, people["乙"], 2)
    db.session.flush()
    for action, before, after, on in (("suspend", "valid", "suspended", date(2026, 5, 1)),
                                      ("restore", "suspended", "valid", date(2026, 6, 1))):
        db.session.add(CertificateEvent(certificate_id=withheld.id, action=action,
                                        from_status=before, to_status=after, effective_on=on,
                                        actor_name="法规科"))
    db.session.commit()
    return people
