"""The pool and draw pages, played as users and as attackers."""
import io
import subprocess

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.core.actor import CLI
from app.core.audit import AuditEntry
from app.specialties.models import find
from app.talentpool import draws
from app.talentpool.models import Draw, DrawMember, TalentMember

PAGES = ["/talent/", "/talent/nominate", "/talent/me", "/talent/officers/1",
         "/talent/members/1/pause", "/talent/draws/", "/talent/draws/new", "/talent/draws/1",
         "/talent/draws/1/verify", "/talent/draws/1/dispatch.pdf", "/talent/draws/1/record.pdf",
         "/talent/draws/1/team.xlsx", "/talent/draws/export.xlsx", "/talent/history",
         "/imports/talent", "/exports/talent.xlsx"]


@pytest.mark.parametrize("url", PAGES)
def test_logged_out_users_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.fixture
def drawn(pool, province):
    """A draw made by the command line for an inspection of 360102."""
    task = draws.create_task(CLI, draws.TaskData("食品安全交叉检查", province["360102"]))
    record = draws.draw(CLI, task, find("food"), 3, seed=2026)
    from app.extensions import db
    db.session.commit()
    return record


def test_an_officer_sees_only_their_own_pool_page(auth, pool, province, make_user):
    user = make_user("officer", province["360702"], officer=pool["360702"][0])
    auth.login(user.username)
    assert auth.client.get("/talent/").status_code == 403
    assert auth.client.get(f"/talent/officers/{pool['360702'][1].id}").status_code == 403
    assert auth.client.get("/talent/draws/").status_code == 403
    page = auth.client.get("/talent/me")
    assert page.status_code == 200 and "食品安全" in page.get_data(as_text=True)


def test_a_county_clerk_sees_only_their_countys_members(auth, db, pool, province, make_user):
    clerk = make_user("hr", province["360102"])
    auth.login(clerk.username)
    page = auth.client.get("/talent/").get_data(as_text=True)
    assert "360102-0" in page and "360702-0" not in page
    assert auth.client.get(f"/talent/officers/{pool['360102'][0].id}").status_code == 200
    assert auth.client.get(f"/talent/officers/{pool['360702'][0].id}").status_code == 404
    theirs = pool["360702"][0]
    member_id = db.session.scalar(select(TalentMember.id).where(
        TalentMember.officer_id == theirs.id))
    assert auth.client.get(f"/talent/members/{member_id}/pause").status_code == 404
    assert auth.post(f"/talent/members/{member_id}/pause", {
        "paused_from": "2026-01-01", "reason": "篡改"}).status_code == 404


def test_another_citys_legal_section_cannot_reach_a_draw(auth, drawn, province, make_user, db):
    outsider = make_user("legal", province["360700"])
    auth.login(outsider.username)
    for url in (f"/talent/draws/{drawn.id}", f"/talent/draws/{drawn.id}/verify",
                f"/talent/draws/{drawn.id}/dispatch.pdf", f"/talent/draws/{drawn.id}/team.xlsx"):
        assert auth.client.get(url).status_code == 404, url
    member = drawn.members[0]
    assert auth.post(f"/talent/draw-members/{member.id}/replace",
                     {"reason": "篡改"}).status_code == 404
    assert "食品安全交叉检查" not in auth.client.get("/talent/draws/").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(DrawMember, member.id).withdrawn_at is None


def test_a_clerk_cannot_decide_or_draw(auth, pool, province, make_user, drawn):
    clerk = make_user("hr", province["360102"])
    auth.login(clerk.username)
    assert auth.client.get("/talent/draws/new").status_code == 403
    assert auth.post("/talent/members/1/decide", {"approve": "1"}).status_code == 403
    assert auth.post(f"/talent/draw-members/{drawn.members[0].id}/replace",
                     {"reason": "x"}).status_code == 403


def test_hr_nominates_and_the_legal_section_approves_or_rejects(auth, db, province,
                                                               make_officer, make_user):
    officer = make_officer(province["360102"], "新人")
    hr, legal = make_user("hr", province["360100"]), make_user("legal", province["360100"])
    auth.login(hr.username)
    response = auth.post("/talent/nominate", {"id_number": officer.id_number,
                                              "specialties": [find("food").id, find("ip").id],
                                              "level": "backbone", "note": "熟悉餐饮"})
    assert response.status_code == 302
    food, ip = db.session.scalars(select(TalentMember).order_by(TalentMember.specialty_id))
    assert (food.state, ip.state) == ("nominated", "nominated")
    again = auth.post("/talent/nominate", {"id_number": officer.id_number,
                                           "specialties": [find("food").id], "level": "backbone"})
    assert "已在食品安全人才库中" in again.get_data(as_text=True)
    auth.logout()
    auth.login(legal.username)
    auth.post(f"/talent/members/{food.id}/decide", {"approve": "1"})
    refused = auth.post(f"/talent/members/{ip.id}/decide", {"reject": "1", "note": ""},
                        follow_redirects=True)
    assert "不通过时请填写理由" in refused.get_data(as_text=True)
    auth.post(f"/talent/members/{ip.id}/decide", {"reject": "1", "note": "专业不符"})
    db.session.expire_all()
    assert (food.state, ip.state, ip.decision_note) == ("approved", "rejected", "专业不符")
    actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["talent.nominate", "talent.nominate", "talent.approve", "talent.reject"]


