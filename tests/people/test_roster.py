"""The roster pages: masking, filters, history, forms that never answer 500."""
import pytest
from sqlalchemy import select

from app.people.models import Officer, OfficerEvent


@pytest.fixture
def county_officer(province, make_officer):
    return make_officer(province["360102"], "王五", phone="13800000000")


def visible_number(auth, officer) -> str:
    page = auth.client.get(f"/officers/{officer.id}").get_data(as_text=True)
    return "full" if officer.id_number in page else (
        "masked" if officer.id_number_masked in page else "none")


@pytest.mark.parametrize("role, unit, expected", [
    ("hr", "360102", "full"),       # HR of the officer's own county
    ("hr", "360100", "full"),       # HR of the city above it: the officer is in scope
    ("legal", "360102", "masked"),
    ("leader", "360100", "masked"),
])
def test_id_numbers_are_whole_only_for_hr_of_the_officers_scope(
        auth, make_user, province, county_officer, role, unit, expected):
    auth.login(make_user(role, province[unit]).username)
    assert visible_number(auth, county_officer) == expected


def test_admin_sees_masked_numbers_too(auth, make_user, county_officer):
    auth.login(make_user("admin").username)
    assert visible_number(auth, county_officer) == "masked"


def test_roster_filters_by_name_status_and_unit_subtree(auth, make_user, province, make_officer):
    make_officer(province["360102"], "甲在岗")
    make_officer(province["360103"], "乙退休", status="retired")
    make_officer(province["360702"], "丙外市")
    auth.login(make_user("admin").username)
    def names(query):
        page = auth.client.get(f"/officers/?{query}").get_data(as_text=True)
        return {n for n in ("甲在岗", "乙退休", "丙外市") if n in page}
    assert names("") == {"甲在岗", "乙退休", "丙外市"}
    assert names(f"unit={province['360100'].id}") == {"甲在岗", "乙退休"}
    assert names("status=retired") == {"乙退休"}
    assert names("q=外市") == {"丙外市"}


@pytest.mark.parametrize("query", ["page=abc", "page=-5", "page=99999", "unit=xyz",
                                   "status=<script>", "sort=drop_table", "on_post=maybe",
                                   "q=" + "长" * 500])
def test_odd_query_strings_never_answer_500(auth, make_user, county_officer, query):
    auth.login(make_user("admin").username)
    assert auth.client.get(f"/officers/?{query}").status_code == 200


def test_hr_adds_an_officer_with_field_errors_in_chinese(auth, make_user, province, db):
    auth.login(make_user("hr", province["360102"]).username)
    bad = auth.post("/officers/new", {"name": "", "id_number": "123", "unit_id": "abc",
                                      "status": "nonsense", "post_since": "2024-02-30",
                                      "phone": "12ab"}).get_data(as_text=True)
    for message in ("此项为必填项", "应为18位", "只能填写7至15位数字"):
        assert message in bad
    assert db.session.scalar(select(Officer)) is None
    good = auth.post("/officers/new", {
        "name": "赵六", "id_number": "11010519491231002x", "unit_id": province["360102"].id,
        "status": "active", "on_post": "y", "post_since": "2020-05-01"})
    assert good.status_code == 302
    officer = db.session.scalar(select(Officer))
    assert officer.id_number == "11010519491231002X"
    dup = auth.post("/officers/new", {"name": "赵六", "id_number": "11010519491231002X",
                                      "unit_id": province["360102"].id, "status": "active"})
    assert "已在人员名册中" in dup.get_data(as_text=True)


def test_a_transfer_and_status_change_in_the_ui_keep_history(
        auth, make_user, province, county_officer, db):
    auth.login(make_user("hr", province["360100"]).username)
    response = auth.post(f"/officers/{county_officer.id}/edit", {
        "name": "王五", "unit_id": province["360103"].id, "status": "retired",
        "status_changed_on": "2026-06-30", "on_post": ""})
    assert response.status_code == 302
    events = db.session.scalars(select(OfficerEvent).where(
        OfficerEvent.officer_id == county_officer.id).order_by(OfficerEvent.id)).all()
    assert [(e.kind, e.before, e.after) for e in events] == [
        ("transfer", "360102", "360103"), ("status", "在岗", "退休"), ("post", "是", "否")]
    assert str(events[1].effective_on) == "2026-06-30"
    page = auth.client.get(f"/officers/{county_officer.id}").get_data(as_text=True)
    assert "由 360102 调至 360103" in page


def test_names_are_escaped_on_every_page(auth, make_user, province, make_officer):
    make_officer(province["360102"], "<script>alert(1)</script>")
    auth.login(make_user("admin").username)
    page = auth.client.get("/officers/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
