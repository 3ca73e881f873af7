"""Through the browser: HR logs sessions, officers see their year, legal the compliance;
every route tried as an attacker too."""
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.core.audit import AuditEntry
from app.training.models import Attendance, ExternalTraining, TrainingPolicy, TrainingSession

SESSION_FORM = {"title": "食品安全法培训", "category": "public_law", "study_format": "专题培训",
                "start_date": "2026-03-10", "end_date": "2026-03-11", "hours": "12",
                "mode": "offline", "plan_item_id": "0", "content": "讲授"}


@pytest.fixture
def people(province, make_user, make_officer):
    a = make_officer(province["360102"], "甲")
    return {
        "hr": make_user("hr", province["360102"], username="hr102"),
        "hr_other": make_user("hr", province["360702"], username="hr702"),
        "legal": make_user("legal", province["360100"], username="legal100"),
        "officer_a": make_user("officer", province["360102"], officer=a, username="officer_a"),
        "officer_b": make_user("officer", province["360102"], username="officer_b"),
        "admin": make_user("admin", None, username="root"),
    }


def test_hr_creates_a_session_and_adds_attendees(db, auth, people, province):
    auth.login("hr102")
    response = auth.post("/training/sessions/new",
                         data=SESSION_FORM | {"unit_id": str(province["360102"].id)})
    assert response.status_code == 302
    session = db.session.scalar(select(TrainingSession))
    assert (session.year, session.hours, session.days) == (2026, Decimal(12), 2)
    officer = people["officer_a"].officer
    url = f"/training/sessions/{session.id}/attendance"
    assert auth.post(url, data={"id_number": officer.id_number, "hours": "10"}).status_code == 302
    again = auth.post(url, data={"id_number": officer.id_number})
    assert again.status_code == 400 and "甲 已在本次培训的参训名单中" in again.get_data(as_text=True)
    too_many = auth.post(url, data={"id_number": people["officer_b"].officer.id_number,
                                    "hours": "13"})
    assert "个人学时不能超过培训学时" in too_many.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 1
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"training.session.create", "training.attendance.add"} <= actions


@pytest.mark.parametrize(("change", "field_error"), [
    ({"end_date": "2026-03-09"}, "结束日期不能早于开始日期"),
    ({"hours": "49"}, "学时不能超过每天24学时（共2天）"),
    ({"hours": "7.2"}, "学时应为0.5的正整数倍"),
])
def test_bad_sessions_are_refused_next_to_the_field(db, auth, people, province, change,
                                                    field_error):
    auth.login("hr102")
    response = auth.post("/training/sessions/new", data=SESSION_FORM | change | {
        "unit_id": str(province["360102"].id)})
    assert response.status_code == 200
    assert field_error in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(TrainingSession)) == 0


def test_hr_cannot_organise_for_another_county(db, auth, people, province):
    auth.login("hr102")
    response = auth.post("/training/sessions/new",
                         data=SESSION_FORM | {"unit_id": str(province["360702"].id)})
    assert response.status_code == 200   # not a choice: the form refuses it
    assert db.session.scalar(select(func.count()).select_from(TrainingSession)) == 0


def test_other_county_clerk_gets_404_everywhere(db, auth, people, province, make_session):
    session = make_session(province["360102"])
    officer = people["officer_a"].officer
    auth.login("hr702")
    for url in (f"/training/sessions/{session.id}", f"/training/sessions/{session.id}/edit",
                f"/training/officers/{officer.id}", f"/training/officers/{officer.id}/archive.pdf",
                f"/training/compliance?unit={province['360102'].id}"):
        assert auth.client.get(url).status_code == 404, url
    response = auth.post(f"/training/sessions/{session.id}/attendance",
                         data={"id_number": officer.id_number})
    assert response.status_code == 404
    own = auth.post(f"/training/sessions/{session.id}/sign-in", data={})
    assert own.status_code == 404


