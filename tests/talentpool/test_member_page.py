"""A member's page: inspections, published results in their specialties, certificate; scoped."""
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from app.core.actor import CLI
from app.exams.models import Attempt, Exam, ExamCandidate
from app.specialties.models import find
from app.talentpool import draws

OPENS = datetime(2026, 3, 20, 1, 0)


@pytest.fixture
def make_result(db):
    """make_result(officer, name, specialty, score, ...): a seat and a submitted, graded attempt."""
    def make(officer, name: str, specialty: str = "food", score: str | None = "88",
             passed: bool | None = True, published: bool = True, state: str = "submitted",
             unit=None, exam_status: str = "scheduled", quarter: int = 1) -> Attempt:
        unit = unit or officer.unit
        exam = Exam(name=name, specialty=find(specialty), unit=unit, year=2026, quarter=quarter,
                    status=exam_status, opens_at=OPENS, closes_at=OPENS + timedelta(hours=2),
                    results_published_at=OPENS + timedelta(days=2) if published else None)
        seat = ExamCandidate(exam=exam, officer=officer, unit_id=unit.id)
        attempt = Attempt(exam=exam, candidate=seat, officer=officer, unit_id=unit.id,
                          state=state, deadline_at=OPENS + timedelta(hours=2),
                          submitted_at=OPENS + timedelta(hours=1) if state == "submitted" else None,
                          token_nonce="x", score=Decimal(score) if score else None,
                          passed=passed)
        db.session.add_all([exam, seat, attempt])
        db.session.commit()
        return attempt
    return make


@pytest.fixture
def member(db, pool, province, make_member, make_result):
    """Officer 360103-0: in the food and drugs pools, with results of every kind."""
    officer = pool["360103"][0]
    make_member(officer, "drugs")
    make_result(officer, "2026年第一季度食品安全考试", "food", "88.5", True)
    make_result(officer, "2026年第二季度药品考试", "drugs", "52", False, quarter=2)
    make_result(officer, "尚未公布的食品考试", "food", published=False)
    make_result(officer, "尚未评完的食品考试", "food", score=None, passed=None)
    make_result(officer, "仍在答题的食品考试", "food", state="in_progress", passed=None)
    make_result(officer, "已取消的食品考试", "food", exam_status="cancelled")
    make_result(officer, "不在人才库专业的广告考试", "advertising", "99")
    # Sat while in another county (transferred since): the attempt keeps that unit.
    make_result(officer, "调动前的食品考试", "food", "75", unit=province["360702"])
    return officer


SHOWN = ("2026年第一季度食品安全考试", "2026年第二季度药品考试")
NEVER = ("尚未公布的食品考试", "尚未评完的食品考试", "仍在答题的食品考试", "已取消的食品考试",
         "不在人才库专业的广告考试")


def test_the_officer_sees_their_published_results_in_their_specialties(auth, member,
                                                                        make_user):
    auth.login(make_user("officer", member.unit, officer=member).username)
    page = auth.client.get("/talent/me").get_data(as_text=True)
    for name in SHOWN + ("调动前的食品考试",):
        assert name in page, name
    for name in NEVER:
        assert name not in page, name
    assert "88.5" in page and "及格" in page and "不及格" in page
    assert page.index("2026年第二季度药品考试") < page.index("2026年第一季度食品安全考试")


def test_an_officer_sees_only_their_own_member_page(auth, member, pool, make_user):
    other = pool["360103"][1]
    auth.login(make_user("officer", other.unit, officer=other).username)
    assert auth.client.get(f"/talent/officers/{member.id}").status_code == 403
    page = auth.client.get("/talent/me").get_data(as_text=True)
    assert all(name not in page for name in SHOWN)


def test_hr_of_the_county_sees_results_in_its_scope_and_another_county_gets_404(
        auth, member, province, make_user):
    auth.login(make_user("hr", province["360103"]).username)
    page = auth.client.get(f"/talent/officers/{member.id}").get_data(as_text=True)
    assert all(name in page for name in SHOWN)
    assert "调动前的食品考试" not in page  # sat in 360702: outside this clerk's scope
    auth.logout()
    auth.login(make_user("hr", province["360702"]).username)
    assert auth.client.get(f"/talent/officers/{member.id}").status_code == 404


def test_the_page_shows_the_certificate_and_the_inspections(auth, db, member, province,
                                                           make_user):
    models = pytest.importorskip("app.certificates.models")
    db.session.add(models.Certificate(officer=member, number="赣TP0001", status="valid",
                                      authority="江西省人民政府", valid_until=date(2029, 12, 31),
                                      approved=True))
    task = draws.create_task(CLI, draws.TaskData("第一季度食品交叉检查", province["360702"]))
    draws.draw(CLI, task, find("food"), 9, seed=1)  # all nine members outside 360702
    db.session.commit()
    auth.login(make_user("legal", province["top"]).username)
    page = auth.client.get(f"/talent/officers/{member.id}").get_data(as_text=True)
    assert "赣TP0001" in page and "2029-12-31" in page and "江西省人民政府" in page
    assert "第一季度食品交叉检查" in page
    assert all(name in page for name in SHOWN + ("调动前的食品考试",))


def test_without_pool_specialties_no_results_are_listed(auth, db, province, make_officer,
                                                        make_user, make_result):
    officer = make_officer(province["360102"], "未入库")
    make_result(officer, "食品安全考试", "food")
    auth.login(make_user("officer", officer.unit, officer=officer).username)
    page = auth.client.get("/talent/me").get_data(as_text=True)
    assert "食品安全考试" not in page and "暂无已公布的本专业考试成绩" in page
