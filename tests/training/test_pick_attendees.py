"""HR adds attendees by name search or by a whole unit, never by typing ID numbers only
(issue 19 item 5); scoped to HR's units; a blank 学时 is the session's hours."""
from decimal import Decimal

from sqlalchemy import func, select

from app.training.models import Attendance


def _hours(db) -> dict[int, Decimal]:
    return dict(db.session.execute(select(Attendance.officer_id, Attendance.hours)).all())


def test_a_name_search_shows_each_match_with_its_unit_in_hr_scope_only(
        db, auth, province, make_user, make_officer, make_session):
    session = make_session(province["360102"], hours=6)
    mine = make_officer(province["360102"], "王建国")
    make_officer(province["360702"], "王建军")           # another city
    auth.login(make_user("hr", province["360102"]).username)
    page = auth.client.get(f"/training/sessions/{session.id}?who=王建").get_data(as_text=True)
    assert "找到 1 人" in page and f'value="{mine.id}"' in page
    assert "王建国 <span class=\"text-muted small\">· 360102县局" in page
    assert "王建军" not in page
    response = auth.post(f"/training/sessions/{session.id}/attendance/picked",
                         data={"officer_id": str(mine.id), "pick-hours": ""})
    assert response.status_code == 302
    assert _hours(db) == {mine.id: Decimal(6)}           # blank: the session's hours


def test_a_whole_unit_lists_its_officers_on_post_ticked(db, auth, province, make_user,
                                                        make_officer, make_session):
    session = make_session(province["360102"], hours=8)
    unit = province["360102"]
    on_post = [make_officer(unit, "甲"), make_officer(unit, "乙")]
    off_post = make_officer(unit, "丙", on_post=False)
    left = make_officer(unit, "丁", status="resigned")
    auth.login(make_user("hr", province["360100"]).username)
    page = auth.client.get(f"/training/sessions/{session.id}?unit={unit.id}") \
        .get_data(as_text=True)
    for o in on_post:
        assert f'value="{o.id}" id="pick-{o.id}" checked' in page
    assert f'id="pick-{off_post.id}"' not in page and f'id="pick-{left.id}"' not in page
    response = auth.post(f"/training/sessions/{session.id}/attendance/picked",
                         data={"officer_id": [str(o.id) for o in on_post], "pick-hours": "4"})
    assert response.status_code == 302
    assert _hours(db) == {o.id: Decimal(4) for o in on_post}
    # Again: those already listed are named, not added twice.
    auth.post(f"/training/sessions/{session.id}/attendance/picked",
              data={"officer_id": str(on_post[0].id)})
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 2


def test_officers_or_units_out_of_scope_and_bad_hours_write_nothing(
        db, auth, province, make_user, make_officer, make_session):
    session = make_session(province["360102"], hours=6)
    mine, theirs = make_officer(province["360102"], "甲"), make_officer(province["360702"], "乙")
    auth.login(make_user("hr", province["360102"]).username)
    assert auth.client.get(
        f"/training/sessions/{session.id}?unit={province['360702'].id}").status_code == 404
    url = f"/training/sessions/{session.id}/attendance/picked"
    response = auth.post(url, data={"officer_id": [str(mine.id), str(theirs.id)]})
    assert response.status_code == 302
    assert "请至少勾选一名您管理单位的人员" in auth.client.get(response.location) \
        .get_data(as_text=True)
    response = auth.post(url, data={"officer_id": str(mine.id), "pick-hours": "7"})
    assert response.status_code == 302
    assert "个人学时不能超过培训学时" in auth.client.get(response.location) \
        .get_data(as_text=True)
    assert _hours(db) == {}