def test_clerk_cannot_add_an_officer_outside_scope(db, auth, people, province, make_session,
                                                   make_officer):
    session = make_session(province["360102"])
    outsider = make_officer(province["360702"], "外人")
    auth.login("hr102")
    response = auth.post(f"/training/sessions/{session.id}/attendance",
                         data={"id_number": outsider.id_number})
    assert response.status_code == 400
    assert "不在您的管理范围内" in response.get_data(as_text=True)


def test_logged_out_and_wrong_roles(db, client, people, province, make_session):
    session = make_session(province["360102"])
    for url in ("/training/sessions", f"/training/sessions/{session.id}", "/training/me",
                "/training/compliance", "/training/policy", "/training/plan"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_roles_see_only_their_pages(db, auth, people):
    auth.login("officer_a")
    for url in ("/training/sessions", "/training/compliance", "/training/policy",
                "/training/submissions"):
        assert auth.client.get(url).status_code == 403, url
    assert auth.client.get("/training/me").status_code == 200
    auth.logout()
    auth.login("legal100")
    assert auth.client.get("/training/policy").status_code == 403
    assert auth.client.get("/training/me").status_code == 403
    assert auth.post("/training/sessions/new", data=SESSION_FORM).status_code == 403


def test_officer_sees_own_year_with_floors(db, auth, people, province, make_session, attend):
    a = people["officer_a"].officer
    attend(make_session(province["360102"], "法律", hours=12), a)
    attend(make_session(province["360102"], "党课", "political", hours=4), a)
    auth.login("officer_a")
    page = auth.client.get("/training/me?year=2026").get_data(as_text=True)
    assert "法律" in page and "党课" in page
    assert "12 / 30" in page           # public law against its floor
    assert "共尚差 48 学时：公共法律知识尚差 18 学时；业务知识和行政执法技能尚差 30 学时。" in page
    assert auth.client.get("/training/me/archive.pdf?year=2026").data[:5] == b"%PDF-"


def test_sign_in_sheet_upload_all_or_nothing(db, auth, people, province, make_session):
    session = make_session(province["360102"], hours=6)
    a, b = people["officer_a"].officer, people["officer_b"].officer

    def sheet(rows):
        book = Workbook()
        book.active.append(["身份证号", "姓名", "学时"])
        for r in rows:
            book.active.append(r)
        out = io.BytesIO()
        book.save(out)
        out.seek(0)
        return out

    auth.login("hr102")
    url = f"/training/sessions/{session.id}/sign-in"
    bad = auth.post(url, data={"sheet": (sheet([[a.id_number, "甲", 6], [b.id_number, b.name,
                                                                        6.3]]), "s.xlsx")},
                    content_type="multipart/form-data")
    assert bad.status_code == 400
    assert "第3行: 学时: 应为0.5的正整数倍" in bad.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 0
    good = auth.post(url, data={"sheet": (sheet([[a.id_number, "甲", 6], [b.id_number, b.name,
                                                                         3]]), "s.xlsx")},
                     content_type="multipart/form-data")
    assert good.status_code == 302
    assert db.session.scalar(select(func.sum(Attendance.hours))) == Decimal(9)


def test_external_training_approved_counts(db, auth, people, app):
    auth.login("officer_a")
    pdf = (io.BytesIO(b"%PDF-1.4 certificate"), "结业证书.pdf")
    response = auth.post("/training/me/external", data={
        "title": "网络执法培训班", "organiser": "总局干部学院", "category": "business",
        "start_date": "2026-09-01", "end_date": "2026-09-03", "hours": "18", "content": "",
        "file": pdf}, content_type="multipart/form-data")
    assert response.status_code == 302
    item = db.session.scalar(select(ExternalTraining))
    assert item.state == "pending" and len(item.evidence) == 1
    auth.logout()
    auth.login("hr702")
    assert auth.post(f"/training/submissions/{item.id}/approve").status_code == 404
    auth.logout()
    auth.login("hr102")
    assert auth.post(f"/training/submissions/{item.id}/reject", data={"reason": ""}) \
        .status_code == 302
    db.session.expire_all()
    assert db.session.get(ExternalTraining, item.id).state == "pending"   # a reason is required
    auth.post(f"/training/submissions/{item.id}/approve")
    db.session.expire_all()
    item = db.session.get(ExternalTraining, item.id)
    assert item.state == "approved"
    attendance = db.session.scalar(select(Attendance))
    assert (attendance.officer_id, attendance.hours, attendance.category) == (
        people["officer_a"].officer_id, Decimal(18), "business")
    assert item.evidence == [] and len(attendance.session.evidence) == 1


def test_admin_sets_floors_for_a_later_year(db, auth, people, monkeypatch):
    from app.core import clock

    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 23))
    auth.login("root")
    response = auth.post("/training/policy", data={"year": "2027", "public_law_hours": "32",
                                                   "business_hours": "32", "total_hours": "64"})
    assert response.status_code == 302
    policy = db.session.scalar(select(TrainingPolicy))
    assert (policy.year, policy.total_hours) == (2027, Decimal(64))
    past = auth.post("/training/policy", data={"year": "2025", "public_law_hours": "20",
                                               "business_hours": "20", "total_hours": "40"})
    assert "只能设置本年度及以后年度的标准" in past.get_data(as_text=True)


