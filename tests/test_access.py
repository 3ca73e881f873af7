"""Scoping, played as an attacker: every request that should be refused is."""
import pytest

from app.core.scoping import Scope, scoped
from app.people.models import Officer

PAGES = ["/", "/officers/", "/officers/me", "/officers/new", "/units/", "/units/new",
         "/admin/users", "/admin/users/new", "/admin/audit", "/password",
         "/imports/officers", "/imports/units", "/exports/officers.xlsx", "/exports/units.xlsx",
         "/imports/officers/template.xlsx", "/jobs/1", "/jobs/1/status"]


@pytest.mark.parametrize("url", PAGES)
def test_logged_out_users_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.fixture
def two_counties(province, make_officer, make_user):
    mine, theirs = province["360102"], province["360702"]
    return {
        "clerk": make_user("hr", mine),
        "mine": make_officer(mine, "本县人员"),
        "theirs": make_officer(theirs, "外县人员"),
        "theirs_unit": theirs,
    }


@pytest.mark.parametrize("url", ["/officers/{id}", "/officers/{id}/edit"])
def test_county_clerk_cannot_reach_another_countys_officer_by_url(auth, two_counties, url):
    auth.login(two_counties["clerk"].username)
    assert auth.client.get(url.format(id=two_counties["mine"].id)).status_code == 200
    assert auth.client.get(url.format(id=two_counties["theirs"].id)).status_code == 404


def test_county_clerk_cannot_edit_another_countys_officer_by_post(auth, two_counties, db):
    auth.login(two_counties["clerk"].username)
    target = two_counties["theirs"]
    response = auth.post(f"/officers/{target.id}/edit", {"name": "被篡改"})
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Officer, target.id).name == "外县人员"


def test_county_clerk_cannot_move_an_officer_into_another_county(auth, two_counties, db):
    auth.login(two_counties["clerk"].username)
    mine = two_counties["mine"]
    auth.post(f"/officers/{mine.id}/edit", {
        "name": mine.name, "unit_id": two_counties["theirs_unit"].id, "status": "active"})
    db.session.expire_all()
    assert db.session.get(Officer, mine.id).unit_id == mine.unit_id


def test_roster_and_export_hold_only_the_clerks_county(auth, two_counties):
    auth.login(two_counties["clerk"].username)
    page = auth.client.get("/officers/").get_data(as_text=True)
    assert "本县人员" in page and "外县人员" not in page
    export = auth.client.get("/exports/officers.xlsx")
    assert export.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook
    names = [row[0] for row in load_workbook(BytesIO(export.data)).active.iter_rows(
        min_row=2, values_only=True)]
    assert names == ["本县人员"]


def test_unit_tree_shows_only_the_clerks_subtree(auth, two_counties):
    auth.login(two_counties["clerk"].username)
    page = auth.client.get("/units/").get_data(as_text=True)
    assert "360102县局" in page and "360702县局" not in page and "360100市局" not in page


def test_an_officer_sees_only_their_own_record(auth, province, make_user, make_officer):
    user = make_user("officer", province["360102"])
    colleague = make_officer(province["360102"], "同事")
    auth.login(user.username)
    assert auth.client.get("/officers/me").status_code == 200
    assert auth.client.get(f"/officers/{colleague.id}").status_code == 403
    assert auth.client.get(f"/officers/{user.officer_id}").status_code == 403
    assert auth.client.get("/officers/").status_code == 403
    assert auth.client.get("/exports/officers.xlsx").status_code == 403


@pytest.mark.parametrize("role", ["officer", "hr", "legal", "leader"])
@pytest.mark.parametrize("url", ["/admin/users", "/admin/audit", "/units/new",
                                 "/imports/units"])
def test_only_admin_reaches_admin_pages(auth, province, make_user, role, url):
    auth.login(make_user(role, province["360102"]).username)
    assert auth.client.get(url).status_code == 403


@pytest.mark.parametrize("role", ["legal", "leader"])
def test_readers_cannot_change_the_roster(auth, province, make_user, make_officer, role, db):
    target = make_officer(province["360102"], "某人")
    auth.login(make_user(role, province["360100"]).username)
    assert auth.client.get(f"/officers/{target.id}").status_code == 200
    assert auth.post(f"/officers/{target.id}/edit", {"name": "改"}).status_code == 403
    assert auth.client.get("/imports/officers").status_code == 403


def test_admin_post_without_csrf_token_is_refused(auth, province, make_user, db):
    admin = make_user("admin")
    victim = make_user("hr", province["360102"])
    auth.login(admin.username)
    response = auth.client.post(f"/admin/users/{victim.id}/active")
    assert response.status_code == 400
    db.session.expire_all()
    assert victim.active


def test_another_users_job_is_invisible(auth, province, make_user, db):
    from app.jobs.models import Job

    owner = make_user("hr", province["360102"])
    job = Job(kind="import", owner_id=owner.id, params={"kind": "officers"})
    db.session.add(job)
    db.session.commit()
    auth.login(make_user("hr", province["360102"]).username)
    assert auth.client.get(f"/jobs/{job.id}").status_code == 404
    assert auth.client.get(f"/jobs/{job.id}/status").status_code == 404


def test_scoped_refuses_a_model_without_a_scope_rule(db):
    from app.jobs.models import Job

    with pytest.raises(TypeError):
        scoped(Job, Scope(everything=True))


def test_an_anonymous_scope_sees_nothing(db, province, make_officer):
    make_officer(province["360102"])
    assert db.session.scalars(scoped(Officer, Scope())).all() == []