def test_the_pool_page_says_why_a_member_cannot_be_drawn(auth, db, province, make_officer,
                                                        make_member, make_user, certified_only):
    ok = make_officer(province["360102"], "可抽")
    away = make_officer(province["360102"], "借调中")
    make_member(ok)
    member = make_member(away)
    certified_only({ok.id})
    legal = make_user("legal", province["360100"])
    auth.login(legal.username)
    response = auth.post(f"/talent/members/{member.id}/pause", {
        "paused_from": "2026-01-01", "paused_until": "2099-12-31", "reason": "借调省局"})
    assert response.status_code == 302
    page = auth.client.get("/talent/").get_data(as_text=True)
    assert "暂停至2099-12-31（借调省局）" in page and "无覆盖检查期间的有效行政执法证" in page
    bad = auth.post(f"/talent/members/{member.id}/pause", {
        "paused_from": "2026-03-01", "paused_until": "2026-02-01", "reason": "x"})
    assert "暂停结束日期不能早于开始日期" in bad.get_data(as_text=True)


def test_the_legal_section_draws_on_the_web_and_can_verify_and_replace(auth, db, pool, province,
                                                                      make_user):
    legal = make_user("legal", province["top"])
    auth.login(legal.username)
    form = {"purpose": "2026年第四季度食品安全交叉检查", "inspected_unit_id": province["360702"].id,
            "teams-0-specialty_id": find("food").id, "teams-0-size": "3",
            "teams-0-experts": "0", "seed": "99", "cooloff_days": "0"}
    too_many = auth.post("/talent/draws/new", form | {"teams-0-size": "10"})
    assert "符合条件的人员只有9名" in too_many.get_data(as_text=True)
    assert db.session.scalar(select(Draw)) is None
    response = auth.post("/talent/draws/new", form)
    assert response.status_code == 302
    record = db.session.scalar(select(Draw))
    assert {m.unit.code for m in record.members} <= {"360102", "360103", "360703"}
    verified = auth.client.get(f"/talent/draws/{record.id}/verify").get_data(as_text=True)
    assert "结果与记录一致" in verified
    out = record.members[1]
    auth.post(f"/talent/draw-members/{out.id}/replace", {"reason": "出差"})
    db.session.expire_all()
    assert db.session.get(DrawMember, out.id).withdrawn_reason == "出差"
    sheet = load_workbook(io.BytesIO(auth.client.get(f"/talent/draws/{record.id}/team.xlsx").data))
    rows = list(sheet.active.iter_rows(min_row=2, values_only=True))
    team = db.session.get(Draw, record.id).team
    assert [r[2] for r in rows] == [m.officer.name for m in team] and len(rows) == 3
    assert out.officer.name not in [r[2] for r in rows]
    listing = load_workbook(io.BytesIO(auth.client.get("/talent/draws/export.xlsx").data))
    assert [r[2] for r in listing.active.iter_rows(min_row=2, values_only=True)] == [
        "2026年第四季度食品安全交叉检查"]


def test_the_dispatch_list_and_the_record_print_in_chinese(auth, drawn, province, make_user,
                                                          tmp_path):
    legal = make_user("legal", province["top"])
    auth.login(legal.username)
    for url, title in ((f"/talent/draws/{drawn.id}/dispatch.pdf", "交叉执法检查派员名单"),
                       (f"/talent/draws/{drawn.id}/record.pdf", "随机抽取记录")):
        response = auth.client.get(url)
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        pdf = tmp_path / "d.pdf"
        pdf.write_bytes(response.data)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout.replace(" ", "")
        assert title in text and drawn.members[0].officer.name in text
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf),
                        str(tmp_path / "page")], check=True)
        assert (tmp_path / "page-1.png").stat().st_size > 5000
    assert "2026" in text and str(drawn.first_round.seed) in text
    from app.core import clock
    assert clock.shown(drawn.created_at) in text.replace("\n", "") or \
        clock.shown(drawn.created_at).replace(" ", "") in text
    assert "UTC" not in text and "北京时间" in text
