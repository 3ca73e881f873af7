"""The pages, played as users and as attackers: scope by URL id, roles, errors next to fields."""
from datetime import date

import pytest
from sqlalchemy import event, select

from app.certificates.models import Certificate
from app.extensions import db as _db


@pytest.fixture
def world(province, make_officer, make_user, make_certificate):
    mine, theirs = province["360102"], province["360702"]
    holder = make_officer(mine, "本县持证人", on_post=True)
    outsider = make_officer(theirs, "外县持证人", on_post=True)
    return {
        "clerk": make_user("hr", mine),
        "legal": make_user("legal", province["360100"]),
        "holder": holder, "outsider": outsider,
        "officer": make_user("officer", mine, officer=holder),
        "mine": make_certificate(holder, "valid", number="赣本1"),
        "theirs": make_certificate(outsider, "valid", number="赣外1"),
        "newcomer": make_officer(mine, "新人", on_post=True),
    }


URLS = ["/certificates/", "/certificates/1", "/certificates/export.xlsx", "/certificates/review",
        "/certificates/review.xlsx",
        "/certificates/clearance", "/certificates/clearance.xlsx", "/certificates/apply/1",
        "/certificates/clearance/reports/1", "/certificates/clearance/reports/1.pdf"]


@pytest.mark.parametrize("url", URLS)
def test_logged_out_users_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_another_countys_clerk_gets_404_by_url(auth, world):
    auth.login(world["clerk"].username)
    theirs = world["theirs"]
    assert auth.client.get(f"/certificates/{world['mine'].id}").status_code == 200
    assert auth.client.get(f"/certificates/{theirs.id}").status_code == 404
    assert auth.client.get(f"/certificates/apply/{world['outsider'].id}").status_code == 404
    listing = auth.client.get("/certificates/").get_data(as_text=True)
    assert "本县持证人" in listing and "外县持证人" not in listing


def test_another_citys_legal_section_cannot_change_a_certificate(auth, db, world, province,
                                                                 make_user):
    outsider = make_user("legal", province["360700"])
    auth.login(outsider.username)
    response = auth.post(f"/certificates/{world['mine'].id}/suspend",
                         {"reason": "越权", "document_ref": "x"})
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Certificate, world["mine"].id).status == "valid"


def test_an_officer_sees_only_their_own_certificate(auth, world):
    auth.login(world["officer"].username)
    own = auth.client.get(f"/certificates/{world['mine'].id}")
    assert own.status_code == 200 and "赣本1" in own.get_data(as_text=True)
    colleague = world["theirs"]
    assert auth.client.get(f"/certificates/{colleague.id}").status_code == 404
    assert auth.client.get("/certificates/").status_code == 403
    assert auth.post(f"/certificates/{world['mine'].id}/cancel",
                     {"reason": "x", "document_ref": "y"}).status_code == 403
    me = auth.client.get("/officers/me").get_data(as_text=True)
    assert "赣本1" in me and "有效" in me


