"""The exam admin pages through the client: who sees and changes what."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.core.audit import AuditEntry
from app.core.clock import to_local
from app.core.models import utcnow
from app.exams.models import Exam, ExamCandidate, ExamSection, PaperItem
from app.specialties.models import find
from tests.exams.helpers import start


@pytest.mark.parametrize("url", ["/exams/", "/exams/new", "/exams/plan", "/exams/accommodations"])
def test_officers_cannot_open_the_admin_pages(db, auth, candidate, url):
    user = candidate()
    auth.login(user.username)
    assert auth.client.get(url).status_code == 403


def test_legal_creates_publishes_and_fills_an_exam(db, auth, province_bank, make_user,
                                                   make_officer):
    legal = make_user("legal", province_bank["360100"])
    officer = make_officer(province_bank["360102"])
    auth.login(legal.username)
    opens = to_local(utcnow() + timedelta(days=1))
    response = auth.post("/exams/new", {
        "name": "第四季度基本法律法规知识考试", "specialty_id": str(find("basic").id),
        "unit_id": str(province_bank["360100"].id), "year": "2026", "quarter": "4",
        "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (opens + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
        "time_limit_minutes": "60", "pass_mark": "10", "mode": "drawn",
        "multiple_scoring": "partial", "shuffle": "y", "avoid_seen": "y",
        "sections-0-qtype": "single", "sections-0-count": "3", "sections-0-points": "5",
        "sections-1-qtype": "truefalse", "sections-1-count": "2", "sections-1-points": "2.5"})
    assert response.status_code == 302, response.get_data(as_text=True)
    exam = db.session.scalar(select(Exam))
    assert [s.qtype for s in exam.sections] == ["single", "truefalse"]
    page = auth.client.get(f"/exams/{exam.id}").get_data(as_text=True)
    assert "第四季度基本法律法规知识考试" in page
    assert auth.post(f"/exams/{exam.id}/schedule").status_code == 302
    assert auth.post(f"/exams/{exam.id}/pool").status_code == 302
    assert {s.officer_id for s in db.session.scalars(select(ExamCandidate))} == {officer.id}
    assert auth.post(f"/exams/{exam.id}/papers").status_code == 302
    assert auth.client.get(f"/exams/{exam.id}/edit").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action.like("exam.%"))) >= 4


def test_drawing_papers_from_too_small_a_bank_is_refused_in_chinese(db, auth, make_exam,
                                                                   candidate, make_user,
                                                                   province_bank):
    exam = make_exam(officers=[candidate().officer])
    db.session.execute(update(ExamSection).where(ExamSection.exam_id == exam.id,
                                                 ExamSection.qtype == "single")
                       .values(count=50))
    db.session.commit()
    auth.login(make_user("legal", province_bank["top"]).username)
    response = auth.post(f"/exams/{exam.id}/papers")
    assert response.status_code == 302
    page = auth.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "试卷无法生成：第1行：题库中符合条件的题目不足 50 道" in page
    assert db.session.scalar(select(func.count()).select_from(PaperItem)) == 0


def test_another_citys_legal_section_cannot_see_or_change_the_exam(db, auth, make_exam,
                                                                    province_bank, make_user):
    exam = make_exam()
    exam.unit = province_bank["360100"]
    db.session.commit()
    outsider = make_user("legal", province_bank["360700"])
    auth.login(outsider.username)
    assert auth.client.get(f"/exams/{exam.id}").status_code == 404
    assert auth.post(f"/exams/{exam.id}/cancel").status_code == 404
    assert "基本法律法规" not in auth.client.get("/exams/").get_data(as_text=True)
    assert db.session.get(Exam, exam.id).status == "scheduled"


def test_a_county_sees_its_candidates_of_a_province_exam_but_cannot_change_it(
        db, auth, make_exam, province_bank, make_user, make_officer):
    mine, theirs = make_officer(province_bank["360102"], name="本县"), \
        make_officer(province_bank["360702"], name="外市")
    exam = make_exam(officers=[mine, theirs])
    hr = make_user("hr", province_bank["360102"])
    auth.login(hr.username)
    page = auth.client.get(f"/exams/{exam.id}").get_data(as_text=True)
    assert "本县" in page and "外市" not in page
    assert auth.post(f"/exams/{exam.id}/cancel").status_code == 403


def test_the_legal_section_sees_leaving_the_page(db, auth, app, make_exam, candidate, make_user,
                                                 province_bank):
    user = candidate()
    exam = make_exam(officers=[user.officer])
    _, state = start(auth, exam, user)
    auth.client.post(state["urls"]["event"], json={"kind": "hidden", "seconds_away": 42},
                     headers={"X-Attempt-Token": state["token"]})
    auth.logout()
    legal = make_user("legal", province_bank["top"])
    start_auth = auth
    from tests.exams.helpers import forget_request_state
    forget_request_state()
    start_auth.login(legal.username)
    page = auth.client.get(f"/exams/{exam.id}/attempts/{state['attempt']}").get_data(as_text=True)
    assert "42" in page and "切换离开页面" in page


def test_plan_and_accommodation_pages(db, auth, make_exam, province_bank, make_user,
                                      make_officer):
    officer = make_officer(province_bank["360102"])
    exam = make_exam(officers=[officer])
    legal = make_user("legal", province_bank["top"])
    auth.login(legal.username)
    assert auth.client.get("/exams/plan").status_code == 200
    accommodation = {"exam_ids": str(exam.id), "id_numbers": officer.id_number,
                     "extra_minutes": "20", "reason": "外勤执法"}
    # Legal sees masked numbers: choosing by a whole number would be a guessing oracle.
    response = auth.post("/exams/accommodations", accommodation, follow_redirects=True)
    assert "只有人事科可以按身份证号查找人员" in response.get_data(as_text=True)
    assert db.session.scalar(select(ExamCandidate.extra_minutes)) == 0
    auth.logout()
    auth.login(make_user("hr", province_bank["top"]).username)
    response = auth.post("/exams/accommodations", accommodation, follow_redirects=True)
    assert "1" in response.get_data(as_text=True)
    assert db.session.scalar(select(ExamCandidate.extra_minutes)) == 20
    response = auth.post("/exams/plan", {"year": "2030", "unit_id": str(province_bank["top"].id),
                                         "day": "15", "open_days": "7",
                                         "time_limit_minutes": "90"})
    assert response.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Exam).where(Exam.year == 2030)) \
        == 68       # four quarters × 17 categories