def test_compliance_page_and_exports(db, auth, people, province, make_session, attend):
    attend(make_session(province["360102"], hours=8), people["officer_a"].officer)
    auth.login("legal100")
    page = auth.client.get("/training/compliance?year=2026").get_data(as_text=True)
    assert "rate-chart" in page and "甲" in page
    xlsx = auth.client.get("/training/compliance.xlsx?year=2026")
    assert xlsx.data[:2] == b"PK"
    pdf = auth.client.get("/training/compliance.pdf?year=2026&missing=1")
    assert pdf.data[:5] == b"%PDF-"


def test_plan_against_delivery(db, auth, people, province):
    auth.login("hr102")
    response = auth.post("/training/plan?year=2026", data={
        "unit_id": str(province["360102"].id), "title": "行政复议法", "category": "public_law",
        "planned_hours": "8", "month": "5", "audience": "全体执法人员"})
    assert response.status_code == 302
    page = auth.client.get(f"/training/plan?year=2026&unit={province['360102'].id}")
    text = page.get_data(as_text=True)
    assert "行政复议法" in text and "计划 8.0 学时" in text and "未实施" in text


def test_editing_a_session_moves_its_hours(db, auth, people, province, make_session, attend):
    session = make_session(province["360102"], hours=8)
    attendance = attend(session, people["officer_a"].officer)
    auth.login("hr102")
    response = auth.post(f"/training/sessions/{session.id}/edit", data=SESSION_FORM | {
        "title": session.title, "category": "business", "start_date": "2026-12-31",
        "end_date": "2027-01-01", "hours": "8", "unit_id": str(province["360102"].id)})
    assert response.status_code == 302
    db.session.expire_all()
    attendance = db.session.get(Attendance, attendance.id)
    assert (attendance.year, attendance.category) == (2027, "business")
    shorter = auth.post(f"/training/sessions/{session.id}/edit", data=SESSION_FORM | {
        "hours": "4", "unit_id": str(province["360102"].id)})
    assert "培训学时不能少于已登记的个人学时" in shorter.get_data(as_text=True)
    removed = auth.post(f"/training/sessions/{session.id}/attendance/{attendance.id}/delete")
    assert removed.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 0
    assert "training.attendance.remove" in set(db.session.scalars(select(AuditEntry.action)))
    template = auth.client.get(f"/training/sessions/{session.id}/sign-in-template.xlsx")
    assert template.data[:2] == b"PK"