def test_hr_cannot_withhold_and_legal_can_with_a_reason(auth, db, world):
    auth.login(world["clerk"].username)
    url = f"/certificates/{world['mine'].id}/suspend"
    assert auth.post(url, {"reason": "x", "document_ref": "y"}).status_code == 403
    auth.logout()
    auth.login(world["legal"].username)
    missing = auth.post(url, {"reason": "", "document_ref": ""})
    page = missing.get_data(as_text=True)
    assert missing.status_code == 400 and "请填写原因" in page and "请填写依据文件（文号）" in page
    assert auth.post(url, {"reason": "未达学时", "document_ref": "赣市监法〔2026〕5号"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Certificate, world["mine"].id).status == "suspended"


def test_a_refused_transition_through_the_web_says_why(auth, db, world, make_certificate,
                                                      province, make_officer):
    gone = make_certificate(make_officer(province["360102"], "已注销"), "cancelled")
    auth.login(world["legal"].username)
    response = auth.post(f"/certificates/{gone.id}/restore", {"reason": "恢复", "document_ref": "x"})
    assert response.status_code == 400
    assert "执法证状态为“注销”，不能恢复有效（注销为最终状态）" in response.get_data(as_text=True)
    expire = auth.post(f"/certificates/{world['mine'].id}/expire", {"reason": "手工"})
    assert expire.status_code == 400 and "此操作只能由系统按日期自动执行" in expire.get_data(as_text=True)


def test_apply_review_issue_through_the_pages(auth, db, world):
    newcomer = world["newcomer"]
    auth.login(world["clerk"].username)
    page = auth.client.get(f"/certificates/apply/{newcomer.id}").get_data(as_text=True)
    assert "新人" in page
    assert auth.post(f"/certificates/apply/{newcomer.id}",
                     {"categories": "食品安全", "area": "东湖区"}).status_code == 302
    certificate = db.session.scalar(select(Certificate).where(
        Certificate.officer_id == newcomer.id))
    again = auth.post(f"/certificates/apply/{newcomer.id}", {})
    assert "一人只能有一张在用或申领中的行政执法证" in again.get_data(as_text=True)
    auth.logout()
    auth.login(world["legal"].username)
    assert auth.post(f"/certificates/{certificate.id}/approve",
                     {"reason": "培训考试合格"}).status_code == 302
    bad = auth.post(f"/certificates/{certificate.id}/issue", {
        "number": "赣本1", "authority": "江西省人民政府", "issued_on": "2026-06-01",
        "valid_until": "2026-05-01"})
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "证件编号 赣本1 已存在" in text and "有效期至不能早于发证日期" in text
    assert auth.post(f"/certificates/{certificate.id}/issue", {
        "number": "赣新1", "authority": "江西省人民政府", "issued_on": "2026-06-01",
        "valid_until": "2031-05-31"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).status == "valid"


def test_the_roster_flags_officers_without_a_valid_certificate_in_one_query(
        auth, app, world, province, make_officer):
    for i in range(5):
        make_officer(province["360102"], f"无证{i}", on_post=True)
    auth.login(world["clerk"].username)
    statements = []

    def count(conn, cursor, statement, *args):
        if "certificates" in statement:
            statements.append(statement)
    event.listen(_db.engine, "before_cursor_execute", count)
    try:
        page = auth.client.get("/officers/").get_data(as_text=True)
    finally:
        event.remove(_db.engine, "before_cursor_execute", count)
    assert len(statements) == 1
    # 新人 and the five above have none; 本县持证人 holds 赣本1 (valid).
    assert page.count("无有效执法证") == 6


def test_export_masks_id_numbers_but_for_hr(auth, world):
    from io import BytesIO

    from openpyxl import load_workbook
    auth.login(world["legal"].username)
    rows = list(load_workbook(BytesIO(auth.client.get("/certificates/export.xlsx").data))
                .active.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["本县持证人"] and "*" in rows[0][1]
    auth.logout()
    auth.login(world["clerk"].username)
    rows = list(load_workbook(BytesIO(auth.client.get("/certificates/export.xlsx").data))
                .active.iter_rows(min_row=2, values_only=True))
    assert rows[0][1] == world["holder"].id_number


def test_the_expiring_tab_keeps_certificates_within_90_days(auth, world, make_certificate,
                                                            province, make_officer):
    make_certificate(make_officer(province["360102"], "快到期"), "valid", number="赣快",
                     valid_until=date(2026, 9, 1))
    auth.login(world["clerk"].username)
    page = auth.client.get("/certificates/?expiring=1").get_data(as_text=True)
    assert "赣快" in page and "赣本1" not in page


def test_the_review_list_flags_missed_floors_and_failed_exams_without_changing_anything(
        auth, db, world, monkeypatch, province, make_officer, make_certificate):
    from app.certificates import review

    late = make_officer(province["360102"], "新到岗", on_post=True, post_since=date(2026, 1, 1))
    make_certificate(late, "valid", number="赣迟1")
    monkeypatch.setattr(review, "failed_two_exams_in_a_row",
                        lambda ids: {world["holder"].id} & set(ids))
    auth.login(world["legal"].username)
    page = auth.client.get("/certificates/review?year=2025").get_data(as_text=True)
    # 本县持证人 had no training in 2025 and (by the hook) failed two exams; 新到岗 was not on
    # a post in 2025; 外县持证人 is outside the legal section's city.
    assert "未达到年度培训学时要求；连续两次考试不合格" in page
    assert "新到岗" not in page and "外县持证人" not in page
    db.session.expire_all()
    assert db.session.get(Certificate, world["mine"].id).status == "valid"


def test_the_application_page_shows_whether_the_officer_meets_the_training(auth, world):
    auth.login(world["clerk"].username)
    page = auth.client.get(f"/certificates/apply/{world['newcomer'].id}").get_data(as_text=True)
    assert "2025年度培训学时" in page and "未达标" in page


def test_the_review_list_pages_and_exports(auth, app, world, monkeypatch, province,
                                           make_officer, make_certificate):
    for i in range(3):
        make_certificate(make_officer(province["360103"], f"待复核{i}", on_post=True), "valid")
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    auth.login(world["legal"].username)
    second = auth.client.get("/certificates/review?year=2025&page=2").get_data(as_text=True)
    assert "共 4 条，第 2 / 2 页" in second
    from io import BytesIO

    from openpyxl import load_workbook
    sheet = load_workbook(BytesIO(auth.client.get("/certificates/review.xlsx?year=2025").data)).active
    assert sheet.max_row == 5 and sheet.cell(2, 5).value == "未达到年度培训学时要求"
